//! `type`: making classes at run time (`type(name, bases, dict)`), class
//! reprs (`<class '__main__.A'>`), `mro()` and the type checks a class
//! answers (`__instancecheck__`, `__subclasscheck__`).
//!
//! `type(x)` with one argument and the class attributes (`__name__`,
//! `__mro__`, `__bases__`...) are served by the VM itself.

use super::support::{no_args, one_arg};
use crate::native::{add_class_attr, add_method, native_fn, set_constructor};
use crate::vm::{Args, Obj, Object, PyResult, Value, Vm};

/// Install the constructor and methods of `type`.
pub fn install(vm: &mut Vm) {
    let type_ = vm.rt.types.type_.clone();
    set_constructor(&type_, type_new);
    add_class_attr(vm, &type_, "__new__", native_fn("__new__", type_new));
    add_method(vm, &type_, "__init__", type_init);
    add_method(vm, &type_, "__repr__", type_repr);
    add_method(vm, &type_, "__call__", type_call);
    add_method(vm, &type_, "mro", type_mro);
    add_method(vm, &type_, "__instancecheck__", type_instancecheck);
    add_method(vm, &type_, "__subclasscheck__", type_subclasscheck);
}

/// The class a method of `type` was called on.
fn this_class(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Obj> {
    match args.pos.first() {
        Some(Value::Obj(o)) if matches!(&**o, Object::Class(_)) => Ok(o.clone()),
        Some(other) => {
            let t = vm.type_name(other);
            Err(vm.type_error(format!(
                "descriptor '{method}' for 'type' objects doesn't apply to a '{t}' object"
            )))
        }
        None => Err(vm.type_error(format!(
            "descriptor '{method}' of 'type' object needs an argument"
        ))),
    }
}

/// `type(x)` or `type(name, bases, dict)` (args[0] is the metaclass).
fn type_new(vm: &mut Vm, args: Args) -> PyResult {
    let given = args.pos.len().saturating_sub(1);
    if given == 1 && args.kw.is_empty() {
        return Ok(Value::Obj(vm.class_of(&args.pos[1]).clone()));
    }
    if given != 3 {
        return Err(vm.type_error("type() takes 1 or 3 arguments"));
    }
    let (name, bases, ns) = (&args.pos[1], &args.pos[2], &args.pos[3]);
    let Some(name) = name.as_str() else {
        let t = vm.type_name(name);
        return Err(vm.type_error(format!("type.__new__() argument 1 must be str, not {t}")));
    };
    let bases = match bases {
        Value::Obj(o) if matches!(&**o, Object::Tuple(_)) => vm.collect(bases)?,
        _ => {
            let t = vm.type_name(bases);
            return Err(vm.type_error(format!("type.__new__() argument 2 must be tuple, not {t}")));
        }
    };
    let ns = match ns {
        Value::Obj(o) if matches!(&**o, Object::Dict(_)) => o.clone(),
        _ => {
            let t = vm.type_name(ns);
            return Err(vm.type_error(format!("type.__new__() argument 3 must be dict, not {t}")));
        }
    };
    let name = name.to_string();
    Ok(Value::Obj(vm.make_class(&name, bases, &ns)?))
}

fn type_init(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::None)
}

/// `<class 'int'>`, `<class '__main__.A'>`.
fn type_repr(vm: &mut Vm, args: Args) -> PyResult {
    let class = this_class(vm, &args, "__repr__")?;
    let Object::Class(c) = &*class else {
        unreachable!("checked by this_class")
    };
    let text = if &*c.module == "builtins" {
        format!("<class '{}'>", c.qualname)
    } else {
        format!("<class '{}.{}'>", c.module, c.qualname)
    };
    Ok(Value::str(text))
}

/// `type.__call__(cls, *args)`: the same as calling the class.
fn type_call(vm: &mut Vm, mut args: Args) -> PyResult {
    let class = this_class(vm, &args, "__call__")?;
    args.pos.remove(0);
    vm.call(&Value::Obj(class), args)
}

/// `cls.mro()`: the class followed by its method resolution order, as a list.
fn type_mro(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "type.mro")?;
    let class = this_class(vm, &args, "mro")?;
    let Object::Class(c) = &*class else {
        unreachable!("checked by this_class")
    };
    let mut items = vec![Value::Obj(class.clone())];
    items.extend(c.mro.iter().map(|k| Value::Obj(k.clone())));
    Ok(vm.new_list(items))
}

fn type_instancecheck(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "type.__instancecheck__")?;
    let class = this_class(vm, &args, "__instancecheck__")?;
    Ok(Value::Bool(vm.is_instance(&args.pos[1], &class)))
}

fn type_subclasscheck(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "type.__subclasscheck__")?;
    let class = this_class(vm, &args, "__subclasscheck__")?;
    match &args.pos[1] {
        Value::Obj(o) if matches!(&**o, Object::Class(_)) => {
            Ok(Value::Bool(vm.is_subclass(o, &class)))
        }
        _ => Err(vm.type_error("issubclass() arg 1 must be a class")),
    }
}

#[cfg(test)]
mod tests {
    use crate::native::test_vm;
    use crate::vm::{Args, Dict, Value};

    #[test]
    fn reprs_of_classes() {
        let mut vm = test_vm();
        let int = Value::Obj(vm.rt.types.int.clone());
        assert_eq!(vm.repr(&int).unwrap(), "<class 'int'>");
        let t = Value::Obj(vm.rt.types.type_.clone());
        assert_eq!(vm.repr(&t).unwrap(), "<class 'type'>");
        let bool_ = Value::Obj(vm.rt.types.bool_.clone());
        let mro = vm.getattr_str(&bool_, "mro").unwrap();
        let mro = vm.call(&mro, Args::default()).unwrap();
        assert_eq!(
            vm.repr(&mro).unwrap(),
            "[<class 'bool'>, <class 'int'>, <class 'object'>]"
        );
    }

    #[test]
    fn three_argument_type_makes_a_class() {
        let mut vm = test_vm();
        let t = Value::Obj(vm.rt.types.type_.clone());
        let mut ns = Dict::new();
        ns.insert_str("a", Value::Int(1));
        let ns = vm.new_dict(ns);
        let bases = vm.new_tuple(vec![]);
        let x = vm
            .call(&t, Args::new([Value::str("X"), bases, ns]))
            .unwrap();
        assert_eq!(vm.repr(&x).unwrap(), "<class '__main__.X'>");
        assert!(matches!(vm.getattr_str(&x, "a").unwrap(), Value::Int(1)));
        let inst = vm.call(&x, Args::default()).unwrap();
        assert!(vm.is_instance(&inst, x.as_obj().unwrap()));
        // `type.__call__(X)` is the same as `X()`.
        let call = vm.getattr_str(&t, "__call__").unwrap();
        let inst2 = vm.call(&call, Args::new([x.clone()])).unwrap();
        assert!(vm.is_instance(&inst2, x.as_obj().unwrap()));
    }

    #[test]
    fn bad_type_arguments() {
        let mut vm = test_vm();
        let t = Value::Obj(vm.rt.types.type_.clone());
        let r = vm
            .call(&t, Args::new([Value::Int(1), Value::Int(2)]))
            .err()
            .unwrap();
        assert_eq!(
            vm.exception_summary(&r.value()),
            "TypeError: type() takes 1 or 3 arguments"
        );
        let ns = vm.new_dict(Dict::new());
        let r = vm
            .call(&t, Args::new([Value::str("X"), Value::Int(1), ns]))
            .err()
            .unwrap();
        assert_eq!(
            vm.exception_summary(&r.value()),
            "TypeError: type.__new__() argument 2 must be tuple, not int"
        );
    }
}
