//! `placard init DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use placard::error::display_path;
use placard::scaffold::init;

/// Arguments of `placard init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new site's folder: it must not exist yet, or be empty.
    dir: PathBuf,
    /// The campaign's name, the site's title (else made from the folder's name).
    #[arg(long)]
    name: Option<String>,
    /// The language of the site's pages, as a code such as en, cy or ur.
    #[arg(long, default_value = "en")]
    language: String,
}

/// Writes the starter site and says what to do next.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = init::Options {
        name: args.name,
        language: Some(args.language),
    };
    match init::init(&args.dir, &options) {
        Ok(written) => {
            let dir = display_path(&args.dir);
            println!(
                "Made the site \"{}\" in {dir} ({} files).",
                written.name,
                written.files.len()
            );
            if written.language != "en" {
                println!(
                    "Its pages are in English for now: write them in `{}`.",
                    written.language
                );
            }
            println!("Next:");
            println!("  placard serve --root {dir}    see it in your browser as you edit");
            println!("  placard check --root {dir}    what to fill in before publishing");
            println!("Every gap to fill is marked [TODO: ...] in its page.");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(1))
        }
    }
}
