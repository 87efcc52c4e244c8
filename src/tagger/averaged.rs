//! Training helpers of the linear-chain model: averaged perceptron weights
//! and a seeded shuffle of the training order.

use super::crf::Example;

/// Perceptron weights with the running sums that give their average over
/// every step ("averaged perceptron", with the usual lazy trick: each
/// update at step `c` also adds `c × delta` to a sum, and the average is
/// `w − sum / c` at the end). Updates are ±1, so integers keep it exact.
pub(super) struct Averaged {
    weights: Vec<i32>,
    sums: Vec<i64>,
}

impl Averaged {
    pub(super) fn new(len: usize) -> Self {
        Self {
            weights: vec![0; len],
            sums: vec![0; len],
        }
    }

    pub(super) fn update(&mut self, at: usize, delta: i32, step: i64) {
        self.weights[at] += delta;
        self.sums[at] += step * i64::from(delta);
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "perceptron weights are small integers"
    )]
    pub(super) fn current(&self) -> Vec<f32> {
        self.weights.iter().map(|&w| w as f32).collect()
    }

    /// Emission scores of an example under the current weights.
    pub(super) fn scores(&self, example: &Example, n_tags: usize, out: &mut Vec<f32>) {
        out.clear();
        out.resize(example.tags.len() * n_tags, 0.0);
        for (t, scores) in out.chunks_exact_mut(n_tags).enumerate() {
            for &row in example.token(t) {
                let at = row as usize * n_tags;
                for (score, &w) in scores.iter_mut().zip(&self.weights[at..at + n_tags]) {
                    #[expect(clippy::cast_precision_loss, reason = "small integers")]
                    {
                        *score += w as f32;
                    }
                }
            }
        }
    }

    #[expect(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        reason = "averaged weights need no more than f32"
    )]
    pub(super) fn average(&self, step: i64) -> Vec<f32> {
        let step = step as f64;
        self.weights
            .iter()
            .zip(&self.sums)
            .map(|(&w, &sum)| (f64::from(w) - sum as f64 / step) as f32)
            .collect()
    }
}

/// Fisher–Yates with a splitmix64 stream: the same order for the same seed.
pub(super) fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        #[expect(clippy::cast_possible_truncation, reason = "modulo a usize")]
        let j = (z % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}
