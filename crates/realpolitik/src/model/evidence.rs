//! Checking quotes against their sources.
//!
//! A quote is found in a source when it occurs there after both are normalised: every run of
//! whitespace becomes one space, and typographic quotes and apostrophes (‘ ’ “ ” „ ‚ ′ ″ « »)
//! become their plain forms. Case, punctuation and spelling must match: a quote is verbatim.

/// Normalises text for quote matching (see the module docs).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => '"',
            other => other,
        });
    }
    out
}

/// A source text prepared for repeated quote look-ups.
#[derive(Clone, Debug)]
pub struct SourceText {
    normalized: String,
}

impl SourceText {
    /// Prepares a text.
    pub fn new(text: &str) -> Self {
        SourceText {
            normalized: normalize(text),
        }
    }

    /// Whether the quote occurs in the text (after normalising both).
    pub fn contains(&self, quote: &str) -> bool {
        let quote = normalize(quote);
        !quote.is_empty() && self.normalized.contains(&quote)
    }

    /// The longest prefix of the quote (in words) that does occur, to show a user where their
    /// quote departs from the source.
    pub fn longest_matching_prefix(&self, quote: &str) -> String {
        let quote = normalize(quote);
        let words: Vec<&str> = quote.split(' ').collect();
        let mut best = 0;
        for n in 1..=words.len() {
            if self.normalized.contains(&words[..n].join(" ")) {
                best = n;
            } else {
                break;
            }
        }
        words[..best].join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_quote_styles_do_not_matter() {
        let text =
            SourceText::new("the regime\u{2019}s  success\nagainst \u{201C}IS\u{201D} could");
        assert!(text.contains("the regime's success against \"IS\" could"));
        assert!(text.contains("regime’s success"));
        assert!(!text.contains("the regime's successes"));
        assert!(!text.contains("The regime"), "case matters");
        assert!(!text.contains("   "), "an empty quote is never found");
    }

    #[test]
    fn prefix_shows_where_a_quote_departs() {
        let text = SourceText::new("Turkey, already a reluctant ally, has made it clear");
        assert_eq!(
            text.longest_matching_prefix("Turkey, already a willing ally"),
            "Turkey, already a"
        );
    }
}
