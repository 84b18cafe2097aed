//! The command line: one file per subcommand.

mod build;
mod check;
mod cms;
mod init;
mod new;
mod progress;
mod schema;
mod serve;
mod theme;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// placard: accessible, safe campaign sites from Markdown.
#[derive(Debug, Parser)]
#[command(name = "placard", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a folder (public/ by default).
    Build(build::Args),
    /// Check the site for accessibility, privacy, broken links and stale contacts.
    Check(check::Args),
    /// Preview the site: build it in memory, serve it, and rebuild when files change.
    Serve(serve::Args),
    /// Start a new campaign site in a new folder, ready to build and fill in.
    Init(init::Args),
    /// Add a page, a section or a translation, with the front matter its section gives.
    New(new::Args),
    /// List the theme's files, or copy one into the site to change it.
    Theme(theme::Args),
    /// Write JSON Schemas of placard.yaml, front matter and data files, for editors.
    Schema(schema::Args),
    /// The editing UI in the browser: install its files, or print its settings.
    Cms(cms::Args),
}

/// Runs a subcommand and maps its result to an exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Theme(args) => theme::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Cms(args) => cms::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Prints a library error the way a comms team member should see it; returns the exit code.
pub fn report_error(err: &placard::Error, what_happened: &str) -> ExitCode {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match err {
        placard::Error::Site(diagnostics) => {
            for d in diagnostics {
                eprintln!("{}", d.render(color));
            }
            let n = diagnostics.len();
            eprintln!(
                "error: {n} problem{} found; {what_happened}",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        placard::Error::NotASite(path) if !path.exists() => {
            eprintln!(
                "error: the folder {} does not exist",
                placard::error::display_path(path)
            );
            ExitCode::from(2)
        }
        other => {
            eprintln!("error: {other}");
            eprintln!("{what_happened}");
            ExitCode::from(1)
        }
    }
}
