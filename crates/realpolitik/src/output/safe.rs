//! Text from a model (labels, ids, quotes) made safe to show: on a terminal, where control
//! characters would be obeyed (ESC `[2J` clears the screen, an OSC sequence retitles the
//! window, a carriage return overwrites the line), and in a spreadsheet, where a cell starting
//! with `=`, `+`, `-` or `@` is run as a formula (CSV injection, OWASP).

use std::borrow::Cow;

/// Whether `c` is a control character a terminal could act on: C0 other than newline and tab,
/// DEL, and C1.
fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{7f}'
}

/// `text` with every control character a terminal could act on replaced by its visible
/// Unicode control picture (ESC → ␛, CR → ␍, DEL → ␡; C1 → �), so that it shows, one column
/// wide, instead of acting. Text without one is returned as it is.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                c if !is_control(c) => c,
                '\u{7f}' => '\u{2421}',
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                _ => '\u{fffd}',
            })
            .collect(),
    )
}

/// Whether `text` holds a control character a terminal could act on.
pub fn has_control(text: &str) -> bool {
    text.chars().any(is_control)
}

/// A CSV cell that a spreadsheet will show rather than run: a text cell starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe (which spreadsheets hide
/// and read as "this is text"). Numbers, negative ones included, are left as they are.
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_show_instead_of_acting() {
        assert_eq!(printable("plain — text\n\tok"), "plain — text\n\tok");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(printable("a\u{1b}[2Jb"), "a\u{241b}[2Jb");
        assert_eq!(printable("x\ry\u{7}"), "x\u{240d}y\u{2407}");
        assert_eq!(printable("\u{7f}\u{9b}"), "\u{2421}\u{fffd}");
        assert!(has_control("\u{1b}]0;title\u{7}") && !has_control("tab\there"));
    }

    #[test]
    fn formula_cells_are_neutralised_and_numbers_kept() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("+cmd"), "'+cmd");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-strong"), "'-strong");
        assert_eq!(csv_cell("-0.25"), "-0.25");
        assert_eq!(csv_cell("+3"), "+3");
        assert_eq!(csv_cell("-1e-5"), "-1e-5");
        assert_eq!(csv_cell("regime"), "regime");
        assert_eq!(csv_cell(""), "");
    }
}
