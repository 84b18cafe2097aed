//! Which files the editor may read and write: a path it sends is relative to the site folder,
//! must be inside `content/` or the media folder, and is refused when it is absolute, has
//! `..`, `.`, an empty or hidden part, a backslash, a colon or NUL, or when it (or a folder on
//! the way to it) is a link. The editor names the default language's file `y.en.md`; on disk it
//! is `y.md` ([`Places::disk`]).

use std::path::{Path, PathBuf};

/// What a path is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// A page or section (`content/**/*.md`).
    Entry,
    /// A picture or file (in `content/` or the media folder, not Markdown).
    Media,
    /// A folder to list.
    Folder,
}

/// Why a path is refused, in plain English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// The extensions a saved picture or file may have.
const MEDIA: [&str; 19] = [
    "jpg", "jpeg", "png", "gif", "webp", "avif", "svg", "pdf", "mp3", "mp4", "webm", "vtt", "txt",
    "csv", "docx", "xlsx", "pptx", "odt", "zip",
];

/// Where the editor may read and write, for one site.
#[derive(Debug, Clone)]
pub struct Places {
    /// The site folder, as given.
    pub root: PathBuf,
    /// The media folder (`static/images`), relative to the site.
    pub media: String,
    /// The default language, when the site has several (the editor's `y.en.md`).
    pub default_lang: Option<String>,
}

impl Places {
    /// The file on disk (relative to the site) for a path the editor sent.
    pub fn disk(&self, raw: &str, what: Use) -> Result<PathBuf, Refused> {
        let clean = plain(raw)?;
        let in_content = clean.starts_with("content/") || clean == "content";
        let media = self.media.trim_matches('/');
        let in_media = clean == media || clean.starts_with(&format!("{media}/"));
        let ext = clean
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match what {
            Use::Entry if !in_content || ext != "md" => {
                return Err(Refused(format!(
                    "`{raw}` is not a page under content/ (a .md file): the editor saves pages only there"
                )));
            }
            Use::Media if !(in_content || in_media) || !MEDIA.contains(&ext.as_str()) => {
                return Err(Refused(format!(
                    "`{raw}` is not a picture or file placard saves: files go in content/ or {media}/, with one of these endings: {}",
                    MEDIA.join(", ")
                )));
            }
            Use::Folder if !(in_content || in_media) => {
                return Err(Refused(format!(
                    "`{raw}` is not a folder the editor may list: only content/ and {media}/"
                )));
            }
            _ => {}
        }
        let mut rel = clean.clone();
        if let Some(lang) = &self.default_lang
            && what == Use::Entry
            && let Some(base) = clean.strip_suffix(&format!(".{lang}.md"))
        {
            rel = format!("{base}.md");
        }
        let rel = PathBuf::from(rel);
        self.no_link_out(&rel, raw)?;
        Ok(rel)
    }

    /// The name the editor knows a page file by (`content/x/y.md` -> `content/x/y.en.md`).
    pub fn editor_name(&self, rel: &str, lang_of: impl Fn(&str) -> bool) -> String {
        let Some(default) = &self.default_lang else {
            return rel.to_string();
        };
        let Some(base) = rel.strip_suffix(".md") else {
            return rel.to_string();
        };
        let has_lang = base
            .rsplit_once('.')
            .is_some_and(|(before, code)| !before.ends_with('/') && lang_of(code));
        if has_lang {
            rel.to_string()
        } else {
            format!("{base}.{default}.md")
        }
    }

    /// Refuses a path that is a link or goes through one (a folder under content/ that is a
    /// link to elsewhere).
    fn no_link_out(&self, rel: &Path, raw: &str) -> Result<(), Refused> {
        let mut at = self.root.clone();
        for part in rel.components() {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(Refused(format!(
                        "`{raw}` goes through a link ({}): the editor does not read or write through links, so nothing outside the site folder is touched",
                        at.strip_prefix(&self.root).unwrap_or(&at).display()
                    )));
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        Ok(())
    }
}

/// `raw` as a plain relative path with `/` between its parts, or why not.
fn plain(raw: &str) -> Result<String, Refused> {
    let refuse = |why: &str| Err(Refused(format!("`{raw}` cannot be used: {why}")));
    if raw.is_empty() {
        return refuse("it is empty");
    }
    if raw.starts_with('/') {
        return refuse("it is an absolute path; paths are relative to the site folder");
    }
    if raw.contains(['\\', '\0', ':']) {
        return refuse("it has a backslash, a colon or a NUL character");
    }
    let trimmed = raw.trim_end_matches('/');
    for part in trimmed.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return refuse(
                "it has an empty part, `.` or `..`; it must stay inside the site folder",
            );
        }
        if part.starts_with('.') {
            return refuse("it names a hidden file or folder");
        }
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Places {
        Places {
            root: PathBuf::from("/nonexistent-site"),
            media: "static/images".into(),
            default_lang: Some("en".into()),
        }
    }

    #[test]
    fn maps_the_default_language() {
        let p = places();
        assert_eq!(
            p.disk("content/a/b.en.md", Use::Entry),
            Ok(PathBuf::from("content/a/b.md"))
        );
        assert_eq!(
            p.disk("content/a/b.ur.md", Use::Entry),
            Ok(PathBuf::from("content/a/b.ur.md"))
        );
        let lang = |c: &str| c == "ur" || c == "en";
        assert_eq!(p.editor_name("content/a/b.md", lang), "content/a/b.en.md");
        assert_eq!(
            p.editor_name("content/a/b.ur.md", lang),
            "content/a/b.ur.md"
        );
        assert_eq!(
            p.editor_name("content/a/_index.md", lang),
            "content/a/_index.en.md"
        );
    }

    #[test]
    fn refuses_paths_outside() {
        let p = places();
        for bad in [
            "/etc/passwd",
            "content/../placard.yaml",
            "../content/a.md",
            "content/./a.md",
            "content//a.md",
            "content\\a.md",
            "C:/content/a.md",
            "content/.git/config.md",
            "placard.yaml",
            "templates/base.md",
            "static/images/a.md",
            "content/a.html",
            "",
        ] {
            assert!(p.disk(bad, Use::Entry).is_err(), "{bad}");
        }
        for bad in [
            "static/a.png",
            "static/images/a.html",
            "data/x.png",
            "static/images/../../x.png",
        ] {
            assert!(p.disk(bad, Use::Media).is_err(), "{bad}");
        }
        assert!(p.disk("static/images/a.png", Use::Media).is_ok());
        assert!(p.disk("content/a/b/photo.JPG", Use::Media).is_ok());
        assert!(p.disk("data", Use::Folder).is_err());
    }
}
