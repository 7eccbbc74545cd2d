//! Classes: the type of a value, subclass tests, method resolution order,
//! `class` statements (`__build_class__`) and instantiation.

use std::sync::Arc;

use super::dict::{Dict, HashKey};
use super::object::{Args, Class, ClassKind, Instance, Object, Payload};
use super::value::{Obj, Value};
use super::{Exc, GilCell, PyResult, Vm};

impl Vm {
    /// The class of a value (`type(v)`), borrowed.
    pub fn class_of<'a>(&'a self, v: &'a Value) -> &'a Obj {
        let t = &self.rt.types;
        match v {
            Value::None => &t.none,
            Value::Bool(_) => &t.bool_,
            Value::Int(_) => &t.int,
            Value::Float(_) => &t.float,
            Value::Obj(o) => match &**o {
                Object::Str(_) => &t.str_,
                Object::BigInt(_) => &t.int,
                Object::Bytes(_) => &t.bytes,
                Object::ByteArray(_) => &t.bytearray,
                Object::Tuple(_) => &t.tuple,
                Object::List(_) => &t.list,
                Object::Dict(_) => &t.dict,
                Object::Set(_) => &t.set,
                Object::FrozenSet(_) => &t.frozenset,
                Object::Function(_) => &t.function,
                Object::Native(_) => &t.builtin_function,
                Object::BoundMethod(_) => &t.method,
                Object::Class(_) => &t.type_,
                Object::Instance(i) => &i.class,
                Object::Module(_) => &t.module,
                Object::Code(_) => &t.code,
                Object::Cell(_) => &t.cell,
                Object::Generator(g) => {
                    if g.is_coroutine {
                        &t.coroutine
                    } else {
                        &t.generator
                    }
                }
                Object::Range(_) => &t.range,
                Object::Slice(_) => &t.slice,
                Object::Iter(state) => {
                    &t.iterator_kinds[super::types::iterator_kind(&state.borrow(&self.gil))]
                }
                Object::Property(_) => &t.property,
                Object::StaticMethod(_) => &t.staticmethod,
                Object::ClassMethod(_) => &t.classmethod,
                Object::Super(_) => &t.super_,
                Object::Singleton("NotImplemented") => &t.not_implemented_type,
                Object::Singleton("Ellipsis") => &t.ellipsis_type,
                Object::Singleton(_) => &t.object,
            },
        }
    }

    /// The `__name__` of a value's class.
    pub fn type_name(&self, v: &Value) -> String {
        match &**self.class_of(v) {
            Object::Class(c) => c.name.to_string(),
            _ => "?".into(),
        }
    }

    /// `issubclass(sub, base)`.
    pub fn is_subclass(&self, sub: &Obj, base: &Obj) -> bool {
        if Obj::ptr_eq(sub, base) {
            return true;
        }
        match &**sub {
            Object::Class(c) => c.mro.iter().any(|k| Obj::ptr_eq(k, base)),
            _ => false,
        }
    }

    /// `isinstance(v, class)` for one class.
    pub fn is_instance(&self, v: &Value, class: &Obj) -> bool {
        let c = self.class_of(v);
        self.is_subclass(c, class)
    }

    /// Find `name` on a class: its own dict, then along the MRO.
    pub fn lookup_class_attr(&self, class: &Obj, name: &HashKey) -> Option<Value> {
        let Object::Class(c) = &**class else {
            return None;
        };
        if let Some(v) = c.dict.borrow(&self.gil).get(name) {
            return Some(v.clone());
        }
        for k in &c.mro {
            if let Object::Class(kc) = &**k {
                if let Some(v) = kc.dict.borrow(&self.gil).get(name) {
                    return Some(v.clone());
                }
            }
        }
        None
    }

    /// Find a dunder (or any name given as text) on a class.
    pub fn lookup_class_str(&self, class: &Obj, name: &str) -> Option<Value> {
        let Object::Class(c) = &**class else {
            return None;
        };
        if let Some(v) = c.dict.borrow(&self.gil).get_str(name) {
            return Some(v.clone());
        }
        for k in &c.mro {
            if let Object::Class(kc) = &**k {
                if let Some(v) = kc.dict.borrow(&self.gil).get_str(name) {
                    return Some(v.clone());
                }
            }
        }
        None
    }

    /// Find a special method on the class of `v` (never on the instance, as Python).
    pub fn lookup_special(&self, v: &Value, name: &str) -> Option<Value> {
        let class = self.class_of(v);
        self.lookup_class_str(class, name)
    }

    /// Is `name` defined by a user class in the MRO of `class`, before the built-ins?
    pub fn class_defines(&self, class: &Obj, name: &str) -> bool {
        let Object::Class(c) = &**class else {
            return false;
        };
        std::iter::once(class)
            .chain(c.mro.iter())
            .take_while(|k| !matches!(&***k, Object::Class(kc) if &*kc.module == "builtins"))
            .any(|k| matches!(&**k, Object::Class(kc) if kc.dict.borrow(&self.gil).get_str(name).is_some()))
    }

    /// `__build_class__(body, name, *bases, **kw)`: run the class body in a
    /// fresh namespace and make the class.
    pub fn build_class(&mut self, mut args: Args) -> PyResult {
        if args.pos.len() < 2 {
            return Err(self.type_error("__build_class__: not enough arguments"));
        }
        let body = args.pos.remove(0);
        let name = args.pos.remove(0);
        let name = name.as_str().unwrap_or("?").to_string();
        let metaclass = args.take_kw("metaclass");
        let bases: Vec<Value> = args.pos.into_iter().collect();
        let ns = Obj::new(Object::Dict(GilCell::new(Dict::new())));
        self.run_class_body(&body, &ns)?;
        if let Some(meta) = metaclass {
            if !self.is_type_class(&meta) {
                let dict_val = Value::Obj(ns.clone());
                return self.call(
                    &meta,
                    Args::new([Value::str(name), self.new_tuple(bases), dict_val]),
                );
            }
        }
        let class = self.make_class(&name, bases, &ns)?;
        Ok(Value::Obj(class))
    }

    fn is_type_class(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(o) if Obj::ptr_eq(o, &self.rt.types.type_))
    }

    /// Make a class from a name, bases and a namespace dict (`type(name, bases, ns)`).
    pub fn make_class(&mut self, name: &str, bases: Vec<Value>, ns: &Obj) -> PyResult<Obj> {
        let mut base_objs = Vec::new();
        for b in bases {
            match b {
                Value::Obj(o) if matches!(&*o, Object::Class(_)) => base_objs.push(o),
                other => {
                    let t = self.type_name(&other);
                    return Err(self.type_error(format!("bases must be types, not '{t}'")));
                }
            }
        }
        if base_objs.is_empty() {
            base_objs.push(self.rt.types.object.clone());
        }
        let mro = self.c3_mro(&base_objs)?;
        let kind = if mro
            .iter()
            .any(|k| matches!(&**k, Object::Class(c) if c.kind == ClassKind::Exception))
        {
            ClassKind::Exception
        } else {
            ClassKind::Object
        };
        let Object::Dict(d) = &**ns else {
            return Err(self.type_error("namespace must be a dict"));
        };
        let mut dict = d.borrow(&self.gil).clone();
        let module = dict
            .get_str("__module__")
            .and_then(|v| v.as_str().map(Arc::from))
            .unwrap_or_else(|| Arc::from("__main__"));
        let qualname = dict
            .get_str("__qualname__")
            .and_then(|v| v.as_str().map(Arc::from))
            .unwrap_or_else(|| Arc::from(name));
        let classcell = dict.remove_str("__classcell__");
        if dict.get_str("__eq__").is_some() && dict.get_str("__hash__").is_none() {
            // As CPython: defining __eq__ alone makes instances unhashable.
            dict.insert_str("__hash__", Value::None);
        }
        let inherited = |f: fn(&super::object::AttrHooks) -> bool| {
            mro.iter()
                .any(|k| matches!(&**k, Object::Class(c) if f(&c.hooks)))
        };
        let is_descriptor = |v: &Value| match v {
            Value::Obj(o) => matches!(&**o, Object::Property(_) | Object::Instance(_)),
            _ => false,
        };
        // User classes in the MRO only: built-in classes' attributes are methods.
        let data_descriptors = dict.values().any(is_descriptor)
            || mro.iter().any(|k| match &**k {
                Object::Class(c) if &*c.module != "builtins" => c.may_have_data_descriptors(),
                _ => false,
            });
        let hooks = super::object::AttrHooks {
            getattribute: dict.get_str("__getattribute__").is_some()
                || inherited(|h| h.getattribute),
            setattr: dict.get_str("__setattr__").is_some() || inherited(|h| h.setattr),
            delattr: dict.get_str("__delattr__").is_some() || inherited(|h| h.delattr),
        };
        // `__init_subclass__`, `__set_name__` and metaclasses other than `type` are not modelled.
        let native_new = mro.iter().find_map(|k| match &**k {
            Object::Class(c) if c.kind == ClassKind::Builtin => c.native_new.get().copied(),
            _ => None,
        });
        let class = Obj::new(Object::Class(Box::new(Class {
            name: Arc::from(name),
            qualname,
            module,
            bases: base_objs,
            mro,
            dict: GilCell::new(dict),
            kind,
            hooks,
            data_descriptors: std::sync::atomic::AtomicBool::new(data_descriptors),
            shapes: crate::vm::obj::GilRc::new(super::shape::Shape::root()),
            retire: super::object::RetireClass(Arc::downgrade(&self.rt)),
            native_new: native_new
                .map(std::sync::OnceLock::from)
                .unwrap_or_default(),
        })));
        if let Some(Value::Obj(cell)) = classcell {
            if let Object::Cell(c) = &*cell {
                *c.borrow_mut(&self.gil) = Some(Value::Obj(class.clone()));
            }
        }
        Ok(class)
    }

    /// C3 linearisation of the bases (the MRO without the class itself).
    fn c3_mro(&mut self, bases: &[Obj]) -> PyResult<Vec<Obj>> {
        let mut seqs: Vec<Vec<Obj>> = Vec::new();
        for b in bases {
            let Object::Class(c) = &**b else { continue };
            let mut s = vec![b.clone()];
            s.extend(c.mro.iter().cloned());
            seqs.push(s);
        }
        seqs.push(bases.to_vec());
        let mut out = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let candidate = seqs.iter().find_map(|s| {
                let head = &s[0];
                let in_tail = seqs
                    .iter()
                    .any(|t| t[1..].iter().any(|x| Obj::ptr_eq(x, head)));
                (!in_tail).then(|| head.clone())
            });
            let Some(next) = candidate else {
                let names: Vec<String> = bases
                    .iter()
                    .filter_map(|b| match &**b {
                        Object::Class(c) => Some(c.name.to_string()),
                        _ => None,
                    })
                    .collect();
                return Err(self.type_error(format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                )));
            };
            for s in seqs.iter_mut() {
                if Obj::ptr_eq(&s[0], &next) {
                    s.remove(0);
                }
            }
            out.push(next);
        }
    }

    /// Call a class: make an instance and run `__init__`.
    pub fn call_class(&mut self, class_obj: &Obj, args: Args) -> PyResult {
        let Object::Class(class) = &**class_obj else {
            unreachable!("call_class on a non-class")
        };
        // `type(x)` with one argument is the class of x.
        if Obj::ptr_eq(class_obj, &self.rt.types.type_) && args.pos.len() == 1 && args.kw.is_empty()
        {
            return Ok(Value::Obj(self.class_of(&args.pos[0]).clone()));
        }
        // A user-defined `__new__` (rare in the lessons): call it, then `__init__` if it made one of ours.
        if let Some(new) = self.user_new(class_obj) {
            let mut new_args = Args::new(std::iter::once(Value::Obj(class_obj.clone())));
            new_args.pos.extend(args.pos.iter().cloned());
            new_args.kw = args.kw.clone();
            let new = self.unwrap_staticmethod(new);
            let inst = self.call(&new, new_args)?;
            if self.is_instance(&inst, class_obj) {
                self.run_init(&inst, args)?;
            }
            return Ok(inst);
        }
        if class.kind == ClassKind::Builtin
            || class.native_new.get().is_some() && class.kind != ClassKind::Exception
        {
            if let Some(&new) = class.native_new.get() {
                let mut a = Args::new(std::iter::once(Value::Obj(class_obj.clone())));
                a.pos.extend(args.pos);
                a.kw = args.kw;
                return new(self, a);
            }
            let name = class.name.to_string();
            return Err(self.type_error(format!("cannot create '{name}' instances")));
        }
        let payload = match class.kind {
            ClassKind::Exception => {
                Payload::Exception(Box::new(GilCell::new(super::object::ExceptionData {
                    args: args.pos.iter().cloned().collect(),
                    ..Default::default()
                })))
            }
            _ => Payload::None,
        };
        let inst = Value::Obj(Obj::new(Object::Instance(Instance::new(
            class_obj.clone(),
            payload,
        ))));
        self.run_init(&inst, args)?;
        Ok(inst)
    }

    fn user_new(&self, class: &Obj) -> Option<Value> {
        if !self.class_defines(class, "__new__") {
            return None;
        }
        self.lookup_class_str(class, "__new__")
    }

    fn unwrap_staticmethod(&self, v: Value) -> Value {
        if let Value::Obj(o) = &v {
            if let Object::StaticMethod(f) = &**o {
                return f.clone();
            }
        }
        v
    }

    fn run_init(&mut self, inst: &Value, args: Args) -> PyResult<()> {
        let class = self.class_of(inst).clone();
        match self.lookup_class_str(&class, "__init__") {
            Some(init) => {
                let mut a = Args::new(std::iter::once(inst.clone()));
                a.pos.extend(args.pos);
                a.kw = args.kw;
                let r = self.call(&init, a)?;
                if !r.is_none() {
                    let t = self.type_name(&r);
                    return Err(
                        self.type_error(format!("__init__() should return None, not '{t}'"))
                    );
                }
                Ok(())
            }
            None => {
                if !args.pos.is_empty() || !args.kw.is_empty() {
                    let name = match &*class {
                        Object::Class(c) => c.name.to_string(),
                        _ => "?".into(),
                    };
                    if !self.is_subclass(&class, self.rt.types.exc("BaseException")) {
                        return Err(self.type_error(format!("{name}() takes no arguments")));
                    }
                }
                Ok(())
            }
        }
    }

    /// An error for a failed call to a built-in (shorthand used by native code).
    pub fn arg_error(&mut self, func: &str, msg: &str) -> Exc {
        self.type_error(format!("{func}() {msg}"))
    }
}
