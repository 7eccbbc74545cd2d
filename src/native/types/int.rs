//! `int` and `bool`: the constructors (`int('ff', 16)`, `int(2.7)`,
//! `bool(x)`), the dunders behind `int.__add__(1, 2)` and `(5).__add__`
//! (the operators themselves are fast paths in vm/ops.rs), rounding,
//! `bit_length`, `to_bytes`/`from_bytes`, and `True`/`False` as text.
//!
//! `__format__` belongs with the string formatting code, not here.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::support::{
    add_binary_dunders, add_comparison_dunders, binary_operator, bind_params, comparison_operator,
    construct, constructor_class, count_args, instance_of, native_property, no_kwargs,
    not_implemented, receiver,
};
use super::support::{no_args, one_arg};
use crate::bytecode::{BinaryOperator, UnaryOperator};
use crate::native::{
    add_class_attr, add_method, check_args, expect_int, native_fn, set_constructor,
};
use crate::vm::ops::{as_bigint, int_from_big};
use crate::vm::{Args, Object, PyResult, Value, Vm};

/// Install `int` and `bool`.
pub fn install(vm: &mut Vm) {
    let int = vm.rt.types.int.clone();
    set_constructor(&int, int_call);
    add_class_attr(vm, &int, "__new__", native_fn("__new__", int_new));
    let all_ops: Vec<BinaryOperator> = super::support::BINARY_DUNDERS.iter().map(|d| d.2).collect();
    add_binary_dunders(vm, &int, "int", int_binary, &all_ops);
    add_comparison_dunders(vm, &int, "int", int_compare);
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__divmod__", int_divmod),
        ("__rdivmod__", int_rdivmod),
        ("__neg__", int_neg),
        ("__pos__", int_itself),
        ("__invert__", int_invert),
        ("__abs__", int_abs),
        ("__bool__", int_bool),
        ("__int__", int_itself),
        ("__index__", int_itself),
        ("__trunc__", int_itself),
        ("__floor__", int_itself),
        ("__ceil__", int_itself),
        ("__float__", int_float),
        ("__round__", int_round),
        ("__repr__", int_repr),
        ("__str__", int_repr),
        ("__hash__", int_hash),
        ("__getnewargs__", int_getnewargs),
        ("conjugate", int_itself),
        ("bit_length", int_bit_length),
        ("bit_count", int_bit_count),
        ("to_bytes", int_to_bytes),
        ("as_integer_ratio", int_as_integer_ratio),
    ];
    for (name, f) in methods {
        add_method(vm, &int, name, *f);
    }
    let from_bytes = Value::from_obj(Object::ClassMethod(native_fn("from_bytes", int_from_bytes)));
    add_class_attr(vm, &int, "from_bytes", from_bytes);
    add_class_attr(vm, &int, "real", native_property("real", int_itself));
    add_class_attr(
        vm,
        &int,
        "numerator",
        native_property("numerator", int_itself),
    );
    add_class_attr(vm, &int, "imag", native_property("imag", int_zero));
    add_class_attr(
        vm,
        &int,
        "denominator",
        native_property("denominator", int_one),
    );

    let bool_ = vm.rt.types.bool_.clone();
    set_constructor(&bool_, bool_new);
    add_class_attr(vm, &bool_, "__new__", native_fn("__new__", bool_new));
    add_method(vm, &bool_, "__repr__", bool_repr);
    add_method(vm, &bool_, "__str__", bool_repr);
    add_binary_dunders(
        vm,
        &bool_,
        "bool",
        bool_binary,
        &[BinaryOperator::And, BinaryOperator::Or, BinaryOperator::Xor],
    );
}

/// An int value (`Int`, `Bool` or a big int), or `None` for anything else.
pub fn int_like(v: &Value) -> Option<Value> {
    match v {
        Value::Int(_) | Value::Bool(_) => Some(v.clone()),
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => Some(v.clone()),
        _ => None,
    }
}

/// An int value with bools turned into plain ints.
fn plain_int(v: Value) -> Value {
    match v {
        Value::Bool(b) => Value::Int(b as i64),
        other => other,
    }
}

/// The int `self` of a method (unwrapped from a subclass instance).
fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Value> {
    receiver(vm, args, "int", method, int_like)
}

fn big(v: &Value) -> BigInt {
    as_bigint(v).unwrap_or_default()
}

/// `int(x=0)` / `int(text, base=10)`, for `int` itself or a subclass.
fn int_call(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.int.clone();
    construct(vm, args, &base, int_new)
}

/// `int.__new__(cls, x=0, base=10)`.
fn int_new(vm: &mut Vm, mut args: Args) -> PyResult {
    let base_class = vm.rt.types.int.clone();
    let class = constructor_class(vm, &args, &base_class)?;
    let given = args.pos.len() - 1;
    if given > 2 {
        return Err(vm.type_error(format!("int() takes at most 2 arguments ({given} given)")));
    }
    let base_kw = args.take_kw("base");
    if let Some((k, _)) = args.kw.first() {
        return Err(vm.type_error(format!("'{k}' is an invalid keyword argument for int()")));
    }
    let x = args.pos.get(1).cloned();
    let base = args.pos.get(2).cloned().or(base_kw);
    let value = match (x, base) {
        (None, None) => Value::Int(0),
        (None, Some(_)) => return Err(vm.type_error("int() missing string argument")),
        (Some(x), None) => int_from_value(vm, &x)?,
        (Some(x), Some(base)) => {
            let base = expect_int(vm, &base, "'base'")?;
            if base != 0 && !(2..=36).contains(&base) {
                return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            let inner = super::support::builtin_value(vm, &x);
            match text_of(vm, &inner) {
                Some(text) => parse_int_literal(vm, &text, base as u32, &inner)?,
                None => {
                    return Err(vm.type_error("int() can't convert non-string with explicit base"))
                }
            }
        }
    };
    Ok(instance_of(&class, &base_class, value))
}

/// The text of a str, bytes or bytearray value (bytes read as Latin-1).
fn text_of(vm: &Vm, v: &Value) -> Option<String> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Str(s)) => Some(s.as_str().to_string()),
        Some(Object::Bytes(b)) => Some(b.iter().map(|&c| c as char).collect()),
        Some(Object::ByteArray(b)) => Some(b.borrow(&vm.gil).iter().map(|&c| c as char).collect()),
        _ => None,
    }
}

/// `int(x)` for one argument: ints, floats (truncated), text, or `__int__`/`__index__`/`__trunc__`.
pub fn int_from_value(vm: &mut Vm, x: &Value) -> PyResult {
    let inner = super::support::builtin_value(vm, x);
    if let Some(i) = int_like(&inner) {
        return Ok(plain_int(i));
    }
    if let Value::Float(f) = inner {
        return int_from_float(vm, f);
    }
    if let Some(text) = text_of(vm, &inner) {
        return parse_int_literal(vm, &text, 10, &inner);
    }
    for name in ["__int__", "__index__", "__trunc__"] {
        if let Some(f) = vm.lookup_special(x, name) {
            let r = vm.call(&f, Args::new([x.clone()]))?;
            let r_inner = super::support::builtin_value(vm, &r);
            return match int_like(&r_inner) {
                Some(i) => Ok(plain_int(i)),
                None => {
                    let t = vm.type_name(&r);
                    Err(vm.type_error(format!("{name} returned non-int (type {t})")))
                }
            };
        }
    }
    let t = vm.type_name(x);
    Err(vm.type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{t}'"
    )))
}

/// A float truncated toward zero, as an int.
pub fn int_from_float(vm: &mut Vm, f: f64) -> PyResult {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.new_error("OverflowError", "cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(int_from_big(
        num_traits::FromPrimitive::from_f64(t).unwrap_or_default(),
    ))
}

/// Parse an int literal as `int(text, base)` does: surrounding whitespace,
/// a sign, a `0x`/`0o`/`0b` prefix (required for base 0), and single
/// underscores between digits. `original` is the value for the error message.
fn parse_int_literal(vm: &mut Vm, text: &str, base: u32, original: &Value) -> PyResult {
    match parse_digits(text, base) {
        Some(n) => Ok(int_from_big(n)),
        None => {
            let r = vm.repr(original)?;
            Err(vm.value_error(format!("invalid literal for int() with base {base}: {r}")))
        }
    }
}

fn parse_digits(text: &str, base: u32) -> Option<BigInt> {
    let s = text.trim();
    let (negative, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = s.get(..2).map(str::to_ascii_lowercase);
    let prefix_base = match lower.as_deref() {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    let (radix, digits, had_prefix) = match (base, prefix_base) {
        (0, Some(p)) => (p, &s[2..], true),
        (b, Some(p)) if b == p => (p, &s[2..], true),
        (0, None) => (10, s, false),
        (b, _) => (b, s, false),
    };
    // After a prefix one leading underscore is allowed (`0x_ff`).
    let digits = if had_prefix {
        digits.strip_prefix('_').unwrap_or(digits)
    } else {
        digits
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // Base 0 reads decimals like source code: no leading zeros except for zero itself.
    if base == 0
        && !had_prefix
        && clean.len() > 1
        && clean.starts_with('0')
        && clean.chars().any(|c| c != '0')
    {
        return None;
    }
    let n = BigInt::parse_bytes(clean.as_bytes(), radix)?;
    Some(if negative { -n } else { n })
}

/// `int.__add__(self, other)` and the other binary dunders: only ints are handled.
fn int_binary(vm: &mut Vm, mut args: Args) -> PyResult {
    let (op, reflected) = binary_operator(&mut args);
    let name = if reflected {
        "reflected operator"
    } else {
        "operator"
    };
    count_args(vm, &args, 1, name, 1, 2)?;
    let a = this(vm, &args, name)?;
    let other = super::support::builtin_value(vm, &args.pos[1]);
    let Some(b) = int_like(&other) else {
        return Ok(not_implemented(vm));
    };
    if op == BinaryOperator::Pow && !reflected {
        if let Some(m) = args.pos.get(2).filter(|m| !m.is_none()) {
            return int_pow_mod(vm, &a, &b, m);
        }
    }
    let (a, b) = if reflected { (b, a) } else { (a, b) };
    vm.binary_op(op, &plain_int(a), &plain_int(b))
}

/// `pow(a, b, m)` for ints (a negative exponent uses the modular inverse).
fn int_pow_mod(vm: &mut Vm, a: &Value, b: &Value, m: &Value) -> PyResult {
    let m_inner = super::support::builtin_value(vm, m);
    let Some(m) = int_like(&m_inner) else {
        return Err(
            vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    };
    let (a, b, m) = (big(a), big(b), big(&m));
    if m.is_zero() {
        return Err(vm.value_error("pow() 3rd argument cannot be 0"));
    }
    let base = if b.is_negative() {
        match a.modinv(&m) {
            Some(inv) => inv,
            None => return Err(vm.value_error("base is not invertible for the given modulus")),
        }
    } else {
        a
    };
    Ok(int_from_big(base.modpow(&b.abs(), &m)))
}

/// Comparisons of ints with ints (anything else is NotImplemented, as in CPython).
fn int_compare(vm: &mut Vm, mut args: Args) -> PyResult {
    let op = comparison_operator(&mut args);
    one_arg(vm, &args, "comparison")?;
    let a = this(vm, &args, "comparison")?;
    let other = super::support::builtin_value(vm, &args.pos[1]);
    let Some(b) = int_like(&other) else {
        return Ok(not_implemented(vm));
    };
    vm.compare(op, &a, &b)
}

fn divmod_pair(vm: &mut Vm, a: &Value, b: &Value) -> PyResult {
    let q = vm.binary_op(BinaryOperator::FloorDiv, a, b)?;
    let r = vm.binary_op(BinaryOperator::Mod, a, b)?;
    Ok(vm.new_tuple(vec![q, r]))
}

fn int_divmod(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "int.__divmod__")?;
    let a = this(vm, &args, "__divmod__")?;
    let other = super::support::builtin_value(vm, &args.pos[1]);
    let Some(b) = int_like(&other) else {
        return Ok(not_implemented(vm));
    };
    divmod_pair(vm, &a, &b)
}

fn int_rdivmod(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "int.__rdivmod__")?;
    let a = this(vm, &args, "__rdivmod__")?;
    let other = super::support::builtin_value(vm, &args.pos[1]);
    let Some(b) = int_like(&other) else {
        return Ok(not_implemented(vm));
    };
    divmod_pair(vm, &b, &a)
}

fn unary(vm: &mut Vm, args: Args, op: UnaryOperator, name: &str) -> PyResult {
    no_args(vm, &args, &format!("int.{name}"))?;
    let a = this(vm, &args, name)?;
    vm.unary_op(op, &a)
}

fn int_neg(vm: &mut Vm, args: Args) -> PyResult {
    unary(vm, args, UnaryOperator::Neg, "__neg__")
}

fn int_invert(vm: &mut Vm, args: Args) -> PyResult {
    unary(vm, args, UnaryOperator::Invert, "__invert__")
}

/// The int itself as a plain int (`__int__`, `__index__`, `__floor__`, `real`...).
fn int_itself(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int method")?;
    Ok(plain_int(this(vm, &args, "__int__")?))
}

fn int_zero(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Int(0))
}

fn int_one(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Int(1))
}

fn int_abs(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.__abs__")?;
    let a = this(vm, &args, "__abs__")?;
    Ok(match a {
        Value::Int(i) => match i.checked_abs() {
            Some(n) => Value::Int(n),
            None => int_from_big(BigInt::from(i).abs()),
        },
        other => int_from_big(big(&other).abs()),
    })
}

fn int_bool(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.__bool__")?;
    let a = this(vm, &args, "__bool__")?;
    Ok(Value::Bool(!big(&a).is_zero()))
}

/// `float(int)`, with CPython's OverflowError for ints beyond the float range.
pub fn int_to_f64(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        _ => match big(v).to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(vm.new_error("OverflowError", "int too large to convert to float")),
        },
    }
}

fn int_float(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.__float__")?;
    let a = this(vm, &args, "__float__")?;
    Ok(Value::Float(int_to_f64(vm, &a)?))
}

/// `round(n, ndigits)`: a negative `ndigits` rounds to tens, hundreds...
/// with ties to even (`round(25, -1) == 20`).
fn int_round(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "int.__round__", &args, 1, 2)?;
    let a = plain_int(this(vm, &args, "__round__")?);
    let ndigits = match args.pos.get(1) {
        None | Some(Value::None) => return Ok(a),
        Some(n) => expect_int(vm, n, "'ndigits'")?,
    };
    if ndigits >= 0 {
        return Ok(a);
    }
    let Some(exp) = u32::try_from(-(ndigits as i128))
        .ok()
        .filter(|e| *e < 100_000)
    else {
        return Ok(Value::Int(0));
    };
    let pow = num_traits::pow::Pow::pow(BigInt::from(10), exp);
    Ok(int_from_big(round_half_even_to_multiple(&big(&a), &pow)))
}

/// `x` rounded to a multiple of `unit` (> 0), ties to the even multiple.
fn round_half_even_to_multiple(x: &BigInt, unit: &BigInt) -> BigInt {
    let (q, r) = x.div_mod_floor(unit);
    let twice: BigInt = &r * 2;
    let q = match twice.cmp(unit) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q.is_odd() => q + 1,
        _ => q,
    };
    q * unit
}

fn int_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.__repr__")?;
    let a = this(vm, &args, "__repr__")?;
    Ok(Value::str(big(&a).to_string()))
}

fn int_hash(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.__hash__")?;
    let a = this(vm, &args, "__hash__")?;
    Ok(Value::Int(vm.hash(&a)?))
}

fn int_getnewargs(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.__getnewargs__")?;
    let a = plain_int(this(vm, &args, "__getnewargs__")?);
    Ok(vm.new_tuple(vec![a]))
}

/// Number of bits needed for the absolute value (`(5).bit_length() == 3`).
fn int_bit_length(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.bit_length")?;
    let a = this(vm, &args, "bit_length")?;
    Ok(Value::Int(big(&a).bits() as i64))
}

fn int_bit_count(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.bit_count")?;
    let a = this(vm, &args, "bit_count")?;
    Ok(Value::Int(big(&a).magnitude().count_ones() as i64))
}

fn int_as_integer_ratio(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "int.as_integer_ratio")?;
    let a = plain_int(this(vm, &args, "as_integer_ratio")?);
    Ok(vm.new_tuple(vec![a, Value::Int(1)]))
}

/// Is the byte order `'big'` (true) or `'little'` (false)?
fn byte_order(vm: &mut Vm, v: Option<Value>) -> PyResult<bool> {
    let Some(v) = v else { return Ok(true) };
    match v.as_str() {
        Some("big") => Ok(true),
        Some("little") => Ok(false),
        Some(_) => Err(vm.value_error("byteorder must be either 'little' or 'big'")),
        None => {
            let t = vm.type_name(&v);
            Err(vm.type_error(format!(
                "to_bytes() argument 'byteorder' must be str, not {t}"
            )))
        }
    }
}

/// `n.to_bytes(length=1, byteorder='big', *, signed=False)`.
fn int_to_bytes(vm: &mut Vm, args: Args) -> PyResult {
    let a = this(vm, &args, "to_bytes")?;
    let [length, order, signed] = bind_params(
        vm,
        args,
        1,
        "to_bytes",
        ["length", "byteorder", "signed"],
        0,
    )?;
    let length = match length {
        Some(l) => expect_int(vm, &l, "'length'")?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let big_endian = byte_order(vm, order)?;
    let signed = match signed {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    let n = big(&a);
    if n.is_negative() && !signed {
        return Err(vm.new_error("OverflowError", "can't convert negative int to unsigned"));
    }
    let mut bytes = if signed {
        n.to_signed_bytes_be()
    } else {
        n.to_bytes_be().1
    };
    if n.is_zero() {
        bytes.clear();
    }
    let length = length as usize;
    if length > 1 << 31 {
        return Err(vm.new_error("MemoryError", ""));
    }
    if bytes.len() > length {
        return Err(vm.new_error("OverflowError", "int too big to convert"));
    }
    let fill = if n.is_negative() { 0xff } else { 0 };
    let mut out = vec![fill; length - bytes.len()];
    out.extend(bytes);
    if !big_endian {
        out.reverse();
    }
    Ok(Value::from_obj(Object::Bytes(out.into_boxed_slice())))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)` (a classmethod).
fn int_from_bytes(vm: &mut Vm, args: Args) -> PyResult {
    let class = args.pos.first().cloned().unwrap_or(Value::None);
    let [data, order, signed] = bind_params(
        vm,
        args,
        1,
        "from_bytes",
        ["bytes", "byteorder", "signed"],
        1,
    )?;
    let data = data.unwrap_or(Value::None);
    let mut bytes: Vec<u8> = match data.as_obj().map(|o| &**o) {
        Some(Object::Bytes(b)) => b.to_vec(),
        Some(Object::ByteArray(b)) => b.borrow(&vm.gil).clone(),
        _ => {
            let items = vm.collect(&data)?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let i = expect_int(vm, &item, "bytes item")?;
                match u8::try_from(i) {
                    Ok(b) => out.push(b),
                    Err(_) => return Err(vm.value_error("bytes must be in range(0, 256)")),
                }
            }
            out
        }
    };
    let big_endian = byte_order(vm, order)?;
    let signed = match signed {
        Some(s) => vm.truthy(&s)?,
        None => false,
    };
    if !big_endian {
        bytes.reverse();
    }
    let n = if signed {
        BigInt::from_signed_bytes_be(&bytes)
    } else {
        BigInt::from_bytes_be(Sign::Plus, &bytes)
    };
    let value = int_from_big(n);
    let int = vm.rt.types.int.clone();
    if super::support::is_exact(&class, &int) || class.is_none() {
        return Ok(value);
    }
    vm.call(&class, Args::new([value]))
}

/// `bool(x=False)`: the truth value of `x`.
fn bool_new(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "bool")?;
    count_args(vm, &args, 1, "bool", 0, 1)?;
    match args.pos.get(1) {
        Some(x) => Ok(Value::Bool(vm.truthy(x)?)),
        None => Ok(Value::Bool(false)),
    }
}

fn bool_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "bool.__repr__")?;
    match args.pos[0] {
        Value::Bool(b) => Ok(Value::str(if b { "True" } else { "False" })),
        _ => int_repr(vm, args),
    }
}

/// `&`, `|`, `^` between two bools give a bool; with other ints, an int.
fn bool_binary(vm: &mut Vm, mut args: Args) -> PyResult {
    let (op, _) = binary_operator(&mut args);
    one_arg(vm, &args, "bool operator")?;
    match (&args.pos[0], &args.pos[1]) {
        (Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(match op {
            BinaryOperator::And => a & b,
            BinaryOperator::Or => a | b,
            _ => a ^ b,
        })),
        (a, b) => match (int_like(a), int_like(b)) {
            (Some(a), Some(b)) => vm.binary_op(op, &plain_int(a), &plain_int(b)),
            _ => Ok(not_implemented(vm)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::parse_digits;
    use crate::native::test_vm;
    use crate::vm::{Args, Value, Vm};

    fn call(vm: &mut Vm, class: &str, args: Vec<Value>) -> Result<String, String> {
        let c = vm.builtin_class(class);
        match vm.call(&c, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    fn method(vm: &mut Vm, recv: Value, name: &str, args: Vec<Value>) -> Result<String, String> {
        let f = vm.getattr_str(&recv, name).unwrap();
        match vm.call(&f, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    trait BuiltinClass {
        fn builtin_class(&self, name: &str) -> Value;
    }

    impl BuiltinClass for Vm {
        fn builtin_class(&self, name: &str) -> Value {
            let t = &self.rt.types;
            Value::Obj(match name {
                "int" => t.int.clone(),
                "bool" => t.bool_.clone(),
                _ => t.object.clone(),
            })
        }
    }

    #[test]
    fn literal_parsing() {
        let cases: &[(&str, u32, Option<i64>)] = &[
            ("12", 10, Some(12)),
            (" 12 ", 10, Some(12)),
            ("1_000", 10, Some(1000)),
            ("-0x1f", 10, None),
            ("-0x1f", 0, Some(-31)),
            ("0x1f", 16, Some(31)),
            ("0b101", 16, Some(45313)),
            ("0o17", 16, None),
            ("010", 0, None),
            ("000", 0, Some(0)),
            ("1__0", 10, None),
            ("_1", 10, None),
            ("1_", 10, None),
            ("", 10, None),
            ("+", 10, None),
            ("12a", 16, Some(298)),
            ("0x_1f", 0, Some(31)),
            ("0x", 16, None),
            ("zz", 36, Some(1295)),
        ];
        for (text, base, want) in cases {
            let got = parse_digits(text, *base).map(|b| i64::try_from(b).unwrap());
            assert_eq!(got, *want, "int({text:?}, {base})");
        }
    }

    #[test]
    fn constructor() {
        let mut vm = test_vm();
        assert_eq!(call(&mut vm, "int", vec![]), Ok("0".into()));
        assert_eq!(
            call(&mut vm, "int", vec![Value::Float(-2.7)]),
            Ok("-2".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::Float(1e20)]),
            Ok("100000000000000000000".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::Bool(true)]),
            Ok("1".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::str("ff"), Value::Int(16)]),
            Ok("255".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::str("99999999999999999999999")]),
            Ok("99999999999999999999999".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::str("x")]),
            Err("ValueError: invalid literal for int() with base 10: 'x'".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::str("5"), Value::Int(1)]),
            Err("ValueError: int() base must be >= 2 and <= 36, or 0".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::Int(5), Value::Int(10)]),
            Err("TypeError: int() can't convert non-string with explicit base".into())
        );
        let l = vm.new_list(vec![]);
        assert_eq!(
            call(&mut vm, "int", vec![l]),
            Err("TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::Float(f64::NAN)]),
            Err("ValueError: cannot convert float NaN to integer".into())
        );
        assert_eq!(
            call(&mut vm, "int", vec![Value::Float(f64::INFINITY)]),
            Err("OverflowError: cannot convert float infinity to integer".into())
        );
        assert_eq!(
            call(
                &mut vm,
                "int",
                vec![Value::Int(1), Value::Int(2), Value::Int(3)]
            ),
            Err("TypeError: int() takes at most 2 arguments (3 given)".into())
        );
    }

    #[test]
    fn dunders_delegate_to_the_operators() {
        let mut vm = test_vm();
        let int = vm.builtin_class("int");
        let add = vm.getattr_str(&int, "__add__").unwrap();
        let r = vm
            .call(&add, Args::new([Value::Int(1), Value::Int(2)]))
            .unwrap();
        assert!(matches!(r, Value::Int(3)));
        assert_eq!(
            method(&mut vm, Value::Int(5), "__add__", vec![Value::Float(2.0)]),
            Ok("NotImplemented".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(5), "__rsub__", vec![Value::Int(2)]),
            Ok("-3".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(1), "__eq__", vec![Value::Float(1.0)]),
            Ok("NotImplemented".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(1), "__lt__", vec![Value::Int(2)]),
            Ok("True".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(7), "__divmod__", vec![Value::Int(-2)]),
            Ok("(-4, -1)".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Int(3),
                "__pow__",
                vec![Value::Int(4), Value::Int(5)]
            ),
            Ok("1".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Int(3),
                "__pow__",
                vec![Value::Int(-1), Value::Int(7)]
            ),
            Ok("5".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(-3), "__abs__", vec![]),
            Ok("3".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(5), "__invert__", vec![]),
            Ok("-6".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(3), "__float__", vec![]),
            Ok("3.0".into())
        );
        assert_eq!(
            method(&mut vm, Value::Bool(true), "__floor__", vec![]),
            Ok("1".into())
        );
    }

    #[test]
    fn rounding_and_bits() {
        let mut vm = test_vm();
        for (n, d, want) in [
            (1250, -2, "1200"),
            (1350, -2, "1400"),
            (25, -1, "20"),
            (-25, -1, "-20"),
            (15, -1, "20"),
            (5, 2, "5"),
        ] {
            assert_eq!(
                method(&mut vm, Value::Int(n), "__round__", vec![Value::Int(d)]),
                Ok(want.into()),
                "round({n}, {d})"
            );
        }
        assert_eq!(
            method(&mut vm, Value::Int(7), "__round__", vec![]),
            Ok("7".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(5), "bit_length", vec![]),
            Ok("3".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(-5), "bit_length", vec![]),
            Ok("3".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(0), "bit_length", vec![]),
            Ok("0".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(255), "bit_count", vec![]),
            Ok("8".into())
        );
        assert_eq!(
            method(&mut vm, Value::Int(6), "as_integer_ratio", vec![]),
            Ok("(6, 1)".into())
        );
        assert_eq!(
            vm.getattr_str(&Value::Int(3), "denominator")
                .map(|v| matches!(v, Value::Int(1)))
                .ok(),
            Some(true)
        );
        assert_eq!(
            vm.getattr_str(&Value::Int(3), "imag")
                .map(|v| matches!(v, Value::Int(0)))
                .ok(),
            Some(true)
        );
    }

    #[test]
    fn bytes_conversions() {
        let mut vm = test_vm();
        let big = Value::str("big");
        let little = Value::str("little");
        let f = vm.getattr_str(&Value::Int(255), "to_bytes").unwrap();
        let b = vm
            .call(&f, Args::new([Value::Int(2), little.clone()]))
            .unwrap();
        match b.as_obj().map(|o| &**o) {
            Some(crate::vm::Object::Bytes(b)) => assert_eq!(&**b, &[0xff, 0x00]),
            _ => panic!("not bytes"),
        }
        let mut a = Args::new([Value::Int(2), big.clone()]);
        a.kw.push((std::sync::Arc::from("signed"), Value::Bool(true)));
        let f = vm.getattr_str(&Value::Int(-1), "to_bytes").unwrap();
        let b = vm.call(&f, a).unwrap();
        match b.as_obj().map(|o| &**o) {
            Some(crate::vm::Object::Bytes(b)) => assert_eq!(&**b, &[0xff, 0xff]),
            _ => panic!("not bytes"),
        }
        assert_eq!(
            method(
                &mut vm,
                Value::Int(256),
                "to_bytes",
                vec![Value::Int(1), big.clone()]
            ),
            Err("OverflowError: int too big to convert".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Int(-1),
                "to_bytes",
                vec![Value::Int(1), big.clone()]
            ),
            Err("OverflowError: can't convert negative int to unsigned".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Int(1),
                "to_bytes",
                vec![Value::Int(1), Value::str("middle")]
            ),
            Err("ValueError: byteorder must be either 'little' or 'big'".into())
        );
        let int = vm.builtin_class("int");
        let data = Value::from_obj(crate::vm::Object::Bytes(
            vec![0x00, 0xff].into_boxed_slice(),
        ));
        assert_eq!(
            method(&mut vm, int.clone(), "from_bytes", vec![data, big.clone()]),
            Ok("255".into())
        );
        let data = vm.new_list(vec![Value::Int(1), Value::Int(2)]);
        assert_eq!(
            method(&mut vm, int, "from_bytes", vec![data, little]),
            Ok("513".into())
        );
    }

    #[test]
    fn bools() {
        let mut vm = test_vm();
        assert_eq!(call(&mut vm, "bool", vec![]), Ok("False".into()));
        let l = vm.new_list(vec![Value::Int(1)]);
        assert_eq!(call(&mut vm, "bool", vec![l]), Ok("True".into()));
        assert_eq!(
            call(&mut vm, "bool", vec![Value::Int(1), Value::Int(2)]),
            Err("TypeError: bool expected at most 1 argument, got 2".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Bool(true),
                "__and__",
                vec![Value::Bool(false)]
            ),
            Ok("False".into())
        );
        assert_eq!(
            method(&mut vm, Value::Bool(true), "__or__", vec![Value::Int(2)]),
            Ok("3".into())
        );
        let int = vm.builtin_class("int");
        let r = vm.getattr_str(&int, "__repr__").unwrap();
        let s = vm.call(&r, Args::new([Value::Bool(true)])).unwrap();
        assert_eq!(s.as_str(), Some("1"));
        assert_eq!(vm.to_str(&Value::Bool(false)).unwrap(), "False");
    }
}
