//! File formats of downloads: what an extension promises, what the bytes are (magic-byte
//! sniffing with `infer`), and what a PDF says about itself (`lopdf`).

/// A format placard knows, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileFormat {
    /// Short name shown beside the link: `PDF`.
    pub short: &'static str,
    /// Long name for screen readers and tooltips: `Portable Document Format`.
    pub name: &'static str,
    pub mime: &'static str,
    /// The extensions `infer` may report for such a file; empty for text formats, which
    /// have no magic bytes.
    sniffed: &'static [&'static str],
}

const ZIP_FAMILY: &[&str] = &["zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"];

/// Extension -> format.
const FORMATS: &[(&str, FileFormat)] = &[
    (
        "pdf",
        fmt(
            "PDF",
            "Portable Document Format",
            "application/pdf",
            &["pdf"],
        ),
    ),
    (
        "docx",
        fmt(
            "DOCX",
            "Microsoft Word document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &["docx"],
        ),
    ),
    (
        "pptx",
        fmt(
            "PPTX",
            "Microsoft PowerPoint presentation",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            &["pptx"],
        ),
    ),
    (
        "xlsx",
        fmt(
            "XLSX",
            "Microsoft Excel spreadsheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &["xlsx"],
        ),
    ),
    (
        "doc",
        fmt(
            "DOC",
            "Microsoft Word 97-2003 document",
            "application/msword",
            &["doc"],
        ),
    ),
    (
        "ppt",
        fmt(
            "PPT",
            "Microsoft PowerPoint 97-2003 presentation",
            "application/vnd.ms-powerpoint",
            &["ppt"],
        ),
    ),
    (
        "xls",
        fmt(
            "XLS",
            "Microsoft Excel 97-2003 spreadsheet",
            "application/vnd.ms-excel",
            &["xls"],
        ),
    ),
    (
        "odt",
        fmt(
            "ODT",
            "OpenDocument text document",
            "application/vnd.oasis.opendocument.text",
            &["odt"],
        ),
    ),
    (
        "ods",
        fmt(
            "ODS",
            "OpenDocument spreadsheet",
            "application/vnd.oasis.opendocument.spreadsheet",
            &["ods"],
        ),
    ),
    (
        "odp",
        fmt(
            "ODP",
            "OpenDocument presentation",
            "application/vnd.oasis.opendocument.presentation",
            &["odp"],
        ),
    ),
    (
        "rtf",
        fmt(
            "RTF",
            "Rich Text Format document",
            "application/rtf",
            &["rtf"],
        ),
    ),
    (
        "epub",
        fmt("EPUB", "EPUB e-book", "application/epub+zip", &["epub"]),
    ),
    (
        "zip",
        fmt("ZIP", "ZIP archive", "application/zip", ZIP_FAMILY),
    ),
    (
        "mp4",
        fmt("MP4", "MPEG-4 video", "video/mp4", &["mp4", "m4v"]),
    ),
    ("mp3", fmt("MP3", "MP3 audio", "audio/mpeg", &["mp3"])),
    (
        "png",
        fmt(
            "PNG",
            "Portable Network Graphics image",
            "image/png",
            &["png"],
        ),
    ),
    ("jpg", fmt("JPEG", "JPEG image", "image/jpeg", &["jpg"])),
    ("jpeg", fmt("JPEG", "JPEG image", "image/jpeg", &["jpg"])),
    ("gif", fmt("GIF", "GIF image", "image/gif", &["gif"])),
    ("webp", fmt("WebP", "WebP image", "image/webp", &["webp"])),
    (
        "svg",
        fmt(
            "SVG",
            "Scalable Vector Graphics image",
            "image/svg+xml",
            &[],
        ),
    ),
    ("csv", fmt("CSV", "Comma-separated values", "text/csv", &[])),
    ("txt", fmt("TXT", "Plain text", "text/plain", &[])),
];

const fn fmt(
    short: &'static str,
    name: &'static str,
    mime: &'static str,
    sniffed: &'static [&'static str],
) -> FileFormat {
    FileFormat {
        short,
        name,
        mime,
        sniffed,
    }
}

/// The format of a ZIP bundle.
pub fn zip() -> FileFormat {
    by_extension("zip").unwrap_or(FORMATS[0].1)
}

/// The format an extension (any case) promises.
pub fn by_extension(ext: &str) -> Option<FileFormat> {
    let ext = ext.to_ascii_lowercase();
    FORMATS.iter().find(|(e, _)| *e == ext).map(|(_, f)| *f)
}

/// The extensions placard knows, for hints.
pub fn known_extensions() -> String {
    FORMATS
        .iter()
        .map(|(e, _)| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks that `bytes` are what `format` promises; `Err` says in plain words what they are.
pub fn check_content(format: &FileFormat, bytes: &[u8]) -> Result<(), String> {
    let sniffed = infer::get(bytes).map(|t| match t.extension() {
        // infer guesses office files from the order of their first entries; read the ZIP's
        // list of files instead.
        ext if ZIP_FAMILY.contains(&ext) => zip_kind(bytes),
        ext => ext,
    });
    if format.sniffed.is_empty() {
        // Text formats: any UTF-8 text that is not some binary format.
        return match sniffed {
            Some(ext) if !matches!(ext, "html" | "xml" | "sh") => Err(describe(ext)),
            _ if std::str::from_utf8(bytes).is_err() => Err("not text".into()),
            _ => Ok(()),
        };
    }
    match sniffed {
        Some(ext) if format.sniffed.contains(&ext) => Ok(()),
        Some(ext) => Err(describe(ext)),
        None if bytes.is_empty() => Err("an empty file".into()),
        None => Err("of a kind placard does not recognise".into()),
    }
}

/// What a ZIP-based file is, from the files it holds: `docx`, `pptx`, `xlsx`, `odt`, `ods`,
/// `odp`, `epub`, or else `zip`.
fn zip_kind(bytes: &[u8]) -> &'static str {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return "zip";
    };
    let has = |archive: &zip::ZipArchive<_>, name: &str| archive.index_for_name(name).is_some();
    if has(&archive, "[Content_Types].xml") {
        for (part, ext) in [
            ("word/document.xml", "docx"),
            ("ppt/presentation.xml", "pptx"),
            ("xl/workbook.xml", "xlsx"),
        ] {
            if has(&archive, part) {
                return ext;
            }
        }
    }
    let mut mimetype = String::new();
    if let Ok(mut entry) = archive.by_name("mimetype") {
        use std::io::Read;
        let _ = entry.by_ref().take(100).read_to_string(&mut mimetype);
    }
    match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => "odt",
        "application/vnd.oasis.opendocument.spreadsheet" => "ods",
        "application/vnd.oasis.opendocument.presentation" => "odp",
        "application/epub+zip" => "epub",
        _ => "zip",
    }
}

/// "a ZIP archive (.zip)" for an extension `infer` reported.
fn describe(ext: &str) -> String {
    match by_extension(ext) {
        Some(f) => format!("a {} ({}) file", f.short, f.name),
        None => format!("a .{ext} file"),
    }
}

/// What a PDF says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PdfInfo {
    pub pages: usize,
    /// `/Title` of the document information dictionary, if set and not blank.
    pub title: Option<String>,
}

/// Reads a PDF's page count and title.
pub fn pdf_info(bytes: &[u8]) -> Result<PdfInfo, String> {
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
    let pages = doc.get_pages().len();
    let title = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| match info {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok(),
            lopdf::Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .and_then(|info| info.get(b"Title").ok())
        .and_then(|t| lopdf::decode_text_string(t).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| xmp_title(&doc));
    Ok(PdfInfo { pages, title })
}

/// The `dc:title` of the document's XMP metadata stream, if any.
fn xmp_title(doc: &lopdf::Document) -> Option<String> {
    let id = doc
        .catalog()
        .ok()?
        .get(b"Metadata")
        .ok()?
        .as_reference()
        .ok()?;
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let xml = String::from_utf8_lossy(&bytes);
    let inner = xml
        .split("<dc:title>")
        .nth(1)?
        .split("</dc:title>")
        .next()?;
    // <rdf:Alt><rdf:li xml:lang="x-default">Title</rdf:li></rdf:Alt>
    let text = inner.split("<rdf:li").nth(1)?.split_once('>')?.1;
    let title = text.split("</rdf:li>").next()?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// "245 KB", "1.4 MB" (1 KB = 1,000 bytes, as GOV.UK and file managers on phones show).
pub fn human_size(bytes: u64) -> String {
    if bytes < 1_000 {
        return format!("{bytes} bytes");
    }
    if bytes < 1_000_000 {
        return format!("{} KB", bytes.div_ceil(1_000));
    }
    let tenths = (bytes + 50_000) / 100_000;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 bytes");
        assert_eq!(human_size(999), "999 bytes");
        assert_eq!(human_size(1_000), "1 KB");
        assert_eq!(human_size(245_001), "246 KB");
        assert_eq!(human_size(1_449_999), "1.4 MB");
        assert_eq!(human_size(1_450_000), "1.5 MB");
        assert_eq!(human_size(12_000_000), "12.0 MB");
    }

    /// A one-page PDF, with an Info /Title and an XMP dc:title if given.
    fn pdf(info_title: Option<&str>, xmp_title: Option<&str>) -> Vec<u8> {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
        if let Some(t) = xmp_title {
            let xml = format!(
                "<x:xmpmeta><rdf:RDF><rdf:Description><dc:title><rdf:Alt>\
                 <rdf:li xml:lang=\"x-default\">{t}</rdf:li></rdf:Alt></dc:title>\
                 </rdf:Description></rdf:RDF></x:xmpmeta>"
            );
            let meta = doc.add_object(Stream::new(
                dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
                xml.into_bytes(),
            ));
            catalog.set("Metadata", meta);
        }
        let root = doc.add_object(catalog);
        doc.trailer.set("Root", root);
        if let Some(t) = info_title {
            let info = doc.add_object(dictionary! { "Title" => lopdf::text_string(t) });
            doc.trailer.set("Info", info);
        }
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn pdf_titles_from_info_or_xmp() {
        let info = pdf_info(&pdf(Some("Plan \u{2013} Year 5"), None)).unwrap();
        assert_eq!(info.pages, 1);
        assert_eq!(info.title.as_deref(), Some("Plan \u{2013} Year 5"));
        let xmp = pdf_info(&pdf(None, Some("Worksheet"))).unwrap();
        assert_eq!(xmp.title.as_deref(), Some("Worksheet"));
        assert_eq!(pdf_info(&pdf(Some("  "), None)).unwrap().title, None);
        assert!(pdf_info(b"%PDF-1.7 not really").is_err());
    }

    #[test]
    fn office_files_are_told_from_a_plain_zip_by_their_entries() {
        let zip = |files: &[(&str, &[u8])]| crate::assets::bundle::zip(files).unwrap();
        let pptx = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("ppt/presentation.xml", b"<p/>"),
        ]);
        let odt = zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<c/>"),
        ]);
        let plain = zip(&[("notes.txt", b"hello")]);
        let ext = |e: &str| by_extension(e).unwrap();
        assert!(check_content(&ext("pptx"), &pptx).is_ok());
        assert!(check_content(&ext("odt"), &odt).is_ok());
        assert!(check_content(&ext("zip"), &plain).is_ok());
        assert!(
            check_content(&ext("zip"), &pptx).is_ok(),
            "an office file is a ZIP too"
        );
        assert!(
            check_content(&ext("docx"), &pptx)
                .unwrap_err()
                .contains("PPTX")
        );
        assert!(
            check_content(&ext("docx"), &plain)
                .unwrap_err()
                .contains("ZIP")
        );
        let mp4 = b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom\0\0\0\x08free";
        assert!(check_content(&ext("mp4"), mp4).is_ok());
        assert!(check_content(&ext("png"), mp4).unwrap_err().contains("MP4"));
    }

    #[test]
    fn content_must_match_the_extension() {
        let pdf = by_extension("PDF").unwrap();
        assert!(check_content(&pdf, b"%PDF-1.7\n").is_ok());
        let png_bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let e = check_content(&pdf, png_bytes).unwrap_err();
        assert!(e.contains("PNG"), "{e}");
        assert!(check_content(&pdf, b"").unwrap_err().contains("empty"));
        let csv = by_extension("csv").unwrap();
        assert!(check_content(&csv, b"a,b\n1,2\n").is_ok());
        assert!(check_content(&csv, b"%PDF-1.7\n").is_err());
        assert!(by_extension("exe").is_none());
    }
}
