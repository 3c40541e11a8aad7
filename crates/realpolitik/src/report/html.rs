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

/// Text for a CSS string literal (between double quotes) inside a `<style>` element: quotes,
/// backslashes, line breaks and `<` (which could close the element) as CSS escapes.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Reference material a reader opens when needed: collapsed on screen (one click opens it) and
/// left out of print unless opened, which keeps the printed briefing short.
pub fn appendix(summary: &str, body: &str) -> String {
    format!(
        "<details class=\"appendix\"><summary>{}</summary>\n{body}</details>\n",
        escape(summary)
    )
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
       max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 2rem; line-height: 1.5; }
h1 { font-size: 1.8rem; margin: 0.4rem 0 0.2rem; }
section:first-of-type > h2 { margin-top: 1rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.3rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
.question { font-size: 1.15rem; color: var(--muted); margin-top: 0; }
nav ol { display: flex; flex-wrap: wrap; gap: 0.1rem 1.1rem; padding-left: 1.2rem; margin: 0.4rem 0; font-size: 0.85rem; }
nav li { margin-right: 0.4rem; }
.bottom-line { font-size: 1rem; background: #f6f8fa; border-left: 4px solid var(--accent); padding: 0.6rem 0.9rem; }
.verdict { font-weight: 600; text-transform: uppercase; font-size: 0.9em; }
.verdict.better { color: #1a7f37; } .verdict.worse { color: #cf222e; }
.agree, .confidence { display: inline-block; padding: 0 0.35rem; border-radius: 0.3rem; white-space: nowrap; }
.agree.high, .confidence.high { background: #dafbe1; } .agree.moderate, .confidence.moderate { background: #fff8c5; }
.agree.low, .confidence.low { background: #ffebe9; }
.glance td:first-child { min-width: 14em; }
.flag { color: #9a6700; font-size: 0.85rem; }
.tag.grade-estimate, .tag.grade-assumption { background: #fff8c5; }
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
table.ach td:first-child { min-width: 13em; }
.rating { display: inline-block; min-width: 2.2em; text-align: center; border-radius: 0.2rem; font-weight: 600; }
.rating.cc { background: #aceebb; } .rating.c { background: #dafbe1; } .rating.n { background: #f6f8fa; }
.rating.i { background: #ffcecb; } .rating.ii { background: #ff8182; } .rating.na { color: var(--muted); }
.causal-graph .node { cursor: pointer; }
.causal-graph.focus .edge:not(.lit) { opacity: 0.07; } .causal-graph.focus .node:not(.lit) { opacity: 0.3; }
.causal-graph .edge.lit { stroke-opacity: 1; }
details.appendix { margin: 0.6rem 0; } details.appendix > summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); }
@page { size: A4; margin: 16mm 14mm 18mm;
        @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 8pt; color: #57606a; } }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; line-height: 1.35; }
  h2, h3 { break-after: avoid; } h2 { margin-top: 1.2rem; }
  p, li, blockquote { orphans: 3; widows: 3; }
  .figure, tr, blockquote { break-inside: avoid; }
  #summary { break-after: page; break-inside: avoid; }
  nav, .screen-only { display: none; }
  details:not([open]) > :not(summary) { display: none; }
  summary { list-style: none; }
}
"#;

/// The page's one script (inline, no network): clicking a factor of a causal graph (or
/// pressing Enter on it) highlights its links and its neighbours; clicking it again, or the
/// background, clears the highlight.
const SCRIPT: &str = r#"
document.querySelectorAll('svg.causal-graph').forEach(function (svg) {
  var current = null;
  function show(node) {
    current = node;
    var id = node ? node.getAttribute('data-node') : null;
    var near = {};
    svg.classList.toggle('focus', id !== null);
    svg.querySelectorAll('.edge').forEach(function (e) {
      var lit = id !== null && (e.getAttribute('data-from') === id || e.getAttribute('data-to') === id);
      e.classList.toggle('lit', lit);
      if (lit) { near[e.getAttribute('data-from')] = true; near[e.getAttribute('data-to')] = true; }
    });
    near[id] = id !== null;
    svg.querySelectorAll('.node').forEach(function (n) {
      n.classList.toggle('lit', near[n.getAttribute('data-node')] === true);
    });
  }
  function pick(event) {
    var node = event.target.closest('.node');
    show(node && node !== current ? node : null);
  }
  svg.addEventListener('click', pick);
  svg.addEventListener('keydown', function (event) { if (event.key === 'Enter') { pick(event); } });
});
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
         <title>{}</title>\n<style>{STYLE}@page {{ @top-center {{ content: \"{}\"; font-size: 8pt; \
         color: #57606a; }} }}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape(title),
        css_string(title),
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
    let _ = write!(
        p,
        "<footer>{footer}</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
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
    fn css_strings_cannot_close_their_quote_or_the_style_element() {
        assert_eq!(css_string("a\"b</style>\n"), "a\\22 b\\3c /style\\3e  ");
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
