//! placard: a static site generator for accessible, safe public-awareness campaign sites.
//!
//! The layers, each importing only from those above it in this list (docs/architecture.md):
//! [`error`] and [`util`] -> [`config`] -> [`content`] -> [`markdown`] -> [`assets`] ->
//! [`render`] -> [`output`] -> [`extras`] -> [`pipeline`] -> [`check`], [`serve`], [`schema`]
//! -> [`scaffold`].
//! [`pipeline`] runs the stages in order: [`config::Config::load`] -> [`content::load`] ->
//! downloads -> templates and the route table -> [`markdown::render`] -> images -> writing.

pub mod assets;
pub mod check;
pub mod cms;
pub mod config;
pub mod content;
pub mod error;
pub mod extras;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod print;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod util;

pub use error::{Diagnostic, Error, Result};
pub use pipeline::{BuildOptions, Report, Site, build};
