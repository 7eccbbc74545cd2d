//! Inline caches for attribute access, one per name slot of a code object
//! (the same name in one function is almost always read from objects of
//! the same class).
//!
//! - `obj.name` / `obj.name = v` on an instance whose class has no attribute
//!   hooks and no data descriptors: the attribute is the instance's own, and
//!   the cache remembers its slot for instances of one shape. A shape
//!   belongs to one class (`shape.rs`), so the hit is two comparisons, the
//!   shape and the class epoch, then an indexed load.
//! - `obj.name(...)` (`LoadMethod`): the function the class provides is
//!   remembered with the class and the runtime's class epoch, which every
//!   change to any class namespace bumps (`Vm::class_changed`). An instance
//!   may still shadow the method with an attribute of its own: the shape
//!   last seen not to is remembered too.

use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};

use super::code::CodeObj;
use super::object::{Class, Instance, Object, Payload};
use super::shape::Attrs;
use super::value::{Obj, Value};
use super::{PyResult, Vm};

/// A remembered method: valid for instances of `class` during `epoch`.
#[derive(Clone)]
pub struct MethodCache {
    /// The receiver's class (held, so its address cannot be reused).
    pub class: Obj,
    /// `Runtime::class_epoch` when cached.
    pub epoch: u64,
    /// The function found on the class (unbound).
    pub func: Value,
    /// A shape whose instances were seen not to shadow the method (0: none
    /// yet): for them the instance needs no lookup. Shapes never lose names.
    pub unshadowed_shape: std::cell::Cell<usize>,
}

/// Where one name was last found: slot `slot` of instances of the shape
/// at address `shape`, during class epoch `epoch`.
struct SlotCache {
    /// The shape's address (`usize::MAX`, never an address: nothing yet).
    shape: AtomicUsize,
    /// `Runtime::class_epoch` when remembered.
    epoch: AtomicU64,
    /// The slot.
    slot: AtomicU32,
}

impl Default for SlotCache {
    fn default() -> SlotCache {
        SlotCache {
            shape: AtomicUsize::new(usize::MAX),
            epoch: AtomicU64::new(0),
            slot: AtomicU32::new(0),
        }
    }
}

impl SlotCache {
    /// The remembered slot, if it is good for `attrs` now.
    #[inline(always)]
    fn slot_for(&self, attrs: &Attrs, epoch: u64) -> Option<usize> {
        (attrs.shape_id() == self.shape.load(Ordering::Relaxed)
            && self.epoch.load(Ordering::Relaxed) == epoch)
            .then(|| self.slot.load(Ordering::Relaxed) as usize)
    }

    /// Remember slot `slot` of `attrs`'s shape (nothing for a dict).
    #[inline]
    fn remember(&self, attrs: &Attrs, slot: usize, epoch: u64) {
        let shape = attrs.shape_id();
        if shape != 0 {
            self.shape.store(shape, Ordering::Relaxed);
            self.epoch.store(epoch, Ordering::Relaxed);
            self.slot.store(slot as u32, Ordering::Relaxed);
        }
    }
}

/// The attribute caches of one code object.
pub struct AttrCaches {
    /// Per name: where `obj.name` was last found.
    load: Box<[SlotCache]>,
    /// Per name: where `obj.name = v` last went.
    store: Box<[SlotCache]>,
    /// Per name: the method `LoadMethod` last found.
    methods: super::GilCell<Vec<Option<MethodCache>>>,
}

impl AttrCaches {
    /// Empty caches for `n` names.
    pub fn new(n: usize) -> AttrCaches {
        AttrCaches {
            load: (0..n).map(|_| SlotCache::default()).collect(),
            store: (0..n).map(|_| SlotCache::default()).collect(),
            methods: super::GilCell::new(vec![None; n]),
        }
    }
}

/// `obj` as an instance whose class passes `test` (attribute access
/// through its own attributes only).
#[inline]
fn plain_instance(obj: &Value, test: impl Fn(&Class) -> bool) -> Option<&Instance> {
    let Value::Obj(o) = obj else { return None };
    let Object::Instance(inst) = &**o else {
        return None;
    };
    match &*inst.class {
        Object::Class(c) if test(c) => Some(inst),
        _ => None,
    }
}

impl Vm {
    /// A class namespace changed: forget every cached method.
    pub fn class_changed(&self) {
        self.rt.class_epoch.fetch_add(1, Ordering::Relaxed);
    }

    /// The cache hit of `obj.name` (the loop's `load_attr!`): the value in
    /// the remembered slot of an instance of the remembered shape; `None`
    /// when that is not the case.
    #[inline(always)]
    pub(crate) fn cached_attr(&self, code: &CodeObj, i: usize, obj: &Value) -> Option<Value> {
        let Value::Obj(o) = obj else { return None };
        let Object::Instance(inst) = &**o else {
            return None;
        };
        let attrs = inst.attrs.borrow(&self.gil);
        let epoch = self.rt.class_epoch.load(Ordering::Relaxed);
        let k = code.attr_caches.load[i].slot_for(&attrs, epoch)?;
        attrs.slot(k).cloned()
    }

    /// A cache miss: a plain instance's own attribute is found by name and
    /// its slot remembered for the next time; anything else takes `getattr`.
    #[cold]
    #[inline(never)]
    pub(crate) fn attr_uncached(&mut self, code: &CodeObj, i: usize, obj: &Value) -> PyResult {
        let plain = |c: &Class| !c.hooks.getattribute && !c.may_have_data_descriptors();
        if let Some(inst) = plain_instance(obj, plain) {
            let attrs = inst.attrs.borrow(&self.gil);
            if let Some((v, slot)) = attrs.get_with_slot(&self.gil, &code.names[i]) {
                if let Some(slot) = slot {
                    let epoch = self.rt.class_epoch.load(Ordering::Relaxed);
                    code.attr_caches.load[i].remember(&attrs, slot, epoch);
                }
                return Ok(v);
            }
        }
        self.getattr(obj, &code.names[i])
    }

    /// The cache hit of `obj.name = value` (the loop's `store_attr!`): the
    /// value replaces the one in the remembered slot. A miss hands it back.
    #[inline(always)]
    pub(crate) fn store_cached_slot(
        &self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
        value: Value,
    ) -> Option<Value> {
        let Value::Obj(o) = obj else {
            return Some(value);
        };
        let Object::Instance(inst) = &**o else {
            return Some(value);
        };
        // As `store_attr_uncached`: native state may own the name.
        if !matches!(inst.payload, Payload::None) {
            return Some(value);
        }
        let mut attrs = inst.attrs.borrow_mut(&self.gil);
        let epoch = self.rt.class_epoch.load(Ordering::Relaxed);
        let Some(k) = code.attr_caches.store[i].slot_for(&attrs, epoch) else {
            return Some(value);
        };
        let Some(slot) = attrs.slot_mut(k) else {
            return Some(value);
        };
        let old = std::mem::replace(slot, value);
        drop(attrs);
        // Dropped once no borrow is held.
        drop(old);
        None
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn store_attr_uncached(
        &mut self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
        value: Value,
    ) -> PyResult<()> {
        let plain =
            |c: &Class| !c.hooks.getattribute && !c.may_have_data_descriptors() && !c.hooks.setattr;
        if let Some(inst) = plain_instance(obj, plain) {
            // Instances with native state may have attributes of their own
            // kind (an exception's `args`): `setattr` knows them.
            if let Payload::None = &inst.payload {
                let mut attrs = inst.attrs.borrow_mut(&self.gil);
                let root = super::shape::shape_root(inst);
                let (slot, old) = attrs.set(&self.gil, root, &code.names[i], value);
                if let Some(slot) = slot {
                    let epoch = self.rt.class_epoch.load(Ordering::Relaxed);
                    code.attr_caches.store[i].remember(&attrs, slot, epoch);
                }
                drop(attrs);
                drop(old);
                return Ok(());
            }
        }
        self.setattr(obj, &code.names[i], value)
    }

    /// A method cache hit for a built-in object (which has no attributes of
    /// its own to shadow the method) or for an instance whose shape is
    /// known not to shadow it.
    #[inline(always)]
    pub(crate) fn cached_method_of_known_shape(
        &self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
    ) -> Option<Value> {
        let methods = code.attr_caches.methods.borrow(&self.gil);
        let entry = methods.get(i)?.as_ref()?;
        if entry.epoch != self.rt.class_epoch.load(Ordering::Relaxed) {
            return None;
        }
        let class = match obj {
            Value::Obj(o) => match &**o {
                // The shape was seen on an instance of the entry's class,
                // and a shape belongs to one class.
                Object::Instance(inst) => {
                    let shape = inst.attrs.borrow(&self.gil).shape_id();
                    if shape == 0 || shape != entry.unshadowed_shape.get() {
                        return None;
                    }
                    return Some(entry.func.clone());
                }
                Object::Class(_) | Object::Module(_) | Object::Super(_) => return None,
                _ => self.class_of(obj),
            },
            _ => self.class_of(obj),
        };
        Obj::ptr_eq(&entry.class, class).then(|| entry.func.clone())
    }

    /// The callable and receiver (or null marker) of `LoadMethod` when the
    /// inlined hit did not apply: the full cache check, then the lookup.
    #[cold]
    #[inline(never)]
    pub(crate) fn load_method_uncached(
        &mut self,
        code: &CodeObj,
        i: usize,
        obj: Value,
    ) -> PyResult<(Value, Value)> {
        if let Some(f) = self.cached_method(code, i, &obj) {
            return Ok((f, obj));
        }
        let (f, receiver) = self.load_method(&obj, &code.names[i])?;
        if receiver.is_some() {
            if let Some((class, _)) = self.method_class(&obj) {
                let entry = MethodCache {
                    class: class.clone(),
                    epoch: self.rt.class_epoch.load(Ordering::Relaxed),
                    func: f.clone(),
                    unshadowed_shape: std::cell::Cell::new(0),
                };
                if let Some(slot) = code.attr_caches.methods.borrow_mut(&self.gil).get_mut(i) {
                    *slot = Some(entry);
                }
            }
        }
        let receiver = receiver.unwrap_or_else(|| self.rt.types.null_marker.clone());
        Ok((f, receiver))
    }

    /// The class whose methods `obj.name(...)` finds, and the instance dict
    /// that may shadow them; `None` for objects whose attribute lookup is
    /// not "instance dict, then class" (classes, modules, `super`, custom
    /// `__getattribute__`).
    #[inline]
    fn method_class<'a>(
        &'a self,
        obj: &'a Value,
    ) -> Option<(&'a Obj, Option<&'a super::GilCell<Attrs>>)> {
        if let Value::Obj(o) = obj {
            match &**o {
                Object::Instance(inst) => {
                    let Object::Class(c) = &*inst.class else {
                        return None;
                    };
                    if c.hooks.getattribute {
                        return None;
                    }
                    return Some((&inst.class, Some(&inst.attrs)));
                }
                Object::Class(_) | Object::Module(_) | Object::Super(_) => return None,
                _ => {}
            }
        }
        Some((self.class_of(obj), None))
    }

    #[inline]
    fn cached_method(&self, code: &CodeObj, i: usize, obj: &Value) -> Option<Value> {
        let (class, attrs) = self.method_class(obj)?;
        let methods = code.attr_caches.methods.borrow(&self.gil);
        let entry = methods.get(i)?.as_ref()?;
        if !Obj::ptr_eq(&entry.class, class)
            || entry.epoch != self.rt.class_epoch.load(Ordering::Relaxed)
        {
            return None;
        }
        if let Some(attrs) = attrs {
            let attrs = attrs.borrow(&self.gil);
            if attrs.contains(&self.gil, &code.names[i]) {
                return None;
            }
            entry.unshadowed_shape.set(attrs.shape_id());
        }
        Some(entry.func.clone())
    }
}
