//! `placard schema [--out DIR]`.

use std::path::PathBuf;
use std::process::ExitCode;

use placard::error::display_path;
use placard::schema;

/// Arguments of `placard schema`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (its sections' archetypes and generate: add schemas of their own).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the schemas (default: schemas/ in the site's folder).
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Writes the schemas and prints which file each is for.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !args.root.join("content").is_dir() {
        return Ok(super::report_error(
            &placard::Error::NotASite(args.root.clone()),
            "no schema was written.",
        ));
    }
    let out = args
        .out
        .unwrap_or_else(|| args.root.join(schema::DEFAULT_DIR));
    let files = match schema::schemas(&args.root) {
        Ok(f) => f,
        Err(e) => return Ok(super::report_error(&e, "no schema was written.")),
    };
    if let Err(e) = schema::write(&args.root, &out) {
        return Ok(super::report_error(&e, "not every schema was written."));
    }
    for f in &files {
        println!(
            "{}  for {}",
            display_path(&out.join(&f.name)),
            f.applies_to.join(", ")
        );
    }
    println!(
        "{} schemas (JSON Schema draft 2020-12). For VS Code's YAML extension, put this in .vscode/settings.json:",
        files.len()
    );
    let dir = out
        .strip_prefix(&args.root)
        .map(display_path)
        .unwrap_or_else(|_| display_path(&out));
    print!("{}", schema::vscode_settings(&files, &dir));
    Ok(ExitCode::SUCCESS)
}
