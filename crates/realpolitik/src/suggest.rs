//! "Did you mean …?" suggestions for misspelt ids and keys.

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["turkey", "iran", "israel"];
        assert_eq!(closest("turky", ids), Some("turkey"));
        assert_eq!(closest("isreal", ids), Some("israel"));
        assert_eq!(closest("china", ids), None);
    }
}
