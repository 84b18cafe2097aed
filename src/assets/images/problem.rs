//! Why an image could not be processed, and the message a comms team reads about it.

use std::path::Path;

use image::ImageError;

use super::{MAX_SIDE, budget};
use crate::error::{Diagnostic, display_path};

/// Why an image could not be processed.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Empty,
    Unsupported(String),
    Corrupt(String),
    TooLarge(String),
    Io(String),
    /// The file could not be read (or may not be: a link out of the site).
    Read(Box<Diagnostic>),
}

impl Problem {
    /// A diagnostic naming the image and where it is used.
    pub fn diagnostic(&self, image: &Path, used_at: &str) -> Diagnostic {
        let (message, hint) = match self {
            Problem::Read(d) => {
                let hint = d.hint.as_deref().unwrap_or("check the file");
                (d.message.clone(), hint.to_string())
            }
            Problem::Empty => (
                "this image file is empty".to_string(),
                "copy the image file again; it has 0 bytes".to_string(),
            ),
            Problem::Unsupported(why) => (
                format!("placard cannot read this kind of image ({why})"),
                "save it as JPEG, PNG, WebP or GIF".to_string(),
            ),
            Problem::Corrupt(why) => (
                format!("this image is damaged or cut short ({why})"),
                "open it in an image editor and save it again, or copy it again".to_string(),
            ),
            Problem::TooLarge(why) => (
                format!("this image is too large to process ({why})"),
                format!(
                    "resize it to at most {MAX_SIDE} pixels on each side and {} million pixels in all",
                    budget::MAX_PIXELS / 1_000_000
                ),
            ),
            Problem::Io(why) => (
                format!("could not read or write this image ({why})"),
                "check the file's permissions and the free disk space".to_string(),
            ),
        };
        Diagnostic::new(image, message).hint(format!(
            "{hint} (the image is used in {})",
            display_path(Path::new(used_at))
        ))
    }
}

pub(super) fn classify(e: ImageError) -> Problem {
    match e {
        ImageError::Limits(l) => Problem::TooLarge(l.to_string().trim().into()),
        ImageError::Unsupported(u) => Problem::Unsupported(u.to_string().trim().into()),
        other => Problem::Corrupt(other.to_string().trim().into()),
    }
}
