//! The content stage: content/ and data/ into a [`Library`] of pages and sections.

pub mod contacts;
pub mod data;
pub mod data_i18n;
pub mod data_pages;
pub mod downloads;
mod files;
pub mod front_matter;
pub mod identity;
pub mod load;
pub mod page;
pub mod print;
pub mod section;
pub mod taxonomy;
pub mod translations;

pub use load::{Library, LoadOptions, lang_prefix, load, load_all};
pub use page::{Date, Page, Section};
