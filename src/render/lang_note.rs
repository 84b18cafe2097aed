//! "(in English)": what a link says when the page it goes to has no version in the reader's
//! language, so a reader is not surprised by a page they cannot read. The words are the
//! theme's `in_language_<code>` (`in_language_en: "(in English)"`, in Polish `"(po
//! angielsku)"`), looked up in the reader's language; a language without them is reported by
//! `placard check` (`i18n-missing`) like any other theme word.

use tera::{Kwargs, State, TeraResult};

use super::Shared;
use crate::content::translations::translated_key;

impl Shared {
    /// The HTML written at the end of a link from a page in `lang` to the page or section
    /// `key` (`x/y.md`), when `key` has no version in `lang` and so the link goes to the
    /// default language's: ` <span class="link-lang">(in English)</span>`. `None` when the
    /// link goes to a page in `lang`, or to no page at all (reported elsewhere).
    pub fn fallback_note(&self, key: &str, lang: &str, asked_by: &str) -> Option<String> {
        let default = &self.config.default_language;
        if lang == default || !self.urls.contains_key(key) {
            return None;
        }
        if self
            .urls
            .contains_key(&translated_key(key, lang, &self.config))
        {
            return None;
        }
        let words = self.trans(&format!("in_language_{default}"), lang, asked_by);
        Some(format!(
            " <span class=\"link-lang\">{}</span>",
            crate::util::html::escape(&words)
        ))
    }
}

/// Registers `lang_note(path="@/x.md", lang=lang)`: the note of [`Shared::fallback_note`]
/// for a link written in a template (the footer's), or "" (also for an address that is not
/// an `@/` page).
pub fn register(tera: &mut tera::Tera, shared: &std::sync::Arc<Shared>) {
    let s = shared.clone();
    tera.register_function(
        "lang_note",
        move |kw: Kwargs, st: &State| -> TeraResult<String> {
            let path: &str = kw.must_get("path")?;
            let lang: String = kw
                .get::<String>("lang")?
                .or_else(|| st.get::<String>("lang").ok().flatten())
                .unwrap_or_else(|| s.config.default_language.clone());
            let Some(key) = path.strip_prefix("@/") else {
                return Ok(String::new());
            };
            let key = key.split('#').next().unwrap_or(key);
            let template: String = st
                .get::<String>(super::functions::TEMPLATE_VAR)
                .ok()
                .flatten()
                .unwrap_or_default();
            Ok(s.fallback_note(key, &lang, &template).unwrap_or_default())
        },
    );
}
