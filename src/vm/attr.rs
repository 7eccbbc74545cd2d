//! Attribute access: `obj.name`, `obj.name = v`, `del obj.name`, and the
//! method lookup behind `LoadMethod`.
//!
//! The order is Python's: a data descriptor (property) on the class wins,
//! then the instance dict, then the class attribute (functions bind to the
//! instance, classmethods to the class, staticmethods unwrap), then
//! `__getattr__`, then AttributeError.

use std::sync::Arc;

use super::dict::HashKey;
use super::object::{BoundMethod, Object, Payload};
use super::value::{Obj, Value};
use super::{Args, PyResult, Vm};

impl Vm {
    /// `getattr(obj, name)` with a string name.
    pub fn getattr_str(&mut self, obj: &Value, name: &str) -> PyResult {
        self.getattr(obj, &HashKey::str(name))
    }

    /// `obj.name`.
    pub fn getattr(&mut self, obj: &Value, name: &HashKey) -> PyResult {
        match self.try_getattr(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.no_attribute(obj, name)),
        }
    }

    /// `obj.name`, or `None` when there is no such attribute (`hasattr`, `getattr` with default).
    pub fn try_getattr(&mut self, obj: &Value, name: &HashKey) -> PyResult<Option<Value>> {
        if let Value::Obj(o) = obj {
            match &**o {
                Object::Instance(_) => return self.instance_getattr(obj, o, name),
                Object::Class(_) => return self.class_getattr(o, name),
                Object::Module(m) => {
                    if let Object::Dict(d) = &*m.dict {
                        if let Some(v) = d.borrow(&self.gil).get(name) {
                            return Ok(Some(v.clone()));
                        }
                    }
                    if name.value.as_str() == Some("__dict__") {
                        return Ok(Some(Value::Obj(m.dict.clone())));
                    }
                    return Ok(None);
                }
                Object::Super(s) => {
                    return self.super_getattr(&s.class.clone(), &s.obj.clone(), name)
                }
                _ => {
                    if let Some(v) = self.special_getattr(o, name)? {
                        return Ok(Some(v));
                    }
                }
            }
        }
        let class = self.class_of(obj).clone();
        if let Some(attr) = self.lookup_class_attr(&class, name) {
            return self.bind(attr, obj, &class).map(Some);
        }
        if name.value.as_str() == Some("__class__") {
            return Ok(Some(Value::Obj(class)));
        }
        Ok(None)
    }

    fn instance_getattr(
        &mut self,
        obj: &Value,
        o: &Obj,
        name: &HashKey,
    ) -> PyResult<Option<Value>> {
        let Object::Instance(inst) = &**o else {
            unreachable!()
        };
        if class_hooks(&inst.class).getattribute {
            if let Some(f) = self.lookup_class_str(&inst.class, "__getattribute__") {
                return match self.call(&f, Args::new([obj.clone(), name.value.clone()])) {
                    Ok(v) => Ok(Some(v)),
                    Err(e) if self.exc_is(&e, "AttributeError") => {
                        match self.lookup_class_str(&inst.class.clone(), "__getattr__") {
                            Some(g) => self
                                .call(&g, Args::new([obj.clone(), name.value.clone()]))
                                .map(Some),
                            None => Err(e),
                        }
                    }
                    Err(e) => Err(e),
                };
            }
        }
        self.generic_instance_getattr(obj, o, name)
    }

    /// `object.__getattribute__`: the default lookup, without a user `__getattribute__`.
    pub fn getattr_generic(&mut self, obj: &Value, name: &HashKey) -> PyResult {
        let found = match obj {
            Value::Obj(o) if matches!(&**o, Object::Instance(_)) => {
                self.generic_instance_getattr(obj, o, name)?
            }
            _ => self.try_getattr(obj, name)?,
        };
        match found {
            Some(v) => Ok(v),
            None => Err(self.no_attribute(obj, name)),
        }
    }

    fn generic_instance_getattr(
        &mut self,
        obj: &Value,
        o: &Obj,
        name: &HashKey,
    ) -> PyResult<Option<Value>> {
        let Object::Instance(inst) = &**o else {
            unreachable!()
        };
        let class = inst.class.clone();
        if let Object::Class(c) = &*class {
            if !c.may_have_data_descriptors() {
                if let Some(v) = self.instance_get(inst, name) {
                    return Ok(Some(v));
                }
            }
        }
        let class_attr = self.lookup_class_attr(&class, name);
        if let Some(attr) = &class_attr {
            if let Value::Obj(a) = attr {
                if matches!(&**a, Object::Property(_)) {
                    return self.bind(attr.clone(), obj, &class).map(Some);
                }
            }
        }
        if let Some(v) = self.instance_get(inst, name) {
            return Ok(Some(v));
        }
        if let Some(attr) = class_attr {
            return self.bind(attr, obj, &class).map(Some);
        }
        match name.value.as_str() {
            Some("__class__") => return Ok(Some(Value::Obj(class))),
            Some("__dict__") => return Ok(Some(Value::Obj(self.instance_dict(inst)))),
            _ => {}
        }
        if let Payload::Exception(_) = &inst.payload {
            if let Some(v) = self.exception_attr(o, name.value.as_str().unwrap_or(""))? {
                return Ok(Some(v));
            }
        }
        if let Some(getattr) = self.lookup_class_str(&class, "__getattr__") {
            // The hook's own AttributeError (and its message) is what the caller sees.
            return self
                .call(&getattr, Args::new([obj.clone(), name.value.clone()]))
                .map(Some);
        }
        Ok(None)
    }

    /// Attributes every exception has through its payload.
    fn exception_attr(&mut self, o: &Obj, name: &str) -> PyResult<Option<Value>> {
        let Some(d) = self.exc_data(o) else {
            return Ok(None);
        };
        let d = d.borrow(&self.gil);
        let first = || d.args.first().cloned().unwrap_or(Value::None);
        let v = match name {
            "args" => Value::from_obj(Object::Tuple(d.args.clone().into_boxed_slice())),
            "__cause__" => d.cause.clone().unwrap_or(Value::None),
            "__context__" => d.context.clone().unwrap_or(Value::None),
            "__suppress_context__" => Value::Bool(d.suppress_context),
            "__traceback__" => {
                drop(d);
                return Ok(Some(self.traceback_object(o)));
            }
            "value" => first(),
            "code" => match d.args.len() {
                0 => Value::None,
                1 => first(),
                _ => Value::from_obj(Object::Tuple(d.args.clone().into_boxed_slice())),
            },
            "errno" => {
                if d.args.len() >= 2 {
                    first()
                } else {
                    Value::None
                }
            }
            "strerror" => d.args.get(1).cloned().unwrap_or(Value::None),
            "msg" => first(),
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    fn class_getattr(&mut self, class: &Obj, name: &HashKey) -> PyResult<Option<Value>> {
        if let Some(attr) = self.lookup_class_attr(class, name) {
            if let Value::Obj(a) = &attr {
                match &**a {
                    Object::ClassMethod(f) => {
                        return Ok(Some(
                            self.bound_method(Value::Obj(class.clone()), f.clone()),
                        ));
                    }
                    Object::StaticMethod(f) => return Ok(Some(f.clone())),
                    _ => {}
                }
            }
            return Ok(Some(attr));
        }
        let Object::Class(c) = &**class else {
            return Ok(None);
        };
        let v = match name.value.as_str().unwrap_or("") {
            "__name__" => Value::str(&*c.name),
            "__qualname__" => Value::str(&*c.qualname),
            "__module__" => Value::str(&*c.module),
            "__bases__" => {
                let b: Vec<Value> = c.bases.iter().map(|b| Value::Obj(b.clone())).collect();
                self.new_tuple(b)
            }
            "__base__" => c
                .bases
                .first()
                .map(|b| Value::Obj(b.clone()))
                .unwrap_or(Value::None),
            "__mro__" => {
                let mut m = vec![Value::Obj(class.clone())];
                m.extend(c.mro.iter().map(|k| Value::Obj(k.clone())));
                self.new_tuple(m)
            }
            "__dict__" => {
                let d = c.dict.borrow(&self.gil).clone();
                Value::from_obj(Object::Dict(super::GilCell::new(d)))
            }
            "__class__" => Value::Obj(self.rt.types.type_.clone()),
            "__doc__" => Value::None,
            _ => {
                // Methods of `type` itself (`mro`, `__subclasses__`...).
                let type_class = self.rt.types.type_.clone();
                if let Some(attr) = self.lookup_class_attr(&type_class, name) {
                    return self
                        .bind(attr, &Value::Obj(class.clone()), &type_class)
                        .map(Some);
                }
                return Ok(None);
            }
        };
        Ok(Some(v))
    }

    fn super_getattr(
        &mut self,
        start_after: &Obj,
        obj: &Value,
        name: &HashKey,
    ) -> PyResult<Option<Value>> {
        let obj_class = match obj {
            Value::Obj(o) if matches!(&**o, Object::Class(_)) => o.clone(),
            _ => self.class_of(obj).clone(),
        };
        let Object::Class(c) = &*obj_class else {
            return Ok(None);
        };
        let mut full = vec![obj_class.clone()];
        full.extend(c.mro.iter().cloned());
        let pos = full
            .iter()
            .position(|k| Obj::ptr_eq(k, start_after))
            .map(|p| p + 1)
            .unwrap_or(full.len());
        for k in &full[pos..] {
            let Object::Class(kc) = &**k else { continue };
            let found = kc.dict.borrow(&self.gil).get(name).cloned();
            if let Some(attr) = found {
                let is_class_obj = matches!(obj, Value::Obj(o) if matches!(&**o, Object::Class(_)));
                if is_class_obj {
                    if let Value::Obj(a) = &attr {
                        match &**a {
                            Object::ClassMethod(f) => {
                                return Ok(Some(self.bound_method(obj.clone(), f.clone())))
                            }
                            Object::StaticMethod(f) => return Ok(Some(f.clone())),
                            _ => return Ok(Some(attr)),
                        }
                    }
                    return Ok(Some(attr));
                }
                return self.bind(attr, obj, &obj_class).map(Some);
            }
        }
        Ok(None)
    }

    /// Attributes of functions, methods, generators and other built-ins that live outside any dict.
    fn special_getattr(&mut self, o: &Obj, name: &HashKey) -> PyResult<Option<Value>> {
        let n = name.value.as_str().unwrap_or("");
        let v = match &**o {
            Object::Function(f) => {
                let attrs = f.attrs.borrow(&self.gil);
                match n {
                    "__name__" => Value::str(&*attrs.name),
                    "__qualname__" => Value::str(&*attrs.qualname),
                    "__doc__" => attrs.doc.clone(),
                    "__module__" => {
                        let g = f.globals.clone();
                        drop(attrs);
                        return Ok(Some(
                            self.dict_get_str(&g, "__name__").unwrap_or(Value::None),
                        ));
                    }
                    "__dict__" => match &attrs.dict {
                        Some(d) => Value::Obj(d.clone()),
                        None => return Ok(None),
                    },
                    "__defaults__" => {
                        if f.defaults.is_empty() {
                            Value::None
                        } else {
                            Value::from_obj(Object::Tuple(f.defaults.clone()))
                        }
                    }
                    "__code__" => Value::from_obj(Object::Code(f.code.clone())),
                    "__closure__" => {
                        if f.closure.is_empty() {
                            Value::None
                        } else {
                            let cells = f.closure.iter().map(|c| Value::Obj(c.clone())).collect();
                            self.new_tuple(cells)
                        }
                    }
                    "__kwdefaults__" => {
                        if f.kwdefaults.is_empty() {
                            Value::None
                        } else {
                            let mut d = super::Dict::new();
                            for (k, v) in &f.kwdefaults {
                                d.insert(HashKey::str(k), v.clone());
                            }
                            self.new_dict(d)
                        }
                    }
                    "__globals__" => Value::Obj(f.globals.clone()),
                    _ => match &attrs.dict {
                        Some(d) => match self.dict_get_key(d, name) {
                            Some(v) => v,
                            None => return Ok(None),
                        },
                        None => return Ok(None),
                    },
                }
            }
            Object::Native(f) => match n {
                "__name__" => Value::str(f.name),
                // `list.append`: a method is qualified by its class.
                "__qualname__" if f.is_method && !f.owner.is_empty() => {
                    Value::str(format!("{}.{}", f.owner, f.name))
                }
                "__qualname__" => Value::str(f.name),
                "__doc__" => Value::None,
                "__self__" => f.bound.clone().unwrap_or(Value::None),
                _ => return Ok(None),
            },
            Object::BoundMethod(m) => match n {
                "__self__" => m.receiver.clone(),
                "__func__" => m.func.clone(),
                _ => {
                    let func = m.func.clone();
                    return self.try_getattr(&func, name);
                }
            },
            Object::Generator(g) => match n {
                "__name__" => Value::str(&*g.name),
                "__qualname__" => Value::str(&*g.qualname),
                "gi_code" | "cr_code" => Value::from_obj(Object::Code(g.code.clone())),
                "gi_running" | "cr_running" => Value::Bool(
                    g.state.borrow(&self.gil).status == super::object::GenStatus::Running,
                ),
                "gi_frame" | "cr_frame" => {
                    if g.state.borrow(&self.gil).status == super::object::GenStatus::Closed {
                        Value::None
                    } else {
                        Value::Bool(true)
                    }
                }
                _ => return Ok(None),
            },
            Object::Code(c) => match n {
                "co_name" => Value::str(&*c.code.name),
                "co_filename" => Value::str(c.filename()),
                "co_firstlineno" => Value::Int(c.code.firstlineno as i64),
                "co_argcount" => Value::Int(c.code.argcount as i64),
                "co_varnames" => {
                    let v: Vec<Value> = c.code.varnames.iter().map(|s| Value::str(&**s)).collect();
                    self.new_tuple(v)
                }
                _ => return Ok(None),
            },
            Object::Property(p) => match n {
                "fget" => p.fget.clone(),
                "fset" => p.fset.clone(),
                "__doc__" => p.doc.clone(),
                _ => return Ok(None),
            },
            Object::StaticMethod(f) | Object::ClassMethod(f) => match n {
                "__func__" => f.clone(),
                _ => return Ok(None),
            },
            Object::Slice(s) => match n {
                "start" => s.start.clone(),
                "stop" => s.stop.clone(),
                "step" => s.step.clone(),
                _ => return Ok(None),
            },
            Object::Range(r) => match n {
                "start" => Value::Int(r.start),
                "stop" => Value::Int(r.stop),
                "step" => Value::Int(r.step),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    /// Bind a class attribute found for `obj` (the descriptor protocol for the built-in descriptors).
    pub fn bind(&mut self, attr: Value, obj: &Value, class: &Obj) -> PyResult {
        if let Value::Obj(a) = &attr {
            match &**a {
                Object::Function(_) => return Ok(self.bound_method(obj.clone(), attr)),
                Object::Native(n) if n.is_method => return Ok(self.bound_method(obj.clone(), attr)),
                Object::ClassMethod(f) => {
                    return Ok(self.bound_method(Value::Obj(class.clone()), f.clone()))
                }
                Object::StaticMethod(f) => return Ok(f.clone()),
                Object::Property(p) => {
                    if p.fget.is_none() {
                        return Err(self.attribute_error("unreadable attribute"));
                    }
                    let fget = p.fget.clone();
                    return self.call(&fget, Args::new([obj.clone()]));
                }
                Object::Instance(_) => {
                    // A user-defined descriptor: `__get__(self, obj, type)`.
                    if let Some(get) = self.lookup_special(&attr, "__get__") {
                        return self.call(
                            &get,
                            Args::new([attr.clone(), obj.clone(), Value::Obj(class.clone())]),
                        );
                    }
                }
                _ => {}
            }
        }
        Ok(attr)
    }

    /// A bound method object.
    pub fn bound_method(&self, receiver: Value, func: Value) -> Value {
        Value::from_obj(Object::BoundMethod(BoundMethod { receiver, func }))
    }

    /// The AttributeError for a missing attribute, in CPython's words.
    pub fn no_attribute(&mut self, obj: &Value, name: &HashKey) -> super::Exc {
        let n = name.value.as_str().unwrap_or("?").to_string();
        let msg = match obj {
            Value::Obj(o) => match &**o {
                Object::Module(m) => format!("module '{}' has no attribute '{}'", m.name, n),
                Object::Class(c) => format!("type object '{}' has no attribute '{}'", c.name, n),
                _ => format!("'{}' object has no attribute '{}'", self.type_name(obj), n),
            },
            _ => format!("'{}' object has no attribute '{}'", self.type_name(obj), n),
        };
        self.attribute_error(msg)
    }

    /// `obj.name = value`.
    pub fn setattr(&mut self, obj: &Value, name: &HashKey, value: Value) -> PyResult<()> {
        if let Value::Obj(o) = obj {
            match &**o {
                Object::Instance(inst) => {
                    let class = inst.class.clone();
                    let descriptors =
                        matches!(&*class, Object::Class(c) if c.may_have_data_descriptors());
                    let found = if descriptors {
                        self.lookup_class_attr(&class, name)
                    } else {
                        None
                    };
                    if let Some(Value::Obj(a)) = found {
                        if let Object::Property(p) = &*a {
                            if p.fset.is_none() {
                                let n = name.value.as_str().unwrap_or("?").to_string();
                                return Err(self.attribute_error(format!(
                                    "property '{n}' of '{}' object has no setter",
                                    self.type_name(obj)
                                )));
                            }
                            let fset = p.fset.clone();
                            self.call(&fset, Args::new([obj.clone(), value]))?;
                            return Ok(());
                        }
                    }
                    if class_hooks(&class).setattr {
                        if let Some(f) = self.lookup_class_str(&class, "__setattr__") {
                            self.call(&f, Args::new([obj.clone(), name.value.clone(), value]))?;
                            return Ok(());
                        }
                    }
                    if let Some(d) = self.exc_data(o) {
                        let mut d = d.borrow_mut(&self.gil);
                        match name.value.as_str() {
                            Some("__cause__") => {
                                d.cause = Some(value);
                                d.suppress_context = true;
                                return Ok(());
                            }
                            Some("__context__") => {
                                d.context = Some(value);
                                return Ok(());
                            }
                            Some("__suppress_context__") => {
                                d.suppress_context = matches!(value, Value::Bool(true));
                                return Ok(());
                            }
                            Some("args") => {
                                if let Value::Obj(t) = &value {
                                    if let Object::Tuple(items) = &**t {
                                        d.args = items.to_vec();
                                        return Ok(());
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    self.instance_set(inst, name, value);
                    return Ok(());
                }
                Object::Class(c) => {
                    if matches!(&value, Value::Obj(v) if matches!(&**v, Object::Property(_) | Object::Instance(_)))
                    {
                        // Conservative: subclasses made earlier keep their own flag.
                        c.data_descriptors
                            .store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    c.dict.borrow_mut(&self.gil).insert(name.clone(), value);
                    self.class_changed();
                    return Ok(());
                }
                Object::Module(m) => {
                    if let Object::Dict(d) = &*m.dict {
                        d.borrow_mut(&self.gil).insert(name.clone(), value);
                    }
                    return Ok(());
                }
                Object::Function(f) => {
                    let mut attrs = f.attrs.borrow_mut(&self.gil);
                    match name.value.as_str() {
                        Some("__name__") => attrs.name = Arc::from(value.as_str().unwrap_or("")),
                        Some("__qualname__") => {
                            attrs.qualname = Arc::from(value.as_str().unwrap_or(""))
                        }
                        Some("__doc__") => attrs.doc = value,
                        _ => {
                            let d = attrs
                                .dict
                                .get_or_insert_with(|| {
                                    Obj::new(Object::Dict(super::GilCell::new(super::Dict::new())))
                                })
                                .clone();
                            drop(attrs);
                            if let Object::Dict(d) = &*d {
                                d.borrow_mut(&self.gil).insert(name.clone(), value);
                            }
                        }
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
        let n = name.value.as_str().unwrap_or("?").to_string();
        let t = self.type_name(obj);
        Err(self.attribute_error(format!("'{t}' object has no attribute '{n}'")))
    }

    /// `del obj.name`.
    pub fn delattr(&mut self, obj: &Value, name: &HashKey) -> PyResult<()> {
        if let Value::Obj(o) = obj {
            if let Object::Instance(inst) = &**o {
                let class = inst.class.clone();
                if let Some(Value::Obj(a)) = self.lookup_class_attr(&class, name) {
                    if let Object::Property(p) = &*a {
                        if p.fdel.is_none() {
                            let n = name.value.as_str().unwrap_or("?").to_string();
                            return Err(
                                self.attribute_error(format!("can't delete attribute '{n}'"))
                            );
                        }
                        let fdel = p.fdel.clone();
                        self.call(&fdel, Args::new([obj.clone()]))?;
                        return Ok(());
                    }
                }
                if class_hooks(&class).delattr {
                    if let Some(f) = self.lookup_class_str(&class, "__delattr__") {
                        self.call(&f, Args::new([obj.clone(), name.value.clone()]))?;
                        return Ok(());
                    }
                }
            }
        }
        self.delattr_plain(obj, name)
    }

    /// `del obj.name` without hooks: remove it from the instance, class or
    /// module dict (`object.__delattr__`).
    pub fn delattr_plain(&mut self, obj: &Value, name: &HashKey) -> PyResult<()> {
        if let Value::Obj(o) = obj {
            let dict = match &**o {
                Object::Instance(inst) => {
                    let old = inst.attrs.borrow_mut(&self.gil).remove(&self.gil, name);
                    if old.is_some() {
                        return Ok(());
                    }
                    None
                }
                Object::Module(m) => Some(m.dict.clone()),
                Object::Class(c) => {
                    if c.dict.borrow_mut(&self.gil).remove(name).is_some() {
                        self.class_changed();
                        return Ok(());
                    }
                    None
                }
                _ => None,
            };
            if let Some(d) = dict {
                if let Object::Dict(d) = &*d {
                    if d.borrow_mut(&self.gil).remove(name).is_some() {
                        return Ok(());
                    }
                }
            }
        }
        Err(self.no_attribute(obj, name))
    }

    /// `LoadMethod`: the method and its receiver without building a bound
    /// method, when the attribute is a plain function on the class; else the
    /// attribute itself with `None` as receiver.
    pub fn load_method(&mut self, obj: &Value, name: &HashKey) -> PyResult<(Value, Option<Value>)> {
        let class = self.class_of(obj).clone();
        let is_plain_instance = match obj {
            Value::Obj(o) => match &**o {
                // A user `__getattribute__` sees every lookup.
                Object::Instance(inst) if class_hooks(&inst.class).getattribute => false,
                Object::Instance(inst) => !inst.attrs.borrow(&self.gil).contains(&self.gil, name),
                Object::Class(_) | Object::Module(_) | Object::Super(_) => false,
                _ => true,
            },
            _ => true,
        };
        if is_plain_instance {
            if let Some(attr) = self.lookup_class_attr(&class, name) {
                if let Value::Obj(a) = &attr {
                    match &**a {
                        Object::Function(_) => return Ok((attr, Some(obj.clone()))),
                        Object::Native(n) if n.is_method => return Ok((attr, Some(obj.clone()))),
                        _ => {}
                    }
                }
                let v = self.bind(attr, obj, &class)?;
                return Ok((v, None));
            }
        }
        let v = self.getattr(obj, name)?;
        Ok((v, None))
    }
}

/// The attribute hooks of a class (none for non-classes).
fn class_hooks(class: &Obj) -> super::object::AttrHooks {
    match &**class {
        Object::Class(c) => c.hooks,
        _ => Default::default(),
    }
}
