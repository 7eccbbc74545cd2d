//! Spinning for the GIL before parking, when it pays.
//!
//! A thread handed the GIL while it spins takes it at once: no system call
//! on either side, and none of the wake-up latency of a parked thread (tens
//! of microseconds when its core sleeps). That is what makes a hand-off
//! between two threads (a queue ping-pong) cheap.
//!
//! Spinning only pays when a core is free for the spinner, though. On a busy
//! machine spinning threads turn into CPU hogs that the OS runs late, and
//! every hand-off then waits for a time slice; parked threads, woken by the
//! OS, are run promptly. So spinning backs off: after a spin that failed —
//! the GIL did not come within the limit, or the spinner lost its core
//! mid-spin (a gap in its clock readings) — the next waits park at once, the
//! more of them the more spins failed; spins that succeed shrink the
//! back-off again. At most one thread per spare core spins at a time.

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a thread that found every spinning slot taken keeps trying for
/// one (the spinner it is about to hand the GIL to frees its slot within
/// nanoseconds of seeing the hand-off).
const SLOT_GRACE: Duration = Duration::from_micros(2);

/// A gap this long between two clock readings of a spinning thread means
/// the OS took its core away (a reading comes every few microseconds).
const PREEMPTED_GAP: Duration = Duration::from_micros(30);

/// Spin iterations between two clock readings.
const SPINS_PER_CHECK: u32 = 16;

/// Waits that park at once after the first failed spin, and at most.
const MIN_PENALTY: u32 = 8;
const MAX_PENALTY: u32 = 4096;

/// The spinning policy of one scheduler.
pub(super) struct Spinner {
    /// Threads spinning now.
    active: AtomicUsize,
    /// How many may spin at once (spare cores; 0 on a single core).
    slots: usize,
    /// Waits left that must park without spinning.
    skip: AtomicU32,
    /// What `skip` becomes after the next failed spin (0: no failure lately).
    penalty: AtomicU32,
}

impl Spinner {
    pub(super) fn new() -> Spinner {
        Spinner {
            active: AtomicUsize::new(0),
            slots: std::thread::available_parallelism()
                .map(|n| n.get() - 1)
                .unwrap_or(0),
            skip: AtomicU32::new(0),
            penalty: AtomicU32::new(0),
        }
    }

    /// Spin until `handed()` is true or `limit` passes (or spinning does not
    /// pay now); true if it became true.
    pub(super) fn spin(&self, limit: Duration, handed: impl Fn() -> bool) -> bool {
        if self.slots == 0 || self.must_park() {
            return false;
        }
        let start = Instant::now();
        let mut last = start;
        let mut slot = self.take_slot();
        let mut spins: u32 = 0;
        let outcome = loop {
            if handed() {
                break Outcome::Handed;
            }
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(SPINS_PER_CHECK) {
                let now = Instant::now();
                if now.duration_since(last) >= PREEMPTED_GAP {
                    break Outcome::Failed;
                }
                last = now;
                if !slot {
                    slot = self.take_slot();
                }
                let elapsed = now.duration_since(start);
                if slot && elapsed >= limit {
                    break Outcome::Failed;
                }
                if !slot && elapsed >= limit.min(SLOT_GRACE) {
                    break Outcome::NoSlot;
                }
            }
            std::hint::spin_loop();
        };
        if slot {
            self.active.fetch_sub(1, Ordering::AcqRel);
        }
        match outcome {
            Outcome::Handed => {
                let p = self.penalty.load(Ordering::Relaxed);
                self.penalty.store(p / 2, Ordering::Relaxed);
                true
            }
            Outcome::Failed => {
                let p = self.penalty.load(Ordering::Relaxed);
                let p = (p * 2).clamp(MIN_PENALTY, MAX_PENALTY);
                self.penalty.store(p, Ordering::Relaxed);
                self.skip.store(p, Ordering::Relaxed);
                handed()
            }
            Outcome::NoSlot => handed(),
        }
    }

    /// Count down the waits that park at once; true while there are some.
    fn must_park(&self) -> bool {
        self.skip
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok()
    }

    fn take_slot(&self) -> bool {
        self.active
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.slots).then_some(n + 1)
            })
            .is_ok()
    }
}

/// How a spin ended.
enum Outcome {
    Handed,
    /// Spinning did not pay: past the limit, or preempted.
    Failed,
    /// Every slot was taken.
    NoSlot,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spinner(slots: usize) -> Spinner {
        Spinner {
            active: AtomicUsize::new(0),
            slots,
            skip: AtomicU32::new(0),
            penalty: AtomicU32::new(0),
        }
    }

    #[test]
    fn a_hand_off_during_the_spin_is_seen() {
        let s = spinner(1);
        let checks = std::cell::Cell::new(0);
        let handed = || {
            checks.set(checks.get() + 1);
            checks.get() > 100
        };
        assert!(s.spin(Duration::from_secs(5), handed));
        assert_eq!(
            s.active.load(Ordering::Relaxed),
            0,
            "the slot is given back"
        );
    }

    #[test]
    fn a_failed_spin_makes_the_next_waits_park_and_successes_shrink_that() {
        let s = spinner(1);
        assert!(!s.spin(Duration::from_micros(20), || false));
        assert_eq!(s.skip.load(Ordering::Relaxed), MIN_PENALTY);
        let start = Instant::now();
        for _ in 0..MIN_PENALTY {
            assert!(!s.spin(Duration::from_secs(5), || false), "parks at once");
        }
        assert!(start.elapsed() < Duration::from_secs(1));
        assert!(
            s.spin(Duration::from_secs(5), || true),
            "handed at the first look"
        );
        assert_eq!(s.penalty.load(Ordering::Relaxed), MIN_PENALTY / 2);
        assert!(!s.spin(Duration::from_micros(20), || false));
        assert_eq!(
            s.skip.load(Ordering::Relaxed),
            MIN_PENALTY,
            "doubled, at least the minimum"
        );
    }

    #[test]
    fn no_spinning_without_a_spare_core() {
        let s = spinner(0);
        assert!(!s.spin(Duration::from_secs(5), || true));
    }

    #[test]
    fn a_thread_without_a_slot_gives_up_soon() {
        let s = spinner(1);
        s.active.store(1, Ordering::Relaxed);
        let start = Instant::now();
        assert!(!s.spin(Duration::from_secs(5), || false));
        assert!(start.elapsed() < Duration::from_secs(1));
        assert_eq!(
            s.skip.load(Ordering::Relaxed),
            0,
            "not a failure of spinning"
        );
    }
}
