//! Inline caches for attribute access, one per name slot of a code object
//! (the same name in one function is almost always read from objects of
//! the same class).
//!
//! - `obj.name` / `obj.name = v` on an instance whose class has no attribute
//!   hooks and no data descriptors: the instance dict is the whole answer,
//!   and the position where the name was last found is remembered. The key
//!   at that position is the interned name object itself, so one pointer
//!   comparison replaces hashing.
//!   Which classes allow this is remembered too (`ClassCheck`), so a hit
//!   reads neither the class nor its flags.
//! - `obj.name(...)` (`LoadMethod`): the function the class provides is
//!   remembered with the class and the runtime's class epoch, which every
//!   change to any class namespace bumps (`Vm::class_changed`). An instance
//!   dict may still shadow the method, so it is checked, cheaply, when not
//!   empty.

use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};

use super::code::CodeObj;
use super::object::{Class, Instance, Object, Payload};
use super::shape::Attrs;
use super::value::{push_clone, push_value, Obj, Value};
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

/// The attribute caches of one code object.
pub struct AttrCaches {
    /// Per name: the slot where the name was last found, valid for instances
    /// of the shape in `shapes`.
    hints: Box<[AtomicU32]>,
    /// Per name: the address of the shape `hints` belongs to (shapes live as
    /// long as the runtime, so an address is never reused).
    shapes: Box<[AtomicUsize]>,
    /// Per name: the class last seen to keep `obj.name` in the instance dict.
    load_ok: Box<[ClassCheck]>,
    /// Per name: the class last seen to let `obj.name = v` go to the instance dict.
    store_ok: Box<[ClassCheck]>,
    /// Per name: the method `LoadMethod` last found.
    methods: super::GilCell<Vec<Option<MethodCache>>>,
}

impl AttrCaches {
    /// Empty caches for `n` names.
    pub fn new(n: usize) -> AttrCaches {
        AttrCaches {
            hints: (0..n).map(|_| AtomicU32::new(0)).collect(),
            shapes: (0..n).map(|_| AtomicUsize::new(0)).collect(),
            load_ok: (0..n).map(|_| ClassCheck::default()).collect(),
            store_ok: (0..n).map(|_| ClassCheck::default()).collect(),
            methods: super::GilCell::new(vec![None; n]),
        }
    }
}

impl AttrCaches {
    /// Name `i` lives in slot `slot` of instances of shape `shape`.
    #[inline]
    fn remember_slot(&self, i: usize, shape: usize, slot: usize) {
        self.shapes[i].store(shape, Ordering::Relaxed);
        self.hints[i].store(slot as u32, Ordering::Relaxed);
    }

    /// The remembered slot of name `i` for instances of shape `shape`
    /// (`Attrs::shape_id`; 0, no shape, never matches).
    #[inline(always)]
    fn slot_for(&self, i: usize, shape: usize) -> Option<usize> {
        (shape != 0 && shape == self.shapes[i].load(Ordering::Relaxed))
            .then(|| self.hints[i].load(Ordering::Relaxed) as usize)
    }
}

/// A class that passed a check, by address, during one class epoch. The
/// address alone is enough: making a class starts a new epoch, so a class
/// born at a dead one's address never matches.
#[derive(Default)]
struct ClassCheck {
    class: AtomicUsize,
    epoch: AtomicU64,
}

impl ClassCheck {
    #[inline(always)]
    fn holds(&self, class: &Obj, epoch: u64) -> bool {
        self.class.load(Ordering::Relaxed) == Obj::as_ptr(class) as usize
            && self.epoch.load(Ordering::Relaxed) == epoch
    }

    #[inline]
    fn remember(&self, class: &Obj, epoch: u64) {
        self.class
            .store(Obj::as_ptr(class) as usize, Ordering::Relaxed);
        self.epoch.store(epoch, Ordering::Relaxed);
    }
}

impl Vm {
    /// `obj` as an instance whose class passes `test`, asking `check` first
    /// (and teaching it when the class passes).
    #[inline(always)]
    fn checked_instance<'a>(
        &self,
        obj: &'a Value,
        check: &ClassCheck,
        test: impl Fn(&Class) -> bool,
    ) -> Option<&'a Instance> {
        let Value::Obj(o) = obj else { return None };
        let Object::Instance(inst) = &**o else {
            return None;
        };
        let epoch = self.rt.class_epoch.load(Ordering::Relaxed);
        if check.holds(&inst.class, epoch) {
            return Some(inst);
        }
        let Object::Class(c) = &*inst.class else {
            return None;
        };
        if !test(c) {
            return None;
        }
        check.remember(&inst.class, epoch);
        Some(inst)
    }

    /// A class namespace changed: forget every cached method.
    pub fn class_changed(&self) {
        self.rt.class_epoch.fetch_add(1, Ordering::Relaxed);
    }

    /// The cache hit of `obj.name` (the loop's `push_attr!`): an instance of the class and shape the
    /// cache remembers; `false` when that is not the case.
    #[inline(always)]
    pub(crate) fn push_cached_slot(
        &self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
        stack: &mut Vec<Value>,
    ) -> bool {
        let caches = &code.attr_caches;
        let Value::Obj(o) = obj else { return false };
        let Object::Instance(inst) = &**o else {
            return false;
        };
        if !caches.load_ok[i].holds(&inst.class, self.rt.class_epoch.load(Ordering::Relaxed)) {
            return false;
        }
        let attrs = inst.attrs.borrow(&self.gil);
        match caches
            .slot_for(i, attrs.shape_id())
            .and_then(|k| attrs.slot(k))
        {
            Some(v) => {
                push_clone(stack, v);
                true
            }
            None => false,
        }
    }

    /// A cache miss: a plain instance's own attribute is found by name and
    /// its slot remembered for the next time; anything else takes `getattr`.
    #[inline(never)]
    pub(crate) fn push_attr_uncached(
        &mut self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
        stack: &mut Vec<Value>,
    ) -> PyResult<()> {
        let plain = |c: &Class| !c.hooks.getattribute && !c.may_have_data_descriptors();
        if let Some(inst) = self.checked_instance(obj, &code.attr_caches.load_ok[i], plain) {
            let attrs = inst.attrs.borrow(&self.gil);
            if let Some((v, slot)) = attrs.get_with_slot(&self.gil, &code.names[i]) {
                if let Some(slot) = slot {
                    code.attr_caches.remember_slot(i, attrs.shape_id(), slot);
                }
                push_value(stack, v);
                return Ok(());
            }
        }
        let v = self.getattr(obj, &code.names[i])?;
        push_value(stack, v);
        Ok(())
    }

    /// The cache hit of `obj.name = value` (the loop's `store_attr!`): the value replaces the one in the
    /// remembered slot. A miss hands the value back.
    #[inline(always)]
    pub(crate) fn store_cached_slot(
        &self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
        value: Value,
    ) -> Option<Value> {
        let caches = &code.attr_caches;
        let Value::Obj(o) = obj else {
            return Some(value);
        };
        let Object::Instance(inst) = &**o else {
            return Some(value);
        };
        let epoch = self.rt.class_epoch.load(Ordering::Relaxed);
        if !matches!(inst.payload, Payload::None) || !caches.store_ok[i].holds(&inst.class, epoch) {
            return Some(value);
        }
        let mut attrs = inst.attrs.borrow_mut(&self.gil);
        let Some(k) = caches.slot_for(i, attrs.shape_id()) else {
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
        if let Some(inst) = self.checked_instance(obj, &code.attr_caches.store_ok[i], plain) {
            if let Payload::None = &inst.payload {
                let caches = &code.attr_caches;
                let mut attrs = inst.attrs.borrow_mut(&self.gil);
                let (slot, old) = attrs.set(&self.gil, &self.rt.root_shape, &code.names[i], value);
                if let Some(slot) = slot {
                    caches.remember_slot(i, attrs.shape_id(), slot);
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
        let class = match obj {
            Value::Obj(o) => match &**o {
                Object::Instance(inst) => {
                    let shape = inst.attrs.borrow(&self.gil).shape_id();
                    if shape == 0 || shape != entry.unshadowed_shape.get() {
                        return None;
                    }
                    &inst.class
                }
                Object::Class(_) | Object::Module(_) | Object::Super(_) => return None,
                _ => self.class_of(obj),
            },
            _ => self.class_of(obj),
        };
        if !Obj::ptr_eq(&entry.class, class)
            || entry.epoch != self.rt.class_epoch.load(Ordering::Relaxed)
        {
            return None;
        }
        Some(entry.func.clone())
    }

    #[inline(never)]
    /// The callable and receiver (or null marker) of `LoadMethod` when the
    /// inlined hit did not apply: the full cache check, then the lookup.
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
