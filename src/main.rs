//! The idp-audit command line: arguments in, exit code out.

use clap::{Parser, Subcommand, ValueEnum};
use idp_audit::{Options, audit_file, report};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "idp-audit", version, about = "Check that Section 2B of a Welsh IDP is specified and quantified")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check plans (.docx, .md, .txt) and report each provision.
    Check {
        /// Plan files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
    },
    /// Show what idp-audit read from a plan: its blocks, Section 2B and the
    /// provisions with their fields (for checking a plan that reads oddly).
    Dump { path: PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { paths, format } => {
            let opts = Options::default();
            let docs: Vec<_> = paths.iter().map(|p| audit_file(p, &opts)).collect();
            match format {
                OutputFormat::Json => print!("{}", report::json::render(&docs)),
            }
            ExitCode::SUCCESS
        }
        Command::Dump { path } => match idp_audit::dump_file(&path, &Options::default()) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("idp-audit: {}: {e}", path.display());
                ExitCode::from(2)
            }
        },
    }
}
