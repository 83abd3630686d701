//! Arbitrary bytes in a sync folder never open as a segment (and never panic the reader).
#![no_main]

use std::sync::OnceLock;

use casecraft_core::sync::vault::{open_segment, VaultKey};
use casecraft_core::Id;
use libfuzzer_sys::fuzz_target;

fn fixed() -> &'static (VaultKey, Id, Id) {
    static FIXED: OnceLock<(VaultKey, Id, Id)> = OnceLock::new();
    FIXED.get_or_init(|| (VaultKey::generate(), Id::new(), Id::new()))
}

fuzz_target!(|data: &[u8]| {
    let (key, vault, device) = fixed();
    assert!(open_segment(key, *vault, *device, 1, 10, data).is_err());
});
