//! Any Markdown body renders to markup that cannot run anything or load anything.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = casecraft_core::documents::markdown::render(text).to_lowercase();
    for bad in ["<script", "<iframe", "<img", "<style", "<object", "<embed", " onerror=", " onload=", "javascript:", " style="] {
        assert!(!html.contains(bad), "{bad} survived: {html:?}");
    }
});
