//! `placard serve`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use placard::error::display_path;
use placard::serve::{Event, ServeOptions};

/// Arguments of `placard serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site's folder (with content/ and placard.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The port to listen on (the next free one if it is taken; 0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. Only 127.0.0.1 keeps the preview on this computer.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the site in the web browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Offer the editing UI at /admin/ (install it first with `placard cms install`).
    #[arg(long)]
    cms: bool,
}

/// Serves the site until Ctrl-C.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = ServeOptions {
        root: args.root.clone(),
        port: args.port,
        bind: args.bind,
        drafts: args.drafts,
        cms: args.cms,
    };
    let cms_note = placard::serve::cms_note(&options);
    let open = args.open;
    let mut on = |event: Event<'_>| match event {
        Event::Listening {
            url,
            taken,
            exposed,
            ms,
        } => {
            if let Some(port) = taken {
                println!("Port {port} is in use, so placard uses the next free one.");
            }
            if exposed {
                eprintln!(
                    "warning: listening on {}, so other computers on the network can see this preview; use --bind 127.0.0.1 to keep it on this computer",
                    args.bind
                );
            }
            println!(
                "Built {} in memory in {ms:.0} ms.",
                display_path(&args.root)
            );
            println!("Serving the site at {url}");
            if let Some(note) = &cms_note {
                println!("{}", note.replace("{url}", &url));
            }
            println!("Watching for changes. Press Ctrl-C to stop.");
            if open {
                open_browser(&url);
            }
        }
        Event::Rebuilt(done) => {
            println!(
                "Rebuilt in {:.1} ms: {} ({} HTML file(s) rendered).",
                done.ms, done.what, done.rendered
            );
        }
        Event::Failed(e) => {
            super::report_error(
                e,
                "the last version that worked is still served; fix the file and save it.",
            );
        }
        Event::Probed { listeners, ms } => {
            tracing::info!("{listeners} page(s) show other pages' text (found in {ms:.0} ms)");
        }
        Event::Stopped => println!("Stopped."),
    };
    match placard::serve::serve(&options, &mut on) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => Ok(super::report_error(&e, "the site was not served.")),
    }
}

/// Opens `url` with the system's browser opener, or says how to open it.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let opened = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok();
    if !opened {
        println!("Open {url} in your web browser.");
    }
}
