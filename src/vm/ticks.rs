//! The instruction countdown between two looks at the outside world.
//!
//! The loop decrements one counter per instruction (a superinstruction by
//! the number it stands for) and, only when it reaches zero, calls into the
//! cold path that polls the eval breaker (Ctrl-C, a GIL drop request) and
//! makes the forced switches of a tick policy (`--switch-ticks`, seeded
//! runs). So the per-instruction cost is one decrement and one branch, and
//! a switch can still happen between any two instructions.

/// Instructions between two polls of the eval breaker when no tick policy
/// asks for a switch sooner: a few microseconds of bytecode, far below the
/// switch interval a waiting thread allows before it asks for the GIL.
const BREAKER_POLL: i64 = 128;

/// One thread state's countdown and instruction count.
#[derive(Debug, Clone)]
pub struct Ticks {
    /// Instructions left before the cold path runs. The loop's only field,
    /// which it keeps in a register and writes back before anything else
    /// can read it (`interp.rs`, `sync!`).
    pub left: i64,
    /// What `left` started this countdown at.
    len: i64,
    /// Instructions before the next forced switch, as of this countdown's
    /// start (`i64::MAX`: no tick policy, switches come from drop requests).
    switch_left: i64,
    /// Instructions run in finished countdowns.
    done: u64,
    /// Instructions already reported to the scheduler.
    reported: u64,
}

impl Ticks {
    /// A countdown under a policy that forces a switch after `switch_after`
    /// instructions (`None`: never).
    pub fn new(switch_after: Option<u64>) -> Ticks {
        let mut t = Ticks {
            left: 0,
            len: 0,
            switch_left: 0,
            done: 0,
            reported: 0,
        };
        t.restart(switch_after);
        t
    }

    /// All instructions run so far.
    fn run(&self) -> u64 {
        self.done + (self.len - self.left).max(0) as u64
    }

    /// Instructions run since the last call (for the scheduler's statistics).
    pub fn take(&mut self) -> u64 {
        let now = self.run();
        let n = now - self.reported;
        self.reported = now;
        n
    }

    /// Close the countdown that just reached zero: true if the tick policy
    /// now wants a forced switch (then call `restart` after switching,
    /// else `next`).
    pub fn expired(&mut self) -> bool {
        let ran = (self.len - self.left).max(0);
        self.done += ran as u64;
        self.len = 0;
        self.left = 0;
        if self.switch_left != i64::MAX {
            self.switch_left -= ran;
        }
        self.switch_left <= 0
    }

    /// Start the next countdown under the same policy.
    pub fn next(&mut self) {
        self.len = BREAKER_POLL.min(self.switch_left).max(1);
        self.left = self.len;
    }

    /// Start over after a forced switch or a policy change: the next forced
    /// switch comes after `switch_after` instructions (`None`: never).
    pub fn restart(&mut self, switch_after: Option<u64>) {
        self.expired();
        self.switch_left = switch_after.map_or(i64::MAX, |n| n.min(i64::MAX as u64) as i64);
        self.next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run `n` instructions the way the loop does; return how many forced
    /// switches happened.
    fn run(t: &mut Ticks, n: usize, step: i64) -> usize {
        let mut switches = 0;
        let mut i = 0;
        while i < n {
            t.left -= step;
            i += step as usize;
            if t.left <= 0 {
                if t.expired() {
                    switches += 1;
                    t.restart(Some(3));
                } else {
                    t.next();
                }
            }
        }
        switches
    }

    #[test]
    fn a_tick_policy_switches_every_n_instructions_and_all_are_counted() {
        let mut t = Ticks::new(Some(3));
        assert_eq!(run(&mut t, 30, 1), 10);
        assert_eq!(t.take(), 30);
        assert_eq!(t.take(), 0);
    }

    #[test]
    fn without_a_policy_only_polls_and_counts() {
        let mut t = Ticks::new(None);
        let mut polls = 0;
        for _ in 0..1000 {
            t.left -= 1;
            if t.left <= 0 {
                assert!(!t.expired());
                t.next();
                polls += 1;
            }
        }
        assert_eq!(polls, 1000 / BREAKER_POLL as usize);
        assert_eq!(t.take(), 1000);
    }

    #[test]
    fn superinstructions_that_overshoot_are_counted_once() {
        let mut t = Ticks::new(Some(3));
        run(&mut t, 20, 2);
        assert_eq!(t.take(), 20);
    }
}
