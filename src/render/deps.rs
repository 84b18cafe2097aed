//! Which pages and sections each rendered file looked up with `get_page`, `get_section` or
//! `get_taxonomy`, so `serve` can tell which files an edit can change.
//!
//! The lookups are noted in a per-thread list while one file renders (a render runs on one
//! thread from start to end; the list is cleared before each) and taken when it is done; a
//! normal build just drops them.

use std::cell::RefCell;

/// Noted by lookups that can reach every page (`get_taxonomy`).
pub const EVERY_PAGE: &str = "*";

thread_local! {
    static NOTED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Notes that the file being rendered looked up `key`.
pub fn note(key: &str) {
    NOTED.with(|n| n.borrow_mut().push(key.to_string()));
}

/// Takes the keys noted on this thread since the last call, sorted, each once.
pub fn take() -> Vec<String> {
    let mut keys = NOTED.with(|n| std::mem::take(&mut *n.borrow_mut()));
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_each_key_once_and_takes_them() {
        let _ = take();
        note("a.md");
        note("a.md");
        note("b/_index.md");
        assert_eq!(take(), ["a.md", "b/_index.md"]);
        note("c.md");
        assert_eq!(take(), ["c.md"]);
        assert!(take().is_empty());
    }
}
