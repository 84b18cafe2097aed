//! placard: a static site generator for accessible, safe public-awareness campaign sites.
//!
//! The pipeline, one function per stage: [`config::Config::load`] -> [`content::load`] ->
//! [`markdown::render`] -> [`render`] -> [`output`]; [`build::build`] runs them in order.

pub mod assets;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod extras;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod util;

pub use build::{BuildOptions, Report, build};
pub use error::{Diagnostic, Error, Result};
