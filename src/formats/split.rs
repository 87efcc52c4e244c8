//! Corpus splits: documents shuffled by a seed and cut into named parts
//! (train / dev / test). Deterministic for a seed on every platform, and a
//! document is never split across parts.

/// A named part and its share of the documents.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The part's name, e.g. `train`.
    pub name: String,
    /// Its share; shares are normalised to sum to 1.
    pub share: f64,
}

/// Parses `train=0.8,dev=0.1,test=0.1`.
pub fn parse_parts(spec: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (name, share) = item
            .split_once('=')
            .ok_or_else(|| format!("split part {item:?} is not NAME=SHARE, e.g. train=0.8"))?;
        let share: f64 = share
            .trim()
            .parse()
            .map_err(|_| format!("split part {item:?}: {share:?} is not a number"))?;
        if !(share >= 0.0 && share.is_finite()) {
            return Err(format!("split part {item:?}: the share must be 0 or more"));
        }
        let name = name.trim();
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(format!(
                "split part {item:?}: the name must be a plain file name"
            ));
        }
        if parts.iter().any(|p: &Part| p.name == name) {
            return Err(format!("split part {name:?} is named twice"));
        }
        parts.push(Part {
            name: name.to_owned(),
            share,
        });
    }
    let total: f64 = parts.iter().map(|p| p.share).sum();
    if parts.is_empty() || total <= 0.0 {
        return Err("a split needs at least one part with a share above 0".into());
    }
    for part in &mut parts {
        part.share /= total;
    }
    Ok(parts)
}

/// `SplitMix64`: a small, well-known generator, the same on every platform.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        // n is a document count, far below 2^32: the modulo bias is negligible.
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }
}

/// Shuffles `docs` with `seed` and cuts them into the parts, in order.
/// Each part gets `round(cumulative share * n)` minus what came before.
pub fn split(docs: &[usize], parts: &[Part], seed: u64) -> Vec<Vec<usize>> {
    let mut order = docs.to_vec();
    let mut rng = SplitMix(seed);
    for i in (1..order.len()).rev() {
        let j = rng.below(i + 1);
        order.swap(i, j);
    }
    let n = order.len();
    let mut out = Vec::with_capacity(parts.len());
    let mut cumulative = 0.0;
    let mut from = 0;
    for (k, part) in parts.iter().enumerate() {
        cumulative += part.share;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "counts of documents"
        )]
        let to = if k + 1 == parts.len() {
            n
        } else {
            ((cumulative * n as f64).round() as usize).min(n)
        };
        let mut chunk = order[from..to.max(from)].to_vec();
        chunk.sort_unstable();
        out.push(chunk);
        from = to.max(from);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_are_deterministic_disjoint_and_complete() {
        let parts = parse_parts("train=0.8,dev=0.1,test=0.1").unwrap();
        let docs: Vec<usize> = (0..1000).collect();
        let a = split(&docs, &parts, 42);
        assert_eq!(a, split(&docs, &parts, 42), "same seed, same split");
        assert_ne!(a, split(&docs, &parts, 43), "another seed, another split");
        assert_eq!(a.iter().map(Vec::len).collect::<Vec<_>>(), [800, 100, 100]);
        let mut all: Vec<usize> = a.concat();
        all.sort_unstable();
        assert_eq!(all, docs, "every document in exactly one part");
    }

    #[test]
    fn bad_specs_say_what_is_wrong() {
        assert!(parse_parts("train:0.8").unwrap_err().contains("NAME=SHARE"));
        assert!(parse_parts("train=x").unwrap_err().contains("not a number"));
        assert!(parse_parts("a=1,a=1").unwrap_err().contains("twice"));
        assert!(
            parse_parts("../x=1")
                .unwrap_err()
                .contains("plain file name")
        );
        assert!((parse_parts("train=2,test=2").unwrap()[0].share - 0.5).abs() < 1e-12);
    }
}
