//! The scheduler: the GIL, and every wait of every thread.
//!
//! One mutex guards who holds the GIL, who is ready for it, and who is
//! blocked on what. Keeping them together is what makes the three promises
//! of conc's threads possible:
//!
//! * **A fair, real GIL.** Ready threads queue; releasing the GIL hands it to
//!   the first of them (the releasing thread cannot snatch it back, which is
//!   CPython's FORCE_SWITCHING). A ready thread that waits a whole switch
//!   interval sets the drop request, which the running thread honours between
//!   two instructions. A thread coming back from I/O queues at the front and
//!   asks for the GIL at once, so it is not stuck behind CPU-bound threads
//!   (the convoy effect).
//! * **Reproducible runs** (`--seed`). Every choice — who gets the GIL next,
//!   when a forced switch happens — comes from a seeded generator, and every
//!   change of the ready set happens under the GIL (a wake-up is made by the
//!   thread that holds it), so the same seed gives the same interleaving.
//!   Time is virtual: when every thread waits, the clock jumps to the next
//!   deadline, so `sleep(10)` costs nothing.
//! * **Deadlock reports.** A thread that blocks with nothing that could ever
//!   wake any thread (every thread blocked without a deadline) gets
//!   [`Wake::Deadlock`] with a report of who waits for what.
//!
//! Blocking primitives (locks, queues, join, sleep) keep their own state
//! under the GIL; they call [`Sched::block`] to wait on a [`WaitTarget`] and
//! [`Sched::notify`] (holding the GIL) to wake waiters.
//!
//! A hand-off is cheap: the thread given the GIL is unparked only once the
//! mutex is released, and a waiting thread first spins for a while on an
//! atomic copy of the holder (`spin.rs` says when that pays), so a thread
//! woken by a queue it waited on usually takes over without a system call.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::Thread;
use std::time::{Duration, Instant};

use parking_lot::{Mutex, MutexGuard};

use crate::bytecode::Code;

mod spin;

/// The default switch interval, as CPython's `sys.getswitchinterval()`.
pub const DEFAULT_SWITCH_INTERVAL: Duration = Duration::from_micros(5000);

/// Virtual time one instruction takes in seeded runs (about CPython's speed).
pub const VIRTUAL_SECONDS_PER_INSTRUCTION: f64 = 20e-9;

/// Virtual time starting a thread takes in seeded runs (about CPython's
/// cost of creating an OS thread): threads started one after another in a
/// loop do not all wake from the same `sleep` at the same virtual instant.
pub const VIRTUAL_SECONDS_PER_THREAD_START: f64 = 50e-6;

/// How long a thread waiting for the GIL spins before it parks (see `spin.rs`).
const SPIN_LIMIT: Duration = Duration::from_micros(30);

/// The Unix time at which virtual clocks start (2024-01-01 00:00:00 UTC):
/// seeded runs print the same `time.ctime()` every time.
pub const VIRTUAL_EPOCH: f64 = 1_704_067_200.0;

/// What a blocked thread waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitKind {
    /// A lock held by `owner` (None: nobody, e.g. a semaphore at zero).
    Lock {
        /// The thread holding it.
        owner: Option<u64>,
    },
    /// The end of a thread.
    Join {
        /// The thread waited for.
        thread: u64,
    },
    /// A queue to have an item (get) or room (put).
    Queue,
    /// A condition variable or event.
    Condition,
    /// Only a deadline (`sleep`).
    Sleep,
}

/// A thing threads wait on: its identity (an address) and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitTarget {
    /// Identity of the primitive (its object address).
    pub key: usize,
    /// What it is, for deadlock reports.
    pub kind: WaitKind,
}

/// Why `block` returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wake {
    /// Another thread called `notify` on the target.
    Notified,
    /// The deadline passed.
    TimedOut,
    /// Ctrl-C (main thread only).
    Interrupted,
    /// Nothing can ever wake any thread: the report to print.
    Deadlock(String),
}

/// Where a thread is in its life, for the scheduler.
#[derive(Debug, Clone, PartialEq)]
enum State {
    /// Holds the GIL.
    Running,
    /// Queued for the GIL.
    Ready,
    /// Waiting on a target, maybe with a deadline (scheduler seconds).
    Blocked {
        target: WaitTarget,
        deadline: Option<f64>,
        seq: u64,
    },
    /// Released the GIL around an outside blocking call (I/O, input()).
    External,
    /// Not attached (finished, or an embedder between calls).
    Detached,
}

/// Counters per thread, for `--gil-stats` and `sys.gil_stats()`.
#[derive(Debug, Clone, Default)]
pub struct ThreadStats {
    /// The thread's name.
    pub name: String,
    /// Instructions executed.
    pub instructions: u64,
    /// Time holding the GIL.
    pub held: Duration,
    /// Time waiting for the GIL while ready.
    pub waited: Duration,
    /// Switches forced by the policy (interval or ticks).
    pub forced_switches: u64,
    /// Times the thread gave the GIL up to block (sleep, lock, I/O...).
    pub voluntary_switches: u64,
}

/// One interval of a thread holding the GIL or waiting, for `--trace` and `--timeline`.
#[derive(Debug, Clone)]
pub struct TraceEvent {
    /// Thread serial.
    pub thread: u64,
    /// What the interval was ("GIL", "wait GIL", "blocked: lock", "sleep"...).
    pub what: String,
    /// Start, seconds since the run began (real time).
    pub start: f64,
    /// End.
    pub end: f64,
}

/// Where a thread blocked: the code and line, made into text (`file:line
/// in function`) only for a deadlock report.
#[derive(Clone, Default)]
pub struct Site {
    /// The code running (None: native code with no conc frame). The
    /// compiled `Code`, which holds no values: the scheduler keeps sites
    /// while the GIL is released (see `obj.rs`).
    pub code: Option<Arc<Code>>,
    /// The line in it.
    pub line: u32,
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{}:{} in {}", code.source.name, self.line, code.name),
            None => f.write_str("<native code>"),
        }
    }
}

struct ThreadEntry {
    name: String,
    handle: Option<Thread>,
    state: State,
    /// Where the thread is, recorded when it blocks.
    location: Site,
    stats: ThreadStats,
    /// When it last got the GIL or became ready (real time).
    since: Instant,
    /// How it last woke from a block.
    wake: Option<Wake>,
}

/// A small deterministic generator (SplitMix64) for scheduling choices.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

struct Inner {
    holder: Option<u64>,
    ready: VecDeque<u64>,
    threads: BTreeMap<u64, ThreadEntry>,
    switch_number: u64,
    /// Virtual seconds since the start (seeded runs).
    clock: f64,
    rng: Option<Rng>,
    block_seq: u64,
    trace: Option<Vec<TraceEvent>>,
    /// The thread just handed the GIL, unparked when the mutex is released.
    to_wake: Option<Thread>,
}

/// The scheduler's mutex, held: on release it unparks the thread just
/// handed the GIL (after unlocking, so that thread finds the mutex free).
struct Locked<'a> {
    guard: ManuallyDrop<MutexGuard<'a, Inner>>,
}

impl Deref for Locked<'_> {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.guard
    }
}

impl DerefMut for Locked<'_> {
    fn deref_mut(&mut self) -> &mut Inner {
        &mut self.guard
    }
}

impl Drop for Locked<'_> {
    fn drop(&mut self) {
        let wake = self.guard.to_wake.take();
        // SAFETY: the guard is dropped exactly once, here, and not used after.
        unsafe { ManuallyDrop::drop(&mut self.guard) };
        if let Some(t) = wake {
            t.unpark();
        }
    }
}

/// The GIL and the waits of one interpreter.
pub struct Sched {
    inner: Mutex<Inner>,
    /// `inner.holder` mirrored outside the mutex (0: nobody), so a waiting
    /// thread can spin on it without taking the mutex.
    holder_now: AtomicU64,
    spinner: spin::Spinner,
    drop_request: AtomicBool,
    interval_us: AtomicU64,
    /// Forced switch every N instructions instead of by time (`--switch-ticks`).
    switch_ticks: AtomicU64,
    seeded: bool,
    seed: Option<u64>,
    start: Instant,
}

impl Sched {
    fn lock(&self) -> Locked<'_> {
        Locked {
            guard: ManuallyDrop::new(self.inner.lock()),
        }
    }

    /// A scheduler; `seed` makes it deterministic with virtual time.
    pub fn new(seed: Option<u64>) -> Sched {
        Sched {
            inner: Mutex::new(Inner {
                holder: None,
                ready: VecDeque::new(),
                threads: BTreeMap::new(),
                switch_number: 0,
                clock: 0.0,
                rng: seed.map(Rng::new),
                block_seq: 0,
                trace: None,
                to_wake: None,
            }),
            holder_now: AtomicU64::new(0),
            spinner: spin::Spinner::new(),
            drop_request: AtomicBool::new(false),
            interval_us: AtomicU64::new(DEFAULT_SWITCH_INTERVAL.as_micros() as u64),
            switch_ticks: AtomicU64::new(0),
            seeded: seed.is_some(),
            seed,
            start: Instant::now(),
        }
    }

    /// Is this a seeded (deterministic, virtual-time) run?
    pub fn is_seeded(&self) -> bool {
        self.seeded
    }

    /// The run's seed (`--seed`), if any.
    pub fn seed(&self) -> Option<u64> {
        self.seed
    }

    /// Record GIL intervals for `--trace`/`--timeline` from now on.
    pub fn enable_trace(&self) {
        self.lock().trace.get_or_insert_with(Vec::new);
    }

    /// The recorded intervals.
    pub fn trace_events(&self) -> Vec<TraceEvent> {
        self.lock().trace.clone().unwrap_or_default()
    }

    /// Seconds since the run began: virtual in seeded runs, monotonic otherwise.
    pub fn now(&self) -> f64 {
        if self.seeded {
            self.lock().clock
        } else {
            self.start.elapsed().as_secs_f64()
        }
    }

    /// Unix time: virtual in seeded runs.
    pub fn unix_time(&self) -> f64 {
        if self.seeded {
            VIRTUAL_EPOCH + self.now()
        } else {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or(0.0)
        }
    }

    /// The switch interval.
    pub fn interval(&self) -> Duration {
        Duration::from_micros(self.interval_us.load(Ordering::Relaxed).max(1))
    }

    /// Set the switch interval (`sys.setswitchinterval`); switches by time from now on.
    pub fn set_interval(&self, d: Duration) {
        self.interval_us
            .store(d.as_micros().max(1) as u64, Ordering::Relaxed);
        self.switch_ticks.store(0, Ordering::Relaxed);
    }

    /// Forced switch every `n` instructions (0: by time).
    pub fn set_switch_ticks(&self, n: u64) {
        self.switch_ticks.store(n, Ordering::Relaxed);
    }

    /// The tick policy (0 when switching by time).
    pub fn switch_ticks(&self) -> u64 {
        self.switch_ticks.load(Ordering::Relaxed)
    }

    /// How many instructions to run before the next forced switch check, or
    /// `None` to rely on drop requests only. Seeded runs draw it at random
    /// around the policy, so different seeds switch at different places.
    pub fn next_quantum(&self) -> Option<u64> {
        let ticks = self.switch_ticks();
        if self.seeded {
            let base = if ticks > 0 { ticks } else { 100 };
            let mut inner = self.lock();
            let rng = inner.rng.as_mut()?;
            return Some(1 + rng.below(2 * base));
        }
        (ticks > 0).then_some(ticks)
    }

    /// A thread state is born: register it and wait for the GIL.
    pub fn attach(&self, serial: u64, name: String, breaker: &AtomicBool) {
        let mut inner = self.lock();
        let entry = inner.threads.entry(serial).or_insert_with(|| ThreadEntry {
            name: name.clone(),
            handle: None,
            state: State::Detached,
            location: Site::default(),
            stats: ThreadStats {
                name: name.clone(),
                ..Default::default()
            },
            since: Instant::now(),
            wake: None,
        });
        entry.handle = Some(std::thread::current());
        if entry.state == State::Detached {
            entry.state = State::Ready;
            entry.since = Instant::now();
            inner.ready.push_back(serial);
        }
        if inner.holder.is_none() {
            self.hand_over(&mut inner);
        }
        self.wait_for_gil(inner, serial, breaker);
    }

    /// Register a thread about to be started by the GIL holder: it is ready
    /// (queued for the GIL) from this moment, which keeps seeded runs deterministic.
    pub fn register_spawned(&self, serial: u64, name: String) {
        let mut inner = self.lock();
        if self.seeded {
            inner.clock += VIRTUAL_SECONDS_PER_THREAD_START;
        }
        inner.threads.insert(
            serial,
            ThreadEntry {
                name: name.clone(),
                handle: None,
                state: State::Ready,
                location: Site::default(),
                stats: ThreadStats {
                    name,
                    ..Default::default()
                },
                since: Instant::now(),
                wake: None,
            },
        );
        inner.ready.push_back(serial);
    }

    /// Rename a thread (for statistics and reports).
    pub fn set_name(&self, serial: u64, name: &str) {
        if let Some(t) = self.lock().threads.get_mut(&serial) {
            t.name = name.to_string();
            t.stats.name = name.to_string();
        }
    }

    /// The thread leaves (finished, or an embedder call ended): give the GIL away.
    pub fn detach(&self, serial: u64, instructions: u64, finished: bool) {
        self.add_instructions(serial, instructions);
        let mut inner = self.lock();
        let was_holder = inner.holder == Some(serial);
        self.account_hold_end(&mut inner, serial, "GIL");
        if let Some(t) = inner.threads.get_mut(&serial) {
            t.state = State::Detached;
            t.handle = None;
        }
        // A finished thread keeps its entry (statistics, reports); it is never woken again.
        let _ = finished;
        if was_holder {
            self.hand_over(&mut inner);
        }
    }

    /// Count instructions run by `serial` (statistics). In seeded runs the
    /// virtual clock also advances with work, so a busy loop waiting for
    /// `time.time()` to move terminates and CPU-bound code takes virtual time.
    pub fn add_instructions(&self, serial: u64, n: u64) {
        self.count_instructions(&mut self.lock(), serial, n);
    }

    fn count_instructions(&self, inner: &mut Inner, serial: u64, n: u64) {
        if self.seeded {
            inner.clock += n as f64 * VIRTUAL_SECONDS_PER_INSTRUCTION;
        }
        if let Some(t) = inner.threads.get_mut(&serial) {
            t.stats.instructions += n;
        }
    }

    /// Is anyone ready for the GIL?
    pub fn has_waiters(&self) -> bool {
        !self.lock().ready.is_empty()
    }

    /// Was a drop requested? Clears the request.
    pub fn take_drop_request(&self) -> bool {
        self.drop_request.swap(false, Ordering::SeqCst)
    }

    /// Forced switch: let a ready thread run, and queue behind it. Returns
    /// whether the GIL actually changed hands.
    pub fn yield_gil(&self, serial: u64, instructions: u64, breaker: &AtomicBool) -> bool {
        let mut inner = self.lock();
        self.count_instructions(&mut inner, serial, instructions);
        if inner.ready.is_empty() {
            return false;
        }
        self.account_hold_end(&mut inner, serial, "GIL");
        if let Some(t) = inner.threads.get_mut(&serial) {
            t.state = State::Ready;
            t.since = Instant::now();
        }
        inner.ready.push_back(serial);
        self.hand_over(&mut inner);
        let switched = inner.holder != Some(serial);
        if switched {
            if let Some(t) = inner.threads.get_mut(&serial) {
                t.stats.forced_switches += 1;
            }
        }
        self.wait_for_gil(inner, serial, breaker);
        switched
    }

    /// Release the GIL around a blocking call outside conc's control (I/O,
    /// `input()`); `end_external` takes it back.
    pub fn begin_external(&self, serial: u64, instructions: u64) {
        let mut inner = self.lock();
        self.count_instructions(&mut inner, serial, instructions);
        self.account_hold_end(&mut inner, serial, "GIL");
        if let Some(t) = inner.threads.get_mut(&serial) {
            t.stats.voluntary_switches += 1;
            t.state = State::External;
            t.since = Instant::now();
        }
        self.hand_over(&mut inner);
    }

    /// Take the GIL back after `begin_external`, urgently (front of the queue).
    pub fn end_external(&self, serial: u64, breaker: &AtomicBool) {
        let mut inner = self.lock();
        if let Some(t) = inner.threads.get_mut(&serial) {
            t.state = State::Ready;
            t.handle = Some(std::thread::current());
        }
        inner.ready.push_front(serial);
        if inner.holder.is_none() {
            self.hand_over(&mut inner);
        } else if !self.seeded {
            self.request_drop(breaker);
        }
        self.wait_for_gil(inner, serial, breaker);
    }

    /// Wait on `target` until notified, the deadline (scheduler seconds) passes,
    /// or Ctrl-C (main thread). Called holding the GIL (having run
    /// `instructions` since they were last counted); returns holding it.
    #[allow(clippy::too_many_arguments)]
    pub fn block(
        &self,
        serial: u64,
        instructions: u64,
        target: WaitTarget,
        deadline: Option<f64>,
        location: Site,
        breaker: &AtomicBool,
        interrupted: &AtomicBool,
    ) -> Wake {
        let mut inner = self.lock();
        self.count_instructions(&mut inner, serial, instructions);
        self.account_hold_end(&mut inner, serial, "GIL");
        inner.block_seq += 1;
        let seq = inner.block_seq;
        if let Some(t) = inner.threads.get_mut(&serial) {
            t.stats.voluntary_switches += 1;
            t.state = State::Blocked {
                target: target.clone(),
                deadline,
                seq,
            };
            t.location = location;
            t.since = Instant::now();
            t.wake = None;
            t.handle = Some(std::thread::current());
        }
        if let Some(report) = self.deadlock_report(&inner) {
            // Stay the holder: the caller reports and ends the program.
            if let Some(t) = inner.threads.get_mut(&serial) {
                t.state = State::Running;
            }
            return Wake::Deadlock(report);
        }
        self.hand_over(&mut inner);
        // Wait to be woken (moved to the ready queue) or for the deadline.
        loop {
            let blocked = matches!(
                inner.threads.get(&serial).map(|t| &t.state),
                Some(State::Blocked { .. })
            );
            if !blocked {
                break;
            }
            if serial == 1 && interrupted.load(Ordering::SeqCst) {
                self.make_ready(&mut inner, serial, Wake::Interrupted, true);
                break;
            }
            // Nobody hands the GIL to a sleeper before its deadline: it need not spin.
            let spin = target.kind != WaitKind::Sleep;
            if self.seeded {
                // Virtual time only moves in hand_over; just sleep until woken.
                drop(inner);
                if !(spin && self.spin_for_gil(serial, SPIN_LIMIT)) {
                    std::thread::park();
                }
                inner = self.lock();
                continue;
            }
            let timeout = match deadline {
                Some(d) => {
                    let left = d - self.start.elapsed().as_secs_f64();
                    if left <= 0.0 {
                        self.make_ready(&mut inner, serial, Wake::TimedOut, true);
                        if inner.holder.is_none() {
                            self.hand_over(&mut inner);
                        } else {
                            self.request_drop(breaker);
                        }
                        break;
                    }
                    Duration::from_secs_f64(left.min(0.05))
                }
                None => Duration::from_millis(50),
            };
            drop(inner);
            if !(spin && self.spin_for_gil(serial, SPIN_LIMIT.min(timeout))) {
                std::thread::park_timeout(timeout);
            }
            inner = self.lock();
        }
        let wake = inner
            .threads
            .get_mut(&serial)
            .and_then(|t| t.wake.take())
            .unwrap_or(Wake::Notified);
        self.wait_for_gil(inner, serial, breaker);
        wake
    }

    /// Wake up to `n` threads blocked on `key` (in the order they blocked).
    /// Called holding the GIL. Returns how many were woken.
    pub fn notify(&self, key: usize, n: usize) -> usize {
        let mut inner = self.lock();
        let blocked_on_key = inner.threads.iter().filter_map(|(s, t)| match &t.state {
            State::Blocked { target, seq, .. } if target.key == key => Some((*seq, *s)),
            _ => None,
        });
        if n == 1 {
            // The usual case (a lock, a queue, one condition waiter): no sorting.
            let Some((_, first)) = blocked_on_key.min() else {
                return 0;
            };
            self.make_ready(&mut inner, first, Wake::Notified, false);
            return 1;
        }
        let mut waiting: Vec<(u64, u64)> = blocked_on_key.collect();
        waiting.sort_unstable();
        let mut woken = 0;
        for (_, s) in waiting.into_iter().take(n) {
            self.make_ready(&mut inner, s, Wake::Notified, false);
            woken += 1;
        }
        woken
    }

    /// Record that a lock's owner changed (for deadlock reports of threads blocked on it).
    pub fn update_lock_owner(&self, key: usize, owner: Option<u64>) {
        let mut inner = self.lock();
        for t in inner.threads.values_mut() {
            if let State::Blocked { target, .. } = &mut t.state {
                if target.key == key {
                    target.kind = WaitKind::Lock { owner };
                }
            }
        }
    }

    /// The serial numbers of every thread seen, in order (matches `stats()`).
    pub fn serials(&self) -> Vec<u64> {
        self.lock().threads.keys().copied().collect()
    }

    /// Per-thread statistics so far.
    pub fn stats(&self) -> Vec<ThreadStats> {
        let mut inner = self.lock();
        let holder = inner.holder;
        inner
            .threads
            .iter_mut()
            .map(|(s, t)| {
                let mut st = t.stats.clone();
                if Some(*s) == holder {
                    st.held += t.since.elapsed();
                }
                st
            })
            .collect()
    }

    /// Is the thread `serial` finished (detached for good)?
    pub fn is_detached(&self, serial: u64) -> bool {
        matches!(
            self.lock().threads.get(&serial).map(|t| &t.state),
            Some(State::Detached) | None
        )
    }

    /// Unpark the main thread (Ctrl-C while it blocks).
    pub fn wake_main(&self) {
        if let Some(h) = self
            .inner
            .lock()
            .threads
            .get(&1)
            .and_then(|t| t.handle.clone())
        {
            h.unpark();
        }
    }

    fn make_ready(&self, inner: &mut Inner, serial: u64, wake: Wake, front: bool) {
        if let Some(t) = inner.threads.get_mut(&serial) {
            if let State::Blocked { target, .. } = &t.state {
                let what = match target.kind {
                    WaitKind::Sleep => "sleep",
                    WaitKind::Lock { .. } => "blocked: lock",
                    WaitKind::Join { .. } => "blocked: join",
                    WaitKind::Queue => "blocked: queue",
                    WaitKind::Condition => "blocked: condition",
                };
                let start = t.since;
                if let Some(trace) = inner.trace.as_mut() {
                    trace.push(TraceEvent {
                        thread: serial,
                        what: what.to_string(),
                        start: start.duration_since(self.start).as_secs_f64(),
                        end: self.start.elapsed().as_secs_f64(),
                    });
                }
            }
            let t = inner.threads.get_mut(&serial).expect("thread entry");
            t.state = State::Ready;
            t.wake = Some(wake);
            t.since = Instant::now();
        }
        if front {
            inner.ready.push_front(serial);
        } else {
            inner.ready.push_back(serial);
        }
    }

    fn request_drop(&self, breaker: &AtomicBool) {
        self.drop_request.store(true, Ordering::SeqCst);
        breaker.store(true, Ordering::SeqCst);
    }

    fn account_hold_end(&self, inner: &mut Inner, serial: u64, what: &str) {
        if inner.holder != Some(serial) {
            return;
        }
        self.set_holder(inner, None);
        let now = Instant::now();
        if let Some(t) = inner.threads.get_mut(&serial) {
            let held = now.duration_since(t.since);
            t.stats.held += held;
            let start = t.since.duration_since(self.start).as_secs_f64();
            if let Some(trace) = inner.trace.as_mut() {
                trace.push(TraceEvent {
                    thread: serial,
                    what: what.to_string(),
                    start,
                    end: now.duration_since(self.start).as_secs_f64(),
                });
            }
        }
    }

    /// Record who holds the GIL (under the mutex), mirrored for spinners.
    fn set_holder(&self, inner: &mut Inner, holder: Option<u64>) {
        inner.holder = holder;
        self.holder_now
            .store(holder.unwrap_or(0), Ordering::Release);
    }

    /// Spin (without the mutex) until `serial` is handed the GIL, for at
    /// most `limit`, if spinning pays now; true if it was handed the GIL.
    fn spin_for_gil(&self, serial: u64, limit: Duration) -> bool {
        self.spinner
            .spin(limit, || self.holder_now.load(Ordering::Acquire) == serial)
    }

    /// Give the GIL to the next ready thread: the first (real runs) or a
    /// seeded random one. In seeded runs with nobody ready, advance the
    /// virtual clock to the earliest deadline and wake its sleepers.
    fn hand_over(&self, inner: &mut Inner) {
        if self.seeded && inner.threads.values().any(|t| t.state == State::External) {
            // In a seeded run nothing moves while a thread is outside conc
            // (its return time is not reproducible); it hands over on return.
            self.set_holder(inner, None);
            return;
        }
        if inner.ready.is_empty() && self.seeded {
            self.advance_virtual_clock(inner);
        }
        let next = if inner.ready.is_empty() {
            None
        } else if let Some(rng) = inner.rng.as_mut() {
            let i = rng.below(inner.ready.len() as u64) as usize;
            inner.ready.remove(i)
        } else {
            inner.ready.pop_front()
        };
        self.set_holder(inner, next);
        if let Some(serial) = next {
            inner.switch_number += 1;
            let now = Instant::now();
            if let Some(t) = inner.threads.get_mut(&serial) {
                t.stats.waited += now.duration_since(t.since);
                t.since = now;
                t.state = State::Running;
                if let Some(h) = &t.handle {
                    // Woken once the mutex is released, so that it does not
                    // wake up only to wait for the mutex.
                    if let Some(earlier) = inner.to_wake.replace(h.clone()) {
                        earlier.unpark();
                    }
                }
            }
        }
    }

    fn advance_virtual_clock(&self, inner: &mut Inner) {
        // A thread outside conc (I/O, or the embedder between calls: the main
        // program's end) may still act: time must not jump under it.
        if inner.threads.values().any(|t| t.state == State::External) {
            return;
        }
        let earliest = inner
            .threads
            .values()
            .filter_map(|t| match &t.state {
                State::Blocked {
                    deadline: Some(d), ..
                } => Some(*d),
                _ => None,
            })
            .fold(f64::INFINITY, f64::min);
        if !earliest.is_finite() {
            return;
        }
        if earliest > inner.clock {
            inner.clock = earliest;
        }
        let clock = inner.clock;
        let mut due: Vec<(u64, u64)> = inner
            .threads
            .iter()
            .filter_map(|(s, t)| match &t.state {
                State::Blocked {
                    deadline: Some(d),
                    seq,
                    ..
                } if *d <= clock => Some((*seq, *s)),
                _ => None,
            })
            .collect();
        due.sort_unstable();
        for (_, s) in due {
            self.make_ready(inner, s, Wake::TimedOut, false);
        }
    }

    /// Wait (parked) until `serial` holds the GIL. In real runs a ready thread
    /// that waited a whole interval with no hand-over requests a drop.
    fn wait_for_gil<'a>(&'a self, mut inner: Locked<'a>, serial: u64, breaker: &AtomicBool) {
        let mut seen = inner.switch_number;
        while inner.holder != Some(serial) {
            if let Some(t) = inner.threads.get_mut(&serial) {
                t.handle = Some(std::thread::current());
            }
            drop(inner);
            if !self.spin_for_gil(serial, SPIN_LIMIT) {
                if self.seeded {
                    std::thread::park();
                } else {
                    std::thread::park_timeout(self.interval());
                }
            }
            inner = self.lock();
            if inner.holder == Some(serial) {
                break;
            }
            if inner.holder.is_none() {
                self.hand_over(&mut inner);
                continue;
            }
            if !self.seeded && inner.switch_number == seen && inner.ready.front() == Some(&serial) {
                self.request_drop(breaker);
            }
            seen = inner.switch_number;
        }
    }

    /// When no thread can run and none has a deadline, describe the cycle.
    fn deadlock_report(&self, inner: &Inner) -> Option<String> {
        let mut any_blocked = false;
        for t in inner.threads.values() {
            match &t.state {
                State::Blocked { deadline: None, .. } => any_blocked = true,
                State::Detached => {}
                _ => return None,
            }
        }
        if !any_blocked {
            return None;
        }
        let name_of = |s: u64| {
            inner
                .threads
                .get(&s)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| format!("thread {s}"))
        };
        let mut out = String::from(
            "conc: deadlock: every thread is waiting for another one; none can go on.\n",
        );
        for t in inner.threads.values() {
            let State::Blocked { target, .. } = &t.state else {
                continue;
            };
            let what = match &target.kind {
                WaitKind::Lock { owner: Some(o) } => {
                    format!("a lock (0x{:x}) held by {}", target.key, name_of(*o))
                }
                WaitKind::Lock { owner: None } => {
                    format!("a lock or semaphore (0x{:x})", target.key)
                }
                WaitKind::Join { thread } => format!("thread {} to finish", name_of(*thread)),
                WaitKind::Queue => format!("a queue (0x{:x})", target.key),
                WaitKind::Condition => format!("a condition or event (0x{:x})", target.key),
                WaitKind::Sleep => "nothing (sleeping)".to_string(),
            };
            out.push_str(&format!(
                "  {} at {} waits for {}\n",
                t.name, t.location, what
            ));
        }
        Some(out)
    }
}
