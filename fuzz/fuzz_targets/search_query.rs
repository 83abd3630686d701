//! Whatever a person types into search becomes either a quoted FTS5 expression or a clear error:
//! never a panic, and never a bare operator, column filter or unbalanced quote.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(expr) = casecraft_core::search::fts_expression(text) {
        assert_eq!(expr.matches('"').count() % 2, 0, "unbalanced quotes in {expr:?}");
        // Outside quoted strings (where `""` is an escaped quote) there is no column filter.
        let outside: String = expr.split('"').step_by(2).collect();
        assert!(!outside.contains(':'), "a column filter escaped: {expr:?}");
    }
    let _ = casecraft_core::search::parse_query(text);
    let _ = casecraft_core::search::as_you_type(text);
});
