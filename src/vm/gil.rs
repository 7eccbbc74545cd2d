//! The global interpreter lock, and the cells it guards.
//!
//! # Protocol
//!
//! One GIL per interpreter. An OS thread may run bytecode or touch object
//! state only while it holds the GIL; holding it is proven by a [`Gil`]
//! token, a zero-sized `!Send` value that only the scheduler grants.
//! Object state lives in [`GilCell`]s, which lend their contents only against
//! a `&Gil`. A thread about to block (sleep, lock, queue, join, I/O) calls
//! `Vm::allow_threads`, which takes the token by `&mut` for the duration, so
//! nothing inside the blocking closure can read an object.
//!
//! Who holds the GIL, the hand-off policy and every wait live in the
//! scheduler (`sched.rs`); this file holds the token and the cells.

use std::cell::{Ref, RefCell, RefMut};
use std::marker::PhantomData;

/// Proof that the current thread holds the GIL. Zero-sized, neither `Send`
/// nor `Sync`, and only made when the scheduler grants the GIL.
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

impl Gil {
    /// The token for a thread the scheduler has just given the GIL to.
    pub(crate) fn granted() -> Gil {
        Gil {
            _not_send: PhantomData,
        }
    }
}
