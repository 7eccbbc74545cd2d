//! `object`, the root of every class: creation (`__new__`, `__init__` with
//! CPython's "takes no arguments" rules), the default `repr`/`str`/`==`/
//! `hash`/`format`, raw attribute access for `super().__setattr__`, and the
//! reprs of the state-less runtime objects (`NotImplemented`, `Ellipsis`,
//! the iterators over built-in containers).

use super::support::{no_args, one_arg};
use super::support::{not_implemented, rest};
use crate::native::{add_class_attr, add_method, check_args, native_fn};
use crate::vm::object::{ClassKind, ExceptionData, Instance, Payload};
use crate::vm::{Args, GilCell, HashKey, Obj, Object, PyResult, Value, Vm};

/// Install the methods of `object` and the reprs of the singletons and iterators.
pub fn install(vm: &mut Vm) {
    let object = vm.rt.types.object.clone();
    add_class_attr(vm, &object, "__new__", native_fn("__new__", object_new));
    add_method(vm, &object, "__init__", object_init);
    add_method(vm, &object, "__repr__", object_repr);
    add_method(vm, &object, "__str__", object_str);
    add_method(vm, &object, "__eq__", object_eq);
    add_method(vm, &object, "__ne__", object_ne);
    add_method(vm, &object, "__lt__", object_unordered);
    add_method(vm, &object, "__le__", object_unordered);
    add_method(vm, &object, "__gt__", object_unordered);
    add_method(vm, &object, "__ge__", object_unordered);
    add_method(vm, &object, "__hash__", object_hash);
    add_method(vm, &object, "__format__", object_format);
    add_method(vm, &object, "__setattr__", object_setattr);
    add_method(vm, &object, "__delattr__", object_delattr);
    add_method(vm, &object, "__getattribute__", object_getattribute);
    add_method(vm, &object, "__dir__", object_dir);
    let init_subclass = Value::from_obj(Object::ClassMethod(native_fn(
        "__init_subclass__",
        object_init_subclass,
    )));
    add_class_attr(vm, &object, "__init_subclass__", init_subclass);

    let none = vm.rt.types.none.clone();
    crate::native::set_constructor(&none, none_new);
    add_method(vm, &none, "__repr__", none_repr);
    add_method(vm, &none, "__bool__", none_bool);

    let not_implemented_type = vm.rt.types.not_implemented_type.clone();
    add_method(vm, &not_implemented_type, "__repr__", not_implemented_repr);
    let ellipsis_type = vm.rt.types.ellipsis_type.clone();
    add_method(vm, &ellipsis_type, "__repr__", ellipsis_repr);
    let iterator = vm.rt.types.iterator.clone();
    add_method(vm, &iterator, "__repr__", iterator_repr);
}

/// Is the attribute `name` of `class` the one `object` itself defines (not overridden)?
fn inherited_from_object(vm: &Vm, class: &Obj, name: &str) -> bool {
    let mine = vm.lookup_class_str(&vm.rt.types.object, name);
    match (vm.lookup_class_str(class, name), mine) {
        (Some(a), Some(b)) => a.is(&b),
        (None, _) => true,
        _ => false,
    }
}

fn class_name(class: &Obj) -> String {
    match &**class {
        Object::Class(c) => c.name.to_string(),
        _ => "?".into(),
    }
}

/// `object.__new__(cls, *args)`: a bare instance of a plain (or exception) class.
fn object_new(vm: &mut Vm, args: Args) -> PyResult {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) if matches!(&**c, Object::Class(_)) => c.clone(),
        Some(other) => {
            let t = vm.type_name(other);
            return Err(vm.type_error(format!("object.__new__(X): X is not a type object ({t})")));
        }
        None => return Err(vm.type_error("object.__new__(): not enough arguments")),
    };
    let Object::Class(c) = &*class else {
        unreachable!("checked above")
    };
    // A subclass of a built-in type needs that type's own constructor.
    let builtin_base = std::iter::once(&class)
        .chain(c.mro.iter())
        .find(|k| matches!(&***k, Object::Class(kc) if kc.kind == ClassKind::Builtin));
    if let Some(base) = builtin_base {
        let (name, base_name) = (class_name(&class), class_name(base));
        return Err(vm.type_error(format!(
            "object.__new__({name}) is not safe, use {base_name}.__new__()"
        )));
    }
    let extra = rest(&args, 1).to_vec();
    if !extra.is_empty() || !args.kw.is_empty() {
        if !inherited_from_object(vm, &class, "__new__") {
            return Err(vm.type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if inherited_from_object(vm, &class, "__init__") {
            return Err(vm.type_error(format!("{}() takes no arguments", class_name(&class))));
        }
    }
    let payload = if c.kind == ClassKind::Exception {
        Payload::Exception(Box::new(GilCell::new(ExceptionData {
            args: extra,
            ..Default::default()
        })))
    } else {
        Payload::None
    };
    Ok(Value::from_obj(Object::Instance(Instance::new(
        class.clone(),
        payload,
    ))))
}

/// `object.__init__(self, *args)`: extra arguments are an error unless
/// the class overrides `__new__` (CPython's rule).
fn object_init(vm: &mut Vm, args: Args) -> PyResult {
    let Some(this) = args.pos.first() else {
        return Err(vm.type_error("descriptor '__init__' of 'object' object needs an argument"));
    };
    if args.pos.len() > 1 || !args.kw.is_empty() {
        let class = vm.class_of(this).clone();
        if !inherited_from_object(vm, &class, "__init__") {
            return Err(vm.type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if inherited_from_object(vm, &class, "__new__") {
            return Err(vm.type_error(format!("{}() takes no arguments", class_name(&class))));
        }
    }
    Ok(Value::None)
}

fn object_init_subclass(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::None)
}

fn object_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "object.__repr__")?;
    Ok(Value::str(vm.default_repr(&args.pos[0])))
}

fn object_str(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "object.__str__")?;
    Ok(Value::str(vm.repr(&args.pos[0])?))
}

/// Identity, else NotImplemented (so the other operand gets its turn).
fn object_eq(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "object.__eq__")?;
    if args.pos[0].is(&args.pos[1]) {
        Ok(Value::Bool(true))
    } else {
        Ok(not_implemented(vm))
    }
}

/// The inverse of `__eq__`, or NotImplemented when `__eq__` gives NotImplemented.
fn object_ne(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "object.__ne__")?;
    let (a, b) = (args.pos[0].clone(), args.pos[1].clone());
    let Some(eq) = vm.lookup_special(&a, "__eq__") else {
        return Ok(not_implemented(vm));
    };
    let r = vm.call(&eq, Args::new([a, b]))?;
    if r.is(&vm.rt.types.not_implemented) {
        return Ok(r);
    }
    Ok(Value::Bool(!vm.truthy(&r)?))
}

fn object_unordered(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(not_implemented(vm))
}

fn object_hash(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "object.__hash__")?;
    Ok(Value::Int(args.pos[0].id() >> 4))
}

/// `format(obj, '')` is `str(obj)`; any other spec is an error for plain objects.
fn object_format(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "object.__format__")?;
    let Some(spec) = args.pos[1].as_str() else {
        let t = vm.type_name(&args.pos[1]);
        return Err(vm.type_error(format!("format_spec must be a str, not {t}")));
    };
    if spec.is_empty() {
        return Ok(Value::str(vm.to_str(&args.pos[0])?));
    }
    let t = vm.type_name(&args.pos[0]);
    Err(vm.type_error(format!(
        "unsupported format string passed to {t}.__format__"
    )))
}

fn attr_name(vm: &mut Vm, v: &Value) -> PyResult<HashKey> {
    match v.as_str() {
        Some(s) => Ok(HashKey::str(s)),
        None => {
            let t = vm.type_name(v);
            Err(vm.type_error(format!("attribute name must be string, not '{t}'")))
        }
    }
}

/// `object.__setattr__(self, name, value)`: the default assignment, even
/// from inside a class's own `__setattr__` (so it must not call it again).
fn object_setattr(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "object.__setattr__", &args, 3, 3)?;
    let (this, value) = (args.pos[0].clone(), args.pos[2].clone());
    let name = attr_name(vm, &args.pos[1])?;
    let Value::Obj(o) = &this else {
        return vm.setattr(&this, &name, value).map(|_| Value::None);
    };
    let Object::Instance(inst) = &**o else {
        return vm.setattr(&this, &name, value).map(|_| Value::None);
    };
    let class = inst.class.clone();
    if !vm.class_defines(&class, "__setattr__") {
        vm.setattr(&this, &name, value)?;
        return Ok(Value::None);
    }
    // The class overrides `__setattr__`: do the default part by hand.
    if let Some(Value::Obj(attr)) = vm.lookup_class_attr(&class, &name) {
        if let Object::Property(p) = &*attr {
            if p.fset.is_none() {
                let n = name.value.as_str().unwrap_or("?").to_string();
                let t = vm.type_name(&this);
                return Err(
                    vm.attribute_error(format!("property '{n}' of '{t}' object has no setter"))
                );
            }
            let fset = p.fset.clone();
            vm.call(&fset, Args::new([this.clone(), value]))?;
            return Ok(Value::None);
        }
    }
    vm.instance_set(inst, &name, value);
    Ok(Value::None)
}

/// `object.__delattr__(self, name)`: remove from the instance dict.
fn object_delattr(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "object.__delattr__")?;
    let this = args.pos[0].clone();
    let name = attr_name(vm, &args.pos[1])?;
    if let Value::Obj(o) = &this {
        if let Object::Instance(inst) = &**o {
            if let Some(Value::Obj(attr)) = vm.lookup_class_attr(&inst.class, &name) {
                if let Object::Property(p) = &*attr {
                    if p.fdel.is_none() {
                        let n = name.value.as_str().unwrap_or("?").to_string();
                        let t = vm.type_name(&this);
                        return Err(vm.attribute_error(format!(
                            "property '{n}' of '{t}' object has no deleter"
                        )));
                    }
                    let fdel = p.fdel.clone();
                    vm.call(&fdel, Args::new([this.clone()]))?;
                    return Ok(Value::None);
                }
            }
        }
    }
    vm.delattr_plain(&this, &name)?;
    Ok(Value::None)
}

fn object_getattribute(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "object.__getattribute__")?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.getattr_generic(&args.pos[0], &name)
}

/// `object.__dir__()`: the names of the instance dict and of the class and its bases, sorted.
fn object_dir(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "object.__dir__")?;
    let this = &args.pos[0];
    let mut dicts: Vec<Obj> = Vec::new();
    let mut classes: Vec<Obj> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    match this {
        Value::Obj(o) => match &**o {
            Object::Instance(inst) => {
                names.extend(vm.instance_attr_names(inst));
                classes.push(inst.class.clone());
            }
            Object::Module(m) => dicts.push(m.dict.clone()),
            Object::Class(_) => classes.push(o.clone()),
            _ => classes.push(vm.class_of(this).clone()),
        },
        _ => classes.push(vm.class_of(this).clone()),
    }
    for d in &dicts {
        if let Object::Dict(d) = &**d {
            names.extend(
                d.borrow(&vm.gil)
                    .keys()
                    .filter_map(|k| k.value.as_str().map(str::to_string)),
            );
        }
    }
    for class in &classes {
        let Object::Class(c) = &**class else { continue };
        for k in std::iter::once(class).chain(c.mro.iter()) {
            if let Object::Class(kc) = &**k {
                names.extend(
                    kc.dict
                        .borrow(&vm.gil)
                        .keys()
                        .filter_map(|k| k.value.as_str().map(str::to_string)),
                );
            }
        }
    }
    names.sort();
    names.dedup();
    Ok(vm.new_list(names.into_iter().map(Value::str).collect()))
}

/// `type(None)()` is `None`.
fn none_new(vm: &mut Vm, args: Args) -> PyResult {
    if args.pos.len() > 1 || !args.kw.is_empty() {
        return Err(vm.type_error("NoneType takes no arguments"));
    }
    Ok(Value::None)
}

fn none_repr(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::str("None"))
}

fn none_bool(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Bool(false))
}

fn not_implemented_repr(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::str("NotImplemented"))
}

fn ellipsis_repr(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::str("Ellipsis"))
}

/// `<list_iterator object at 0x...>`: named after what the iterator walks.
fn iterator_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "iterator.__repr__")?;
    let this = &args.pos[0];
    let name = vm.type_name(this);
    Ok(Value::str(format!("<{name} object at {:#x}>", this.id())))
}

#[cfg(test)]
mod tests {
    use crate::native::test_vm;
    use crate::vm::{Args, Value, Vm};

    fn class(vm: &mut Vm, name: &str, body: &[(&str, Value)]) -> Value {
        let ns = crate::vm::Dict::new();
        let ns = vm.new_dict(ns);
        for (k, v) in body {
            vm.setitem(&ns, &Value::str(*k), v.clone()).unwrap();
        }
        let ns = ns.as_obj().unwrap().clone();
        Value::Obj(vm.make_class(name, vec![], &ns).unwrap())
    }

    fn err_text(vm: &mut Vm, r: crate::vm::PyResult) -> String {
        let e = r.expect_err("expected an error");
        vm.exception_summary(&e.value())
    }

    #[test]
    fn no_arguments_for_plain_classes() {
        let mut vm = test_vm();
        let a = class(&mut vm, "A", &[]);
        let r = vm.call(&a, Args::new([Value::Int(1)]));
        assert_eq!(err_text(&mut vm, r), "TypeError: A() takes no arguments");
        let inst = vm.call(&a, Args::default()).unwrap();
        let r = vm.repr(&inst).unwrap();
        assert!(r.starts_with("<__main__.A object at 0x"), "{r}");
        assert_eq!(vm.to_str(&inst).unwrap(), r);
    }

    #[test]
    fn object_init_with_arguments_from_an_override() {
        let mut vm = test_vm();
        let object = Value::Obj(vm.rt.types.object.clone());
        let init = vm.getattr_str(&object, "__init__").unwrap();
        let a = class(&mut vm, "B", &[("__init__", init.clone())]);
        let inst = vm.call(&a, Args::default()).unwrap();
        // B's own __init__ is object's here, so extra arguments say "takes no arguments".
        let r = vm.call(&init, Args::new([inst, Value::Int(1)]));
        assert_eq!(err_text(&mut vm, r), "TypeError: B() takes no arguments");
    }

    #[test]
    fn object_new_rules() {
        let mut vm = test_vm();
        let object = Value::Obj(vm.rt.types.object.clone());
        let new = vm.getattr_str(&object, "__new__").unwrap();
        let list = Value::Obj(vm.rt.types.list.clone());
        let r = vm.call(&new, Args::new([list]));
        assert_eq!(
            err_text(&mut vm, r),
            "TypeError: object.__new__(list) is not safe, use list.__new__()"
        );
        let a = class(&mut vm, "A", &[]);
        let inst = vm.call(&new, Args::new([a.clone()])).unwrap();
        assert!(vm.is_instance(&inst, a.as_obj().unwrap()));
        let r = vm.call(&new, Args::new([a, Value::Int(1)]));
        assert_eq!(err_text(&mut vm, r), "TypeError: A() takes no arguments");
    }

    #[test]
    fn equality_and_format() {
        let mut vm = test_vm();
        let a = class(&mut vm, "A", &[]);
        let x = vm.call(&a, Args::default()).unwrap();
        let y = vm.call(&a, Args::default()).unwrap();
        assert!(vm.eq(&x, &x).unwrap());
        assert!(!vm.eq(&x, &y).unwrap());
        let ne = vm.compare(crate::bytecode::Comparison::Ne, &x, &y).unwrap();
        assert!(matches!(ne, Value::Bool(true)));
        let r = vm.compare(crate::bytecode::Comparison::Lt, &x, &y);
        assert_eq!(
            err_text(&mut vm, r),
            "TypeError: '<' not supported between instances of 'A' and 'A'"
        );
        let s = vm.format_value(&x, "").unwrap();
        assert!(s.starts_with("<__main__.A object"));
        let r = vm.format_value(&x, "x").map(Value::str);
        assert_eq!(
            err_text(&mut vm, r),
            "TypeError: unsupported format string passed to A.__format__"
        );
    }

    #[test]
    fn singletons_and_iterators() {
        let mut vm = test_vm();
        let ni = vm.rt.types.not_implemented.clone();
        assert_eq!(vm.repr(&ni).unwrap(), "NotImplemented");
        let none_type = Value::Obj(vm.rt.types.none.clone());
        assert!(vm.call(&none_type, Args::default()).unwrap().is_none());
        let r = vm.getattr_str(&Value::None, "__repr__").unwrap();
        assert_eq!(vm.call(&r, Args::default()).unwrap().as_str(), Some("None"));
        let el = vm.rt.types.ellipsis.clone();
        assert_eq!(vm.repr(&el).unwrap(), "Ellipsis");
        let l = vm.new_list(vec![]);
        let it = vm.iter(&l).unwrap();
        assert!(vm
            .repr(&it)
            .unwrap()
            .starts_with("<list_iterator object at 0x"));
    }

    #[test]
    fn setattr_and_dir() {
        let mut vm = test_vm();
        let a = class(&mut vm, "A", &[("k", Value::Int(1))]);
        let x = vm.call(&a, Args::default()).unwrap();
        let setattr = vm.getattr_str(&x, "__setattr__").unwrap();
        vm.call(&setattr, Args::new([Value::str("v"), Value::Int(5)]))
            .unwrap();
        assert!(matches!(vm.getattr_str(&x, "v").unwrap(), Value::Int(5)));
        let dir = vm.getattr_str(&x, "__dir__").unwrap();
        let names = vm.call(&dir, Args::default()).unwrap();
        let names = vm.repr(&names).unwrap();
        assert!(
            names.contains("'k'") && names.contains("'v'") && names.contains("'__init__'"),
            "{names}"
        );
        let delattr = vm.getattr_str(&x, "__delattr__").unwrap();
        vm.call(&delattr, Args::new([Value::str("v")])).unwrap();
        let r = vm.getattr_str(&x, "v");
        assert_eq!(
            err_text(&mut vm, r),
            "AttributeError: 'A' object has no attribute 'v'"
        );
    }
}
