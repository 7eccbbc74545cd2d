//! Blocking from conc code: every wait goes through the scheduler, so the
//! GIL is released, virtual time can jump, and deadlocks are caught.

use std::sync::atomic::Ordering;

use super::sched::{Site, WaitKind, WaitTarget, Wake};
use super::{PyResult, Vm};

/// Exit status of a program stopped by the deadlock detector.
pub const DEADLOCK_EXIT_STATUS: i32 = 3;

impl Vm {
    /// Where this thread is, for reports: `file:line in function`.
    pub fn location(&self) -> String {
        self.site().to_string()
    }

    /// Where this thread is (formatted only when needed).
    pub fn site(&self) -> Site {
        // SAFETY: see `caller.rs`: the pointer is valid during a native call.
        match unsafe { self.current_frame.as_ref() } {
            Some(f) => Site {
                code: Some(f.code.code.clone()),
                line: f.line(),
            },
            None => Site::default(),
        }
    }

    /// Wait on `target` until notified or until `timeout` seconds pass.
    /// Ctrl-C raises KeyboardInterrupt in the main thread; a deadlock ends
    /// the program with a report (exit status 3).
    pub fn block_on(&mut self, target: WaitTarget, timeout: Option<f64>) -> PyResult<Wake> {
        let deadline = timeout.map(|t| self.rt.sched.now() + t.max(0.0));
        let location = self.site();
        let n = self.take_instructions();
        super::obj::gil_state::released();
        let wake = self.rt.sched.block(
            self.serial,
            n,
            target,
            deadline,
            location,
            &self.rt.eval_breaker,
            &self.rt.interrupted,
        );
        super::obj::gil_state::acquired();
        match wake {
            Wake::Deadlock(report) => {
                self.rt.output.flush();
                self.rt.output.write_stderr(&report);
                self.rt.output.flush();
                std::process::exit(DEADLOCK_EXIT_STATUS);
            }
            Wake::Interrupted => {
                self.rt.interrupted.store(false, Ordering::SeqCst);
                let class = self.rt.types.exc("KeyboardInterrupt").clone();
                Err(self.new_exception(&class, vec![]))
            }
            other => Ok(other),
        }
    }

    /// `time.sleep(secs)`: a wait on nothing but the clock.
    pub fn sleep(&mut self, secs: f64) -> PyResult<()> {
        if secs < 0.0 || secs.is_nan() {
            return Err(self.value_error("sleep length must be non-negative"));
        }
        let key = self.serial as usize;
        self.block_on(
            WaitTarget {
                key,
                kind: WaitKind::Sleep,
            },
            Some(secs),
        )?;
        Ok(())
    }

    /// `time.time()`: virtual in seeded runs.
    pub fn clock_unix(&self) -> f64 {
        self.rt.sched.unix_time()
    }

    /// `time.monotonic()`/`perf_counter()`: seconds since the run began (virtual in seeded runs).
    pub fn clock_monotonic(&self) -> f64 {
        self.rt.sched.now()
    }
}
