//! Reading a model file: TOML text → [`ModelFile`] → checked [`Model`].
//!
//! The text is parsed once into a spanned TOML tree. Each top-level section is then read on its
//! own, and each element of an array section (`[[actors]]`, `[[links]]`, …) on its own, so that a
//! malformed element is reported and skipped while the rest of the file is still read and
//! checked: a user sees all their mistakes at once, not one per run.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::file::{AlternativeFile, AlternativeHeader, ModelFile, ModelHeader};
use super::located::Span;
use super::resolve::resolve;
use super::types::Model;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::limits::Limits;

/// Where the texts of cited sources are found.
#[derive(Clone, Debug)]
pub enum SourceTexts {
    /// Paths in the model are relative to this directory (the model file's own).
    Directory(PathBuf),
    /// Texts built into the program, by the path the model gives them.
    Embedded(&'static [(&'static str, &'static str)]),
    /// These texts by path (e.g. files being rewritten, not yet written), the rest from the
    /// directory.
    Overlay(PathBuf, Vec<(String, String)>),
    /// These texts by path and nothing else: a model sent with its sources (a work unit,
    /// [`crate::analysis::units`]) reads no file.
    Given(Vec<(String, String)>),
}

impl SourceTexts {
    /// The text at `path`, or why it cannot be read: from the folders `options` allows, under
    /// its file-size limit.
    pub fn read(&self, path: &str, options: &LoadOptions) -> Result<String, String> {
        match self {
            SourceTexts::Directory(dir) => read_inside(dir, options, path),
            SourceTexts::Embedded(texts) => texts
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| format!("no built-in text at {path}")),
            SourceTexts::Overlay(dir, texts) => match texts.iter().find(|(p, _)| p == path) {
                Some((_, text)) => Ok(text.clone()),
                None => read_inside(dir, options, path),
            },
            SourceTexts::Given(texts) => texts
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, text)| text.clone())
                .ok_or_else(|| format!("no text was sent for {path}")),
        }
    }
}

/// What one load may read: the limits on the model and its source texts, and the folders
/// besides the model's own that its sources may be read from. Passed with each load (not set
/// for the process), so one process may load two models under different limits and folders.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The limits on the model file, its source texts and its actors.
    pub limits: Limits,
    /// Canonical folders besides the model's own, from [`LoadOptions::allow_source_folders`].
    source_folders: Vec<PathBuf>,
}

impl LoadOptions {
    /// Options with these limits, reading sources from the model's own folder only.
    pub fn new(limits: Limits) -> Self {
        LoadOptions {
            limits,
            source_folders: Vec::new(),
        }
    }

    /// Also allows sources to be read from `folders` (a shared folder of briefs, say;
    /// `--sources-dir` on the command line). Each must be an existing folder. Paths in a model
    /// are still resolved from the model's folder, or are absolute; only where they may lead
    /// widens.
    pub fn allow_source_folders(mut self, folders: &[PathBuf]) -> Result<Self, String> {
        for f in folders {
            match std::fs::canonicalize(f) {
                Ok(c) if c.is_dir() => self.source_folders.push(c),
                Ok(_) => return Err(format!("{}: not a folder", f.display())),
                Err(e) => return Err(format!("{}: {e}", f.display())),
            }
        }
        Ok(self)
    }

    /// The folders besides the model's own that its sources may be read from, canonical.
    pub fn source_folders(&self) -> &[PathBuf] {
        &self.source_folders
    }
}

/// Reads the source text at `path` (relative to the model's folder `dir`, or absolute), only
/// when it is a regular file inside that folder or one of the canonical folders `also` (after
/// resolving `..` and symlinks) and under the size limit. An error names the path as the model
/// gave it and says nothing of what lies outside the folders (whether it exists, is a folder or
/// is binary), so a model cannot probe the disk.
fn read_inside(dir: &Path, options: &LoadOptions, path: &str) -> Result<String, String> {
    let also = options.source_folders();
    let outside = || {
        let named = if also.is_empty() {
            String::new()
        } else {
            " or a folder named with --sources-dir".to_owned()
        };
        format!(
            "{path}: a source must be a file inside the model's folder ({}){named}",
            dir.display()
        )
    };
    let base = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let base = std::fs::canonicalize(base).map_err(|e| format!("{}: {e}", dir.display()))?;
    let allowed = |full: &Path| full.starts_with(&base) || also.iter().any(|f| full.starts_with(f));
    // Whether a path that does not resolve exists matters only inside an allowed folder: its
    // words alone must keep it there.
    let inside_lexically = if Path::new(path).is_absolute() {
        also.iter().any(|f| lexically_inside(f, path))
    } else {
        lexically_inside(Path::new(""), path)
    };
    let full = match std::fs::canonicalize(base.join(path)) {
        Ok(full) if allowed(&full) => full,
        Ok(_) => return Err(outside()),
        Err(e) if inside_lexically => return Err(format!("{path}: {e}")),
        Err(_) => return Err(outside()),
    };
    crate::io::read_text(&full, &options.limits).map_err(|e| format!("{path}: {e}"))
}

/// Whether `path` stays inside the folder `base` without resolving anything: relative to it
/// (an empty `base`) with no `..` that climbs above it, or absolute and starting with `base`
/// with no `..` after that.
fn lexically_inside(base: &Path, path: &str) -> bool {
    let rest = if base.as_os_str().is_empty() {
        Path::new(path)
    } else {
        match Path::new(path).strip_prefix(base) {
            Ok(rest) => rest,
            Err(_) => return false,
        }
    };
    let mut depth = 0i64;
    for part in rest.components() {
        match part {
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::CurDir => {}
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    true
}

/// A model that passed every check, with the warnings found on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The checked model.
    pub model: Model,
    /// Problems that do not stop the model from being used.
    pub warnings: Vec<Diagnostic>,
    /// The model's text, for later diagnostics that point into it.
    pub file: SourceFile,
}

/// Why a model could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The file was read but is not a valid model; every problem found, errors first.
    #[error("the model has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
}

/// Reads and checks the model at `path` under `options`; quoted sources are looked up beside
/// it.
pub fn load_file(path: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let text = crate::io::read_text(path, &options.limits).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source: source.into(),
    })?;
    let dir = path.parent().map(Path::to_owned).unwrap_or_default();
    load_str(
        &path.display().to_string(),
        &text,
        &SourceTexts::Directory(dir),
        options,
    )
}

/// Reads and checks a model given as text, under `options`. `name` is how diagnostics name the
/// file.
pub fn load_str(
    name: &str,
    text: &str,
    texts: &SourceTexts,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let file = SourceFile::new(name, text);
    let (parsed, mut diagnostics) = parse(&file, &options.limits);
    let Some(parsed) = parsed else {
        return Err(LoadError::Invalid(diagnostics));
    };
    let model = resolve(&parsed, &file, texts, options, &mut diagnostics);
    // A model is only usable when nothing went wrong anywhere, including in elements that
    // were skipped while parsing.
    if diagnostics.iter().any(Diagnostic::is_error) {
        // Errors first, each kind in the order of the file.
        diagnostics.sort_by_key(|d| (!d.is_error(), d.location.as_ref().map(|(s, _)| s.start)));
        return Err(LoadError::Invalid(diagnostics));
    }
    Ok(Loaded {
        model,
        warnings: diagnostics,
        file,
    })
}

/// The top-level sections of a model file, in the order the format documents them.
pub const SECTIONS: &[&str] = &[
    "model",
    "actors",
    "issues",
    "factors",
    "relations",
    "judgments",
    "links",
    "options",
    "triggers",
    "stakeholders",
    "hypotheses",
    "evidence",
    "terms",
];

/// The top-level sections of an alternative encoding's file.
pub const ALTERNATIVE_SECTIONS: &[&str] = &["alternative", "relations", "links", "judgments"];

/// A parsed file: the elements that could be read, and the ids of those that could not (so that
/// references to them are not reported a second time as unknown ids).
#[derive(Debug, Default)]
pub struct Parsed {
    /// The readable elements.
    pub file: ModelFile,
    /// `(section, id)` of every element that was skipped for an error.
    pub broken: HashSet<(&'static str, String)>,
    /// Whether the `[model]` table (with the sources) could be read.
    pub header_ok: bool,
}

/// Parses the text into the file types. Returns `None` when the text is not TOML; otherwise the elements that could be read, with a diagnostic for each that
/// could not.
pub fn parse(file: &SourceFile, limits: &Limits) -> (Option<Parsed>, Vec<Diagnostic>) {
    let (root, syntax_errors) = DeTable::parse_recoverable(file.text());
    if !syntax_errors.is_empty() {
        return (None, syntax_diagnostics(file, &syntax_errors));
    }

    let mut diagnostics = Vec::new();
    let mut reader = SectionReader {
        file,
        diagnostics: &mut diagnostics,
        broken: HashSet::new(),
    };
    let mut header: Option<ModelHeader> = None;
    let mut model = ModelFile::default();
    let mut header_seen = false;
    for (key, value) in root.get_ref().iter() {
        let name: &str = key.get_ref();
        match name {
            "model" => {
                header_seen = true;
                header = reader.one(value);
            }
            "actors" => {
                reader.too_many_actors(value, limits);
                model.actors = reader.many("actors", value);
            }
            "issues" => model.issues = reader.many("issues", value),
            "factors" => model.factors = reader.many("factors", value),
            "relations" => model.relations = reader.many("relations", value),
            "judgments" => model.judgments = reader.many("judgments", value),
            "links" => model.links = reader.many("links", value),
            "options" => model.options = reader.many("options", value),
            "triggers" => model.triggers = reader.many("triggers", value),
            "stakeholders" => model.stakeholders = reader.many("stakeholders", value),
            "hypotheses" => model.hypotheses = reader.many("hypotheses", value),
            "evidence" => model.evidence = reader.many("evidence", value),
            "terms" => model.terms = reader.one(value).unwrap_or_default(),
            _ => reader.unknown_section(name, key.span(), SECTIONS, "a model file"),
        }
    }
    let broken = reader.broken;
    if !header_seen {
        diagnostics.push(
            Diagnostic::error("model::missing_header", "the file has no [model] table")
                .at(0..0, "expected [model] here")
                .help(
                    "start the file with [model] and a title, e.g.\n[model]\ntitle = \"My system\"",
                )
                .in_file(file),
        );
    }
    // A broken [model] table is reported, and the rest of the file is still checked; only
    // its sources are unknown, so quotes are then left unchecked.
    let header_ok = header.is_some();
    model.model = header.unwrap_or_default();
    let parsed = Parsed {
        file: model,
        broken,
        header_ok,
    };
    (Some(parsed), diagnostics)
}

/// The diagnostics of a text that is not valid TOML: one per syntax error, or, for a text that
/// is mostly not TOML at all (notes, a README, a CSV given as a model), one that says so rather
/// than a screenful of "expected `=`".
fn syntax_diagnostics(file: &SourceFile, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    if errors.len() >= 3 && mostly_not_toml(file.text()) {
        return vec![
            Diagnostic::error(
                "model::not_toml",
                format!(
                    "{} is not a model file: most of its lines are not TOML ({} syntax errors)",
                    file.name(),
                    errors.len()
                ),
            )
            .at(0..0, "not TOML")
            .help(
                "a model is a TOML file of `[model]`, `[[factors]]`, `[[relations]]`… tables \
                 of `key = value` lines; `realpolitik new FILE` writes one to start from",
            )
            .in_file(file),
        ];
    }
    errors
        .iter()
        .map(|e| from_toml_error(e, file, "model::syntax"))
        .collect()
}

/// Whether fewer than a quarter of the text's lines (blank lines and comments aside) look like
/// TOML: a `[table]` or `[[array]]` header, or a `key = value` line.
fn mostly_not_toml(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let toml_like = lines
        .iter()
        .filter(|l| {
            let header = l.starts_with('[') && l.ends_with(']');
            let assignment = l.split_once('=').is_some_and(|(key, _)| {
                let key = key.trim();
                !key.is_empty()
                    && key.chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | '\'' | ' ')
                    })
            });
            header || assignment
        })
        .count();
    toml_like * 4 < lines.len()
}

/// Parses the file of an alternative encoding (see [`AlternativeFile`]); `None` when the text
/// is not TOML or has no `[alternative]` table.
pub fn parse_alternative(file: &SourceFile) -> (Option<AlternativeFile>, Vec<Diagnostic>) {
    let (root, syntax_errors) = DeTable::parse_recoverable(file.text());
    if !syntax_errors.is_empty() {
        return (None, syntax_diagnostics(file, &syntax_errors));
    }
    let mut diagnostics = Vec::new();
    let mut reader = SectionReader {
        file,
        diagnostics: &mut diagnostics,
        broken: HashSet::new(),
    };
    let mut header: Option<AlternativeHeader> = None;
    let mut alternative = AlternativeFile::default();
    for (key, value) in root.get_ref().iter() {
        let name: &str = key.get_ref();
        match name {
            "alternative" => header = reader.one(value),
            "relations" => alternative.relations = reader.many("relations", value),
            "links" => alternative.links = reader.many("links", value),
            "judgments" => alternative.judgments = reader.many("judgments", value),
            _ => reader.unknown_section(
                name,
                key.span(),
                ALTERNATIVE_SECTIONS,
                "an alternative encoding",
            ),
        }
    }
    let Some(header) = header else {
        diagnostics.push(
            Diagnostic::error(
                "model::missing_header",
                "the file has no [alternative] table",
            )
            .at(0..0, "expected [alternative] here")
            .help("start the file with [alternative] and a title, e.g.\n[alternative]\ntitle = \"The advocates' case\"")
            .in_file(file),
        );
        return (None, diagnostics);
    };
    alternative.alternative = header;
    (Some(alternative), diagnostics)
}

/// Reads sections one at a time, collecting diagnostics.
struct SectionReader<'a> {
    file: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
    broken: HashSet<(&'static str, String)>,
}

impl SectionReader<'_> {
    /// Reports a top-level key that is not one of `sections`.
    fn unknown_section(&mut self, name: &str, span: Span, sections: &[&str], what: &str) {
        let help = match crate::suggest::closest(name, sections.iter().copied()) {
            Some(s) => format!(
                "did you mean `{s}`? The sections are: {}",
                sections.join(", ")
            ),
            None => format!("the sections are: {}", sections.join(", ")),
        };
        self.diagnostics.push(
            Diagnostic::error(
                "model::unknown_section",
                format!("unknown section `{name}`"),
            )
            .at(span, format!("not a section of {what}"))
            .help(help)
            .in_file(self.file),
        );
    }

    /// Reports `[[actors]]` holding more actors than the `actors` limit, at the first one past
    /// it: the model is then refused before any bargaining round runs. The actors are still
    /// read, so that what refers to them is checked without a cascade of unknown names.
    fn too_many_actors(&mut self, value: &toml::Spanned<DeValue<'_>>, limits: &Limits) {
        let Some(all) = value.get_ref().as_array() else {
            return;
        };
        if let Some(past) = all.get(limits.most_actors()) {
            let n = format!("{} actors", all.len());
            let d = limits.too_many_actors(self.file, past.span(), &n);
            self.diagnostics.push(d);
        }
    }

    /// Reads one value; on failure records the error and returns `None`.
    fn one<T: DeserializeOwned>(&mut self, value: &toml::Spanned<DeValue<'_>>) -> Option<T> {
        let mut owned = value.clone();
        owned.get_mut().make_owned();
        match T::deserialize(ValueDeserializer::from(owned)) {
            Ok(v) => Some(v),
            Err(e) => {
                self.diagnostics
                    .push(from_toml_error(&e, self.file, "model::invalid_value"));
                None
            }
        }
    }

    /// Reads an array-of-tables section element by element, skipping the ones in error.
    fn many<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
        value: &toml::Spanned<DeValue<'_>>,
    ) -> Vec<T> {
        let Some(array) = value.get_ref().as_array() else {
            self.diagnostics.push(
                Diagnostic::error(
                    "model::not_an_array",
                    format!("`{name}` must be a list of tables"),
                )
                .at(
                    value.span(),
                    format!("this is a {}", value.get_ref().type_str()),
                )
                .help(format!(
                    "write each element under its own [[{name}]] header (two brackets)"
                ))
                .in_file(self.file),
            );
            return Vec::new();
        };
        let mut elements = Vec::new();
        for element in array.iter() {
            match self.one(element) {
                Some(e) => elements.push(e),
                None => {
                    let id = element
                        .get_ref()
                        .get("id")
                        .and_then(|id| id.get_ref().as_str());
                    if let Some(id) = id {
                        self.broken.insert((name, id.to_owned()));
                    }
                }
            }
        }
        elements
    }
}

/// Turns a TOML or serde error into a located diagnostic, classifying the common kinds so each
/// gets a code and a hint.
/// Help for serde's "unknown field `x`, expected one of `a`, `b`": a spelling suggestion when
/// one of the expected keys is close.
fn unknown_field_help(message: &str) -> String {
    let mut quoted = message.split('`').skip(1).step_by(2);
    let unknown = quoted.next().unwrap_or_default();
    let expected: Vec<&str> = quoted.collect();
    match crate::suggest::closest(unknown, expected.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => {
            "remove the key or correct its spelling; `realpolitik schema` lists every key".into()
        }
    }
}

fn from_toml_error(
    error: &toml::de::Error,
    file: &SourceFile,
    default_code: &'static str,
) -> Diagnostic {
    let message = error.message().trim_end().to_owned();
    let help = |h: &str| h.to_owned();
    let (code, help) = if message.starts_with("unknown field") {
        ("model::unknown_key", unknown_field_help(&message))
    } else if message.starts_with("missing field") {
        ("model::missing_key", help("add the key to this table"))
    } else if message.starts_with("invalid type") {
        (
            "model::wrong_type",
            help("write the value in the form the message expects"),
        )
    } else if message.starts_with("unknown variant") {
        (
            "model::unknown_variant",
            help("use one of the values the message lists"),
        )
    } else if default_code == "model::syntax" {
        (
            "model::syntax",
            help("this is not valid TOML; see https://toml.io for the syntax"),
        )
    } else {
        (
            default_code,
            help("docs/model-format.md shows every accepted form"),
        )
    };
    let deep = message.contains("recursion limit");
    let (message, help) = if deep {
        (
            "the keys or values are nested too deeply to read (recursion limit)".to_owned(),
            "a model's tables and keys are a few levels deep; this line nests hundreds: \
             remove it"
                .to_owned(),
        )
    } else {
        (message, help)
    };
    let mut d = Diagnostic::error(code, message).help(help).in_file(file);
    if let Some(span) = error.span() {
        d = d.at(span, "here");
    } else if deep {
        d = d.at(deepest_line(file.text()), "nested too deeply");
    }
    d
}

/// The line that nests deepest (dotted keys, brackets and braces), for an error the TOML reader
/// gives without a place: where a too-deep nesting is.
fn deepest_line(text: &str) -> std::ops::Range<usize> {
    let mut best = (0, 0..0);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let depth = line
            .bytes()
            .filter(|b| matches!(b, b'.' | b'[' | b'{'))
            .count();
        if depth > best.0 {
            best = (depth, start..start + line.trim_end().len());
        }
        start += line.len();
    }
    best.1
}
