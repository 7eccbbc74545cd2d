//! `float`: the constructor (`float('1e3')`, `float('-inf')`), the dunders
//! behind `float.__add__(1.5, 2)` (the operators themselves are fast paths
//! in vm/ops.rs), rounding exactly as CPython (`round(2.675, 2) == 2.67`,
//! ties to even), `is_integer` and `as_integer_ratio`.
//!
//! `__format__` belongs with the string formatting code, not here.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};

use super::int::{int_from_float, int_like, int_to_f64};
use super::support::{
    add_binary_dunders, add_comparison_dunders, binary_operator, builtin_value,
    comparison_operator, construct, constructor_class, count_args, instance_of, native_property,
    no_kwargs, not_implemented, receiver,
};
use super::support::{no_args, one_arg};
use crate::bytecode::BinaryOperator;
use crate::native::{
    add_class_attr, add_method, check_args, expect_int, native_fn, set_constructor,
};
use crate::vm::ops::{float_repr, hash_float};
use crate::vm::{Args, Object, PyResult, Value, Vm};

/// Install `float`.
pub fn install(vm: &mut Vm) {
    let float = vm.rt.types.float.clone();
    set_constructor(&float, float_call);
    add_class_attr(vm, &float, "__new__", native_fn("__new__", float_new));
    let ops = [
        BinaryOperator::Add,
        BinaryOperator::Sub,
        BinaryOperator::Mul,
        BinaryOperator::TrueDiv,
        BinaryOperator::FloorDiv,
        BinaryOperator::Mod,
        BinaryOperator::Pow,
    ];
    add_binary_dunders(vm, &float, "float", float_binary, &ops);
    add_comparison_dunders(vm, &float, "float", float_compare);
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__divmod__", float_divmod),
        ("__rdivmod__", float_rdivmod),
        ("__neg__", float_neg),
        ("__pos__", float_itself),
        ("__abs__", float_abs),
        ("__bool__", float_bool),
        ("__float__", float_itself),
        ("__int__", float_trunc),
        ("__trunc__", float_trunc),
        ("__floor__", float_floor),
        ("__ceil__", float_ceil),
        ("__round__", float_round),
        ("__repr__", float_repr_method),
        ("__str__", float_repr_method),
        ("__hash__", float_hash),
        ("__getnewargs__", float_getnewargs),
        ("conjugate", float_itself),
        ("is_integer", float_is_integer),
        ("as_integer_ratio", float_as_integer_ratio),
    ];
    for (name, f) in methods {
        add_method(vm, &float, name, *f);
    }
    add_class_attr(vm, &float, "real", native_property("real", float_itself));
    add_class_attr(vm, &float, "imag", native_property("imag", float_zero));
}

/// The float view of a number operand: floats, ints (big ones may overflow), bools.
fn number_as_f64(vm: &mut Vm, v: &Value) -> Option<PyResult<f64>> {
    match v {
        Value::Float(f) => Some(Ok(*f)),
        _ => int_like(v).map(|i| int_to_f64(vm, &i)),
    }
}

/// The float `self` of a method.
fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<f64> {
    receiver(vm, args, "float", method, |v| match v {
        Value::Float(f) => Some(*f),
        _ => None,
    })
}

/// `float(x=0.0)`, for `float` itself or a subclass.
fn float_call(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.float.clone();
    construct(vm, args, &base, float_new)
}

/// `float.__new__(cls, x=0.0)`.
fn float_new(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.float.clone();
    let class = constructor_class(vm, &args, &base)?;
    no_kwargs(vm, &args, "float")?;
    count_args(vm, &args, 1, "float", 0, 1)?;
    let value = match args.pos.get(1) {
        None => 0.0,
        Some(x) => float_from_value(vm, x)?,
    };
    Ok(instance_of(&class, &base, Value::Float(value)))
}

/// `float(x)` for one argument: numbers, text, or `__float__`/`__index__`.
pub fn float_from_value(vm: &mut Vm, x: &Value) -> PyResult<f64> {
    let inner = builtin_value(vm, x);
    if let Some(f) = number_as_f64(vm, &inner) {
        return f;
    }
    let text = match inner.as_obj().map(|o| &**o) {
        Some(Object::Str(s)) => Some(s.as_str().to_string()),
        Some(Object::Bytes(b)) => Some(b.iter().map(|&c| c as char).collect()),
        Some(Object::ByteArray(b)) => Some(b.borrow(&vm.gil).iter().map(|&c| c as char).collect()),
        _ => None,
    };
    if let Some(text) = text {
        return match parse_float(&text) {
            Some(f) => Ok(f),
            None => {
                let r = vm.repr(&inner)?;
                Err(vm.value_error(format!("could not convert string to float: {r}")))
            }
        };
    }
    for name in ["__float__", "__index__"] {
        if let Some(f) = vm.lookup_special(x, name) {
            let r = vm.call(&f, Args::new([x.clone()]))?;
            let r = builtin_value(vm, &r);
            if let Some(f) = number_as_f64(vm, &r) {
                return f;
            }
            let t = vm.type_name(&r);
            return Err(vm.type_error(format!("{name} returned non-float (type {t})")));
        }
    }
    let t = vm.type_name(x);
    Err(vm.type_error(format!(
        "float() argument must be a string or a real number, not '{t}'"
    )))
}

/// Parse float text as `float()` does: surrounding whitespace, a sign,
/// `inf`/`infinity`/`nan` in any case, and single underscores between digits.
pub fn parse_float(text: &str) -> Option<f64> {
    let s = text.trim();
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let magnitude = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if !is_decimal_literal(body) {
                return None;
            }
            let clean: String = body.chars().filter(|&c| c != '_').collect();
            clean.parse::<f64>().ok()?
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits [. digits] [e [sign] digits]` or `. digits [exponent]`, where
/// `digits` may have single underscores between digits.
fn is_decimal_literal(s: &str) -> bool {
    fn digit_part(s: &[u8], mut i: usize) -> (usize, bool) {
        let start = i;
        while i < s.len() {
            // An underscore must sit between two digits.
            let joined = s[i] == b'_'
                && i > start
                && s[i - 1].is_ascii_digit()
                && s.get(i + 1).is_some_and(u8::is_ascii_digit);
            if !(s[i].is_ascii_digit() || joined) {
                break;
            }
            i += 1;
        }
        (i, i > start)
    }
    let b = s.as_bytes();
    let (mut i, int_digits) = digit_part(b, 0);
    let mut frac_digits = false;
    if i < b.len() && b[i] == b'.' {
        let (j, any) = digit_part(b, i + 1);
        i = j;
        frac_digits = any;
    }
    if !int_digits && !frac_digits {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let (j, any) = digit_part(b, i);
        if !any {
            return false;
        }
        i = j;
    }
    i == b.len()
}

/// `float.__add__(self, other)` and the other binary dunders: ints and floats are handled.
fn float_binary(vm: &mut Vm, mut args: Args) -> PyResult {
    let (op, reflected) = binary_operator(&mut args);
    count_args(vm, &args, 1, "operator", 1, 2)?;
    if op == BinaryOperator::Pow && args.pos.get(2).is_some_and(|m| !m.is_none()) {
        return Err(
            vm.type_error("pow() 3rd argument not allowed unless all arguments are integers")
        );
    }
    let a = Value::Float(this(vm, &args, "operator")?);
    let other = builtin_value(vm, &args.pos[1]);
    if !matches!(other, Value::Float(_)) && int_like(&other).is_none() {
        return Ok(not_implemented(vm));
    }
    let (a, b) = if reflected { (other, a) } else { (a, other) };
    vm.binary_op(op, &a, &b)
}

fn float_compare(vm: &mut Vm, mut args: Args) -> PyResult {
    let op = comparison_operator(&mut args);
    one_arg(vm, &args, "comparison")?;
    let a = Value::Float(this(vm, &args, "comparison")?);
    let other = builtin_value(vm, &args.pos[1]);
    if !matches!(other, Value::Float(_)) && int_like(&other).is_none() {
        return Ok(not_implemented(vm));
    }
    vm.compare(op, &a, &other)
}

/// `divmod(a, b)` for floats: `(a // b, a % b)`.
fn float_divmod_pair(vm: &mut Vm, a: &Value, b: &Value) -> PyResult {
    if matches!(b, Value::Float(f) if *f == 0.0)
        || matches!(int_like(b), Some(Value::Int(0) | Value::Bool(false)))
    {
        return Err(vm.new_error("ZeroDivisionError", "float divmod()"));
    }
    let q = vm.binary_op(BinaryOperator::FloorDiv, a, b)?;
    let r = vm.binary_op(BinaryOperator::Mod, a, b)?;
    Ok(vm.new_tuple(vec![q, r]))
}

fn divmod_operands(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Option<(Value, Value)>> {
    one_arg(vm, args, &format!("float.{method}"))?;
    let a = Value::Float(this(vm, args, method)?);
    let other = builtin_value(vm, &args.pos[1]);
    if !matches!(other, Value::Float(_)) && int_like(&other).is_none() {
        return Ok(None);
    }
    Ok(Some((a, other)))
}

fn float_divmod(vm: &mut Vm, args: Args) -> PyResult {
    match divmod_operands(vm, &args, "__divmod__")? {
        Some((a, b)) => float_divmod_pair(vm, &a, &b),
        None => Ok(not_implemented(vm)),
    }
}

fn float_rdivmod(vm: &mut Vm, args: Args) -> PyResult {
    match divmod_operands(vm, &args, "__rdivmod__")? {
        Some((a, b)) => float_divmod_pair(vm, &b, &a),
        None => Ok(not_implemented(vm)),
    }
}

fn float_neg(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__neg__")?;
    Ok(Value::Float(-this(vm, &args, "__neg__")?))
}

fn float_abs(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__abs__")?;
    Ok(Value::Float(this(vm, &args, "__abs__")?.abs()))
}

fn float_itself(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float method")?;
    Ok(Value::Float(this(vm, &args, "__float__")?))
}

fn float_zero(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Float(0.0))
}

fn float_bool(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__bool__")?;
    Ok(Value::Bool(this(vm, &args, "__bool__")? != 0.0))
}

fn float_trunc(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__trunc__")?;
    let f = this(vm, &args, "__trunc__")?;
    int_from_float(vm, f)
}

fn float_floor(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__floor__")?;
    let f = this(vm, &args, "__floor__")?;
    int_from_float(vm, f.floor())
}

fn float_ceil(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__ceil__")?;
    let f = this(vm, &args, "__ceil__")?;
    int_from_float(vm, f.ceil())
}

/// `round(x)` → int, ties to even; `round(x, n)` → float rounded to `n`
/// decimal places, correctly rounded from the exact binary value (so
/// `round(2.675, 2) == 2.67`, because 2.675 is really 2.67499999...).
fn float_round(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "float.__round__", &args, 1, 2)?;
    let x = this(vm, &args, "__round__")?;
    let ndigits = match args.pos.get(1) {
        None | Some(Value::None) => return int_from_float(vm, x.round_ties_even()),
        Some(n) => expect_int(vm, n, "'ndigits'")?,
    };
    if !x.is_finite() || x == 0.0 {
        return Ok(Value::Float(x));
    }
    // Beyond these, every float is already (or rounds to zero at) that precision.
    if ndigits > 330 {
        return Ok(Value::Float(x));
    }
    if ndigits < -330 {
        return Ok(Value::Float(0.0_f64.copysign(x)));
    }
    let rounded = if ndigits >= 0 {
        // Rust's fixed-precision formatting is exact with ties to even, as CPython's dtoa.
        format!("{x:.prec$}", prec = ndigits as usize)
            .parse::<f64>()
            .unwrap_or(x)
    } else {
        round_to_tens(x, (-ndigits) as u32)
    };
    if rounded.is_infinite() {
        return Err(vm.new_error("OverflowError", "rounded value too large to represent"));
    }
    Ok(Value::Float(rounded))
}

/// `x` rounded to a multiple of `10**k`, ties to even, computed exactly.
fn round_to_tens(x: f64, k: u32) -> f64 {
    let Some((mantissa, exp)) = exact_parts(x.abs()) else {
        return x;
    };
    // |x| = mantissa * 2**exp exactly; divide by 10**k and round half to even.
    let unit = num_traits::pow::Pow::pow(BigInt::from(10), k);
    let (num, den) = if exp >= 0 {
        (mantissa << exp as usize, unit)
    } else {
        (mantissa, unit << (-exp) as usize)
    };
    let (q, r) = num.div_mod_floor(&den);
    let twice: BigInt = r * 2;
    let q = match twice.cmp(&den) {
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if q.is_odd() => q + 1,
        _ => q,
    };
    let magnitude = format!("{q}e{k}").parse::<f64>().unwrap_or(f64::INFINITY);
    magnitude.copysign(x)
}

/// A finite float as `mantissa * 2**exponent` with an integer mantissa.
fn exact_parts(x: f64) -> Option<(BigInt, i64)> {
    if !x.is_finite() {
        return None;
    }
    let bits = x.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    let sign = if x.is_sign_negative() { -1 } else { 1 };
    Some((BigInt::from(m) * sign, e))
}

fn float_repr_method(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__repr__")?;
    Ok(Value::str(float_repr(this(vm, &args, "__repr__")?)))
}

fn float_hash(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__hash__")?;
    Ok(Value::Int(hash_float(this(vm, &args, "__hash__")?)))
}

fn float_getnewargs(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.__getnewargs__")?;
    let f = this(vm, &args, "__getnewargs__")?;
    Ok(vm.new_tuple(vec![Value::Float(f)]))
}

fn float_is_integer(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.is_integer")?;
    let f = this(vm, &args, "is_integer")?;
    Ok(Value::Bool(f.is_finite() && f.fract() == 0.0))
}

/// `(0.75).as_integer_ratio() == (3, 4)`: the exact value as a reduced fraction.
fn float_as_integer_ratio(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "float.as_integer_ratio")?;
    let f = this(vm, &args, "as_integer_ratio")?;
    if f.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    if f.is_infinite() {
        return Err(vm.new_error("OverflowError", "cannot convert Infinity to integer ratio"));
    }
    let Some((m, e)) = exact_parts(f) else {
        return Err(vm.value_error("cannot convert to integer ratio"));
    };
    let (num, den) = if e >= 0 {
        (m << e as usize, BigInt::from(1))
    } else if m.is_zero() {
        (m, BigInt::from(1))
    } else {
        let shift = (m.abs().trailing_zeros().unwrap_or(0) as i64).min(-e);
        (
            m >> shift as usize,
            BigInt::from(1) << (-e - shift) as usize,
        )
    };
    let (num, den) = (
        crate::vm::ops::int_from_big(num),
        crate::vm::ops::int_from_big(den),
    );
    Ok(vm.new_tuple(vec![num, den]))
}

#[cfg(test)]
mod tests {
    use super::parse_float;
    use crate::native::test_vm;
    use crate::vm::{Args, Value, Vm};

    fn method(vm: &mut Vm, recv: Value, name: &str, args: Vec<Value>) -> Result<String, String> {
        let f = vm.getattr_str(&recv, name).unwrap();
        match vm.call(&f, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    fn float_of(vm: &mut Vm, args: Vec<Value>) -> Result<String, String> {
        let c = Value::Obj(vm.rt.types.float.clone());
        match vm.call(&c, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    #[test]
    fn parsing_text() {
        let ok: &[(&str, f64)] = &[
            ("1.5", 1.5),
            (" 1.5 ", 1.5),
            ("1_000.5", 1000.5),
            ("1e3", 1000.0),
            ("-inf", f64::NEG_INFINITY),
            ("+Infinity", f64::INFINITY),
            ("1.", 1.0),
            (".5", 0.5),
            ("1.5e+3", 1500.0),
            ("1e500", f64::INFINITY),
        ];
        for (text, want) in ok {
            assert_eq!(parse_float(text), Some(*want), "{text:?}");
        }
        assert!(parse_float("-NaN").is_some_and(f64::is_nan));
        for bad in [
            "1_e3", "1e_3", "0x10", "", "abc", "1__0", "1e", "e5", "in f", ".", "_1", "1_",
        ] {
            assert_eq!(parse_float(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn constructor() {
        let mut vm = test_vm();
        assert_eq!(float_of(&mut vm, vec![]), Ok("0.0".into()));
        assert_eq!(float_of(&mut vm, vec![Value::Bool(true)]), Ok("1.0".into()));
        assert_eq!(
            float_of(&mut vm, vec![Value::str("1e3")]),
            Ok("1000.0".into())
        );
        assert_eq!(
            float_of(&mut vm, vec![Value::str("abc")]),
            Err("ValueError: could not convert string to float: 'abc'".into())
        );
        let l = vm.new_list(vec![]);
        assert_eq!(
            float_of(&mut vm, vec![l]),
            Err("TypeError: float() argument must be a string or a real number, not 'list'".into())
        );
        assert_eq!(
            float_of(&mut vm, vec![Value::Int(1), Value::Int(2)]),
            Err("TypeError: float expected at most 1 argument, got 2".into())
        );
    }

    #[test]
    fn rounding_matches_python() {
        let mut vm = test_vm();
        let cases: &[(f64, Option<i64>, &str)] = &[
            (2.5, None, "2"),
            (3.5, None, "4"),
            (-2.5, None, "-2"),
            (-0.4, None, "0"),
            (0.5, None, "0"),
            (2.675, Some(2), "2.67"),
            (0.125, Some(2), "0.12"),
            (1234.5678, Some(-2), "1200.0"),
            (1.5e300, Some(-300), "2e+300"),
            (5.0, Some(400), "5.0"),
            (123.456, Some(-400), "0.0"),
            (-0.0, Some(1), "-0.0"),
            (2.5, Some(0), "2.0"),
            (1250.0, Some(-2), "1200.0"),
            (1350.0, Some(-2), "1400.0"),
        ];
        for (x, n, want) in cases {
            let args = n.map(|n| vec![Value::Int(n)]).unwrap_or_default();
            assert_eq!(
                method(&mut vm, Value::Float(*x), "__round__", args),
                Ok(want.to_string()),
                "round({x}, {n:?})"
            );
        }
        assert_eq!(
            method(&mut vm, Value::Float(f64::INFINITY), "__round__", vec![]),
            Err("OverflowError: cannot convert float infinity to integer".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(f64::NAN), "__round__", vec![]),
            Err("ValueError: cannot convert float NaN to integer".into())
        );
        let big = method(&mut vm, Value::Float(1e300), "__round__", vec![]).unwrap();
        assert!(big.starts_with("10000000000000000525047602552044202487044685811081591549158541"));
    }

    #[test]
    fn ratios_and_predicates() {
        let mut vm = test_vm();
        assert_eq!(
            method(&mut vm, Value::Float(0.75), "as_integer_ratio", vec![]),
            Ok("(3, 4)".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(-2.5), "as_integer_ratio", vec![]),
            Ok("(-5, 2)".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(3.0), "as_integer_ratio", vec![]),
            Ok("(3, 1)".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(0.0), "as_integer_ratio", vec![]),
            Ok("(0, 1)".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(f64::NAN), "as_integer_ratio", vec![]),
            Err("ValueError: cannot convert NaN to integer ratio".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(2.5), "is_integer", vec![]),
            Ok("False".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(2.0), "is_integer", vec![]),
            Ok("True".into())
        );
    }

    #[test]
    fn dunders() {
        let mut vm = test_vm();
        assert_eq!(
            method(&mut vm, Value::Float(1.5), "__add__", vec![Value::Int(2)]),
            Ok("3.5".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(1.5), "__radd__", vec![Value::Int(1)]),
            Ok("2.5".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(1.5), "__add__", vec![Value::str("x")]),
            Ok("NotImplemented".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(1.0), "__eq__", vec![Value::Int(1)]),
            Ok("True".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Float(2.0),
                "__rtruediv__",
                vec![Value::Int(1)]
            ),
            Ok("0.5".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(-2.1), "__floor__", vec![]),
            Ok("-3".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(-2.1), "__ceil__", vec![]),
            Ok("-2".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(2.9), "__int__", vec![]),
            Ok("2".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Float(7.5),
                "__divmod__",
                vec![Value::Int(-2)]
            ),
            Ok("(-4.0, -0.5)".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Float(7.5),
                "__rdivmod__",
                vec![Value::Int(20)]
            ),
            Ok("(2.0, 5.0)".into())
        );
        assert_eq!(
            method(
                &mut vm,
                Value::Float(1.0),
                "__divmod__",
                vec![Value::Int(0)]
            ),
            Err("ZeroDivisionError: float divmod()".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(2.0), "__repr__", vec![]),
            Ok("'2.0'".into())
        );
        assert_eq!(
            method(&mut vm, Value::Float(1.0), "__hash__", vec![]),
            Ok("1".into())
        );
        let imag = vm.getattr_str(&Value::Float(2.5), "imag").unwrap();
        assert_eq!(vm.repr(&imag).unwrap(), "0.0");
    }
}
