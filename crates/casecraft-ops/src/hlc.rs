//! The hybrid logical clock that stamps every op: 48 bits of wall-clock
//! milliseconds and a 16-bit counter, monotonic per device and advanced past
//! every op received, so causally later writes carry larger stamps.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A hybrid logical clock timestamp.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Hlc(u64);

const COUNTER_BITS: u32 = 16;
const COUNTER_MAX: u64 = (1 << COUNTER_BITS) - 1;
const MILLIS_MAX: u64 = (1 << 48) - 1;

impl Hlc {
    /// Builds a timestamp from milliseconds since the Unix epoch and a counter.
    pub fn new(millis: u64, counter: u16) -> Self {
        Hlc((millis.min(MILLIS_MAX) << COUNTER_BITS) | u64::from(counter))
    }

    /// The raw 64-bit value (stored in SQLite as an integer).
    pub fn as_u64(self) -> u64 {
        self.0
    }

    /// Rebuilds a timestamp from its raw value.
    pub fn from_u64(v: u64) -> Self {
        Hlc(v)
    }

    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    /// The logical counter.
    pub fn counter(self) -> u16 {
        // Masked to 16 bits, so the conversion cannot fail.
        u16::try_from(self.0 & COUNTER_MAX).unwrap_or(u16::MAX)
    }

    /// The wall-clock time this stamp stands for (UTC).
    pub fn to_datetime(self) -> DateTime<Utc> {
        let millis = i64::try_from(self.millis()).unwrap_or(i64::MAX);
        Utc.timestamp_millis_opt(millis)
            .single()
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The next stamp for a local event, given the last stamp issued and the
    /// wall clock now.
    pub fn tick(last: Hlc, wall_millis: u64) -> Hlc {
        if wall_millis > last.millis() {
            Hlc::new(wall_millis, 0)
        } else {
            last.successor()
        }
    }

    /// The stamp after receiving `remote`: larger than both it and `last`,
    /// whatever the clocks' skew. Skew is tolerated, never rejected.
    pub fn observe(last: Hlc, remote: Hlc, wall_millis: u64) -> Hlc {
        let top = last.max(remote);
        if wall_millis > top.millis() {
            Hlc::new(wall_millis, 0)
        } else {
            top.successor()
        }
    }

    fn successor(self) -> Hlc {
        // When the counter is full, borrow a millisecond: stamps stay unique
        // and ordered at the price of running a little ahead of the wall.
        Hlc(self.0.saturating_add(1))
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.millis(), self.counter())
    }
}

impl fmt::Debug for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hlc({self})")
    }
}

/// Milliseconds since the Unix epoch from the system clock.
pub fn wall_millis() -> u64 {
    u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tick_follows_the_wall_and_never_goes_back() {
        let a = Hlc::tick(Hlc::default(), 1_000);
        assert_eq!(a, Hlc::new(1_000, 0));
        // The wall clock went backwards: the stamp still advances.
        let b = Hlc::tick(a, 500);
        assert!(b > a);
        assert_eq!(b.millis(), 1_000);
        assert_eq!(b.counter(), 1);
    }

    #[test]
    fn observing_a_future_stamp_moves_ahead_of_it() {
        let remote = Hlc::new(1_000 + 24 * 3_600_000, 7);
        let next = Hlc::observe(Hlc::new(1_000, 0), remote, 1_000);
        assert!(next > remote);
    }

    #[test]
    fn counter_overflow_borrows_a_millisecond() {
        let full = Hlc::new(5, u16::MAX);
        let next = Hlc::tick(full, 5);
        assert!(next > full);
        assert_eq!(next.millis(), 6);
    }

    proptest! {
        #[test]
        fn stamps_are_strictly_increasing(walls in proptest::collection::vec(0u64..10_000, 1..50),
                                          remotes in proptest::collection::vec(0u64..20_000, 1..50)) {
            let mut last = Hlc::default();
            for (i, w) in walls.iter().enumerate() {
                let next = if i % 2 == 0 {
                    Hlc::tick(last, *w)
                } else {
                    let r = Hlc::new(remotes[i % remotes.len()], 0);
                    let n = Hlc::observe(last, r, *w);
                    prop_assert!(n > r);
                    n
                };
                prop_assert!(next > last);
                last = next;
            }
        }
    }
}
