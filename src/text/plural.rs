//! Counts in plain words: "1 document", "3 documents".

/// `n` and the noun, in the plural unless `n` is 1 (nouns that take "s").
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_document_two_documents() {
        assert_eq!(super::count(1, "document"), "1 document");
        assert_eq!(super::count(0, "span"), "0 spans");
        assert_eq!(super::count(2, "open conflict"), "2 open conflicts");
    }
}
