//! The idp-audit command line: arguments in, exit code out.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use idp_audit::batch::{self, FailOn};
use idp_audit::config::Config;
use idp_audit::{Options, report, rules};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// A batch allocates many small strings on every worker thread; mimalloc's
// per-thread heaps make that markedly cheaper than the system allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_HELP: &str = "Exit codes:
  0  no finding at or above the --fail-on level (by default: no vague provision);
     always 0 with --exit-zero, unless idp-audit itself failed
  1  findings at or above the --fail-on level
  2  a usage error (arguments, configuration), or a file that could not be read

Configuration: idp-audit.toml in the current folder or the nearest parent that has one,
or --config FILE. `idp-audit config` prints the configuration in effect.";

#[derive(Parser)]
#[command(
    name = "idp-audit",
    version,
    about = "Check that Section 2B of a Welsh Individual Development Plan (IDP) is specified and quantified",
    after_help = EXIT_HELP
)]
struct Cli {
    /// Read this configuration file instead of looking for idp-audit.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check plans (.docx, .md, .txt), or every plan in folders, and report
    /// each provision of Section 2B.
    #[command(after_help = EXIT_HELP)]
    Check {
        /// Plan files, or folders to search for plans (.docx, .md, .markdown,
        /// .txt; Word lock files and hidden files are skipped).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format [default: human, or `format` in idp-audit.toml].
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// When to colour the human report.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Exit 1 when a finding reaches LEVEL: vague (any vague provision, the
        /// default), error, warning or info (any finding).
        #[arg(long, value_name = "LEVEL", value_parser = clap::builder::PossibleValuesParser::new(FailOn::NAMES))]
        fail_on: Option<String>,
        /// Check N plans at once [default: one per processor]. The report is the
        /// same for every N.
        #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Exit 0 even when provisions are vague or files unreadable (still 2 if
        /// idp-audit itself failed).
        #[arg(long)]
        exit_zero: bool,
        /// Never draw a progress bar (one is drawn on stderr, when it is a
        /// terminal, for more than a handful of plans).
        #[arg(long)]
        no_progress: bool,
    },
    /// Print the configuration in effect (from idp-audit.toml, or the
    /// defaults), as TOML idp-audit can read back.
    Config,
    /// Print a shell completion script: `idp-audit completions bash >
    /// ~/.local/share/bash-completion/completions/idp-audit`.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff): `idp-audit man > idp-audit.1`.
    Man,
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
        Command::Check { paths, format, color, fail_on, jobs, exit_zero, no_progress } => {
            let args = CheckArgs { paths, format, color, fail_on, jobs, exit_zero, no_progress };
            check(cli.config.as_deref(), args)
        }
        Command::Config => match load_config(cli.config.as_deref()) {
            Ok(cfg) => {
                let _ = write_stdout(&cfg.to_toml("human"));
                match cfg.options() {
                    Ok(_) => ExitCode::SUCCESS,
                    Err(e) => usage_error(&e.to_string()),
                }
            }
            Err(code) => code,
        },
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "idp-audit", &mut out);
            let _ = write_stdout(&String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
        }
        Command::Man => {
            let mut out = Vec::new();
            if clap_mangen::Man::new(Cli::command()).render(&mut out).is_err() {
                return ExitCode::from(2);
            }
            let _ = write_stdout(&String::from_utf8_lossy(&out));
            ExitCode::SUCCESS
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
        Command::Letter(args) => letter(cli.config.as_deref(), args),
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

struct CheckArgs {
    paths: Vec<PathBuf>,
    format: Option<OutputFormat>,
    color: ColorChoice,
    fail_on: Option<String>,
    jobs: Option<u16>,
    exit_zero: bool,
    no_progress: bool,
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("idp-audit: {message}");
    ExitCode::from(2)
}

fn load_config(explicit: Option<&Path>) -> Result<Config, ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    Config::load(explicit, &cwd).map_err(|e| usage_error(&e.to_string()))
}

/// The configuration and the options it gives (its rules and lexicon).
fn load_options(explicit: Option<&Path>) -> Result<(Config, Options), ExitCode> {
    let cfg = load_config(explicit)?;
    let opts = cfg.options().map_err(|e| usage_error(&e.to_string()))?;
    Ok((cfg, opts))
}

fn check(config: Option<&Path>, args: CheckArgs) -> ExitCode {
    let (cfg, opts) = match load_options(config) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let format = match (args.format, &cfg.format) {
        (Some(f), _) => f,
        (None, Some(name)) => match OutputFormat::from_str(name, true) {
            Ok(f) => f,
            Err(_) => {
                let known: Vec<String> = OutputFormat::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
                    .collect();
                let file = cfg.source.as_deref().unwrap_or(Path::new("idp-audit.toml"));
                return usage_error(&format!(
                    "{}: format = {name:?} is not a format idp-audit knows; use one of {}.",
                    file.display(),
                    known.join(", ")
                ));
            }
        },
        (None, None) => OutputFormat::Human,
    };
    let fail_on = match args.fail_on.as_deref().map(str::parse::<FailOn>) {
        Some(Ok(level)) => level,
        Some(Err(e)) => return usage_error(&e),
        None => cfg.fail_on,
    };
    let found = batch::discover(&args.paths, &cfg.select());
    for w in &found.warnings {
        eprintln!("idp-audit: warning: {w}");
    }
    if found.items.is_empty() {
        return usage_error(
            "there are no plans to check. Give plan files, or folders that hold .docx, .md or .txt plans.",
        );
    }
    let color = match args.color {
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
    let mut sink = report::sink(format, report::Style { color, ..Default::default() });
    let jobs = args.jobs.map(usize::from).unwrap_or_else(batch::default_jobs);
    let bar = if args.no_progress { None } else { batch::Bar::on_terminal(found.items.len()) };
    let stdout = std::io::stdout().lock();
    let result = match &bar {
        Some(bar) => {
            let mut out = bar.writer(stdout);
            let r = batch::run(&found.items, &opts, jobs, sink.as_mut(), &mut out, &mut |done| bar.set(done));
            bar.finish();
            r
        }
        None => {
            let mut out = stdout;
            batch::run(&found.items, &opts, jobs, sink.as_mut(), &mut out, &mut |_| {})
        }
    };
    let Ok(outcome) = result else {
        // stdout was closed (`| head`) or full: the report is incomplete.
        return ExitCode::from(2);
    };
    if outcome.internal > 0 {
        ExitCode::from(2)
    } else if args.exit_zero {
        ExitCode::SUCCESS
    } else if outcome.unreadable > 0 {
        ExitCode::from(2)
    } else if outcome.fails(fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn letter(config: Option<&Path>, a: LetterArgs) -> ExitCode {
    use idp_audit::letter::{self, Outcome};
    // The command line wins over [letter] in idp-audit.toml.
    let (cfg, opts) = match load_options(config) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let defaults = cfg.letter;
    let details = letter::LetterDetails {
        date: a.date.unwrap_or_else(letter::today),
        parent: a.parent.or(defaults.parent),
        child: a.child.or(defaults.child),
        school: a.school.or(defaults.school),
        to: a.to.or(defaults.to),
        lang: match a.lang {
            Lang::En => letter::Lang::En,
        },
    };
    let req = letter::Request { plan: a.plan.clone(), out: a.out, force: a.force, details };
    match letter::run(&req, &opts) {
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
