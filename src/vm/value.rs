//! Runtime values.
//!
//! # Representation
//!
//! A [`Value`] is 16 bytes: a tag and a payload. `None`, booleans, integers
//! that fit in an `i64` and floats are stored inline, so arithmetic on them
//! allocates nothing and touches no reference count. Everything else is an
//! [`Obj`], an `Arc<Object>`: strings, big integers, containers, functions,
//! classes, instances, generators...
//!
//! # Sharing and the GIL
//!
//! Objects are shared between the OS threads of one interpreter, so the
//! reference count is atomic (`Arc`) and `Object` is `Send + Sync`. Immutable
//! objects (str, tuple, int, code) are plain data. The state of mutable ones
//! lives in a [`GilCell`](super::gil::GilCell), which can only be borrowed
//! with a [`Gil`](super::gil::Gil) token in hand: the token exists only on
//! the thread that holds the GIL, and is mutably borrowed while the GIL is
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

use std::sync::Arc;

use super::object::Object;

/// A reference-counted heap object.
pub type Obj = Arc<Object>;

/// A conc value.
#[derive(Clone)]
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A float.
    Float(f64),
    /// Anything else.
    Obj(Obj),
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

    /// Identity (`is`): same inline value, or the same object.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Obj(a), Value::Obj(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// A stable identity number (`id()`): the address for objects.
    pub fn id(&self) -> i64 {
        match self {
            Value::Obj(o) => Arc::as_ptr(o) as *const u8 as i64,
            Value::None => 0x9000,
            Value::Bool(b) => 0x9010 + *b as i64,
            Value::Int(i) => i.wrapping_mul(2).wrapping_add(1),
            Value::Float(f) => f.to_bits() as i64,
        }
    }

    /// A string value from Rust text.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Obj(Arc::new(Object::Str(super::object::Str::new(s.into()))))
    }

    /// Wrap an object.
    pub fn from_obj(o: Object) -> Value {
        Value::Obj(Arc::new(o))
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
}
