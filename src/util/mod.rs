//! The bottom layer: helpers every stage uses and that know nothing of sites.
//!
//! - [`cache`], files a build made, kept by a hash of what they are made from;
//! - [`fonts`], the fonts built into placard;
//! - [`fs`], reading and writing with the path attached to every error, walking folders;
//! - [`yaml`], parsing YAML into typed values with plain-English diagnostics, and positions;
//! - [`html`], escaping text for HTML and XML;
//! - [`langmark`], text marked as being in another language, made `<span lang>` in HTML;
//! - [`progress`], progress events of long stages, drawn by the CLI;
//! - [`text`], slugs;
//! - [`url`], output files of URL paths, pager paths, addresses placard leaves alone.

pub mod cache;
pub mod colour;
pub mod fonts;
pub mod fs;
pub mod html;
pub mod langmark;
pub mod progress;
pub mod template_range;
pub mod text;
pub mod url;
pub mod yaml;
