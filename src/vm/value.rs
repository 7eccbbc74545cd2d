//! Runtime values.
//!
//! # Representation
//!
//! A [`Value`] is 16 bytes: a tag and a payload. `None`, booleans, integers
//! that fit in an `i64` and floats are stored inline, so arithmetic on them
//! allocates nothing and touches no reference count. Everything else is an
//! [`Obj`], a counted reference to an `Object`: strings, big integers, containers, functions,
//! classes, instances, generators...
//!
//! # Sharing and the GIL
//!
//! Objects are shared between the OS threads of one interpreter. Their
//! reference counts are plain integers that only the thread holding the GIL
//! touches ([`Obj`] is a `GilRc`, see `obj.rs` for the rule and how it is
//! kept), as CPython's are. Immutable objects (str, tuple, int, code) are
//! plain data. The state of mutable ones lives in a
//! [`GilCell`](super::gil::GilCell), which can only be borrowed with a
//! [`Gil`](super::gil::Gil) token in hand: the token exists only on the
//! thread that holds the GIL, and is mutably borrowed while the GIL is
//! released around a blocking call, so the type system keeps code that
//! released the GIL from touching object state. This is exactly CPython's
//! rule ("the GIL protects every object"), and it is what lets an
//! unprotected `counter += 1` from two threads lose updates without ever
//! corrupting memory.
//!
//! # Integers
//!
//! Python integers are unbounded: the fast path is `Value::Int(i64)`, and an
//! operation that overflows produces an `Object::BigInt`. A big integer that
//! fits back into an i64 is always normalised to `Value::Int`, so equality
//! and hashing never need to compare the two forms.
//!
//! # Cycles
//!
//! Reference counting frees almost everything promptly. Reference cycles
//! (a list containing itself, a frame and a generator pointing at each other)
//! leak; there is no cycle collector yet.

pub use super::obj::Obj;
use super::object::Object;

/// A conc value.
///
/// The tag is a full word: with a byte-wide tag the seven bytes after it
/// are padding that LLVM copies piecewise, and the loop stalls on store
/// forwarding whenever a value moves (measured: ~25% of `execute`).
#[repr(u64)]
pub enum Value {
    /// `None`.
    None = 0,
    /// `True` / `False`.
    Bool(bool) = 1,
    /// An integer that fits in 64 bits.
    Int(i64) = INT_TAG,
    /// A float.
    Float(f64) = FLOAT_TAG,
    /// Anything else.
    Obj(Obj) = OBJ_TAG,
}

/// The tag word of `Value::Int`.
const INT_TAG: u64 = 2;
/// The tag word of `Value::Float`.
const FLOAT_TAG: u64 = 3;

/// Write a value's two words with one 16-byte store, so that a later
/// 16-byte copy of it is forwarded from the store instead of stalling.
///
/// # Safety
/// `dst` must be valid for writes and `tag`/`payload` must form a valid
/// `Value` (`repr(u64)`: the tag word, then the variant's field).
#[inline(always)]
unsafe fn write_words(dst: *mut Value, tag: u64, payload: u64) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{__m128i, _mm_set_epi64x, _mm_storeu_si128};
        _mm_storeu_si128(
            dst as *mut __m128i,
            _mm_set_epi64x(payload as i64, tag as i64),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let w = dst as *mut u64;
        w.write(tag);
        w.add(1).write(payload);
    }
}

/// The tag word of `Value::Obj`.
const OBJ_TAG: u64 = 4;

/// A value as its two words (tag, payload), taking over its reference.
/// Read field by field, so a value that was stored as two words (a
/// function's result, a temporary) is never reloaded with one 16-byte
/// load, which cannot be forwarded from two 8-byte stores and stalls.
#[inline(always)]
fn into_words(v: Value) -> (u64, u64) {
    match v {
        Value::None => (0, 0),
        Value::Bool(b) => (1, b as u64),
        Value::Int(i) => (INT_TAG, i as u64),
        Value::Float(f) => (FLOAT_TAG, f.to_bits()),
        Value::Obj(o) => (OBJ_TAG, Obj::into_raw_word(o)),
    }
}

/// Push a value onto a value stack with one 16-byte store (see `write_words`).
#[inline(always)]
pub fn push_value(stack: &mut Vec<Value>, v: Value) {
    let (tag, payload) = into_words(v);
    stack.reserve(1);
    let n = stack.len();
    // SAFETY: capacity for one more was reserved; the words are a value
    // whose reference (if any) now belongs to the slot.
    unsafe {
        write_words(stack.as_mut_ptr().add(n), tag, payload);
        stack.set_len(n + 1);
    }
}

/// Push a copy of `v` (a local, a constant, a global) with one 16-byte
/// copy, never splitting it into words on the way.
#[inline(always)]
pub fn push_clone(stack: &mut Vec<Value>, v: &Value) {
    if let Value::Obj(o) = v {
        std::mem::forget(o.clone());
    }
    stack.reserve(1);
    let n = stack.len();
    // SAFETY: capacity was reserved; the copy owns the reference counted above.
    unsafe {
        std::ptr::copy_nonoverlapping(v, stack.as_mut_ptr().add(n), 1);
        stack.set_len(n + 1);
    }
}

/// Overwrite `slot` with `v` with one 16-byte store (see `write_words`).
#[inline(always)]
pub fn set_value(slot: &mut Value, v: Value) {
    let (tag, payload) = into_words(v);
    let old = std::mem::replace(slot, Value::None);
    // SAFETY: `slot` owns nothing now; the words are a value whose
    // reference (if any) now belongs to the slot.
    unsafe { write_words(slot, tag, payload) }
    drop(old);
}

impl Clone for Value {
    /// A copy of all 16 bytes at once (after counting the new reference to
    /// an object). The derived clone writes the tag byte and the payload
    /// separately, and the 16-byte load that copies the clone onward then
    /// stalls on store forwarding: measurably slower in the loop.
    #[inline(always)]
    fn clone(&self) -> Value {
        if let Value::Obj(o) = self {
            std::mem::forget(o.clone());
        }
        // SAFETY: the bits of a value are a valid value; for `Obj` the
        // reference taken above is the one the copy owns.
        unsafe { std::ptr::read(self) }
    }
}

impl Value {
    /// The object, if this is a heap value.
    #[inline]
    pub fn as_obj(&self) -> Option<&Obj> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// Is this `None`?
    #[inline]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Are both the very same object? (All it takes to match an interned name.)
    #[inline(always)]
    pub fn is_same_object(&self, other: &Value) -> bool {
        matches!((self, other), (Value::Obj(a), Value::Obj(b)) if Obj::ptr_eq(a, b))
    }

    /// Identity (`is`): same inline value, or the same object.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => Obj::ptr_eq(a, b),
            _ => false,
        }
    }

    /// A stable identity number (`id()`): the address for objects.
    pub fn id(&self) -> i64 {
        match self {
            Value::Obj(o) => Obj::as_ptr(o) as *const u8 as i64,
            Value::None => 0x9000,
            Value::Bool(b) => 0x9010 + *b as i64,
            Value::Int(i) => i.wrapping_mul(2).wrapping_add(1),
            Value::Float(f) => f.to_bits() as i64,
        }
    }

    /// A string value from Rust text.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Obj(Obj::new(Object::Str(super::object::Str::new(s.into()))))
    }

    /// Wrap an object.
    pub fn from_obj(o: Object) -> Value {
        Value::Obj(Obj::new(o))
    }

    /// The text of a `str` value.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Obj(o) => match &**o {
                Object::Str(s) => Some(s.as_str()),
                _ => None,
            },
            _ => None,
        }
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::None => write!(f, "None"),
            Value::Bool(b) => write!(f, "{}", if *b { "True" } else { "False" }),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x:?}"),
            Value::Obj(o) => write!(f, "<{}>", o.kind_name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_two_words() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
    }

    #[test]
    fn one_store_writes_make_the_same_values() {
        let mut stack = vec![Value::str("x")];
        push_value(&mut stack, Value::Int(-7));
        push_value(&mut stack, Value::Float(2.5));
        push_value(&mut stack, Value::Bool(true));
        assert!(matches!(stack[1], Value::Int(-7)));
        assert!(matches!(stack[2], Value::Float(f) if f == 2.5));
        assert!(matches!(stack[3], Value::Bool(true)));
        set_value(&mut stack[0], Value::Int(1 << 40));
        assert!(matches!(stack[0], Value::Int(i) if i == 1 << 40));
        set_value(&mut stack[1], Value::str("y"));
        assert_eq!(stack[1].as_str(), Some("y"));
    }
}
