//! The content rules that run over the whole site: `reading-age` ([`super::readability`]),
//! `contact-unverified` and `contact-stale` ([`super::contacts`]), and the findings of the
//! downloads stage (`download-alternative`, `pdf-title`) and of UI strings (`i18n-missing`).

use super::{Audit, Finding, Spot};

/// `download-alternative` and `pdf-title`: the warnings of the downloads stage, at the
/// download's front-matter entry.
pub fn downloads(site: &Audit<'_>) -> Vec<Finding> {
    crate::assets::downloads::warnings(site.downloads)
        .into_iter()
        .map(|w| {
            let text = site
                .lib
                .pages
                .values()
                .map(|p| &p.source)
                .chain(site.lib.sections.values().map(|s| &s.source))
                .find(|s| s.file == w.path)
                .map(|s| s.text.clone());
            let spot = match &text {
                Some(t) if w.line > 0 => Spot::line(&w.path, t, w.line),
                _ => Spot::file(&w.path),
            };
            Finding::new(w.rule, &w.path, w.message).at(&spot)
        })
        .collect()
}

/// `i18n-missing`: UI strings the templates asked for in a language whose i18n file lacks them.
pub fn i18n_missing(misses: &[crate::render::i18n::I18nMiss]) -> Vec<Finding> {
    misses
        .iter()
        .map(|m| {
            let instead = match &m.shown {
                Some(lang) => format!("readers see the `{lang}` text instead"),
                None => format!("readers see the bare key `{}`", m.key),
            };
            Finding::new(
                "i18n-missing",
                &m.file,
                format!(
                    "the `{}` text `{}` (used by the template {}) is missing, so {instead}",
                    m.lang, m.key, m.template
                ),
            )
            .hint(format!(
                "add `{}: ...` to {}, in that language",
                m.key, m.file
            ))
        })
        .collect()
}

/// Runs the content rules.
pub fn check(site: &Audit<'_>) -> Vec<Finding> {
    let mut out = super::readability::reading_age(site);
    for (_, file, text) in &site.lib.data.files {
        out.extend(super::contacts::contacts(site, file, text));
    }
    out
}
