//! The built-in descriptors: `property` (with `getter`/`setter`/`deleter`
//! returning a new property, so `@x.setter` works), `staticmethod` and
//! `classmethod`. How they bind on attribute access is the VM's business
//! (vm/attr.rs); here are their constructors, `__get__`/`__set__`/
//! `__delete__` for explicit use, and reprs.

use super::support::{bind_params, count_args, native_property, no_kwargs};
use super::support::{no_args, one_arg};
use crate::native::{add_class_attr, add_method, check_args, set_constructor};
use crate::vm::object::Property;
use crate::vm::{Args, Object, PyResult, Value, Vm};

/// Install `property`, `staticmethod` and `classmethod`.
pub fn install(vm: &mut Vm) {
    let property = vm.rt.types.property.clone();
    set_constructor(&property, property_new);
    add_method(vm, &property, "getter", property_getter);
    add_method(vm, &property, "setter", property_setter);
    add_method(vm, &property, "deleter", property_deleter);
    add_method(vm, &property, "__get__", property_get);
    add_method(vm, &property, "__set__", property_set);
    add_method(vm, &property, "__delete__", property_delete);
    add_method(vm, &property, "__repr__", property_repr);
    add_class_attr(
        vm,
        &property,
        "fdel",
        native_property("fdel", property_fdel),
    );

    let staticmethod = vm.rt.types.staticmethod.clone();
    set_constructor(&staticmethod, staticmethod_new);
    add_method(vm, &staticmethod, "__get__", staticmethod_get);
    add_method(vm, &staticmethod, "__repr__", wrapper_repr);

    let classmethod = vm.rt.types.classmethod.clone();
    set_constructor(&classmethod, classmethod_new);
    add_method(vm, &classmethod, "__get__", classmethod_get);
    add_method(vm, &classmethod, "__repr__", wrapper_repr);
}

/// The four parts of a property (cloned out of `self`).
fn parts(vm: &mut Vm, v: &Value, method: &str) -> PyResult<Property> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Property(p)) => Ok(Property {
            fget: p.fget.clone(),
            fset: p.fset.clone(),
            fdel: p.fdel.clone(),
            doc: p.doc.clone(),
        }),
        _ => {
            let t = vm.type_name(v);
            Err(vm.type_error(format!(
                "descriptor '{method}' for 'property' objects doesn't apply to a '{t}' object"
            )))
        }
    }
}

/// A property's doc: the given one, else the getter's `__doc__`.
fn doc_for(vm: &mut Vm, fget: &Value, doc: Value) -> PyResult {
    if !doc.is_none() || fget.is_none() {
        return Ok(doc);
    }
    Ok(vm
        .try_getattr(fget, &crate::vm::HashKey::str("__doc__"))?
        .unwrap_or(Value::None))
}

fn make_property(vm: &mut Vm, fget: Value, fset: Value, fdel: Value, doc: Value) -> PyResult {
    let doc = doc_for(vm, &fget, doc)?;
    Ok(Value::from_obj(Object::Property(Property {
        fget,
        fset,
        fdel,
        doc,
    })))
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
fn property_new(vm: &mut Vm, args: Args) -> PyResult {
    let [fget, fset, fdel, doc] =
        bind_params(vm, args, 1, "property", ["fget", "fset", "fdel", "doc"], 0)?;
    let or_none = |v: Option<Value>| v.unwrap_or(Value::None);
    make_property(
        vm,
        or_none(fget),
        or_none(fset),
        or_none(fdel),
        or_none(doc),
    )
}

/// `prop.getter(f)` / `setter(f)` / `deleter(f)`: a copy with one part replaced.
fn replace_part(vm: &mut Vm, args: Args, method: &str, part: usize) -> PyResult {
    one_arg(vm, &args, &format!("property.{method}"))?;
    let mut p = parts(vm, &args.pos[0], method)?;
    let f = args.pos[1].clone();
    match part {
        0 => {
            p.fget = f;
            // A new getter brings its own doc unless one was given explicitly.
            p.doc = Value::None;
        }
        1 => p.fset = f,
        _ => p.fdel = f,
    }
    make_property(vm, p.fget, p.fset, p.fdel, p.doc)
}

fn property_getter(vm: &mut Vm, args: Args) -> PyResult {
    replace_part(vm, args, "getter", 0)
}

fn property_setter(vm: &mut Vm, args: Args) -> PyResult {
    replace_part(vm, args, "setter", 1)
}

fn property_deleter(vm: &mut Vm, args: Args) -> PyResult {
    replace_part(vm, args, "deleter", 2)
}

/// `prop.__get__(obj, type=None)`: the property itself for `obj=None`, else `fget(obj)`.
fn property_get(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "property.__get__", &args, 2, 3)?;
    let p = parts(vm, &args.pos[0], "__get__")?;
    let obj = args.pos[1].clone();
    if obj.is_none() {
        return Ok(args.pos[0].clone());
    }
    if p.fget.is_none() {
        let t = vm.type_name(&obj);
        return Err(vm.attribute_error(format!("property of '{t}' object has no getter")));
    }
    vm.call(&p.fget, Args::new([obj]))
}

fn property_set(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "property.__set__", &args, 3, 3)?;
    let p = parts(vm, &args.pos[0], "__set__")?;
    let (obj, value) = (args.pos[1].clone(), args.pos[2].clone());
    if p.fset.is_none() {
        let t = vm.type_name(&obj);
        return Err(vm.attribute_error(format!("property of '{t}' object has no setter")));
    }
    vm.call(&p.fset, Args::new([obj, value]))?;
    Ok(Value::None)
}

fn property_delete(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "property.__delete__")?;
    let p = parts(vm, &args.pos[0], "__delete__")?;
    let obj = args.pos[1].clone();
    if p.fdel.is_none() {
        let t = vm.type_name(&obj);
        return Err(vm.attribute_error(format!("property of '{t}' object has no deleter")));
    }
    vm.call(&p.fdel, Args::new([obj]))?;
    Ok(Value::None)
}

fn property_fdel(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "property.fdel")?;
    Ok(parts(vm, &args.pos[0], "fdel")?.fdel)
}

fn property_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "property.__repr__")?;
    Ok(Value::str(format!(
        "<property object at {:#x}>",
        args.pos[0].id()
    )))
}

/// The one argument of `staticmethod(f)` / `classmethod(f)`.
fn wrapped_callable(vm: &mut Vm, args: &Args, name: &str) -> PyResult<Value> {
    no_kwargs(vm, args, name)?;
    count_args(vm, args, 1, name, 1, 1)?;
    Ok(args.pos[1].clone())
}

fn staticmethod_new(vm: &mut Vm, args: Args) -> PyResult {
    let f = wrapped_callable(vm, &args, "staticmethod")?;
    Ok(Value::from_obj(Object::StaticMethod(f)))
}

fn classmethod_new(vm: &mut Vm, args: Args) -> PyResult {
    let f = wrapped_callable(vm, &args, "classmethod")?;
    Ok(Value::from_obj(Object::ClassMethod(f)))
}

/// The function a staticmethod or classmethod wraps.
fn wrapped(v: &Value) -> Option<Value> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::StaticMethod(f)) | Some(Object::ClassMethod(f)) => Some(f.clone()),
        _ => None,
    }
}

/// `sm.__get__(obj, type=None)`: the plain function.
fn staticmethod_get(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "staticmethod.__get__", &args, 2, 3)?;
    match wrapped(&args.pos[0]) {
        Some(f) => Ok(f),
        None => Err(vm.type_error("descriptor '__get__' requires a 'staticmethod' object")),
    }
}

/// `cm.__get__(obj, type=None)`: the function bound to `type` (or to `type(obj)`).
fn classmethod_get(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "classmethod.__get__", &args, 2, 3)?;
    let Some(f) = wrapped(&args.pos[0]) else {
        return Err(vm.type_error("descriptor '__get__' requires a 'classmethod' object"));
    };
    let class = match args.pos.get(2) {
        Some(t) if !t.is_none() => t.clone(),
        _ => Value::Obj(vm.class_of(&args.pos[1]).clone()),
    };
    Ok(vm.bound_method(class, f))
}

/// `<staticmethod(<function f at 0x...>)>`.
fn wrapper_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "__repr__")?;
    let this = &args.pos[0];
    let Some(f) = wrapped(this) else {
        return Ok(Value::str(vm.default_repr(this)));
    };
    let t = vm.type_name(this);
    let inner = vm.repr(&f)?;
    Ok(Value::str(format!("<{t}({inner})>")))
}

#[cfg(test)]
mod tests {
    use crate::native::{native_fn, test_vm};
    use crate::vm::{Args, Dict, Value, Vm};

    fn getter(_vm: &mut Vm, _args: Args) -> crate::vm::PyResult {
        Ok(Value::Int(42))
    }

    fn setter(vm: &mut Vm, args: Args) -> crate::vm::PyResult {
        let obj = args.pos[0].clone();
        vm.setattr(&obj, &crate::vm::HashKey::str("seen"), args.pos[1].clone())?;
        Ok(Value::None)
    }

    #[test]
    fn property_with_setter_made_by_decorator() {
        let mut vm = test_vm();
        let property = Value::Obj(vm.rt.types.property.clone());
        let p = vm
            .call(&property, Args::new([native_fn("g", getter)]))
            .unwrap();
        let set = vm.getattr_str(&p, "setter").unwrap();
        let p2 = vm.call(&set, Args::new([native_fn("s", setter)])).unwrap();
        assert!(!p2.is(&p));
        let mut ns = Dict::new();
        ns.insert_str("x", p2.clone());
        let ns = vm.new_dict(ns);
        let class = vm.make_class("A", vec![], ns.as_obj().unwrap()).unwrap();
        let inst = vm.call(&Value::Obj(class), Args::default()).unwrap();
        assert!(matches!(
            vm.getattr_str(&inst, "x").unwrap(),
            Value::Int(42)
        ));
        vm.setattr(&inst, &crate::vm::HashKey::str("x"), Value::Int(7))
            .unwrap();
        assert!(matches!(
            vm.getattr_str(&inst, "seen").unwrap(),
            Value::Int(7)
        ));
        assert!(vm.getattr_str(&p2, "fdel").unwrap().is_none());
        assert!(vm.repr(&p2).unwrap().starts_with("<property object at 0x"));
        // __get__ with None gives the property back.
        let get = vm.getattr_str(&p2, "__get__").unwrap();
        let same = vm
            .call(&get, Args::new([Value::None, Value::None]))
            .unwrap();
        assert!(same.is(&p2));
    }

    #[test]
    fn property_argument_errors() {
        let mut vm = test_vm();
        let property = Value::Obj(vm.rt.types.property.clone());
        let r = vm
            .call(&property, Args::new(std::iter::repeat_n(Value::None, 5)))
            .err()
            .unwrap();
        assert_eq!(
            vm.exception_summary(&r.value()),
            "TypeError: property() takes at most 4 arguments (5 given)"
        );
    }

    #[test]
    fn static_and_class_methods() {
        let mut vm = test_vm();
        let sm = Value::Obj(vm.rt.types.staticmethod.clone());
        let r = vm.call(&sm, Args::default()).err().unwrap();
        assert_eq!(
            vm.exception_summary(&r.value()),
            "TypeError: staticmethod expected 1 argument, got 0"
        );
        let f = native_fn("len", getter);
        let s = vm.call(&sm, Args::new([f.clone()])).unwrap();
        assert_eq!(
            vm.repr(&s).unwrap(),
            "<staticmethod(<built-in function len>)>"
        );
        let cm = Value::Obj(vm.rt.types.classmethod.clone());
        let c = vm.call(&cm, Args::new([f.clone()])).unwrap();
        let get = vm.getattr_str(&c, "__get__").unwrap();
        let bound = vm.call(&get, Args::new([Value::Int(1)])).unwrap();
        assert_eq!(
            vm.repr(&bound).unwrap().split(" at ").next().unwrap(),
            "<built-in method len of type object"
        );
    }
}
