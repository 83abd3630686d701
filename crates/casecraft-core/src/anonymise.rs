//! Anonymisation for exports: the names, dates of birth, addresses and references of the people
//! in a case replaced by stable placeholders ("Child A", "Mother", "[address]") throughout the
//! exported text, with a list of every replacement to preview, and a refusal while any person's
//! name still appears.
//!
//! Names are matched whole (a name inside a longer word, such as "Ann" in "Annabel", is left
//! alone), in any case, before a possessive ("Tilly's"), with hyphenated names whole or in parts,
//! and with full names or hyphenated parts broken across lines. Placeholders depend only on the
//! case's records, so the same case always anonymises to the same text.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use regex::{Regex, RegexBuilder};
use serde::Serialize;

use crate::chronology::Chronology;
use crate::error::{Error, Result};
use crate::export::{html_document, CaseExport, CaseFormat};

/// One replacement made, for the preview: the text as found, what replaced it, how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    /// What kind of detail it was: `name`, `date of birth`, `reference`, `address`, `postcode`,
    /// `email` or `phone`.
    pub kind: &'static str,
    /// The text as it was found (one line: line breaks inside a name shown as spaces).
    pub found: String,
    /// Its placeholder.
    pub placeholder: String,
    /// How many times it was replaced.
    pub count: usize,
}

/// Anonymised text and the replacements made in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anonymised {
    /// The text with every replacement made.
    pub text: String,
    /// Every replacement, in a stable order (kind, then placeholder, then the text found).
    pub replacements: Vec<Replacement>,
}

/// The replacement rules for one case.
#[derive(Debug)]
pub struct Anonymiser {
    pattern: Regex,
    rules: Vec<Rule>,
    /// Every name and name part, to check none is left.
    names: Vec<(String, Regex)>,
}

#[derive(Debug)]
struct Rule {
    kind: &'static str,
    placeholder: String,
}

/// A rule before it is compiled: its regex source and its placeholder.
struct Draft {
    source: String,
    /// Sorts longer (more specific) patterns first, so a full name wins over its parts.
    weight: usize,
    rule: Rule,
}

/// Name parts shorter than this are not matched alone (initials would mangle ordinary words).
const MIN_PART: usize = 2;

impl Anonymiser {
    /// The rules for `export`'s case: its people (the subject first), their dates of birth, the
    /// case reference, and addresses, postcodes, email addresses and phone numbers anywhere.
    pub fn for_case(export: &CaseExport) -> Result<Anonymiser> {
        Anonymiser::build(export, None)
    }

    /// [`Anonymiser::for_case`], with each person's placeholder marked with the case's number
    /// when given ("Mother (case 2)").
    fn build(export: &CaseExport, case_number: Option<usize>) -> Result<Anonymiser> {
        Anonymiser::compile(Drafts::of(export, case_number))
    }
}

/// One case's rules before they are compiled, and what must not remain.
struct Drafts {
    drafts: Vec<Draft>,
    /// Every name part, date of birth and reference, with a pattern to find it.
    left: Vec<(String, Regex)>,
}

impl Drafts {
    fn of(export: &CaseExport, case_number: Option<usize>) -> Drafts {
        let mut drafts = Vec::new();
        let mut names = Vec::new();
        // Everyone the case's records may name: its network, and people moved out of it.
        let mut people: Vec<_> = export.people.iter().chain(&export.former_people).collect();
        people.sort_by_key(|p| (p.deleted, !p.is_subject, p.created_at, p.id));
        let mut placeholders = placeholders(export, &people);
        if let Some(n) = case_number {
            for placeholder in &mut placeholders {
                placeholder.push_str(&format!(" (case {n})"));
            }
        }
        // Surnames shared by several people become "[family name]", not one person's placeholder.
        let mut surname_owners: BTreeMap<String, usize> = BTreeMap::new();
        for person in &people {
            if let Some(last) = words(&person.name)
                .last()
                .filter(|_| words(&person.name).len() > 1)
            {
                *surname_owners.entry(last.to_lowercase()).or_default() += 1;
            }
        }
        let mut seen_parts = BTreeMap::new();
        let subject_name = export.case.subject.trim();
        let subject_placeholder = placeholders
            .first()
            .cloned()
            .unwrap_or_else(|| "Person A".into());
        let mut full_names: Vec<(String, String)> = people
            .iter()
            .zip(&placeholders)
            .map(|(p, ph)| (p.name.trim().to_string(), ph.clone()))
            .collect();
        if !subject_name.is_empty()
            && !full_names
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(subject_name))
        {
            full_names.insert(0, (subject_name.to_string(), subject_placeholder));
        }
        for (name, placeholder) in &full_names {
            let parts = words(name);
            if parts.is_empty() {
                continue;
            }
            drafts.push(Draft {
                source: bounded(
                    &parts
                        .iter()
                        .map(|p| part_source(p))
                        .collect::<Vec<_>>()
                        .join(r"\W+"),
                ),
                weight: name.len() + 1000,
                rule: Rule {
                    kind: "name",
                    placeholder: placeholder.clone(),
                },
            });
            for (i, part) in parts.iter().enumerate() {
                let is_surname = parts.len() > 1 && i == parts.len() - 1;
                let shared = is_surname
                    && surname_owners
                        .get(&part.to_lowercase())
                        .copied()
                        .unwrap_or(0)
                        > 1;
                let ph = if shared {
                    "[family name]".to_string()
                } else {
                    placeholder.clone()
                };
                let mut pieces = vec![(*part).to_string()];
                if part.contains('-') {
                    pieces.extend(part.split('-').map(str::to_string));
                }
                for piece in pieces {
                    if piece.chars().count() < MIN_PART
                        || NOT_NAMES.contains(&piece.to_lowercase().as_str())
                    {
                        continue;
                    }
                    let key = piece.to_lowercase();
                    if seen_parts.contains_key(&key) {
                        continue;
                    }
                    seen_parts.insert(key, ());
                    names.push(piece.clone());
                    drafts.push(Draft {
                        source: bounded(&part_source(&piece)),
                        weight: piece.len(),
                        rule: Rule {
                            kind: "name",
                            placeholder: ph.clone(),
                        },
                    });
                }
            }
        }
        for person in &people {
            if let Some(born) = person.date_of_birth {
                drafts.push(Draft {
                    source: date_source(born),
                    weight: 2000,
                    rule: Rule {
                        kind: "date of birth",
                        placeholder: "[date of birth]".into(),
                    },
                });
            }
        }
        if let Some(reference) = export
            .case
            .reference
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            drafts.push(Draft {
                source: bounded(&regex::escape(reference)),
                weight: 3000,
                rule: Rule {
                    kind: "reference",
                    placeholder: "[reference]".into(),
                },
            });
        }
        for (kind, placeholder, source) in [
            (
                "email",
                "[email]",
                r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
            ),
            (
                "phone",
                "[phone]",
                r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b",
            ),
            (
                "address",
                "[address]",
                r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?i:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|court|ct|place|pl|crescent|gardens|terrace|grove|hill|row|square|walk|mews|park|view|rise)\b",
            ),
            (
                "postcode",
                "[postcode]",
                r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][ABD-HJLNP-UW-Z]{2}\b",
            ),
        ] {
            drafts.push(Draft {
                source: source.into(),
                weight: 4000,
                rule: Rule {
                    kind,
                    placeholder: placeholder.into(),
                },
            });
        }
        let mut names: Vec<(String, Regex)> = names
            .into_iter()
            .filter_map(|n| {
                Regex::new(&format!("(?i){}", bounded(&part_source(&n))))
                    .ok()
                    .map(|r| (n, r))
            })
            .collect();
        // Dates of birth and the reference must not remain either.
        for born in people.iter().filter_map(|p| p.date_of_birth) {
            if let Ok(r) = Regex::new(&date_source(born)) {
                names.push(("a date of birth".into(), r));
            }
        }
        if let Some(reference) = export
            .case
            .reference
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            if let Ok(r) = Regex::new(&format!("(?i){}", bounded(&regex::escape(reference)))) {
                names.push(("the case reference".into(), r));
            }
        }
        Drafts {
            drafts,
            left: names,
        }
    }

    /// The rules of several cases as one: where the same name part belongs to people of
    /// different cases, a lone mention of it cannot say whose it is, so it becomes `[name]`.
    fn merge(all: Vec<Drafts>) -> Drafts {
        let mut owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for d in all.iter().flat_map(|d| &d.drafts) {
            if d.rule.kind == "name" {
                owners
                    .entry(d.source.clone())
                    .or_default()
                    .insert(d.rule.placeholder.clone());
            }
        }
        let mut drafts: Vec<Draft> = Vec::new();
        let mut left = Vec::new();
        for case in all {
            drafts.extend(case.drafts);
            left.extend(case.left);
        }
        for d in &mut drafts {
            if owners.get(&d.source).is_some_and(|o| o.len() > 1) {
                d.rule.placeholder = "[name]".into();
            }
        }
        // The same rule from several cases (addresses, emails, a shared part) once.
        drafts.sort_by(|a, b| a.source.cmp(&b.source).then(b.weight.cmp(&a.weight)));
        drafts.dedup_by(|later, kept| later.source == kept.source);
        Drafts { drafts, left }
    }
}

impl Anonymiser {
    /// Compiles rules: longer (more specific) patterns first, so a full name wins over its parts.
    fn compile(mut d: Drafts) -> Result<Anonymiser> {
        d.drafts
            .sort_by(|a, b| b.weight.cmp(&a.weight).then(a.source.cmp(&b.source)));
        let source = d
            .drafts
            .iter()
            .map(|d| format!("({})", d.source))
            .collect::<Vec<_>>()
            .join("|");
        let pattern = RegexBuilder::new(&source)
            .case_insensitive(false)
            .size_limit(64 * 1024 * 1024)
            .build()
            .map_err(|_| {
                Error::Refused("these names could not be made into anonymisation rules".into())
            })?;
        Ok(Anonymiser {
            pattern,
            rules: d.drafts.into_iter().map(|d| d.rule).collect(),
            names: d.left,
        })
    }

    /// Replaces every detail in `text`; refused if a person's name still appears afterwards.
    pub fn apply(&self, text: &str) -> Result<Anonymised> {
        let mut text = text.to_string();
        let replacements = self.apply_all([&mut text])?;
        Ok(Anonymised { text, replacements })
    }

    /// Replaces every detail in each of `texts`, in place; refused (with the texts partly
    /// changed) if a name still appears in any. Returns the replacements made in all of them.
    pub fn apply_all<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t mut String>,
    ) -> Result<Vec<Replacement>> {
        let mut counts = BTreeMap::new();
        for text in texts {
            *text = self.replace(text, &mut counts);
            self.check(text)?;
        }
        Ok(listed(counts))
    }

    fn replace(&self, text: &str, counts: &mut Counts) -> String {
        let out = self
            .pattern
            .replace_all(text, |caps: &regex::Captures<'_>| {
                let (index, found) = caps
                    .iter()
                    .skip(1)
                    .enumerate()
                    .find_map(|(i, m)| m.map(|m| (i, m.as_str())))
                    .unwrap_or((0, ""));
                let Some(rule) = self.rules.get(index) else {
                    return found.to_string();
                };
                let shown = found.split_whitespace().collect::<Vec<_>>().join(" ");
                *counts
                    .entry((rule.kind, rule.placeholder.clone(), shown))
                    .or_default() += 1;
                rule.placeholder.clone()
            });
        out.into_owned()
    }

    /// Refuses `text` while any person's name appears in it.
    pub fn check(&self, text: &str) -> Result<()> {
        let left: Vec<&str> = self
            .names
            .iter()
            .filter(|(_, r)| r.is_match(text))
            .map(|(n, _)| n.as_str())
            .collect();
        if left.is_empty() {
            Ok(())
        } else {
            Err(Error::Refused(format!(
                "not exported: a person's details still appear after anonymising ({}); change the placeholder that contains it or edit the text",
                left.join(", ")
            )))
        }
    }
}

/// The rules of every case of a caseload at once, for a document drawn from all of them (a
/// portfolio, a CPD record): each case's rules as [`Anonymiser::for_case`] makes them, with
/// placeholders marked by case when there is more than one ("Child A (case 2)"), and a name
/// part shared by people of different cases replaced by `[name]`. A text is refused while any
/// case's names remain in it.
#[derive(Debug)]
pub struct CaseloadAnonymiser {
    cases: Vec<Anonymiser>,
}

impl CaseloadAnonymiser {
    /// The rules for `exports`, numbered in the order given: one set of rules for them all, so
    /// a full name in one case wins over a part of a name in another; for a caseload too large
    /// for one set, each case's rules one after another.
    pub fn for_cases(exports: &[CaseExport]) -> Result<CaseloadAnonymiser> {
        let numbered = exports.len() > 1;
        let drafts = || {
            exports
                .iter()
                .enumerate()
                .map(|(i, export)| Drafts::of(export, numbered.then_some(i + 1)))
        };
        if let Ok(merged) = Anonymiser::compile(Drafts::merge(drafts().collect())) {
            return Ok(CaseloadAnonymiser {
                cases: vec![merged],
            });
        }
        let cases = drafts().map(Anonymiser::compile).collect::<Result<_>>()?;
        Ok(CaseloadAnonymiser { cases })
    }

    /// Replaces every case's details in each of `texts`, in place; refused if any name remains.
    pub fn apply_all<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t mut String>,
    ) -> Result<Vec<Replacement>> {
        let mut counts = BTreeMap::new();
        for text in texts {
            for case in &self.cases {
                *text = case.replace(text, &mut counts);
            }
            self.check(text)?;
        }
        Ok(listed(counts))
    }

    /// Refuses `text` while any case's names appear in it.
    pub fn check(&self, text: &str) -> Result<()> {
        self.cases.iter().try_for_each(|case| case.check(text))
    }

    /// A Markdown document titled `title` with every case's details replaced, as Markdown or as
    /// a print-ready HTML document; its preview is the anonymised Markdown.
    pub fn document(
        &self,
        title: &str,
        markdown: &str,
        html: bool,
    ) -> Result<crate::export::Document> {
        let mut title = title.to_string();
        let mut md = markdown.to_string();
        let replacements = self.apply_all([&mut title, &mut md])?;
        let text = if html {
            html_document(&title, &md)
        } else {
            md.clone()
        };
        self.check(&text)?;
        Ok(crate::export::Document {
            text,
            preview: md,
            replacements: Some(replacements),
        })
    }

    /// A value (a CPD record as JSON) with every case's details replaced in each of its strings.
    pub fn json(&self, mut value: serde_json::Value) -> Result<Anonymised> {
        let mut strings = Vec::new();
        collect_strings(&mut value, &mut strings);
        let replacements = self.apply_all(strings)?;
        let mut text = serde_json::to_string_pretty(&value)?;
        text.push('\n');
        Ok(Anonymised { text, replacements })
    }
}

/// Replacements counted by (kind, placeholder, text found).
type Counts = BTreeMap<(&'static str, String, String), usize>;

/// A case exported in `format` with its people's details replaced: in Markdown and HTML the
/// document's text, in JSON every string in it (so text inside JSON escapes is caught too).
pub fn case(export: &CaseExport, format: CaseFormat) -> Result<Anonymised> {
    let anonymiser = Anonymiser::for_case(export)?;
    match format {
        CaseFormat::Markdown => anonymiser.apply(&export.to_markdown()),
        CaseFormat::Html => document(
            export,
            &export.case.subject,
            &export.to_markdown(),
            CaseFormat::Html,
        ),
        CaseFormat::Json => {
            let mut value = serde_json::to_value(export)?;
            let mut strings = Vec::new();
            collect_strings(&mut value, &mut strings);
            let replacements = anonymiser.apply_all(strings)?;
            let mut text = serde_json::to_string_pretty(&value)?;
            text.push('\n');
            Ok(Anonymised { text, replacements })
        }
    }
}

/// A Markdown document made from `export`'s case (its export, a quality review…) with the case's
/// people's details replaced: as Markdown, or as an HTML document titled `title` (JSON is treated
/// as Markdown here).
pub fn document(
    export: &CaseExport,
    title: &str,
    markdown: &str,
    format: CaseFormat,
) -> Result<Anonymised> {
    let anonymiser = Anonymiser::for_case(export)?;
    let mut title = title.to_string();
    let mut md = markdown.to_string();
    let replacements = anonymiser.apply_all([&mut title, &mut md])?;
    let text = match format {
        CaseFormat::Html => html_document(&title, &md),
        CaseFormat::Markdown | CaseFormat::Json => md,
    };
    anonymiser.check(&text)?;
    Ok(Anonymised { text, replacements })
}

/// A case's chronology with its people's details replaced.
pub fn chronology(
    export: &CaseExport,
    chronology: Chronology,
) -> Result<(Chronology, Vec<Replacement>)> {
    let anonymiser = Anonymiser::for_case(export)?;
    let mut counts = BTreeMap::new();
    let mapped = chronology.map_text(|text| {
        let out = anonymiser.replace(text, &mut counts);
        anonymiser.check(&out)?;
        Ok(out)
    })?;
    Ok((mapped, listed(counts)))
}

fn listed(counts: Counts) -> Vec<Replacement> {
    counts
        .into_iter()
        .map(|((kind, placeholder, found), count)| Replacement {
            kind,
            found,
            placeholder,
            count,
        })
        .collect()
}

fn collect_strings<'v>(value: &'v mut serde_json::Value, out: &mut Vec<&'v mut String>) {
    match value {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// The placeholders of `people` (subject first), in the same order.
fn placeholders(export: &CaseExport, people: &[&crate::person::Person]) -> Vec<String> {
    let mut by_role: BTreeMap<String, usize> = BTreeMap::new();
    for p in people.iter().filter(|p| !p.is_subject) {
        *by_role.entry(role(&p.relationship)).or_default() += 1;
    }
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut others = 0usize;
    people
        .iter()
        .map(|p| {
            if p.is_subject {
                let adult = p
                    .date_of_birth
                    .is_some_and(|born| years_between(born, export.case.opened_on) >= 18);
                return if adult { "Adult A" } else { "Child A" }.to_string();
            }
            let role = role(&p.relationship);
            if role.is_empty() {
                others += 1;
                return format!("Person {}", letter(others));
            }
            if by_role.get(&role).copied().unwrap_or(0) > 1 {
                let n = used.entry(role.clone()).or_default();
                *n += 1;
                format!("{role} {}", letter(*n - 1))
            } else {
                role
            }
        })
        .collect()
}

/// A relationship as a placeholder: "mother" → "Mother", "GP" stays "GP".
fn role(relationship: &str) -> String {
    let r = relationship.trim();
    let mut chars = r.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn letter(n: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    match letters.get(n) {
        Some(&c) => char::from(c).to_string(),
        None => (n + 1).to_string(),
    }
}

fn years_between(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut years = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

/// The words of a name: runs of letters and digits, keeping apostrophes and hyphens inside a
/// word (O'Brien, Quennell-Ashworth) and dropping quotes, brackets and commas around it, so
/// `Matilda "Tilly" Jones (Tia)` gives Matilda, Tilly, Jones, Tia.
fn words(name: &str) -> Vec<&str> {
    name.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '\'' | '’' | '-')))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Words in a name that are not names themselves ("known as", titles, particles): left to the
/// full-name pattern, never replaced on their own.
const NOT_NAMES: &[&str] = &[
    "a", "aka", "and", "as", "called", "da", "de", "del", "der", "di", "dr", "du", "formerly",
    "known", "la", "le", "miss", "mr", "mrs", "ms", "mx", "nee", "née", "of", "or", "the", "van",
    "von",
];

/// A name part as a pattern: escaped, with a hyphen allowed to be followed by a line break.
fn part_source(part: &str) -> String {
    let escaped = regex::escape(part);
    let apostrophes = escaped.replace(['\'', '’'], "['’]");
    format!("(?i:{})", apostrophes.replace(r"\-", r"-\s*"))
}

/// A pattern that matches only as whole words: not inside a longer word.
fn bounded(source: &str) -> String {
    format!(r"\b{source}\b")
}

/// The ways a date of birth is commonly written.
fn date_source(d: NaiveDate) -> String {
    let forms = [
        d.format("%Y-%m-%d").to_string(),
        d.format("%d/%m/%Y").to_string(),
        d.format("%-d/%-m/%Y").to_string(),
        d.format("%d.%m.%Y").to_string(),
        d.format("%-d %B %Y").to_string(),
        d.format("%-d %b %Y").to_string(),
        d.format("%B %-d, %Y").to_string(),
        d.format("%-d(?:st|nd|rd|th) %B %Y").to_string(),
    ];
    let mut sources: Vec<String> = forms
        .iter()
        .enumerate()
        .map(|(i, f)| if i == 7 { f.clone() } else { regex::escape(f) })
        .collect();
    sources.sort();
    sources.dedup();
    format!(r"(?i:\b(?:{})\b)", sources.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(name: &str, text: &str) -> bool {
        Regex::new(&bounded(&part_source(name)))
            .unwrap()
            .is_match(text)
    }

    #[test]
    fn a_name_matches_with_either_apostrophe_and_across_a_broken_hyphen() {
        assert!(matches("O'Brien", "Mr O’Brien called"));
        assert!(matches("O’Brien", "Mr O'BRIEN called"));
        assert!(matches("Quennell-Ashworth", "Mrs Quennell-\n  Ashworth"));
        assert!(!matches("Ann", "Annabel"));
        assert!(!matches("Ann", "Joann"));
        assert!(matches("Ann", "Ann's"));
    }

    #[test]
    fn the_subject_is_a_child_or_an_adult_by_age_at_the_case_opening() {
        let born = NaiveDate::from_ymd_opt(2008, 6, 2).unwrap();
        assert_eq!(
            years_between(born, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()),
            17
        );
        assert_eq!(
            years_between(born, NaiveDate::from_ymd_opt(2026, 6, 2).unwrap()),
            18
        );
        assert_eq!(role("mother"), "Mother");
        assert_eq!(role("GP"), "GP");
        assert_eq!(letter(0), "A");
        assert_eq!(letter(30), "31");
    }
}
