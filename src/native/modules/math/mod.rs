//! The `math` module, with CPython's results and errors: functions of
//! floats go through the platform's libm (as CPython's do) and report
//! `math domain error` / `math range error` by CPython's rules; the integer
//! functions (`factorial`, `gcd`, `isqrt`, `comb`...) are exact on big ints.

mod gamma;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{FromPrimitive, One, Signed, ToPrimitive, Zero};

use super::{module_dict, set};
use crate::bytecode::BinaryOperator;
use crate::native::{add_function, check_args};
use crate::vm::ops::{as_bigint, int_from_big};
use crate::vm::{Args, Exc, Obj, Object, PyResult, Value, Vm};

/// Fill the `math` module.
pub fn init(vm: &mut Vm, module: &Obj) -> PyResult<()> {
    let d = module_dict(vm, module)?;
    set(vm, &d, "pi", Value::Float(std::f64::consts::PI));
    set(vm, &d, "e", Value::Float(std::f64::consts::E));
    set(vm, &d, "tau", Value::Float(std::f64::consts::TAU));
    set(vm, &d, "inf", Value::Float(f64::INFINITY));
    set(vm, &d, "nan", Value::Float(f64::NAN));
    let unary: &[(&'static str, crate::vm::NativeFn)] = &[
        ("sqrt", sqrt),
        ("exp", exp),
        ("exp2", exp2),
        ("expm1", expm1),
        ("cbrt", cbrt),
        ("log2", log2),
        ("log10", log10),
        ("log1p", log1p),
        ("sin", sin),
        ("cos", cos),
        ("tan", tan),
        ("asin", asin),
        ("acos", acos),
        ("atan", atan),
        ("sinh", sinh),
        ("cosh", cosh),
        ("tanh", tanh),
        ("asinh", asinh),
        ("acosh", acosh),
        ("atanh", atanh),
        ("fabs", fabs),
        ("degrees", degrees),
        ("radians", radians),
        ("erf", erf),
        ("erfc", erfc),
        ("gamma", gamma),
        ("lgamma", lgamma),
    ];
    for (name, f) in unary {
        add_function(vm, &d, name, *f);
    }
    let others: &[(&'static str, crate::vm::NativeFn)] = &[
        ("log", log),
        ("pow", pow),
        ("atan2", atan2),
        ("fmod", fmod),
        ("copysign", copysign),
        ("remainder", remainder),
        ("floor", floor),
        ("ceil", ceil),
        ("trunc", trunc),
        ("modf", modf),
        ("frexp", frexp),
        ("ldexp", ldexp),
        ("isnan", isnan),
        ("isinf", isinf),
        ("isfinite", isfinite),
        ("isclose", isclose),
        ("factorial", factorial),
        ("gcd", gcd),
        ("lcm", lcm),
        ("isqrt", isqrt),
        ("comb", comb),
        ("perm", perm),
        ("fsum", fsum),
        ("prod", prod),
        ("hypot", hypot),
        ("dist", dist),
    ];
    for (name, f) in others {
        add_function(vm, &d, name, *f);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Arguments and errors.

/// `ValueError: math domain error`.
fn domain_error(vm: &mut Vm) -> Exc {
    vm.value_error("math domain error")
}

/// `OverflowError: math range error`.
fn range_error(vm: &mut Vm) -> Exc {
    vm.new_error("OverflowError", "math range error")
}

/// A real number argument as a float (int, float, or `__float__`), with CPython's errors.
pub fn real(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => big_to_f64(vm, v),
        _ => {
            if let Some(f) = vm.lookup_special(v, "__float__") {
                if let Value::Float(x) = vm.call(&f, Args::new([v.clone()]))? {
                    return Ok(x);
                }
            }
            if let Some(f) = vm.lookup_special(v, "__index__") {
                let i = vm.call(&f, Args::new([v.clone()]))?;
                return real(vm, &i);
            }
            let t = vm.type_name(v);
            Err(vm.type_error(format!("must be real number, not {t}")))
        }
    }
}

fn big_to_f64(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match crate::vm::ops::as_f64(v) {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(vm.new_error("OverflowError", "int too large to convert to float")),
    }
}

/// An integer argument (int or `__index__`), as CPython's `operator.index`.
pub fn index(vm: &mut Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = as_bigint(v) {
        return Ok(b);
    }
    if let Some(f) = vm.lookup_special(v, "__index__") {
        let r = vm.call(&f, Args::new([v.clone()]))?;
        if let Some(b) = as_bigint(&r) {
            return Ok(b);
        }
    }
    let t = vm.type_name(v);
    Err(vm.type_error(format!("'{t}' object cannot be interpreted as an integer")))
}

/// The one argument of a unary function.
fn one_real(vm: &mut Vm, name: &str, args: &Args) -> PyResult<f64> {
    check_args(vm, name, args, 1, 1)?;
    real(vm, &args.pos[0])
}

/// CPython's `math_1`: compute `f(x)` and turn NaN/inf results into errors.
fn math_1(vm: &mut Vm, name: &str, args: &Args, f: fn(f64) -> f64, can_overflow: bool) -> PyResult {
    let x = one_real(vm, name, args)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error(vm)
        } else {
            domain_error(vm)
        });
    }
    Ok(Value::Float(r))
}

/// Two real arguments.
fn two_reals(vm: &mut Vm, name: &str, args: &Args) -> PyResult<(f64, f64)> {
    check_args(vm, name, args, 2, 2)?;
    Ok((real(vm, &args.pos[0])?, real(vm, &args.pos[1])?))
}

// ---------------------------------------------------------------------------
// Functions of one float.

macro_rules! unary {
    ($($name:ident => $f:expr, $overflow:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, args: Args) -> PyResult {
                math_1(vm, stringify!($name), &args, $f, $overflow)
            }
        )*
    };
}

unary! {
    sqrt => f64::sqrt, false;
    exp => f64::exp, true;
    exp2 => f64::exp2, true;
    cbrt => f64::cbrt, false;
    expm1 => f64::exp_m1, true;
    sin => f64::sin, false;
    cos => f64::cos, false;
    tan => f64::tan, false;
    asin => f64::asin, false;
    acos => f64::acos, false;
    atan => f64::atan, false;
    sinh => f64::sinh, true;
    cosh => f64::cosh, true;
    tanh => f64::tanh, false;
    asinh => libm::asinh, false;
    acosh => libm::acosh, false;
    atanh => libm::atanh, false;
    fabs => f64::abs, false;
    degrees => f64::to_degrees, true;
    radians => f64::to_radians, false;
    erf => libm::erf, false;
    erfc => libm::erfc, false;
}

fn gamma(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_real(vm, "gamma", &args)?;
    gamma_result(vm, gamma::tgamma(x))
}

fn lgamma(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_real(vm, "lgamma", &args)?;
    gamma_result(vm, gamma::lgamma(x))
}

/// CPython's `is_error` after `math_1a`: a domain error, or an overflow (an underflow is fine).
fn gamma_result(vm: &mut Vm, r: Result<f64, gamma::MathError>) -> PyResult {
    match r {
        Ok(v) => Ok(Value::Float(v)),
        Err(gamma::MathError::Domain) => Err(domain_error(vm)),
        Err(gamma::MathError::Range(v)) if v.abs() < 1.5 => Ok(Value::Float(v)),
        Err(gamma::MathError::Range(_)) => Err(range_error(vm)),
    }
}

/// The C library's functions that Rust's std implements differently
/// (CPython calls these, so results agree to the last bit).
mod libm {
    extern "C" {
        #[link_name = "erf"]
        fn c_erf(x: f64) -> f64;
        #[link_name = "erfc"]
        fn c_erfc(x: f64) -> f64;
        #[link_name = "asinh"]
        fn c_asinh(x: f64) -> f64;
        #[link_name = "acosh"]
        fn c_acosh(x: f64) -> f64;
        #[link_name = "atanh"]
        fn c_atanh(x: f64) -> f64;
    }

    macro_rules! wrap {
        ($($name:ident => $c:ident),*) => {
            $(
                pub fn $name(x: f64) -> f64 {
                    // SAFETY: a pure libm function of one double.
                    unsafe { $c(x) }
                }
            )*
        };
    }

    wrap!(erf => c_erf, erfc => c_erfc, asinh => c_asinh, acosh => c_acosh, atanh => c_atanh);
}

// ---------------------------------------------------------------------------
// Logarithms (defined on ints of any size).

/// The natural log of a number, exact for huge ints (via their top bits).
fn ln_of(vm: &mut Vm, v: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Value::Obj(o) = v {
        if let Object::BigInt(b) = &**o {
            if !b.is_positive() {
                return Err(domain_error(vm));
            }
            if let Some(x) = b.to_f64().filter(|x| x.is_finite()) {
                return Ok(f(x));
            }
            // x = m * 2**e with m in [0.5, 1): log(x) = log(m) + e * log(2).
            let bits = b.bits();
            let shift = bits - 64;
            let top = (b >> shift).to_f64().unwrap_or(1.0);
            let m = top / 2f64.powi(64);
            let e = (shift + 64) as f64;
            return Ok(f(m) + e * f(2.0));
        }
    }
    let x = real(vm, v)?;
    if x.is_nan() {
        return Ok(x);
    }
    if x <= 0.0 {
        return Err(domain_error(vm));
    }
    Ok(f(x))
}

fn log(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "log", &args, 1, 2)?;
    let num = ln_of(vm, &args.pos[0], f64::ln)?;
    if let Some(base) = args.pos.get(1) {
        let den = ln_of(vm, base, f64::ln)?;
        if den == 0.0 {
            return Err(vm.new_error("ZeroDivisionError", "float division by zero"));
        }
        return Ok(Value::Float(num / den));
    }
    Ok(Value::Float(num))
}

fn log2(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "log2", &args, 1, 1)?;
    // For huge ints ln_of computes log2(m) + e * log2(2), exact.
    Ok(Value::Float(ln_of(vm, &args.pos[0], f64::log2)?))
}

fn log10(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "log10", &args, 1, 1)?;
    Ok(Value::Float(ln_of(vm, &args.pos[0], f64::log10)?))
}

fn log1p(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_real(vm, "log1p", &args)?;
    if x <= -1.0 {
        return Err(domain_error(vm));
    }
    Ok(Value::Float(x.ln_1p()))
}

// ---------------------------------------------------------------------------
// Functions of two floats.

fn pow(vm: &mut Vm, args: Args) -> PyResult {
    let (x, y) = two_reals(vm, "pow", &args)?;
    // C99 special cases, as CPython's math.pow.
    if x == 0.0 && y < 0.0 && y.is_finite() {
        return Err(domain_error(vm));
    }
    if x < 0.0 && x.is_finite() && y.is_finite() && y != y.floor() {
        return Err(domain_error(vm));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range_error(vm));
    }
    Ok(Value::Float(r))
}

fn atan2(vm: &mut Vm, args: Args) -> PyResult {
    let (y, x) = two_reals(vm, "atan2", &args)?;
    Ok(Value::Float(y.atan2(x)))
}

fn fmod(vm: &mut Vm, args: Args) -> PyResult {
    let (x, y) = two_reals(vm, "fmod", &args)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(vm));
    }
    Ok(Value::Float(r))
}

fn remainder(vm: &mut Vm, args: Args) -> PyResult {
    let (x, y) = two_reals(vm, "remainder", &args)?;
    let r = ieee_remainder(x, y);
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(vm));
    }
    Ok(Value::Float(r))
}

/// CPython's `m_remainder`: x - n*y with n the integer nearest x/y (ties to even).
fn ieee_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

fn copysign(vm: &mut Vm, args: Args) -> PyResult {
    let (x, y) = two_reals(vm, "copysign", &args)?;
    Ok(Value::Float(x.copysign(y)))
}

// ---------------------------------------------------------------------------
// Rounding to ints.

/// A float's integral value as an int (BigInt when huge), with CPython's errors for inf and NaN.
pub fn float_to_int(vm: &mut Vm, f: f64) -> PyResult {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.new_error("OverflowError", "cannot convert float infinity to integer"));
    }
    if f.abs() < 9.0e18 {
        return Ok(Value::Int(f as i64));
    }
    Ok(int_from_big(BigInt::from_f64(f).unwrap_or_default()))
}

/// `floor`/`ceil`: ints unchanged, floats rounded, others through their dunder.
fn round_with(vm: &mut Vm, args: Args, name: &str, dunder: &str, f: fn(f64) -> f64) -> PyResult {
    check_args(vm, name, &args, 1, 1)?;
    let v = &args.pos[0];
    match v {
        Value::Float(x) => return float_to_int(vm, f(*x)),
        Value::Int(_) => return Ok(v.clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => return Ok(v.clone()),
        _ => {}
    }
    if let Some(m) = vm.lookup_special(v, dunder) {
        return vm.call(&m, Args::new([v.clone()]));
    }
    let x = real(vm, v)?;
    float_to_int(vm, f(x))
}

fn floor(vm: &mut Vm, args: Args) -> PyResult {
    round_with(vm, args, "floor", "__floor__", f64::floor)
}

fn ceil(vm: &mut Vm, args: Args) -> PyResult {
    round_with(vm, args, "ceil", "__ceil__", f64::ceil)
}

fn trunc(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "trunc", &args, 1, 1)?;
    let v = &args.pos[0];
    match v {
        Value::Float(x) => float_to_int(vm, x.trunc()),
        Value::Int(_) => Ok(v.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => Ok(v.clone()),
        _ => match vm.lookup_special(v, "__trunc__") {
            Some(m) => vm.call(&m, Args::new([v.clone()])),
            None => {
                let t = vm.type_name(v);
                Err(vm.type_error(format!("type {t} doesn't define __trunc__ method")))
            }
        },
    }
}

fn modf(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_real(vm, "modf", &args)?;
    let (frac, int) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        (x.fract().copysign(x), x.trunc())
    };
    Ok(vm.new_tuple(vec![Value::Float(frac), Value::Float(int)]))
}

/// `frexp`: x = m * 2**e with 0.5 <= |m| < 1.
pub fn frexp_parts(x: f64) -> (f64, i64) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp_parts(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

fn frexp(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_real(vm, "frexp", &args)?;
    let (m, e) = frexp_parts(x);
    Ok(vm.new_tuple(vec![Value::Float(m), Value::Int(e)]))
}

fn ldexp(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "ldexp", &args, 2, 2)?;
    let x = real(vm, &args.pos[0])?;
    let e = match &args.pos[1] {
        Value::Float(_) => {
            return Err(vm.type_error("Expected an int as second argument to ldexp."))
        }
        v => index(vm, v)?,
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let e = e
        .to_i64()
        .unwrap_or(if e.is_negative() { i64::MIN } else { i64::MAX })
        .clamp(-10_000, 10_000);
    // Scale in steps so intermediate powers of two stay representable.
    let mut r = x;
    let mut left = e;
    while left != 0 {
        let step = left.clamp(-1000, 1000);
        r *= 2f64.powi(step as i32);
        left -= step;
    }
    if r.is_infinite() {
        return Err(range_error(vm));
    }
    Ok(Value::Float(r))
}

// ---------------------------------------------------------------------------
// Classification.

fn isnan(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(one_real(vm, "isnan", &args)?.is_nan()))
}

fn isinf(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(one_real(vm, "isinf", &args)?.is_infinite()))
}

fn isfinite(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(one_real(vm, "isfinite", &args)?.is_finite()))
}

fn isclose(vm: &mut Vm, mut args: Args) -> PyResult {
    let rel = args.take_kw("rel_tol");
    let abs = args.take_kw("abs_tol");
    super::no_extra_kwargs(vm, "isclose", &args)?;
    let (a, b) = two_reals(vm, "isclose", &args)?;
    let rel_tol = match rel {
        Some(v) => real(vm, &v)?,
        None => 1e-9,
    };
    let abs_tol = match abs {
        Some(v) => real(vm, &v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (b - a).abs();
    let close = diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol;
    Ok(Value::Bool(close))
}

// ---------------------------------------------------------------------------
// Integer functions.

fn factorial(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "factorial", &args, 1, 1)?;
    let n = index(vm, &args.pos[0])?;
    if n.is_negative() {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let Some(n) = n.to_u64().filter(|n| *n <= 1_000_000) else {
        return Err(vm.new_error(
            "OverflowError",
            "factorial() argument should not exceed 1000000",
        ));
    };
    Ok(int_from_big(product(1, n)))
}

/// The product of the integers in `lo..=hi`, split in halves (fast for big results).
fn product(lo: u64, hi: u64) -> BigInt {
    if lo > hi {
        return BigInt::one();
    }
    if hi - lo < 16 {
        let mut acc = BigInt::one();
        for i in lo..=hi {
            acc *= i;
        }
        return acc;
    }
    let mid = lo + (hi - lo) / 2;
    product(lo, mid) * product(mid + 1, hi)
}

fn gcd(vm: &mut Vm, args: Args) -> PyResult {
    let mut acc = BigInt::zero();
    for v in args.pos.iter() {
        let n = index(vm, v)?;
        acc = acc.gcd(&n);
    }
    Ok(int_from_big(acc))
}

fn lcm(vm: &mut Vm, args: Args) -> PyResult {
    let mut acc = BigInt::one();
    for v in args.pos.iter() {
        let n = index(vm, v)?;
        if n.is_zero() || acc.is_zero() {
            acc = BigInt::zero();
            continue;
        }
        acc = acc.lcm(&n).abs();
    }
    Ok(int_from_big(acc))
}

fn isqrt(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "isqrt", &args, 1, 1)?;
    let n = index(vm, &args.pos[0])?;
    if n.is_negative() {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    Ok(int_from_big(n.sqrt()))
}

/// `n` and `k` of `comb`/`perm` as non-negative integers (a None k for `perm(n)`).
fn n_k(
    vm: &mut Vm,
    args: &Args,
    name: &str,
    k_optional: bool,
) -> PyResult<(BigInt, Option<BigInt>)> {
    check_args(vm, name, args, if k_optional { 1 } else { 2 }, 2)?;
    let n = index(vm, &args.pos[0])?;
    let k = match args.pos.get(1) {
        Some(Value::None) | None => None,
        Some(v) => Some(index(vm, v)?),
    };
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.as_ref().is_some_and(|k| k.is_negative()) {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

/// n * (n-1) * ... * (n-k+1) for big n.
fn falling(n: &BigInt, k: u64) -> BigInt {
    let mut acc = BigInt::one();
    let mut x = n.clone();
    for _ in 0..k {
        acc *= &x;
        x -= 1;
    }
    acc
}

fn comb(vm: &mut Vm, args: Args) -> PyResult {
    let (n, k) = n_k(vm, &args, "comb", false)?;
    let k = k.unwrap_or_default();
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(k) = k.to_u64() else {
        return Err(vm.new_error(
            "OverflowError",
            format!("min(n - k, k) must not exceed {}", i64::MAX),
        ));
    };
    Ok(int_from_big(falling(&n, k) / product(1, k)))
}

fn perm(vm: &mut Vm, args: Args) -> PyResult {
    let (n, k) = n_k(vm, &args, "perm", true)?;
    let k = k.unwrap_or_else(|| n.clone());
    if k > n {
        return Ok(Value::Int(0));
    }
    let Some(k) = k.to_u64() else {
        return Err(vm.new_error("OverflowError", format!("k must not exceed {}", i64::MAX)));
    };
    Ok(int_from_big(falling(&n, k)))
}

// ---------------------------------------------------------------------------
// Sums, products and norms.

/// `fsum`: Shewchuk's exact summation, with CPython's final half-even correction.
fn fsum(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "fsum", &args, 1, 1)?;
    let items = vm.collect(&args.pos[0])?;
    let mut partials: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    for item in &items {
        let mut x = real(vm, item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(vm.new_error("OverflowError", "intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(vm.value_error("-inf + inf in fsum"));
        }
        return Ok(Value::Float(special_sum));
    }
    let mut hi = 0.0;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}

fn prod(vm: &mut Vm, mut args: Args) -> PyResult {
    let start = args.take_kw("start");
    super::no_extra_kwargs(vm, "prod", &args)?;
    check_args(vm, "prod", &args, 1, 1)?;
    let mut acc = start.unwrap_or(Value::Int(1));
    let it = vm.iter(&args.pos[0])?;
    while let Some(x) = vm.next(&it)? {
        acc = vm.binary_op(BinaryOperator::Mul, &acc, &x)?;
    }
    Ok(acc)
}

/// CPython's `vector_norm`: the Euclidean norm, accurate to within one ulp,
/// computed exactly as CPython does so results agree to the last digit.
fn vector_norm(vec: &mut [f64], max: f64, found_nan: bool) -> f64 {
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = frexp_parts(max);
    if max_e < -1023 {
        // ldexp(1.0, -max_e) would overflow: rescale subnormals first.
        for x in vec.iter_mut() {
            *x /= f64::MIN_POSITIVE;
        }
        return f64::MIN_POSITIVE * vector_norm(vec, max / f64::MIN_POSITIVE, found_nan);
    }
    let scale = 2f64.powi(-max_e as i32);
    let (mut csum, mut frac1, mut frac2) = (1.0f64, 0.0f64, 0.0f64);
    for x in vec.iter() {
        let x = x * scale;
        let (hi, lo) = exact_mul(x, x);
        let (s, slo) = fast_two_sum(csum, hi);
        csum = s;
        frac1 += lo;
        frac2 += slo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let (hi, lo) = exact_mul(-h, h);
    let (s, slo) = fast_two_sum(csum, hi);
    csum = s;
    frac1 += lo;
    frac2 += slo;
    let x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    h / scale
}

/// x * y as an exact (hi, lo) pair.
fn exact_mul(x: f64, y: f64) -> (f64, f64) {
    let z = x * y;
    (z, x.mul_add(y, -z))
}

/// a + b as an exact (hi, lo) pair, for |a| >= |b|.
fn fast_two_sum(a: f64, b: f64) -> (f64, f64) {
    let x = a + b;
    (x, (a - x) + b)
}

/// Absolute values of coordinates, their max, and whether one is NaN.
fn norm_input(
    vm: &mut Vm,
    coords: impl Iterator<Item = PyResult<f64>>,
) -> PyResult<(Vec<f64>, f64, bool)> {
    let mut vec = Vec::new();
    let (mut max, mut found_nan) = (0.0f64, false);
    for c in coords {
        let x = c?.abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        vec.push(x);
    }
    let _ = vm;
    Ok((vec, max, found_nan))
}

fn hypot(vm: &mut Vm, args: Args) -> PyResult {
    let coords: Vec<Value> = args.pos.into_iter().collect();
    let mut xs = Vec::with_capacity(coords.len());
    for c in &coords {
        xs.push(real(vm, c)?);
    }
    let (mut vec, max, nan) = norm_input(vm, xs.into_iter().map(Ok))?;
    Ok(Value::Float(vector_norm(&mut vec, max, nan)))
}

fn dist(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "dist", &args, 2, 2)?;
    let p = vm.collect(&args.pos[0])?;
    let q = vm.collect(&args.pos[1])?;
    if p.len() != q.len() {
        return Err(vm.value_error("both points must have the same number of dimensions"));
    }
    let mut diffs = Vec::with_capacity(p.len());
    for (a, b) in p.iter().zip(&q) {
        diffs.push(real(vm, a)? - real(vm, b)?);
    }
    let (mut vec, max, nan) = norm_input(vm, diffs.into_iter().map(Ok))?;
    Ok(Value::Float(vector_norm(&mut vec, max, nan)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;

    fn call(vm: &mut Vm, f: crate::vm::NativeFn, args: Vec<Value>) -> Result<String, String> {
        match f(vm, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(crate::native::modules::error_text(vm, &e)),
        }
    }

    fn f(x: f64) -> Value {
        Value::Float(x)
    }

    #[test]
    fn float_functions_and_errors() {
        let mut vm = test_vm();
        assert_eq!(call(&mut vm, sqrt, vec![Value::Int(16)]), Ok("4.0".into()));
        assert_eq!(
            call(&mut vm, sqrt, vec![Value::Int(-1)]),
            Err("ValueError: math domain error".into())
        );
        assert_eq!(
            call(&mut vm, exp, vec![Value::Int(1000)]),
            Err("OverflowError: math range error".into())
        );
        assert_eq!(
            call(&mut vm, sqrt, vec![Value::str("a")]),
            Err("TypeError: must be real number, not str".into())
        );
        assert_eq!(
            call(&mut vm, log, vec![Value::Int(8), Value::Int(2)]),
            Ok("3.0".into())
        );
        assert_eq!(
            call(&mut vm, log, vec![Value::Int(0)]),
            Err("ValueError: math domain error".into())
        );
        assert_eq!(
            call(&mut vm, sin, vec![f(f64::INFINITY)]),
            Err("ValueError: math domain error".into())
        );
        assert_eq!(
            call(&mut vm, pow, vec![Value::Int(0), Value::Int(-1)]),
            Err("ValueError: math domain error".into())
        );
        assert_eq!(
            call(&mut vm, fmod, vec![Value::Int(-7), Value::Int(3)]),
            Ok("-1.0".into())
        );
        assert_eq!(
            call(&mut vm, modf, vec![f(-3.5)]),
            Ok("(-0.5, -3.0)".into())
        );
        assert_eq!(call(&mut vm, frexp, vec![f(8.0)]), Ok("(0.5, 4)".into()));
        assert_eq!(
            call(&mut vm, degrees, vec![f(std::f64::consts::PI)]),
            Ok("180.0".into())
        );
    }

    #[test]
    fn logs_of_huge_ints() {
        let mut vm = test_vm();
        let big = int_from_big(BigInt::from(10).pow(400));
        assert_eq!(
            call(&mut vm, log, vec![big.clone()]),
            Ok("921.0340371976182".into())
        );
        assert_eq!(call(&mut vm, log10, vec![big.clone()]), Ok("400.0".into()));
        assert_eq!(
            call(&mut vm, sqrt, vec![big]),
            Err("OverflowError: int too large to convert to float".into())
        );
    }

    #[test]
    fn rounding_returns_ints() {
        let mut vm = test_vm();
        assert_eq!(call(&mut vm, floor, vec![f(-2.5)]), Ok("-3".into()));
        assert_eq!(call(&mut vm, ceil, vec![f(2.1)]), Ok("3".into()));
        assert_eq!(call(&mut vm, trunc, vec![f(-2.7)]), Ok("-2".into()));
        assert_eq!(
            call(&mut vm, floor, vec![f(1e30)]),
            Ok("1000000000000000019884624838656".into())
        );
        assert_eq!(
            call(&mut vm, floor, vec![f(f64::INFINITY)]),
            Err("OverflowError: cannot convert float infinity to integer".into())
        );
        assert_eq!(
            call(&mut vm, floor, vec![f(f64::NAN)]),
            Err("ValueError: cannot convert float NaN to integer".into())
        );
    }

    #[test]
    fn integer_functions() {
        let mut vm = test_vm();
        assert_eq!(
            call(&mut vm, factorial, vec![Value::Int(25)]),
            Ok("15511210043330985984000000".into())
        );
        assert_eq!(
            call(&mut vm, factorial, vec![f(2.0)]),
            Err("TypeError: 'float' object cannot be interpreted as an integer".into())
        );
        assert_eq!(
            call(&mut vm, factorial, vec![Value::Int(-1)]),
            Err("ValueError: factorial() not defined for negative values".into())
        );
        assert_eq!(
            call(&mut vm, gcd, vec![Value::Int(12), Value::Int(-18)]),
            Ok("6".into())
        );
        assert_eq!(call(&mut vm, gcd, vec![]), Ok("0".into()));
        assert_eq!(
            call(&mut vm, lcm, vec![Value::Int(4), Value::Int(6)]),
            Ok("12".into())
        );
        assert_eq!(call(&mut vm, isqrt, vec![Value::Int(99)]), Ok("9".into()));
        assert_eq!(
            call(&mut vm, comb, vec![Value::Int(52), Value::Int(5)]),
            Ok("2598960".into())
        );
        assert_eq!(
            call(&mut vm, comb, vec![Value::Int(5), Value::Int(7)]),
            Ok("0".into())
        );
        assert_eq!(call(&mut vm, perm, vec![Value::Int(5)]), Ok("120".into()));
        assert_eq!(
            call(&mut vm, comb, vec![Value::Int(3), Value::Int(-1)]),
            Err("ValueError: k must be a non-negative integer".into())
        );
    }

    #[test]
    fn sums_and_norms_match_cpython() {
        let mut vm = test_vm();
        let tenths = vm.new_list(vec![f(0.1); 10]);
        assert_eq!(call(&mut vm, fsum, vec![tenths]), Ok("1.0".into()));
        let l = vm.new_list(vec![f(1e-16), f(1.0), f(1e16)]);
        assert_eq!(
            call(&mut vm, fsum, vec![l]),
            Ok("1.0000000000000002e+16".into())
        );
        assert_eq!(
            call(&mut vm, hypot, vec![Value::Int(3), Value::Int(4)]),
            Ok("5.0".into())
        );
        assert_eq!(
            call(&mut vm, hypot, vec![Value::Int(1), Value::Int(1)]),
            Ok("1.4142135623730951".into())
        );
        let p = vm.new_tuple(vec![Value::Int(1), Value::Int(2)]);
        let q = vm.new_tuple(vec![Value::Int(3), Value::Int(5)]);
        assert_eq!(
            call(&mut vm, dist, vec![p, q]),
            Ok("3.605551275463989".into())
        );
        let l = vm.new_list(vec![
            Value::Int(1),
            Value::Int(2),
            Value::Int(3),
            Value::Int(4),
        ]);
        assert_eq!(call(&mut vm, prod, vec![l]), Ok("24".into()));
    }

    #[test]
    fn isclose_defaults() {
        let mut vm = test_vm();
        assert_eq!(
            call(&mut vm, isclose, vec![Value::Int(1), f(1.0000000001)]),
            Ok("True".into())
        );
        assert_eq!(
            call(&mut vm, isclose, vec![Value::Int(1), f(1.001)]),
            Ok("False".into())
        );
    }
}
