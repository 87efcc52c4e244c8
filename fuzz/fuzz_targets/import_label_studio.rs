//! Fuzz target `import_label_studio`: see `spanlab::fuzzing`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| spanlab::fuzzing::run("import_label_studio", data));
