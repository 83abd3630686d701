//! Text bodies as CRDT documents (`yrs`): a save diffs the old and new text
//! and records the difference as inserts and deletes, so edits made on two
//! devices merge character by character.

use std::time::Duration;

use base64::Engine as _;
use similar::{Algorithm, ChangeTag, TextDiff};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, GetString, ReadTxn, Text, Transact, Update};

use crate::error::{Error, Result};

const ROOT: &str = "t";
/// Longest the diff may search before settling for a coarser (still
/// correct) difference.
const DIFF_DEADLINE: Duration = Duration::from_millis(50);

/// A text body's CRDT state, loaded from and saved to the store.
#[derive(Debug)]
pub struct TextDoc {
    doc: Doc,
}

impl TextDoc {
    /// Loads a document from its encoded state (empty state: a new body),
    /// writing as `client`.
    pub fn load(client: u64, state: &[u8]) -> Result<Self> {
        let doc = Doc::with_client_id(client);
        doc.get_or_insert_text(ROOT);
        if !state.is_empty() {
            apply(&doc, state)?;
        }
        Ok(TextDoc { doc })
    }

    /// The current text.
    pub fn text(&self) -> String {
        let t = self.doc.get_or_insert_text(ROOT);
        let txn = self.doc.transact();
        t.get_string(&txn)
    }

    /// The whole state, for storing.
    pub fn state(&self) -> Vec<u8> {
        self.doc
            .transact()
            .encode_state_as_update_v1(&yrs::StateVector::default())
    }

    /// Changes the text to `new`, returning the CRDT update that does it
    /// (`None` when nothing changed).
    pub fn edit_to(&mut self, new: &str) -> Option<Vec<u8>> {
        let old = self.text();
        if old == new {
            return None;
        }
        let t = self.doc.get_or_insert_text(ROOT);
        let mut txn = self.doc.transact_mut();
        let diff = TextDiff::configure()
            .algorithm(Algorithm::Myers)
            .timeout(DIFF_DEADLINE)
            .diff_chars(old.as_str(), new);
        // Runs of one kind of change become one insert or delete, so an
        // update stays the size of what changed.
        let mut at: u32 = 0;
        let mut run: Option<(ChangeTag, String)> = None;
        for change in diff.iter_all_changes() {
            match &mut run {
                Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
                _ => {
                    if let Some((tag, text)) = run.take() {
                        apply_run(&t, &mut txn, &mut at, tag, &text);
                    }
                    run = Some((change.tag(), change.value().to_string()));
                }
            }
        }
        if let Some((tag, text)) = run {
            apply_run(&t, &mut txn, &mut at, tag, &text);
        }
        Some(txn.encode_update_v1())
    }

    /// The state vector: which inserts the document holds, whatever order
    /// they arrived in (the encoded state itself may differ by order).
    pub fn state_vector(&self) -> Vec<u8> {
        self.doc.transact().state_vector().encode_v1()
    }

    /// Applies an update received in an op.
    pub fn apply_update(&mut self, update: &[u8]) -> Result<()> {
        apply(&self.doc, update)
    }
}

/// Applies one run of the diff at byte offset `at` (yrs counts UTF-8 bytes
/// by default), moving `at` past what stays.
fn apply_run(
    t: &yrs::TextRef,
    txn: &mut yrs::TransactionMut<'_>,
    at: &mut u32,
    tag: ChangeTag,
    text: &str,
) {
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    match tag {
        ChangeTag::Equal => *at += len,
        ChangeTag::Delete => t.remove_range(txn, *at, len),
        ChangeTag::Insert => {
            t.insert(txn, *at, text);
            *at += len;
        }
    }
}

fn apply(doc: &Doc, update: &[u8]) -> Result<()> {
    let update = Update::decode_v1(update)
        .map_err(|_| Error::Corrupt("a text change could not be decoded".into()))?;
    doc.transact_mut()
        .apply_update(update)
        .map_err(|_| Error::Corrupt("a text change could not be applied".into()))
}

/// Encodes an update for an op body.
pub fn encode(update: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(update)
}

/// Decodes an op body's update.
pub fn decode(s: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|_| Error::Corrupt("a text change is not valid base64".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_round_trip_through_state() {
        let mut d = TextDoc::load(1, &[]).unwrap();
        assert!(d.edit_to("Visited Amy at home.").is_some());
        assert!(d.edit_to("Visited Amy at home.").is_none());
        d.edit_to("Visited Amy and her brother at home — she said “I’m fine”.")
            .unwrap();
        let again = TextDoc::load(2, &d.state()).unwrap();
        assert_eq!(
            again.text(),
            "Visited Amy and her brother at home — she said “I’m fine”."
        );
    }

    #[test]
    fn concurrent_edits_of_different_parts_both_survive() {
        let mut base = TextDoc::load(1, &[]).unwrap();
        base.edit_to("First paragraph.\n\nSecond paragraph.\n")
            .unwrap();
        let state = base.state();
        let mut a = TextDoc::load(10, &state).unwrap();
        let mut b = TextDoc::load(20, &state).unwrap();
        let ua = a
            .edit_to("First paragraph, edited on the laptop.\n\nSecond paragraph.\n")
            .unwrap();
        let ub = b
            .edit_to("First paragraph.\n\nSecond paragraph, edited at the office.\n")
            .unwrap();
        a.apply_update(&ub).unwrap();
        b.apply_update(&ua).unwrap();
        assert_eq!(a.text(), b.text());
        assert_eq!(
            a.text(),
            "First paragraph, edited on the laptop.\n\nSecond paragraph, edited at the office.\n"
        );
    }

    #[test]
    fn multibyte_text_diffs_on_character_boundaries() {
        let mut d = TextDoc::load(1, &[]).unwrap();
        d.edit_to("مرحبا 👋🏽 Zoë").unwrap();
        d.edit_to("مرحبا يا 👋 Zoë!").unwrap();
        assert_eq!(d.text(), "مرحبا يا 👋 Zoë!");
    }

    #[test]
    fn an_update_is_about_the_size_of_the_change() {
        let mut d = TextDoc::load(1, &[]).unwrap();
        let text = "Saw the family at home; the kitchen was warm. ".repeat(20);
        let first = d.edit_to(&text).unwrap();
        assert!(
            first.len() < text.len() + 64,
            "{} bytes for {} of text",
            first.len(),
            text.len()
        );
        let small = d.edit_to(&format!("{text}One more line.")).unwrap();
        assert!(
            small.len() < 64,
            "{} bytes for a 14-byte append",
            small.len()
        );
    }

    #[test]
    fn garbage_updates_are_reported_not_panicked() {
        let mut d = TextDoc::load(1, &[]).unwrap();
        assert!(d.apply_update(&[0xff, 0x00, 0x13, 0x37]).is_err());
        assert!(decode("***").is_err());
    }
}
