//! `dict` and `set` storage: insertion-ordered hash tables keyed by values
//! whose hash the VM computed beforehand.
//!
//! Hashing may call `__hash__` written in conc, which needs the VM, so keys
//! arrive here already hashed as [`HashKey`]s. Key equality is decided
//! natively: numbers by value (`1 == 1.0 == True`, as Python), strings,
//! bytes and tuples by content, everything else by identity. (A user class
//! that defines `__eq__` and `__hash__` therefore finds its keys by identity
//! only: a known limitation.)

use std::hash::{BuildHasherDefault, Hash, Hasher};

use indexmap::{IndexMap, IndexSet};

use super::object::{hash_str, Object};
use super::value::Value;

/// A value with its precomputed hash.
#[derive(Clone)]
pub struct HashKey {
    /// `hash(value)`.
    pub hash: i64,
    /// The key itself.
    pub value: Value,
}

impl HashKey {
    /// A key for a string (no VM needed).
    pub fn str(s: &str) -> HashKey {
        HashKey {
            hash: hash_str(s),
            value: Value::str(s),
        }
    }
}

impl Hash for HashKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl PartialEq for HashKey {
    fn eq(&self, other: &HashKey) -> bool {
        self.hash == other.hash && key_eq(&self.value, &other.value)
    }
}

impl Eq for HashKey {}

/// Equality of two hashable values, decided without running conc code.
pub fn key_eq(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (None, None) => true,
        (Int(x), Int(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Int(x), Bool(y)) | (Bool(y), Int(x)) => *x == *y as i64,
        (Float(x), Float(y)) => x == y || (x.is_nan() && y.is_nan() && x.to_bits() == y.to_bits()),
        (Int(x), Float(y)) | (Float(y), Int(x)) => (*x as f64) == *y && (*y as i64) == *x,
        (Bool(x), Float(y)) | (Float(y), Bool(x)) => (*x as i64 as f64) == *y,
        (Obj(x), Obj(y)) => {
            if crate::vm::Obj::ptr_eq(x, y) {
                return true;
            }
            match (&**x, &**y) {
                (Object::Str(s), Object::Str(t)) => s.as_str() == t.as_str(),
                (Object::BigInt(s), Object::BigInt(t)) => s == t,
                (Object::Bytes(s), Object::Bytes(t)) => s == t,
                (Object::Tuple(s), Object::Tuple(t)) => {
                    s.len() == t.len() && s.iter().zip(t.iter()).all(|(p, q)| key_eq(p, q))
                }
                (Object::FrozenSet(s), Object::FrozenSet(t)) => {
                    s.len() == t.len() && s.iter().all(|k| t.contains(k))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Looks up a string key without allocating a `Value`.
struct StrProbe<'a> {
    hash: i64,
    text: &'a str,
}

impl Hash for StrProbe<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.hash);
    }
}

impl indexmap::Equivalent<HashKey> for StrProbe<'_> {
    fn equivalent(&self, key: &HashKey) -> bool {
        self.hash == key.hash && key.value.as_str() == Some(self.text)
    }
}

/// Hashes are computed beforehand; the table just uses them.
#[derive(Default)]
pub struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_i64(&mut self, i: i64) {
        // Spread small integers over the table's buckets.
        self.0 = (i as u64).wrapping_mul(0x9E3779B97F4A7C15);
    }
}

type Build = BuildHasherDefault<PrehashedHasher>;

/// An insertion-ordered mapping.
#[derive(Default, Clone)]
pub struct Dict {
    map: IndexMap<HashKey, Value, Build>,
    /// Bumped by every change, so lookups can be cached (`LoadGlobal`).
    version: u64,
    /// One bit per key ever inserted (bit `hash % 64`; cleared only by
    /// `clear`): a clear bit proves a key absent without probing the table,
    /// which is what a method call asks of an instance dict.
    key_bits: u64,
}

/// The `key_bits` bit of a hash (instance shapes keep the same bits).
#[inline(always)]
pub(crate) fn key_bit(hash: i64) -> u64 {
    1 << (hash as u64 & 63)
}

impl Dict {
    /// An empty dict.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Look up a key.
    #[inline]
    pub fn get(&self, key: &HashKey) -> Option<&Value> {
        if self.key_bits & key_bit(key.hash) == 0 {
            return None;
        }
        self.map.get(key)
    }

    /// Look up a string key.
    #[inline]
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        self.map.get(&StrProbe {
            hash: hash_str(key),
            text: key,
        })
    }

    /// The version number: it changes whenever the dict changes.
    #[inline]
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Insert or replace; returns the old value.
    #[inline]
    pub fn insert(&mut self, key: HashKey, value: Value) -> Option<Value> {
        self.version += 1;
        self.key_bits |= key_bit(key.hash);
        self.map.insert(key, value)
    }

    /// Insert with a string key.
    pub fn insert_str(&mut self, key: &str, value: Value) {
        self.version += 1;
        let key = HashKey::str(key);
        self.key_bits |= key_bit(key.hash);
        self.map.insert(key, value);
    }

    /// Remove a key, keeping the order of the others.
    pub fn remove(&mut self, key: &HashKey) -> Option<Value> {
        self.version += 1;
        self.map.shift_remove(key)
    }

    /// Remove a string key.
    pub fn remove_str(&mut self, key: &str) -> Option<Value> {
        self.version += 1;
        self.map.shift_remove(&StrProbe {
            hash: hash_str(key),
            text: key,
        })
    }

    /// Does the key exist?
    pub fn contains(&self, key: &HashKey) -> bool {
        self.key_bits & key_bit(key.hash) != 0 && self.map.contains_key(key)
    }

    /// Remove everything.
    pub fn clear(&mut self) {
        self.version += 1;
        self.key_bits = 0;
        self.map.clear()
    }

    /// Items in order.
    pub fn iter(&self) -> impl Iterator<Item = (&HashKey, &Value)> {
        self.map.iter()
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &HashKey> {
        self.map.keys()
    }

    /// Values in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.map.values()
    }

    /// The item at position `i`.
    pub fn get_index(&self, i: usize) -> Option<(&HashKey, &Value)> {
        self.map.get_index(i)
    }

    /// Look up a key and say where it is (for inline caches).
    #[inline]
    pub fn get_full(&self, key: &HashKey) -> Option<(usize, &Value)> {
        self.map.get_full(key).map(|(i, _, v)| (i, v))
    }

    /// Remove and return the last item (`popitem`).
    pub fn pop_last(&mut self) -> Option<(HashKey, Value)> {
        self.version += 1;
        self.map.pop()
    }

    /// Mutable access to a value.
    pub fn get_mut(&mut self, key: &HashKey) -> Option<&mut Value> {
        self.version += 1;
        self.map.get_mut(key)
    }
}

/// The storage of `set` and `frozenset`.
#[derive(Default, Clone)]
pub struct SetData {
    set: IndexSet<HashKey, Build>,
}

impl SetData {
    /// An empty set.
    pub fn new() -> SetData {
        SetData::default()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// Membership.
    pub fn contains(&self, key: &HashKey) -> bool {
        self.set.contains(key)
    }

    /// Add; true if it was new.
    pub fn insert(&mut self, key: HashKey) -> bool {
        self.set.insert(key)
    }

    /// Remove; true if it was there.
    pub fn remove(&mut self, key: &HashKey) -> bool {
        self.set.shift_remove(key)
    }

    /// Remove and return an arbitrary (the last) item.
    pub fn pop(&mut self) -> Option<HashKey> {
        self.set.pop()
    }

    /// Remove everything.
    pub fn clear(&mut self) {
        self.set.clear()
    }

    /// Items in order.
    pub fn iter(&self) -> impl Iterator<Item = &HashKey> {
        self.set.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_bits_never_hide_a_present_key() {
        let mut d = Dict::new();
        let keys: Vec<HashKey> = (0..200).map(|i| HashKey::str(&format!("k{i}"))).collect();
        for (i, k) in keys.iter().enumerate().step_by(2) {
            d.insert(k.clone(), Value::Int(i as i64));
        }
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(d.contains(k), i % 2 == 0, "{i}");
            assert_eq!(d.get(k).is_some(), i % 2 == 0, "{i}");
        }
        d.remove(&keys[0]);
        assert!(!d.contains(&keys[0]) && d.contains(&keys[2]));
        d.clear();
        assert!(!d.contains(&keys[2]));
        d.insert_str("k2", Value::None);
        assert!(d.contains(&keys[2]));
        // Equal keys of different types share a hash, hence a bit: 1 == 1.0 == True.
        d.insert(
            HashKey {
                hash: 1,
                value: Value::Int(1),
            },
            Value::None,
        );
        assert!(d.contains(&HashKey {
            hash: 1,
            value: Value::Float(1.0)
        }));
    }
}
