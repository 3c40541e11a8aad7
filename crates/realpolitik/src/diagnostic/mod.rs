//! Located diagnostics: what is wrong with an input, where, and how to fix it.
//!
//! A [`Diagnostic`] carries the file's name and text, so it renders on its own (file, line and
//! column, the offending line with a caret under the span, the message and a hint) through
//! [`miette`], and serialises to JSON for programs with the line and column computed here.

mod render;

use std::fmt;
use std::sync::{Arc, OnceLock};

use miette::{LabeledSpan, NamedSource, SourceCode};
use schemars::JsonSchema;
use serde::Serialize;

/// A byte range in an input's text: where a diagnostic points, and where a model value was
/// written ([`crate::model::Located`]).
pub type Span = std::ops::Range<usize>;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used.
    Error,
    /// The input can be used, but something deserves a look.
    Warning,
}

/// A named text that diagnostics point into (a model file, a matrix file).
#[derive(Clone, Debug)]
pub struct SourceFile {
    inner: Arc<Inner>,
}

/// A file's text and its line index, shared by every diagnostic that points into it.
#[derive(Debug)]
struct Inner {
    named: NamedSource<Arc<str>>,
    /// Byte offsets of the starts of lines, computed on first use, so that locating many
    /// diagnostics in one file takes linear time rather than a scan from the top for each.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file's display name (usually its path as the user gave it) and its text.
    pub fn new(name: impl AsRef<str>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            inner: Arc::new(Inner {
                named: NamedSource::new(name, text.into()),
                line_starts: OnceLock::new(),
            }),
        }
    }

    /// The display name.
    pub fn name(&self) -> &str {
        self.inner.named.name()
    }

    /// The full text.
    pub fn text(&self) -> &str {
        self.inner.named.inner()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let text = self.text();
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let starts = self.inner.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The last line start at or before the offset (there is always one: 0).
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let column = text[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

/// The largest character boundary of `text` at or before `offset` (≤ `text.len()`).
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found in an input.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code naming the kind of problem, e.g. `model::unknown_id`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// Where, and a short label shown under the caret.
    pub location: Option<(Span, String)>,
    /// The file the location points into.
    pub file: Option<SourceFile>,
}

impl Diagnostic {
    /// An error with a message; add a location, file and help with the builder methods.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            help: None,
            location: None,
            file: None,
        }
    }

    /// A warning with a message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at a span, with a label shown under the caret.
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.location = Some((span, label.into()));
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the file the span points into.
    pub fn in_file(mut self, file: &SourceFile) -> Self {
        self.file = Some(file.clone());
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column of the start of the span, when both a span and a file are known.
    pub fn line_column(&self) -> Option<(usize, usize)> {
        let (span, _) = self.location.as_ref()?;
        Some(self.file.as_ref()?.line_column(span.start))
    }

    /// The diagnostic as a JSON-ready record.
    pub fn to_record(&self) -> DiagnosticRecord {
        let (line, column) = self.line_column().unzip();
        DiagnosticRecord {
            severity: self.severity,
            code: self.code,
            message: self.message.clone(),
            help: self.help.clone(),
            file: self.file.as_ref().map(|f| f.name().to_owned()),
            line,
            column,
            label: self.location.as_ref().map(|(_, l)| l.clone()),
        }
    }
}

/// A diagnostic as programs read it (`--format json`).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DiagnosticRecord {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code of the kind of problem.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The file.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// The label under the caret.
    pub label: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.location.as_ref()?;
        self.file
            .as_ref()
            .map(|f| &f.inner.named as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (span, label) = self.location.as_ref()?;
        self.file.as_ref()?;
        let labeled = LabeledSpan::new_primary_with_span(Some(label.clone()), span.clone());
        Some(Box::new(std::iter::once(labeled)))
    }
}

pub use render::render;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let file = SourceFile::new("m.toml", "a = 1\nbé = 2\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(6), (2, 1));
        // "é" is two bytes: the "=" after "bé " is the 4th character of line 2.
        assert_eq!(file.line_column(10), (2, 4));
        // Past the end clamps to the end.
        assert_eq!(file.line_column(1000), (3, 1));
    }

    #[test]
    fn rendering_shows_file_line_column_caret_and_help() {
        let file = SourceFile::new("m.toml", "[model]\ntitle = 3\n");
        let d = Diagnostic::error("model::type", "title must be text")
            .at(16..17, "a number")
            .help("write title = \"...\"")
            .in_file(&file);
        let text = render(&[d], false);
        assert!(text.contains("m.toml:2:9"), "{text}");
        assert!(text.contains("title = 3"), "{text}");
        assert!(text.contains("a number"), "{text}");
        assert!(text.contains("write title"), "{text}");
    }
}
