//! The global interpreter lock, and the cells it guards.
//!
//! # Protocol
//!
//! One GIL per interpreter. An OS thread may run bytecode or touch object
//! state only while it holds the GIL; holding it is proven by a [`Gil`]
//! token, a zero-sized `!Send` value that only [`GilLock::acquire`] creates.
//! Object state lives in [`GilCell`]s, which lend their contents only against
//! a `&Gil`. A thread about to block (sleep, lock, queue, join, I/O) calls
//! `Vm::allow_threads`, which takes the token by `&mut` for the duration, so
//! nothing inside the blocking closure can read an object.
//!
//! # Hand-off (after CPython's `ceval_gil.c`, made fair)
//!
//! Waiting threads queue in FIFO order. Releasing the GIL hands it directly
//! to the first waiter (`holder` is set before it wakes), so a releasing
//! thread can never snatch it back: that is what CPython's FORCE_SWITCHING
//! achieves, and it prevents the convoy effect measured in
//! `shared/design/crates.md` §6.
//!
//! A waiter sleeps at most one switch interval (5 ms by default). If it wakes
//! and nobody has been handed the GIL since it started waiting, it sets the
//! *drop request*, which raises the eval breaker: the running thread sees it
//! between two instructions and yields (requeues itself at the back). A
//! thread returning from a blocking call queues at the *front* and sets the
//! drop request at once ("urgent": I/O-bound threads get the GIL back within
//! about one switch, not one interval).

use std::cell::{Ref, RefCell, RefMut};
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::Thread;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

/// Proof that the current thread holds the GIL. Zero-sized, neither `Send`
/// nor `Sync`, and only made by [`GilLock::acquire`].
pub struct Gil {
    _not_send: PhantomData<*mut ()>,
}

/// State guarded by the GIL: borrowable only with a [`Gil`] token.
pub struct GilCell<T>(RefCell<T>);

// SAFETY: every access to the inner RefCell goes through `borrow`/`borrow_mut`,
// which require a `&Gil`; a `Gil` exists only on the one thread that holds the
// interpreter's GIL, and it is mutably borrowed (so unusable) while the GIL is
// released. So at most one thread touches the RefCell at any time.
unsafe impl<T: Send> Sync for GilCell<T> {}

impl<T> GilCell<T> {
    /// Wrap a value.
    pub const fn new(value: T) -> GilCell<T> {
        GilCell(RefCell::new(value))
    }

    /// Shared access.
    #[inline]
    pub fn borrow<'a>(&'a self, _gil: &'a Gil) -> Ref<'a, T> {
        self.0.borrow()
    }

    /// Exclusive access.
    #[inline]
    pub fn borrow_mut<'a>(&'a self, _gil: &'a Gil) -> RefMut<'a, T> {
        self.0.borrow_mut()
    }

    /// Exclusive access, or `None` if the cell is already borrowed (re-entrant
    /// mutation from a callback: the caller raises RuntimeError instead of panicking).
    #[inline]
    pub fn try_borrow_mut<'a>(&'a self, _gil: &'a Gil) -> Option<RefMut<'a, T>> {
        self.0.try_borrow_mut().ok()
    }

    /// Direct access when the cell is owned exclusively (`&mut self` proves it).
    pub fn get_mut(&mut self) -> &mut T {
        self.0.get_mut()
    }

    /// Unwrap.
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

/// A thread waiting for the GIL.
struct Waiter {
    id: u64,
    thread: Thread,
}

/// Who holds the GIL and who waits for it.
#[derive(Default)]
struct GilState {
    /// The thread serial of the holder.
    holder: Option<u64>,
    /// Waiting threads, served front first.
    queue: VecDeque<Waiter>,
    /// Incremented at every hand-over: a waiter whose timed wait expires with
    /// the same number asks the holder to drop the GIL (CPython's rule).
    switch_number: u64,
}

/// The default switch interval, as CPython's `sys.getswitchinterval()`.
pub const DEFAULT_SWITCH_INTERVAL: Duration = Duration::from_micros(5000);

/// The lock itself.
pub struct GilLock {
    state: Mutex<GilState>,
    /// Set by a waiter that waited a whole interval: the holder should yield.
    drop_request: AtomicBool,
    /// The switch interval in microseconds.
    interval_us: AtomicU64,
}

impl Default for GilLock {
    fn default() -> Self {
        GilLock {
            state: Mutex::new(GilState::default()),
            drop_request: AtomicBool::new(false),
            interval_us: AtomicU64::new(DEFAULT_SWITCH_INTERVAL.as_micros() as u64),
        }
    }
}

/// How long a thread waited for the GIL, for statistics.
pub struct Acquired {
    /// Time spent waiting.
    pub waited: Duration,
}

impl GilLock {
    /// Take the GIL for thread `id`, blocking until it is handed over, and
    /// return the token. `urgent` queues at the front and asks the holder to
    /// yield at once (a thread coming back from a blocking call).
    /// `breaker` is raised along with the drop request.
    pub fn acquire_for(&self, id: u64, urgent: bool, breaker: &AtomicBool) -> (Gil, Acquired) {
        let start = Instant::now();
        let mut st = self.state.lock();
        if st.holder.is_none() && st.queue.is_empty() {
            st.holder = Some(id);
            st.switch_number += 1;
            return (Gil { _not_send: PhantomData }, Acquired { waited: Duration::ZERO });
        }
        let me = Waiter { id, thread: std::thread::current() };
        if urgent {
            st.queue.push_front(me);
            self.request_drop(breaker);
        } else {
            st.queue.push_back(me);
        }
        // Someone may have released between our check and our queueing.
        if st.holder.is_none() {
            self.hand_over(&mut st);
        }
        let mut seen_switch = st.switch_number;
        while st.holder != Some(id) {
            drop(st);
            std::thread::park_timeout(self.interval());
            st = self.state.lock();
            if st.holder == Some(id) {
                break;
            }
            let first = st.queue.front().map(|w| w.id) == Some(id);
            if first && st.switch_number == seen_switch {
                self.request_drop(breaker);
            }
            seen_switch = st.switch_number;
        }
        (Gil { _not_send: PhantomData }, Acquired { waited: start.elapsed() })
    }

    /// Take the GIL for a thread without statistics (the embedding API).
    pub fn acquire(&self) -> Gil {
        let never = AtomicBool::new(false);
        self.acquire_for(0, false, &never).0
    }

    fn request_drop(&self, breaker: &AtomicBool) {
        self.drop_request.store(true, Ordering::SeqCst);
        breaker.store(true, Ordering::SeqCst);
    }

    /// Give the GIL to the first waiter, if any.
    fn hand_over(&self, st: &mut GilState) {
        match st.queue.pop_front() {
            Some(next) => {
                st.holder = Some(next.id);
                st.switch_number += 1;
                next.thread.unpark();
            }
            None => st.holder = None,
        }
    }

    /// Give the GIL back; the token is consumed.
    pub fn release(&self, gil: Gil) {
        drop(gil);
        self.unlock();
    }

    /// Release the GIL without consuming the token (see `Vm::allow_threads`).
    pub(crate) fn unlock(&self) {
        let mut st = self.state.lock();
        self.hand_over(&mut st);
    }

    /// Are other threads waiting for the GIL?
    pub fn has_waiters(&self) -> bool {
        !self.state.lock().queue.is_empty()
    }

    /// Was a drop requested? Clears the request.
    pub fn take_drop_request(&self) -> bool {
        self.drop_request.swap(false, Ordering::SeqCst)
    }

    /// The switch interval.
    pub fn interval(&self) -> Duration {
        Duration::from_micros(self.interval_us.load(Ordering::Relaxed).max(1))
    }

    /// Set the switch interval (`sys.setswitchinterval`).
    pub fn set_interval(&self, d: Duration) {
        self.interval_us.store(d.as_micros().max(1) as u64, Ordering::Relaxed);
    }

    /// Yield to the first waiter: hand the GIL over and queue at the back.
    /// Returns false (and keeps the GIL) when nobody waits.
    pub(crate) fn yield_to_waiter(&self, id: u64, breaker: &AtomicBool) -> bool {
        {
            let mut st = self.state.lock();
            if st.queue.is_empty() {
                return false;
            }
            self.hand_over(&mut st);
        }
        let (gil, _) = self.acquire_for(id, false, breaker);
        std::mem::forget(gil);
        true
    }

    /// Re-take the GIL after `unlock` for the thread `id`.
    pub(crate) fn relock(&self, id: u64, breaker: &AtomicBool) -> Duration {
        let (gil, acq) = self.acquire_for(id, true, breaker);
        std::mem::forget(gil);
        acq.waited
    }
}
