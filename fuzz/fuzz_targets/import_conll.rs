//! Fuzz target `import_conll`: see `spanlab::fuzzing`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| spanlab::fuzzing::run("import_conll", data));
