//! Fuzz target `patterns_jsonl`: see `spanlab::fuzzing`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| spanlab::fuzzing::run("patterns_jsonl", data));
