//! Instance attributes laid out by shape ("hidden classes").
//!
//! Most objects of a class get the same attributes in the same order (the
//! assignments of `__init__`). Instead of a dict per object, an instance
//! keeps a bare vector of values and a pointer to a shared [`Shape`], the
//! list of names in slot order. Shapes form a tree: adding a name to an
//! object moves it to the child shape for that name, so objects built the
//! same way share one shape. An inline cache then needs one pointer
//! comparison (the shape) to know where an attribute lives, and an object
//! costs a vector of values rather than a hash table.
//!
//! An instance falls back to a real dict for good when `__dict__` is asked
//! for (so the dict can alias the object's attributes, as in Python), when an
//! attribute is deleted, or when its shape would grow past [`MAX_SLOTS`].
//!
//! Each class has its own tree (`Class::shapes`), so a shape also tells the
//! class of its instances: an inline cache that matches the shape needs no
//! class check. The tree holds its children and the class holds the root,
//! so a shape lives as long as its class (and as its instances, which hold
//! their shape and their class). A dead class's shapes may leave addresses
//! for new shapes to reuse; the class's death starts a new class epoch
//! (`object::RetireClass`), and every cache entry is only good for its epoch.

use super::dict::{key_bit, Dict, HashKey};
use super::gil::{Gil, GilCell};
use super::obj::GilRc;
use super::object::{Instance, Object};
use super::value::{Obj, Value};

/// Beyond this many attributes an instance uses a dict.
pub const MAX_SLOTS: usize = 48;

/// Beyond this many children a shape sends new names to a dict (objects
/// given ever new attribute names, e.g. `setattr(o, f"a{i}", ...)`, would
/// otherwise grow the tree without bound).
const MAX_TRANSITIONS: usize = 64;

/// The names of an instance's attributes, in slot order.
pub struct Shape {
    /// The names; `values[i]` of an instance of this shape belongs to `keys[i]`.
    keys: Box<[HashKey]>,
    /// One bit per key (`hash % 64`): a clear bit proves a name absent.
    key_bits: u64,
    /// Shapes with one more name, each identified by its last key.
    children: GilCell<Vec<GilRc<Shape>>>,
}

impl Shape {
    /// The shape without names (the root of the tree).
    pub fn root() -> Shape {
        Shape {
            keys: Box::new([]),
            key_bits: 0,
            children: GilCell::new(Vec::new()),
        }
    }

    /// The slot of `name`: an identity match first (names in code are
    /// interned), then by value.
    #[inline]
    pub fn index_of(&self, name: &HashKey) -> Option<usize> {
        if self.key_bits & key_bit(name.hash) == 0 {
            return None;
        }
        self.keys
            .iter()
            .position(|k| k.value.is_same_object(&name.value))
            .or_else(|| self.keys.iter().position(|k| k == name))
    }

    /// The shape with `name` added, made on first use; `None` when the
    /// object should use a dict instead.
    fn child(&self, gil: &Gil, name: &HashKey) -> Option<GilRc<Shape>> {
        if self.keys.len() >= MAX_SLOTS {
            return None;
        }
        let mut children = self.children.borrow_mut(gil);
        // As `index_of`: the interned name itself first, then an equal one.
        let same = |s: &&GilRc<Shape>| {
            s.keys
                .last()
                .is_some_and(|k| k.value.is_same_object(&name.value))
        };
        let equal = |s: &&GilRc<Shape>| s.keys.last() == Some(name);
        if let Some(c) = children
            .iter()
            .find(same)
            .or_else(|| children.iter().find(equal))
        {
            return Some(c.clone());
        }
        if children.len() >= MAX_TRANSITIONS {
            return None;
        }
        let mut keys = self.keys.to_vec();
        keys.push(name.clone());
        let child = GilRc::new(Shape {
            keys: keys.into_boxed_slice(),
            key_bits: self.key_bits | key_bit(name.hash),
            children: GilCell::new(Vec::new()),
        });
        children.push(child.clone());
        Some(child)
    }
}

/// Where an instance keeps its attributes: `values` laid out by `shape`,
/// or, in dict mode, the dict object `dict`.
///
/// A struct rather than an enum so that the inline caches' test is one
/// load: `shape` is a nullable pointer, null (no names yet, or dict mode)
/// never matching a cache.
#[derive(Default)]
pub struct Attrs {
    /// The layout (`None`: no names yet, or dict mode).
    shape: Option<GilRc<Shape>>,
    /// The values, one per name of the shape (empty in dict mode).
    values: Vec<Value>,
    /// Dict mode: the attributes live in this `Object::Dict`, which
    /// `obj.__dict__` returns.
    dict: Option<Obj>,
}

impl Attrs {
    /// Attributes that live in `dict` (an `Object::Dict`).
    pub fn with_dict(dict: Obj) -> Attrs {
        Attrs {
            shape: None,
            values: Vec::new(),
            dict: Some(dict),
        }
    }

    /// The address of the shape, for inline caches (0: no names yet, or
    /// dict mode).
    #[inline(always)]
    pub fn shape_id(&self) -> usize {
        self.shape.as_ref().map_or(0, |s| GilRc::as_ptr(s) as usize)
    }

    /// The value in slot `i` (shaped mode only).
    #[inline(always)]
    pub fn slot(&self, i: usize) -> Option<&Value> {
        self.values.get(i)
    }

    /// The value in slot `i`, mutable (shaped mode only).
    #[inline(always)]
    pub fn slot_mut(&mut self, i: usize) -> Option<&mut Value> {
        self.values.get_mut(i)
    }

    /// `name`'s value, and its slot when shaped.
    #[inline]
    pub fn get_with_slot(&self, gil: &Gil, name: &HashKey) -> Option<(Value, Option<usize>)> {
        if let Some(d) = &self.dict {
            return dict_of(d).borrow(gil).get(name).map(|v| (v.clone(), None));
        }
        let i = self.shape.as_ref()?.index_of(name)?;
        Some((self.values[i].clone(), Some(i)))
    }

    /// `name`'s value.
    #[inline]
    pub fn get(&self, gil: &Gil, name: &HashKey) -> Option<Value> {
        self.get_with_slot(gil, name).map(|(v, _)| v)
    }

    /// Is there an attribute `name`?
    #[inline]
    pub fn contains(&self, gil: &Gil, name: &HashKey) -> bool {
        match &self.dict {
            Some(d) => dict_of(d).borrow(gil).contains(name),
            None => self
                .shape
                .as_ref()
                .is_some_and(|s| s.index_of(name).is_some()),
        }
    }

    /// Set `name`; returns the slot it went to when shaped, and the old
    /// value (to be dropped by the caller once no borrow is held). `root`
    /// is the shape tree of the instance's class (`None`: use a dict).
    pub fn set(
        &mut self,
        gil: &Gil,
        root: Option<&GilRc<Shape>>,
        name: &HashKey,
        value: Value,
    ) -> (Option<usize>, Option<Value>) {
        if self.dict.is_none() {
            if let Some(from) = self.shape.as_ref().or(root) {
                if let Some(i) = from.index_of(name) {
                    return (Some(i), Some(std::mem::replace(&mut self.values[i], value)));
                }
                if let Some(child) = from.child(gil, name) {
                    self.shape = Some(child);
                    self.values.push(value);
                    return (Some(self.values.len() - 1), None);
                }
            }
        }
        let d = self.dict(gil);
        let old = dict_of(&d).borrow_mut(gil).insert(name.clone(), value);
        (None, old)
    }

    /// Remove `name`, returning its value. The attributes move to a dict
    /// first: a shape only ever grows.
    pub fn remove(&mut self, gil: &Gil, name: &HashKey) -> Option<Value> {
        if !self.contains(gil, name) {
            return None;
        }
        let d = self.dict(gil);
        let old = dict_of(&d).borrow_mut(gil).remove(name);
        old
    }

    /// The attributes as a dict object (`obj.__dict__`), made on first
    /// request; from then on the instance lives in that dict.
    pub fn dict(&mut self, _gil: &Gil) -> Obj {
        if let Some(d) = &self.dict {
            return d.clone();
        }
        let mut d = Dict::new();
        if let Some(s) = self.shape.take() {
            for (k, v) in s.keys.iter().zip(self.values.drain(..)) {
                d.insert(k.clone(), v);
            }
        }
        self.values = Vec::new();
        let d = Obj::new(Object::Dict(GilCell::new(d)));
        self.dict = Some(d.clone());
        d
    }

    /// The names, in order.
    pub fn keys(&self, gil: &Gil) -> Vec<HashKey> {
        match &self.dict {
            Some(d) => dict_of(d).borrow(gil).keys().cloned().collect(),
            None => self.shape.as_ref().map_or(Vec::new(), |s| s.keys.to_vec()),
        }
    }
}

/// The dict inside a dict object (instances only ever hold dict objects).
fn dict_of(d: &Obj) -> &GilCell<Dict> {
    match &**d {
        Object::Dict(d) => d,
        _ => unreachable!("instance attributes are always in a dict object"),
    }
}

/// The shape tree of `inst`'s class (`None`: its class is not a class
/// object, and it keeps its attributes in a dict).
#[inline]
pub fn shape_root(inst: &Instance) -> Option<&GilRc<Shape>> {
    match &*inst.class {
        Object::Class(c) => Some(&c.shapes),
        _ => None,
    }
}

impl super::Vm {
    /// `inst.name`, from the instance's own attributes only.
    pub fn instance_get(&self, inst: &Instance, name: &HashKey) -> Option<Value> {
        inst.attrs.borrow(&self.gil).get(&self.gil, name)
    }

    /// `inst.name` for a string name, from the instance's own attributes only.
    pub fn instance_get_str(&self, inst: &Instance, name: &str) -> Option<Value> {
        self.instance_get(inst, &HashKey::str(name))
    }

    /// `inst.name = value`, straight into the instance's attributes.
    pub fn instance_set(&self, inst: &Instance, name: &HashKey, value: Value) {
        let old = inst
            .attrs
            .borrow_mut(&self.gil)
            .set(&self.gil, shape_root(inst), name, value);
        drop(old);
    }

    /// `inst.name = value` for a string name.
    pub fn instance_set_str(&self, inst: &Instance, name: &str, value: Value) {
        self.instance_set(inst, &HashKey::str(name), value)
    }

    /// The names of `inst`'s own attributes that are strings, in order
    /// (`dir()`, completion), leaving the layout as it is.
    pub fn instance_attr_names(&self, inst: &Instance) -> Vec<String> {
        let keys = inst.attrs.borrow(&self.gil).keys(&self.gil);
        keys.iter()
            .filter_map(|k| k.value.as_str().map(str::to_string))
            .collect()
    }

    /// `inst.__dict__`: from now on the instance's attributes live there.
    pub fn instance_dict(&self, inst: &Instance) -> Obj {
        inst.attrs.borrow_mut(&self.gil).dict(&self.gil)
    }
}
