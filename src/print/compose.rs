//! The three kinds of document. A poster: a band of colour, the headline, the picture, the
//! description and the QR code with the address under it, on one page (the text gets
//! smaller until it fits). A leaflet: the same with the page's text. A handout: the page's
//! title and text on as many A4 pages as it needs; Easy Read pages in large type, one
//! sentence a line, each point's picture on the left (the right in right-to-left pages).

use std::collections::HashMap;
use std::sync::Arc;

use super::blocks::{self, Block};
use super::cache;
use super::layout::{Art, Kind as B, Layout, Look, mm};
use super::text::{Style, Styled};
use super::{Ctx, Request};
use crate::content::print::{Entry, Format, Kind};

type Problem = (String, String);

/// The pictures a document shows, read and decoded once.
struct Pictures {
    arts: HashMap<String, Art>,
}

impl Pictures {
    fn get(&self, src: &str) -> Option<Art> {
        self.arts.get(src).cloned()
    }
}

/// The PDF of one entry, its cache key, and whether it came from the cache.
pub fn document(
    ctx: &Ctx<'_>,
    r: &Request<'_>,
    entry: &Entry,
) -> Result<(Vec<u8>, String, bool), Problem> {
    let address = ctx.config.permalink(r.path);
    let resolve = Links(ctx, r.lang);
    let lines = entry.answer_lines.unwrap_or(0);
    let body = blocks::blocks(r.source.body(), lines, &resolve);
    let mut srcs: Vec<String> = entry.image.iter().map(|p| p.file.clone()).collect();
    if entry.kind != Kind::Poster {
        srcs.extend(body.iter().filter_map(|b| match b {
            Block::Figure { src, .. } | Block::Point { src, .. } => Some(src.clone()),
            _ => None,
        }));
    }
    if let Some(p) = &entry.image
        && p.alt.trim().is_empty()
    {
        return Err((
            format!("the print picture `{}` has no alternative text", p.file),
            "add `alt:` under `image:` saying what the picture shows (the PDF's readers hear it)"
                .into(),
        ));
    }
    let mut key = cache::key();
    for part in [
        format!("{entry:?}").as_str(),
        r.source.body(),
        r.title,
        r.description.unwrap_or(""),
        r.lang,
        &address,
        r.accent.unwrap_or(""),
        &format!("{:?} {:?}", r.format, ctx.config.language_direction(r.lang)),
        &serde_json::to_string(&ctx.lib.data.plain_in(r.lang).get("helplines")).unwrap_or_default(),
    ] {
        key.add(part.as_bytes());
    }
    let mut files = Vec::new();
    for src in &srcs {
        let bytes = read_picture(ctx, r, src)?;
        key.add(src.as_bytes());
        key.add(&bytes);
        files.push((src.clone(), bytes));
    }
    let key = key.finish();
    if let Some(bytes) = cache::get(ctx.root, &key) {
        return Ok((bytes, key, true));
    }
    let pictures = decode(files)?;
    let rtl = ctx.config.language_direction(r.lang) == "rtl";
    let sheet = Sheet {
        r,
        entry,
        pictures: &pictures,
        address: &address,
        rtl,
        body: &body,
    };
    let layout = match entry.kind {
        Kind::Poster => poster(&sheet)?,
        Kind::Leaflet | Kind::Handout => flowing(&sheet)?,
    };
    let meta = super::pdf::Meta {
        title: entry.headline.as_deref().unwrap_or(r.title),
        lang: r.lang,
        description: r.description,
    };
    let bytes = super::pdf::write(&layout, &meta).map_err(|e| {
        (
            format!("the PDF could not be made: {e}"),
            "this is a bug in placard; please report it with the page".into(),
        )
    })?;
    cache::put(ctx.root, &key, &bytes);
    Ok((bytes, key, false))
}

struct Links<'a>(&'a Ctx<'a>, &'a str);

impl blocks::Resolve for Links<'_> {
    fn link(&self, href: &str) -> String {
        self.0.absolute(href)
    }

    fn helpline(&self, id: &str) -> Option<(String, String)> {
        let h = self.0.lib.data.plain_in(self.1).get("helplines")?.get(id)?;
        let name = h.get("name")?.as_str()?.to_string();
        let contact = ["phone", "url"]
            .iter()
            .find_map(|k| h.get(*k).and_then(|v| v.as_str()))?;
        Some((name, contact.to_string()))
    }
}

fn read_picture(ctx: &Ctx<'_>, r: &Request<'_>, src: &str) -> Result<Vec<u8>, Problem> {
    let Some(path) = ctx.picture_path(r.source, src) else {
        return Err((
            format!("the picture `{src}` is not a file of this site"),
            "write a file name beside the page (`poster.jpg`) or a path under static/ (`/images/poster.jpg`)".into(),
        ));
    };
    crate::util::fs::read_site_file(ctx.root, &path).map_err(|d| {
        (
            format!("the picture `{src}` could not be read: {}", d.message),
            d.hint.unwrap_or_else(|| "check the file's name".into()),
        )
    })
}

/// Decodes the pictures: SVG line pictures as shapes, photos as pixels (at most 1,800
/// pixels on the long side, enough for A3 at 150 dpi; their metadata is not carried over).
fn decode(files: Vec<(String, Vec<u8>)>) -> Result<Pictures, Problem> {
    let mut arts = HashMap::new();
    for (src, bytes) in files {
        if arts.contains_key(&src) {
            continue;
        }
        let art = if src.to_ascii_lowercase().ends_with(".svg") {
            let text = String::from_utf8_lossy(&bytes);
            let pic = super::svg::parse(&text).ok_or_else(|| {
                (
                    format!("the picture `{src}` is not an SVG placard can draw in print"),
                    "give the <svg> a viewBox (or width and height)".into(),
                )
            })?;
            Art::Vector(Arc::new(pic))
        } else {
            let img = image::load_from_memory(&bytes).map_err(|e| {
                (
                    format!("the picture `{src}` could not be read as an image: {e}"),
                    "use a JPEG, PNG, WebP or GIF file".into(),
                )
            })?;
            let img = if img.width().max(img.height()) > 1800 {
                img.resize(1800, 1800, image::imageops::FilterType::Triangle)
            } else {
                img
            };
            let rgba = img.to_rgba8();
            let (w, h) = rgba.dimensions();
            Art::Bitmap(Arc::new(krilla::image::Image::from_rgba8(
                rgba.into_raw(),
                w,
                h,
            )))
        };
        arts.insert(src, art);
    }
    Ok(Pictures { arts })
}

fn colour(hex: Option<&str>) -> Option<[u8; 3]> {
    let h = hex?.trim().strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let b = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some([b(0)?, b(2)?, b(4)?])
}

/// The size of an A-size page, in points.
fn page_size(entry: &Entry) -> (f32, f32) {
    let (w, h) = entry.size.mm();
    (mm(w), mm(h))
}

/// A picture's drawn size: `max_w` wide at most, `max_h` high at most, in proportion.
fn fit(art: &Art, max_w: f32, max_h: f32) -> (f32, f32) {
    let (iw, ih) = match art {
        Art::Bitmap(i) => {
            let (w, h) = i.size();
            (w as f32, h as f32)
        }
        Art::Vector(p) => (p.view[2], p.view[3]),
    };
    let scale = (max_w / iw).min(max_h / ih);
    (iw * scale, ih * scale)
}

/// The headline and the picture, at the top of the first page.
fn top(
    l: &mut Layout,
    r: &Request<'_>,
    entry: &Entry,
    pictures: &Pictures,
    headline: f32,
    picture_h: f32,
) {
    let accent = colour(r.accent).unwrap_or([0x1d, 0x3f, 0x72]);
    l.band(mm(8.0) * l.width / mm(210.0), accent);
    let text = entry.headline.as_deref().unwrap_or(r.title);
    let h1 = l.block(B::Heading(1, text.to_string()));
    let mut look = Look::new(headline);
    look.leading = 1.2;
    l.text(&bold(text), look, h1);
    if let Some(p) = &entry.image
        && let Some(art) = pictures.get(&p.file)
    {
        let (w, h) = fit(&art, l.text_width(), picture_h);
        let b = l.block(B::Figure(p.alt.clone()));
        l.art(art, w, h, 0.0, Some(b), false);
        l.y += headline * 0.5;
    }
}

fn bold(text: &str) -> Styled {
    let mut s = Styled::default();
    s.push(
        text,
        Style {
            bold: true,
            link: None,
        },
    );
    s
}

/// The QR code and the address under it.
fn qr_block(l: &mut Layout, address: &str, side: f32, size: f32) -> Result<(), Problem> {
    let qr = super::qr::encode(address).ok_or_else(|| {
        (
            format!("the address `{address}` is too long for a QR code"),
            "use a shorter base_url or page address".into(),
        )
    })?;
    l.room(side + size * 2.0);
    let b = l.block(B::Figure(format!("QR code: {address}")));
    l.qr(Arc::new(qr), side, b);
    l.y += size * 0.4;
    let p = l.block(B::Para);
    let mut s = Styled::default();
    s.push(
        address,
        Style {
            bold: false,
            link: Some(address.to_string()),
        },
    );
    let mut look = Look::new(size);
    look.ltr = true;
    l.text(&s, look, p);
    Ok(())
}

/// What one print file is laid out from: the page's request, its `print:` entry, its decoded
/// pictures, the address its QR code holds, its direction and its text as blocks.
#[derive(Clone, Copy)]
struct Sheet<'a> {
    r: &'a Request<'a>,
    entry: &'a Entry,
    pictures: &'a Pictures,
    address: &'a str,
    rtl: bool,
    body: &'a [Block],
}

/// The side of the QR code on a page `width` points wide: 45 mm on A4, never under 25 mm.
fn qr_side(width: f32) -> f32 {
    (mm(45.0) * width / mm(210.0)).max(mm(25.0))
}

/// One page: the text shrinks (to 60% at most) until the QR code fits at the bottom.
fn poster(sheet: &Sheet<'_>) -> Result<Layout, Problem> {
    let Sheet {
        r,
        entry,
        pictures,
        address,
        rtl,
        body,
    } = *sheet;
    let (w, h) = page_size(entry);
    let s = w / mm(210.0);
    let summary = r.description.map(Styled::plain).or_else(|| {
        body.iter().find_map(|b| match b {
            Block::Para(t) => Some(t.clone()),
            _ => None,
        })
    });
    let mut last = None;
    for step in 0..6 {
        let f = 1.0 - step as f32 * 0.08;
        let mut l = Layout::new(w, h, mm(16.0) * s, rtl);
        top(&mut l, r, entry, pictures, 44.0 * s * f, h * 0.36 * f);
        if let Some(t) = &summary {
            let p = l.block(B::Para);
            l.text(t, Look::new(20.0 * s * f), p);
        }
        let side = qr_side(w);
        let fits = l.y + side + 12.0 * s * 2.0 <= l.bottom;
        if fits || entry.qr == Some(false) {
            if entry.has_qr() {
                l.y = l.bottom - side - 12.0 * s * 2.0;
                qr_block(&mut l, address, side, 12.0 * s)?;
            }
            if l.pages.len() == 1 {
                return Ok(l);
            }
        }
        last = Some(l);
    }
    match last {
        Some(l) if !entry.has_qr() => Ok(l),
        _ => Err((
            "the poster's text does not fit on one page".into(),
            "shorten the headline or the page's description, or make a leaflet (`kind: leaflet`)"
                .into(),
        )),
    }
}

/// A leaflet or a handout: the text flows over as many pages as it needs.
fn flowing(sheet: &Sheet<'_>) -> Result<Layout, Problem> {
    let Sheet {
        r,
        entry,
        pictures,
        address,
        rtl,
        body,
    } = *sheet;
    let (w, h) = page_size(entry);
    let s = w / mm(210.0);
    let easy = r.format == Format::EasyRead;
    let base = if easy { 16.0 } else { 11.5 } * s;
    let mut l = Layout::new(w, h, mm(18.0) * s, rtl);
    let (headline, picture_h) = match entry.kind {
        Kind::Leaflet => (30.0 * s, h * 0.25),
        _ => (if easy { 28.0 } else { 22.0 } * s, h * 0.2),
    };
    top(&mut l, r, entry, pictures, headline, picture_h);
    if entry.kind == Kind::Leaflet
        && let Some(d) = r.description
    {
        let p = l.block(B::Para);
        l.text(&Styled::plain(d), Look::new(base * 1.25), p);
    }
    for block in body {
        put(&mut l, block, base, easy, pictures);
    }
    if entry.has_qr() {
        l.y += base;
        qr_block(&mut l, address, qr_side(w), base * 0.9)?;
    }
    Ok(l)
}

/// One block of the page's text.
fn put(l: &mut Layout, block: &Block, base: f32, easy: bool, pictures: &Pictures) {
    let mut look = Look::new(base);
    if easy {
        look.leading = 1.6;
        look.after = base;
    }
    match block {
        Block::Heading(level, t) => {
            let size = base * if *level <= 2 { 1.4 } else { 1.15 };
            let mut hl = Look::new(size);
            hl.leading = 1.25;
            hl.after = size * 0.35;
            l.room(size * 4.0);
            l.y += size * 0.5;
            let b = l.block(B::Heading((*level).max(2), t.text.clone()));
            l.text(t, hl, b);
        }
        Block::Para(t) if easy => {
            let b = l.block(B::Para);
            let mut one = look;
            one.after = base * 0.3;
            for sentence in blocks::sentences(t) {
                l.text(&sentence, one, b);
            }
            l.y += base * 0.7;
        }
        Block::Para(t) => {
            let b = l.block(B::Para);
            l.text(t, look, b);
        }
        Block::Item {
            list,
            ordered,
            label,
            depth,
            text,
        } => {
            let b = l.block(B::Item {
                list: *list,
                ordered: *ordered,
            });
            look.indent = base * (1.6 + 1.4 * (*depth).min(4) as f32);
            look.after = base * if easy { 0.6 } else { 0.3 };
            l.label(label, look, b);
            l.text(text, look, b);
        }
        Block::Figure { src, alt } => {
            let Some(art) = pictures.get(src) else { return };
            let (w, h) = fit(&art, l.text_width(), l.height * 0.3);
            let b = (!alt.is_empty()).then(|| l.block(B::Figure(alt.clone())));
            l.art(art, w, h, 0.0, b, false);
            l.y += base * 0.6;
        }
        Block::Point { src, alt, text } => point(l, src, alt, text, base, easy, pictures),
        Block::AnswerLines(n) => l.answer_lines(*n, base * 2.2, base * 1.6),
    }
}

/// A picture with its text beside it.
fn point(
    l: &mut Layout,
    src: &str,
    alt: &str,
    text: &Styled,
    base: f32,
    easy: bool,
    pictures: &Pictures,
) {
    let side = mm(if easy { 26.0 } else { 18.0 }) * l.width / mm(210.0);
    l.room(side);
    let start = (l.pages.len(), l.y);
    if let Some(art) = pictures.get(src) {
        let (w, h) = fit(&art, side, side);
        let b = (!alt.is_empty()).then(|| l.block(B::Figure(alt.to_string())));
        l.art(art, w, h, 0.0, b, true);
    }
    let mut look = Look::new(base);
    look.indent = side + base;
    look.leading = if easy { 1.6 } else { 1.4 };
    look.after = base * 0.3;
    let b = l.block(B::Para);
    let sentences = if easy {
        blocks::sentences(text)
    } else {
        vec![text.clone()]
    };
    for s in &sentences {
        l.text(s, look, b);
    }
    if l.pages.len() == start.0 {
        l.y = l.y.max(start.1 + side);
    }
    l.y += base * if easy { 1.0 } else { 0.6 };
}
