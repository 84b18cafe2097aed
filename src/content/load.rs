//! Reading content/ into a [`Library`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use rayon::prelude::*;

use super::data::{self, Data};
use super::data_pages;
use super::files::{self, File, Kind};
use super::front_matter::{self, FrontMatter};
use super::page::{Date, Page, Section, Source, date_prefix, dir_path};
use super::section::{
    add_implicit_sections, assign_templates, link_parents, remove_drafts, sort_sections,
};
use super::taxonomy::{self, Taxonomy};
use super::translations;
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result, suggest};
use crate::util::fs::{self as fsutil, slash_path};
use crate::util::text::slugify;

/// Everything the content stage found: pages, sections, taxonomies, data and files to copy.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Pages by key (`x/y.md`), in key order.
    pub pages: IndexMap<String, Page>,
    /// Sections by key (`x/_index.md`), in key order.
    pub sections: IndexMap<String, Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub data: Data,
    /// Files to copy from content/: (source relative to the site root, output path `x/y/a.pdf`).
    pub assets: Vec<(PathBuf, String)>,
    /// Every version of one content, by original (default-language) key: the keys of its
    /// pages, or of its rendered sections, in language order (see [`super::translations`]).
    pub translations: BTreeMap<String, Vec<String>>,
    /// Keys of the content files that could not be read (their problems are reported): the
    /// later stages still run, to report their own problems in the same run, and take links
    /// to these as found.
    pub unreadable: std::collections::HashSet<String>,
}

impl Library {
    /// The keys of every language version of the page or section `key` (itself included), in
    /// language order.
    pub fn translations_of(&self, key: &str, lang: &str) -> &[String] {
        self.translations
            .get(&translations::original_key(key, lang))
            .map_or(&[], Vec::as_slice)
    }

    /// The same library without the text of its page and section files, which only messages
    /// about the content need: a `build` makes it once every stage that reports such problems
    /// has run (a 10,000-page build then peaks about 40 MB lower).
    pub fn without_sources(mut self) -> Library {
        let empty: std::sync::Arc<str> = std::sync::Arc::from("");
        let sources = self
            .pages
            .values_mut()
            .map(|p| &mut p.source)
            .chain(self.sections.values_mut().map(|s| &mut s.source));
        for source in sources {
            source.text = empty.clone();
            source.body_offset = 0;
        }
        self
    }

    /// The same library with the page `key`'s file text replaced by `text`, whose front
    /// matter is the same (`serve`, after an edit of the page's Markdown only).
    pub fn with_page_text(mut self, key: &str, text: std::sync::Arc<str>) -> Library {
        if let Some(p) = self.pages.get_mut(key) {
            p.source.text = text;
        }
        self
    }
}

/// How to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages and sections marked `draft: true`.
    pub drafts: bool,
}

/// Loads the site's content and data.
pub fn load(root: &Path, config: &Config, options: LoadOptions) -> Result<Library> {
    let (library, problems) = load_all(root, config, options)?;
    if problems.is_empty() {
        Ok(library)
    } else {
        Err(Error::Site(problems))
    }
}

/// Like [`load`], also when some files have problems: the library of every file that could
/// be read (with [`Library::unreadable`] naming the rest), and every problem found, sorted by
/// file and line.
pub fn load_all(
    root: &Path,
    config: &Config,
    options: LoadOptions,
) -> Result<(Library, Vec<Diagnostic>)> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Error::NotASite(root.to_path_buf()));
    }
    let mut problems = Vec::new();
    let data = match data::load(root, config) {
        Ok((data, found)) => {
            problems.extend(found);
            data
        }
        Err(Error::Site(d)) => {
            problems.extend(d);
            Data::default()
        }
        Err(e) => return Err(e),
    };
    let found = files::find(&content, config, &mut problems)?;
    let parsed: Vec<Result<Parsed, Diagnostic>> = found
        .files
        .par_iter()
        .map(|f| parse_file(root, f, config))
        .collect();
    let mut pages = IndexMap::new();
    let mut sections = IndexMap::new();
    let mut unreadable = std::collections::HashSet::new();
    for (p, f) in parsed.into_iter().zip(&found.files) {
        match p {
            Ok(Parsed::Page(p)) => {
                pages.insert(p.key.clone(), *p);
            }
            Ok(Parsed::Section(s)) => {
                sections.insert(s.key.clone(), *s);
            }
            Err(d) => {
                unreadable.insert(slash_path(&f.rel));
                problems.push(d);
            }
        }
    }
    add_implicit_sections(&mut sections, &pages, config);
    if !options.drafts {
        remove_drafts(&mut sections, &mut pages);
    }
    link_parents(&mut sections, &mut pages);

    add_data_pages(&sections, &data, &mut pages, &mut problems);
    assign_templates(&sections, &mut pages);

    let assets = files::place(&mut pages, found.bundle_assets, found.plain_assets);
    sort_sections(&mut sections, &pages);
    let taxonomies = taxonomy::collect(config, &pages, |l| lang_prefix(config, l));
    let translations = group_translations(&pages, &sections, config);
    let library = Library {
        pages,
        sections,
        taxonomies,
        data,
        assets,
        translations,
        unreadable,
    };
    problems.extend(check_unique_paths(&library));
    crate::error::sort_problems(&mut problems);
    Ok((library, problems))
}

/// Adds the pages sections make from data files (`generate:`); a key already taken is a
/// problem.
fn add_data_pages(
    sections: &IndexMap<String, Section>,
    data: &Data,
    pages: &mut IndexMap<String, Page>,
    problems: &mut Vec<Diagnostic>,
) {
    let generating: Vec<String> = sections
        .values()
        .filter(|s| s.meta.generate.is_some())
        .map(|s| s.key.clone())
        .collect();
    for key in generating {
        match data_pages::generate(&sections[&key], data) {
            Ok(generated) => {
                for p in generated {
                    if let Some(existing) = pages.get(&p.key) {
                        problems.push(
                            Diagnostic::new(
                                &p.source.file,
                                format!(
                                    "a page made from data would have the key `{}`, like {}",
                                    p.key,
                                    crate::error::display_path(&existing.source.file)
                                ),
                            )
                            .hint("rename the Markdown file or change the record's slug"),
                        );
                        continue;
                    }
                    pages.insert(p.key.clone(), p);
                }
            }
            Err(d) => problems.extend(d),
        }
    }
}

/// Every version of one content, by original key (see [`translations::group`]).
fn group_translations(
    pages: &IndexMap<String, Page>,
    sections: &IndexMap<String, Section>,
    config: &Config,
) -> BTreeMap<String, Vec<String>> {
    let mut translations = translations::group(
        pages.values().map(|p| (p.key.as_str(), p.lang.as_str())),
        config,
    );
    translations.extend(translations::group(
        sections
            .values()
            .filter(|s| s.render)
            .map(|s| (s.key.as_str(), s.lang.as_str())),
        config,
    ));
    translations
}

/// `/ur` for a language other than the default, else empty.
pub fn lang_prefix(config: &Config, lang: &str) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("/{lang}")
    }
}

enum Parsed {
    Page(Box<Page>),
    Section(Box<Section>),
}

fn parse_file(root: &Path, f: &File, config: &Config) -> Result<Parsed, Diagnostic> {
    let file = Path::new("content").join(&f.rel);
    let text = fsutil::read_text(root, &file)?;
    let split = front_matter::split(&text, &file)?;
    let meta = FrontMatter::parse(&split, &file, &text)?;
    let source = Source {
        file: file.clone(),
        text: Arc::from(text.as_str()),
        body_offset: split.body_offset,
        body_line: split.body_line,
    };
    let key = slash_path(&f.rel);
    let prefix = lang_prefix(config, &f.lang);
    let date = parse_date(&source, "date", meta.date.as_deref())?;
    let updated = parse_date(&source, "updated", meta.updated.as_deref())?;
    for (name, _) in &meta.taxonomies {
        if config.taxonomy(name).is_none() {
            let names = config.taxonomies.iter().map(|t| t.name.as_str());
            let hint = match suggest(name, names) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declare it in placard.yaml: `taxonomies: [{{name: {name}}}]`"),
            };
            return Err(source.key_error(
                "taxonomies",
                &format!("the taxonomy `{name}` is not declared in placard.yaml"),
                &hint,
            ));
        }
    }
    let aliases = check_aliases(&source, &meta.aliases)?;
    let meta = FrontMatter { aliases, ..meta };
    let parts = Parts {
        key,
        prefix,
        date,
        updated,
        source,
        meta,
    };
    match f.kind {
        Kind::Section => Ok(Parsed::Section(Box::new(section_of(f, parts, config)))),
        _ => page_of(f, parts).map(|p| Parsed::Page(Box::new(p))),
    }
}

/// What every content file has, once its front matter is read and checked.
struct Parts {
    key: String,
    /// The language's address prefix (`/ur`, or empty).
    prefix: String,
    date: Option<Date>,
    updated: Option<Date>,
    source: Source,
    meta: FrontMatter,
}

/// A section (`_index.md`) from its parts.
fn section_of(f: &File, parts: Parts, config: &Config) -> Section {
    let Parts {
        key,
        prefix,
        date,
        updated,
        source,
        meta,
    } = parts;
    let dir = f.rel.parent().unwrap_or(Path::new("")).to_path_buf();
    let title = meta
        .title
        .clone()
        .unwrap_or_else(|| default_title(&dir, config));
    Section {
        key,
        lang: f.lang.clone(),
        title,
        path: dir_path(&prefix, &dir),
        dir: slash_path(&dir),
        render: true,
        date,
        updated,
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
        template: meta.template.clone().unwrap_or_default(),
        source,
        meta,
    }
}

/// A page (or page bundle) from its parts.
fn page_of(f: &File, parts: Parts) -> Result<Page, Diagnostic> {
    let Parts {
        key,
        prefix,
        date,
        updated,
        source,
        meta,
    } = parts;
    let file = &source.file;
    if let Some(key) = meta.section_only_keys().first() {
        return Err(source.key_error(
            key,
            &format!("`{key}` only works in a section's _index.md, not in a page"),
            "move it to the _index.md of the folder, or remove it",
        ));
    }
    let Some(title) = meta.title.clone().filter(|t| !t.trim().is_empty()) else {
        return Err(Diagnostic::new(file, "this page has no title")
            .at(1, 1)
            .len(3)
            .source(&source.text)
            .hint("add a line `title: Your page title` between the two `---` lines"));
    };
    let (name, dir, bundle_dir) = match f.kind {
        Kind::Bundle => {
            let dir = f.rel.parent().unwrap_or(Path::new(""));
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                name,
                dir.parent().unwrap_or(Path::new("")).to_path_buf(),
                Some(Path::new("content").join(dir)),
            )
        }
        _ => (
            f.stem.clone(),
            f.rel.parent().unwrap_or(Path::new("")).to_path_buf(),
            None,
        ),
    };
    let (name_date, name) = match date_prefix(&name) {
        Some((d, rest)) => (Date::parse(d), rest.to_string()),
        None => (None, name),
    };
    let slug = match &meta.slug {
        Some(s) => {
            let slug = slugify(s);
            if slug.is_empty() {
                return Err(source.key_error(
                    "slug",
                    "this slug has no letters or digits to use in an address",
                    "use words such as `report-a-concern`",
                ));
            }
            slug
        }
        None => slugify(&name),
    };
    if slug.is_empty() {
        return Err(Diagnostic::new(
            file,
            "this file name has no letters or digits to make an address from",
        )
        .hint("rename the file, or set `slug:` in the front matter"));
    }
    if crate::util::text::slug_too_long(&slug) {
        let message = format!(
            "this page's address would have a folder name of {} bytes, over the limit of {} bytes",
            slug.len(),
            crate::util::text::MAX_SLUG_BYTES
        );
        let hint =
            "use a shorter `slug:` (a few words, such as `report-a-concern`), or rename the file";
        return Err(match meta.slug {
            Some(_) => source.key_error("slug", &message, hint),
            None => Diagnostic::new(file, message).hint(hint),
        });
    }
    Ok(Page {
        key,
        lang: f.lang.clone(),
        title,
        path: format!("{}{slug}/", dir_path(&prefix, &dir)),
        slug,
        date: date.or(name_date),
        updated,
        bundle_dir,
        assets: Vec::new(),
        section: None,
        item: None,
        template: meta.template.clone().unwrap_or_default(),
        source,
        meta,
    })
}

fn parse_date(source: &Source, key: &str, value: Option<&str>) -> Result<Option<Date>, Diagnostic> {
    match value {
        None => Ok(None),
        Some(v) => Date::parse(v).map(Some).ok_or_else(|| {
            source.key_error(
                key,
                &format!("`{v}` is not a date"),
                "write dates as 2024-01-02, or 2024-01-02T10:00:00Z with a time",
            )
        }),
    }
}

fn check_aliases(source: &Source, aliases: &[String]) -> Result<Vec<String>, Diagnostic> {
    aliases
        .iter()
        .map(|a| {
            let trimmed = a.trim().trim_start_matches('/');
            let bad = trimmed.is_empty()
                || trimmed.contains("://")
                || trimmed
                    .split('/')
                    .any(|s| s == ".." || s == "." || s.contains('\\'));
            if bad {
                return Err(source.key_error(
                    "aliases",
                    &format!("the alias `{a}` is not an address on this site"),
                    "write an old address of this site, such as /old-page/",
                ));
            }
            if trimmed.ends_with(".html") || trimmed.ends_with('/') {
                Ok(format!("/{trimmed}"))
            } else {
                Ok(format!("/{trimmed}/"))
            }
        })
        .collect()
}

pub(super) fn default_title(dir: &Path, config: &Config) -> String {
    match dir.file_name() {
        None => config.title.clone(),
        Some(n) => {
            let n = n.to_string_lossy().replace(['-', '_'], " ");
            let mut c = n.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// Two things that would be written at one address are an error naming both files.
fn check_unique_paths(lib: &Library) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut problems = Vec::new();
    let texts: HashMap<&Path, &str> = lib
        .pages
        .values()
        .map(|p| (p.source.file.as_path(), &*p.source.text))
        .chain(
            lib.sections
                .values()
                .map(|s| (s.source.file.as_path(), &*s.source.text)),
        )
        .collect();
    let mut claim = |path: &str, file: &Path, what: &str, problems: &mut Vec<Diagnostic>| {
        if let Some(first) = seen.get(path) {
            let text = texts.get(file).copied().unwrap_or("");
            let (line, key) = ["slug", "aliases"]
                .iter()
                .find_map(|k| front_matter::front_matter_key_line(text, k).map(|l| (l, k.len())))
                .unwrap_or((1, 3));
            problems.push(
                Diagnostic::new(
                    file,
                    format!(
                        "{what} would be written at {path}, where {} is already written",
                        crate::error::display_path(first)
                    ),
                )
                .at(line, 1)
                .len(key)
                .source(text)
                .hint("give one of them another file name or `slug:`, or remove one"),
            );
        } else {
            seen.insert(path.to_string(), file.to_path_buf());
        }
    };
    for s in lib.sections.values().filter(|s| s.render) {
        claim(&s.path, &s.source.file, "this section", &mut problems);
    }
    for p in lib.pages.values() {
        claim(&p.path, &p.source.file, "this page", &mut problems);
    }
    for t in &lib.taxonomies {
        claim(
            &t.path,
            Path::new("placard.yaml"),
            &format!("the taxonomy `{}`", t.name),
            &mut problems,
        );
    }
    for s in lib.sections.values() {
        for a in &s.meta.aliases {
            claim(a, &s.source.file, &format!("the alias {a}"), &mut problems);
        }
    }
    for p in lib.pages.values() {
        for a in &p.meta.aliases {
            claim(a, &p.source.file, &format!("the alias {a}"), &mut problems);
        }
    }
    problems
}
