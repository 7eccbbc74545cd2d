//! The `inspect` module: what kind of object is this (`isgenerator`,
//! `iscoroutinefunction`...) and where a generator or coroutine is in its
//! life (`getgeneratorstate`). `signature` is not provided.

use super::{module_dict, set};
use crate::bytecode::CodeFlags;
use crate::native::{add_function, check_args};
use crate::vm::generator::generator_state;
use crate::vm::{Args, Obj, Object, PyResult, Value, Vm};

/// Fill the `inspect` module.
pub fn init(vm: &mut Vm, module: &Obj) -> PyResult<()> {
    let d = module_dict(vm, module)?;
    let functions: &[(&'static str, crate::vm::NativeFn)] = &[
        ("getgeneratorstate", getgeneratorstate),
        ("getcoroutinestate", getcoroutinestate),
        ("isgenerator", isgenerator),
        ("isgeneratorfunction", isgeneratorfunction),
        ("iscoroutine", iscoroutine),
        ("iscoroutinefunction", iscoroutinefunction),
        ("isasyncgenfunction", isasyncgenfunction),
        ("isawaitable", isawaitable),
        ("isfunction", isfunction),
        ("ismethod", ismethod),
        ("isbuiltin", isbuiltin),
        ("isroutine", isroutine),
        ("isclass", isclass),
        ("ismodule", ismodule),
        ("iscode", iscode),
    ];
    for (name, f) in functions {
        add_function(vm, &d, name, *f);
    }
    for state in ["CREATED", "RUNNING", "SUSPENDED", "CLOSED"] {
        set(
            vm,
            &d,
            &format!("GEN_{state}"),
            Value::str(format!("GEN_{state}")),
        );
        set(
            vm,
            &d,
            &format!("CORO_{state}"),
            Value::str(format!("CORO_{state}")),
        );
    }
    Ok(())
}

/// The single argument of a predicate.
fn the_arg(vm: &mut Vm, args: &Args, name: &str) -> PyResult<Value> {
    check_args(vm, name, args, 1, 1)?;
    Ok(args.pos[0].clone())
}

/// The generator or coroutine object in `v`, if it is one of the asked kind.
fn generator_obj(v: &Value, coroutine: bool) -> Option<&Obj> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Generator(g) if g.is_coroutine == coroutine => Some(o),
            _ => None,
        },
        _ => None,
    }
}

/// `getgeneratorstate` / `getcoroutinestate`: `GEN_SUSPENDED`, `CORO_CLOSED`...
fn state_of(vm: &mut Vm, args: Args, func: &str, coroutine: bool) -> PyResult {
    let v = the_arg(vm, &args, func)?;
    let Some(g) = generator_obj(&v, coroutine) else {
        // CPython reads `gi_running` / `cr_running` first.
        let attr = if coroutine {
            "cr_running"
        } else {
            "gi_running"
        };
        let t = vm.type_name(&v);
        return Err(vm.attribute_error(format!("'{t}' object has no attribute '{attr}'")));
    };
    let state = generator_state(vm, g).unwrap_or("GEN_CLOSED");
    Ok(Value::str(if coroutine {
        state.replacen("GEN_", "CORO_", 1)
    } else {
        state.to_string()
    }))
}

fn getgeneratorstate(vm: &mut Vm, args: Args) -> PyResult {
    state_of(vm, args, "getgeneratorstate", false)
}

fn getcoroutinestate(vm: &mut Vm, args: Args) -> PyResult {
    state_of(vm, args, "getcoroutinestate", true)
}

fn isgenerator(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "isgenerator")?;
    Ok(Value::Bool(generator_obj(&v, false).is_some()))
}

fn iscoroutine(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "iscoroutine")?;
    Ok(Value::Bool(generator_obj(&v, true).is_some()))
}

fn isawaitable(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "isawaitable")?;
    let awaitable = generator_obj(&v, true).is_some()
        || (matches!(&v, Value::Obj(o) if matches!(&**o, Object::Instance(_)))
            && vm.lookup_special(&v, "__await__").is_some());
    Ok(Value::Bool(awaitable))
}

/// The plain function behind bound methods and `functools.partial` objects, as CPython unwraps them.
fn unwrap_function(vm: &mut Vm, v: &Value) -> Value {
    let mut f = v.clone();
    for _ in 0..100 {
        let next = match &f {
            Value::Obj(o) => match &**o {
                Object::BoundMethod(m) => m.func.clone(),
                Object::Instance(_) if vm.type_name(&f) == "partial" => {
                    match vm.getattr_str(&f, "func") {
                        Ok(inner) => inner,
                        Err(_) => return f,
                    }
                }
                _ => return f,
            },
            _ => return f,
        };
        f = next;
    }
    f
}

/// Does the (unwrapped) function's code have `flag`?
fn has_code_flag(vm: &mut Vm, args: Args, name: &str, flag: u32) -> PyResult {
    let v = the_arg(vm, &args, name)?;
    let f = unwrap_function(vm, &v);
    let yes = match &f {
        Value::Obj(o) => match &**o {
            Object::Function(func) => func.code.code.flags.has(flag),
            _ => false,
        },
        _ => false,
    };
    Ok(Value::Bool(yes))
}

fn isgeneratorfunction(vm: &mut Vm, args: Args) -> PyResult {
    has_code_flag(vm, args, "isgeneratorfunction", CodeFlags::GENERATOR)
}

fn iscoroutinefunction(vm: &mut Vm, args: Args) -> PyResult {
    has_code_flag(vm, args, "iscoroutinefunction", CodeFlags::COROUTINE)
}

fn isasyncgenfunction(vm: &mut Vm, args: Args) -> PyResult {
    has_code_flag(vm, args, "isasyncgenfunction", CodeFlags::ASYNC_GENERATOR)
}

/// Is `v` an object of this kind?
fn kind_is(v: &Value, pred: fn(&Object) -> bool) -> bool {
    matches!(v, Value::Obj(o) if pred(o))
}

fn isfunction(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "isfunction")?;
    Ok(Value::Bool(kind_is(&v, |o| {
        matches!(o, Object::Function(_))
    })))
}

/// A method bound to an instance, whose function is written in conc (`types.MethodType`).
fn is_method(v: &Value) -> bool {
    kind_is(
        v,
        |o| matches!(o, Object::BoundMethod(m) if kind_is(&m.func, |f| matches!(f, Object::Function(_)))),
    )
}

/// A function or method written in Rust (`builtin_function_or_method`).
fn is_builtin(v: &Value) -> bool {
    kind_is(v, |o| match o {
        Object::Native(_) => true,
        Object::BoundMethod(m) => kind_is(&m.func, |f| matches!(f, Object::Native(_))),
        _ => false,
    })
}

fn ismethod(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "ismethod")?;
    Ok(Value::Bool(is_method(&v)))
}

fn isbuiltin(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "isbuiltin")?;
    Ok(Value::Bool(is_builtin(&v)))
}

fn isroutine(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "isroutine")?;
    let yes = is_builtin(&v) || is_method(&v) || kind_is(&v, |o| matches!(o, Object::Function(_)));
    Ok(Value::Bool(yes))
}

fn isclass(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "isclass")?;
    Ok(Value::Bool(kind_is(&v, |o| matches!(o, Object::Class(_)))))
}

fn ismodule(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "ismodule")?;
    Ok(Value::Bool(kind_is(&v, |o| matches!(o, Object::Module(_)))))
}

fn iscode(vm: &mut Vm, args: Args) -> PyResult {
    let v = the_arg(vm, &args, "iscode")?;
    Ok(Value::Bool(kind_is(&v, |o| matches!(o, Object::Code(_)))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;

    #[test]
    fn predicates_on_builtins() {
        let mut vm = test_vm();
        let int_class = Value::Obj(vm.rt.types.int.clone());
        assert!(matches!(
            isclass(&mut vm, Args::new([int_class])),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            isfunction(&mut vm, Args::new([Value::Int(1)])),
            Ok(Value::Bool(false))
        ));
        assert!(matches!(
            isgenerator(&mut vm, Args::new([Value::Int(1)])),
            Ok(Value::Bool(false))
        ));
        let e = getgeneratorstate(&mut vm, Args::new([Value::Int(1)])).unwrap_err();
        assert_eq!(
            crate::native::modules::error_text(&mut vm, &e),
            "AttributeError: 'int' object has no attribute 'gi_running'"
        );
        let m = vm.import_module("inspect").unwrap();
        assert!(vm.getattr_str(&m, "GEN_CLOSED").is_ok());
    }
}
