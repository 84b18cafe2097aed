//! `placard new PATH`.

use std::path::PathBuf;
use std::process::ExitCode;

use placard::error::display_path;
use placard::scaffold::{self, new};

/// Arguments of `placard new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new file under content/: a page `campaign/signs.md`, a section `news/_index.md`
    /// (or `news/`), or a translation `campaign/signs.ur.md` beside `campaign/signs.md`.
    path: String,
    /// The page's title (else made from the file's name; a translation keeps the original's).
    #[arg(long)]
    title: Option<String>,
    /// The site's folder (with content/ and placard.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Writes the new file and says what it is.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.root.join("content").is_dir() {
        return Ok(super::report_error(
            &placard::Error::NotASite(args.root.clone()),
            "nothing was written.",
        ));
    }
    match new::new(&args.root, &args.path, args.title.as_deref()) {
        Ok(made) => {
            let what = match made.kind {
                new::Kind::Page => "page",
                new::Kind::Section => "section",
                new::Kind::Translation => "translation (marked translation_review: pending)",
            };
            let from = made
                .archetype
                .map(|a| format!(" from {}", display_path(&a)))
                .unwrap_or_default();
            println!("Made the {what} {}{from}.", display_path(&made.file));
            Ok(ExitCode::SUCCESS)
        }
        Err(scaffold::Error::Site(e)) => Ok(super::report_error(&e, "nothing was written.")),
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(1))
        }
    }
}
