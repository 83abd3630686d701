//! Full-text search: what a person types becomes a safe FTS5 expression
//! (quotes, hyphens, `*`, `:`, `NEAR`, brackets are never SQL syntax), and
//! results come back with highlighted snippets.

use chrono::NaiveDate;
use serde::Serialize;

use crate::entry::EntryKind;
use crate::error::{Error, Result};
use crate::ids::Id;
use crate::record::RecordKind;

/// Most words a query may hold.
const MAX_TERMS: usize = 32;

/// A search with its filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// What the person typed.
    pub text: String,
    /// Only within this case.
    pub case_id: Option<Id>,
    /// Only this kind of record or of entry.
    pub kind: Option<KindFilter>,
    /// Only records tagged so (or on a case tagged so).
    pub tag: Option<String>,
    /// From this day.
    pub from: Option<NaiveDate>,
    /// To this day.
    pub to: Option<NaiveDate>,
    /// Significant entries only.
    pub significant: bool,
    /// At most this many results (default 50, at most 200).
    pub limit: Option<u32>,
    /// Skip this many.
    pub offset: Option<u32>,
}

/// The kind filter: a kind of record, or a kind of chronology entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindFilter {
    /// Cases, people, entries, reflections…
    Record(RecordKind),
    /// Home visits, phone calls…
    Entry(EntryKind),
}

impl KindFilter {
    /// Parses a record kind (`entry`, `reflection`…) or an entry kind
    /// (`home-visit`…).
    pub fn parse(s: &str) -> Result<Self> {
        if let Ok(k) = RecordKind::parse("kind", s) {
            if k != RecordKind::Worker {
                return Ok(KindFilter::Record(k));
            }
        }
        EntryKind::parse("kind", s).map(KindFilter::Entry).map_err(|_| {
            Error::invalid(
                "kind",
                format!(
                    "\"{}\" is not a kind; use case, person, entry, addendum, reflection, cowork-note, action, or an entry kind such as home-visit",
                    crate::ids::shorten(s)
                ),
            )
        })
    }
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Kind of record found.
    pub kind: RecordKind,
    /// Its id.
    pub record_id: Id,
    /// Its case, if any.
    pub case_id: Option<Id>,
    /// The entry kind, for entries.
    pub entry_kind: Option<EntryKind>,
    /// The day it is dated.
    pub day: String,
    /// A significant entry.
    pub significant: bool,
    /// Its title.
    pub title: String,
    /// The passage that matched, in parts; highlighted parts are matches.
    pub snippet: Vec<SnippetPart>,
}

/// A piece of a snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnippetPart {
    /// The text.
    pub text: String,
    /// Whether it matched the query.
    pub highlight: bool,
}

/// Marks the start of a match in a raw snippet.
pub(crate) const MARK_START: char = '\u{1}';
/// Marks the end of a match in a raw snippet.
pub(crate) const MARK_END: char = '\u{2}';

/// Turns what a person typed into an FTS5 expression that cannot be a
/// syntax error: every word is quoted (so `NEAR`, `-`, `:`, brackets are
/// plain text), `"…"` keeps a phrase, a trailing `*` searches by prefix, and
/// `OR` between words means either.
pub fn fts_expression(input: &str) -> Result<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let (raw, after, phrase) = if c == '"' {
            let body = &rest[1..];
            match body.find('"') {
                Some(end) => (&body[..end], &body[end + 1..], true),
                None => (body, "", true),
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], &rest[end..], false)
        };
        rest = after;
        if !phrase && raw == "OR" {
            if terms.last().is_some_and(|t| t != "OR") {
                terms.push("OR".into());
            }
            continue;
        }
        let prefix = !phrase && raw.ends_with('*');
        // Leading '-' or '+' and similar are punctuation to the tokenizer;
        // only keep chunks that hold a word.
        if !raw.chars().any(char::is_alphanumeric) {
            continue;
        }
        let quoted = format!("\"{}\"", raw.trim_end_matches('*').replace('"', "\"\""));
        terms.push(if prefix { format!("{quoted}*") } else { quoted });
        if terms.len() >= MAX_TERMS * 2 {
            break;
        }
    }
    while terms.last().is_some_and(|t| t == "OR") {
        terms.pop();
    }
    if terms.iter().filter(|t| *t != "OR").count() > MAX_TERMS {
        return Err(Error::invalid(
            "query",
            format!("has more than {MAX_TERMS} words; search for fewer"),
        ));
    }
    if terms.is_empty() {
        return Err(Error::invalid(
            "query",
            "type at least one word or number to search for",
        ));
    }
    Ok(terms.join(" "))
}

/// Splits a raw snippet with match marks into parts.
pub(crate) fn snippet_parts(raw: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut highlight = false;
    let mut current = String::new();
    for c in raw.chars() {
        if c == MARK_START || c == MARK_END {
            if !current.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut current),
                    highlight,
                });
            }
            highlight = c == MARK_START;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        parts.push(SnippetPart {
            text: current,
            highlight,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(fts_expression(input).unwrap(), expected, "input {input:?}");
    }

    #[test]
    fn queries_become_quoted_terms() {
        check("school attendance", r#""school" "attendance""#);
        check("  \"home visit\"  mum", r#""home visit" "mum""#);
        check("attend*", r#""attend"*"#);
        check("NEAR(a b)", r#""NEAR(a" "b)""#);
        check("mother OR father", r#""mother" OR "father""#);
        check("OR mother OR", r#""mother""#);
        check("step-father", r#""step-father""#);
        check("col:umn", r#""col:umn""#);
        check("\"unbalanced phrase", r#""unbalanced phrase""#);
        check("a\"b", r#""a""b""#);
    }

    #[test]
    fn queries_without_words_are_refused() {
        for q in ["", "   ", "\"\"", "*", "-", "( )", "OR", ":::"] {
            let e = fts_expression(q).unwrap_err();
            assert_eq!(e.field(), Some("query"), "{q:?}");
        }
    }

    #[test]
    fn snippet_marks_split_into_parts() {
        let parts = snippet_parts("seen at \u{1}school\u{2} today");
        assert_eq!(parts.len(), 3);
        assert!(parts[1].highlight);
        assert_eq!(parts[1].text, "school");
    }
}
