//! Full-text search: what a person types becomes a safe FTS5 expression
//! (quotes, hyphens, `*`, `:`, `NEAR`, brackets are never SQL syntax), and
//! results come back with highlighted snippets.

use chrono::NaiveDate;
use serde::Serialize;

use crate::casework::entry::EntryKind;
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
    /// At most this many results (every match when absent).
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

/// What a person is still typing, as a query: the last word, when the text does not end in a
/// space or a closed phrase, is searched as a prefix (`courg` → `courg*`); `"a phrase"`, `word `
/// and `word*` are left alone.
pub fn as_you_type(text: &str) -> String {
    let still_typing = text.chars().last().is_some_and(char::is_alphanumeric)
        && text.matches('"').count() % 2 == 0;
    if still_typing {
        format!("{text}*")
    } else {
        text.to_owned()
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
    /// Whose case it is, as a person reads it: "Amelia Hughes (CR-2041)".
    pub case_label: Option<String>,
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

/// A query made safe for FTS5, and the words it looks for (to highlight).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The FTS5 expression.
    pub expression: String,
    /// Lower-case words searched for, each with whether it is a prefix.
    pub words: Vec<(String, bool)>,
}

/// Turns what a person typed into an FTS5 expression that cannot be a
/// syntax error: every word is quoted (so `NEAR`, `-`, `:`, brackets are
/// plain text), `"…"` keeps a phrase, a trailing `*` searches by prefix, and
/// `OR` between words means either.
pub fn fts_expression(input: &str) -> Result<String> {
    parse_query(input).map(|q| q.expression)
}

/// Parses a query: see [`fts_expression`].
pub fn parse_query(input: &str) -> Result<ParsedQuery> {
    // Control characters (NUL above all) end strings early inside SQLite's
    // FTS parser; they are never part of a word, so they become spaces.
    let input: String = input
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut terms: Vec<String> = Vec::new();
    let mut words = Vec::new();
    let mut rest = input.as_str();
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
        let chunk_words: Vec<String> = word_spans(raw)
            .map(|(a, b)| raw[a..b].to_lowercase())
            .collect();
        let last = chunk_words.len().saturating_sub(1);
        words.extend(
            chunk_words
                .into_iter()
                .enumerate()
                .map(|(i, w)| (w, prefix && i == last)),
        );
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
    Ok(ParsedQuery {
        expression: terms.join(" "),
        words,
    })
}

/// Byte spans of the words (runs of letters and digits) in `text`.
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if c.is_alphanumeric() {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

/// Runs of whitespace (newlines included) become one space.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Words shown around the first match.
const SNIPPET_WORDS: usize = 18;

/// The passage of `body` (or `title`) around the first word that matches,
/// with matches highlighted.
pub(crate) fn snippet(title: &str, body: &str, words: &[(String, bool)]) -> Vec<SnippetPart> {
    let matches = |w: &str| {
        let w = w.to_lowercase();
        words.iter().any(|(q, prefix)| {
            if *prefix {
                w.starts_with(q.as_str())
            } else {
                w == *q
            }
        })
    };
    let text = if word_spans(body).any(|(a, b)| matches(&body[a..b])) || title.is_empty() {
        body
    } else {
        title
    };
    let spans: Vec<(usize, usize)> = word_spans(text).collect();
    let first = spans
        .iter()
        .position(|&(a, b)| matches(&text[a..b]))
        .unwrap_or(0);
    let from = first.saturating_sub(SNIPPET_WORDS / 3);
    let to = (from + SNIPPET_WORDS).min(spans.len());
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, highlight: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.highlight == highlight => last.text.push_str(text),
            _ => parts.push(SnippetPart {
                text: text.to_string(),
                highlight,
            }),
        }
    };
    if spans.is_empty() {
        push(&text.chars().take(200).collect::<String>(), false);
        return parts;
    }
    if from > 0 {
        push("…", false);
    }
    let mut at = spans[from].0;
    for &(a, b) in &spans[from..to] {
        push(&collapse_spaces(&text[at..a]), false);
        push(&text[a..b], matches(&text[a..b]));
        at = b;
    }
    if to < spans.len() {
        push(" …", false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_being_typed_is_a_prefix() {
        assert_eq!(as_you_type("courg"), "courg*");
        assert_eq!(as_you_type("school courg"), "school courg*");
        assert_eq!(as_you_type("courgette "), "courgette ");
        assert_eq!(as_you_type("\"new school\""), "\"new school\"");
        assert_eq!(as_you_type("\"new sch"), "\"new sch");
    }

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
        check("a\"b", r#""a""b""#);
        check("\0NEAR\u{7}x", r#""NEAR" "x""#);
        check("\"unbalanced phrase", r#""unbalanced phrase""#);
    }

    #[test]
    fn queries_without_words_are_refused() {
        for q in ["", "   ", "\"\"", "*", "-", "( )", "OR", ":::"] {
            let e = fts_expression(q).unwrap_err();
            assert_eq!(e.field(), Some("query"), "{q:?}");
        }
    }

    #[test]
    fn snippets_highlight_words_and_prefixes() {
        let q = parse_query("school atten*").unwrap();
        assert_eq!(
            q.words,
            [("school".to_string(), false), ("atten".to_string(), true)]
        );
        let parts = snippet(
            "Visit",
            "Seen at School today; attendance is better.",
            &q.words,
        );
        let shown: String = parts
            .iter()
            .map(|p| {
                if p.highlight {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect();
        assert_eq!(shown, "Seen at [School] today; [attendance] is better");
    }

    #[test]
    fn long_bodies_are_cut_around_the_first_match() {
        let body = format!(
            "{} the housing letter arrived {}",
            "word ".repeat(50),
            "more ".repeat(50)
        );
        let q = parse_query("housing").unwrap();
        let parts = snippet("", &body, &q.words);
        let shown: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(parts.iter().any(|p| p.highlight && p.text == "housing"));
        assert!(shown.split_whitespace().count() < 25);
    }
}
