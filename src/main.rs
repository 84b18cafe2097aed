//! The `placard` command: parses arguments, runs the library, maps results to exit codes.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: a build allocates millions of small strings and
/// values from several threads (measured in the README's Performance section).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // By default only placard's own log lines: the libraries' (such as the PDF reader's
    // "reconstructed cross-reference table" when it reads a download that it can still read)
    // mean nothing to the person building the site. `PLACARD_LOG=warn` shows them.
    let filter = tracing_subscriber::EnvFilter::try_from_env("PLACARD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off,placard=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    cli::run(args)
}
