//! Anonymisation for exports: the names, dates of birth, addresses and references of the people
//! in a case replaced by stable placeholders ("Child A", "Mother", "[address]") throughout the
//! exported text, with a list of every replacement to preview, and a refusal while any person's
//! name or date of birth, or the case's reference, still appears.
//!
//! The rules come from every value the records have had, not only the current one: the change
//! log keeps each name a person has had, each date of birth and each reference of the case
//! ([`FieldHistory`](crate::casework::case_file::FieldHistory)), so a person renamed keeps no old name in older text (an old name takes the
//! person's placeholder, an old reference `[reference]`).
//!
//! Names are matched whole (a name inside a longer word, such as "Ann" in "Annabel", is left
//! alone), with accents and case folded on both sides ("Zoë" in the records finds "Zoe", "ZOE"
//! and a decomposed "Zoe\u{308}" in the text; "Siobhan" finds "Siobhán"), before a possessive
//! ("Tilly's"), with hyphenated names whole or in parts, and with full names or hyphenated parts
//! broken across lines. Each letter of a name becomes the set of letters that fold to the same
//! base, worked out from Unicode's decompositions, so the text is matched as it is written.
//! Dates of birth are found in the common numeric and written forms, day first ("02/06/90",
//! "2.6.1990", "2-6-1990", "2 Jun 90", "2nd of June 1990", ISO "1990-06-02") and the
//! month-first "June 2nd, 1990"; UK phone numbers and postcodes in any spacing, punctuation and
//! case. The final check uses the same rules. Placeholders depend only on the case's records, so
//! the same case always anonymises to the same text.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::casework::case_file::CaseExport;
use crate::documents::chronology::Chronology;
use crate::documents::model::CaseFormat;
use crate::documents::model::{html_document, Replacement};
use crate::error::{Error, Result};

mod patterns;

use patterns::{
    bounded, date_source, distinct, fold, nfc, part_source, postcode_source, reference_source,
    words, NOT_NAMES, PHONE,
};

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
    /// What each check finds (a name part, "a date of birth"…), in the order of `check`.
    left: Vec<String>,
    /// Every name part, date of birth and reference (current and former), to check none is left.
    check: RegexSet,
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
    /// The rules for `export`'s case: its people (the subject first) by every name they have
    /// had, their dates of birth, the case's references, and addresses, postcodes, email
    /// addresses and phone numbers anywhere.
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
    /// Every name part, date of birth and reference: what to call it and a pattern to find it.
    left: Vec<(String, String)>,
}

/// Someone the case's records may name: every name they have had (the current one first) and
/// their placeholder.
struct Named {
    names: Vec<String>,
    placeholder: String,
}

impl Drafts {
    fn of(export: &CaseExport, case_number: Option<usize>) -> Drafts {
        let history = &export.history;
        let mut drafts = Vec::new();
        let mut left = Vec::new();
        // Everyone the case's records may name: its network, and people moved out of it.
        let mut people: Vec<_> = export.people.iter().chain(&export.former_people).collect();
        people.sort_by_key(|p| (p.deleted, !p.is_subject, p.created_at, p.id));
        let mut placeholders = placeholders(export, &people);
        if let Some(n) = case_number {
            for placeholder in &mut placeholders {
                placeholder.push_str(&format!(" (case {n})"));
            }
        }
        let mut named: Vec<Named> = people
            .iter()
            .zip(&placeholders)
            .map(|(p, placeholder)| Named {
                names: distinct(
                    std::iter::once(p.name.as_str()).chain(
                        history
                            .names
                            .get(&p.id)
                            .into_iter()
                            .flatten()
                            .map(String::as_str),
                    ),
                ),
                placeholder: placeholder.clone(),
            })
            .collect();
        // A name the log holds for someone no longer among them still names someone.
        for (id, names) in &history.names {
            if !people.iter().any(|p| p.id == *id) {
                named.push(Named {
                    names: distinct(names.iter().map(String::as_str)),
                    placeholder: "[name]".into(),
                });
            }
        }
        let subject_name = nfc(export.case.subject.trim());
        if !subject_name.is_empty()
            && !named
                .iter()
                .flat_map(|n| &n.names)
                .any(|n| fold(n) == fold(&subject_name))
        {
            let placeholder = placeholders
                .first()
                .cloned()
                .unwrap_or_else(|| "Person A".into());
            named.insert(
                0,
                Named {
                    names: vec![subject_name],
                    placeholder,
                },
            );
        }
        // Surnames shared by several people become "[family name]", not one person's placeholder.
        let mut surname_owners: BTreeMap<String, usize> = BTreeMap::new();
        for person in &named {
            let surnames: BTreeSet<String> = person
                .names
                .iter()
                .filter_map(|name| {
                    let parts = words(name);
                    (parts.len() > 1)
                        .then(|| parts.last().map(|last| fold(last)))
                        .flatten()
                })
                .collect();
            for surname in surnames {
                *surname_owners.entry(surname).or_default() += 1;
            }
        }
        // Current names first, then former ones: a part both have goes to whoever has it now.
        let most = named.iter().map(|n| n.names.len()).max().unwrap_or(0);
        let full_names: Vec<(&str, &str)> = (0..most)
            .flat_map(|i| {
                named.iter().filter_map(move |n| {
                    n.names
                        .get(i)
                        .map(|name| (name.as_str(), n.placeholder.as_str()))
                })
            })
            .collect();
        let mut seen_parts = BTreeSet::new();
        for (name, placeholder) in full_names {
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
                weight: fold(name).len() + 1000,
                rule: Rule {
                    kind: "name",
                    placeholder: placeholder.to_string(),
                },
            });
            for (i, part) in parts.iter().enumerate() {
                let is_surname = parts.len() > 1 && i == parts.len() - 1;
                let shared =
                    is_surname && surname_owners.get(&fold(part)).copied().unwrap_or(0) > 1;
                let ph = if shared { "[family name]" } else { placeholder };
                let mut pieces = vec![*part];
                if part.contains('-') {
                    pieces.extend(part.split('-'));
                }
                for piece in pieces {
                    let key = fold(piece);
                    if key.chars().count() < MIN_PART
                        || NOT_NAMES.contains(&key.as_str())
                        || !seen_parts.insert(key.clone())
                    {
                        continue;
                    }
                    let source = bounded(&part_source(piece));
                    left.push((piece.to_string(), source.clone()));
                    drafts.push(Draft {
                        source,
                        weight: key.len(),
                        rule: Rule {
                            kind: "name",
                            placeholder: ph.to_string(),
                        },
                    });
                }
            }
        }
        // Every date of birth anyone has had.
        let born: BTreeSet<NaiveDate> = people
            .iter()
            .filter_map(|p| p.date_of_birth)
            .chain(history.dates_of_birth.values().flatten().copied())
            .collect();
        for date in born {
            let source = date_source(date);
            left.push(("a date of birth".into(), source.clone()));
            drafts.push(Draft {
                source,
                weight: 2000,
                rule: Rule {
                    kind: "date of birth",
                    placeholder: "[date of birth]".into(),
                },
            });
        }
        // The case's reference, and every reference it had before.
        let current = export.case.reference.as_deref().unwrap_or("");
        let references =
            distinct(std::iter::once(current).chain(history.references.iter().map(String::as_str)));
        for reference in references {
            let source = reference_source(&reference);
            let what = if fold(&reference) == fold(current.trim()) {
                "the case reference"
            } else {
                "a former case reference"
            };
            left.push((what.into(), source.clone()));
            drafts.push(Draft {
                source,
                weight: 3000,
                rule: Rule {
                    kind: "reference",
                    placeholder: "[reference]".into(),
                },
            });
        }
        let postcode = postcode_source();
        for (kind, placeholder, source) in [
            (
                "email",
                "[email]",
                r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
            ),
            ("phone", "[phone]", PHONE),
            (
                "address",
                "[address]",
                r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?i:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|court|ct|place|pl|crescent|gardens|terrace|grove|hill|row|square|walk|mews|park|view|rise)\b",
            ),
            ("postcode", "[postcode]", postcode.as_str()),
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
        Drafts { drafts, left }
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
        let too_large = |_| {
            Error::Refused(
                "not exported: these names could not be made into anonymisation rules; shorten the longest names or references in the records".into(),
            )
        };
        let pattern = RegexBuilder::new(&source)
            .case_insensitive(false)
            .size_limit(64 * 1024 * 1024)
            .build()
            .map_err(too_large)?;
        // The same check from several cases (a shared name part) once.
        let mut seen = BTreeSet::new();
        d.left.retain(|(_, source)| seen.insert(source.clone()));
        let check = RegexSetBuilder::new(d.left.iter().map(|(_, source)| source))
            .size_limit(64 * 1024 * 1024)
            .build()
            .map_err(too_large)?;
        Ok(Anonymiser {
            pattern,
            rules: d.drafts.into_iter().map(|d| d.rule).collect(),
            left: d.left.into_iter().map(|(what, _)| what).collect(),
            check,
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

    /// Refuses `text` while any person's name (current or former), date of birth or the case's
    /// reference (current or former) appears in it, written in any of the ways the rules know.
    pub fn check(&self, text: &str) -> Result<()> {
        let mut left: Vec<&str> = Vec::new();
        for found in self.check.matches(text).iter() {
            if let Some(what) = self.left.get(found).filter(|w| !left.contains(&w.as_str())) {
                left.push(what);
            }
        }
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
    ) -> Result<crate::documents::model::Document> {
        let mut title = title.to_string();
        let mut md = markdown.to_string();
        let replacements = self.apply_all([&mut title, &mut md])?;
        let text = if html {
            html_document(&title, &md)
        } else {
            md.clone()
        };
        self.check(&text)?;
        Ok(crate::documents::model::Document {
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
fn placeholders(export: &CaseExport, people: &[&crate::casework::person::Person]) -> Vec<String> {
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

impl crate::store::Store {
    /// The rules for anonymising a document drawn from the whole caseload (see
    /// [`CaseloadAnonymiser`]).
    pub fn caseload_anonymiser(&self) -> Result<CaseloadAnonymiser> {
        CaseloadAnonymiser::for_cases(&self.caseload_people()?)
    }
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
    fn a_name_matches_with_or_without_its_accents_in_any_case_and_decomposed() {
        for text in [
            "Zoë",
            "Zoe",
            "ZOE",
            "zoë",
            "Zoe\u{308} came",
            "ZOË's",
            "Zóe",
        ] {
            assert!(matches("Zoë", text), "Zoë in {text:?}");
            assert!(matches("Zoe", text), "Zoe in {text:?}");
        }
        assert!(matches("Siobhan", "Siobhán"));
        assert!(matches("Siobhán", "SIOBHAN"));
        assert!(matches("Łukasz", "Lukasz"));
        assert!(matches("Søren", "soren"));
        for (name, text) in [
            ("Ann", "Annabel"),
            ("Ann", "Joann"),
            ("Ann", "Anné"),
            ("Ann", "Anne\u{301}"),
            ("Zoe", "Zoey"),
            ("Zoë", "Chloë"),
        ] {
            assert!(!matches(name, text), "{name} inside {text:?}");
        }
        assert_eq!(fold("Zoe\u{308}"), fold("ZOË"));
        assert_eq!(fold("Łukasz Søren"), "lukasz soren");
    }

    fn date(text: &str) -> bool {
        let born = NaiveDate::from_ymd_opt(1990, 6, 2).unwrap();
        Regex::new(&date_source(born)).unwrap().is_match(text)
    }

    #[test]
    fn a_date_of_birth_is_found_in_every_common_form() {
        for text in [
            "1990-06-02",
            "1990/6/2",
            "02/06/1990",
            "2/6/1990",
            "02/06/90",
            "2.6.1990",
            "02.06.90",
            "2-6-1990",
            "02 / 06 / 1990",
            "2 June 1990",
            "2 JUNE 1990",
            "2 Jun 90",
            "02-Jun-1990",
            "2nd June 1990",
            "2ND of june, 1990",
            "2nd of June '90",
            "June 2nd, 1990",
            "June 2 1990",
            "Jun. 2, 1990",
            "june the 2nd, 1990",
            "born on the 2nd of June,\n1990.",
        ] {
            assert!(date(text), "{text:?}");
        }
        for text in [
            "12/06/1990",
            "02/06/1991",
            "06/02/1990",
            "22 June 1990",
            "2 July 1990",
            "June 21 1990",
            "1990",
            "2 June",
            "02/06/19901",
        ] {
            assert!(!date(text), "{text:?}");
        }
        let september = NaiveDate::from_ymd_opt(2011, 9, 13).unwrap();
        let source = Regex::new(&date_source(september)).unwrap();
        assert!(source.is_match("13 Sept 2011") && source.is_match("Sep 13th, 11"));
    }

    fn rule(source: &str, text: &str) -> Option<String> {
        Regex::new(source)
            .unwrap()
            .find(text)
            .map(|m| m.as_str().to_string())
    }

    #[test]
    fn a_uk_phone_number_is_found_however_it_is_spaced_and_ordinary_numbers_are_not() {
        for number in [
            "(01632) 960001",
            "( 01632 ) 960001",
            "01632 960 001",
            "01632-960001",
            "01632960001",
            "+44 (0)1632 960001",
            "+44 1632 960001",
            "0044 1632 960001",
            "07700 900123",
            "+447700900123",
            "020 7946 0018",
            "0113 496 0000",
        ] {
            assert_eq!(
                rule(PHONE, &format!("Call {number}, today")).as_deref(),
                Some(number),
                "{number:?}"
            );
        }
        for text in [
            "at 10 30 on 02/06/1990",
            "£1,200 in 2019",
            "0113 496",
            "01.02.2020 03.04",
            "scored 10 2 3 4 5 6 7 8 9",
        ] {
            assert_eq!(rule(PHONE, text), None, "{text:?}");
        }
    }

    #[test]
    fn a_uk_postcode_is_found_in_any_case_and_spacing_and_ordinary_words_are_not() {
        let source = postcode_source();
        for postcode in [
            "sw1a 1aa",
            "SW1A1AA",
            "Sw1A  1aA",
            "m1 1ae",
            "b33 8th",
            "cr2 6xh",
            "dn55 1pt",
            "LS6 2AB",
            "EC1A 1BB",
        ] {
            assert_eq!(
                rule(&source, &format!("lives at {postcode}.")).as_deref(),
                Some(postcode),
                "{postcode:?}"
            );
        }
        for text in [
            "Room A1 3rd floor",
            "Year 7 2nd term",
            "the Q3 4th week",
            "at 10 30",
            "£1,200",
            "in 2019 and 2020",
            "covid19 1st wave",
        ] {
            assert_eq!(rule(&source, text), None, "{text:?}");
        }
    }

    #[test]
    fn a_reference_is_found_in_any_case_and_with_any_separator() {
        let source = reference_source("CC-2041");
        for text in [
            "CC-2041",
            "cc-2041",
            "CC 2041",
            "cc2041",
            "CC/2041",
            "CC – 2041",
        ] {
            assert!(rule(&source, text).is_some(), "{text:?}");
        }
        for text in ["CC-20411", "XCC-2041", "CC-204"] {
            assert!(rule(&source, text).is_none(), "{text:?}");
        }
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
