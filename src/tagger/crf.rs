//! The linear-chain model: a weight per (feature, tag) and per (tag, next
//! tag), Viterbi decoding under the BIO constraints, forward–backward for
//! probabilities, and averaged-perceptron training.
//!
//! A tag sequence `y` of a sentence `x` scores
//! `s(x, y) = Σ_t (w·f(x, t, y_t) + a(y_{t-1}, y_t))`. Decoding finds the
//! best-scoring sequence that BIO allows. Confidence comes from the CRF
//! distribution `P(y | x) = exp(s(x, y) / T) / Z(x)`, with `Z` summed by
//! the forward–backward algorithm over every allowed sequence; the
//! temperature `T` is fitted on held-out sentences so that confidences
//! match how often spans are right (perceptron weights have no scale of
//! their own).

use super::averaged::{Averaged, shuffle};
use super::bio::{Tag, TagSet};
use super::features::{HashedMap, SentenceFeatures};

/// Model weights.
#[derive(Clone, Debug, Default)]
pub struct Crf {
    /// Number of tags.
    pub(crate) n_tags: usize,
    /// Feature hash → weight row.
    pub(crate) index: HashedMap<u32>,
    /// `rows × n_tags` emission weights.
    pub(crate) weights: Vec<f32>,
    /// `(n_tags + 1) × n_tags` transition weights; the last row is the
    /// sentence start.
    pub(crate) transitions: Vec<f32>,
}

/// A training sentence: each token's weight rows, and its gold tags.
#[derive(Clone, Debug, Default)]
pub struct Example {
    /// Rows of every token, one token after another.
    pub rows: Vec<u32>,
    /// Token `i`'s rows end at `ends[i]`.
    pub ends: Vec<u32>,
    /// Gold tags.
    pub tags: Vec<Tag>,
}

impl Example {
    pub(super) fn token(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.rows[start..self.ends[i] as usize]
    }
}

/// Probabilities over a sentence's tag sequences, by forward–backward
/// in scaled probability space (no logarithms in the inner loop: one `exp`
/// per token and tag).
pub struct Lattice {
    n_tags: usize,
    /// `exp` of each scaled emission score minus the token's maximum, `len × n_tags`.
    psi: Vec<f64>,
    /// `exp` of the scaled transitions, `(n_tags + 1) × n_tags`, 0 where BIO forbids.
    m: Vec<f64>,
    /// Forward probabilities, normalised per token.
    alpha: Vec<f64>,
    /// Backward probabilities, scaled by the same per-token constants.
    beta: Vec<f64>,
    /// The per-token normalising constants.
    c: Vec<f64>,
}

impl Lattice {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.c.len()
    }

    /// True for an empty sentence.
    pub fn is_empty(&self) -> bool {
        self.c.is_empty()
    }

    /// Marginal probability that token `t` has tag `tag`.
    pub fn marginal(&self, t: usize, tag: Tag) -> f64 {
        let k = t * self.n_tags + usize::from(tag);
        (self.alpha[k] * self.beta[k]).clamp(0.0, 1.0)
    }

    /// Probability that tokens `first..end` are exactly one span of label
    /// number `label`: `B-` on the first, `I-` on the rest, and no `I-` of
    /// that label on the token after.
    pub fn span_probability(&self, first: usize, end: usize, label: usize) -> f64 {
        let l = self.n_tags;
        let (b, i_tag) = (
            usize::from(TagSet::begin(label)),
            usize::from(TagSet::inside(label)),
        );
        if first >= end || end > self.len() || i_tag >= l {
            return 0.0;
        }
        let mut p = self.alpha[first * l + b];
        let mut prev = b;
        for t in first + 1..end {
            p *= self.m[prev * l + i_tag] * self.psi[t * l + i_tag] / self.c[t];
            prev = i_tag;
        }
        if end < self.len() {
            let after: f64 = (0..l)
                .filter(|&y| y != i_tag)
                .map(|y| self.m[prev * l + y] * self.psi[end * l + y] * self.beta[end * l + y])
                .sum();
            p *= after / self.c[end];
        }
        p.clamp(0.0, 1.0)
    }

    /// Probability of a whole tag sequence.
    pub fn path_probability(&self, tags: &[Tag]) -> f64 {
        let l = self.n_tags;
        let mut p = 1.0;
        let mut prev = l;
        for (t, &tag) in tags.iter().enumerate().take(self.len()) {
            let y = usize::from(tag);
            p *= self.m[prev * l + y] * self.psi[t * l + y] / self.c[t];
            prev = y;
        }
        p.clamp(0.0, 1.0)
    }
}

/// Which transitions BIO allows, `(n_tags + 1) × n_tags`, start row last.
fn allowed(n_tags: usize) -> Vec<bool> {
    let mut out = Vec::with_capacity((n_tags + 1) * n_tags);
    for prev in 0..=n_tags {
        for next in 0..n_tags {
            let prev = (prev < n_tags).then(|| Tag::try_from(prev).unwrap_or(0));
            out.push(TagSet::allowed(prev, Tag::try_from(next).unwrap_or(0)));
        }
    }
    out
}

/// The best allowed tag sequence for emission scores `em` (`len × n_tags`).
fn viterbi(em: &[f32], trans: &[f32], allowed: &[bool], n_tags: usize) -> Vec<Tag> {
    let l = n_tags;
    let len = em.len() / l;
    if len == 0 {
        return Vec::new();
    }
    let mut score = vec![f32::NEG_INFINITY; len * l];
    let mut back = vec![0u16; len * l];
    for y in 0..l {
        if allowed[l * l + y] {
            score[y] = trans[l * l + y] + em[y];
        }
    }
    for t in 1..len {
        for y in 0..l {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..l {
                if !allowed[p * l + y] {
                    continue;
                }
                let s = score[(t - 1) * l + p] + trans[p * l + y];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            score[t * l + y] = best + em[t * l + y];
            back[t * l + y] = u16::try_from(arg).unwrap_or(0);
        }
    }
    let mut y = (0..l)
        .max_by(|&a, &b| score[(len - 1) * l + a].total_cmp(&score[(len - 1) * l + b]))
        .unwrap_or(0);
    let mut out = vec![0; len];
    for t in (0..len).rev() {
        out[t] = Tag::try_from(y).unwrap_or(0);
        y = usize::from(back[t * l + y]);
    }
    out
}

impl Crf {
    /// Number of weight rows (features kept).
    pub fn features(&self) -> usize {
        self.index.len()
    }

    /// Bytes the weights and the feature index take in memory.
    pub fn memory_bytes(&self) -> usize {
        self.weights.len() * 4 + self.transitions.len() * 4 + self.index.capacity() * (8 + 4 + 1)
    }

    /// Emission scores of a sentence, `len × n_tags`; unknown features count 0.
    pub fn emissions(&self, features: &SentenceFeatures) -> Vec<f32> {
        let l = self.n_tags;
        let mut em = vec![0.0f32; features.len() * l];
        for t in 0..features.len() {
            let out = &mut em[t * l..(t + 1) * l];
            for h in features.token(t) {
                if let Some(&row) = self.index.get(h) {
                    let w = &self.weights[row as usize * l..(row as usize + 1) * l];
                    for (o, w) in out.iter_mut().zip(w) {
                        *o += w;
                    }
                }
            }
        }
        em
    }

    /// The best tag sequence for a sentence.
    pub fn decode(&self, emissions: &[f32]) -> Vec<Tag> {
        viterbi(
            emissions,
            &self.transitions,
            &allowed(self.n_tags),
            self.n_tags,
        )
    }

    /// The forward–backward lattice of a sentence at temperature `temperature`.
    pub fn lattice(&self, emissions: &[f32], temperature: f64) -> Lattice {
        let l = self.n_tags;
        let len = emissions.len() / l;
        let scale = 1.0 / temperature.max(1e-6);
        let allowed = allowed(l);
        let m: Vec<f64> = self
            .transitions
            .iter()
            .zip(&allowed)
            .map(|(&w, &ok)| {
                if ok {
                    (f64::from(w) * scale).exp()
                } else {
                    0.0
                }
            })
            .collect();
        let mut psi = vec![0.0; len * l];
        for (em, psi) in emissions.chunks_exact(l).zip(psi.chunks_exact_mut(l)) {
            let max = em.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            for (p, &e) in psi.iter_mut().zip(em) {
                *p = (f64::from(e - max) * scale).exp();
            }
        }
        let mut alpha = vec![0.0; len * l];
        let mut beta = vec![0.0; len * l];
        let mut c = vec![1.0; len];
        for t in 0..len {
            let mut sum = 0.0;
            for y in 0..l {
                let from = if t == 0 {
                    m[l * l + y]
                } else {
                    (0..l).map(|p| alpha[(t - 1) * l + p] * m[p * l + y]).sum()
                };
                let a = from * psi[t * l + y];
                alpha[t * l + y] = a;
                sum += a;
            }
            // A sum of 0 would need every tag forbidden or underflowed;
            // keep the lattice finite.
            let sum = if sum > 0.0 && sum.is_finite() {
                sum
            } else {
                1.0
            };
            c[t] = sum;
            for a in &mut alpha[t * l..(t + 1) * l] {
                *a /= sum;
            }
        }
        if len > 0 {
            beta[(len - 1) * l..].fill(1.0);
        }
        for t in (0..len.saturating_sub(1)).rev() {
            for y in 0..l {
                let to: f64 = (0..l)
                    .map(|n| m[y * l + n] * psi[(t + 1) * l + n] * beta[(t + 1) * l + n])
                    .sum();
                beta[t * l + y] = to / c[t + 1];
            }
        }
        Lattice {
            n_tags: l,
            psi,
            m,
            alpha,
            beta,
            c,
        }
    }

    /// Trains by the averaged perceptron: `epochs` passes over `examples`
    /// in a shuffled order (fixed by `seed`); after each pass
    /// `progress(epoch)` is called. `rows` is the number of weight rows the
    /// examples use; `index` maps feature hashes to them.
    pub fn train(
        index: HashedMap<u32>,
        rows: usize,
        n_tags: usize,
        examples: &[Example],
        epochs: usize,
        seed: u64,
        progress: &mut dyn FnMut(usize),
    ) -> Self {
        let allowed = allowed(n_tags);
        let mut emission = Averaged::new(rows * n_tags);
        let mut transition = Averaged::new((n_tags + 1) * n_tags);
        let mut step: i64 = 1;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = seed ^ 0x9E37_79B9_7F4A_7C15;
        let mut scores: Vec<f32> = Vec::new();
        let mut transitions: Vec<f32> = transition.current();
        for epoch in 0..epochs {
            shuffle(&mut order, &mut rng);
            for &e in &order {
                let example = &examples[e];
                emission.scores(example, n_tags, &mut scores);
                let predicted = viterbi(&scores, &transitions, &allowed, n_tags);
                if predicted != example.tags {
                    let (mut prev_gold, mut prev_pred) = (n_tags, n_tags);
                    for (t, (&gold, &pred)) in example.tags.iter().zip(&predicted).enumerate() {
                        let (gold, pred) = (usize::from(gold), usize::from(pred));
                        if gold != pred {
                            for &row in example.token(t) {
                                let at = row as usize * n_tags;
                                emission.update(at + gold, 1, step);
                                emission.update(at + pred, -1, step);
                            }
                        }
                        if (prev_gold, gold) != (prev_pred, pred) {
                            transition.update(prev_gold * n_tags + gold, 1, step);
                            transition.update(prev_pred * n_tags + pred, -1, step);
                        }
                        prev_gold = gold;
                        prev_pred = pred;
                    }
                    transitions = transition.current();
                }
                step += 1;
            }
            progress(epoch + 1);
        }
        let mut out = Self {
            n_tags,
            index,
            weights: emission.average(step),
            transitions: transition.average(step),
        };
        out.prune();
        out
    }

    /// Drops the rows whose weights are all zero (features that never
    /// mattered), renumbering the rest.
    fn prune(&mut self) {
        let l = self.n_tags;
        let rows = self.weights.len() / l.max(1);
        let mut new_row = vec![u32::MAX; rows];
        let mut weights = Vec::new();
        let mut next = 0u32;
        for (r, slot) in new_row.iter_mut().enumerate() {
            let w = &self.weights[r * l..(r + 1) * l];
            if w.iter().any(|&x| x != 0.0) {
                weights.extend_from_slice(w);
                *slot = next;
                next += 1;
            }
        }
        self.index.retain(|_, row| {
            let n = new_row.get(*row as usize).copied().unwrap_or(u32::MAX);
            *row = n;
            n != u32::MAX
        });
        self.index.shrink_to_fit();
        self.weights = weights;
    }
}
