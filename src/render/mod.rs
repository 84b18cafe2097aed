//! The render stage: Tera set-up, theme lookup, and rendering pages with their templates.

pub mod brand;
pub mod context;
pub mod functions;
pub mod help;
pub mod i18n;
pub mod images;
pub mod lang_note;
pub mod pages;
pub mod record;
pub mod routes;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value as Json};
use tera::{Context, Tera, Value};

use crate::assets::{self, Origin};
use crate::config::Config;
use crate::content::Library;
use crate::error::{Diagnostic, Result, display_path, suggest};
use crate::markdown::ComponentError;
pub use functions::Shared;

/// The site's templates, parsed once, with the static files and UI strings loaded beside
/// them. Immutable: `serve` keeps them across rebuilds until a template changes, and each
/// build binds them to its own state in a [`Renderer`].
pub struct Templates {
    /// The parsed templates, with `config` and `data` in the global context and placard's
    /// functions registered (bound again to each build's state by [`Renderer::new`]).
    tera: Tera,
    /// Template name -> (path shown in messages, source text).
    sources: HashMap<String, (PathBuf, String)>,
    /// Static files by output path.
    pub statics: HashMap<String, Origin>,
    /// UI strings by language, then key.
    i18n: HashMap<String, HashMap<String, String>>,
    /// The languages whose theme words are marked `translation_review: pending`, with the
    /// file shown in messages.
    pub review_pending: BTreeMap<String, PathBuf>,
    /// `data` in each language with translated data (the global context has the default
    /// language's).
    data_by_lang: HashMap<String, Value>,
    /// The direction of each language, for the spans of text in another language.
    directions: HashMap<String, &'static str>,
    /// Every template of the site, theme and built-in theme, reachable or not: (name, path
    /// shown, text), sorted by name (for `placard check` to find where HTML was written).
    all: Vec<(String, PathBuf, String)>,
}

/// The templates bound to one build's state ([`Shared`]: page values, images met, UI strings
/// missed, fingerprints).
pub struct Renderer {
    tera: Tera,
    pub templates: Arc<Templates>,
    pub shared: Arc<Shared>,
}

/// What a build's state is made from, besides the templates.
#[derive(Clone, Copy)]
pub struct Build<'a> {
    pub config: &'a Config,
    pub root: &'a Path,
    pub lib: &'a Library,
    /// The build's time, in seconds (SOURCE_DATE_EPOCH when set).
    pub now: i64,
}

impl Templates {
    /// Whether a template this site renders (or one it includes, extends or imports) calls
    /// the function `name`, such as `help_lines`: a site whose own templates never show the
    /// "Get help now" block need not configure it.
    pub fn calls(&self, name: &str) -> bool {
        let call = format!("{name}(");
        self.sources.values().any(|(_, text)| text.contains(&call))
    }

    /// Loads the templates (site, then theme, then the built-in default), static files and
    /// i18n files.
    pub fn load(build: Build<'_>) -> Result<Templates> {
        let Build {
            config, root, lib, ..
        } = build;
        let statics: HashMap<String, Origin> = assets::layered(root, config, "static")?
            .into_iter()
            .collect();
        let (i18n, review_pending) = load_i18n(root, config)?;
        let mut all = HashMap::new();
        let mut problems = Vec::new();
        for (name, origin) in assets::layered(root, config, "templates")? {
            let shown = origin.display(&format!("templates/{name}"));
            let embedded = matches!(origin, Origin::Embedded(_));
            match String::from_utf8(origin.bytes()?.into_owned()) {
                Ok(text) => {
                    all.insert(name, (shown, text, embedded));
                }
                Err(_) => problems.push(
                    Diagnostic::new(shown, "this template is not valid UTF-8 text")
                        .hint("save it with the UTF-8 encoding"),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(problems.into());
        }
        let mut every: Vec<(String, PathBuf, String)> = all
            .iter()
            .map(|(n, (shown, text, _))| (n.clone(), shown.clone(), text.clone()))
            .collect();
        every.sort_by(|a, b| a.0.cmp(&b.0));
        let mut wanted = roots(lib);
        if config
            .search
            .renders_page(|n| all.get(n).map(|t| t.0.clone()))
        {
            wanted.push("search.html".into());
        }
        let sources = reachable(all, &wanted);
        let batch: Vec<(String, String)> = sources
            .iter()
            .map(|(n, (_, t))| (n.clone(), t.clone()))
            .collect();
        let data_by_lang = lib
            .data
            .translations
            .marked
            .iter()
            .map(|(l, v)| (l.clone(), Value::from_serializable(v)))
            .collect();
        let directions = config
            .languages
            .keys()
            .chain(std::iter::once(&config.default_language))
            .map(|l| {
                let dir = if config.language_direction(l) == "rtl" {
                    "rtl"
                } else {
                    "ltr"
                };
                (l.clone(), dir)
            })
            .collect();
        let mut templates = Templates {
            tera: Tera::new(),
            sources,
            statics,
            i18n,
            review_pending,
            data_by_lang,
            directions,
            all: every,
        };
        // Templates are parsed with placard's functions known; each build binds them again.
        // Parsing needs the functions' names, not the site's addresses.
        let no_pages = Library::default();
        let parse_build = Build {
            lib: &no_pages,
            ..build
        };
        let parse_state = Arc::new(Shared::new(&templates, parse_build));
        functions::register(&mut templates.tera, &parse_state);
        if let Err(e) = templates.tera.add_raw_templates(batch) {
            return Err(templates.template_error(&e, None).into());
        }
        let mut global = Context::new();
        global.insert_value("config", config_value(config));
        global.insert_value("data", Value::from_serializable(&lib.data.value));
        *templates.tera.global_context() = global;
        Ok(templates)
    }

    /// Is there a template with this name?
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Does the template `name`, or a template it extends or includes, use the variable
    /// `var` (as `var`, `var.x` or `var["x"]`, in a `{{ }}` or `{% %}` tag)?
    pub fn uses_variable(&self, name: &str, var: &str) -> bool {
        let mut todo = vec![name.to_string()];
        let mut seen = std::collections::HashSet::new();
        while let Some(n) = todo.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            let Some((_, text)) = self.sources.get(&n) else {
                continue;
            };
            if mentions(text, var) {
                return true;
            }
            todo.extend(referenced_templates(text));
        }
        false
    }

    /// Every template, reachable or not: (name, path shown, text), sorted by name.
    pub fn all_sources(&self) -> &[(String, PathBuf, String)] {
        &self.all
    }

    /// The names of the templates that exist, for hints.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// Converts a Tera error into a diagnostic at the template's file and line.
    pub fn template_error(&self, e: &tera::Error, rendering: Option<&Path>) -> Diagnostic {
        let note = rendering.map(|p| format!("this happened while rendering {}", display_path(p)));
        let shown = |name: &str| {
            self.sources.get(name).map_or_else(
                || PathBuf::from(format!("templates/{name}")),
                |(p, _)| p.clone(),
            )
        };

        match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                let span = r.span();
                let mut d = Diagnostic::new(shown(r.filename()), plain(r.message()));
                if span.start_line > 0 {
                    let len = if span.end_line == span.start_line {
                        span.end_col.saturating_sub(span.start_col)
                    } else {
                        1
                    };
                    d = d.at(span.start_line, span.start_col + 1).len(len);
                    if let Some((_, text)) = self.sources.get(r.filename()) {
                        d = d.source(text);
                    }
                }
                d.hint(note.clone().unwrap_or_else(|| "check the template's syntax: {{ value }}, {% tag %}, and matching {% end... %} tags".into()))
            }
            tera::ErrorKind::TemplateNotFound(name) => Diagnostic::new(
                rendering.unwrap_or(Path::new("templates")),
                format!("the template `{name}` does not exist"),
            )
            .hint(self.template_hint(name)),
            tera::ErrorKind::CircularExtend {
                tpl,
                inheritance_chain,
            } => Diagnostic::new(
                shown(tpl),
                format!(
                    "the template `{tpl}` extends itself: {}",
                    inheritance_chain.join(" -> ")
                ),
            )
            .hint("change one `{% extends %}` so the chain ends at a template that extends nothing")
            .at_text_of(
                "{% extends",
                self.sources.get(tpl.as_str()).map(|(_, t)| t.as_str()),
            ),
            tera::ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::new(
                shown(tpl),
                format!(
                    "the template `{tpl}` includes itself: {}",
                    include_chain.join(" -> ")
                ),
            )
            .hint("remove one of the `{% include %}` tags in this loop"),
            tera::ErrorKind::MissingParent { current, parent } => Diagnostic::new(
                shown(current),
                format!("`{current}` extends `{parent}`, which does not exist"),
            )
            .hint(self.template_hint(parent)),
            _ => Diagnostic::new(
                rendering.unwrap_or(Path::new("templates")),
                plain(&e.to_string()),
            )
            .hint(note.unwrap_or_default()),
        }
    }

    /// "did you mean ..." for a template name.
    pub fn template_hint(&self, name: &str) -> String {
        match suggest(name, self.template_names()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "add templates/{name}, or use one of the theme's templates such as page.html"
            ),
        }
    }
}

impl Renderer {
    /// The templates bound to a new build's state.
    /// A build that holds the only reference to its templates takes the parsed templates
    /// instead of copying them; `serve`, which keeps them, gets a copy.
    pub fn new(mut templates: Arc<Templates>, build: Build<'_>) -> Renderer {
        let shared = Arc::new(Shared::new(&templates, build));
        let mut tera = match Arc::get_mut(&mut templates) {
            Some(only) => std::mem::replace(&mut only.tera, Tera::new()),
            None => templates.tera.clone(),
        };
        functions::register(&mut tera, &shared);
        Renderer {
            tera,
            templates,
            shared,
        }
    }

    /// The same templates with a fresh state (page values not yet set), for `serve`'s
    /// rebuilds: the templates are not parsed again.
    pub fn fork(&self) -> Renderer {
        let shared = Arc::new(self.shared.fresh(&self.templates));
        let mut tera = self.tera.clone();
        functions::register(&mut tera, &shared);
        Renderer {
            tera,
            templates: self.templates.clone(),
            shared,
        }
    }

    /// Is there a template with this name?
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.has_template(name)
    }

    /// "did you mean ..." for a template name.
    pub fn template_hint(&self, name: &str) -> String {
        self.templates.template_hint(name)
    }

    /// Puts `data` in `lang` into a template context, when `lang` has translated data.
    pub fn localise(&self, ctx: &mut Context, lang: &str) {
        if let Some(data) = self.templates.data_by_lang.get(lang) {
            ctx.insert_value("data", data.clone());
        }
    }

    /// HTML with the texts marked as in another language ([`crate::util::langmark`]) put in
    /// `<span lang dir>`.
    fn resolve(&self, html: String) -> String {
        if !crate::util::langmark::has_marks(&html) {
            return html;
        }
        let dirs = &self.templates.directions;
        crate::util::langmark::resolve_html(&html, &|l| dirs.get(l).copied().unwrap_or("ltr"))
    }

    /// Renders a template; an error points at the template's line and says which file was
    /// being rendered.
    pub fn render(
        &self,
        template: &str,
        ctx: &Context,
        rendering: &Path,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(template, ctx)
            .map(|html| self.resolve(html))
            .map_err(|e| self.templates.template_error(&e, Some(rendering)))
    }

    /// Renders the component `components/<name>.html`.
    pub fn component(
        &self,
        name: &str,
        args: &Map<String, Json>,
        body: Option<&str>,
        lang: &str,
        page_file: &Path,
    ) -> Result<String, ComponentError> {
        let template = format!("components/{name}.html");
        if !self.templates.sources.contains_key(&template) {
            let names: Vec<&str> = self
                .templates
                .sources
                .keys()
                .filter_map(|k| k.strip_prefix("components/")?.strip_suffix(".html"))
                .collect();
            return Err(ComponentError::Unknown(
                suggest(name, names).map(str::to_owned),
            ));
        }
        let mut ctx = Context::new();
        for (k, v) in args {
            ctx.insert_value(k.clone(), Value::from_serializable(v));
        }
        if let Some(body) = body {
            ctx.insert_value("body", Value::from(body).mark_safe());
        }
        ctx.insert("lang", lang);
        self.localise(&mut ctx, lang);
        ctx.insert("page_file", &crate::error::display_path(page_file));
        ctx.insert(functions::TEMPLATE_VAR, &template);
        let pass = self.shared.ranges.pass();
        ctx.insert(crate::util::template_range::VAR, &pass.id);
        self.tera
            .render(&template, &ctx)
            .map(|s| self.resolve(s.trim().to_string()))
            .map_err(|e| {
                let d = self.templates.template_error(&e, None);
                ComponentError::Failed(format!("{} ({})", d.message, d.location()))
            })
    }
}

/// The templates a build renders directly.
fn roots(lib: &Library) -> Vec<String> {
    let mut roots: Vec<String> = vec!["404.html".into()];
    roots.extend(lib.pages.values().map(|p| p.template.clone()));
    roots.extend(
        lib.sections
            .values()
            .filter(|s| s.render)
            .map(|s| s.template.clone()),
    );
    if !lib.taxonomies.is_empty() {
        roots.extend([
            "taxonomy_list.html".to_string(),
            "taxonomy_single.html".to_string(),
        ]);
    }
    roots
}

/// The site's and theme folder's own templates, all of them (so their errors are reported), and
/// those of the built-in theme that the site can reach from `roots`, components, and the
/// `extends` and `include` tags of what is loaded. A site that replaces `base.html` is then
/// not held to the blocks of built-in templates it never uses.
fn reachable(
    all: HashMap<String, (PathBuf, String, bool)>,
    roots: &[String],
) -> HashMap<String, (PathBuf, String)> {
    let mut wanted: Vec<String> = roots.to_vec();
    wanted.extend(
        all.iter()
            .filter(|(n, (_, _, embedded))| !embedded || n.starts_with("components/"))
            .map(|(n, _)| n.clone()),
    );
    let mut out: HashMap<String, (PathBuf, String)> = HashMap::new();
    while let Some(name) = wanted.pop() {
        if out.contains_key(&name) {
            continue;
        }
        let Some((shown, text, _)) = all.get(&name) else {
            continue;
        };
        wanted.extend(referenced_templates(text));
        out.insert(name, (shown.clone(), text.clone()));
    }
    out
}

/// The names in `{% extends "x" %}` and `{% include "x" %}` / `{% include ["x", "y"] %}` tags.
fn referenced_templates(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag
            .split("%}")
            .next()
            .unwrap_or("")
            .trim_start_matches('-')
            .trim_start();
        if !(tag.starts_with("extends") || tag.starts_with("include")) {
            continue;
        }
        names.extend(tag.split('"').skip(1).step_by(2).map(str::to_owned));
    }
    names
}

/// Is `var` used in a tag of the template text (outside quoted strings and comments)?
fn mentions(text: &str, var: &str) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    for part in text.split("{{").skip(1).chain(text.split("{%").skip(1)) {
        let tag = part.split(['}', '%']).next().unwrap_or("");
        // Drop quoted strings.
        let mut code = String::with_capacity(tag.len());
        let mut quote = None;
        for c in tag.chars() {
            match (quote, c) {
                (None, '"' | '\'' | '`') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, c) => code.push(c),
                _ => {}
            }
        }
        let mut rest = code.as_str();
        while let Some(i) = rest.find(var) {
            let before = rest[..i].chars().next_back();
            let after = rest[i + var.len()..].chars().next();
            if !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident) {
                return true;
            }
            rest = &rest[i + var.len()..];
        }
    }
    false
}

/// The first line of a message, without Tera's "error: " prefix.
fn plain(message: &str) -> String {
    message
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(message)
        .trim()
        .trim_start_matches("error: ")
        .to_string()
}

/// `config` for templates.
pub fn config_value(config: &Config) -> Value {
    let mut v = serde_json::to_value(config).unwrap_or(Json::Null);
    if let Some(m) = v.as_object_mut() {
        m.insert("base_path".into(), Json::from(config.base_path()));
        // scheme and host, for absolute addresses of files (share images)
        let origin = config
            .base_url
            .strip_suffix(config.base_path())
            .unwrap_or("");
        m.insert("origin".into(), Json::from(origin));
    }
    Value::from_serializable(&v)
}

/// UI strings by language, then key.
type Words = HashMap<String, HashMap<String, String>>;

/// The theme's and site's `i18n/<lang>.yaml` files, merged word by word (a site's file adds
/// words and replaces the theme's words it gives again), and the languages whose file says
/// `translation_review: pending`.
fn load_i18n(root: &Path, config: &Config) -> Result<(Words, BTreeMap<String, PathBuf>)> {
    let mut out: Words = HashMap::new();
    let mut review = BTreeMap::new();
    let mut problems = Vec::new();
    for (name, origin) in assets::layers(root, config, "i18n")? {
        let Some(lang) = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
        else {
            continue;
        };
        let shown = origin.display(&format!("i18n/{name}"));
        let text = String::from_utf8_lossy(&origin.bytes()?).into_owned();
        match crate::util::yaml::parse::<HashMap<String, String>>(
            &text,
            &shown,
            &text,
            1,
            "this translation file",
        ) {
            Ok(mut map) => {
                let status = map.remove(crate::content::data_i18n::REVIEW_KEY);
                if status.as_deref() == Some("pending") {
                    review.insert(lang.to_string(), shown.clone());
                }
                out.entry(lang.to_string()).or_default().extend(map);
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok((out, review))
    } else {
        Err(problems.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_variable_in_tags_only() {
        assert!(mentions("<p>{{ item.name }}</p>", "item"));
        assert!(mentions("{% for c in item[\"contacts\"] %}", "item"));
        assert!(mentions("{{ data_fields(value=item) }}", "item"));
        assert!(!mentions(
            "<p>item</p>{{ page.item_count }}{{ \"item\" }}",
            "item"
        ));
        assert!(!mentions("{{ nav_item.url }}{# item #}", "item"));
    }

    #[test]
    fn finds_extends_and_includes() {
        let t = r#"{% extends "base.html" %}{%- include "partials/a.html" -%}{% include ["x.html", "y.html"] ignore missing %}{{ "include" }}"#;
        assert_eq!(
            referenced_templates(t),
            ["base.html", "partials/a.html", "x.html", "y.html"]
        );
    }
}
