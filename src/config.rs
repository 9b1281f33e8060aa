//! Configuration: `idp-audit.toml`, found in the current folder or the
//! nearest parent that has one (as ruff and typos find theirs), or named
//! with `--config FILE`.
//!
//! ```toml
//! format = "human"          # the default --format
//! fail-on = "vague"         # the default --fail-on: vague, error, warning or info
//! section-2b = "Provision to meet my needs"   # the heading that opens Section 2B, if idp-audit cannot find it
//! include = ["*.docx", "*.md", "*.markdown", "*.txt"]   # plans, in folders
//! exclude = ["drafts/**"]
//!
//! [rules]                   # per rule (id or name): error, warning, info or off
//! IDP205 = "warning"
//! welsh-language-blank = "off"
//!
//! [lexicon]                 # extra files, in the format of lexicon/*.toml,
//! hedges = ["our-hedges.toml"]          # relative to this file
//! roles = []
//! qualifications = []
//! patterns = []
//! exceptions = ["our-exceptions.toml"]  # [[hedge]] phrase = "…" except = ["…"]
//! columns = ["our-columns.toml"]        # [[column]] role = "frequency" patterns = ['^amlder$']
//! allow = ["as required by the Equality Act"]   # phrases never reported as hedges
//!
//! [letter]                  # defaults for `idp-audit letter`
//! parent = "A. Parent"
//! address = "1 Stryd y Bont, Llandudno, LL30 1AA"
//! contact = "a.parent@example.org"
//! child = "A. Child"        # default: the plan's front page
//! school = "Ysgol Example"  # default: the plan's front page
//! school-address = "Ffordd yr Ysgol, Llandudno"
//! to = "The ALNCo"          # default: the plan's front page
//! lang = "en+cy"            # en, cy or en+cy (default: the plan's language)
//! term-dates = "terms.toml" # the local authority's term dates, relative to this file
//!
//! [limits]                  # see src/limits.rs
//! max_file_bytes = 67108864
//! ```
//!
//! A key idp-audit does not know is an error that names the key and the
//! file: a misspelt `fail_on` must not silently do nothing in CI.
//!
//! A file found in a parent folder is named in every report, since it can
//! turn rules off. One found in a folder other users can write to (such as
//! `/tmp`), or owned by another user, is ignored with a warning, as git
//! ignores repositories it does not trust: anyone could have put it there.
//! Configuration and lexicon files are read only when they are regular
//! files of at most [`MAX_SETTINGS_BYTES`], and their errors say where
//! (line and column), never quoting what the file holds.

use crate::batch::{DEFAULT_INCLUDE, FailOn, Select};
use crate::lexicon::{Extra, Lexicon};
use crate::types::limits::Limits;
use crate::types::{RuleSettings, Severity};
use crate::{Options, rules};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The configuration file's name.
pub(crate) const FILE_NAME: &str = "idp-audit.toml";

/// The most a configuration or lexicon file may hold: far more than any
/// real one, and small enough that `--config /dev/zero` or a huge file
/// named by mistake fails at once.
pub(crate) const MAX_SETTINGS_BYTES: u64 = 1 << 20;

/// Read a configuration or lexicon file: a regular file, at most
/// [`MAX_SETTINGS_BYTES`], UTF-8. The error says what to do.
pub(crate) fn read_settings_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "there is no file here; check the path.".to_string(),
        _ => format!("the file could not be read: {e}."),
    })?;
    // `--config /dev/null` is the usual way to say "no configuration".
    if path == Path::new("/dev/null") {
        return Ok(String::new());
    }
    if !meta.is_file() {
        return Err("this is not a regular file (a folder, a device or a pipe); give a TOML file.".to_string());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_SETTINGS_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("the file could not be read: {e}."))?;
    if bytes.len() as u64 > MAX_SETTINGS_BYTES {
        return Err(format!(
            "the file is larger than {} KiB, far larger than any configuration or lexicon; check the path.",
            MAX_SETTINGS_BYTES >> 10
        ));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("the file is not UTF-8 text (byte {}); save it as UTF-8.", e.utf8_error().valid_up_to()))
}

/// Why a configuration found by searching should not be trusted, if it
/// should not: its folder can be written by other users, or it or its
/// folder belongs to another user.
#[cfg(unix)]
fn untrusted(file: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let folder = file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let me = unsafe { libc::geteuid() };
    let (Ok(fm), Ok(dm)) = (std::fs::metadata(file), std::fs::metadata(folder)) else { return None };
    if dm.mode() & 0o002 != 0 {
        return Some(format!("its folder {} can be written by every user of this computer", folder.display()));
    }
    if fm.uid() != me || dm.uid() != me {
        return Some("it belongs to another user of this computer".to_string());
    }
    None
}

#[cfg(not(unix))]
fn untrusted(_file: &Path) -> Option<String> {
    None
}

/// A configuration that could not be used: which file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub message: String,
}

impl ConfigError {
    fn new(file: &Path, message: impl Into<String>) -> Self {
        ConfigError { file: file.to_path_buf(), message: message.into() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

/// A rule's setting in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }

    fn of(s: Option<Severity>) -> Level {
        match s {
            Some(Severity::Error) => Level::Error,
            Some(Severity::Warning) => Level::Warning,
            Some(Severity::Info) => Level::Info,
            None => Level::Off,
        }
    }
}

/// Default details for `idp-audit letter`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Letter {
    /// The parent or carer signing the letter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The child the plan is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    /// Who the letter is to (the ALNCo, the head teacher, the local authority).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The parent's address (lines, or commas between them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// An email address or phone number for the reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The school's address.
    #[serde(rename = "school-address", skip_serializing_if = "Option::is_none")]
    pub school_address: Option<String>,
    /// The letter's language: "en", "cy" or "en+cy" (default: the plan's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The local authority's or school's own term dates (the format of
    /// data/term-dates-wales.toml), resolved against the configuration's
    /// folder.
    #[serde(rename = "term-dates", skip_serializing_if = "Option::is_none")]
    pub term_dates: Option<PathBuf>,
}

/// Extra lexicon files and the allow-list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LexiconFiles {
    pub hedges: Vec<PathBuf>,
    pub roles: Vec<PathBuf>,
    pub qualifications: Vec<PathBuf>,
    pub patterns: Vec<PathBuf>,
    pub exceptions: Vec<PathBuf>,
    /// Column headers and 2B.1–2B.7 labels (the format of lexicon/columns.toml), read before the built-in ones.
    pub columns: Vec<PathBuf>,
    /// Phrases never to report as hedges.
    pub allow: Vec<String>,
}

impl LexiconFiles {
    fn is_empty(&self) -> bool {
        *self == LexiconFiles::default()
    }
}

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    format: Option<String>,
    fail_on: Option<FailOn>,
    section_2b: Option<String>,
    include: Option<Vec<String>>,
    exclude: Vec<String>,
    rules: BTreeMap<String, Level>,
    lexicon: LexiconFiles,
    letter: Letter,
    limits: Limits,
}

/// The effective configuration: a file's settings over the defaults.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from; `None` for the defaults.
    pub source: Option<PathBuf>,
    /// Whether `source` was found in a parent folder of the current one.
    pub from_parent_folder: bool,
    /// Configuration files found but not used, each with why (to print as
    /// warnings).
    pub warnings: Vec<String>,
    /// The default `--format`, as written (the command line checks it).
    pub format: Option<String>,
    pub fail_on: FailOn,
    /// The heading that opens Section 2B, named by hand (`section-2b`).
    pub section_2b: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub rules: RuleSettings,
    /// Lexicon file paths, resolved against the configuration's folder.
    pub lexicon: LexiconFiles,
    pub letter: Letter,
    pub limits: Limits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: None,
            from_parent_folder: false,
            warnings: Vec::new(),
            format: None,
            fail_on: FailOn::default(),
            section_2b: None,
            include: DEFAULT_INCLUDE.iter().map(|s| s.to_string()).collect(),
            exclude: Vec::new(),
            rules: RuleSettings::default(),
            lexicon: LexiconFiles::default(),
            letter: Letter::default(),
            limits: Limits::default(),
        }
    }
}

/// The nearest `idp-audit.toml` in `start` or its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file())
}

impl Config {
    /// The configuration for a run: `explicit` (`--config FILE`) if given,
    /// else the nearest `idp-audit.toml` from `cwd` up, else the defaults.
    pub fn load(explicit: Option<&Path>, cwd: &Path) -> Result<Config, ConfigError> {
        let Some(found) = explicit.map(Path::to_path_buf).or_else(|| discover(cwd)) else {
            return Ok(Config::default());
        };
        if explicit.is_none()
            && let Some(why) = untrusted(&found)
        {
            let warning = format!(
                "ignored {}: {why}, so anyone could have put it there. Move it to a folder of your own, or name \
                 it with --config if you trust it.",
                found.display()
            );
            return Ok(Config { warnings: vec![warning], ..Config::default() });
        }
        let mut cfg = Config::from_file(&found)?;
        let here = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        cfg.from_parent_folder = explicit.is_none() && found.parent() != Some(here.as_path());
        Ok(cfg)
    }

    pub(crate) fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = read_settings_file(path).map_err(|e| ConfigError::new(path, e))?;
        Config::parse(&text, path)
    }

    /// Parse a configuration; `path` names it in errors and is where
    /// relative lexicon paths start from.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let file: File = toml::from_str(text).map_err(|e| {
            ConfigError::new(
                path,
                format!(
                    "{}\n`idp-audit config` prints every key idp-audit knows, with its value now; fix the key \
                     above or remove it.",
                    crate::builtin::Error::Toml(e).located(text)
                ),
            )
        })?;
        let mut cfg = Config { source: Some(path.to_path_buf()), ..Config::default() };
        cfg.format = file.format;
        cfg.section_2b = file.section_2b;
        cfg.fail_on = file.fail_on.unwrap_or_default();
        if let Some(include) = file.include {
            cfg.include = include;
        }
        cfg.exclude = file.exclude;
        Select::new(&cfg.include, &cfg.exclude).map_err(|e| ConfigError::new(path, format!("include/exclude: {e}")))?;
        for (key, level) in file.rules {
            let rule = rules::get(&key).ok_or_else(|| {
                ConfigError::new(
                    path,
                    format!("[rules]: unknown rule `{key}`. `idp-audit rules` lists every rule id and name."),
                )
            })?;
            cfg.rules.overrides.insert(rule.id, level.severity());
        }
        let base = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let resolve = |v: Vec<PathBuf>| -> Vec<PathBuf> { v.into_iter().map(|p| base.join(p)).collect() };
        let l = file.lexicon;
        cfg.lexicon = LexiconFiles {
            hedges: resolve(l.hedges),
            roles: resolve(l.roles),
            qualifications: resolve(l.qualifications),
            patterns: resolve(l.patterns),
            exceptions: resolve(l.exceptions),
            columns: resolve(l.columns),
            allow: l.allow,
        };
        cfg.letter = file.letter;
        cfg.letter.term_dates = cfg.letter.term_dates.take().map(|p| base.join(p));
        cfg.limits = file.limits;
        Ok(cfg)
    }

    /// Which files in a folder are plans.
    pub fn select(&self) -> Select {
        Select::new(&self.include, &self.exclude).expect("checked when the configuration was read")
    }

    /// The audit options: limits, rule settings, and the lexicon with any
    /// extra files (read now).
    pub fn options(&self) -> Result<Options, ConfigError> {
        let mut opts = Options {
            limits: self.limits.clone(),
            lexicon: None,
            rules: self.rules.clone(),
            section_2b: self.section_2b.clone(),
        };
        if self.lexicon.is_empty() {
            return Ok(opts);
        }
        let origin = self.source.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME));
        let read = |files: &[PathBuf]| -> Result<Vec<(String, String)>, ConfigError> {
            files
                .iter()
                .map(|p| {
                    read_settings_file(p).map(|t| (p.display().to_string(), t)).map_err(|e| {
                        ConfigError::new(
                            &origin,
                            format!(
                                "[lexicon]: {}: {e} Paths are relative to the configuration file's folder.",
                                p.display()
                            ),
                        )
                    })
                })
                .collect()
        };
        let extra = Extra {
            hedges: read(&self.lexicon.hedges)?,
            roles: read(&self.lexicon.roles)?,
            qualifications: read(&self.lexicon.qualifications)?,
            patterns: read(&self.lexicon.patterns)?,
            exceptions: read(&self.lexicon.exceptions)?,
            columns: read(&self.lexicon.columns)?,
            allow: self.lexicon.allow.clone(),
        };
        let lexicon = Lexicon::build(&extra).map_err(|e| {
            ConfigError::new(
                Path::new(&e.file),
                format!("{} (a lexicon file named in {})", e.message, origin.display()),
            )
        })?;
        // Every hedge a user adds must name a hedge rule that exists.
        rules::check_lexicon(&lexicon).map_err(|e| ConfigError::new(&origin, format!("[lexicon]: {e}")))?;
        opts.lexicon = Some(Arc::new(lexicon));
        Ok(opts)
    }

    /// The effective configuration as TOML that idp-audit would read back:
    /// every key, with every rule's level.
    pub fn to_toml(&self, default_format: &str) -> String {
        #[derive(Serialize)]
        #[serde(rename_all = "kebab-case")]
        struct Out<'a> {
            format: &'a str,
            fail_on: FailOn,
            #[serde(skip_serializing_if = "Option::is_none")]
            section_2b: Option<&'a str>,
            include: &'a [String],
            exclude: &'a [String],
            rules: BTreeMap<String, Level>,
            lexicon: &'a LexiconFiles,
            letter: &'a Letter,
            limits: &'a Limits,
        }
        let out = Out {
            format: self.format.as_deref().unwrap_or(default_format),
            fail_on: self.fail_on,
            section_2b: self.section_2b.as_deref(),
            include: &self.include,
            exclude: &self.exclude,
            rules: rules::RULES
                .iter()
                .map(|r| (r.id.to_string(), Level::of(self.rules.severity(r.id, r.severity))))
                .collect(),
            lexicon: &self.lexicon,
            letter: &self.letter,
            limits: &self.limits,
        };
        let head = match &self.source {
            Some(p) => format!("# The effective configuration, from {}.\n", p.display()),
            None => format!("# No {FILE_NAME} was found here or in a parent folder: these are the defaults.\n"),
        };
        head + &toml::to_string(&out).expect("the configuration serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_is_read() {
        let cfg = Config::parse(
            "format = \"json\"\nfail-on = \"warning\"\nexclude = [\"drafts/**\"]\n[rules]\nIDP205 = \"warning\"\n\
             welsh-language-blank = \"off\"\n[lexicon]\nhedges = [\"h.toml\"]\nallow = [\"as required by law\"]\n\
             [letter]\nparent = \"A. Parent\"\nto = \"The ALNCo\"\n[limits]\nmax_provisions = 10\n",
            Path::new("/plans/idp-audit.toml"),
        )
        .unwrap();
        assert_eq!(cfg.format.as_deref(), Some("json"));
        assert_eq!(cfg.fail_on, FailOn::Warning);
        assert_eq!(cfg.rules.overrides.get(&crate::types::RuleId::new(205)), Some(&Some(Severity::Warning)));
        assert_eq!(cfg.rules.overrides.get(&crate::types::RuleId::new(131)), Some(&None));
        assert_eq!(cfg.lexicon.hedges, vec![PathBuf::from("/plans/h.toml")]);
        assert_eq!(cfg.letter.parent.as_deref(), Some("A. Parent"));
        assert_eq!(cfg.letter.school, None);
        assert_eq!(cfg.limits.max_provisions, 10);
    }

    #[test]
    fn unknown_keys_name_the_key_and_the_file() {
        for (text, key) in [
            ("fail_on = \"error\"\n", "fail_on"),
            ("[letter]\nteacher = \"x\"\n", "teacher"),
            ("[limits]\nmax_pages = 3\n", "max_pages"),
            ("[lexicon]\nhedge = []\n", "hedge"),
        ] {
            let err = Config::parse(text, Path::new("conf/idp-audit.toml")).unwrap_err();
            let shown = err.to_string();
            assert!(shown.starts_with("conf/idp-audit.toml: "), "{shown}");
            assert!(shown.contains(&format!("`{key}`")), "{shown}");
        }
        let err = Config::parse("[rules]\nIDP999 = \"off\"\n", Path::new("idp-audit.toml")).unwrap_err();
        assert!(err.message.contains("unknown rule `IDP999`"), "{}", err.message);
    }

    #[test]
    fn the_effective_configuration_reads_back() {
        let cfg = Config::parse("[rules]\nceiling = \"info\"\n", Path::new("/x/idp-audit.toml")).unwrap();
        let text = cfg.to_toml("human");
        assert!(text.contains("IDP204 = \"info\""), "{text}");
        assert!(text.contains("IDP201 = \"error\""), "{text}");
        let body: String = text.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n");
        let again = Config::parse(&body, Path::new("/x/idp-audit.toml")).unwrap();
        assert_eq!(again.rules.severity(crate::types::RuleId::new(204), Severity::Error), Some(Severity::Info));
        assert_eq!(again.include, cfg.include);
    }
}
