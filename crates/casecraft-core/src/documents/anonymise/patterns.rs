//! The patterns a detail is found by: names folded for accents and case (each letter the class of
//! every letter that folds to the same base), references, dates of birth in every common form,
//! UK phone numbers and postcodes. Pure functions from a value to a regular expression's source.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The words of a name: runs of letters and digits, keeping apostrophes and hyphens inside a
/// word (O'Brien, Quennell-Ashworth) and dropping quotes, brackets and commas around it, so
/// `Matilda "Tilly" Jones (Tia)` gives Matilda, Tilly, Jones, Tia.
pub(super) fn words(name: &str) -> Vec<&str> {
    name.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '\'' | '’' | '-')))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words in a name that are not names themselves ("known as", titles, particles): left to the
/// full-name pattern, never replaced on their own. Compared folded.
pub(super) const NOT_NAMES: &[&str] = &[
    "a", "aka", "and", "as", "called", "da", "de", "del", "der", "di", "dr", "du", "formerly",
    "known", "la", "le", "miss", "mr", "mrs", "ms", "mx", "nee", "of", "or", "the", "van", "von",
];

pub(crate) use crate::casework::person::fold;

/// The one letter `c` folds to, if it folds to one ("É" → "e"; "ß" → "ß"; "ǆ" → none).
fn base_letter(c: char) -> Option<char> {
    let folded = fold(c.encode_utf8(&mut [0; 4]));
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (Some(base), None) => Some(base),
        _ => None,
    }
}

/// `text` in composed form (NFC), so a name stored decomposed splits into words as written.
pub(super) fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// The values of `texts`, trimmed and in composed form, without empty ones or ones that fold the
/// same as an earlier one.
pub(super) fn distinct<'t>(texts: impl IntoIterator<Item = &'t str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    texts
        .into_iter()
        .map(|t| nfc(t.trim()))
        .filter(|t| !t.is_empty() && seen.insert(fold(t)))
        .collect()
}

/// For each base letter, every Latin, Greek or Cyrillic letter that folds to it, in either case
/// ("e" → "EeÈÉÊË…èéêë…"): worked out once from Unicode's canonical decompositions.
pub(super) static FOLDED_LETTERS: LazyLock<BTreeMap<char, String>> = LazyLock::new(|| {
    let mut letters: BTreeMap<char, String> = BTreeMap::new();
    let scripts = ('A'..='Z')
        .chain('a'..='z')
        .chain('\u{c0}'..='\u{24f}')
        .chain('\u{370}'..='\u{4ff}')
        .chain('\u{1e00}'..='\u{1fff}');
    for c in scripts.filter(|c| c.is_alphabetic()) {
        if let Some(base) = base_letter(c) {
            letters.entry(base).or_default().push(c);
        }
    }
    letters
});

/// Combining marks that may follow a letter in decomposed text (the combining diacritical mark
/// blocks).
const MARKS: &str =
    r"[\x{300}-\x{36f}\x{1ab0}-\x{1aff}\x{1dc0}-\x{1dff}\x{20d0}-\x{20ff}\x{fe20}-\x{fe2f}]*";

/// A letter or digit as a pattern: any letter that folds to the same base, in any case, with any
/// combining marks after it.
fn letter_source(c: char) -> String {
    match base_letter(c).and_then(|b| FOLDED_LETTERS.get(&b)) {
        Some(letters) => format!("[{}]{MARKS}", regex::escape(letters)),
        None => format!("(?i:{}){MARKS}", regex::escape(c.encode_utf8(&mut [0; 4]))),
    }
}

/// A name part as a pattern: each letter folded ([`letter_source`]), either apostrophe, and a
/// hyphen that may be followed by a line break.
pub(super) fn part_source(part: &str) -> String {
    let mut source = String::new();
    for c in nfc(part).chars() {
        match c {
            '\'' | '’' | 'ʼ' => source.push_str("['’ʼ]"),
            '-' | '‐' | '‑' => source.push_str(r"[-‐‑]\s*"),
            c if is_combining_mark(c) => {}
            c if c.is_alphanumeric() => source.push_str(&letter_source(c)),
            c => source.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    source
}

/// A case reference as a pattern: letters folded, digits as written, and the separators inside
/// it ("CC-2041", "AB/17") as any separator or none ("CC 2041", "cc2041").
pub(super) fn reference_source(reference: &str) -> String {
    let reference = nfc(reference.trim());
    let chars: Vec<char> = reference
        .chars()
        .filter(|c| !is_combining_mark(*c))
        .collect();
    let first = chars.iter().position(|c| c.is_alphanumeric());
    let last = chars.iter().rposition(|c| c.is_alphanumeric());
    let mut source = String::new();
    let mut in_gap = false;
    for (i, &c) in chars.iter().enumerate() {
        let inside = first.is_some_and(|f| i > f) && last.is_some_and(|l| i < l);
        if c.is_alphanumeric() {
            in_gap = false;
            source.push_str(&letter_source(c));
        } else if inside {
            if !in_gap {
                source.push_str(r"[\s\-‐‑–—/._:#]{0,3}");
            }
            in_gap = true;
        } else {
            source.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
        }
    }
    let start = if chars.first().is_some_and(|c| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    let end = if chars.last().is_some_and(|c| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    format!("{start}{source}{end}")
}

/// A pattern that matches only as whole words: not inside a longer word.
pub(super) fn bounded(source: &str) -> String {
    format!(r"\b{source}\b")
}

/// The ways a date of birth is written, day first (UK): numeric with `/`, `.` or `-`, with or
/// without leading zeros and with a four- or two-digit year ("02/06/1990", "2.6.90"); ISO
/// ("1990-06-02"); with the month's name, long or short, in any case, and the day plain or as an
/// ordinal ("2 Jun 90", "2nd of June, 1990"); and month first ("June 2nd, 1990", "June 2 1990").
pub(super) fn date_source(d: NaiveDate) -> String {
    let number = |n: u32| {
        if n < 10 {
            format!("0?{n}")
        } else {
            n.to_string()
        }
    };
    let (day, month) = (number(d.day()), number(d.month()));
    let year = d.year();
    let short_year = format!("{:02}", year.rem_euclid(100));
    let sep = r"\s*[/.\-]\s*";
    let mut names = vec![d.format("%B").to_string(), d.format("%b").to_string()];
    if d.month() == 9 {
        names.push("Sept".into());
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let month_name = format!(r"(?:{})\.?", names.join("|"));
    let ordinal = format!("{day}(?:st|nd|rd|th)?");
    let written_year = format!("(?:{year}|['’]?{short_year})");
    let gap = r"[\s,./\-]*";
    let forms = [
        format!(r"\b{year}{sep}{month}{sep}{day}\b"),
        format!(r"\b{day}{sep}{month}{sep}(?:{year}|{short_year})\b"),
        format!(r"\b{ordinal}(?:\s+of)?{gap}{month_name}{gap}{written_year}\b"),
        format!(r"\b{month_name}{gap}(?:the\s+)?{ordinal},?{gap}{written_year}\b"),
    ];
    format!("(?i:{})", forms.join("|"))
}

/// UK phone numbers however they are spaced or punctuated: a leading 0 (or the area code in
/// brackets), or +44 / 0044 with or without "(0)", then nine or ten digits with spaces, hyphens
/// or a closing bracket between them ("(01632) 960001", "+44 (0)1632 960001", "020 7946 0018",
/// "+447700900123").
pub(super) const PHONE: &str = r"(?:(?:\+|\b00)\s?44[\s-]{0,2}(?:\(\s?0\s?\)[\s-]{0,2})?|\(\s?0|\b0)\d(?:(?:\s?\)[\s-]{0,2}|[\s-]{1,2})?\d){8,9}\b";

/// UK postcodes in any case and spacing ("sw1a 1aa", "SW1A1AA", "b33 8th"), starting with one of
/// the UK's postcode areas.
pub(super) fn postcode_source() -> String {
    format!(
        r"(?i:\b(?:{})[0-9][A-Z0-9]?\s*[0-9][ABD-HJLNP-UW-Z]{{2}}\b)",
        POSTCODE_AREAS.join("|")
    )
}

/// The UK's postcode areas: a postcode starts with one of them, so "A1 3rd" is not taken for one.
const POSTCODE_AREAS: &[&str] = &[
    "AB", "AL", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "B", "CA", "CB", "CF", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "EC",
    "EH", "EN", "EX", "E", "FK", "FY", "GL", "GU", "GY", "G", "HA", "HD", "HG", "HP", "HR", "HS",
    "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "LA", "LD", "LE", "LL", "LN",
    "LS", "LU", "L", "ME", "MK", "ML", "M", "NE", "NG", "NN", "NP", "NR", "NW", "N", "OL", "OX",
    "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "SA", "SE", "SG", "SK", "SL", "SM", "SN",
    "SO", "SP", "SR", "SS", "ST", "SW", "SY", "S", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
    "UB", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "W", "YO", "ZE",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folded_letter_is_derived_from_the_decompositions() {
        let e = FOLDED_LETTERS.get(&'e').unwrap();
        for c in ['e', 'E', 'é', 'È', 'ë', 'ê', 'ě', 'ẽ'] {
            assert!(e.contains(c), "{c} not in {e}");
        }
        assert!(!e.contains('a'));
        assert!(FOLDED_LETTERS.get(&'o').unwrap().contains('Ø'));
    }
}
