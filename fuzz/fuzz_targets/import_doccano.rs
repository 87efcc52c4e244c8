//! Fuzz target `import_doccano`: see `spanlab::fuzzing`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| spanlab::fuzzing::run("import_doccano", data));
