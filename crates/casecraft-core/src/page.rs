//! Lists that page say how many there are. A list a person relies on either shows everything or
//! comes a page at a time with the size of the whole list, so nothing is cut off without a word:
//! the caseload, a chronology, search results, the reflective log, actions, the trash and
//! supervision sessions all answer with a [`Page`].

use serde::Serialize;

/// One page of a list, and how many items the whole list holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page<T> {
    /// The items of this page, in the list's order.
    pub items: Vec<T>,
    /// How many items the whole list holds (every page together).
    pub total: u64,
    /// How many items come before this page.
    pub offset: u64,
}

impl<T> Page<T> {
    /// The page of `all` (the whole list) that starts at `offset` and holds at most `limit`
    /// items (`None`: every item from `offset` on).
    pub fn of(all: Vec<T>, offset: Option<u32>, limit: Option<u32>) -> Page<T> {
        let total = all.len() as u64;
        let offset = offset.unwrap_or(0);
        let items = all
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX)))
            .collect();
        Page {
            items,
            total,
            offset: u64::from(offset),
        }
    }

    /// Whether items follow this page.
    pub fn has_more(&self) -> bool {
        self.offset + (self.items.len() as u64) < self.total
    }

    /// The same page with each item changed by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            offset: self.offset,
        }
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            items: Vec::new(),
            total: 0,
            offset: 0,
        }
    }
}

/// A page reads as its items (`page.len()`, `page[0]`, `page.iter()`); `total` is the list's.
impl<T> std::ops::Deref for Page<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn a_page_knows_the_whole_list() {
        let all: Vec<u32> = (1..=7).collect();
        let first = Page::of(all.clone(), None, Some(3));
        assert_eq!(first.items, [1, 2, 3]);
        assert_eq!(first.total, 7);
        assert!(first.has_more());
        let last = Page::of(all.clone(), Some(6), Some(3));
        assert_eq!(last.items, [7]);
        assert!(!last.has_more());
        let everything = Page::of(all.clone(), None, None);
        assert_eq!(everything.items, all);
        assert!(!everything.has_more());
        let beyond = Page::of(all, Some(10), Some(3));
        assert!(beyond.items.is_empty());
        assert_eq!(beyond.total, 7);
    }
}
