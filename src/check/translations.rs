//! Translations: data texts a language lacks (`i18n-missing`, like the theme's words), data
//! files with no translation into a language of the site, and translations awaiting review by
//! a fluent speaker (`translation-review`, once per language).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Audit, Finding, Spot};
use crate::content::front_matter::TranslationReview;

/// The language's name for messages: `Urdu (ur)` is not known, so `اردو (ur)`.
fn named(site: &Audit<'_>, lang: &str) -> String {
    format!("{} ({lang})", site.config.language_name(lang))
}

/// `i18n-missing` for data: each text of a data file that a language's overlay lacks, at its
/// line in the base file; and each data file translated into some languages of the site but
/// not into another.
pub fn data_missing(site: &Audit<'_>) -> Vec<Finding> {
    let t = &site.lib.data.translations;
    let default = &site.config.default_language;
    let mut out: Vec<Finding> = Vec::new();
    for m in &t.missing {
        let overlay = crate::error::display_path(&m.overlay);
        let exists = t.files.contains(&m.overlay);
        let message = format!(
            "the {} text of `{}` is missing, so pages in that language show the `{default}` text",
            named(site, &m.lang),
            m.field
        );
        let hint = if exists {
            format!("add it to {overlay}, in that language, keyed as in this file")
        } else {
            format!(
                "translate this file's texts into {overlay} (only the translated fields, keyed as in this file)"
            )
        };
        let spot = match site.lib.data.files.iter().find(|(_, f, _)| *f == m.file) {
            Some((_, f, text)) if m.line > 0 => Spot::line(f, text, m.line),
            _ => Spot::file(&m.file),
        };
        let mut f = Finding::new("i18n-missing", &m.file, message).hint(hint);
        f = f.at(&spot);
        if m.column > 0 {
            f.column = m.column;
        }
        out.push(f);
    }
    for u in &t.untranslated {
        let message = format!(
            "{} has no {} translation, so pages in that language show its `{default}` texts (marked as `{default}` for screen readers)",
            crate::error::display_path(&u.file),
            named(site, &u.lang),
        );
        let hint = format!(
            "translate its texts into {} (only the translated fields, keyed as in this file)",
            crate::error::display_path(&u.overlay)
        );
        out.push(Finding::new("i18n-missing", &u.file, message).hint(hint));
    }
    out
}

/// `translation-review`: once per language, the translations marked
/// `translation_review: pending` (the theme's words, data files and pages).
pub fn review(site: &Audit<'_>) -> Vec<Finding> {
    let mut by_lang: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut first: BTreeMap<&str, PathBuf> = BTreeMap::new();
    let declared = |l: &str| site.config.is_other_language(l);
    for (lang, file) in site.theme_review_pending() {
        if declared(lang) {
            first.entry(lang).or_insert_with(|| file.clone());
            by_lang.entry(lang).or_default().push(format!(
                "the theme's words ({})",
                crate::error::display_path(file)
            ));
        }
    }
    for (lang, files) in &site.lib.data.translations.pending {
        for file in files {
            first.entry(lang).or_insert_with(|| file.clone());
            by_lang
                .entry(lang)
                .or_default()
                .push(crate::error::display_path(file));
        }
    }
    let mut pages: BTreeMap<&str, (usize, PathBuf)> = BTreeMap::new();
    let sources = site
        .lib
        .pages
        .values()
        .filter(|p| p.item.is_none())
        .map(|p| (&p.lang, p.meta.translation_review, &p.source.file))
        .chain(
            site.lib
                .sections
                .values()
                .map(|s| (&s.lang, s.meta.translation_review, &s.source.file)),
        );
    for (lang, status, file) in sources {
        if status == Some(TranslationReview::Pending) {
            let e = pages.entry(lang).or_insert((0, file.clone()));
            e.0 += 1;
        }
    }
    for (lang, (count, file)) in &pages {
        first.entry(lang).or_insert_with(|| file.clone());
        let what = if *count == 1 {
            "1 page".to_string()
        } else {
            format!("{count} pages")
        };
        by_lang.entry(lang).or_default().push(what);
    }
    by_lang
        .into_iter()
        .map(|(lang, what)| {
            let file = first.get(lang).cloned().unwrap_or_default();
            Finding::new(
                "translation-review",
                file,
                format!(
                    "the {} translation awaits review by a fluent speaker: {}",
                    named(site, lang),
                    what.join(", ")
                ),
            )
            .hint("once a fluent speaker has checked a translation, remove its `translation_review: pending` line (or write `done`)")
        })
        .collect()
}
