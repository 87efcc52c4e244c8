//! Fuzz target `rules_ron`: see `spanlab::fuzzing`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| spanlab::fuzzing::run("rules_ron", data));
