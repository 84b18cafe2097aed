//! How much memory image decoding may take: at most [`MAX_PIXELS`] pixels an image, and at
//! most [`MEMORY`] bytes for all the images being decoded at once, across every thread. A
//! worker whose image would go over waits until others have finished; an image that alone
//! needs more than the whole budget is an error naming it.
//!
//! Without this a 33 KB PNG that says it is 16,000 pixels square asks for 1 GB, and four such
//! images on four threads for 4 GB.

use std::sync::{Condvar, Mutex};

/// The most pixels one image may have: 50 million (8,660 x 5,773; a 48-megapixel phone
/// photo fits).
pub const MAX_PIXELS: u64 = 50_000_000;

/// The bytes all images being decoded at once may take together: 1 GiB.
pub const MEMORY: u64 = 1 << 30;

/// What a decoded image of `width` x `height` takes while it is made into variants: its
/// pixels as decoded (`bytes_per_pixel`) and once more as 8-bit RGBA.
pub fn need(width: u32, height: u32, bytes_per_pixel: u64) -> u64 {
    let pixels = u64::from(width) * u64::from(height);
    pixels.saturating_mul(bytes_per_pixel.saturating_add(4))
}

/// The memory shared by the workers that decode images.
#[derive(Debug)]
pub struct Budget {
    limit: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// Memory taken from a [`Budget`]; given back when dropped.
#[derive(Debug)]
pub struct Share<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        if let Ok(mut used) = self.budget.used.lock() {
            *used = used.saturating_sub(self.bytes);
        }
        self.budget.freed.notify_all();
    }
}

impl Budget {
    pub const fn new(limit: u64) -> Budget {
        Budget {
            limit,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Takes `bytes`, waiting while other images hold too much; `None` when `bytes` is more
    /// than the whole budget.
    pub fn take(&self, bytes: u64) -> Option<Share<'_>> {
        if bytes > self.limit {
            return None;
        }
        let mut used = self.used.lock().ok()?;
        while *used > 0 && used.saturating_add(bytes) > self.limit {
            used = self.freed.wait(used).ok()?;
        }
        *used += bytes;
        Some(Share {
            budget: self,
            bytes,
        })
    }

    #[cfg(test)]
    fn used(&self) -> u64 {
        self.used.lock().map(|u| *u).unwrap_or(0)
    }
}

/// The budget of this process's image workers.
pub static DECODING: Budget = Budget::new(MEMORY);

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn a_share_is_given_back() {
        let b = Budget::new(100);
        {
            let _a = b.take(60).unwrap();
            assert_eq!(b.used(), 60);
        }
        assert_eq!(b.used(), 0);
        assert!(b.take(101).is_none());
    }

    #[test]
    fn workers_never_hold_more_than_the_budget_together() {
        let b = Arc::new(Budget::new(100));
        let peak = Arc::new(AtomicU64::new(0));
        let now = Arc::new(AtomicU64::new(0));
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let (b, peak, now) = (b.clone(), peak.clone(), now.clone());
                std::thread::spawn(move || {
                    for _ in 0..20 {
                        let _s = b.take(40).unwrap();
                        let held = now.fetch_add(40, Ordering::SeqCst) + 40;
                        peak.fetch_max(held, Ordering::SeqCst);
                        std::thread::yield_now();
                        now.fetch_sub(40, Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().unwrap();
        }
        assert!(peak.load(Ordering::SeqCst) <= 100);
        assert_eq!(b.used(), 0);
    }

    #[test]
    fn needs() {
        assert_eq!(need(1000, 1000, 3), 7_000_000);
        assert_eq!(need(u32::MAX, u32::MAX, u64::MAX), u64::MAX);
    }
}
