//! Native code visible to scripts: the builtins, the methods of the
//! built-in types, and native modules (`sys`, `time`, `math`, ...).
//!
//! `install` fills a fresh runtime. Every native function has the one
//! signature [`NativeFn`]; the helpers here register them and check
//! arguments with CPython's error messages.

pub mod builtins;
pub mod format;
pub mod io;
pub mod modules;
pub mod std_modules;
pub mod sys;
pub mod text;
pub mod types;

use crate::vm::object::{FastNative, NativeFunction};
use crate::vm::GilCell;
use crate::vm::{Args, NativeFn, Obj, Object, PyResult, Value, Vm};

/// Install builtins, type methods and the native module table into a fresh runtime.
pub fn install(vm: &mut Vm) {
    vm.install_generator_methods();
    types::install(vm);
    sys::install(vm);
    builtins::install(vm);
    io::install(vm);
    crate::concurrency::install(vm);
    modules::register(vm);
    std_modules::register(vm);
}

/// A native function value.
pub fn native_fn(name: &'static str, func: NativeFn) -> Value {
    Value::from_obj(Object::Native(NativeFunction {
        name,
        func,
        is_method: false,
        bound: None,
        owner: "",
        fast: None,
    }))
}

/// A native function with bound data passed as `args[0]` (a closure made at run time).
pub fn native_closure(name: &'static str, func: NativeFn, bound: Value) -> Value {
    Value::from_obj(Object::Native(NativeFunction {
        name,
        func,
        is_method: false,
        bound: Some(bound),
        owner: "",
        fast: None,
    }))
}

/// Add a method (receiving `self` as `args[0]`) to a class.
pub fn add_method(vm: &mut Vm, class: &Obj, name: &'static str, func: NativeFn) {
    let owner = match &**class {
        Object::Class(c) => leak_name(&c.name),
        _ => "",
    };
    let f = Value::from_obj(Object::Native(NativeFunction {
        name,
        func,
        is_method: true,
        bound: None,
        owner,
        fast: None,
    }));
    if let Object::Class(c) = &**class {
        c.dict.borrow_mut(&vm.gil).insert_str(name, f);
        vm.class_changed();
    }
}

/// Mark the native `name` in `dict` (a namespace or class dict) as one
/// the interpreter loop runs itself when called plainly.
pub fn mark_fast(vm: &mut Vm, dict: &GilCell<crate::vm::Dict>, name: &str, kind: FastNative) {
    let mut d = dict.borrow_mut(&vm.gil);
    let Some(Value::Obj(o)) = d.get_str(name) else {
        return;
    };
    let Object::Native(n) = &**o else { return };
    let marked = Value::from_obj(Object::Native(NativeFunction {
        bound: n.bound.clone(),
        fast: Some(kind),
        ..*n
    }));
    d.insert_str(name, marked);
}

/// Add a classmethod or staticmethod-like plain function as a class attribute.
pub fn add_class_attr(vm: &mut Vm, class: &Obj, name: &str, value: Value) {
    if let Object::Class(c) = &**class {
        c.dict.borrow_mut(&vm.gil).insert_str(name, value);
        vm.class_changed();
    }
}

/// Add a function to a namespace dict (a module's or the builtins').
pub fn add_function(vm: &mut Vm, dict: &Obj, name: &'static str, func: NativeFn) {
    vm.dict_set_str(dict, name, native_fn(name, func));
}

/// Set the native constructor of a built-in class (`int(x)`, `list(it)`):
/// it receives the class as `args[0]`.
pub fn set_constructor(class: &Obj, func: NativeFn) {
    if let Object::Class(c) = &**class {
        let _ = c.native_new.set(func);
    }
}

/// Class names live as long as the program in practice; owner names are only for reprs.
fn leak_name(name: &str) -> &'static str {
    match name {
        "str" => "str",
        "list" => "list",
        "dict" => "dict",
        "set" => "set",
        "tuple" => "tuple",
        "int" => "int",
        "float" => "float",
        "bytes" => "bytes",
        "object" => "object",
        "type" => "type",
        _ => "object",
    }
}

/// Check the number of positional arguments of a function (self included
/// for methods): `name() takes exactly one argument (2 given)` style errors.
pub fn check_args(vm: &mut Vm, name: &str, args: &Args, min: usize, max: usize) -> PyResult<()> {
    let n = args.pos.len();
    if n < min || n > max {
        let msg = if min == 1 && max == 1 {
            // CPython's wording for one-argument builtins (METH_O).
            format!("{name}() takes exactly one argument ({n} given)")
        } else if min == max {
            format!(
                "{name}() takes exactly {min} argument{} ({n} given)",
                if min == 1 { "" } else { "s" }
            )
        } else if n < min {
            format!(
                "{name}() takes at least {min} argument{} ({n} given)",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name}() takes at most {max} argument{} ({n} given)",
                if max == 1 { "" } else { "s" }
            )
        };
        return Err(vm.type_error(msg));
    }
    Ok(())
}

/// Exactly one positional argument, with the wording CPython's argument
/// clinic uses for `sorted` and `reversed` ("sorted expected 1 argument, got 0").
pub fn check_one_positional(vm: &mut Vm, name: &str, args: &Args) -> PyResult<()> {
    match args.pos.len() {
        1 => Ok(()),
        n => Err(vm.type_error(format!("{name} expected 1 argument, got {n}"))),
    }
}

/// An int argument (bools count), or a TypeError naming what was expected.
pub fn expect_int(vm: &mut Vm, v: &Value, what: &str) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => {
            if let Some(f) = vm.lookup_special(v, "__index__") {
                if let Value::Int(i) = vm.call(&f, Args::new([v.clone()]))? {
                    return Ok(i);
                }
            }
            let t = vm.type_name(v);
            Err(vm.type_error(format!("{what} must be an integer, not '{t}'")))
        }
    }
}

/// A str argument.
pub fn expect_str(vm: &mut Vm, v: &Value, what: &str) -> PyResult<String> {
    match v.as_str() {
        Some(s) => Ok(s.to_string()),
        None => {
            let t = vm.type_name(v);
            Err(vm.type_error(format!("{what} must be str, not {t}")))
        }
    }
}

/// A number as f64 (int or float).
pub fn expect_f64(vm: &mut Vm, v: &Value, what: &str) -> PyResult<f64> {
    match crate::vm::ops::as_f64(v) {
        Some(f)
            if !matches!(v, Value::Obj(_))
                || matches!(v, Value::Obj(o) if matches!(&**o, Object::BigInt(_))) =>
        {
            Ok(f)
        }
        _ => {
            if let Some(f) = vm.lookup_special(v, "__float__") {
                if let Value::Float(x) = vm.call(&f, Args::new([v.clone()]))? {
                    return Ok(x);
                }
            }
            let t = vm.type_name(v);
            Err(vm.type_error(format!("{what} must be a real number, not {t}")))
        }
    }
}

/// A fresh runtime and thread state with all natives installed and output
/// captured: for unit tests of native code.
pub fn test_vm() -> Vm {
    let rt = crate::vm::Runtime::new(crate::vm::Output::capture(), None);
    let mut vm = Vm::attach(rt);
    install(&mut vm);
    vm
}
