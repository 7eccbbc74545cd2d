//! The arithmetic and comparisons the loop does inline, on small ints and
//! floats. `None` means "take the general path" (overflow, division by
//! zero, other types): it gives the same answer or error, only slower.

use crate::bytecode::{BinaryOperator, Comparison};

use super::value::Value;

/// Ints up to this size convert to floats exactly.
const EXACT_IN_F64: i64 = 1 << 53;

/// `a op b`, when both are small ints or floats.
#[inline(always)]
pub fn binary(op: BinaryOperator, a: &Value, b: &Value) -> Option<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => int_binary(op, *x, *y),
        (Value::Float(x), Value::Float(y)) => float_binary(op, *x, *y),
        (Value::Float(x), Value::Int(y)) if y.abs() <= EXACT_IN_F64 => {
            float_binary(op, *x, *y as f64)
        }
        (Value::Int(x), Value::Float(y)) if x.abs() <= EXACT_IN_F64 => {
            float_binary(op, *x as f64, *y)
        }
        _ => None,
    }
}

#[inline(always)]
fn int_binary(op: BinaryOperator, x: i64, y: i64) -> Option<Value> {
    use BinaryOperator::*;
    let r = match op {
        Add => x.checked_add(y)?,
        Sub => x.checked_sub(y)?,
        Mul => x.checked_mul(y)?,
        // Python rounds toward negative infinity: the remainder takes the divisor's sign.
        Mod => {
            let r = x.checked_rem(y)?;
            if r != 0 && (r < 0) != (y < 0) {
                r + y
            } else {
                r
            }
        }
        FloorDiv => {
            let q = x.checked_div(y)?;
            if q * y != x && (x < 0) != (y < 0) {
                q - 1
            } else {
                q
            }
        }
        TrueDiv if y != 0 && x.abs() <= EXACT_IN_F64 && y.abs() <= EXACT_IN_F64 => {
            return Some(Value::Float(x as f64 / y as f64));
        }
        And => x & y,
        Or => x | y,
        Xor => x ^ y,
        RShift if (0..64).contains(&y) => x >> y,
        LShift if (0..64).contains(&y) && (x << y) >> y == x => x << y,
        _ => return None,
    };
    Some(Value::Int(r))
}

#[inline(always)]
fn float_binary(op: BinaryOperator, x: f64, y: f64) -> Option<Value> {
    use BinaryOperator::*;
    Some(Value::Float(match op {
        Add => x + y,
        Sub => x - y,
        Mul => x * y,
        TrueDiv if y != 0.0 => x / y,
        _ => return None,
    }))
}

/// `a cmp b`, when both are small ints or floats.
#[inline(always)]
pub fn compare(cmp: Comparison, a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(ordered(cmp, x, y)),
        (Value::Float(x), Value::Float(y)) => Some(ordered(cmp, x, y)),
        (Value::Float(x), Value::Int(y)) if y.abs() <= EXACT_IN_F64 => {
            Some(ordered(cmp, x, &(*y as f64)))
        }
        (Value::Int(x), Value::Float(y)) if x.abs() <= EXACT_IN_F64 => {
            Some(ordered(cmp, &(*x as f64), y))
        }
        _ => None,
    }
}

/// A comparison by `PartialOrd`, which for floats gives Python's NaN rules
/// (every comparison false, `!=` true).
#[inline(always)]
fn ordered<T: PartialOrd>(cmp: Comparison, x: &T, y: &T) -> bool {
    match cmp {
        Comparison::Lt => x < y,
        Comparison::Le => x <= y,
        Comparison::Eq => x == y,
        Comparison::Ne => x != y,
        Comparison::Gt => x > y,
        Comparison::Ge => x >= y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BinaryOperator::*;

    fn int(op: BinaryOperator, x: i64, y: i64) -> Option<Value> {
        binary(op, &Value::Int(x), &Value::Int(y))
    }

    fn as_int(v: Option<Value>) -> Option<i64> {
        match v {
            Some(Value::Int(i)) => Some(i),
            _ => None,
        }
    }

    #[test]
    fn floor_division_and_modulo_round_like_python() {
        // Pairs checked against CPython: (x, y, x // y, x % y).
        for (x, y, q, r) in [
            (7, 2, 3, 1),
            (-7, 2, -4, 1),
            (7, -2, -4, -1),
            (-7, -2, 3, -1),
            (6, 3, 2, 0),
            (-6, 3, -2, 0),
        ] {
            assert_eq!(as_int(int(FloorDiv, x, y)), Some(q), "{x} // {y}");
            assert_eq!(as_int(int(Mod, x, y)), Some(r), "{x} % {y}");
        }
    }

    #[test]
    fn hard_cases_take_the_general_path() {
        assert!(int(Add, i64::MAX, 1).is_none());
        assert!(int(Mul, i64::MAX, 2).is_none());
        assert!(int(Mod, 1, 0).is_none());
        assert!(int(FloorDiv, i64::MIN, -1).is_none());
        assert!(int(LShift, 1, 63).is_none());
        assert!(int(Pow, 2, 3).is_none());
        assert!(binary(TrueDiv, &Value::Float(1.0), &Value::Float(0.0)).is_none());
        assert!(binary(Add, &Value::Bool(true), &Value::Int(1)).is_none());
    }

    #[test]
    fn nan_compares_like_python() {
        let nan = Value::Float(f64::NAN);
        assert_eq!(compare(Comparison::Eq, &nan, &nan), Some(false));
        assert_eq!(compare(Comparison::Ne, &nan, &nan), Some(true));
        assert_eq!(
            compare(Comparison::Lt, &Value::Int(1), &Value::Float(1.5)),
            Some(true)
        );
    }
}
