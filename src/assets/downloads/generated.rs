//! Files the build makes for a page (print PDFs, `src/print/`), as downloads: listed first in
//! the page's downloads, or in another page's with `file: "@/x/y.md"`.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Alternative, Ctx, Download, Request, download_name, formats, hex_sha256, modified};

/// A file made by the build for a page (a print PDF), listed first in its downloads.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The file's name: `home-truths-poster-a3.pdf`.
    pub name: String,
    /// Where it is written, relative to the output root.
    pub output: String,
    pub title: String,
    pub description: Option<String>,
    pub audience: Option<String>,
    /// The front-matter line of the entry that asked for it.
    pub line: usize,
    pub bytes: Arc<Vec<u8>>,
    /// What it is cached under.
    pub cache_key: String,
    /// The page it is made from (its accessible alternative): address path and title.
    pub page: (String, String),
}

/// Generated files by page or section key.
pub type GeneratedFiles = BTreeMap<String, Vec<Generated>>;

impl Ctx<'_> {
    /// `file: "@/x/y.md"` (or `"@/x/y.md#name.pdf"`): the print file the build makes for
    /// that page, listed here too.
    pub(super) fn made_elsewhere(
        &self,
        r: &Request<'_>,
        link: &str,
    ) -> std::result::Result<Download, (String, String)> {
        let (key, name) = link
            .split_once('#')
            .map_or((link, None), |(k, n)| (k, Some(n)));
        let files = self
            .generated
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let found = match name {
            Some(n) => files.iter().find(|g| g.name == n),
            None => files.first(),
        };
        match found {
            Some(g) => Ok(self.generated(r, g)),
            None if self.lib.pages.contains_key(key) || self.lib.sections.contains_key(key) => {
                let made: Vec<&str> = files.iter().map(|g| g.name.as_str()).collect();
                Err((
                    format!("`@/{link}` makes no such print file"),
                    if made.is_empty() {
                        format!("add `print:` with `- kind: handout` to content/{key}")
                    } else {
                        format!("it makes {}", made.join(", "))
                    },
                ))
            }
            None => Err((
                format!("`@/{link}` is not a page of this site"),
                "write `@/` and the page's file under content/, such as `@/crossing-the-lines/year-5/session-plan.md`".into(),
            )),
        }
    }

    /// A file the build made, as a download.
    pub(super) fn generated(&self, r: &Request<'_>, g: &Generated) -> Download {
        let format = formats::by_extension("pdf").unwrap_or_else(formats::zip);
        let pdf = formats::pdf_info(&g.bytes).ok();
        Download {
            url: self.config.url(&format!("/{}", g.output)),
            download_name: download_name(&g.title, "pdf", &g.name),
            name: g.name.clone(),
            title: g.title.clone(),
            audience: g.audience.clone(),
            description: g.description.clone(),
            format: format.short,
            format_name: format.name,
            mime: format.mime,
            size: g.bytes.len() as u64,
            size_human: formats::human_size(g.bytes.len() as u64),
            pages: pdf.as_ref().map(|p| p.pages),
            updated: match r.updated {
                Some(d) => d.ymd(),
                None => modified(&self.root.join(&r.source.file)),
            },
            sha256: hex_sha256(&g.bytes),
            alternative: Some(Alternative {
                url: self.config.url(&g.page.0),
                title: g.page.1.clone(),
            }),
            thumbnail: None,
            thumb: pdf
                .as_ref()
                .and_then(|_| self.first_page(&g.output, &g.bytes)),
            pdf_title: pdf.and_then(|p| p.title),
            line: g.line,
            source: r.source.file.clone(),
            generated: Some((g.output.clone(), g.bytes.clone())),
        }
    }
}
