//! Pages made from data: a section's `generate:` makes one page per record of a data file.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::data::{Data, record_lines};
use super::front_matter::{FrontMatter, Generate};
use super::page::{Page, Section, Source};
use crate::error::{Diagnostic, suggest};
use crate::util::template_range::Budget;
use crate::util::text::slugify;

/// Makes the pages of `section.meta.generate` from `data`.
pub fn generate(section: &Section, data: &Data) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let Some(spec) = &section.meta.generate else {
        return Ok(Vec::new());
    };
    let (file, text, records) = records(section, spec, data)?;
    // What the page's template gets as `item`: texts that fell back marked.
    let marked = data
        .marked_in(&section.lang)
        .and_then(|v| lookup(v, &spec.from))
        .and_then(Value::as_array);
    let (tera, ranges) = field_templates(section, spec)?;
    let lines = record_lines(text);
    let source_text: Arc<str> = Arc::from(text);
    let mut pages = Vec::new();
    let mut problems = Vec::new();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let at = |d: Diagnostic| {
            if line > 0 {
                d.at(line, 1).len(1).source(text)
            } else {
                d
            }
        };
        let label = record_label(record, i);
        if !record.is_object() {
            problems.push(at(Diagnostic::new(
                file,
                format!("{label} is not a map of fields"),
            )
            .hint(
                "write each record as `- name: ...` with its fields indented under it",
            )));
            continue;
        }
        let fill = Fill {
            tera: &tera,
            ranges: &ranges,
            record,
            label: &label,
            file,
            section,
        };
        let mut field = |name: &str, spec: &str| match fill.field(name, spec) {
            Ok(v) => Some(v),
            Err(d) => {
                problems.push(at(d));
                None
            }
        };
        let slug = field("slug", &spec.slug);
        let title = field("title", &spec.title);
        let description = spec
            .description
            .as_ref()
            .and_then(|d| field("description", d));
        let (Some(slug), Some(title)) = (slug, title) else {
            continue;
        };
        let slug = slugify(&slug);
        if let Some(d) = slug_problem(file, &label, &slug) {
            problems.push(at(d));
            continue;
        }
        if let Some(first) = slugs.insert(slug.clone(), i) {
            problems.push(at(Diagnostic::new(
                file,
                format!(
                    "{label} has the slug `{slug}`, like {}: two pages cannot share one address",
                    record_label(&records[first], first)
                ),
            )
            .hint("give each record its own slug")));
            continue;
        }
        let source = Source {
            file: file.to_path_buf(),
            text: source_text.clone(),
            body_offset: text.len(),
            body_line: line,
        };
        let made = Made {
            slug,
            title,
            description,
        };
        let item = marked.and_then(|m| m.get(i)).unwrap_or(record);
        pages.push(record_page(section, spec, item, source, made));
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(problems)
    }
}

/// A generated slug that cannot be an address: empty (`"!!!"` has no letters or digits, and
/// would write over the section's own page) or too long for a folder name.
fn slug_problem(file: &Path, label: &str, slug: &str) -> Option<Diagnostic> {
    if slug.is_empty() {
        return Some(
            Diagnostic::new(
                file,
                format!("{label} has a slug with no letters or digits, so its page would have no address of its own"),
            )
            .hint("give the record a slug with letters or digits, such as `bolton`"),
        );
    }
    if crate::util::text::slug_too_long(slug) {
        return Some(
            Diagnostic::new(
                file,
                format!(
                    "{label} has a slug of {} bytes, over the limit of {} bytes for a folder name",
                    slug.len(),
                    crate::util::text::MAX_SLUG_BYTES
                ),
            )
            .hint("give the record a shorter slug (a few words)"),
        );
    }
    None
}

/// The data file `generate.from` names (in the section's language when there is one), its
/// text, and its records.
fn records<'d>(
    section: &Section,
    spec: &Generate,
    data: &'d Data,
) -> Result<(&'d Path, &'d str, &'d [Value]), Vec<Diagnostic>> {
    let from = spec.from.as_str();
    let Some((file, text)) = data.file(from) else {
        if data.failed.contains(&spec.from) {
            // The data file is there but broken: its own error says so.
            return Err(Vec::new());
        }
        let names: Vec<&str> = data.files.iter().map(|(n, _, _)| n.as_str()).collect();
        let hint = match suggest(&spec.from, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if names.is_empty() => {
                "add the file under data/, such as data/districts.yaml".into()
            }
            None => format!("the data files are: {}", names.join(", ")),
        };
        return Err(vec![section.source.key_error(
            "generate",
            &format!(
                "there is no data file `{}` to generate pages from",
                spec.from
            ),
            &hint,
        )]);
    };
    // A translated section reads the data in its language (the base file with the
    // language's overlay laid over it).
    let Some(records) = lookup(data.plain_in(&section.lang), from).and_then(Value::as_array) else {
        return Err(vec![
            Diagnostic::new(
                file,
                format!(
                    "{} must be a list of records to generate pages from it",
                    crate::error::display_path(file)
                ),
            )
            .hint("write each record as a `- ` item of a list at the top of the file"),
        ]);
    };
    Ok((file, text, records))
}

/// The data named `name` (`a.b` may be a file `data/a/b.yaml`) in a whole data value.
fn lookup<'v>(data: &'v Value, name: &str) -> Option<&'v Value> {
    data.get(name)
        .or_else(|| data.pointer(&format!("/{}", name.replace('.', "/"))))
}

/// The `generate.slug`, `.title` and `.description` that are templates, parsed, and the
/// budget of their `range()` loops.
fn field_templates(
    section: &Section,
    spec: &Generate,
) -> Result<(tera::Tera, Arc<Budget>), Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    let ranges = Arc::new(Budget::default());
    crate::util::template_range::register(&mut tera, ranges.clone());
    let fields = [("slug", &spec.slug), ("title", &spec.title)];
    let mut problems = Vec::new();
    for (name, tpl) in fields
        .iter()
        .chain(spec.description.as_ref().map(|d| ("description", d)).iter())
    {
        if is_template(tpl)
            && let Err(e) = tera.add_raw_template(name, tpl)
        {
            problems.push(section.source.key_error(
                name,
                &format!(
                    "the `generate.{name}` template is not valid: {}",
                    first_line(&e.to_string())
                ),
                "write a field name such as `slug`, or a template such as \"{{ item.slug }}\"",
            ));
        }
    }
    if problems.is_empty() {
        Ok((tera, ranges))
    } else {
        Err(problems)
    }
}

/// Fills a page's fields from one record.
struct Fill<'a> {
    tera: &'a tera::Tera,
    ranges: &'a Budget,
    record: &'a Value,
    /// "record 3 (Bury)".
    label: &'a str,
    file: &'a Path,
    section: &'a Section,
}

impl Fill<'_> {
    /// The page's `name` (slug, title, description) from `spec`: a template, or the name of a
    /// text field of the record.
    fn field(&self, name: &str, spec: &str) -> Result<String, Diagnostic> {
        let label = self.label;
        let result = if is_template(spec) {
            let mut ctx = tera::Context::new();
            ctx.insert("item", self.record);
            let pass = self.ranges.pass();
            ctx.insert(crate::util::template_range::VAR, &pass.id);
            self.tera.render(name, &ctx).map_err(|e| {
                let msg = first_line(&e.to_string());
                format!("{label} cannot fill the `generate.{name}` template: {msg}")
            })
        } else {
            match self.record.get(spec) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(Value::Number(n)) => Ok(n.to_string()),
                _ => Err(format!(
                    "{label} has no text field `{spec}` for the page's {name}"
                )),
            }
        };
        match result {
            Ok(v) if !v.trim().is_empty() => Ok(v.trim().to_string()),
            Ok(_) => Err(
                Diagnostic::new(self.file, format!("{label} gives an empty {name}"))
                    .hint(format!("fill in the field that `generate.{name}` uses")),
            ),
            Err(msg) => Err(Diagnostic::new(self.file, msg).hint(format!(
                "add the field to this record, or change `generate.{name}` in {}",
                crate::error::display_path(&self.section.source.file)
            ))),
        }
    }
}

/// What a record gives its page.
struct Made {
    slug: String,
    title: String,
    description: Option<String>,
}

/// The page of one record.
fn record_page(
    section: &Section,
    spec: &Generate,
    record: &Value,
    source: Source,
    made: Made,
) -> Page {
    let Made {
        slug,
        title,
        description,
    } = made;
    Page {
        source,
        key: record_key(section, &slug),
        lang: section.lang.clone(),
        meta: FrontMatter {
            title: Some(title.clone()),
            description,
            extra: Value::Object(serde_json::Map::new()),
            ..FrontMatter::default()
        },
        title,
        path: format!("{}{slug}/", section.path),
        slug,
        date: None,
        updated: None,
        bundle_dir: None,
        assets: Vec::new(),
        section: Some(section.key.clone()),
        item: Some(record.clone()),
        template: spec
            .template
            .clone()
            .or_else(|| section.meta.page_template.clone())
            .unwrap_or_else(|| "data_page.html".into()),
    }
}

/// The key of a record's page: `report/bolton.md` (or `report/bolton.ur.md` in a translated
/// section), so it can be linked as `@/report/bolton.md`.
fn record_key(section: &Section, slug: &str) -> String {
    match section.key.strip_suffix("_index.md") {
        Some(dir) => format!("{dir}{slug}.md"),
        None => {
            let dir = section.key.rsplit_once('/').map_or("", |(d, _)| d);
            let dir = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            format!("{dir}{slug}.{}.md", section.lang)
        }
    }
}

fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%")
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim_start_matches("error: ")
        .to_string()
}

/// "record 3 (Bury)" for messages.
fn record_label(record: &Value, i: usize) -> String {
    let name = ["name", "title", "slug", "id"]
        .iter()
        .find_map(|k| record.get(*k).and_then(Value::as_str));
    match name {
        Some(n) => format!("record {} ({n})", i + 1),
        None => format!("record {}", i + 1),
    }
}
