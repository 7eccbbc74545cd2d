//! The `builtins` module: print, len, isinstance, sorted, ...
//! (The built-in classes — int, str, list... — are installed by `types`.)

use crate::vm::obj::GilRc;
use std::io::BufRead;

use super::{add_function, check_args, expect_int, expect_str, native_fn};
use crate::bytecode::Comparison;
use crate::compile::{compile_module, Mode};
use crate::diagnostics::SourceFile;
use crate::vm::code::CodeObj;
use crate::vm::object::{FastNative, IterState, Object};
use crate::vm::ops::{as_bigint, int_from_big};
use crate::vm::{Args, GilCell, Obj, PyResult, Value, Vm};

/// Fill the builtins namespace.
pub fn install(vm: &mut Vm) {
    let b = vm.rt.builtins.clone();
    let types: Vec<(String, Obj)> = vm
        .rt
        .types
        .all()
        .into_iter()
        .map(|(n, c)| (n.to_string(), c.clone()))
        .collect();
    for (name, class) in types {
        vm.dict_set_str(&b, &name, Value::Obj(class));
    }
    for alias in [("EnvironmentError", "OSError"), ("IOError", "OSError")] {
        let c = vm.rt.types.exc(alias.1).clone();
        vm.dict_set_str(&b, alias.0, Value::Obj(c));
    }
    let ni = vm.rt.types.not_implemented.clone();
    let el = vm.rt.types.ellipsis.clone();
    vm.dict_set_str(&b, "NotImplemented", ni);
    vm.dict_set_str(&b, "Ellipsis", el);
    vm.dict_set_str(&b, "__name__", Value::str("builtins"));
    vm.dict_set_str(&b, "__debug__", Value::Bool(true));
    let functions: &[(&'static str, crate::vm::NativeFn)] = &[
        ("print", print),
        ("len", len),
        ("repr", repr),
        ("ascii", ascii),
        ("id", id),
        ("hash", hash),
        ("isinstance", isinstance),
        ("issubclass", issubclass),
        ("callable", callable),
        ("getattr", getattr),
        ("setattr", setattr),
        ("hasattr", hasattr),
        ("delattr", delattr),
        ("iter", iter),
        ("next", next),
        ("abs", abs),
        ("min", min),
        ("max", max),
        ("sum", sum),
        ("all", all),
        ("any", any),
        ("sorted", sorted),
        ("reversed", reversed),
        ("enumerate", enumerate),
        ("zip", zip),
        ("map", map),
        ("filter", filter),
        ("round", round),
        ("divmod", divmod),
        ("pow", pow),
        ("chr", chr),
        ("ord", ord),
        ("hex", hex),
        ("oct", oct),
        ("bin", bin),
        ("format", format),
        ("input", input),
        ("globals", globals),
        ("locals", locals),
        ("vars", vars),
        ("dir", dir),
        ("exec", exec),
        ("eval", eval),
        ("__build_class__", build_class),
        ("__import__", import),
        ("exit", exit),
        ("quit", exit),
    ];
    for (name, f) in functions {
        add_function(vm, &b, name, *f);
    }
    if let Object::Dict(d) = &*b {
        super::mark_fast(vm, d, "len", FastNative::Len);
    }
    super::set_constructor(&vm.rt.types.super_.clone(), super_new);
}

fn print(vm: &mut Vm, mut args: Args) -> PyResult {
    let sep = args.take_kw("sep").filter(|v| !v.is_none());
    let end = args.take_kw("end").filter(|v| !v.is_none());
    let file = args.take_kw("file").filter(|v| !v.is_none());
    let flush = args
        .take_kw("flush")
        .map(|v| vm.truthy(&v))
        .transpose()?
        .unwrap_or(false);
    if let Some((k, _)) = args.kw.first() {
        return Err(vm.type_error(format!("'{k}' is an invalid keyword argument for print()")));
    }
    let sep = match &sep {
        Some(v) => expect_str(vm, v, "sep")?,
        None => " ".to_string(),
    };
    let end = match &end {
        Some(v) => expect_str(vm, v, "end")?,
        None => "\n".to_string(),
    };
    let mut out = String::new();
    for (i, v) in args.pos.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&vm.to_str(v)?);
    }
    out.push_str(&end);
    super::sys::write_to(vm, file.as_ref(), &out, flush)?;
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "len", &args, 1, 1)?;
    Ok(Value::Int(vm.len(&args.pos[0])? as i64))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "repr", &args, 1, 1)?;
    Ok(Value::str(vm.repr(&args.pos[0])?))
}

fn ascii(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "ascii", &args, 1, 1)?;
    let r = vm.repr(&args.pos[0])?;
    let mut out = String::new();
    for c in r.chars() {
        let n = c as u32;
        match n {
            0..=0x7f => out.push(c),
            0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            _ => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    Ok(Value::str(out))
}

fn id(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "id", &args, 1, 1)?;
    Ok(Value::Int(args.pos[0].id()))
}

fn hash(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "hash", &args, 1, 1)?;
    Ok(Value::Int(vm.hash(&args.pos[0])?))
}

/// `isinstance(obj, cls_or_tuple)`, honouring a `__instancecheck__` on the class.
pub fn is_instance_of(vm: &mut Vm, obj: &Value, spec: &Value) -> PyResult<bool> {
    match spec {
        Value::Obj(o) => {
            match &**o {
                Object::Class(_) => {
                    if vm.is_instance(obj, o) {
                        return Ok(true);
                    }
                    if let Some(check) = vm.lookup_class_str(o, "__instancecheck__") {
                        let f = vm.bind(check, spec, o)?;
                        let r = vm.call(&f, Args::new([obj.clone()]))?;
                        return vm.truthy(&r);
                    }
                    Ok(false)
                }
                Object::Tuple(items) => {
                    for item in items.clone().iter() {
                        if is_instance_of(vm, obj, item)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
                _ => Err(vm
                    .type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
            }
        }
        _ => Err(vm.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
    }
}

fn isinstance(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "isinstance", &args, 2, 2)?;
    Ok(Value::Bool(is_instance_of(vm, &args.pos[0], &args.pos[1])?))
}

fn is_subclass_of(vm: &mut Vm, cls: &Value, spec: &Value) -> PyResult<bool> {
    let Value::Obj(c) = cls else {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    };
    if !matches!(&**c, Object::Class(_)) {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    }
    match spec {
        Value::Obj(o) => match &**o {
            Object::Class(_) => {
                if vm.is_subclass(c, o) {
                    return Ok(true);
                }
                if let Some(check) = vm.lookup_class_str(o, "__subclasscheck__") {
                    let f = vm.bind(check, spec, o)?;
                    let r = vm.call(&f, Args::new([cls.clone()]))?;
                    return vm.truthy(&r);
                }
                Ok(false)
            }
            Object::Tuple(items) => {
                for item in items.clone().iter() {
                    if is_subclass_of(vm, cls, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(
                vm.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union")
            ),
        },
        _ => {
            Err(vm.type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"))
        }
    }
}

fn issubclass(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "issubclass", &args, 2, 2)?;
    Ok(Value::Bool(is_subclass_of(vm, &args.pos[0], &args.pos[1])?))
}

fn callable(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "callable", &args, 1, 1)?;
    let v = &args.pos[0];
    let r = match v {
        Value::Obj(o) => match &**o {
            Object::Function(_) | Object::Native(_) | Object::BoundMethod(_) | Object::Class(_) => {
                true
            }
            _ => vm.lookup_special(v, "__call__").is_some(),
        },
        _ => false,
    };
    Ok(Value::Bool(r))
}

/// The attribute name argument of getattr/setattr/hasattr/delattr.
fn attr_name(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v.as_str() {
        Some(s) => Ok(s.to_string()),
        None => {
            let t = vm.type_name(v);
            Err(vm.type_error(format!("attribute name must be string, not '{t}'")))
        }
    }
}

fn getattr(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "getattr", &args, 2, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    let key = crate::vm::HashKey::str(&name);
    match vm.try_getattr(&args.pos[0], &key) {
        Ok(Some(v)) => Ok(v),
        Ok(None) => match args.pos.get(2) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.no_attribute(&args.pos[0], &key)),
        },
        Err(e) if args.pos.len() == 3 && vm.exc_is(&e, "AttributeError") => Ok(args.pos[2].clone()),
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "setattr", &args, 3, 3)?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.setattr(
        &args.pos[0],
        &crate::vm::HashKey::str(&name),
        args.pos[2].clone(),
    )?;
    Ok(Value::None)
}

fn hasattr(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "hasattr", &args, 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    match vm.try_getattr(&args.pos[0], &crate::vm::HashKey::str(&name)) {
        Ok(v) => Ok(Value::Bool(v.is_some())),
        Err(e) if vm.exc_is(&e, "AttributeError") => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

fn delattr(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "delattr", &args, 2, 2)?;
    let name = attr_name(vm, &args.pos[1])?;
    vm.delattr(&args.pos[0], &crate::vm::HashKey::str(&name))?;
    Ok(Value::None)
}

fn iter(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "iter", &args, 1, 2)?;
    if args.pos.len() == 2 {
        let c = callable(vm, Args::new([args.pos[0].clone()]))?;
        if matches!(c, Value::Bool(false)) {
            return Err(vm.type_error("iter(v, w): v must be callable"));
        }
        let state = IterState::Callable {
            func: args.pos[0].clone(),
            sentinel: args.pos[1].clone(),
        };
        return Ok(Value::from_obj(Object::Iter(GilCell::new(state))));
    }
    vm.iter(&args.pos[0])
}

fn next(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "next", &args, 1, 2)?;
    let it = &args.pos[0];
    let is_iter = match it {
        Value::Obj(o) => {
            matches!(&**o, Object::Iter(_) | Object::Generator(_))
                || vm.lookup_special(it, "__next__").is_some()
        }
        _ => false,
    };
    if !is_iter {
        let t = vm.type_name(it);
        return Err(vm.type_error(format!("'{t}' object is not an iterator")));
    }
    // Generators: keep the return value in StopIteration.
    let result = match it {
        Value::Obj(o) if matches!(&**o, Object::Generator(_)) => {
            match vm.gen_resume(o, crate::vm::generator::Resume::Send(Value::None)) {
                Ok(crate::vm::generator::GenOutcome::Yielded(v)) => Ok(v),
                Ok(crate::vm::generator::GenOutcome::Returned(r)) => Err(vm.stop_iteration(r)),
                Err(e) => Err(e),
            }
        }
        Value::Obj(o) if matches!(&**o, Object::Iter(_)) => match vm.next(it)? {
            Some(v) => Ok(v),
            None => Err(vm.stop_iteration(Value::None)),
        },
        _ => {
            let f = vm.lookup_special(it, "__next__").unwrap_or(Value::None);
            vm.call(&f, Args::new([it.clone()]))
        }
    };
    match (result, args.pos.get(1)) {
        (Err(e), Some(default)) if vm.exc_is(&e, "StopIteration") => Ok(default.clone()),
        (r, _) => r,
    }
}

fn abs(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "abs", &args, 1, 1)?;
    let v = &args.pos[0];
    match v {
        Value::Int(i) => Ok(i.checked_abs().map(Value::Int).unwrap_or_else(|| {
            int_from_big(as_bigint(v).unwrap_or_default().magnitude().clone().into())
        })),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => Ok(Value::Float(f.abs())),
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => {
            let b = as_bigint(v).unwrap_or_default();
            Ok(int_from_big(num_bigint::BigInt::from(
                b.magnitude().clone(),
            )))
        }
        _ => match vm.lookup_special(v, "__abs__") {
            Some(f) => vm.call(&f, Args::new([v.clone()])),
            None => {
                let t = vm.type_name(v);
                Err(vm.type_error(format!("bad operand type for abs(): '{t}'")))
            }
        },
    }
}

fn min_max(vm: &mut Vm, mut args: Args, name: &str, want: Comparison) -> PyResult {
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let default = args.take_kw("default");
    let items = if args.pos.len() == 1 {
        vm.collect(&args.pos[0])?
    } else if args.pos.is_empty() {
        return Err(vm.type_error(format!("{name} expected at least 1 argument, got 0")));
    } else {
        args.pos.to_vec()
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => vm.call(f, Args::new([item.clone()]))?,
            None => item.clone(),
        };
        let better = match &best {
            None => true,
            Some((bk, _)) => {
                let r = vm.compare(want, &k, bk)?;
                vm.truthy(&r)?
            }
        };
        if better {
            best = Some((k, item));
        }
    }
    match best {
        Some((_, v)) => Ok(v),
        None => match default {
            Some(d) => Ok(d),
            None => Err(vm.value_error(format!("{name}() arg is an empty sequence"))),
        },
    }
}

fn min(vm: &mut Vm, args: Args) -> PyResult {
    min_max(vm, args, "min", Comparison::Lt)
}

fn max(vm: &mut Vm, args: Args) -> PyResult {
    min_max(vm, args, "max", Comparison::Gt)
}

fn sum(vm: &mut Vm, mut args: Args) -> PyResult {
    let start = args.take_kw("start");
    check_args(vm, "sum", &args, 1, 2)?;
    let mut total = start
        .or_else(|| args.pos.get(1).cloned())
        .unwrap_or(Value::Int(0));
    if total.as_str().is_some() {
        return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
    }
    let it = vm.iter(&args.pos[0])?;
    while let Some(v) = vm.next(&it)? {
        total = match (&total, &v) {
            (Value::Int(a), Value::Int(b)) if a.checked_add(*b).is_some() => Value::Int(a + b),
            _ => vm.binary_op(crate::bytecode::BinaryOperator::Add, &total, &v)?,
        };
    }
    Ok(total)
}

fn all(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "all", &args, 1, 1)?;
    let it = vm.iter(&args.pos[0])?;
    while let Some(v) = vm.next(&it)? {
        if !vm.truthy(&v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn any(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "any", &args, 1, 1)?;
    let it = vm.iter(&args.pos[0])?;
    while let Some(v) = vm.next(&it)? {
        if vm.truthy(&v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn sorted(vm: &mut Vm, mut args: Args) -> PyResult {
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let reverse = match args.take_kw("reverse") {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    super::check_one_positional(vm, "sorted", &args)?;
    let items = vm.collect(&args.pos[0])?;
    let sorted = super::types::list::sort_values(vm, &items, key.as_ref(), reverse)?;
    Ok(vm.new_list(sorted))
}

fn reversed(vm: &mut Vm, args: Args) -> PyResult {
    super::check_one_positional(vm, "reversed", &args)?;
    let seq = args.pos[0].clone();
    if let Value::Obj(o) = &seq {
        match &**o {
            Object::List(l) => {
                let n = l.borrow(&vm.gil).len();
                let st = IterState::Reversed {
                    seq: seq.clone(),
                    index: n,
                };
                return Ok(Value::from_obj(Object::Iter(GilCell::new(st))));
            }
            Object::Tuple(t) => {
                let st = IterState::Reversed {
                    seq: seq.clone(),
                    index: t.len(),
                };
                return Ok(Value::from_obj(Object::Iter(GilCell::new(st))));
            }
            Object::Range(_) | Object::Str(_) => {
                let mut items = vm.collect(&seq)?;
                items.reverse();
                let st = IterState::Snapshot { items, index: 0 };
                return Ok(Value::from_obj(Object::Iter(GilCell::new(st))));
            }
            _ => {}
        }
    }
    if let Some(f) = vm.lookup_special(&seq, "__reversed__") {
        return vm.call(&f, Args::new([seq]));
    }
    if vm.lookup_special(&seq, "__getitem__").is_some()
        && vm.lookup_special(&seq, "__len__").is_some()
    {
        let mut items = vm.collect(&seq)?;
        items.reverse();
        let st = IterState::Snapshot { items, index: 0 };
        return Ok(Value::from_obj(Object::Iter(GilCell::new(st))));
    }
    let t = vm.type_name(&seq);
    Err(vm.type_error(format!("'{t}' object is not reversible")))
}

fn enumerate(vm: &mut Vm, mut args: Args) -> PyResult {
    let start = args.take_kw("start");
    check_args(vm, "enumerate", &args, 1, 2)?;
    let start = match start.or_else(|| args.pos.get(1).cloned()) {
        Some(v) => expect_int(vm, &v, "start")?,
        None => 0,
    };
    let it = vm.iter(&args.pos[0])?;
    Ok(Value::from_obj(Object::Iter(GilCell::new(
        IterState::Enumerate { it, count: start },
    ))))
}

fn zip(vm: &mut Vm, mut args: Args) -> PyResult {
    let _strict = args.take_kw("strict");
    let mut its = Vec::with_capacity(args.pos.len());
    for v in args.pos.iter() {
        its.push(vm.iter(v)?);
    }
    Ok(Value::from_obj(Object::Iter(GilCell::new(
        IterState::Zip { its },
    ))))
}

fn map(vm: &mut Vm, args: Args) -> PyResult {
    if args.pos.len() < 2 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let func = args.pos[0].clone();
    let mut its = Vec::with_capacity(args.pos.len() - 1);
    for v in args.pos[1..].iter() {
        its.push(vm.iter(v)?);
    }
    Ok(Value::from_obj(Object::Iter(GilCell::new(
        IterState::Map { func, its },
    ))))
}

fn filter(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "filter", &args, 2, 2)?;
    let it = vm.iter(&args.pos[1])?;
    Ok(Value::from_obj(Object::Iter(GilCell::new(
        IterState::Filter {
            func: args.pos[0].clone(),
            it,
        },
    ))))
}

fn round(vm: &mut Vm, mut args: Args) -> PyResult {
    let nd = args.take_kw("ndigits");
    check_args(vm, "round", &args, 1, 2)?;
    let v = args.pos[0].clone();
    let nd = nd
        .or_else(|| args.pos.get(1).cloned())
        .filter(|n| !n.is_none());
    if let Some(f) = vm.lookup_special(&v, "__round__") {
        let mut a = Args::new([v]);
        if let Some(n) = nd {
            a.pos.push(n);
        }
        return vm.call(&f, a);
    }
    match (&v, nd) {
        (Value::Int(_) | Value::Bool(_), None) => Ok(Value::Int(expect_int(vm, &v, "x")?)),
        (Value::Float(x), None) => {
            let r = round_half_even(*x);
            if !r.is_finite() {
                return Err(
                    vm.new_error("OverflowError", "cannot convert float infinity to integer")
                );
            }
            Ok(int_from_big(num_bigint::BigInt::from(r as i128)))
        }
        (Value::Float(x), Some(n)) => {
            let n = expect_int(vm, &n, "ndigits")?;
            Ok(Value::Float(round_float_digits(*x, n)))
        }
        (Value::Int(_), Some(n)) => {
            let n = expect_int(vm, &n, "ndigits")?;
            if n >= 0 {
                return Ok(v.clone());
            }
            let p = 10i64.checked_pow((-n) as u32).unwrap_or(i64::MAX);
            let x = expect_int(vm, &v, "x")?;
            let q = (x as f64 / p as f64).round_ties_even() as i64;
            Ok(Value::Int(q * p))
        }
        _ => {
            let t = vm.type_name(&v);
            Err(vm.type_error(format!("type {t} doesn't define __round__ method")))
        }
    }
}

/// Round half to even, as Python's `round(x)`.
pub fn round_half_even(x: f64) -> f64 {
    x.round_ties_even()
}

/// `round(x, n)`: correctly rounded through the decimal text of `x`, as CPython does.
pub fn round_float_digits(x: f64, n: i64) -> f64 {
    if !x.is_finite() || n > 300 {
        return x;
    }
    if n < -300 {
        return 0.0 * x;
    }
    if n >= 0 {
        // Format with n digits (exact binary value, round-half-even on exact ties), parse back.
        let s = format!("{:.*}", n as usize, x);
        s.parse().unwrap_or(x)
    } else {
        let p = 10f64.powi((-n) as i32);
        (x / p).round_ties_even() * p
    }
}

fn divmod(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "divmod", &args, 2, 2)?;
    let (a, b) = (&args.pos[0], &args.pos[1]);
    if let Some(f) = vm.lookup_special(a, "__divmod__") {
        let r = vm.call(&f, Args::new([a.clone(), b.clone()]))?;
        if !r.is(&vm.rt.types.not_implemented) {
            return Ok(r);
        }
    }
    let q = vm.binary_op(crate::bytecode::BinaryOperator::FloorDiv, a, b)?;
    let r = vm.binary_op(crate::bytecode::BinaryOperator::Mod, a, b)?;
    Ok(vm.new_tuple(vec![q, r]))
}

fn pow(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "pow", &args, 2, 3)?;
    if let Some(m) = args.pos.get(2).filter(|m| !m.is_none()) {
        let (Some(b), Some(e), Some(m)) = (
            as_bigint(&args.pos[0]),
            as_bigint(&args.pos[1]),
            as_bigint(m),
        ) else {
            return Err(
                vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
            );
        };
        if m == num_bigint::BigInt::from(0) {
            return Err(vm.value_error("pow() 3rd argument cannot be 0"));
        }
        let (b, e) = if e < num_bigint::BigInt::from(0) {
            match mod_inverse(&b, &m) {
                Some(inv) => (inv, -e),
                None => return Err(vm.value_error("base is not invertible for the given modulus")),
            }
        } else {
            (b, e)
        };
        let r = b.modpow(&e, &m);
        let r = if r < num_bigint::BigInt::from(0) {
            r + &m
        } else {
            r
        };
        return Ok(int_from_big(r));
    }
    vm.binary_op(
        crate::bytecode::BinaryOperator::Pow,
        &args.pos[0],
        &args.pos[1],
    )
}

/// The inverse of `a` modulo `m`, if it exists (extended Euclid).
fn mod_inverse(a: &num_bigint::BigInt, m: &num_bigint::BigInt) -> Option<num_bigint::BigInt> {
    use num_integer::Integer;
    let g = a.extended_gcd(m);
    if g.gcd != num_bigint::BigInt::from(1) && g.gcd != num_bigint::BigInt::from(-1) {
        return None;
    }
    let x = if g.gcd < num_bigint::BigInt::from(0) {
        -g.x
    } else {
        g.x
    };
    Some(x.mod_floor(m))
}

fn chr(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "chr", &args, 1, 1)?;
    let i = expect_int(vm, &args.pos[0], "an integer is required")?;
    match u32::try_from(i).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::str(c.to_string())),
        None => Err(vm.value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "ord", &args, 1, 1)?;
    let v = &args.pos[0];
    if let Some(s) = v.as_str() {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Value::Int(c as i64));
        }
        let n = s.chars().count();
        return Err(vm.type_error(format!(
            "ord() expected a character, but string of length {n} found"
        )));
    }
    if let Value::Obj(o) = v {
        if let Object::Bytes(b) = &**o {
            if b.len() == 1 {
                return Ok(Value::Int(b[0] as i64));
            }
        }
    }
    let t = vm.type_name(v);
    Err(vm.type_error(format!("ord() expected string of length 1, but {t} found")))
}

fn radix(vm: &mut Vm, args: &Args, name: &str, prefix: &str, base: u32) -> PyResult {
    check_args(vm, name, args, 1, 1)?;
    let v = match vm.lookup_special(&args.pos[0], "__index__") {
        Some(f) if as_bigint(&args.pos[0]).is_none() => {
            vm.call(&f, Args::new([args.pos[0].clone()]))?
        }
        _ => args.pos[0].clone(),
    };
    let Some(b) = as_bigint(&v) else {
        let t = vm.type_name(&args.pos[0]);
        return Err(vm.type_error(format!("'{t}' object cannot be interpreted as an integer")));
    };
    let sign = if b < num_bigint::BigInt::from(0) {
        "-"
    } else {
        ""
    };
    Ok(Value::str(format!(
        "{sign}{prefix}{}",
        b.magnitude().to_str_radix(base)
    )))
}

fn hex(vm: &mut Vm, args: Args) -> PyResult {
    radix(vm, &args, "hex", "0x", 16)
}

fn oct(vm: &mut Vm, args: Args) -> PyResult {
    radix(vm, &args, "oct", "0o", 8)
}

fn bin(vm: &mut Vm, args: Args) -> PyResult {
    radix(vm, &args, "bin", "0b", 2)
}

fn format(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "format", &args, 1, 2)?;
    let spec = match args.pos.get(1) {
        Some(s) => expect_str(vm, s, "format spec")?,
        None => String::new(),
    };
    Ok(Value::str(vm.format_value(&args.pos[0], &spec)?))
}

fn input(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "input", &args, 0, 1)?;
    if let Some(p) = args.pos.first() {
        let prompt = vm.to_str(p)?;
        vm.rt.output.write_stdout(&prompt);
    }
    vm.rt.output.flush();
    let line = vm.allow_threads(|| {
        let mut s = String::new();
        std::io::stdin().lock().read_line(&mut s).map(|n| (n, s))
    });
    match line {
        Ok((0, _)) => Err(vm.new_error("EOFError", "EOF when reading a line")),
        Ok((_, mut s)) => {
            if s.ends_with('\n') {
                s.pop();
                if s.ends_with('\r') {
                    s.pop();
                }
            }
            Ok(Value::str(s))
        }
        Err(e) => Err(vm.new_error("OSError", e.to_string())),
    }
}

fn globals(vm: &mut Vm, _args: Args) -> PyResult {
    match vm.caller_globals() {
        Some(g) => Ok(Value::Obj(g)),
        None => Ok(vm.new_dict(crate::vm::Dict::new())),
    }
}

fn locals(vm: &mut Vm, _args: Args) -> PyResult {
    vm.caller_locals()
}

fn vars(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "vars", &args, 0, 1)?;
    match args.pos.first() {
        None => vm.caller_locals(),
        Some(v) => match vm.try_getattr(v, &crate::vm::HashKey::str("__dict__"))? {
            Some(d) => Ok(d),
            None => Err(vm.type_error("vars() argument must have __dict__ attribute")),
        },
    }
}

fn dir(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "dir", &args, 0, 1)?;
    let mut names: Vec<String> = Vec::new();
    match args.pos.first() {
        None => {
            let l = vm.caller_locals()?;
            for k in vm.collect(&l)? {
                names.push(vm.to_str(&k)?);
            }
        }
        Some(v) => {
            if let Some(f) = vm
                .lookup_special(v, "__dir__")
                .filter(|_| matches!(v, Value::Obj(o) if matches!(&**o, Object::Instance(_))))
            {
                let r = vm.call(&f, Args::new([v.clone()]))?;
                for k in vm.collect(&r)? {
                    names.push(vm.to_str(&k)?);
                }
            } else {
                names = attribute_names(vm, v);
            }
        }
    }
    names.sort();
    names.dedup();
    let items = names.into_iter().map(Value::str).collect();
    Ok(vm.new_list(items))
}

/// Every attribute name of a value: its dict and its class's MRO (for `dir` and REPL completion).
pub fn attribute_names(vm: &mut Vm, v: &Value) -> Vec<String> {
    let mut names = Vec::new();
    let add_dict = |vm: &Vm, d: &crate::vm::Dict, names: &mut Vec<String>| {
        let _ = vm;
        for k in d.keys() {
            if let Some(s) = k.value.as_str() {
                names.push(s.to_string());
            }
        }
    };
    if let Value::Obj(o) = v {
        match &**o {
            Object::Instance(i) => names.extend(vm.instance_attr_names(i)),
            Object::Module(m) => {
                if let Object::Dict(d) = &*m.dict {
                    add_dict(vm, &d.borrow(&vm.gil), &mut names);
                }
                return names;
            }
            Object::Class(c) => {
                add_dict(vm, &c.dict.borrow(&vm.gil), &mut names);
                for k in c.mro.iter() {
                    if let Object::Class(kc) = &**k {
                        add_dict(vm, &kc.dict.borrow(&vm.gil), &mut names);
                    }
                }
                return names;
            }
            _ => {}
        }
    }
    let class = vm.class_of(v).clone();
    if let Object::Class(c) = &*class {
        add_dict(vm, &c.dict.borrow(&vm.gil), &mut names);
        for k in c.mro.iter() {
            if let Object::Class(kc) = &**k {
                add_dict(vm, &kc.dict.borrow(&vm.gil), &mut names);
            }
        }
    }
    names
}

/// Compile source text given to exec/eval.
fn compile_text(vm: &mut Vm, v: &Value, mode: Mode, name: &str) -> PyResult<GilRc<CodeObj>> {
    if let Value::Obj(o) = v {
        if let Object::Code(c) = &**o {
            return Ok(c.clone());
        }
    }
    let text = expect_str(vm, v, &format!("{name}() arg 1"))?;
    let source = SourceFile::new("<string>", text);
    match crate::syntax::parse(&source).and_then(|m| compile_module(&m, &source, mode)) {
        Ok(code) => Ok(vm.load_code(code)),
        Err(err) => {
            let (line, _) = err.line_col();
            let class = vm.rt.types.exc(err.kind.class_name()).clone();
            Err(vm.new_exception(
                &class,
                vec![Value::str(format!(
                    "{} (<string>, line {line})",
                    err.message
                ))],
            ))
        }
    }
}

fn exec_or_eval(vm: &mut Vm, args: Args, mode: Mode, name: &str) -> PyResult {
    check_args(vm, name, &args, 1, 3)?;
    let code = compile_text(vm, &args.pos[0], mode, name)?;
    let globals = match args.pos.get(1).filter(|g| !g.is_none()) {
        Some(Value::Obj(g)) if matches!(&**g, Object::Dict(_)) => g.clone(),
        Some(_) => return Err(vm.type_error(format!("{name}() globals must be a dict"))),
        None => vm
            .caller_globals()
            .unwrap_or_else(|| vm.rt.builtins.clone()),
    };
    if vm.dict_get_str(&globals, "__builtins__").is_none() {
        let b = vm.rt.builtins.clone();
        vm.dict_set_str(&globals, "__builtins__", Value::Obj(b));
    }
    let locals = match args.pos.get(2).filter(|l| !l.is_none()) {
        Some(Value::Obj(l)) => l.clone(),
        _ => match args.pos.get(1).filter(|g| !g.is_none()) {
            Some(_) => globals.clone(),
            None => match vm.caller_locals()? {
                Value::Obj(l) => l,
                _ => globals.clone(),
            },
        },
    };
    vm.run_code_in(code, &globals, &locals)
}

fn exec(vm: &mut Vm, args: Args) -> PyResult {
    exec_or_eval(vm, args, Mode::Exec, "exec")?;
    Ok(Value::None)
}

fn eval(vm: &mut Vm, args: Args) -> PyResult {
    exec_or_eval(vm, args, Mode::Eval, "eval")
}

fn build_class(vm: &mut Vm, args: Args) -> PyResult {
    vm.build_class(args)
}

fn import(vm: &mut Vm, mut args: Args) -> PyResult {
    let fromlist = args.take_kw("fromlist").unwrap_or(Value::None);
    check_args(vm, "__import__", &args, 1, 5)?;
    let name = expect_str(vm, &args.pos[0], "module name")?;
    let fromlist = args.pos.get(3).cloned().unwrap_or(fromlist);
    let globals = vm
        .caller_globals()
        .unwrap_or_else(|| vm.rt.builtins.clone());
    // An empty fromlist means "no fromlist", as in CPython's __import__.
    let fromlist = if matches!(&fromlist, Value::Obj(o) if matches!(&**o, Object::Tuple(t) if t.is_empty()))
    {
        Value::None
    } else {
        fromlist
    };
    vm.import_name(&name, 0, &fromlist, &globals)
}

fn exit(vm: &mut Vm, args: Args) -> PyResult {
    let class = vm.rt.types.exc("SystemExit").clone();
    Err(vm.new_exception(&class, args.pos.into_iter().take(1).collect()))
}

/// `super()` and `super(cls, obj)`.
fn super_new(vm: &mut Vm, args: Args) -> PyResult {
    let (class, obj) = match args.pos.len() {
        1 => match vm.zero_arg_super() {
            Some(pair) => pair,
            None => return Err(vm.new_error("RuntimeError", "super(): no arguments")),
        },
        3 => (args.pos[1].clone(), args.pos[2].clone()),
        _ => return Err(vm.type_error("super() takes 0 or 2 arguments")),
    };
    let Value::Obj(c) = &class else {
        return Err(vm.type_error("super() argument 1 must be a type"));
    };
    if !matches!(&**c, Object::Class(_)) {
        let t = vm.type_name(&class);
        return Err(vm.type_error(format!("super() argument 1 must be a type, not {t}")));
    }
    Ok(Value::from_obj(Object::Super(crate::vm::object::Super {
        class: c.clone(),
        obj,
    })))
}

/// Used by the REPL's completion and by tests.
pub fn builtin_names(vm: &Vm) -> Vec<String> {
    match &*vm.rt.builtins {
        Object::Dict(d) => d
            .borrow(&vm.gil)
            .keys()
            .filter_map(|k| k.value.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// `native_fn` re-exported for modules that build builtins-like functions.
pub fn function(name: &'static str, f: crate::vm::NativeFn) -> Value {
    native_fn(name, f)
}
