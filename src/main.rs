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
#[cfg(not(target_arch = "wasm32"))]
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
    /// The words of the heading that opens Section 2B, for a plan whose
    /// section idp-audit cannot find ("What support will I get").
    #[arg(long = "section-2b", global = true, value_name = "HEADING")]
    section_2b: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check plans (.docx, .pdf, .md, .txt), or every plan in folders, and report
    /// each provision of Section 2B.
    #[command(after_help = EXIT_HELP)]
    Check {
        /// Plan files, or folders to search for plans (.docx, .pdf, .md,
        /// .markdown, .txt; Word lock files and hidden files are skipped). `-` reads one
        /// plan from standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format [default: human, or `format` in idp-audit.toml].
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Write the report to FILE instead of standard output (never over a
        /// plan being checked).
        #[arg(short = 'o', long, value_name = "FILE")]
        output_file: Option<PathBuf>,
        /// Print no report: only errors, on standard error, and the exit code.
        #[arg(short = 'q', long)]
        quiet: bool,
        /// The name of the plan read from standard input (`-`): it names the
        /// plan in the report, and its ending says how to read it (.docx, .pdf, .md, .txt).
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<PathBuf>,
        /// When to colour the human report.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Exit 1 when a finding reaches LEVEL: vague (any vague provision, or a
        /// plan with no Section 2B; the default), error, warning or info (any finding).
        #[arg(long, value_name = "LEVEL", value_parser = clap::builder::PossibleValuesParser::new(FailOn::NAMES))]
        fail_on: Option<String>,
        /// Check N plans at once [default: one per processor; at most one per
        /// processor]. The report is the same for every N.
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
    /// Print a manual page (roff): `idp-audit man > idp-audit.1`, `idp-audit
    /// man check > idp-audit-check.1`, or every page with `--dir`.
    Man {
        /// The command whose page to print (check, letter, ...); none for idp-audit(1).
        command: Option<String>,
        /// Write every page (idp-audit.1, idp-audit-check.1, ...) into this folder.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
    /// Show what idp-audit read from a plan: its blocks, Section 2B and the
    /// provisions with their fields (for checking a plan that reads oddly).
    Dump { path: PathBuf },
    /// Write a letter to the school's ALNCo asking for each vague provision in
    /// Section 2B to be revised (Word or Markdown, from --out's ending).
    #[command(after_help = LETTER_EXIT_HELP)]
    Letter(LetterArgs),
    /// Write a delivery diary to fill in: a CSV file with one row per session
    /// Section 2B requires between two dates, on school days only.
    #[command(name = "log-template")]
    LogTemplate(LogTemplateArgs),
    /// Compare a delivery log with Section 2B: what the plan requires in a
    /// period, what the log shows delivered, and the shortfall; with
    /// --letter, the letter to the school about it.
    #[command(after_help = DELIVERY_EXIT_HELP)]
    Delivery(DeliveryArgs),
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
    /// The plan (.docx, .pdf, .md, .txt). It is only read, never written.
    plan: PathBuf,
    /// The letter to write: a name ending .docx (Word), .txt (plain text, for
    /// the body of an email) or .md (Markdown).
    #[arg(long)]
    out: PathBuf,
    /// The letter's date, day first (14/12/2026, 14-12-2026) or 2026-12-14
    /// (default: today); the reply date is 10 school days later (working
    /// days where the term dates are not known).
    #[arg(long, value_parser = idp_audit::letter::parse_date)]
    date: Option<jiff::civil::Date>,
    /// Your name, as it should be signed.
    #[arg(long)]
    parent: Option<String>,
    /// Your address: its lines separated by commas ("1 Stryd y Bont, Llandudno, LL30 1AA").
    #[arg(long)]
    address: Option<String>,
    /// Your email address or phone number, for the reply.
    #[arg(long)]
    contact: Option<String>,
    /// Your child's full name (default: the name on the plan's front page).
    #[arg(long)]
    child: Option<String>,
    /// The school's name (default: the plan's front page).
    #[arg(long)]
    school: Option<String>,
    /// The school's address, lines separated by commas.
    #[arg(long)]
    school_address: Option<String>,
    /// The ALNCo's name, e.g. "Mr Iwan Pritchard" (default: the plan's front page).
    #[arg(long)]
    to: Option<String>,
    /// The letter's language: en (English), cy (Welsh) or en+cy (both, the
    /// Welsh first). Default: the plan's own.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<idp_audit::letter::Languages>,
    /// Replace --out if it already exists (never the plan).
    #[arg(long)]
    force: bool,
}

/// "en", "cy", "en+cy" (or "cy+en").
fn parse_lang(s: &str) -> Result<idp_audit::letter::Languages, String> {
    use idp_audit::letter::Languages;
    match s.trim().to_ascii_lowercase().as_str() {
        "en" => Ok(Languages::En),
        "cy" => Ok(Languages::Cy),
        "en+cy" | "cy+en" | "both" => Ok(Languages::Both),
        _ => Err("give en (English), cy (Welsh) or en+cy (both, the Welsh first)".to_string()),
    }
}

const DELIVERY_EXIT_HELP: &str = "Exit codes:
  0  the report (and the letter, if asked for) was written
  2  the plan or the log could not be read, the dates or --letter were refused";

#[derive(clap::Args)]
struct LogTemplateArgs {
    /// The plan (.docx, .pdf, .md, .txt). It is only read, never written.
    plan: PathBuf,
    /// The first day of the diary, day first (05/01/2026) or 2026-01-05.
    #[arg(long, value_parser = idp_audit::letter::parse_date)]
    since: jiff::civil::Date,
    /// The last day of the diary.
    #[arg(long, value_parser = idp_audit::letter::parse_date)]
    until: jiff::civil::Date,
    /// Write the diary to FILE (a name ending .csv) instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE if it already exists (never the plan).
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
struct DeliveryArgs {
    /// The plan (.docx, .pdf, .md, .txt). It is only read, never written.
    plan: PathBuf,
    /// The delivery log: .csv (as `idp-audit log-template` writes), .xlsx or
    /// .ods. It is only read, never written.
    log: PathBuf,
    /// The first day of the period, day first (05/01/2026) or 2026-01-05.
    #[arg(long, value_parser = idp_audit::letter::parse_date)]
    since: jiff::civil::Date,
    /// The last day of the period.
    #[arg(long, value_parser = idp_audit::letter::parse_date)]
    until: jiff::civil::Date,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = DeliveryFormat::Human)]
    format: DeliveryFormat,
    /// Also write the letter to the ALNCo and Headteacher about the shortfall:
    /// a name ending .docx (Word), .md (Markdown) or .txt (plain text).
    #[arg(long, value_name = "FILE")]
    letter: Option<PathBuf>,
    /// The letter's date (default: today); the reply date is 10 school days later.
    #[arg(long, value_parser = idp_audit::letter::parse_date)]
    date: Option<jiff::civil::Date>,
    /// Your name, as it should be signed.
    #[arg(long)]
    parent: Option<String>,
    /// Your address: its lines separated by commas.
    #[arg(long)]
    address: Option<String>,
    /// Your email address or phone number, for the reply.
    #[arg(long)]
    contact: Option<String>,
    /// Your child's full name (default: the name on the plan's front page).
    #[arg(long)]
    child: Option<String>,
    /// The school's name (default: the plan's front page).
    #[arg(long)]
    school: Option<String>,
    /// The school's address, lines separated by commas.
    #[arg(long)]
    school_address: Option<String>,
    /// The ALNCo's name (default: the plan's front page).
    #[arg(long)]
    to: Option<String>,
    /// The letter's language: en (English). The delivery letter has no Welsh
    /// version yet; cy is refused.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<idp_audit::letter::Languages>,
    /// Replace the letter if it already exists (never the plan or the log).
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum DeliveryFormat {
    /// A report for people to read.
    Human,
    /// JSON, for programs.
    Json,
    /// One row per provision, for a spreadsheet.
    Csv,
    /// Markdown with a chart per provision (SVG), to print or paste.
    Markdown,
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
    idp_audit::install_panic_hook();
    let cli = Cli::parse_from(with_default_command(std::env::args_os().collect()));
    match cli.command {
        Command::Check {
            paths,
            format,
            output_file,
            quiet,
            stdin_filename,
            color,
            fail_on,
            jobs,
            exit_zero,
            no_progress,
        } => {
            let args = CheckArgs {
                paths,
                format,
                output_file,
                quiet,
                stdin_filename,
                color,
                fail_on,
                jobs,
                exit_zero,
                no_progress,
            };
            check(cli.config.as_deref(), cli.section_2b.as_deref(), args)
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
        Command::Man { command, dir } => man(command.as_deref(), dir.as_deref()),
        Command::Dump { path } => match load_options(cli.config.as_deref(), cli.section_2b.as_deref())
            .map(|(_, opts)| idp_audit::dump_file(&path, &opts))
        {
            Err(code) => code,
            Ok(Ok(text)) => {
                let _ = write_stdout(&text);
                ExitCode::SUCCESS
            }
            Ok(Err(e)) => {
                eprintln!("idp-audit: {}: {e}", path.display());
                ExitCode::from(2)
            }
        },
        Command::Letter(args) => letter(cli.config.as_deref(), cli.section_2b.as_deref(), args),
        Command::LogTemplate(args) => log_template(cli.config.as_deref(), cli.section_2b.as_deref(), args),
        Command::Delivery(args) => delivery(cli.config.as_deref(), cli.section_2b.as_deref(), args),
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
    output_file: Option<PathBuf>,
    quiet: bool,
    stdin_filename: Option<PathBuf>,
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
    let cfg = Config::load(explicit, &cwd).map_err(|e| usage_error(&e.to_string()))?;
    for w in &cfg.warnings {
        eprintln!("idp-audit: warning: {w}");
    }
    Ok(cfg)
}

/// The configuration and the options it gives (its rules and lexicon).
/// The configuration and the options it gives (its rules and lexicon), with
/// `--section-2b` over the file's `section-2b`.
fn load_options(explicit: Option<&Path>, section_2b: Option<&str>) -> Result<(Config, Options), ExitCode> {
    let cfg = load_config(explicit)?;
    let mut opts = cfg.options().map_err(|e| usage_error(&e.to_string()))?;
    if let Some(name) = section_2b {
        opts.section_2b = Some(name.to_string());
    }
    Ok((cfg, opts))
}

fn check(config: Option<&Path>, section_2b: Option<&str>, args: CheckArgs) -> ExitCode {
    let (cfg, opts) = match load_options(config, section_2b) {
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
    let stdin_given = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_given > 1 {
        return usage_error("`-` (a plan on standard input) can be given only once.");
    }
    if args.stdin_filename.is_some() && stdin_given == 0 {
        return usage_error("--stdin-filename names the plan read from standard input; give `-` among the paths too.");
    }
    let files: Vec<PathBuf> = args.paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect();
    let mut found = batch::discover(&files, &cfg.select());
    for w in &found.warnings {
        eprintln!("idp-audit: warning: {w}");
    }
    if stdin_given == 1 {
        let bytes = match read_stdin(opts.limits.max_file_bytes) {
            Ok(b) => b,
            Err(e) => return usage_error(&e),
        };
        let name = args.stdin_filename.clone().unwrap_or_else(|| PathBuf::from("-"));
        let at = args.paths.iter().position(|p| p.as_os_str() == "-").unwrap_or(0);
        // Keep the order the paths were given in: `-` among files stays in its place.
        let before: usize =
            args.paths[..at].iter().map(|p| batch::discover(std::slice::from_ref(p), &cfg.select()).items.len()).sum();
        let item = batch::Item { path: name, stdin: Some(std::sync::Arc::new(bytes)), ..batch::Item::default() };
        found.items.insert(before.min(found.items.len()), item);
    }
    if found.items.is_empty() {
        return usage_error(
            "there are no plans to check. Give plan files, or folders that hold .docx, .pdf, .md or .txt plans.",
        );
    }
    if let Some(out) = &args.output_file
        && let Some(clash) = found.items.iter().find(|i| i.stdin.is_none() && same_file(&i.path, out))
    {
        return usage_error(&format!(
            "-o {} is a plan being checked ({}); idp-audit never writes over a plan. Choose another file.",
            out.display(),
            clash.path.display()
        ));
    }
    let to_terminal = args.output_file.is_none() && !args.quiet && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let format = match format {
        OutputFormat::Json => report::Format::Json,
        OutputFormat::Human => report::Format::Human,
        OutputFormat::Markdown => report::Format::Markdown,
        OutputFormat::Sarif => report::Format::Sarif,
        OutputFormat::Csv => report::Format::Csv,
    };
    let width = if to_terminal || std::env::var_os("COLUMNS").is_some() {
        terminal_width()
    } else {
        report::Style::default().width
    };
    let run = report::RunInfo {
        config: cfg.source.as_ref().map(|p| p.display().to_string()),
        config_from_parent: cfg.from_parent_folder,
    };
    let mut sink = report::sink_for_run(format, report::Style { color, width }, &run);
    let jobs = match args.jobs.map(usize::from) {
        Some(asked) if asked > batch::default_jobs() => {
            let cpus = batch::default_jobs();
            eprintln!(
                "idp-audit: note: --jobs {asked} is more than this machine's {cpus} processors; checking {cpus} at once."
            );
            cpus
        }
        Some(asked) => asked,
        None => batch::default_jobs(),
    };
    let bar = if args.no_progress { None } else { batch::Bar::on_terminal(found.items.len()) };
    let mut target = match Target::open(args.output_file.as_deref(), args.quiet) {
        Ok(t) => t,
        Err(e) => return usage_error(&e),
    };
    let result = match &bar {
        Some(bar) => {
            let mut out = bar.writer(target.writer());
            let r = batch::run(&found.items, &opts, jobs, sink.as_mut(), &mut out, &mut |done| bar.set(done));
            bar.finish();
            r
        }
        None => batch::run(&found.items, &opts, jobs, sink.as_mut(), &mut target.writer(), &mut |_| {}),
    };
    let outcome = match result.and_then(|o| target.finish().map(|()| o)) {
        Ok(o) => o,
        Err(e) => {
            // stdout was closed (`| head`) or full, or the file could not be
            // written: the report is incomplete.
            if let Some(out) = &args.output_file {
                eprintln!("idp-audit: the report could not be written to {}: {e}", out.display());
            }
            return ExitCode::from(2);
        }
    };
    // The plans that could not be read or checked, named on stderr whatever
    // the report's format (unless the report itself is on this terminal).
    if !(format == report::Format::Human && to_terminal) {
        for row in &outcome.totals.plans {
            let Some(problem) = &row.problem else { continue };
            // A file name can hold an escape sequence; it reaches the terminal escaped.
            let path = report::human::terminal_safe(&row.path);
            if row.status == idp_audit::Status::Error {
                eprintln!("idp-audit: {path}: could not be read: {problem}");
            } else if !args.quiet {
                eprintln!("idp-audit: {path}: {problem}");
            }
        }
    }
    if !outcome.skipped_own_output.is_empty() && !args.quiet {
        let names: Vec<String> = outcome
            .skipped_own_output
            .iter()
            .map(|p| report::human::terminal_safe(&report::path_text(p)).into_owned())
            .collect();
        eprintln!(
            "idp-audit: skipped {} that idp-audit wrote itself (reports and letters are not plans): {}",
            if names.len() == 1 { "1 file".to_string() } else { format!("{} files", names.len()) },
            names.join(", ")
        );
    }
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

/// Where the report goes: standard output, nowhere (`--quiet`), or a file
/// written beside its final name and moved into place when complete, so
/// that an interrupted run never leaves half a report.
enum Target {
    Stdout,
    Nowhere,
    File { tmp: PathBuf, dest: PathBuf, file: std::io::BufWriter<std::fs::File> },
}

impl Target {
    fn open(output: Option<&Path>, quiet: bool) -> Result<Target, String> {
        if quiet {
            return Ok(Target::Nowhere);
        }
        let Some(dest) = output else { return Ok(Target::Stdout) };
        if dest.is_dir() {
            return Err(format!("-o {} is a folder; give a file name for the report.", dest.display()));
        }
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
        let tmp = dest.with_file_name(format!(".{name}.idp-audit-{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)
            .map_err(|e| format!("the report cannot be written to {}: {e}.", dest.display()))?;
        Ok(Target::File { tmp, dest: dest.to_path_buf(), file: std::io::BufWriter::new(file) })
    }

    fn writer(&mut self) -> Box<dyn Write + '_> {
        match self {
            Target::Stdout => Box::new(std::io::stdout().lock()),
            Target::Nowhere => Box::new(std::io::sink()),
            Target::File { file, .. } => Box::new(file),
        }
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if let Target::File { tmp, dest, file } = self {
            file.flush()?;
            std::fs::rename(&*tmp, &*dest)?;
        }
        Ok(())
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        // A report that was not finished is removed, never left half-written.
        if let Target::File { tmp, .. } = self {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A plan from standard input, refused past the file-size limit.
fn read_stdin(limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("standard input could not be read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "the plan on standard input is larger than max_file_bytes ({limit} bytes); raise [limits] max_file_bytes \
             in idp-audit.toml if it really is a plan."
        ));
    }
    Ok(bytes)
}

/// The terminal's width: `COLUMNS` when set, else the terminal's own, else
/// 80. Reports stay readable from 40 columns up.
fn terminal_width() -> usize {
    let from_env = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok());
    let width = from_env.or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))).unwrap_or(80);
    width.clamp(40, 200)
}

/// A path as the first argument means `check`, as a parent expects:
/// `idp-audit my-plan.docx`. Global options before it are kept in front.
fn with_default_command(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut i = 1;
    while let Some(a) = args.get(i).and_then(|a| a.to_str()) {
        match a {
            "--config" => i += 2,
            _ if a.starts_with("--config=") => i += 1,
            _ => break,
        }
    }
    let Some(first) = args.get(i) else { return args };
    let text = first.to_string_lossy();
    let commands: Vec<String> = Cli::command().get_subcommands().map(|c| c.get_name().to_string()).collect();
    let is_command = commands.iter().any(|c| *c == text) || text == "help";
    let is_global = matches!(text.as_ref(), "-h" | "--help" | "-V" | "--version");
    // A bare word that names no file is a mistyped command: clap says so,
    // with a suggestion, instead of "no file was found".
    let looks_like_path = text == "-"
        || Path::new(first).exists()
        || text.contains(['/', '\\', '.'])
        || (text.starts_with('-') && !is_global);
    if !is_command && !is_global && looks_like_path {
        args.insert(i, "check".into());
    }
    args
}

/// `idp-audit man`: one page on stdout, or every page into a folder.
fn man(command: Option<&str>, dir: Option<&Path>) -> ExitCode {
    let cmd = Cli::command();
    if let Some(dir) = dir {
        if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(cmd, dir)) {
            return usage_error(&format!("the manual pages could not be written to {}: {e}", dir.display()));
        }
        let _ = write_stdout(&format!("Manual pages written to {}.\n", dir.display()));
        return ExitCode::SUCCESS;
    }
    let page = match command {
        None => cmd,
        Some(name) => {
            let mut cmd = cmd;
            cmd.build();
            match cmd.find_subcommand(name) {
                // clap_mangen names a subcommand's page by its full name.
                Some(sub) => sub.clone().name(format!("idp-audit-{name}")),
                None => return usage_error(&format!("there is no command {name:?}; `idp-audit --help` lists them.")),
            }
        }
    };
    let mut out = Vec::new();
    if clap_mangen::Man::new(page).render(&mut out).is_err() {
        return ExitCode::from(2);
    }
    let _ = write_stdout(&String::from_utf8_lossy(&out));
    ExitCode::SUCCESS
}

fn letter(config: Option<&Path>, section_2b: Option<&str>, a: LetterArgs) -> ExitCode {
    use idp_audit::letter::{self, Outcome};
    // The command line wins over [letter] in idp-audit.toml.
    let (cfg, opts) = match load_options(config, section_2b) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let defaults = cfg.letter;
    let lang = match (a.lang, defaults.lang.as_deref()) {
        (Some(l), _) => Some(l),
        (None, Some(l)) => match parse_lang(l) {
            Ok(l) => Some(l),
            Err(e) => return usage_error(&format!("[letter] lang = \"{l}\" in idp-audit.toml: {e}")),
        },
        (None, None) => None,
    };
    let terms = match &defaults.term_dates {
        Some(path) => {
            let read = std::fs::metadata(path)
                .ok()
                .filter(|m| m.is_file() && m.len() < 1_000_000)
                .and_then(|_| std::fs::read_to_string(path).ok());
            let Some(text) = read else {
                return usage_error(&format!(
                    "[letter] term-dates: {} could not be read. Give a file in the format of \
                     data/term-dates-wales.toml.",
                    path.display()
                ));
            };
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match letter::deadline::TermDates::parse(&text, &name) {
                Ok(t) => Some(std::sync::Arc::new(t)),
                Err(e) => return usage_error(&format!("[letter] term-dates: {}: {e}", path.display())),
            }
        }
        None => None,
    };
    let details = letter::LetterDetails {
        date: a.date.unwrap_or_else(letter::today),
        parent: a.parent.or(defaults.parent),
        address: a.address.or(defaults.address),
        contact: a.contact.or(defaults.contact),
        child: a.child.or(defaults.child),
        school: a.school.or(defaults.school),
        school_address: a.school_address.or(defaults.school_address),
        to: a.to.or(defaults.to),
        lang,
        terms,
    };
    let req = letter::Request { plan: a.plan.clone(), out: a.out, force: a.force, details };
    match letter::run(&req, &opts) {
        Ok(Outcome::Written { out, letter: l, .. }) => {
            // A closed stdout after the letter is written is not a failure (nor a panic).
            let _ = write_stdout(&format!("{}\n", letter::written_message(&out, &l)));
            ExitCode::SUCCESS
        }
        Ok(Outcome::NothingToAsk(msg)) => {
            let _ = write_stdout(&format!("{}: {msg}\n", a.plan.display()));
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

/// The term dates: `[letter] term-dates` in idp-audit.toml, or Wales's usual
/// school year.
fn delivery_terms(cfg: &Config) -> Result<idp_audit::letter::deadline::TermDates, ExitCode> {
    match &cfg.letter.term_dates {
        Some(path) => idp_audit::delivery::command::load_term_dates(path).map_err(|e| usage_error(&e.0)),
        None => Ok(idp_audit::letter::deadline::TermDates::builtin().clone()),
    }
}

fn log_template(config: Option<&Path>, section_2b: Option<&str>, a: LogTemplateArgs) -> ExitCode {
    use idp_audit::delivery;
    let (cfg, opts) = match load_options(config, section_2b) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let terms = match delivery_terms(&cfg) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if let Err(e) = delivery::check_period(a.since, a.until) {
        return usage_error(&e.0);
    }
    if let Some(out) = &a.out
        && !out.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        return usage_error(&format!(
            "-o {} does not end in .csv; the diary is a CSV file (name it log.csv, then open it in a spreadsheet \
             and save it as .xlsx or .ods if you like).",
            out.display()
        ));
    }
    let report = match delivery::audit_plan(&a.plan, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("idp-audit: {}: {e}", a.plan.display());
            return ExitCode::from(2);
        }
    };
    let cal = delivery::calendar::Calendar::new(a.since, a.until, &terms);
    let template = delivery::template::build(&report, &cal);
    for (index, why) in &template.not_counted {
        eprintln!(
            "idp-audit: provision {index} has no rows: {why} Log it as it happens, with its number ({index}) in the \
             provision column."
        );
    }
    match &a.out {
        Some(out) => {
            if let Err(e) =
                delivery::command::write_output(&[a.plan.as_path()], out, "-o", template.csv.as_bytes(), a.force)
            {
                return usage_error(&e.0);
            }
            let _ = write_stdout(&format!(
                "Wrote the delivery diary to {}: {} from {} to {} ({}). Fill in the minutes delivered (0 for a \
                 session that did not happen), who gave each session, and a note; then run `idp-audit delivery`.\n",
                out.display(),
                report::words::count(template.rows, "session", "sessions"),
                idp_audit::letter::long_date(a.since, false, idp_audit::language::Lang::En),
                idp_audit::letter::long_date(a.until, false, idp_audit::language::Lang::En),
                report::words::count(cal.school_days(), "school day", "school days"),
            ));
        }
        None => {
            let _ = write_stdout(&template.csv);
        }
    }
    ExitCode::SUCCESS
}

fn delivery(config: Option<&Path>, section_2b: Option<&str>, a: DeliveryArgs) -> ExitCode {
    use idp_audit::delivery::{self, render};
    let (cfg, opts) = match load_options(config, section_2b) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let defaults = cfg.letter.clone();
    if a.letter.is_some() {
        let lang = match (a.lang, defaults.lang.as_deref()) {
            (Some(l), _) => Some(l),
            (None, Some(l)) => parse_lang(l).ok(),
            (None, None) => None,
        };
        if matches!(lang, Some(idp_audit::letter::Languages::Cy | idp_audit::letter::Languages::Both)) {
            return usage_error(
                "the delivery letter is written in English only: its Welsh version is not written yet. Give --lang en \
                 (or leave --lang out); `idp-audit letter` writes the revision letter in Welsh.",
            );
        }
        if let Some(out) = &a.letter
            && !matches!(
                out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(),
                Some("docx" | "md" | "markdown" | "txt")
            )
        {
            return usage_error(&format!(
                "--letter {} does not end in .docx, .md or .txt; the ending chooses the letter's format.",
                out.display()
            ));
        }
    }
    // A letter that would be refused is refused before any work is done.
    if let Some(out) = &a.letter
        && out.exists()
        && !a.force
    {
        return usage_error(&format!(
            "{} already exists, so it was left as it is. Choose another name, or add --force to replace it.",
            out.display()
        ));
    }
    let terms = match delivery_terms(&cfg) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let (plan_report, found) = match delivery::run(&a.plan, &a.log, a.since, a.until, &terms, &opts) {
        Ok(both) => both,
        Err(e) => {
            eprintln!("idp-audit: {e}");
            return ExitCode::from(2);
        }
    };
    let format = match a.format {
        DeliveryFormat::Human => render::Format::Human,
        DeliveryFormat::Json => render::Format::Json,
        DeliveryFormat::Csv => render::Format::Csv,
        DeliveryFormat::Markdown => render::Format::Markdown,
    };
    let width =
        if std::io::stdout().is_terminal() || std::env::var_os("COLUMNS").is_some() { terminal_width() } else { 80 };
    let _ = write_stdout(&render::render(&found, format, width));
    let Some(out) = &a.letter else { return ExitCode::SUCCESS };
    let sender = delivery::letter::Sender {
        parent: a.parent.or(defaults.parent),
        address: a.address.or(defaults.address),
        contact: a.contact.or(defaults.contact),
        child: a.child.or(defaults.child),
        school: a.school.or(defaults.school),
        school_address: a.school_address.or(defaults.school_address),
        to: a.to.or(defaults.to),
    };
    let date = a.date.unwrap_or_else(idp_audit::letter::today);
    let letters = match delivery::letter::build(&found, &plan_report, &sender, date, &terms) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("idp-audit: {e}");
            return ExitCode::SUCCESS;
        }
    };
    let bytes = match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("docx") => idp_audit::letter::docx::render(&letters),
        Some("txt") => idp_audit::letter::plain::render(&letters).into_bytes(),
        _ => idp_audit::letter::markdown::render(&letters).into_bytes(),
    };
    if let Err(e) =
        delivery::command::write_output(&[a.plan.as_path(), a.log.as_path()], out, "--letter", &bytes, a.force)
    {
        return usage_error(&e.0);
    }
    let mut msg = format!(
        "Wrote the delivery letter to {}: it sets out the shortfall in {} and asks for a written reply by {}.",
        out.display(),
        report::words::count(letters.provisions, "provision", "provisions"),
        idp_audit::letter::long_date(letters.deadline, true, idp_audit::language::Lang::En)
    );
    if !letters.missing_details.is_empty() {
        let details: Vec<String> = letters.missing_details.iter().map(|d| d.to_string()).collect();
        msg.push_str(&format!(
            " Before you send it, fill in {} where the letter has them in [square brackets], and check every figure \
             against your log.",
            details.join(", ")
        ));
    }
    eprintln!("{msg}");
    ExitCode::SUCCESS
}
