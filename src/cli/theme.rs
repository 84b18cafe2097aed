//! `placard theme list` and `placard theme copy FILE`.

use std::path::PathBuf;
use std::process::ExitCode;

use placard::error::display_path;
use placard::scaffold::theme_files;

/// Arguments of `placard theme`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// List the theme's files a site can replace, with what each holds.
    List {
        /// The site's folder: files it already replaces are marked.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Copy a theme file into the site (templates/, static/ or i18n/) to change it there.
    Copy {
        /// The file, as `theme list` shows it (`templates/partials/footer.html`), or shorter
        /// (`partials/footer.html`, `footer.html`).
        file: String,
        /// The site's folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// Runs `theme list` or `theme copy`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::List { root } => {
            let files = theme_files::list();
            let width = files.iter().map(|f| f.path.len()).max().unwrap_or(0);
            for f in &files {
                let mark = if root.join(f.path).is_file() {
                    " (your site replaces it)"
                } else {
                    ""
                };
                println!("{:width$}  {}{mark}", f.path, f.about);
            }
            println!(
                "\n{} files. `placard theme copy FILE` copies one into your site to change it; \
                 changing colours, logo, footer or helplines needs none (see placard.yaml's brand: and help:).",
                files.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Copy { file, root } => match theme_files::copy(&root, &file) {
            Ok(rel) => {
                println!(
                    "Copied the theme's {0} to {1}: the site now uses {1} instead. \
                     Delete it to go back to the theme's.",
                    display_path(&rel),
                    display_path(&root.join(&rel))
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(ExitCode::from(1))
            }
        },
    }
}
