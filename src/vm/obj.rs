//! [`GilRc`]: a counted reference whose count is a plain integer guarded by
//! the GIL; [`Obj`], a reference to a heap object, and the code of running
//! frames are such references.
//!
//! # Why not `Arc`
//!
//! Every push of a local, every call and every generator switch takes or
//! drops a reference. With `Arc` each of those is a `lock`-prefixed
//! instruction, which drains the store buffer: measured with `perf`, the
//! instructions right after them held 17% (fib) to 42% (generator `send`) of
//! all samples. CPython's `Py_INCREF` is a plain add, and it can be, because
//! the GIL already orders every access to an object. conc follows it.
//!
//! # The rule
//!
//! **An `Obj` is cloned or dropped only by the thread that holds the GIL of
//! the interpreter it belongs to** (or by the only thread that can reach it,
//! before an interpreter's first thread starts and after its last one ends).
//! The GIL's hand-off is a mutex hand-off, so it orders the plain counter
//! updates of successive holders exactly as it orders their reads and writes
//! of object state. The places where a thread runs without the GIL are few
//! and keep to the rule:
//! - `Vm::allow_threads` and `Vm::block_on` run Rust code that is given
//!   no values (wait targets are keys, reports carry `bytecode::Code`, which
//!   holds no values);
//! - a thread state gives back its values before it releases the GIL for
//!   good (`Vm::detach`, `Vm::suspend`, the end of a conc thread);
//! - an `Interpreter` takes the GIL to drop what it holds.
//!
//! Debug builds check the rule: a thread that has released the GIL and
//! touches a reference count panics (see [`gil_state`]).

use std::ops::Deref;
use std::rc::{Rc, Weak};

use super::object::Object;

/// A reference counted under the GIL (see the module doc for the rule).
#[repr(transparent)]
pub struct GilRc<T>(Rc<T>);

/// A reference-counted heap object.
pub type Obj = GilRc<Object>;

// SAFETY: the count and the value are only touched by the thread holding
// the interpreter's GIL (the module doc lists how the code keeps to it;
// debug builds check it), and the GIL hand-off orders successive holders.
unsafe impl<T: Send + Sync> Send for GilRc<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Sync for GilRc<T> {}

impl<T> GilRc<T> {
    /// Move a value to the heap.
    #[inline]
    pub fn new(v: T) -> GilRc<T> {
        GilRc(Rc::new(v))
    }

    /// Are both the same allocation?
    #[inline(always)]
    pub fn ptr_eq(a: &GilRc<T>, b: &GilRc<T>) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }

    /// The value's address (identity, `id()`).
    #[inline(always)]
    pub fn as_ptr(o: &GilRc<T>) -> *const T {
        Rc::as_ptr(&o.0)
    }

    /// The reference as one word (its pointer), for `Value`'s word-wise
    /// stores: the caller owns the reference the word stands for.
    #[inline(always)]
    pub(crate) fn into_raw_word(o: GilRc<T>) -> u64 {
        // SAFETY: `GilRc` is a transparent `Rc`, which is one non-null
        // pointer; the reference is kept, not dropped.
        unsafe { std::mem::transmute::<GilRc<T>, usize>(o) as u64 }
    }

    /// A reference that does not keep the value alive.
    pub fn downgrade(o: &GilRc<T>) -> GilWeak<T> {
        gil_state::check();
        GilWeak(Rc::downgrade(&o.0))
    }
}

impl<T> Clone for GilRc<T> {
    #[inline(always)]
    fn clone(&self) -> GilRc<T> {
        gil_state::check();
        GilRc(Rc::clone(&self.0))
    }
}

#[cfg(debug_assertions)]
impl<T> Drop for GilRc<T> {
    fn drop(&mut self) {
        gil_state::check();
    }
}

impl<T> Deref for GilRc<T> {
    type Target = T;
    #[inline(always)]
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A reference that does not keep its value alive (`Rc`'s `Weak`, under the
/// same rule as [`GilRc`]).
pub struct GilWeak<T>(Weak<T>);

/// A weak reference to a heap object.
pub type WeakObj = GilWeak<Object>;

// SAFETY: as for `GilRc`.
unsafe impl<T: Send + Sync> Send for GilWeak<T> {}
// SAFETY: as for `GilRc`.
unsafe impl<T: Send + Sync> Sync for GilWeak<T> {}

impl<T> GilWeak<T> {
    /// The value, if it is still alive.
    pub fn upgrade(&self) -> Option<GilRc<T>> {
        gil_state::check();
        self.0.upgrade().map(GilRc)
    }

    /// Is the value still alive?
    pub fn is_alive(&self) -> bool {
        self.0.strong_count() > 0
    }
}

/// Which threads may touch reference counts, tracked per OS thread in debug
/// builds (a no-op in release builds).
pub mod gil_state {
    #[cfg(debug_assertions)]
    thread_local! {
        /// Set while this thread has released the GIL it held.
        static RELEASED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// This thread now holds the GIL.
    #[inline(always)]
    pub fn acquired() {
        #[cfg(debug_assertions)]
        RELEASED.with(|r| r.set(false));
    }

    /// This thread has released the GIL: it must not touch a count until
    /// it takes the GIL again.
    #[inline(always)]
    pub fn released() {
        #[cfg(debug_assertions)]
        RELEASED.with(|r| r.set(true));
    }

    /// Panic (debug builds) if this thread touches a count without the GIL.
    #[inline(always)]
    pub fn check() {
        #[cfg(debug_assertions)]
        RELEASED.with(|r| {
            assert!(
                !r.get(),
                "a reference count touched without the GIL (see vm/obj.rs)"
            )
        });
    }
}
