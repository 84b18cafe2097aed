//! Print: posters, leaflets and handouts built as PDFs, each opened with lopdf and checked
//! for what a screen reader and a printer need: tags (H1.., P, L, Figure with /Alt, Link),
//! /Lang, /Title shown as the window title, embedded subset fonts, the text in reading
//! order, and a QR code (decoded with rqrr) that opens the page's address.

use lopdf::{Document, Object, ObjectId};

use crate::util::{Site, fails_and_keeps_output};

const BASE: &str = "print/base";

/// A built PDF, opened.
struct Pdf {
    doc: Document,
}

/// One element of the structure tree: its type, /Alt, /T and the MCIDs it marks.
#[derive(Debug)]
struct Elem {
    kind: String,
    alt: Option<String>,
    mcids: Vec<i64>,
}

fn text_of(o: &Object) -> Option<String> {
    match o {
        Object::String(bytes, _) => Some(if bytes.starts_with(&[0xfe, 0xff]) {
            let units: Vec<u16> = bytes[2..]
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        }),
        _ => None,
    }
}

impl Pdf {
    fn open(site: &Site, rel: &str) -> Pdf {
        let bytes = std::fs::read(site.out().join(rel)).unwrap();
        Pdf {
            doc: Document::load_mem(&bytes).unwrap(),
        }
    }

    fn get(&self, o: &Object) -> Object {
        match o {
            Object::Reference(id) => self.doc.get_object(*id).unwrap().clone(),
            other => other.clone(),
        }
    }

    fn catalog(&self) -> &lopdf::Dictionary {
        self.doc.catalog().unwrap()
    }

    /// Every element of the structure tree, in tree order (depth first, read with a stack).
    fn elements(&self) -> Vec<Elem> {
        let root = self.get(self.catalog().get(b"StructTreeRoot").unwrap());
        let mut stack = vec![root.as_dict().unwrap().get(b"K").unwrap().clone()];
        let mut out = Vec::new();
        while let Some(k) = stack.pop() {
            match self.get(&k) {
                Object::Array(items) => stack.extend(items.into_iter().rev()),
                Object::Dictionary(d) if d.has(b"S") => {
                    let kind = String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap())
                        .into_owned();
                    let alt = d.get(b"Alt").ok().and_then(text_of);
                    let mut mcids = Vec::new();
                    let kids = d.get(b"K").map(|k| self.get(k)).unwrap_or(Object::Null);
                    let kids = match kids {
                        Object::Array(a) => a,
                        other => vec![other],
                    };
                    let mut children = Vec::new();
                    for kid in kids {
                        match self.get(&kid) {
                            Object::Integer(n) => mcids.push(n),
                            Object::Dictionary(k) if k.has(b"MCID") => {
                                mcids.push(k.get(b"MCID").unwrap().as_i64().unwrap())
                            }
                            _ => children.push(kid),
                        }
                    }
                    out.push(Elem { kind, alt, mcids });
                    stack.extend(children.into_iter().rev());
                }
                _ => {}
            }
        }
        out
    }

    fn kinds(&self) -> Vec<String> {
        self.elements().into_iter().map(|e| e.kind).collect()
    }

    fn page_ids(&self) -> Vec<ObjectId> {
        self.doc.get_pages().into_values().collect()
    }

    fn text(&self) -> String {
        let pages: Vec<u32> = self.doc.get_pages().into_keys().collect();
        self.doc.extract_text(&pages).unwrap()
    }

    /// The embedded fonts' names; panics on a font that is not embedded.
    fn fonts(&self) -> Vec<String> {
        let mut names = Vec::new();
        for obj in self.doc.objects.values() {
            let Ok(d) = obj.as_dict() else { continue };
            if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) != Some(&b"FontDescriptor"[..]) {
                continue;
            }
            let name = String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap())
                .into_owned();
            assert!(
                d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"),
                "{name} is not embedded"
            );
            names.push(name);
        }
        names.sort();
        names
    }

    /// Decodes the QR code: the rectangles drawn in the Figure whose /Alt starts "QR code",
    /// made a bitmap again and read with rqrr.
    fn qr(&self) -> String {
        let figure = self
            .elements()
            .into_iter()
            .find(|e| {
                e.kind == "Figure" && e.alt.as_deref().is_some_and(|a| a.starts_with("QR code"))
            })
            .expect("a QR code figure");
        let mcid = figure.mcids[0];
        let page = *self.page_ids().last().unwrap();
        let content = lopdf::content::Content::decode(&self.doc.get_page_content(page)).unwrap();
        let mut inside = false;
        let mut rects = Vec::new();
        let mut path: Vec<(f32, f32)> = Vec::new();
        let num = |o: &Object| o.as_float().unwrap();
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => {
                    inside = self
                        .get(&op.operands[1])
                        .as_dict()
                        .ok()
                        .and_then(|d| d.get(b"MCID").ok().and_then(|m| m.as_i64().ok()))
                        == Some(mcid)
                }
                "EMC" => inside = false,
                "re" if inside => {
                    let v: Vec<f32> = op.operands.iter().map(num).collect();
                    rects.push((v[0], v[1], v[0] + v[2], v[1] + v[3]));
                }
                "m" | "l" if inside => path.push((num(&op.operands[0]), num(&op.operands[1]))),
                "h" if inside => {
                    let xs = path.iter().map(|p| p.0);
                    let ys = path.iter().map(|p| p.1);
                    let (x0, x1) = (
                        xs.clone().fold(f32::MAX, f32::min),
                        xs.fold(f32::MIN, f32::max),
                    );
                    let (y0, y1) = (
                        ys.clone().fold(f32::MAX, f32::min),
                        ys.fold(f32::MIN, f32::max),
                    );
                    rects.push((x0, y0, x1, y1));
                    path.clear();
                }
                _ => {}
            }
        }
        assert!(!rects.is_empty(), "no QR modules drawn");
        let module = rects.iter().map(|r| r.3 - r.1).fold(f32::MAX, f32::min);
        let x0 = rects.iter().map(|r| r.0).fold(f32::MAX, f32::min);
        let y0 = rects.iter().map(|r| r.1).fold(f32::MAX, f32::min);
        let cols = rects
            .iter()
            .map(|r| ((r.2 - x0) / module).round() as usize)
            .max()
            .unwrap();
        let rows = rects
            .iter()
            .map(|r| ((r.3 - y0) / module).round() as usize)
            .max()
            .unwrap();
        let (scale, quiet) = (4, 4);
        let (w, h) = ((cols + 2 * quiet) * scale, (rows + 2 * quiet) * scale);
        let mut dark = vec![false; w * h];
        for r in &rects {
            let c0 = ((r.0 - x0) / module).round() as usize;
            let c1 = ((r.2 - x0) / module).round() as usize;
            let r0 = ((r.1 - y0) / module).round() as usize;
            let r1 = ((r.3 - y0) / module).round() as usize;
            for row in r0..r1 {
                for col in c0..c1 {
                    for dy in 0..scale {
                        for dx in 0..scale {
                            let (px, py) = ((col + quiet) * scale + dx, (row + quiet) * scale + dy);
                            dark[py * w + px] = true;
                        }
                    }
                }
            }
        }
        // The module size also says the printed size: at least 2 cm across.
        let side_cm = (cols as f32 + 8.0) * module / 72.0 * 2.54;
        assert!(side_cm >= 2.0, "the QR code is {side_cm} cm");
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            if dark[y * w + x] { 0 } else { 255 }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        let (meta, content) = grids[0].decode().unwrap();
        assert!(
            matches!(meta.ecc_level, 0 | 3),
            "error correction M (0) or Q (3), not {}",
            meta.ecc_level
        );
        content
    }
}

fn name(d: &lopdf::Dictionary, key: &[u8]) -> Option<String> {
    d.get(key)
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

/// Checks the tags every print file has.
fn assert_accessible(pdf: &Pdf, title: &str, lang: &str) {
    let catalog = pdf.catalog();
    let mark = pdf.get(catalog.get(b"MarkInfo").unwrap());
    assert_eq!(
        mark.as_dict().unwrap().get(b"Marked").unwrap(),
        &Object::Boolean(true)
    );
    assert_eq!(
        text_of(catalog.get(b"Lang").unwrap()).as_deref(),
        Some(lang)
    );
    let prefs = pdf.get(catalog.get(b"ViewerPreferences").unwrap());
    assert_eq!(
        prefs.as_dict().unwrap().get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    let info = pdf.get(pdf.doc.trailer.get(b"Info").unwrap());
    assert_eq!(
        text_of(info.as_dict().unwrap().get(b"Title").unwrap()).as_deref(),
        Some(title)
    );
    let xmp = pdf.get(catalog.get(b"Metadata").unwrap());
    let xmp = String::from_utf8_lossy(&xmp.as_stream().unwrap().content).into_owned();
    assert!(
        xmp.contains("pdfuaid:part>1<") || xmp.contains("pdfuaid:part=\"1\""),
        "PDF/UA-1 id"
    );
    let kinds = pdf.kinds();
    assert_eq!(kinds[..2], ["Document", "H1"], "{kinds:?}");
    for e in pdf.elements() {
        if e.kind == "Figure" {
            assert!(
                e.alt.as_deref().is_some_and(|a| !a.is_empty()),
                "a Figure without /Alt"
            );
        }
    }
    for name in pdf.fonts() {
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "{name} is not a subset"
        );
    }
}

#[test]
fn a_poster_is_tagged_titled_embedded_and_its_qr_code_opens_the_page() {
    let site = Site::new(BASE);
    site.build_ok();
    let pdf = Pdf::open(&site, "campaign/campaign-poster-a3.pdf");
    assert_accessible(&pdf, "Could someone on your street be trapped?", "en");
    assert_eq!(pdf.page_ids().len(), 1);
    let page = pdf.doc.get_dictionary(pdf.page_ids()[0]).unwrap();
    let mediabox: Vec<f32> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_float().unwrap())
        .collect();
    assert_eq!(
        mediabox
            .iter()
            .map(|v| v.round() as i32)
            .collect::<Vec<_>>(),
        [0, 0, 842, 1191],
        "A3"
    );
    let kinds = pdf.kinds();
    for k in ["H1", "Figure", "P", "Link"] {
        assert!(kinds.iter().any(|x| x == k), "no {k} in {kinds:?}");
    }
    let alts: Vec<String> = pdf.elements().into_iter().filter_map(|e| e.alt).collect();
    assert!(
        alts.contains(&"A drawing of a street of brick houses.".to_string()),
        "{alts:?}"
    );
    assert!(pdf.fonts().iter().any(|f| f.ends_with("+NotoSans-Bold")));
    assert_eq!(
        pdf.qr(),
        "https://example.org/campaign/",
        "no tracking parameters"
    );
    // The text reads in order: the headline, the description, the address.
    let text = pdf.text().split_whitespace().collect::<Vec<_>>().join(" ");
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("no {s:?} in {text:?}"))
    };
    assert!(at("Could someone on your street be trapped?") < at("Modern slavery can happen"));
    assert!(at("Find out the signs and what to do.") < at("https://example.org/campaign/"));
}

#[test]
fn print_files_are_listed_with_the_pages_downloads_checksummed_and_zipped() {
    let site = Site::new(BASE);
    site.build_ok();
    let m: serde_json::Value = serde_json::from_str(&site.read("downloads.json")).unwrap();
    let files = m["files"].as_array().unwrap();
    let poster = files
        .iter()
        .find(|f| f["url"] == "/campaign/campaign-poster-a3.pdf")
        .unwrap_or_else(|| panic!("{m:#}"));
    assert_eq!(poster["format"], "PDF");
    assert_eq!(poster["pages"], 1);
    let bytes = std::fs::read(site.out().join("campaign/campaign-poster-a3.pdf")).unwrap();
    use sha2::Digest;
    let sha: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(poster["sha256"], sha);
    assert!(
        files
            .iter()
            .any(|f| f["url"] == "/campaign/campaign-leaflet-a4.pdf")
    );
    assert!(files.iter().any(|f| f["url"] == "/guide/guide.pdf"));
    assert!(
        files
            .iter()
            .any(|f| f["url"] == "/ur/campaign/campaign-poster-a4.pdf")
    );
    let html = site.read("campaign/index.html");
    assert!(
        html.contains("/campaign/campaign-poster-a3.pdf"),
        "listed on the page"
    );
    assert!(html.contains("Leaflet to hand out"));
    assert!(html.contains("Poster (A3)"), "the default title");
    let zip = std::fs::read(site.out().join("campaign/campaign-all-files.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    assert!(zip.by_name("campaign-poster-a3.pdf").is_ok());
}

#[test]
fn a_handout_has_headings_lists_links_and_lines_in_reading_order() {
    let site = Site::new(BASE);
    site.build_ok();
    let pdf = Pdf::open(&site, "guide/guide.pdf");
    assert_accessible(&pdf, "Signs to look for: a guide", "en");
    let kinds = pdf.kinds();
    let count = |k: &str| kinds.iter().filter(|x| *x == k).count();
    assert_eq!(count("H1"), 1);
    assert_eq!(count("H2"), 3, "{kinds:?}");
    assert_eq!(count("L"), 2);
    assert_eq!(count("LI"), 4);
    assert_eq!(count("Lbl"), 4);
    assert_eq!(count("Link"), 1);
    // The link goes to the campaign page's absolute address.
    let annots: Vec<String> = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| name(d, b"Subtype").as_deref() == Some("Link"))
        .filter_map(|d| {
            let a = pdf.get(d.get(b"A").ok()?);
            text_of(a.as_dict().ok()?.get(b"URI").ok()?)
        })
        .collect();
    assert_eq!(annots, ["https://example.org/campaign/"]);
    assert!(pdf.fonts().iter().any(|f| f.ends_with("+NotoSans-Regular")));
    // lopdf puts a space between text objects: each change of style is one ("campaign" is a
    // link, the full stop after it is not).
    let text = pdf
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" .", ".");
    let order = [
        "Signs to look for: a guide",
        "First paragraph of the guide, with bold words and a link to the campaign.",
        "What to look for",
        "Many people living in one house",
        "1. What would you do first?",
        "2. Who would you tell?",
        "The last paragraph.",
    ];
    let mut last = 0;
    for s in order {
        let at = text[last..]
            .find(s)
            .unwrap_or_else(|| panic!("{s:?} not after {last} in {text:?}"));
        last += at + s.len();
    }
}

#[test]
fn urdu_is_shaped_right_to_left_in_naskh_and_says_its_language() {
    let site = Site::new(BASE);
    site.build_ok();
    let pdf = Pdf::open(&site, "ur/campaign/campaign-poster-a4.pdf");
    assert_accessible(&pdf, "کیا آپ کی گلی میں کوئی پھنسا ہوا ہو سکتا ہے؟", "ur");
    let fonts = pdf.fonts();
    assert!(
        fonts.iter().any(|f| f.ends_with("+NotoNaskhArabic-Bold")),
        "{fonts:?}"
    );
    assert!(
        fonts
            .iter()
            .any(|f| f.ends_with("+NotoNaskhArabic-Regular")),
        "{fonts:?}"
    );
    assert_eq!(pdf.qr(), "https://example.org/ur/campaign/");
}

#[test]
fn an_easy_read_handout_has_large_type_and_a_picture_beside_each_point() {
    let site = Site::new(BASE);
    site.build_ok();
    let pdf = Pdf::open(&site, "easy/easy.pdf");
    assert_accessible(&pdf, "What is modern slavery?", "en");
    let figures: Vec<Option<String>> = pdf
        .elements()
        .into_iter()
        .filter(|e| e.kind == "Figure")
        .map(|e| e.alt)
        .collect();
    assert_eq!(
        figures,
        [Some("A house".into()), Some("A person alone".into())]
    );
    // Each sentence starts a line of its own, in type of 14 pt or more.
    let page = pdf.page_ids()[0];
    let content = lopdf::content::Content::decode(&pdf.doc.get_page_content(page)).unwrap();
    let sizes: Vec<f32> = content
        .operations
        .iter()
        .filter(|o| o.operator == "Tf")
        .map(|o| o.operands[1].as_float().unwrap())
        .collect();
    assert!(
        !sizes.is_empty() && sizes.iter().all(|s| *s >= 14.0),
        "{sizes:?}"
    );
    let text = pdf.text();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for sentence in [
        "Modern slavery can happen in a house.",
        "They are not paid.",
        "They cannot leave.",
    ] {
        assert!(
            lines.contains(&sentence),
            "{sentence:?} is not a line of its own: {lines:?}"
        );
    }
}

#[test]
fn print_files_are_the_same_bytes_on_every_build_and_cached() {
    let site = Site::new(BASE);
    site.build_ok();
    let first = site.output_files();
    let cache = site.root().join(".placard-cache/print");
    let cached = std::fs::read_dir(&cache).unwrap().count();
    assert_eq!(cached, 5, "one cached PDF per print file");
    std::fs::remove_dir_all(&cache).unwrap();
    site.build_ok();
    let second = site.output_files();
    for (rel, bytes) in &first {
        if rel.ends_with(".pdf") {
            assert!(second[rel] == *bytes, "{rel} changed between builds");
        }
    }
    // A changed page makes its PDF again; the others come from the cache unchanged.
    let guide = std::fs::read_to_string(site.root().join("content/guide.md")).unwrap();
    site.write(
        "content/guide.md",
        guide.replace("The last paragraph.", "A new last paragraph."),
    );
    site.build_ok();
    let third = site.output_files();
    assert!(third["guide/guide.pdf"] != first["guide/guide.pdf"]);
    assert!(third["campaign/campaign-poster-a3.pdf"] == first["campaign/campaign-poster-a3.pdf"]);
    assert_eq!(
        std::fs::read_dir(&cache).unwrap().count(),
        5,
        "the old guide is pruned"
    );
}

#[test]
fn an_unknown_print_key_is_an_error_at_its_line() {
    let run = fails_and_keeps_output(BASE, |site| {
        let text = std::fs::read_to_string(site.root().join("content/guide.md")).unwrap();
        site.write(
            "content/guide.md",
            text.replace("  - kind: handout\n", "  - kind: handout\n    sise: A3\n"),
        );
    });
    run.stderr_has(&["unknown field `sise`", "content/guide.md:6:5", "size"]);
}

#[test]
fn a_print_kind_or_size_placard_does_not_know_is_an_error() {
    let run = fails_and_keeps_output(BASE, |site| {
        let text = std::fs::read_to_string(site.root().join("content/guide.md")).unwrap();
        site.write(
            "content/guide.md",
            text.replace("kind: handout", "kind: flyer"),
        );
    });
    run.stderr_has(&["content/guide.md", "flyer", "poster"]);
}

#[test]
fn a_missing_print_picture_is_an_error_at_its_entry() {
    let run = fails_and_keeps_output(BASE, |site| {
        let p = "content/campaign/_index.md";
        let text = std::fs::read_to_string(site.root().join(p)).unwrap();
        site.write(
            p,
            text.replacen("/images/street.jpg", "/images/stret.jpg", 1),
        );
    });
    run.stderr_has(&[
        "the picture `/images/stret.jpg` could not be read",
        "content/campaign/_index.md:6",
    ]);
}

#[test]
fn a_print_picture_without_alternative_text_is_an_error() {
    let run = fails_and_keeps_output(BASE, |site| {
        let p = "content/campaign/_index.md";
        let text = std::fs::read_to_string(site.root().join(p)).unwrap();
        site.write(
            p,
            text.replacen(
                "      alt: \"A drawing of a street of brick houses.\"\n",
                "",
                1,
            ),
        );
    });
    run.stderr_has(&[
        "has no alternative text",
        "content/campaign/_index.md:6",
        "alt:",
    ]);
}

#[test]
fn a_poster_whose_text_cannot_fit_is_an_error_that_says_what_to_do() {
    let run = fails_and_keeps_output(BASE, |site| {
        let p = "content/campaign/_index.md";
        let text = std::fs::read_to_string(site.root().join(p)).unwrap();
        let long = "Far too many words for a poster. ".repeat(80);
        site.write(
            p,
            text.replacen(
                "description: \"Modern slavery",
                &format!("description: \"{long}Modern slavery"),
                1,
            ),
        );
    });
    run.stderr_has(&["does not fit on one page", "kind: leaflet"]);
}

#[test]
fn check_warns_on_long_easy_read_sentences_and_points_at_their_lines() {
    let site = Site::new(BASE);
    let page = "content/easy/index.md";
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    let text = text.replace(
        "It can be a house near you.",
        "It can be a house near you.\nThis sentence has far too many words in it for an Easy Read page to be easy to read.\nOne more.\nAnd another.",
    );
    site.write(page, text);
    let run = site.check(&["--format", "json"]);
    let found: Vec<(String, u64)> = crate::util::json_findings(&run)
        .iter()
        .filter(|f| f["rule"] == "easy-read")
        .map(|f| {
            (
                f["message"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    let line_of = |needle: &str| {
        found
            .iter()
            .find(|(m, _)| m.contains(needle))
            .map(|(_, l)| *l)
            .unwrap_or_else(|| panic!("no {needle:?} in {found:?}"))
    };
    assert_eq!(
        line_of("sentence has 19 words"),
        9,
        "the long sentence's line"
    );
    assert_eq!(
        line_of("point has 5 sentences"),
        8,
        "the point's first line"
    );
    let clean = Site::new(BASE);
    let run = clean.check(&["--format", "json"]);
    assert!(
        crate::util::json_findings(&run)
            .iter()
            .all(|f| f["rule"] != "easy-read"),
        "the fixture's Easy Read page has short sentences"
    );
}
