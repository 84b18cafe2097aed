//! `placard cms install [--from FILE]` and `placard cms config`: the editing UI's files and
//! settings (the editor itself is served by `placard serve --cms`).

use std::path::PathBuf;
use std::process::ExitCode;

use placard::cms::{self, editor};
use placard::error::display_path;

/// Arguments of `placard cms`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Get the editor's files (Decap CMS, one pinned version, from the npm registry) for this site.
    Install {
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Use this already downloaded package file (`npm pack decap-cms@VERSION`) instead of
        /// running npm.
        #[arg(long, value_name = "FILE")]
        from: Option<PathBuf>,
    },
    /// Print the editor's settings (its config.yml) as placard makes them from the site.
    Config {
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs `placard cms ...`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Install { root, from } => install(root, from),
        Command::Config { root } => config(root),
    }
}

fn install(root: PathBuf, from: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    if !root.join("content").is_dir() {
        return Ok(super::report_error(
            &placard::Error::NotASite(root),
            "the editor was not installed.",
        ));
    }
    if from.is_none() {
        println!(
            "Downloading {} {} from the npm registry (about 16 MB)...",
            editor::PACKAGE,
            editor::VERSION
        );
    }
    match editor::install(&root, from.as_deref()) {
        Ok(done) => {
            println!(
                "Installed {} {} ({} files, {:.1} MB, checked against {}) in {}.",
                editor::PACKAGE,
                editor::VERSION,
                done.files,
                done.bytes as f64 / 1_000_000.0,
                editor::INTEGRITY,
                display_path(&done.dir)
            );
            println!("Run `placard serve --cms` and open /admin/ to edit the site in the browser.");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("the editor was not installed.");
            Ok(ExitCode::from(1))
        }
    }
}

fn config(root: PathBuf) -> anyhow::Result<ExitCode> {
    if !root.join("content").is_dir() {
        return Ok(super::report_error(
            &placard::Error::NotASite(root),
            "no settings were printed.",
        ));
    }
    let result = placard::pipeline::load_config(&root, None)
        .and_then(|c| cms::config(&root, &c, &cms::Options::default()));
    match result {
        Ok(v) => {
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(super::report_error(&e, "no settings were printed.")),
    }
}
