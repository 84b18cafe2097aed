//! Languages: their own names, for a site that does not name a language in placard.yaml.

/// The name of a language in its own script, for the codes of languages often needed in
/// Greater Manchester, so a site that does not name a language in `placard.yaml` still shows a
/// readable name in the language switcher.
pub fn endonym(code: &str) -> Option<&'static str> {
    Some(match code {
        "en" => "English",
        "ar" => "العربية",
        "bn" => "বাংলা",
        "cs" => "Čeština",
        "cy" => "Cymraeg",
        "es" => "Español",
        "fa" => "فارسی",
        "fr" => "Français",
        "gu" => "ગુજરાતી",
        "hi" => "हिन्दी",
        "hu" => "Magyar",
        "lt" => "Lietuvių",
        "pl" => "Polski",
        "ps" => "پښتو",
        "pt" => "Português",
        "ro" => "Română",
        "ru" => "Русский",
        "sk" => "Slovenčina",
        "so" => "Soomaali",
        "sq" => "Shqip",
        "ti" => "ትግርኛ",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "ur" => "اردو",
        "vi" => "Tiếng Việt",
        "zh" => "中文",
        _ => return None,
    })
}
