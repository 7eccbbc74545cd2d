//! Helpers shared by the methods of the built-in types: unwrapping `self`
//! (which may be an instance of a user subclass such as `class L(list)`),
//! making instances of such subclasses, and checking arguments with the
//! messages CPython's argument parsers use.
//!
//! # Subclasses of built-in types
//!
//! A `list` is an `Object::List`, but an instance of `class L(list)` is an
//! `Object::Instance` (it has a class and a `__dict__`) whose
//! `Payload::Builtin` holds the list it extends. Every method of a built-in
//! type therefore starts by unwrapping its receiver with [`receiver`], and
//! constructors wrap what they build with [`instance_of`].

use crate::bytecode::{BinaryOperator, Comparison};
use crate::vm::object::{Instance, Payload};
use crate::vm::{Args, GilCell, Obj, Object, PyResult, Value, Vm};

/// The built-in value behind `v`: `v` itself, or the value an instance of a
/// subclass of a built-in type wraps.
pub fn builtin_value(vm: &Vm, v: &Value) -> Value {
    if let Value::Obj(o) = v {
        if let Object::Instance(Instance {
            payload: Payload::Builtin(inner),
            ..
        }) = &**o
        {
            return inner.borrow(&vm.gil).clone();
        }
    }
    v.clone()
}

/// The receiver (`args[0]`) of the method `owner.method`, unwrapped and
/// picked by `pick` (which returns `None` when the value is of another type).
pub fn receiver<T>(
    vm: &mut Vm,
    args: &Args,
    owner: &str,
    method: &str,
    pick: impl Fn(&Value) -> Option<T>,
) -> PyResult<T> {
    let Some(this) = args.pos.first() else {
        return Err(vm.type_error(format!(
            "unbound method {owner}.{method}() needs an argument"
        )));
    };
    // The common case, a plain built-in value, without copying it first.
    if let Some(t) = pick(this) {
        return Ok(t);
    }
    let inner = builtin_value(vm, this);
    match pick(&inner) {
        Some(t) => Ok(t),
        None => {
            let t = vm.type_name(this);
            Err(vm.type_error(format!(
                "descriptor '{method}' for '{owner}' objects doesn't apply to a '{t}' object"
            )))
        }
    }
}

/// `value` as an instance of `class`: the value itself when `class` is the
/// built-in class `base`, otherwise an instance of the subclass wrapping it.
pub fn instance_of(class: &Obj, base: &Obj, value: Value) -> Value {
    if Obj::ptr_eq(class, base) {
        return value;
    }
    Value::from_obj(Object::Instance(Instance::new(
        class.clone(),
        Payload::Builtin(GilCell::new(value)),
    )))
}

/// Is the class given to a constructor exactly the built-in one (not a subclass)?
pub fn is_exact(class: &Value, base: &Obj) -> bool {
    matches!(class, Value::Obj(c) if Obj::ptr_eq(c, base))
}

/// The class a constructor was called for (`args[0]`), checked to be `base` or a subclass.
pub fn constructor_class(vm: &mut Vm, args: &Args, base: &Obj) -> PyResult<Obj> {
    let base_name = match &**base {
        Object::Class(c) => c.name.to_string(),
        _ => "?".into(),
    };
    match args.pos.first() {
        Some(Value::Obj(c)) if matches!(&**c, Object::Class(_)) => {
            if vm.is_subclass(c, base) {
                Ok(c.clone())
            } else {
                let name = match &**c {
                    Object::Class(k) => k.name.to_string(),
                    _ => "?".into(),
                };
                Err(vm.type_error(format!(
                    "{base_name}.__new__({name}): {name} is not a subtype of {base_name}"
                )))
            }
        }
        Some(other) => {
            let t = vm.type_name(other);
            Err(vm.type_error(format!(
                "{base_name}.__new__(X): X is not a type object ({t})"
            )))
        }
        None => Err(vm.type_error(format!("{base_name}.__new__(): not enough arguments"))),
    }
}

/// Run `__init__` of a freshly made instance of a subclass (what calling the
/// class does after `__new__`), checking that it returns None.
pub fn run_init(vm: &mut Vm, inst: &Value, args: Args) -> PyResult<()> {
    let class = vm.class_of(inst).clone();
    let Some(init) = vm.lookup_class_str(&class, "__init__") else {
        return Ok(());
    };
    let mut a = Args::new(std::iter::once(inst.clone()));
    a.pos.extend(args.pos);
    a.kw = args.kw;
    let r = vm.call(&init, a)?;
    if !r.is_none() {
        let t = vm.type_name(&r);
        return Err(vm.type_error(format!("__init__() should return None, not '{t}'")));
    }
    Ok(())
}

/// Arguments after the first `skip` (the receiver or the class).
pub fn rest(args: &Args, skip: usize) -> &[Value] {
    args.pos.get(skip..).unwrap_or(&[])
}

/// TypeError unless no keyword arguments were given: `list.append() takes no keyword arguments`.
pub fn no_kwargs(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<()> {
    if args.kw.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(format!("{fname}() takes no keyword arguments")))
    }
}

/// Check the count of the arguments after `skip`, with the messages of
/// CPython's argument clinic: `pop expected at most 1 argument, got 2`.
pub fn count_args(
    vm: &mut Vm,
    args: &Args,
    skip: usize,
    fname: &str,
    min: usize,
    max: usize,
) -> PyResult<()> {
    let n = args.pos.len().saturating_sub(skip);
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let msg = if n < min && min == max {
        format!("{fname} expected {min} argument{}, got {n}", plural(min))
    } else if n < min {
        format!(
            "{fname} expected at least {min} argument{}, got {n}",
            plural(min)
        )
    } else if n > max && min == max {
        format!("{fname} expected {max} argument{}, got {n}", plural(max))
    } else if n > max {
        format!(
            "{fname} expected at most {max} argument{}, got {n}",
            plural(max)
        )
    } else {
        return Ok(());
    };
    Err(vm.type_error(msg))
}

/// Bind the arguments after `skip` to parameters that may be given by
/// position or by keyword; the first `required` are mandatory. Returns one
/// slot per name.
pub fn bind_params<const N: usize>(
    vm: &mut Vm,
    args: Args,
    skip: usize,
    fname: &str,
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    let mut slots: [Option<Value>; N] = std::array::from_fn(|_| None);
    let n = args.pos.len().saturating_sub(skip);
    if n > N {
        let s = if N == 1 { "" } else { "s" };
        return Err(vm.type_error(format!(
            "{fname}() takes at most {N} argument{s} ({n} given)"
        )));
    }
    for (slot, v) in slots.iter_mut().zip(args.pos.into_iter().skip(skip)) {
        *slot = Some(v);
    }
    for (k, v) in args.kw {
        match names.iter().position(|p| **p == *k) {
            Some(i) if slots[i].is_some() => {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position ({})",
                    i + 1
                )));
            }
            Some(i) => slots[i] = Some(v),
            None => {
                return Err(vm.type_error(format!(
                    "{fname}() got an unexpected keyword argument '{k}'"
                )));
            }
        }
    }
    for (i, name) in names.iter().enumerate().take(required) {
        if slots[i].is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    Ok(slots)
}

/// `NotImplemented`, for binary dunders given an operand they do not handle.
pub fn not_implemented(vm: &Vm) -> Value {
    vm.rt.types.not_implemented.clone()
}

/// A native method that also receives `data` before `self` (used to give
/// a method the class of the objects it makes, e.g. `dict.keys` → `dict_keys`).
pub fn method_with_data(
    name: &'static str,
    func: crate::vm::NativeFn,
    data: Value,
    owner: &'static str,
) -> Value {
    Value::from_obj(Object::Native(crate::vm::object::NativeFunction {
        name,
        func,
        is_method: true,
        bound: Some(data),
        owner,
        fast: None,
    }))
}

/// A read-only attribute computed by a native getter (`int.real`,
/// `range.start`): a `property` whose getter is native.
pub fn native_property(name: &'static str, getter: crate::vm::NativeFn) -> Value {
    Value::from_obj(Object::Property(crate::vm::object::Property {
        fget: crate::native::native_fn(name, getter),
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
    }))
}

/// A copy of the arguments after the first `skip` (kept for `__init__`
/// while the constructor consumes the originals).
pub fn clone_args(args: &Args, skip: usize) -> Args {
    Args {
        pos: rest(args, skip).iter().cloned().collect(),
        kw: args.kw.clone(),
    }
}

/// Call a built-in class: `new(cls, *args)` makes the value; for a user
/// subclass, its `__init__` then runs with the same arguments (what
/// `type.__call__` does). `new` is also what the class's `__new__` is.
pub fn construct(vm: &mut Vm, args: Args, base: &Obj, new: crate::vm::NativeFn) -> PyResult {
    let exact = args.pos.first().is_none_or(|c| is_exact(c, base));
    if exact {
        return new(vm, args);
    }
    let init_args = clone_args(&args, 1);
    let inst = new(vm, args)?;
    run_init(vm, &inst, init_args)?;
    Ok(inst)
}

/// The binary operators that numbers implement, with their dunder names.
pub const BINARY_DUNDERS: [(&str, &str, BinaryOperator); 12] = [
    ("__add__", "__radd__", BinaryOperator::Add),
    ("__sub__", "__rsub__", BinaryOperator::Sub),
    ("__mul__", "__rmul__", BinaryOperator::Mul),
    ("__truediv__", "__rtruediv__", BinaryOperator::TrueDiv),
    ("__floordiv__", "__rfloordiv__", BinaryOperator::FloorDiv),
    ("__mod__", "__rmod__", BinaryOperator::Mod),
    ("__pow__", "__rpow__", BinaryOperator::Pow),
    ("__lshift__", "__rlshift__", BinaryOperator::LShift),
    ("__rshift__", "__rrshift__", BinaryOperator::RShift),
    ("__and__", "__rand__", BinaryOperator::And),
    ("__or__", "__ror__", BinaryOperator::Or),
    ("__xor__", "__rxor__", BinaryOperator::Xor),
];

/// The rich comparisons with their dunder names.
pub const COMPARISON_DUNDERS: [(&str, Comparison); 6] = [
    ("__lt__", Comparison::Lt),
    ("__le__", Comparison::Le),
    ("__eq__", Comparison::Eq),
    ("__ne__", Comparison::Ne),
    ("__gt__", Comparison::Gt),
    ("__ge__", Comparison::Ge),
];

/// Register `func` as every binary dunder of `class` (`__add__`, `__radd__`, ...);
/// it receives `(operator, self, other)`, see [`binary_operator`].
pub fn add_binary_dunders(
    vm: &mut Vm,
    class: &Obj,
    owner: &'static str,
    func: crate::vm::NativeFn,
    ops: &[BinaryOperator],
) {
    for (i, (name, rname, op)) in BINARY_DUNDERS.iter().enumerate() {
        if !ops.contains(op) {
            continue;
        }
        for (reflected, n) in [(false, name), (true, rname)] {
            let data = Value::Int((i * 2 + reflected as usize) as i64);
            crate::native::add_class_attr(vm, class, n, method_with_data(n, func, data, owner));
        }
    }
}

/// Take the operator a binary dunder registered by [`add_binary_dunders`]
/// was made for out of its arguments: (operator, reflected).
pub fn binary_operator(args: &mut Args) -> (BinaryOperator, bool) {
    let code = match args.pos.first() {
        Some(Value::Int(i)) => *i as usize,
        _ => 0,
    };
    if !args.pos.is_empty() {
        args.pos.remove(0);
    }
    let (_, _, op) = BINARY_DUNDERS[(code / 2).min(BINARY_DUNDERS.len() - 1)];
    (op, code % 2 == 1)
}

/// Register `func` as the six comparison dunders of `class`; it receives
/// `(comparison, self, other)`, see [`comparison_operator`].
pub fn add_comparison_dunders(
    vm: &mut Vm,
    class: &Obj,
    owner: &'static str,
    func: crate::vm::NativeFn,
) {
    for (i, (name, _)) in COMPARISON_DUNDERS.iter().enumerate() {
        let data = Value::Int(i as i64);
        crate::native::add_class_attr(vm, class, name, method_with_data(name, func, data, owner));
    }
}

/// Take the comparison a dunder registered by [`add_comparison_dunders`] was made for.
pub fn comparison_operator(args: &mut Args) -> Comparison {
    let code = match args.pos.first() {
        Some(Value::Int(i)) => *i as usize,
        _ => 0,
    };
    if !args.pos.is_empty() {
        args.pos.remove(0);
    }
    COMPARISON_DUNDERS[code.min(COMPARISON_DUNDERS.len() - 1)].1
}

/// A sequence subscript resolved to what the VM's fast paths take: an
/// `Int` (from an int, bool or `__index__` object) or the slice itself.
/// Ints too big for an index are an IndexError, as in CPython.
pub fn resolve_subscript(vm: &mut Vm, key: &Value, type_name: &str) -> PyResult<Value> {
    match key {
        Value::Int(_) => return Ok(key.clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Obj(o) => match &**o {
            Object::Slice(_) => return Ok(key.clone()),
            Object::BigInt(_) => {
                return Err(vm.index_error("cannot fit 'int' into an index-sized integer"))
            }
            _ => {}
        },
        _ => {}
    }
    if let Some(index) = vm.lookup_special(key, "__index__") {
        let i = vm.call(&index, Args::new([key.clone()]))?;
        if matches!(i, Value::Int(_)) {
            return Ok(i);
        }
    }
    let t = vm.type_name(key);
    Err(vm.type_error(format!(
        "{type_name} indices must be integers or slices, not {t}"
    )))
}

/// A repeat count for `seq * n`: an int-like value (negative counts as 0),
/// or `None` when `n` is not an integer.
pub fn repeat_count(vm: &mut Vm, n: &Value) -> PyResult<Option<usize>> {
    let n = builtin_value(vm, n);
    let count = match &n {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => {
            if crate::vm::ops::as_bigint(&n).is_some_and(|b| b.sign() == num_bigint::Sign::Minus) {
                0
            } else {
                return Err(vm.new_error(
                    "OverflowError",
                    "cannot fit 'int' into an index-sized integer",
                ));
            }
        }
        _ => match vm.lookup_special(&n, "__index__") {
            Some(f) => match vm.call(&f, Args::new([n.clone()]))? {
                Value::Int(i) => i,
                _ => return Ok(None),
            },
            None => return Ok(None),
        },
    };
    Ok(Some(count.max(0) as usize))
}

/// Refuse to build a sequence of more than this many items (`[0] * 10**12`).
pub fn check_size(vm: &mut Vm, len: usize, times: usize) -> PyResult<()> {
    match len.checked_mul(times) {
        Some(n) if n <= 1 << 31 => Ok(()),
        _ => Err(vm.new_error("MemoryError", "")),
    }
}

/// The TypeError for `seq + other` / `seq * other` with an unsupported
/// `other`, or NotImplemented when `other` is an instance of a user class
/// with the reflected dunder (which then gets its turn). Built-in operands
/// never get one: in CPython sequences concatenate and repeat through slots
/// that `str.__rmul__` and `int.__radd__` do not take part in.
pub fn sequence_operand_error(
    vm: &mut Vm,
    other: &Value,
    reflected: &str,
    msg: String,
) -> PyResult {
    let user_object = matches!(other.as_obj().map(|o| &**o), Some(Object::Instance(_)));
    if user_object && vm.lookup_special(other, reflected).is_some() {
        return Ok(not_implemented(vm));
    }
    Err(vm.type_error(msg))
}

/// `items` repeated `n` times (`seq * n`).
pub fn repeated(items: &[Value], n: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(items.len() * n);
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    out
}

/// A method taking no argument besides `self`: `list.clear() takes no arguments (1 given)`.
pub fn no_args(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<()> {
    needs_receiver(vm, args, fname)?;
    let n = args.pos.len() - 1;
    if n != 0 {
        return Err(vm.type_error(format!("{fname}() takes no arguments ({n} given)")));
    }
    Ok(())
}

/// A method taking exactly one argument besides `self`:
/// `list.append() takes exactly one argument (0 given)`.
pub fn one_arg(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<()> {
    needs_receiver(vm, args, fname)?;
    let n = args.pos.len() - 1;
    if n != 1 {
        return Err(vm.type_error(format!("{fname}() takes exactly one argument ({n} given)")));
    }
    Ok(())
}

/// TypeError when a method taken from its class is called without `self`.
fn needs_receiver(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<()> {
    if args.pos.is_empty() {
        return Err(vm.type_error(format!("unbound method {fname}() needs an argument")));
    }
    Ok(())
}
