//! Record identifiers: time-ordered UUIDv7 values, parsed from what a person
//! types with a clear error.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

use crate::error::{Error, Result};

/// The id of any record, device, worker or op (a UUIDv7).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(Uuid);

impl Id {
    /// A new, time-ordered id.
    pub fn new() -> Self {
        Id(Uuid::now_v7())
    }

    /// Parses an id given by a person for `field`, explaining what an id looks like.
    pub fn parse(field: &str, s: &str) -> Result<Self> {
        Uuid::parse_str(s.trim()).map(Id).map_err(|_| {
            Error::invalid(
                field,
                format!(
                    "\"{}\" is not a record id; ids look like 0192f3a4-5b6c-7d8e-9f01-23456789abcd (copy one from a list)",
                    shorten(s)
                ),
            )
        })
    }

    /// The 64-bit number a text CRDT uses to tell this writer apart.
    pub fn client_number(&self) -> u64 {
        let b = self.0.as_bytes();
        // The last 8 bytes of a v7 UUID are random; keep 53 bits so the
        // number survives a trip through JavaScript as well.
        let mut n = 0u64;
        for byte in &b[8..16] {
            n = (n << 8) | u64::from(*byte);
        }
        n & ((1 << 53) - 1)
    }
}

impl Default for Id {
    fn default() -> Self {
        Id::new()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0)
    }
}

impl FromStr for Id {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Id::parse("id", s)
    }
}

/// Cuts a string for quoting in an error message.
pub fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(MAX).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered_and_round_trip() {
        let a = Id::new();
        let b = Id::new();
        assert!(a < b);
        assert_eq!(Id::parse("id", &a.to_string()).unwrap(), a);
    }

    #[test]
    fn a_bad_id_names_the_field() {
        let err = Id::parse("case", "not-an-id").unwrap_err();
        assert_eq!(err.field(), Some("case"));
        assert!(err.to_string().contains("not-an-id"));
    }
}
