//! Helpers for unit tests of native text code: building values and
//! showing results the way CPython prints them.

use crate::vm::{Args, Dict, Exc, GilCell, HashKey, Object, PyResult, Value, Vm};

/// `Type: message` for an exception (the builtins may not be installed,
/// so `str(exc)` is not used).
pub fn error_text(vm: &mut Vm, e: &Exc) -> String {
    let name = vm.exception_type_name(&e.value());
    let args = vm.exc_args(&e.0);
    match args.first() {
        Some(a) => {
            let msg = match a.as_str() {
                Some(s) if name != "KeyError" => s.to_string(),
                _ => vm.repr(a).unwrap_or_default(),
            };
            format!("{name}: {msg}")
        }
        None => name,
    }
}

/// Call `receiver.method(*args, **kw)`; the result as text: the str itself,
/// or the repr of anything else, or `Type: message` for an exception.
pub fn call_method(
    vm: &mut Vm,
    receiver: Value,
    method: &str,
    args: Vec<Value>,
    kw: Vec<(&str, Value)>,
) -> String {
    let mut a = Args::new(args);
    a.kw = kw.into_iter().map(|(k, v)| (k.into(), v)).collect();
    let r = vm
        .getattr_str(&receiver, method)
        .and_then(|f| vm.call(&f, a));
    show(vm, r)
}

/// Assert that `receiver.method(*args, **kw)` shows as `want`.
pub fn check(
    vm: &mut Vm,
    receiver: Value,
    method: &str,
    args: Vec<Value>,
    kw: Vec<(&str, Value)>,
    want: &str,
) {
    let shown = format!("{receiver:?}.{method}({args:?}, {kw:?})");
    assert_eq!(call_method(vm, receiver, method, args, kw), want, "{shown}");
}

/// Assert that `format % args` shows as `want`.
pub fn check_mod(vm: &mut Vm, format: Value, args: Value, want: &str) {
    let shown = format!("{format:?} % {args:?}");
    let r = vm.binary_op(crate::bytecode::BinaryOperator::Mod, &format, &args);
    assert_eq!(show(vm, r), want, "{shown}");
}

/// Assert that calling the built-in class `class` (`str`, `bytes`,
/// `bytearray`) with the arguments shows as `want`.
pub fn check_new(vm: &mut Vm, class: &str, args: Vec<Value>, kw: Vec<(&str, Value)>, want: &str) {
    let shown = format!("{class}({args:?}, {kw:?})");
    let types = &vm.rt.types;
    let cls = match class {
        "bytes" => types.bytes.clone(),
        "bytearray" => types.bytearray.clone(),
        _ => types.str_.clone(),
    };
    let mut a = Args::new(args);
    a.kw = kw.into_iter().map(|(k, v)| (k.into(), v)).collect();
    let r = vm.call(&Value::Obj(cls), a);
    assert_eq!(show(vm, r), want, "{shown}");
}

/// A result as text, as `call_method` shows it.
pub fn show(vm: &mut Vm, r: PyResult) -> String {
    match r {
        // The builtins may not give NotImplemented a repr yet.
        Ok(v) if v.is(&vm.rt.types.not_implemented) => "NotImplemented".to_string(),
        Ok(v) => match v.as_str() {
            Some(s) => s.to_string(),
            None => vm.repr(&v).unwrap_or_else(|e| error_text(vm, &e)),
        },
        Err(e) => error_text(vm, &e),
    }
}

/// A str value.
pub fn s(text: &str) -> Value {
    Value::str(text)
}

/// An int value from decimal digits (big when needed).
pub fn big(digits: &str) -> Value {
    crate::vm::ops::int_from_big(digits.parse().unwrap_or_default())
}

/// A bytes value.
pub fn b(data: &[u8]) -> Value {
    Value::from_obj(Object::Bytes(data.into()))
}

/// A bytearray value.
pub fn ba(data: &[u8]) -> Value {
    Value::from_obj(Object::ByteArray(GilCell::new(data.to_vec())))
}

/// A tuple value.
pub fn tup(items: Vec<Value>) -> Value {
    Value::from_obj(Object::Tuple(items.into_boxed_slice()))
}

/// A list value.
pub fn list(items: Vec<Value>) -> Value {
    Value::from_obj(Object::List(GilCell::new(items)))
}

/// A dict (keys hashed by a scratch VM: hashes do not depend on the runtime).
pub fn dict(items: Vec<(Value, Value)>) -> Value {
    let mut scratch = crate::native::test_vm();
    let mut d = Dict::new();
    for (k, v) in items {
        let hash = scratch.hash(&k).unwrap_or(0);
        d.insert(HashKey { hash, value: k }, v);
    }
    Value::from_obj(Object::Dict(GilCell::new(d)))
}
