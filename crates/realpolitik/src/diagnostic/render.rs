//! Rendering diagnostics for people, safely for any input.
//!
//! [`miette`] shows the whole offending line and pads the caret with a format width equal to
//! the column, which panics past column 65,535 and floods the terminal long before that. So a
//! diagnostic whose line (or a neighbouring line) is long is shown as an excerpt of its line
//! around the span, with `…` where it was cut, while its header keeps the real file, line and
//! column. Spans are clamped to the text, so a bad span never loses the report either.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Span;
use super::{Diagnostic, floor_char_boundary};

/// Lines longer than this (in characters) are shown as an excerpt around the span.
pub const MAX_SHOWN_LINE: usize = 200;
/// Characters of the line kept on each side of the span in an excerpt.
const EXCERPT_CONTEXT: usize = 60;
/// Characters of the span itself kept in an excerpt.
const EXCERPT_SPAN: usize = 60;

/// Renders diagnostics for people: each with its file, line and column, the offending line (or
/// an excerpt of it when it is long) with a caret, the message and the hint. `color` adds ANSI
/// colours. Time is linear in the number of diagnostics times the size of the file.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let shown = Shown::of(diagnostic);
        // Writing into a String cannot fail; a source that cannot be read loses only its snippet.
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!("{}: {}\n", diagnostic.code, diagnostic.message));
        }
    }
    out
}

/// What is shown of a diagnostic's source: nothing, the file itself, or an excerpt of a line.
enum Snippet<'a> {
    None,
    Whole(&'a dyn SourceCode, Span),
    Excerpt(Excerpt),
}

/// A diagnostic prepared for display.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    snippet: Snippet<'a>,
}

impl<'a> Shown<'a> {
    fn of(diagnostic: &'a Diagnostic) -> Self {
        let snippet = match (&diagnostic.location, &diagnostic.file) {
            (Some((span, _)), Some(file)) => {
                let text = file.text();
                let start = floor_char_boundary(text, span.start.min(text.len()));
                let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
                if has_long_line_near(text, start, end) {
                    Snippet::Excerpt(Excerpt::new(file, start, end))
                } else {
                    Snippet::Whole(&file.inner.named, start..end)
                }
            }
            _ => Snippet::None,
        };
        Shown {
            diagnostic,
            snippet,
        }
    }
}

/// Whether a line from the one before `start` to the one after `end` is too long to show whole.
fn has_long_line_near(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let from = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let to = text
        .get(line_end + 1..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| line_end + 1 + i);
    text[from..to]
        .split('\n')
        .any(|line| line.len() > MAX_SHOWN_LINE && line.chars().count() > MAX_SHOWN_LINE)
}

/// A window of one line around a span, as its own small source text that reports the real
/// file name, line and column.
struct Excerpt {
    name: String,
    text: String,
    span: Span,
    /// 0-based line and column (in characters) of the span's start in the real file.
    line: usize,
    column: usize,
}

impl Excerpt {
    fn new(file: &super::SourceFile, start: usize, end: usize) -> Self {
        let text = file.text();
        let (line, column) = file.line_column(start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = advance(text, start, EXCERPT_SPAN).min(end).min(line_end);
        let from = back(text, start, EXCERPT_CONTEXT).max(line_start);
        let to = advance(text, end, EXCERPT_CONTEXT).min(line_end);
        let mut shown = String::new();
        if from > line_start {
            shown.push('…');
        }
        let offset = shown.len();
        // A lone carriage return would start a new line for miette: show it as a space.
        shown.push_str(&text[from..to].replace('\r', " "));
        if to < line_end {
            shown.push('…');
        }
        Excerpt {
            name: file.name().to_owned(),
            text: shown,
            span: offset + start - from..offset + end - from,
            line: line - 1,
            column: column - 1,
        }
    }
}

/// The byte offset `n` characters after `offset` (or the end).
fn advance(text: &str, offset: usize, n: usize) -> usize {
    text[offset..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| offset + i)
}

/// The byte offset `n` characters before `offset` (or the start).
fn back(text: &str, offset: usize, n: usize) -> usize {
    text[..offset]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            self.line,
            self.column,
            1,
        )))
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::code(self.diagnostic)
    }

    fn severity(&self) -> Option<miette::Severity> {
        miette::Diagnostic::severity(self.diagnostic)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        miette::Diagnostic::help(self.diagnostic)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match &self.snippet {
            Snippet::None => None,
            Snippet::Whole(source, _) => Some(*source),
            Snippet::Excerpt(excerpt) => Some(excerpt),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = match &self.snippet {
            Snippet::None => return None,
            Snippet::Whole(_, span) => span.clone(),
            Snippet::Excerpt(excerpt) => excerpt.span.clone(),
        };
        let label = self.diagnostic.location.as_ref().map(|(_, l)| l.clone());
        let labeled = LabeledSpan::new_primary_with_span(label, span);
        Some(Box::new(std::iter::once(labeled)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::SourceFile;
    use super::*;

    #[test]
    fn an_error_past_column_65535_renders_an_excerpt_with_the_real_location() {
        let line = format!("x = \"{}\" y", "a".repeat(70_000));
        let text = format!("[model]\n{line}\n");
        let start = text.find(" y").unwrap() + 1;
        let file = SourceFile::new("m.toml", text.clone());
        let d = Diagnostic::error("model::syntax", "unexpected key")
            .at(start..start + 1, "here")
            .in_file(&file);
        let shown = render(&[d], false);
        let column = line.find(" y").unwrap() + 2;
        assert!(shown.contains(&format!("m.toml:2:{column}")), "{shown}");
        assert!(shown.contains("…aaaa"), "{shown}");
        assert!(shown.contains("here"), "{shown}");
        assert!(shown.len() < 2_000, "{} bytes", shown.len());
    }

    #[test]
    fn a_long_neighbouring_line_is_not_shown_whole() {
        let text = format!("a = \"{}\"\nb = 3\n", "é".repeat(100_000));
        let start = text.find("b =").unwrap();
        let file = SourceFile::new("m.csv", text.clone());
        let d = Diagnostic::error("x", "bad")
            .at(start..start + 1, "this")
            .in_file(&file);
        let shown = render(&[d], false);
        assert!(shown.contains("m.csv:2:1"), "{shown}");
        assert!(shown.len() < 2_000, "{} bytes", shown.len());
    }

    #[test]
    fn a_span_past_the_end_is_clamped_not_lost() {
        let file = SourceFile::new("m.toml", "a = 1\n");
        let d = Diagnostic::error("x", "bad")
            .at(50..90, "past the end")
            .in_file(&file);
        let shown = render(&[d], false);
        assert!(shown.contains("bad"), "{shown}");
        assert!(shown.contains("m.toml"), "{shown}");
    }

    #[test]
    fn locating_many_diagnostics_takes_linear_time() {
        let text: String = (0..4_000).map(|i| format!("row{i},x\n")).collect();
        let file = SourceFile::new("big.csv", text.clone());
        let diagnostics: Vec<_> = text
            .match_indices('x')
            .map(|(i, _)| {
                Diagnostic::error("csv::number", "not a number")
                    .at(i..i + 1, "x")
                    .in_file(&file)
            })
            .collect();
        let started = std::time::Instant::now();
        let records: Vec<_> = diagnostics.iter().map(Diagnostic::to_record).collect();
        assert_eq!(records[3_999].line, Some(4_000));
        assert!(started.elapsed().as_secs_f64() < 1.0);
    }
}
