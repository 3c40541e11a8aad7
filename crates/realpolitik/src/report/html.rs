//! HTML building blocks: escaping, tables, and the page around the sections.

use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Digits with thousands separators: 544195584 → 544,195,584.
pub fn thousands(digits: &str) -> String {
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A table with a header row; cells are HTML (escape text before passing it).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut t = String::from("<table>\n<thead><tr>");
    for h in headers {
        let _ = write!(t, "<th>{}</th>", escape(h));
    }
    t.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        t.push_str("<tr>");
        for cell in row {
            let _ = write!(t, "<td>{cell}</td>");
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody>\n</table>\n");
    t
}

/// The stylesheet: readable on screen and in print, no external fonts.
const STYLE: &str = r#"
:root { --ink: #1f2328; --muted: #57606a; --rule: #d0d7de; --accent: #0969da; }
* { box-sizing: border-box; }
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink);
       max-width: 1100px; margin: 0 auto; padding: 2rem 1.5rem; line-height: 1.5; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.3rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
.question { font-size: 1.15rem; color: var(--muted); margin-top: 0; }
nav ol { columns: 2; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border: 1px solid var(--rule); padding: 0.25rem 0.55rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.tableau { font-size: 0.8rem; }
table.tableau th, table.tableau td { padding: 0.15rem 0.4rem; }
blockquote { margin: 0.3rem 0; padding-left: 0.7rem; border-left: 3px solid var(--rule); color: var(--muted); }
.figure { overflow-x: auto; margin: 1rem 0; }
.figure svg { max-width: 100%; height: auto; }
.note { color: var(--muted); font-size: 0.9rem; }
.tag { display: inline-block; padding: 0 0.4rem; border-radius: 0.6rem; font-size: 0.8rem; background: #eaeef2; }
.tag.assumption { background: #fff8c5; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); }
@media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } .figure, table { break-inside: avoid; } nav { display: none; } }
"#;

/// A whole page: title, question, table of contents, sections, footer.
pub fn page(
    title: &str,
    question: Option<&str>,
    sections: &[(String, String, String)],
    footer: &str,
) -> String {
    let mut p = String::new();
    let _ = write!(
        p,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape(title),
        escape(title)
    );
    if let Some(q) = question {
        let _ = writeln!(p, "<p class=\"question\">{}</p>", escape(q));
    }
    p.push_str("</header>\n<nav><ol>\n");
    for (id, heading, _) in sections {
        let _ = writeln!(p, "<li><a href=\"#{id}\">{}</a></li>", escape(heading));
    }
    p.push_str("</ol></nav>\n");
    for (id, heading, body) in sections {
        let _ = write!(
            p,
            "<section id=\"{id}\">\n<h2>{}</h2>\n{body}</section>\n",
            escape(heading)
        );
    }
    let _ = write!(p, "<footer>{footer}</footer>\n</body>\n</html>\n");
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands("544195584"), "544,195,584");
        assert_eq!(thousands("36"), "36");
        assert_eq!(thousands("1000"), "1,000");
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn a_page_links_its_sections() {
        let sections = vec![(
            "one".to_owned(),
            "First & only".to_owned(),
            "<p>x</p>".to_owned(),
        )];
        let html = page("T", Some("Q?"), &sections, "made");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<a href=\"#one\">First &amp; only</a>"));
        assert!(html.contains("<section id=\"one\">"));
        assert!(html.contains("<p class=\"question\">Q?</p>"));
    }
}
