//! `placard build`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use placard::error::display_path;

/// Arguments of `placard build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with content/ and placard.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site [default: public/ under the root].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Use this address instead of `base_url` from placard.yaml.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

/// Builds the site.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let options = placard::BuildOptions {
        root: args.root.clone(),
        output: args.output.clone(),
        drafts: args.drafts,
        base_url: args.base_url,
    };
    let output = args.output.unwrap_or_else(|| args.root.join("public"));
    match placard::pipeline::build_with(&options, &super::progress::Bar::default()) {
        Ok(report) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for w in &report.warnings {
                eprintln!("{}", w.render_warning(color));
            }
            for (stage, time) in &report.timings {
                tracing::info!("{stage}: {:.1} ms", time.as_secs_f64() * 1000.0);
            }
            println!(
                "Built {} page{} and {} section{} ({} files) into {} in {} ms.",
                report.pages,
                if report.pages == 1 { "" } else { "s" },
                report.sections,
                if report.sections == 1 { "" } else { "s" },
                report.files,
                display_path(&report.output),
                started.elapsed().as_millis()
            );
            if report.images_processed + report.images_cached > 0 {
                println!(
                    "Images: {} processed, {} from the cache.",
                    report.images_processed, report.images_cached
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(super::report_error(
            &e,
            &format!(
                "nothing was written: {} is as it was before.",
                display_path(&output)
            ),
        )),
    }
}
