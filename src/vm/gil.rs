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
//! The switch policy (every N instructions, or every T seconds with a drop
//! request from a waiting thread, as CPython's `ceval_gil.c`) and the fair
//! FIFO hand-off live in `concurrency/`; this file holds the lock itself.

use std::cell::{Ref, RefCell, RefMut};
use std::marker::PhantomData;

use parking_lot::{Condvar, Mutex};

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

/// Who holds the GIL, and how many threads wait for it.
#[derive(Default)]
struct GilState {
    held: bool,
    /// Incremented at every hand-over: a waiter whose timed wait expires with
    /// the same number asks the holder to drop the GIL (CPython's rule).
    switch_number: u64,
    waiters: usize,
}

/// The lock itself: a flag under a mutex, and a condition variable to wait on.
#[derive(Default)]
pub struct GilLock {
    state: Mutex<GilState>,
    released: Condvar,
}

impl GilLock {
    /// Take the GIL, blocking until it is free, and return the token.
    pub fn acquire(&self) -> Gil {
        let mut st = self.state.lock();
        st.waiters += 1;
        while st.held {
            self.released.wait(&mut st);
        }
        st.waiters -= 1;
        st.held = true;
        st.switch_number += 1;
        Gil { _not_send: PhantomData }
    }

    /// Give the GIL back; the token is consumed.
    pub fn release(&self, gil: Gil) {
        drop(gil);
        self.unlock();
    }

    /// Take the GIL again for a thread whose token was kept (unusable)
    /// across a blocking call.
    pub(crate) fn relock(&self) {
        std::mem::forget(self.acquire());
    }

    /// Release the GIL without consuming the token (see `Vm::allow_threads`).
    pub(crate) fn unlock(&self) {
        let mut st = self.state.lock();
        st.held = false;
        drop(st);
        self.released.notify_one();
    }

    /// Are other threads waiting for the GIL?
    pub fn has_waiters(&self) -> bool {
        self.state.lock().waiters > 0
    }
}
