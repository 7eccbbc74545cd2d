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
}

/// The attribute caches of one code object.
pub struct AttrCaches {
    /// Per name: where the name was last found in an instance dict.
    hints: Box<[AtomicU32]>,
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
            load_ok: (0..n).map(|_| ClassCheck::default()).collect(),
            store_ok: (0..n).map(|_| ClassCheck::default()).collect(),
            methods: super::GilCell::new(vec![None; n]),
        }
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

    /// Push `obj.name` for name slot `i` of `code`.
    #[inline]
    pub(crate) fn push_attr(
        &mut self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
        stack: &mut Vec<Value>,
    ) -> PyResult<()> {
        if self.push_instance_attr(code, i, obj, stack) {
            return Ok(());
        }
        let v = self.getattr(obj, &code.names[i])?;
        push_value(stack, v);
        Ok(())
    }

    /// The fast half of `push_attr`: a plain instance's own attribute,
    /// copied straight from its dict; `false` when that is not the case.
    #[inline]
    fn push_instance_attr(
        &self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
        stack: &mut Vec<Value>,
    ) -> bool {
        let Some(inst) = self.checked_instance(obj, &code.attr_caches.load_ok[i], |c| {
            !c.hooks.getattribute && !c.may_have_data_descriptors()
        }) else {
            return false;
        };
        let Object::Dict(d) = &*inst.dict else {
            return false;
        };
        let d = d.borrow(&self.gil);
        let name = &code.names[i];
        let hint = &code.attr_caches.hints[i];
        if let Some((k, v)) = d.get_index(hint.load(Ordering::Relaxed) as usize) {
            if k.value.is_same_object(&name.value) {
                push_clone(stack, v);
                return true;
            }
        }
        let Some((at, v)) = d.get_full(name) else {
            return false;
        };
        hint.store(at as u32, Ordering::Relaxed);
        push_clone(stack, v);
        true
    }

    /// `obj.name = value` for name slot `i` of `code`.
    #[inline]
    pub(crate) fn store_attr_cached(
        &mut self,
        code: &CodeObj,
        i: usize,
        obj: &Value,
        value: Value,
    ) -> PyResult<()> {
        let plain =
            |c: &Class| !c.hooks.getattribute && !c.may_have_data_descriptors() && !c.hooks.setattr;
        if let Some(inst) = self.checked_instance(obj, &code.attr_caches.store_ok[i], plain) {
            if let (Payload::None, Object::Dict(d)) = (&inst.payload, &*inst.dict) {
                let name = &code.names[i];
                let hint = &code.attr_caches.hints[i];
                let mut value = value;
                let mut d = d.borrow_mut(&self.gil);
                let at = hint.load(Ordering::Relaxed) as usize;
                if !d.replace_at_if_same_key(at, &name.value, &mut value) {
                    let at = d.insert_full(name.clone(), value);
                    hint.store(at as u32, Ordering::Relaxed);
                    return Ok(());
                }
                drop(d);
                // `value` now holds the old value: dropped after the borrow ends.
                return Ok(());
            }
        }
        self.setattr(obj, &code.names[i], value)
    }

    /// `LoadMethod` for name slot `i` of `code`, pushed: the callable, then
    /// the receiver (or the null marker when the callable takes no `self`).
    #[inline]
    pub(crate) fn push_method(
        &mut self,
        code: &CodeObj,
        i: usize,
        obj: Value,
        stack: &mut Vec<Value>,
    ) -> PyResult<()> {
        // A hit goes straight to the stack, not through a returned pair.
        if let Some(f) = self.cached_method(code, i, &obj) {
            push_value(stack, f);
            push_value(stack, obj);
            return Ok(());
        }
        let (f, receiver) = self.load_method(&obj, &code.names[i])?;
        if receiver.is_some() {
            if let Some((class, _)) = self.method_class(&obj) {
                let entry = MethodCache {
                    class: class.clone(),
                    epoch: self.rt.class_epoch.load(Ordering::Relaxed),
                    func: f.clone(),
                };
                if let Some(slot) = code.attr_caches.methods.borrow_mut(&self.gil).get_mut(i) {
                    *slot = Some(entry);
                }
            }
        }
        push_value(stack, f);
        push_value(
            stack,
            receiver.unwrap_or_else(|| self.rt.types.null_marker.clone()),
        );
        Ok(())
    }

    /// The class whose methods `obj.name(...)` finds, and the instance dict
    /// that may shadow them; `None` for objects whose attribute lookup is
    /// not "instance dict, then class" (classes, modules, `super`, custom
    /// `__getattribute__`).
    #[inline]
    fn method_class<'a>(&'a self, obj: &'a Value) -> Option<(&'a Obj, Option<&'a Obj>)> {
        if let Value::Obj(o) = obj {
            match &**o {
                Object::Instance(inst) => {
                    let Object::Class(c) = &*inst.class else {
                        return None;
                    };
                    if c.hooks.getattribute {
                        return None;
                    }
                    return Some((&inst.class, Some(&inst.dict)));
                }
                Object::Class(_) | Object::Module(_) | Object::Super(_) => return None,
                _ => {}
            }
        }
        Some((self.class_of(obj), None))
    }

    #[inline]
    fn cached_method(&self, code: &CodeObj, i: usize, obj: &Value) -> Option<Value> {
        let (class, dict) = self.method_class(obj)?;
        let methods = code.attr_caches.methods.borrow(&self.gil);
        let entry = methods.get(i)?.as_ref()?;
        if !Obj::ptr_eq(&entry.class, class)
            || entry.epoch != self.rt.class_epoch.load(Ordering::Relaxed)
        {
            return None;
        }
        if let Some(d) = dict {
            if let Object::Dict(d) = &**d {
                let d = d.borrow(&self.gil);
                if !d.is_empty() && d.contains(&code.names[i]) {
                    return None;
                }
            }
        }
        Some(entry.func.clone())
    }
}
