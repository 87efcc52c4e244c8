//! The fuzz targets' inputs as tests: every corpus file and every crash the
//! fuzzer found (`fuzz/corpus/TARGET/`, `fuzz/regressions/TARGET/`) runs
//! through its target, plus proptest cases of random bytes and of real
//! files cut and mutated, so CI catches a reader that panics again without
//! running the fuzzer.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use spanlab::fuzzing::{TARGETS, run};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for kind in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let bytes = std::fs::read(&path).expect("readable corpus file");
            out.push((path, bytes));
        }
    }
    out.sort();
    out
}

#[test]
fn every_corpus_file_and_regression_runs_clean() {
    let mut total = 0;
    for target in TARGETS {
        let inputs = inputs(target);
        assert!(!inputs.is_empty(), "{target}: no corpus");
        for (path, bytes) in &inputs {
            let result = std::panic::catch_unwind(|| run(target, bytes));
            assert!(result.is_ok(), "{target}: {} panics", path.display());
        }
        total += inputs.len();
    }
    assert!(total >= TARGETS.len());
}

/// A seed file of `target`, cut at `cut` and with bytes overwritten.
fn mutated(target: &str, pick: usize, cut: usize, edits: &[(usize, u8)]) -> Vec<u8> {
    let inputs = inputs(target);
    let mut bytes = inputs[pick % inputs.len()].1.clone();
    if !bytes.is_empty() {
        bytes.truncate(cut % (bytes.len() + 1));
    }
    for &(at, b) in edits {
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = b;
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic(target in 0..TARGETS.len(), bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        run(TARGETS[target], &bytes);
    }

    #[test]
    fn cut_and_mutated_real_files_never_panic(
        target in 0..TARGETS.len(),
        pick in any::<usize>(),
        cut in any::<usize>(),
        edits in proptest::collection::vec((any::<usize>(), prop_oneof![Just(b'"'), Just(b'{'), Just(b']'), Just(b'\n'), Just(b'\t'), Just(0u8), Just(0xff), any::<u8>()]), 0..6),
    ) {
        run(TARGETS[target], &mutated(TARGETS[target], pick, cut, &edits));
    }
}
