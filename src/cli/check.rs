//! `placard check`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use placard::check::{self, Severity, report};

/// The output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    /// Grouped by file, with the source line and a caret.
    Text,
    /// `{"findings":[...]}` for tools.
    Json,
}

/// Arguments of `placard check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with content/ and placard.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// How to print the findings.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// Also check links to other websites over HTTP (results are cached in .placard-cache/).
    #[arg(long)]
    external: bool,
}

/// Builds the site in memory and reports what is wrong with it.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = check::Options {
        root: args.root,
        external: args.external,
        base_url: None,
    };
    let outcome = match check::run(&options) {
        Ok(o) => o,
        Err(e) => {
            return Ok(super::report_error(
                &e,
                "the site does not build, so it was not checked.",
            ));
        }
    };
    let text = match args.format {
        OutputFormat::Text => report::text(&outcome),
        OutputFormat::Json => report::json(&outcome) + "\n",
    };
    // A closed pipe (`placard check | head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(if outcome.count(Severity::Error) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
