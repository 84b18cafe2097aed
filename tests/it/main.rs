//! placard's integration tests: one binary, one small fixture site per case under
//! `tests/fixtures/<area>/<case>/`, each copied into a temporary folder and built with the
//! real `placard` binary.

mod build_cli;
mod bundled_pages;
mod check;
mod cms;
mod commonmark;
mod components;
mod config;
mod content;
mod data_page;
mod downloads;
mod downloads_thumb;
mod errors;
mod failure;
mod hardening;
mod headers;
mod i18n;
mod images;
mod lang_note;
mod markdown;
mod materials;
mod metadata;
mod numbers;
mod output;
mod print;
mod scaffold;
mod schema;
mod search;
mod search_serve;
mod serve;
mod serve_host;
mod serve_incremental;
mod serve_load;
mod serve_templates;
mod silent;
#[cfg(unix)]
mod site_root;
mod ssrf;
mod templates;
mod theme;
mod theme_abroad;
mod translations;
mod util;
