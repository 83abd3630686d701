//! Arbitrary bytes as a backup file are refused with an error, never a panic, a huge allocation
//! or a hang.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = data;
    assert!(casecraft_core::protection::backup::verify_from(&mut reader, Path::new("fuzz.ccbackup"), "fuzzing passphrase").is_err());
});
