//! The idp-audit command line: arguments in, exit code out.

use clap::{Parser, Subcommand, ValueEnum};
use idp_audit::{Options, Status, audit_file, report, rules};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_HELP: &str = "Exit codes:
  0  no vague provision (always, with --exit-zero, unless idp-audit itself failed)
  1  at least one vague provision
  2  a usage error, or a file that could not be read";

#[derive(Parser)]
#[command(
    name = "idp-audit",
    version,
    about = "Check that Section 2B of a Welsh Individual Development Plan (IDP) is specified and quantified",
    after_help = EXIT_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check plans (.docx, .md, .txt) and report each provision of Section 2B.
    #[command(after_help = EXIT_HELP)]
    Check {
        /// Plan files to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// When to colour the human report.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Exit 0 even when provisions are vague (still 2 if idp-audit itself failed).
        #[arg(long)]
        exit_zero: bool,
    },
    /// Show what idp-audit read from a plan: its blocks, Section 2B and the
    /// provisions with their fields (for checking a plan that reads oddly).
    Dump { path: PathBuf },
    /// Write a letter to the school's ALNCo asking for each vague provision in
    /// Section 2B to be revised (Word or Markdown, from --out's ending).
    #[command(after_help = LETTER_EXIT_HELP)]
    Letter(LetterArgs),
    /// List every rule with its id, severity and title.
    Rules,
    /// Explain one rule in plain English: what it checks, why, and how to fix it.
    Explain {
        /// A rule id (IDP201) or name (conditional-provision).
        rule: String,
    },
}

const LETTER_EXIT_HELP: &str = "Exit codes:
  0  the letter was written, or no provision is vague (so there is nothing to ask)
  2  the plan could not be read or has no Section 2B, or --out was refused";

#[derive(clap::Args)]
struct LetterArgs {
    /// The plan (.docx, .md, .txt). It is only read, never written.
    plan: PathBuf,
    /// The letter to write: a name ending .docx (Word) or .md (Markdown).
    #[arg(long)]
    out: PathBuf,
    /// The letter's date, YYYY-MM-DD (default: today); the reply date is 10 working days later.
    #[arg(long, value_parser = idp_audit::letter::parse_date)]
    date: Option<jiff::civil::Date>,
    /// Your name, as it should be signed.
    #[arg(long)]
    parent: Option<String>,
    /// Your child's full name.
    #[arg(long)]
    child: Option<String>,
    /// The school's name.
    #[arg(long)]
    school: Option<String>,
    /// The ALNCo's name, e.g. "Mr Iwan Pritchard".
    #[arg(long)]
    to: Option<String>,
    /// The letter's language.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    lang: Lang,
    /// Replace --out if it already exists (never the plan).
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    /// English.
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// A report for people to read.
    Human,
    /// The JSON report (shared contract, schema version 1).
    Json,
    /// The human report as Markdown, to print or paste.
    Markdown,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// One row per provision, for a spreadsheet.
    Csv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { paths, format, color, exit_zero } => {
            let opts = Options::default();
            let docs: Vec<_> = paths.iter().map(|p| audit_file(p, &opts)).collect();
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let format = match format {
                OutputFormat::Json => report::Format::Json,
                OutputFormat::Human => report::Format::Human,
                OutputFormat::Markdown => report::Format::Markdown,
                OutputFormat::Sarif => report::Format::Sarif,
                OutputFormat::Csv => report::Format::Csv,
            };
            let text = report::render(format, &docs, report::Style { color, ..Default::default() });
            if write_stdout(&text).is_err() {
                return ExitCode::from(2);
            }
            let internal =
                docs.iter().any(|d| d.error.as_ref().is_some_and(|e| e.kind == idp_audit::read::ErrorKind::Internal));
            if internal || (!exit_zero && docs.iter().any(|d| d.status == Status::Error)) {
                ExitCode::from(2)
            } else if !exit_zero && docs.iter().any(|d| d.vague_count() > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Dump { path } => match idp_audit::dump_file(&path, &Options::default()) {
            Ok(text) => {
                let _ = write_stdout(&text);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("idp-audit: {}: {e}", path.display());
                ExitCode::from(2)
            }
        },
        Command::Letter(args) => letter(args),
        Command::Rules => {
            let _ = write_stdout(&report::rules::list());
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match rules::get(&rule) {
            Some(r) => {
                let _ = write_stdout(&report::rules::explain(r));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("idp-audit: there is no rule {rule:?}. `idp-audit rules` lists them all.");
                ExitCode::from(2)
            }
        },
    }
}

fn letter(a: LetterArgs) -> ExitCode {
    use idp_audit::letter::{self, Outcome};
    let details = letter::LetterDetails {
        date: a.date.unwrap_or_else(letter::today),
        parent: a.parent,
        child: a.child,
        school: a.school,
        to: a.to,
        lang: match a.lang {
            Lang::En => letter::Lang::En,
        },
    };
    let req = letter::Request { plan: a.plan.clone(), out: a.out, force: a.force, details };
    match letter::run(&req, &Options::default()) {
        Ok(Outcome::Written { out, letter: l, .. }) => {
            println!("{}", letter::written_message(&out, &l));
            ExitCode::SUCCESS
        }
        Ok(Outcome::NothingToAsk(msg)) => {
            println!("{}: {msg}", a.plan.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("idp-audit: {}: {e}", a.plan.display());
            ExitCode::from(2)
        }
    }
}

/// Write to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
