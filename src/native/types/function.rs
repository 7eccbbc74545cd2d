//! Functions and the other runtime objects around code: the reprs of
//! functions (`<function f at 0x...>`), bound methods, built-in functions
//! and methods, modules, code objects and cells, and the equality of bound
//! methods (`a.f == a.f`).

use super::support::{no_args, one_arg};
use crate::native::{add_method, check_args};
use crate::vm::object::NativeFunction;
use crate::vm::{Args, Object, PyResult, Value, Vm};

/// Install the reprs and methods of function-like objects.
pub fn install(vm: &mut Vm) {
    let t = &vm.rt.types;
    let (function, builtin, method) = (
        t.function.clone(),
        t.builtin_function.clone(),
        t.method.clone(),
    );
    let (module, code, cell) = (t.module.clone(), t.code.clone(), t.cell.clone());
    add_method(vm, &function, "__repr__", function_repr);
    add_method(vm, &function, "__get__", function_get);
    add_method(vm, &builtin, "__repr__", builtin_repr);
    add_method(vm, &method, "__repr__", method_repr);
    add_method(vm, &method, "__eq__", method_eq);
    add_method(vm, &method, "__hash__", method_hash);
    add_method(vm, &module, "__repr__", module_repr);
    add_method(vm, &code, "__repr__", code_repr);
    add_method(vm, &cell, "__repr__", cell_repr);
}

/// The `__qualname__` of a function-like value, for reprs.
fn qualname_of(vm: &mut Vm, f: &Value) -> PyResult<String> {
    if let Value::Obj(o) = f {
        match &**o {
            Object::Function(func) => return Ok(func.attrs.borrow(&vm.gil).qualname.to_string()),
            Object::Native(n) => return Ok(n.name.to_string()),
            _ => {}
        }
    }
    match vm.getattr_str(f, "__qualname__") {
        Ok(q) => Ok(vm.to_str(&q)?),
        Err(_) => Ok("?".to_string()),
    }
}

/// `<function f at 0x...>` (qualified: `<function A.f at 0x...>`).
fn function_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "function.__repr__")?;
    let this = &args.pos[0];
    let name = qualname_of(vm, this)?;
    Ok(Value::str(format!("<function {name} at {:#x}>", this.id())))
}

/// `f.__get__(obj, type=None)`: a method bound to `obj` (the function itself when `obj` is None).
fn function_get(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "function.__get__", &args, 2, 3)?;
    let (f, obj) = (args.pos[0].clone(), args.pos[1].clone());
    if obj.is_none() {
        return Ok(f);
    }
    Ok(vm.bound_method(obj, f))
}

/// `<built-in function len>`, or `<method 'append' of 'list' objects>` for
/// a method taken from its class.
fn builtin_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "builtin_function_or_method.__repr__")?;
    let this = &args.pos[0];
    let text = match this {
        Value::Obj(o) => match &**o {
            Object::Native(NativeFunction {
                name,
                is_method: true,
                owner,
                ..
            }) => {
                format!("<method '{name}' of '{owner}' objects>")
            }
            Object::Native(n) => format!("<built-in function {}>", n.name),
            _ => vm.default_repr(this),
        },
        _ => vm.default_repr(this),
    };
    Ok(Value::str(text))
}

/// `<bound method A.f of <__main__.A object at 0x...>>`, or for a built-in
/// method `<built-in method append of list object at 0x...>`.
fn method_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "method.__repr__")?;
    let this = &args.pos[0];
    let Some(Object::BoundMethod(m)) = this.as_obj().map(|o| &**o) else {
        return Ok(Value::str(vm.default_repr(this)));
    };
    let (receiver, func) = (m.receiver.clone(), m.func.clone());
    if let Some(Object::Native(n)) = func.as_obj().map(|o| &**o) {
        let t = vm.type_name(&receiver);
        return Ok(Value::str(format!(
            "<built-in method {} of {t} object at {:#x}>",
            n.name,
            receiver.id()
        )));
    }
    let name = qualname_of(vm, &func)?;
    let r = vm.repr(&receiver)?;
    Ok(Value::str(format!("<bound method {name} of {r}>")))
}

/// Two bound methods are equal when they bind the same function to the same object.
fn method_eq(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "method.__eq__")?;
    let pair = |v: &Value| match v.as_obj().map(|o| &**o) {
        Some(Object::BoundMethod(m)) => Some((m.receiver.clone(), m.func.clone())),
        _ => None,
    };
    match (pair(&args.pos[0]), pair(&args.pos[1])) {
        (Some((r1, f1)), Some((r2, f2))) => Ok(Value::Bool(r1.is(&r2) && f1.is(&f2))),
        _ => Ok(vm.rt.types.not_implemented.clone()),
    }
}

fn method_hash(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "method.__hash__")?;
    match args.pos[0].as_obj().map(|o| &**o) {
        Some(Object::BoundMethod(m)) => Ok(Value::Int((m.receiver.id() ^ m.func.id()) >> 4)),
        _ => Ok(Value::Int(args.pos[0].id() >> 4)),
    }
}

/// `<module 'x' from '/path/x.py'>` or `<module 'math' (built-in)>`.
fn module_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "module.__repr__")?;
    let this = &args.pos[0];
    let Some(Object::Module(m)) = this.as_obj().map(|o| &**o) else {
        return Ok(Value::str(vm.default_repr(this)));
    };
    let (name, dict) = (m.name.clone(), m.dict.clone());
    let text = match vm.dict_get_str(&dict, "__file__") {
        Some(file) if !file.is_none() => {
            let file = vm.repr(&file)?;
            format!("<module '{name}' from {file}>")
        }
        _ => format!("<module '{name}' (built-in)>"),
    };
    Ok(Value::str(text))
}

/// `<code object f at 0x..., file "x.py", line 1>`.
fn code_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "code.__repr__")?;
    let this = &args.pos[0];
    let Some(Object::Code(c)) = this.as_obj().map(|o| &**o) else {
        return Ok(Value::str(vm.default_repr(this)));
    };
    Ok(Value::str(format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        c.name(),
        this.id(),
        c.filename(),
        c.code.firstlineno
    )))
}

/// `<cell at 0x...: int object at 0x...>` or `<cell at 0x...: empty>`.
fn cell_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "cell.__repr__")?;
    let this = &args.pos[0];
    let Some(Object::Cell(cell)) = this.as_obj().map(|o| &**o) else {
        return Ok(Value::str(vm.default_repr(this)));
    };
    let content = cell.borrow(&vm.gil).clone();
    let text = match content {
        Some(v) => format!(
            "<cell at {:#x}: {} object at {:#x}>",
            this.id(),
            vm.type_name(&v),
            v.id()
        ),
        None => format!("<cell at {:#x}: empty>", this.id()),
    };
    Ok(Value::str(text))
}

#[cfg(test)]
mod tests {
    use crate::native::test_vm;
    use crate::vm::{Args, Value};

    #[test]
    fn builtin_reprs() {
        let mut vm = test_vm();
        let len = crate::native::native_fn("len", |_, _| Ok(Value::None));
        assert_eq!(vm.repr(&len).unwrap(), "<built-in function len>");
        let list_class = Value::Obj(vm.rt.types.list.clone());
        let append = vm.getattr_str(&list_class, "append").unwrap();
        assert_eq!(
            vm.repr(&append).unwrap(),
            "<method 'append' of 'list' objects>"
        );
        let l = vm.new_list(vec![]);
        let bound = vm.getattr_str(&l, "append").unwrap();
        let r = vm.repr(&bound).unwrap();
        assert_eq!(
            r,
            format!("<built-in method append of list object at {:#x}>", l.id())
        );
    }

    #[test]
    fn bound_methods_compare_by_receiver_and_function() {
        let mut vm = test_vm();
        let l = vm.new_list(vec![]);
        let a = vm.getattr_str(&l, "append").unwrap();
        let b = vm.getattr_str(&l, "append").unwrap();
        assert!(vm.eq(&a, &b).unwrap());
        let other = vm.new_list(vec![]);
        let c = vm.getattr_str(&other, "append").unwrap();
        assert!(!vm.eq(&a, &c).unwrap());
        let _ = vm.hash(&a).unwrap();
        let _ = Args::default();
    }
}
