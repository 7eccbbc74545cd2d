//! Operators and protocols: arithmetic, comparison, truth, hashing,
//! containment, items, iteration, `repr`/`str`, `len`.
//!
//! Each protocol has a native fast path for the built-in types (ints and
//! floats never leave this file) and otherwise dispatches to the special
//! method on the class (`__add__`, then the reflected `__radd__` of the
//! right operand, as Python does).

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::dict::HashKey;
use super::object::{IterState, Object, Slice};
use super::value::{Obj, Value};
use super::{Args, GilCell, PyResult, Vm};
use crate::bytecode::{BinaryOperator, Comparison, UnaryOperator};

/// The dunder names of a binary operator: (normal, reflected, in-place).
fn dunders(op: BinaryOperator) -> (&'static str, &'static str, &'static str) {
    use BinaryOperator::*;
    match op {
        Add => ("__add__", "__radd__", "__iadd__"),
        Sub => ("__sub__", "__rsub__", "__isub__"),
        Mul => ("__mul__", "__rmul__", "__imul__"),
        MatMul => ("__matmul__", "__rmatmul__", "__imatmul__"),
        TrueDiv => ("__truediv__", "__rtruediv__", "__itruediv__"),
        FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        Mod => ("__mod__", "__rmod__", "__imod__"),
        Pow => ("__pow__", "__rpow__", "__ipow__"),
        LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        And => ("__and__", "__rand__", "__iand__"),
        Or => ("__or__", "__ror__", "__ior__"),
        Xor => ("__xor__", "__rxor__", "__ixor__"),
    }
}

/// Make an int value from a big integer, normalising to `Value::Int` when it fits.
pub fn int_from_big(b: BigInt) -> Value {
    match b.to_i64() {
        Some(i) => Value::Int(i),
        None => Value::from_obj(Object::BigInt(b)),
    }
}

/// The big-integer view of an int value (bools count as ints).
pub fn as_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_))
        || matches!(v, Value::Obj(o) if matches!(&**o, Object::BigInt(_)))
}

/// The float view of a number.
pub fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Bool(b) => Some(*b as i64 as f64),
        Value::Float(f) => Some(*f),
        Value::Obj(o) => match &**o {
            Object::BigInt(b) => b.to_f64(),
            _ => None,
        },
        _ => None,
    }
}

/// Python's floor modulo for floats.
fn float_mod(a: f64, b: f64) -> f64 {
    let m = a % b;
    if m != 0.0 {
        if (m < 0.0) != (b < 0.0) {
            m + b
        } else {
            m
        }
    } else {
        // A zero result takes the divisor's sign, as CPython's float_rem.
        0.0f64.copysign(b)
    }
}

impl Vm {
    /// `a op b`.
    pub fn binary_op(&mut self, op: BinaryOperator, a: &Value, b: &Value) -> PyResult {
        if let Some(r) = self.numeric_op(op, a, b)? {
            return Ok(r);
        }
        if let Some(r) = self.sequence_op(op, a, b)? {
            return Ok(r);
        }
        let (name, rname, _) = dunders(op);
        self.dispatch_binary(a, b, name, rname, op.symbol())
    }

    /// `a op= b`: `__iop__` first, then the plain operator.
    pub fn inplace_op(&mut self, op: BinaryOperator, a: &Value, b: &Value) -> PyResult {
        if let Some(r) = self.numeric_op(op, a, b)? {
            return Ok(r);
        }
        // Lists extend in place (`lst += other`), as Python's list.__iadd__.
        if op == BinaryOperator::Add {
            if let Value::Obj(o) = a {
                if let Object::List(l) = &**o {
                    let items = self.collect(b)?;
                    l.borrow_mut(&self.gil).extend(items);
                    return Ok(a.clone());
                }
            }
        }
        let (name, rname, iname) = dunders(op);
        if !matches!(a, Value::Obj(o) if matches!(&**o, Object::Str(_) | Object::Tuple(_))) {
            if let Some(f) = self.lookup_special(a, iname) {
                let r = self.call(&f, Args::new([a.clone(), b.clone()]))?;
                if !r.is(&self.rt.types.not_implemented) {
                    return Ok(r);
                }
            }
        }
        if let Some(r) = self.sequence_op(op, a, b)? {
            return Ok(r);
        }
        let sym = format!("{}=", op.symbol());
        self.dispatch_binary(a, b, name, rname, &sym)
    }

    fn dispatch_binary(
        &mut self,
        a: &Value,
        b: &Value,
        name: &str,
        rname: &str,
        sym: &str,
    ) -> PyResult {
        let ni = self.rt.types.not_implemented.clone();
        if let Some(f) = self.lookup_special(a, name) {
            let r = self.call(&f, Args::new([a.clone(), b.clone()]))?;
            if !r.is(&ni) {
                return Ok(r);
            }
        }
        let same_type = Obj::ptr_eq(self.class_of(a), self.class_of(b));
        if !same_type {
            if let Some(f) = self.lookup_special(b, rname) {
                let r = self.call(&f, Args::new([b.clone(), a.clone()]))?;
                if !r.is(&ni) {
                    return Ok(r);
                }
            }
        }
        let (ta, tb) = (self.type_name(a), self.type_name(b));
        if sym == "+" && ta == "str" {
            return Err(self.type_error(format!("can only concatenate str (not \"{tb}\") to str")));
        }
        if sym == "+" && (ta == "list" || ta == "tuple") {
            return Err(
                self.type_error(format!("can only concatenate {ta} (not \"{tb}\") to {ta}"))
            );
        }
        Err(self.type_error(format!(
            "unsupported operand type(s) for {sym}: '{ta}' and '{tb}'"
        )))
    }

    /// Arithmetic on ints and floats; `None` when an operand is not a number.
    fn numeric_op(&mut self, op: BinaryOperator, a: &Value, b: &Value) -> PyResult<Option<Value>> {
        use BinaryOperator::*;
        if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
            // bool's own `&`, `|`, `^` stay bools.
            match op {
                And => return Ok(Some(Value::Bool(x & y))),
                Or => return Ok(Some(Value::Bool(x | y))),
                Xor => return Ok(Some(Value::Bool(x ^ y))),
                _ => {}
            }
        }
        if let (Value::Int(x), Value::Int(y)) = (a, b) {
            let (x, y) = (*x, *y);
            let fast = match op {
                Add => x.checked_add(y).map(Value::Int),
                Sub => x.checked_sub(y).map(Value::Int),
                Mul => x.checked_mul(y).map(Value::Int),
                FloorDiv if y != 0 => x
                    .checked_div_euclid(y)
                    .map(|_| Value::Int(Integer::div_floor(&x, &y))),
                Mod if y != 0 => x
                    .checked_rem(y)
                    .map(|_| Value::Int(Integer::mod_floor(&x, &y))),
                TrueDiv if y != 0 => Some(Value::Float(true_div_int(x, y))),
                And => Some(Value::Int(x & y)),
                Or => Some(Value::Int(x | y)),
                Xor => Some(Value::Int(x ^ y)),
                LShift if (0..63).contains(&y) => x.checked_mul(1i64 << y).map(Value::Int),
                RShift if y >= 0 => Some(Value::Int(if y >= 64 {
                    if x < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    x >> y
                })),
                Pow if (0..64).contains(&y) => x.checked_pow(y as u32).map(Value::Int),
                _ => None,
            };
            if let Some(v) = fast {
                return Ok(Some(v));
            }
        }
        if let (Value::Float(x), Value::Float(y)) = (a, b) {
            if let Some(v) = self.float_op(op, *x, *y)? {
                return Ok(Some(v));
            }
        }
        let a_int = is_int(a);
        let b_int = is_int(b);
        if a_int && b_int {
            return self.bigint_op(op, a, b);
        }
        let a_num = a_int || matches!(a, Value::Float(_));
        let b_num = b_int || matches!(b, Value::Float(_));
        if a_num && b_num {
            let (Some(x), Some(y)) = (as_f64(a), as_f64(b)) else {
                return Err(self.new_error("OverflowError", "int too large to convert to float"));
            };
            return self.float_op(op, x, y);
        }
        Ok(None)
    }

    fn float_op(&mut self, op: BinaryOperator, x: f64, y: f64) -> PyResult<Option<Value>> {
        use BinaryOperator::*;
        let v = match op {
            Add => x + y,
            Sub => x - y,
            Mul => x * y,
            TrueDiv => {
                if y == 0.0 {
                    return Err(self.new_error("ZeroDivisionError", "float division by zero"));
                }
                x / y
            }
            FloorDiv => {
                if y == 0.0 {
                    return Err(self.new_error("ZeroDivisionError", "float floor division by zero"));
                }
                (x / y).floor()
            }
            Mod => {
                if y == 0.0 {
                    return Err(self.new_error("ZeroDivisionError", "float modulo"));
                }
                float_mod(x, y)
            }
            Pow => {
                if x == 0.0 && y < 0.0 {
                    return Err(self.new_error(
                        "ZeroDivisionError",
                        "0.0 cannot be raised to a negative power",
                    ));
                }
                let r = x.powf(y);
                if r.is_infinite() && x.is_finite() && y.is_finite() {
                    return Err(
                        self.new_error("OverflowError", "(34, 'Numerical result out of range')")
                    );
                }
                r
            }
            _ => return Ok(None),
        };
        Ok(Some(Value::Float(v)))
    }

    fn bigint_op(&mut self, op: BinaryOperator, a: &Value, b: &Value) -> PyResult<Option<Value>> {
        use BinaryOperator::*;
        let (Some(x), Some(y)) = (as_bigint(a), as_bigint(b)) else {
            return Ok(None);
        };
        let zero_div =
            |vm: &mut Vm, what: &str| Err(vm.new_error("ZeroDivisionError", what.to_string()));
        let v = match op {
            Add => int_from_big(x + y),
            Sub => int_from_big(x - y),
            Mul => int_from_big(x * y),
            FloorDiv => {
                if y.is_zero() {
                    return zero_div(self, "integer division or modulo by zero");
                }
                int_from_big(x.div_floor(&y))
            }
            Mod => {
                if y.is_zero() {
                    return zero_div(self, "integer modulo by zero");
                }
                int_from_big(x.mod_floor(&y))
            }
            TrueDiv => {
                if y.is_zero() {
                    return zero_div(self, "division by zero");
                }
                match (x.to_f64(), y.to_f64()) {
                    (Some(p), Some(q)) => Value::Float(p / q),
                    _ => {
                        return Err(self.new_error(
                            "OverflowError",
                            "integer division result too large for a float",
                        ))
                    }
                }
            }
            Pow => {
                if y.is_negative() {
                    if x.is_zero() {
                        return zero_div(self, "0.0 cannot be raised to a negative power");
                    }
                    let (p, q) = (
                        x.to_f64().unwrap_or(f64::INFINITY),
                        y.to_f64().unwrap_or(f64::NEG_INFINITY),
                    );
                    Value::Float(p.powf(q))
                } else {
                    let Some(e) = y.to_u32() else {
                        return Err(self.new_error("OverflowError", "exponent too large"));
                    };
                    int_from_big(num_traits::pow::Pow::pow(x, e))
                }
            }
            LShift => {
                if y.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                let Some(s) = y.to_usize() else {
                    return Err(self.new_error("OverflowError", "too many digits in integer"));
                };
                int_from_big(x << s)
            }
            RShift => {
                if y.is_negative() {
                    return Err(self.value_error("negative shift count"));
                }
                let s = y.to_usize().unwrap_or(usize::MAX).min(1 << 20);
                int_from_big(x >> s)
            }
            And => int_from_big(x & y),
            Or => int_from_big(x | y),
            Xor => int_from_big(x ^ y),
            MatMul => return Ok(None),
        };
        Ok(Some(v))
    }

    /// `+` and `*` on str, list, tuple and bytes.
    fn sequence_op(&mut self, op: BinaryOperator, a: &Value, b: &Value) -> PyResult<Option<Value>> {
        let (Value::Obj(x), _) = (a, b) else {
            if op == BinaryOperator::Mul {
                if let (Value::Int(_), Value::Obj(_)) = (a, b) {
                    return self.sequence_op(op, b, a);
                }
            }
            return Ok(None);
        };
        match op {
            BinaryOperator::Add => {
                let Value::Obj(y) = b else { return Ok(None) };
                let r = match (&**x, &**y) {
                    (Object::Str(s), Object::Str(t)) => {
                        let mut out = String::with_capacity(s.as_str().len() + t.as_str().len());
                        out.push_str(s.as_str());
                        out.push_str(t.as_str());
                        Value::str(out)
                    }
                    (Object::List(s), Object::List(t)) => {
                        let mut v = s.borrow(&self.gil).clone();
                        v.extend(t.borrow(&self.gil).iter().cloned());
                        self.new_list(v)
                    }
                    (Object::Tuple(s), Object::Tuple(t)) => {
                        let v: Vec<Value> = s.iter().chain(t.iter()).cloned().collect();
                        self.new_tuple(v)
                    }
                    (Object::Bytes(s), Object::Bytes(t)) => {
                        let v: Vec<u8> = s.iter().chain(t.iter()).copied().collect();
                        Value::from_obj(Object::Bytes(v.into_boxed_slice()))
                    }
                    _ => return Ok(None),
                };
                Ok(Some(r))
            }
            BinaryOperator::Mul => {
                let n = match b {
                    Value::Int(n) => (*n).max(0) as usize,
                    Value::Bool(n) => *n as usize,
                    _ => return Ok(None),
                };
                let r = match &**x {
                    Object::Str(s) => Value::str(s.as_str().repeat(n)),
                    Object::List(l) => {
                        let items = l.borrow(&self.gil);
                        let mut v = Vec::with_capacity(items.len() * n);
                        for _ in 0..n {
                            v.extend(items.iter().cloned());
                        }
                        drop(items);
                        self.new_list(v)
                    }
                    Object::Tuple(t) => {
                        let mut v = Vec::with_capacity(t.len() * n);
                        for _ in 0..n {
                            v.extend(t.iter().cloned());
                        }
                        self.new_tuple(v)
                    }
                    Object::Bytes(s) => {
                        Value::from_obj(Object::Bytes(s.repeat(n).into_boxed_slice()))
                    }
                    _ => return Ok(None),
                };
                Ok(Some(r))
            }
            _ => Ok(None),
        }
    }

    /// `-a`, `+a`, `~a`, `not a`.
    pub fn unary_op(&mut self, op: UnaryOperator, a: &Value) -> PyResult {
        match (op, a) {
            (UnaryOperator::Not, _) => return Ok(Value::Bool(!self.truthy(a)?)),
            (UnaryOperator::Neg, Value::Int(i)) => {
                return Ok(match i.checked_neg() {
                    Some(n) => Value::Int(n),
                    None => int_from_big(-BigInt::from(*i)),
                })
            }
            (UnaryOperator::Neg, Value::Float(f)) => return Ok(Value::Float(-f)),
            (UnaryOperator::Neg, Value::Bool(b)) => return Ok(Value::Int(-(*b as i64))),
            (UnaryOperator::Pos, Value::Int(_) | Value::Float(_)) => return Ok(a.clone()),
            (UnaryOperator::Pos, Value::Bool(b)) => return Ok(Value::Int(*b as i64)),
            (UnaryOperator::Invert, Value::Int(i)) => return Ok(Value::Int(!i)),
            (UnaryOperator::Invert, Value::Bool(b)) => return Ok(Value::Int(!(*b as i64))),
            _ => {}
        }
        if let Value::Obj(o) = a {
            if let Object::BigInt(b) = &**o {
                return Ok(match op {
                    UnaryOperator::Neg => int_from_big(-b.clone()),
                    UnaryOperator::Invert => int_from_big(!b.clone()),
                    _ => a.clone(),
                });
            }
        }
        let (name, sym) = match op {
            UnaryOperator::Neg => ("__neg__", "-"),
            UnaryOperator::Pos => ("__pos__", "+"),
            UnaryOperator::Invert => ("__invert__", "~"),
            UnaryOperator::Not => unreachable!(),
        };
        if let Some(f) = self.lookup_special(a, name) {
            return self.call(&f, Args::new([a.clone()]));
        }
        let t = self.type_name(a);
        Err(self.type_error(format!("bad operand type for unary {sym}: '{t}'")))
    }

    /// Truth value (`if v:`).
    pub fn truthy(&mut self, v: &Value) -> PyResult<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Obj(o) => match &**o {
                Object::Str(s) => !s.as_str().is_empty(),
                Object::List(l) => !l.borrow(&self.gil).is_empty(),
                Object::Tuple(t) => !t.is_empty(),
                Object::Dict(d) => !d.borrow(&self.gil).is_empty(),
                Object::Set(s) => !s.borrow(&self.gil).is_empty(),
                Object::FrozenSet(s) => !s.is_empty(),
                Object::Bytes(b) => !b.is_empty(),
                Object::BigInt(b) => !b.is_zero(),
                Object::Range(r) => !r.is_empty(),
                Object::Instance(_) => {
                    if let Some(f) = self.lookup_special(v, "__bool__") {
                        let r = self.call(&f, Args::new([v.clone()]))?;
                        return match r {
                            Value::Bool(b) => Ok(b),
                            _ => {
                                let t = self.type_name(&r);
                                Err(self.type_error(format!(
                                    "__bool__ should return bool, returned {t}"
                                )))
                            }
                        };
                    }
                    if let Some(f) = self.lookup_special(v, "__len__") {
                        let r = self.call(&f, Args::new([v.clone()]))?;
                        return Ok(!matches!(r, Value::Int(0)));
                    }
                    true
                }
                _ => true,
            },
        })
    }

    /// `a == b` as a bool.
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return Ok(x == y),
            (Value::Float(x), Value::Float(y)) => return Ok(x == y),
            (Value::None, Value::None) => return Ok(true),
            _ => {}
        }
        if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
            if Obj::ptr_eq(x, y) && !matches!(&**x, Object::Instance(_)) {
                return Ok(true);
            }
            match (&**x, &**y) {
                (Object::Str(s), Object::Str(t)) => return Ok(s.as_str() == t.as_str()),
                (Object::List(s), Object::List(t)) => {
                    let s = s.borrow(&self.gil).clone();
                    let t = t.borrow(&self.gil).clone();
                    return self.seq_eq(&s, &t);
                }
                (Object::Tuple(s), Object::Tuple(t)) => {
                    let (s, t) = (s.clone(), t.clone());
                    return self.seq_eq(&s, &t);
                }
                (Object::Dict(s), Object::Dict(t)) => {
                    let s = s.borrow(&self.gil).clone();
                    let t = t.borrow(&self.gil).clone();
                    if s.len() != t.len() {
                        return Ok(false);
                    }
                    for (k, v) in s.iter() {
                        match t.get(k) {
                            Some(w) => {
                                if !self.eq(v, w)? {
                                    return Ok(false);
                                }
                            }
                            None => return Ok(false),
                        }
                    }
                    return Ok(true);
                }
                (Object::Set(_) | Object::FrozenSet(_), Object::Set(_) | Object::FrozenSet(_)) => {
                    let s = self.set_items(a);
                    let t = self.set_items(b);
                    return Ok(s.len() == t.len() && s.iter().all(|k| t.contains(k)));
                }
                _ => {}
            }
        }
        let r = self.compare(Comparison::Eq, a, b)?;
        self.truthy(&r)
    }

    fn seq_eq(&mut self, s: &[Value], t: &[Value]) -> PyResult<bool> {
        if s.len() != t.len() {
            return Ok(false);
        }
        for (p, q) in s.iter().zip(t.iter()) {
            if !p.is(q) && !self.eq(p, q)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn set_items(&self, v: &Value) -> super::SetData {
        match v {
            Value::Obj(o) => match &**o {
                Object::Set(s) => s.borrow(&self.gil).clone(),
                Object::FrozenSet(s) => s.clone(),
                _ => super::SetData::new(),
            },
            _ => super::SetData::new(),
        }
    }

    /// A rich comparison, returning whatever `__eq__`/`__lt__`... return.
    pub fn compare(&mut self, op: Comparison, a: &Value, b: &Value) -> PyResult {
        if let Some(ord) = self.native_order(a, b)? {
            let r = match op {
                Comparison::Lt => ord == Some(Ordering::Less),
                Comparison::Le => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                Comparison::Eq => ord == Some(Ordering::Equal),
                Comparison::Ne => ord != Some(Ordering::Equal),
                Comparison::Gt => ord == Some(Ordering::Greater),
                Comparison::Ge => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
            };
            return Ok(Value::Bool(r));
        }
        if matches!(op, Comparison::Eq | Comparison::Ne) {
            if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
                let builtin_container = |o: &Obj| {
                    matches!(
                        &**o,
                        Object::List(_)
                            | Object::Tuple(_)
                            | Object::Dict(_)
                            | Object::Set(_)
                            | Object::FrozenSet(_)
                    )
                };
                if builtin_container(x) && builtin_container(y) {
                    // Different container kinds are never equal (`[] == ()`), except set/frozenset.
                    let same_kind = std::mem::discriminant(&**x) == std::mem::discriminant(&**y)
                        || matches!(
                            (&**x, &**y),
                            (
                                Object::Set(_) | Object::FrozenSet(_),
                                Object::Set(_) | Object::FrozenSet(_)
                            )
                        );
                    let e = same_kind && self.eq(a, b)?;
                    return Ok(Value::Bool(e == (op == Comparison::Eq)));
                }
            }
        }
        let (name, rname) = match op {
            Comparison::Lt => ("__lt__", "__gt__"),
            Comparison::Le => ("__le__", "__ge__"),
            Comparison::Eq => ("__eq__", "__eq__"),
            Comparison::Ne => ("__ne__", "__ne__"),
            Comparison::Gt => ("__gt__", "__lt__"),
            Comparison::Ge => ("__ge__", "__le__"),
        };
        let ni = self.rt.types.not_implemented.clone();
        if let Some(f) = self.lookup_special(a, name) {
            let r = self.call(&f, Args::new([a.clone(), b.clone()]))?;
            if !r.is(&ni) {
                return Ok(r);
            }
        }
        if let Some(f) = self.lookup_special(b, rname) {
            let r = self.call(&f, Args::new([b.clone(), a.clone()]))?;
            if !r.is(&ni) {
                return Ok(r);
            }
        }
        match op {
            Comparison::Eq => Ok(Value::Bool(a.is(b))),
            Comparison::Ne => {
                // Default `__ne__` inverts `__eq__`.
                if let Some(f) = self.lookup_special(a, "__eq__") {
                    let r = self.call(&f, Args::new([a.clone(), b.clone()]))?;
                    if !r.is(&ni) {
                        return Ok(Value::Bool(!self.truthy(&r)?));
                    }
                }
                Ok(Value::Bool(!a.is(b)))
            }
            _ => {
                let (ta, tb) = (self.type_name(a), self.type_name(b));
                Err(self.type_error(format!(
                    "'{}' not supported between instances of '{ta}' and '{tb}'",
                    op.symbol()
                )))
            }
        }
    }

    /// Ordering of built-in values (numbers, strings, sequences); `None` when
    /// the pair needs special methods. An inner `None` means unordered (NaN).
    fn native_order(&mut self, a: &Value, b: &Value) -> PyResult<Option<Option<Ordering>>> {
        match (a, b) {
            (Value::Int(x), Value::Int(y)) => return Ok(Some(Some(x.cmp(y)))),
            (Value::Float(x), Value::Float(y)) => return Ok(Some(x.partial_cmp(y))),
            _ => {}
        }
        let a_num = is_int(a) || matches!(a, Value::Float(_));
        let b_num = is_int(b) || matches!(b, Value::Float(_));
        if a_num && b_num {
            if is_int(a) && is_int(b) {
                return Ok(Some(as_bigint(a).partial_cmp(&as_bigint(b))));
            }
            if let (Value::Float(x), Value::Float(y)) = (a, b) {
                return Ok(Some(x.partial_cmp(y)));
            }
            // An int against a float is compared exactly, as CPython does.
            return Ok(Some(match (a, b) {
                (Value::Float(x), _) => int_float_order(b, *x).map(Ordering::reverse),
                (_, Value::Float(y)) => int_float_order(a, *y),
                _ => None,
            }));
        }
        if let (Value::Obj(x), Value::Obj(y)) = (a, b) {
            match (&**x, &**y) {
                (Object::Str(s), Object::Str(t)) => {
                    return Ok(Some(Some(s.as_str().cmp(t.as_str()))))
                }
                (Object::Bytes(s), Object::Bytes(t)) => return Ok(Some(Some(s.cmp(t)))),
                (Object::List(s), Object::List(t)) => {
                    let s = s.borrow(&self.gil).clone();
                    let t = t.borrow(&self.gil).clone();
                    return self.seq_order(&s, &t).map(|o| o.map(Some));
                }
                (Object::Tuple(s), Object::Tuple(t)) => {
                    let (s, t) = (s.clone(), t.clone());
                    return self.seq_order(&s, &t).map(|o| o.map(Some));
                }
                _ => {}
            }
        }
        Ok(None)
    }

    /// Lexicographic order of two sequences (the first unequal pair decides).
    fn seq_order(&mut self, s: &[Value], t: &[Value]) -> PyResult<Option<Ordering>> {
        for (p, q) in s.iter().zip(t.iter()) {
            if p.is(q) || self.eq(p, q)? {
                continue;
            }
            let lt = self.compare(Comparison::Lt, p, q)?;
            return Ok(Some(if self.truthy(&lt)? {
                Ordering::Less
            } else {
                Ordering::Greater
            }));
        }
        Ok(Some(s.len().cmp(&t.len())))
    }

    /// `hash(v)`.
    pub fn hash(&mut self, v: &Value) -> PyResult<i64> {
        Ok(match v {
            Value::None => 0x5f3759df,
            Value::Bool(b) => *b as i64,
            Value::Int(i) => hash_int(*i),
            Value::Float(f) => hash_float(*f),
            Value::Obj(o) => match &**o {
                Object::Str(s) => s.hash(),
                Object::BigInt(b) => {
                    let m = BigInt::from((1u64 << 61) - 1);
                    let r = b.mod_floor(&m).to_i64().unwrap_or(0);
                    if b.is_negative() {
                        hash_int(-r)
                    } else {
                        hash_int(r)
                    }
                }
                Object::Tuple(items) => {
                    let items = items.clone();
                    let mut acc: u64 = 0x27d4eb2f165667c5;
                    for item in items.iter() {
                        let h = self.hash(item)? as u64;
                        acc = acc
                            .wrapping_add(h.wrapping_mul(0xc2b2ae3d27d4eb4f))
                            .rotate_left(31)
                            .wrapping_mul(0x9e3779b185ebca87);
                    }
                    let h = (acc >> 1) as i64;
                    if h == -1 {
                        -2
                    } else {
                        h
                    }
                }
                Object::Bytes(b) => {
                    let mut x: u64 = 0xcbf29ce484222325;
                    for c in b.iter() {
                        x = (x ^ *c as u64).wrapping_mul(0x100000001b3);
                    }
                    (x >> 1) as i64
                }
                Object::FrozenSet(s) => {
                    let mut acc: i64 = 0;
                    for k in s.iter() {
                        acc ^= k.hash.wrapping_mul(0x5bd1e995);
                    }
                    acc
                }
                Object::List(_)
                | Object::Dict(_)
                | Object::Set(_)
                | Object::ByteArray(_)
                | Object::Slice(_) => {
                    let t = self.type_name(v);
                    return Err(self.type_error(format!("unhashable type: '{t}'")));
                }
                Object::Instance(_) => {
                    let class = self.class_of(v).clone();
                    if self.class_defines(&class, "__hash__") {
                        let f = self
                            .lookup_class_str(&class, "__hash__")
                            .unwrap_or(Value::None);
                        if f.is_none() {
                            let t = self.type_name(v);
                            return Err(self.type_error(format!("unhashable type: '{t}'")));
                        }
                        let r = self.call(&f, Args::new([v.clone()]))?;
                        return match r {
                            Value::Int(i) => Ok(i),
                            Value::Bool(b) => Ok(b as i64),
                            _ => Err(self.type_error("__hash__ method should return an integer")),
                        };
                    }
                    if self.class_defines(&class, "__eq__") {
                        let t = self.type_name(v);
                        return Err(self.type_error(format!("unhashable type: '{t}'")));
                    }
                    v.id() >> 4
                }
                // As CPython: by value, like the tuple (len, start, step) with
                // the parts that do not matter for equality left out.
                Object::Range(r) => {
                    let n = r.len();
                    let key = match n {
                        0 => [Value::Int(0), Value::None, Value::None],
                        1 => [Value::Int(1), Value::Int(r.start), Value::None],
                        _ => [Value::Int(n), Value::Int(r.start), Value::Int(r.step)],
                    };
                    let key = self.new_tuple(key.to_vec());
                    return self.hash(&key);
                }
                // As CPython: the receiver's identity and the function's hash.
                Object::BoundMethod(m) => {
                    let (receiver, func) = (m.receiver.id() >> 4, m.func.clone());
                    return Ok(receiver ^ self.hash(&func)?);
                }
                _ => v.id() >> 4,
            },
        })
    }

    /// A dict key for `v` (hashing it, which may raise).
    pub fn hash_key(&mut self, v: Value) -> PyResult<HashKey> {
        let hash = self.hash(&v)?;
        if let Value::Obj(o) = &v {
            if matches!(&**o, Object::Instance(_))
                && self.class_defines(self.class_of(&v), "__eq__")
            {
                let value = self.canonical_key(hash, o)?;
                return Ok(HashKey { hash, value });
            }
        }
        Ok(HashKey { hash, value: v })
    }

    /// Dict tables compare keys natively (by identity for instances). For a
    /// class with its own `__eq__`, every key equal to one already in use is
    /// replaced by that first one, so identity then agrees with `__eq__`.
    fn canonical_key(&mut self, hash: i64, o: &Obj) -> PyResult<Value> {
        let candidates: Vec<Obj> = {
            let mut table = self.rt.eq_keys.borrow_mut(&self.gil);
            let bucket = table.entry(hash).or_default();
            bucket.retain(|w| w.is_alive());
            bucket.iter().filter_map(|w| w.upgrade()).collect()
        };
        let v = Value::Obj(o.clone());
        for c in candidates {
            let cv = Value::Obj(c.clone());
            if Obj::ptr_eq(&c, o) || self.eq(&cv, &v)? {
                return Ok(cv);
            }
        }
        self.rt
            .eq_keys
            .borrow_mut(&self.gil)
            .entry(hash)
            .or_default()
            .push(Obj::downgrade(o));
        Ok(v)
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        if let Value::Obj(o) = container {
            match &**o {
                Object::Str(s) => {
                    let Some(sub) = item.as_str() else {
                        let t = self.type_name(item);
                        return Err(self.type_error(format!(
                            "'in <string>' requires string as left operand, not {t}"
                        )));
                    };
                    return Ok(s.as_str().contains(sub));
                }
                Object::Dict(d) => {
                    let k = self.hash_key(item.clone())?;
                    return Ok(d.borrow(&self.gil).contains(&k));
                }
                Object::Set(s) => {
                    let k = self.hash_key(item.clone())?;
                    return Ok(s.borrow(&self.gil).contains(&k));
                }
                Object::FrozenSet(s) => {
                    let k = self.hash_key(item.clone())?;
                    return Ok(s.contains(&k));
                }
                Object::List(l) => {
                    let items = l.borrow(&self.gil).clone();
                    for x in items.iter() {
                        if x.is(item) || self.eq(x, item)? {
                            return Ok(true);
                        }
                    }
                    return Ok(false);
                }
                Object::Tuple(t) => {
                    let items = t.clone();
                    for x in items.iter() {
                        if x.is(item) || self.eq(x, item)? {
                            return Ok(true);
                        }
                    }
                    return Ok(false);
                }
                Object::Range(r) => {
                    if let Value::Int(i) = item {
                        let (i, r) = (*i, *r);
                        let inside = if r.step > 0 {
                            i >= r.start && i < r.stop
                        } else {
                            i <= r.start && i > r.stop
                        };
                        return Ok(inside && (i - r.start) % r.step == 0);
                    }
                }
                _ => {}
            }
        }
        if let Some(f) = self.lookup_special(container, "__contains__") {
            let r = self.call(&f, Args::new([container.clone(), item.clone()]))?;
            return self.truthy(&r);
        }
        let it = self.iter(container)?;
        while let Some(x) = self.next(&it)? {
            if x.is(item) || self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `len(v)`.
    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        if let Value::Obj(o) = v {
            let n = match &**o {
                Object::Str(s) => Some(s.char_len()),
                Object::List(l) => Some(l.borrow(&self.gil).len()),
                Object::Tuple(t) => Some(t.len()),
                Object::Dict(d) => Some(d.borrow(&self.gil).len()),
                Object::Set(s) => Some(s.borrow(&self.gil).len()),
                Object::FrozenSet(s) => Some(s.len()),
                Object::Bytes(b) => Some(b.len()),
                Object::ByteArray(b) => Some(b.borrow(&self.gil).len()),
                Object::Range(r) => Some(r.len().max(0) as usize),
                _ => None,
            };
            if let Some(n) = n {
                return Ok(n);
            }
        }
        if let Some(f) = self.lookup_special(v, "__len__") {
            let r = self.call(&f, Args::new([v.clone()]))?;
            return match r {
                Value::Int(i) if i >= 0 => Ok(i as usize),
                Value::Int(_) => Err(self.value_error("__len__() should return >= 0")),
                _ => Err(self.type_error("'__len__' returned a non-integer")),
            };
        }
        let t = self.type_name(v);
        Err(self.type_error(format!("object of type '{t}' has no len()")))
    }

    /// `iter(v)`.
    pub fn iter(&mut self, v: &Value) -> PyResult {
        let state = if let Value::Obj(o) = v {
            match &**o {
                Object::List(_) => IterState::List {
                    list: o.clone(),
                    index: 0,
                },
                Object::Tuple(_) => IterState::Tuple {
                    tuple: o.clone(),
                    index: 0,
                },
                Object::Range(r) => IterState::Range {
                    next: r.start,
                    stop: r.stop,
                    step: r.step,
                },
                Object::Str(_) => IterState::Str {
                    s: o.clone(),
                    pos: 0,
                },
                Object::Bytes(_) => IterState::Bytes {
                    b: o.clone(),
                    index: 0,
                },
                Object::Dict(d) => {
                    let len = d.borrow(&self.gil).len();
                    IterState::DictKeys {
                        dict: o.clone(),
                        index: 0,
                        len,
                    }
                }
                Object::Set(s) => {
                    let items = s
                        .borrow(&self.gil)
                        .iter()
                        .map(|k| k.value.clone())
                        .collect();
                    IterState::Snapshot { items, index: 0 }
                }
                Object::FrozenSet(s) => IterState::Snapshot {
                    items: s.iter().map(|k| k.value.clone()).collect(),
                    index: 0,
                },
                Object::ByteArray(b) => {
                    let items = b
                        .borrow(&self.gil)
                        .iter()
                        .map(|x| Value::Int(*x as i64))
                        .collect();
                    IterState::Snapshot { items, index: 0 }
                }
                Object::Iter(_) | Object::Generator(_) => return Ok(v.clone()),
                _ => return self.iter_special(v),
            }
        } else {
            return self.iter_special(v);
        };
        Ok(Value::from_obj(Object::Iter(GilCell::new(state))))
    }

    fn iter_special(&mut self, v: &Value) -> PyResult {
        if let Some(f) = self.lookup_special(v, "__iter__") {
            let it = self.call(&f, Args::new([v.clone()]))?;
            if self.lookup_special(&it, "__next__").is_none()
                && !matches!(&it, Value::Obj(o) if matches!(&**o, Object::Iter(_) | Object::Generator(_)))
            {
                let t = self.type_name(&it);
                return Err(self.type_error(format!("iter() returned non-iterator of type '{t}'")));
            }
            return Ok(it);
        }
        if self.lookup_special(v, "__getitem__").is_some() {
            let state = IterState::GetItem {
                seq: v.clone(),
                index: 0,
            };
            return Ok(Value::from_obj(Object::Iter(GilCell::new(state))));
        }
        let t = self.type_name(v);
        Err(self.type_error(format!("'{t}' object is not iterable")))
    }

    /// `next(it)`: `Ok(None)` when exhausted (no StopIteration object is made
    /// for the built-in iterators).
    pub fn next(&mut self, it: &Value) -> PyResult<Option<Value>> {
        if let Value::Obj(o) = it {
            match &**o {
                Object::Iter(state) => return self.next_builtin(state),
                Object::Generator(_) => return self.generator_next(o),
                _ => {}
            }
        }
        let Some(f) = self.lookup_special(it, "__next__") else {
            let t = self.type_name(it);
            return Err(self.type_error(format!("'{t}' object is not an iterator")));
        };
        match self.call(&f, Args::new([it.clone()])) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.exc_is(&e, "StopIteration") => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn next_builtin(&mut self, state: &GilCell<IterState>) -> PyResult<Option<Value>> {
        // Fast cases first, with the state borrowed once.
        {
            let mut st = state.borrow_mut(&self.gil);
            match &mut *st {
                IterState::Range { next, stop, step } => {
                    return Ok(step_range(next, *stop, *step).map(Value::Int));
                }
                IterState::List { list, index } => {
                    let Object::List(l) = &**list else {
                        return Ok(None);
                    };
                    let v = l.borrow(&self.gil).get(*index).cloned();
                    if v.is_some() {
                        *index += 1;
                    }
                    return Ok(v);
                }
                IterState::Tuple { tuple, index } => {
                    let Object::Tuple(t) = &**tuple else {
                        return Ok(None);
                    };
                    let v = t.get(*index).cloned();
                    if v.is_some() {
                        *index += 1;
                    }
                    return Ok(v);
                }
                IterState::Str { s, pos } => {
                    let Object::Str(s) = &**s else {
                        return Ok(None);
                    };
                    let text = s.as_str();
                    let Some(c) = text[*pos..].chars().next() else {
                        return Ok(None);
                    };
                    *pos += c.len_utf8();
                    return Ok(Some(Value::str(c.to_string())));
                }
                IterState::Bytes { b, index } => {
                    let Object::Bytes(b) = &**b else {
                        return Ok(None);
                    };
                    let v = b.get(*index).map(|x| Value::Int(*x as i64));
                    *index += 1;
                    return Ok(v);
                }
                IterState::DictKeys { dict, index, len } => {
                    let Object::Dict(d) = &**dict else {
                        return Ok(None);
                    };
                    let d = d.borrow(&self.gil);
                    if d.len() != *len {
                        *len = d.len();
                        drop(d);
                        drop(st);
                        return Err(self.new_error(
                            "RuntimeError",
                            "dictionary changed size during iteration",
                        ));
                    }
                    let v = d.get_index(*index).map(|(k, _)| k.value.clone());
                    *index += 1;
                    return Ok(v);
                }
                IterState::Snapshot { items, index } => {
                    let v = items.get(*index).cloned();
                    *index += 1;
                    return Ok(v);
                }
                IterState::Reversed { seq, index } => {
                    if *index == 0 {
                        return Ok(None);
                    }
                    *index -= 1;
                    let i = *index;
                    let v = match seq {
                        Value::Obj(o) => match &**o {
                            Object::List(l) => l.borrow(&self.gil).get(i).cloned(),
                            Object::Tuple(t) => t.get(i).cloned(),
                            _ => None,
                        },
                        _ => None,
                    };
                    return Ok(v);
                }
                IterState::Done => return Ok(None),
                _ => {}
            }
        }
        // Cases that call back into conc code: take what is needed, release the borrow.
        let st = std::mem::replace(&mut *state.borrow_mut(&self.gil), IterState::Done);
        let (result, new_state) = match st {
            IterState::Enumerate { it, count } => match self.next(&it) {
                Ok(Some(v)) => {
                    let pair = self.new_tuple(vec![Value::Int(count), v]);
                    (
                        Ok(Some(pair)),
                        IterState::Enumerate {
                            it,
                            count: count + 1,
                        },
                    )
                }
                Ok(None) => (Ok(None), IterState::Done),
                Err(e) => (Err(e), IterState::Enumerate { it, count }),
            },
            IterState::Zip { its } => {
                let mut out = Vec::with_capacity(its.len());
                let mut result = Ok(None);
                let mut done = its.is_empty();
                for it in &its {
                    match self.next(it) {
                        Ok(Some(v)) => out.push(v),
                        Ok(None) => {
                            done = true;
                            break;
                        }
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
                if result.is_err() {
                    (result, IterState::Zip { its })
                } else if done {
                    (Ok(None), IterState::Done)
                } else {
                    (Ok(Some(self.new_tuple(out))), IterState::Zip { its })
                }
            }
            IterState::Map { func, its } => {
                let mut args = Vec::with_capacity(its.len());
                let mut outcome: Option<PyResult<Option<Value>>> = None;
                for it in &its {
                    match self.next(it) {
                        Ok(Some(v)) => args.push(v),
                        Ok(None) => {
                            outcome = Some(Ok(None));
                            break;
                        }
                        Err(e) => {
                            outcome = Some(Err(e));
                            break;
                        }
                    }
                }
                match outcome {
                    Some(Ok(None)) => (Ok(None), IterState::Done),
                    Some(r) => (r, IterState::Map { func, its }),
                    None => {
                        let r = self.call(&func, Args::new(args)).map(Some);
                        (r, IterState::Map { func, its })
                    }
                }
            }
            IterState::Filter { func, it } => loop {
                match self.next(&it) {
                    Ok(Some(v)) => {
                        let keep = if func.is_none() {
                            self.truthy(&v)
                        } else {
                            self.call(&func, Args::new([v.clone()]))
                                .and_then(|r| self.truthy(&r))
                        };
                        match keep {
                            Ok(true) => break (Ok(Some(v)), IterState::Filter { func, it }),
                            Ok(false) => continue,
                            Err(e) => break (Err(e), IterState::Filter { func, it }),
                        }
                    }
                    Ok(None) => break (Ok(None), IterState::Done),
                    Err(e) => break (Err(e), IterState::Filter { func, it }),
                }
            },
            IterState::Callable { func, sentinel } => match self.call(&func, Args::default()) {
                Ok(v) => {
                    if v.is(&sentinel) || self.eq(&v, &sentinel)? {
                        (Ok(None), IterState::Done)
                    } else {
                        (Ok(Some(v)), IterState::Callable { func, sentinel })
                    }
                }
                Err(e) => (Err(e), IterState::Callable { func, sentinel }),
            },
            IterState::GetItem { seq, index } => match self.getitem(&seq, &Value::Int(index)) {
                Ok(v) => (
                    Ok(Some(v)),
                    IterState::GetItem {
                        seq,
                        index: index + 1,
                    },
                ),
                Err(e) if self.exc_is(&e, "IndexError") || self.exc_is(&e, "StopIteration") => {
                    (Ok(None), IterState::Done)
                }
                Err(e) => (Err(e), IterState::GetItem { seq, index }),
            },
            other => (Ok(None), other),
        };
        *state.borrow_mut(&self.gil) = new_state;
        result
    }

    /// Drain an iterable into a vector.
    pub fn collect(&mut self, iterable: &Value) -> PyResult<Vec<Value>> {
        if let Value::Obj(o) = iterable {
            match &**o {
                Object::List(l) => return Ok(l.borrow(&self.gil).clone()),
                Object::Tuple(t) => return Ok(t.to_vec()),
                _ => {}
            }
        }
        let it = self.iter(iterable)?;
        let mut out = Vec::new();
        while let Some(v) = self.next(&it)? {
            out.push(v);
        }
        Ok(out)
    }

    /// `container[key]`.
    pub fn getitem(&mut self, container: &Value, key: &Value) -> PyResult {
        if let Value::Obj(o) = container {
            match &**o {
                Object::List(l) => {
                    if let Some(i) = index_of(key) {
                        let items = l.borrow(&self.gil);
                        return match norm_index(i, items.len()) {
                            Some(i) => Ok(items[i].clone()),
                            None => {
                                drop(items);
                                Err(self.index_error("list index out of range"))
                            }
                        };
                    }
                    if let Some(s) = as_slice(key) {
                        let items = l.borrow(&self.gil).clone();
                        let picked = self.slice_pick(&items, s)?;
                        return Ok(self.new_list(picked));
                    }
                }
                Object::Tuple(t) => {
                    if let Some(i) = index_of(key) {
                        return match norm_index(i, t.len()) {
                            Some(i) => Ok(t[i].clone()),
                            None => Err(self.index_error("tuple index out of range")),
                        };
                    }
                    if let Some(s) = as_slice(key) {
                        let picked = self.slice_pick(t, s)?;
                        return Ok(self.new_tuple(picked));
                    }
                }
                Object::Str(s) => {
                    if let Some(i) = index_of(key) {
                        let n = s.char_len();
                        return match norm_index(i, n) {
                            Some(i) => {
                                let c = if s.is_ascii() {
                                    s.as_str()[i..i + 1].to_string()
                                } else {
                                    s.as_str()
                                        .chars()
                                        .nth(i)
                                        .map(|c| c.to_string())
                                        .unwrap_or_default()
                                };
                                Ok(Value::str(c))
                            }
                            None => Err(self.index_error("string index out of range")),
                        };
                    }
                    if let Some(sl) = as_slice(key) {
                        let chars: Vec<Value> = if s.is_ascii() {
                            s.as_str().bytes().map(|b| Value::Int(b as i64)).collect()
                        } else {
                            s.as_str().chars().map(|c| Value::Int(c as i64)).collect()
                        };
                        let picked = self.slice_pick(&chars, sl)?;
                        let text: String = picked
                            .iter()
                            .filter_map(|v| match v {
                                Value::Int(c) => char::from_u32(*c as u32),
                                _ => None,
                            })
                            .collect();
                        return Ok(Value::str(text));
                    }
                }
                Object::Bytes(b) => {
                    if let Some(i) = index_of(key) {
                        return match norm_index(i, b.len()) {
                            Some(i) => Ok(Value::Int(b[i] as i64)),
                            None => Err(self.index_error("index out of range")),
                        };
                    }
                    if let Some(sl) = as_slice(key) {
                        let items: Vec<Value> = b.iter().map(|x| Value::Int(*x as i64)).collect();
                        let picked = self.slice_pick(&items, sl)?;
                        let bytes: Vec<u8> = picked
                            .iter()
                            .map(|v| if let Value::Int(i) = v { *i as u8 } else { 0 })
                            .collect();
                        return Ok(Value::from_obj(Object::Bytes(bytes.into_boxed_slice())));
                    }
                }
                Object::Dict(d) => {
                    let k = self.hash_key(key.clone())?;
                    let found = d.borrow(&self.gil).get(&k).cloned();
                    return match found {
                        Some(v) => Ok(v),
                        None => Err(self.key_error(key.clone())),
                    };
                }
                Object::Range(r) => {
                    if let Some(i) = index_of(key) {
                        let n = r.len().max(0) as usize;
                        return match norm_index(i, n) {
                            Some(i) => Ok(Value::Int(r.start + r.step * i as i64)),
                            None => Err(self.index_error("range object index out of range")),
                        };
                    }
                }
                _ => {}
            }
        }
        if let Some(f) = self.lookup_special(container, "__getitem__") {
            return self.call(&f, Args::new([container.clone(), key.clone()]));
        }
        if let Value::Obj(o) = container {
            if let Object::Class(_) = &**o {
                if let Some(f) = self.lookup_class_str(o, "__class_getitem__") {
                    return self.call(&f, Args::new([key.clone()]));
                }
                // `list[int]` in annotations: return the class itself.
                return Ok(container.clone());
            }
        }
        let t = self.type_name(container);
        if matches!(container, Value::Obj(o) if matches!(&**o, Object::List(_) | Object::Tuple(_) | Object::Str(_)))
        {
            let k = self.type_name(key);
            return Err(self.type_error(format!("{t} indices must be integers or slices, not {k}")));
        }
        Err(self.type_error(format!("'{t}' object is not subscriptable")))
    }

    /// The items a slice selects.
    pub fn slice_pick(&mut self, items: &[Value], s: &Slice) -> PyResult<Vec<Value>> {
        let (start, stop, step) = self.slice_indices(s, items.len())?;
        let mut out = Vec::new();
        let mut i = start;
        if step > 0 {
            while i < stop {
                out.push(items[i as usize].clone());
                i += step;
            }
        } else {
            while i > stop {
                out.push(items[i as usize].clone());
                i += step;
            }
        }
        Ok(out)
    }

    /// `slice.indices(len)`: (start, stop, step) clamped as CPython's PySlice_AdjustIndices.
    pub fn slice_indices(&mut self, s: &Slice, len: usize) -> PyResult<(i64, i64, i64)> {
        let len = len as i64;
        let get = |vm: &mut Vm, v: &Value| -> PyResult<Option<i64>> {
            match v {
                Value::None => Ok(None),
                Value::Int(i) => Ok(Some(*i)),
                Value::Bool(b) => Ok(Some(*b as i64)),
                Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => {
                    let b = as_bigint(v).unwrap_or_default();
                    Ok(Some(if b.is_negative() {
                        i64::MIN / 2
                    } else {
                        i64::MAX / 2
                    }))
                }
                _ => {
                    if let Some(f) = vm.lookup_special(v, "__index__") {
                        if let Value::Int(i) = vm.call(&f, Args::new([v.clone()]))? {
                            return Ok(Some(i));
                        }
                    }
                    Err(vm.type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    ))
                }
            }
        };
        let step = get(self, &s.step)?.unwrap_or(1);
        if step == 0 {
            return Err(self.value_error("slice step cannot be zero"));
        }
        let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
        let clamp = |v: Option<i64>, default: i64| -> i64 {
            match v {
                None => default,
                Some(i) if i < 0 => (i + len).max(lower),
                Some(i) => i.min(upper),
            }
        };
        let start = clamp(get(self, &s.start)?, if step < 0 { upper } else { lower });
        let stop = clamp(get(self, &s.stop)?, if step < 0 { lower } else { upper });
        Ok((start, stop, step))
    }

    /// `container[key] = value`.
    pub fn setitem(&mut self, container: &Value, key: &Value, value: Value) -> PyResult<()> {
        if let Value::Obj(o) = container {
            match &**o {
                Object::List(l) => {
                    if let Some(i) = index_of(key) {
                        let mut items = l.borrow_mut(&self.gil);
                        return match norm_index(i, items.len()) {
                            Some(i) => {
                                items[i] = value;
                                Ok(())
                            }
                            None => {
                                drop(items);
                                Err(self.index_error("list assignment index out of range"))
                            }
                        };
                    }
                    if let Some(s) = as_slice(key) {
                        let new_items = match self.collect(&value) {
                            Ok(items) => items,
                            Err(e) if self.exc_is(&e, "TypeError") => {
                                return Err(self.type_error("can only assign an iterable"))
                            }
                            Err(e) => return Err(e),
                        };
                        let len = l.borrow(&self.gil).len();
                        let (start, stop, step) = self.slice_indices(s, len)?;
                        let mut items = l.borrow_mut(&self.gil);
                        if step == 1 {
                            let stop = stop.max(start);
                            items.splice(start as usize..stop as usize, new_items);
                            return Ok(());
                        }
                        let mut idx = Vec::new();
                        let mut i = start;
                        while (step > 0 && i < stop) || (step < 0 && i > stop) {
                            idx.push(i as usize);
                            i += step;
                        }
                        if idx.len() != new_items.len() {
                            drop(items);
                            return Err(self.value_error(format!(
                                "attempt to assign sequence of size {} to extended slice of size {}",
                                new_items.len(),
                                idx.len()
                            )));
                        }
                        for (i, v) in idx.into_iter().zip(new_items) {
                            items[i] = v;
                        }
                        return Ok(());
                    }
                }
                Object::Dict(d) => {
                    let k = self.hash_key(key.clone())?;
                    d.borrow_mut(&self.gil).insert(k, value);
                    return Ok(());
                }
                _ => {}
            }
        }
        if let Some(f) = self.lookup_special(container, "__setitem__") {
            self.call(&f, Args::new([container.clone(), key.clone(), value]))?;
            return Ok(());
        }
        let t = self.type_name(container);
        Err(self.type_error(format!("'{t}' object does not support item assignment")))
    }

    /// `del container[key]`.
    pub fn delitem(&mut self, container: &Value, key: &Value) -> PyResult<()> {
        if let Value::Obj(o) = container {
            match &**o {
                Object::List(l) => {
                    if let Some(i) = index_of(key) {
                        let mut items = l.borrow_mut(&self.gil);
                        return match norm_index(i, items.len()) {
                            Some(i) => {
                                items.remove(i);
                                Ok(())
                            }
                            None => {
                                drop(items);
                                Err(self.index_error("list assignment index out of range"))
                            }
                        };
                    }
                    if let Some(s) = as_slice(key) {
                        let len = l.borrow(&self.gil).len();
                        let (start, stop, step) = self.slice_indices(s, len)?;
                        let mut idx = Vec::new();
                        let mut i = start;
                        while (step > 0 && i < stop) || (step < 0 && i > stop) {
                            idx.push(i as usize);
                            i += step;
                        }
                        idx.sort_unstable();
                        let mut items = l.borrow_mut(&self.gil);
                        for i in idx.into_iter().rev() {
                            items.remove(i);
                        }
                        return Ok(());
                    }
                }
                Object::Dict(d) => {
                    let k = self.hash_key(key.clone())?;
                    let removed = d.borrow_mut(&self.gil).remove(&k);
                    return match removed {
                        Some(_) => Ok(()),
                        None => Err(self.key_error(key.clone())),
                    };
                }
                _ => {}
            }
        }
        if let Some(f) = self.lookup_special(container, "__delitem__") {
            self.call(&f, Args::new([container.clone(), key.clone()]))?;
            return Ok(());
        }
        let t = self.type_name(container);
        Err(self.type_error(format!("'{t}' object doesn't support item deletion")))
    }

    /// `repr(v)`.
    pub fn repr(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::None => return Ok("None".into()),
            Value::Bool(b) => return Ok(if *b { "True" } else { "False" }.into()),
            Value::Int(i) => return Ok(i.to_string()),
            Value::Float(f) => return Ok(float_repr(*f)),
            Value::Obj(o) => match &**o {
                Object::Str(s) => return Ok(str_repr(s.as_str())),
                Object::BigInt(b) => return Ok(b.to_string()),
                Object::List(_)
                | Object::Tuple(_)
                | Object::Dict(_)
                | Object::Set(_)
                | Object::FrozenSet(_) => {
                    return self.container_repr(v, o);
                }
                _ => {}
            },
        }
        if let Some(f) = self.lookup_special(v, "__repr__") {
            self.check_recursion()?;
            self.depth += 1;
            let r = self.call(&f, Args::new([v.clone()]));
            self.depth -= 1;
            let r = r?;
            return match r.as_str() {
                Some(s) => Ok(s.to_string()),
                None => {
                    let t = self.type_name(&r);
                    Err(self.type_error(format!("__repr__ returned non-string (type {t})")))
                }
            };
        }
        Ok(self.default_repr(v))
    }

    /// `<module.Class object at 0x...>`, the repr of last resort.
    pub fn default_repr(&self, v: &Value) -> String {
        let class = self.class_of(v);
        let (module, name) = match &**class {
            Object::Class(c) => (c.module.to_string(), c.qualname.to_string()),
            _ => ("?".into(), "?".into()),
        };
        let prefix = if module == "builtins" {
            String::new()
        } else {
            format!("{module}.")
        };
        format!("<{prefix}{name} object at {:#x}>", v.id())
    }

    fn container_repr(&mut self, v: &Value, o: &Obj) -> PyResult<String> {
        // A container that contains itself prints `[...]` there, as Python.
        let id = v.id();
        if self.repr_guard.contains(&id) {
            return Ok(match &**o {
                Object::List(_) => "[...]",
                Object::Tuple(_) => "(...)",
                Object::Dict(_) => "{...}",
                _ => "...",
            }
            .to_string());
        }
        self.check_recursion()?;
        self.repr_guard.push(id);
        self.depth += 1;
        let r = self.container_repr_inner(o);
        self.depth -= 1;
        self.repr_guard.pop();
        r
    }

    fn container_repr_inner(&mut self, o: &Obj) -> PyResult<String> {
        let join = |vm: &mut Vm, items: &[Value]| -> PyResult<String> {
            let mut parts = Vec::with_capacity(items.len());
            for x in items {
                parts.push(vm.repr(x)?);
            }
            Ok(parts.join(", "))
        };
        match &**o {
            Object::List(l) => {
                let items = l.borrow(&self.gil).clone();
                Ok(format!("[{}]", join(self, &items)?))
            }
            Object::Tuple(t) => {
                let t = t.clone();
                if t.len() == 1 {
                    Ok(format!("({},)", self.repr(&t[0])?))
                } else {
                    Ok(format!("({})", join(self, &t)?))
                }
            }
            Object::Dict(d) => {
                let items: Vec<(Value, Value)> = d
                    .borrow(&self.gil)
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.clone()))
                    .collect();
                let mut parts = Vec::with_capacity(items.len());
                for (k, v) in items {
                    parts.push(format!("{}: {}", self.repr(&k)?, self.repr(&v)?));
                }
                Ok(format!("{{{}}}", parts.join(", ")))
            }
            Object::Set(s) => {
                let items: Vec<Value> = s
                    .borrow(&self.gil)
                    .iter()
                    .map(|k| k.value.clone())
                    .collect();
                if items.is_empty() {
                    return Ok("set()".into());
                }
                Ok(format!("{{{}}}", join(self, &items)?))
            }
            Object::FrozenSet(s) => {
                let items: Vec<Value> = s.iter().map(|k| k.value.clone()).collect();
                if items.is_empty() {
                    return Ok("frozenset()".into());
                }
                Ok(format!("frozenset({{{}}})", join(self, &items)?))
            }
            _ => Ok(String::new()),
        }
    }

    /// `str(v)`.
    pub fn to_str(&mut self, v: &Value) -> PyResult<String> {
        match v {
            Value::Obj(o) => {
                if let Object::Str(s) = &**o {
                    return Ok(s.as_str().to_string());
                }
                if let Object::Instance(_) = &**o {
                    if let Some(f) = self.lookup_special(v, "__str__") {
                        let r = self.call(&f, Args::new([v.clone()]))?;
                        return match r.as_str() {
                            Some(s) => Ok(s.to_string()),
                            None => {
                                let t = self.type_name(&r);
                                Err(self
                                    .type_error(format!("__str__ returned non-string (type {t})")))
                            }
                        };
                    }
                }
                if let Some(f) = self.lookup_special(v, "__str__") {
                    let r = self.call(&f, Args::new([v.clone()]))?;
                    if let Some(s) = r.as_str() {
                        return Ok(s.to_string());
                    }
                }
                self.repr(v)
            }
            _ => self.repr(v),
        }
    }

    /// A new list value.
    pub fn new_list(&self, items: Vec<Value>) -> Value {
        Value::from_obj(Object::List(GilCell::new(items)))
    }

    /// A new tuple value.
    pub fn new_tuple(&self, items: Vec<Value>) -> Value {
        Value::from_obj(Object::Tuple(items.into_boxed_slice()))
    }

    /// A new dict value.
    pub fn new_dict(&self, d: super::Dict) -> Value {
        Value::from_obj(Object::Dict(GilCell::new(d)))
    }

    /// Read a string key of a dict object.
    pub fn dict_get_str(&self, dict: &Obj, key: &str) -> Option<Value> {
        match &**dict {
            Object::Dict(d) => d.borrow(&self.gil).get_str(key).cloned(),
            _ => None,
        }
    }

    /// Read a key of a dict object.
    pub fn dict_get_key(&self, dict: &Obj, key: &HashKey) -> Option<Value> {
        match &**dict {
            Object::Dict(d) => d.borrow(&self.gil).get(key).cloned(),
            _ => None,
        }
    }

    /// Set a string key of a dict object.
    pub fn dict_set_str(&self, dict: &Obj, key: &str, value: Value) {
        if let Object::Dict(d) = &**dict {
            d.borrow_mut(&self.gil).insert_str(key, value);
        }
    }
}

/// The exact order of an int and a float (`None` for NaN).
fn int_float_order(i: &Value, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let big = as_bigint(i)?;
    let floor = f.floor();
    let fb = num_bigint::BigInt::from(floor as i128);
    let fb = if floor.abs() < 1e38 {
        fb
    } else {
        num_traits::FromPrimitive::from_f64(floor)?
    };
    match big.cmp(&fb) {
        Ordering::Equal if f > floor => Some(Ordering::Less),
        o => Some(o),
    }
}

/// An integer index, if the key is one (`True` counts as 1).
fn index_of(key: &Value) -> Option<i64> {
    match key {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

fn as_slice(key: &Value) -> Option<&Slice> {
    match key {
        Value::Obj(o) => match &**o {
            Object::Slice(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// A Python index (negative from the end) into a length, if in range.
pub fn norm_index(i: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let i = if i < 0 { i + len } else { i };
    (0..len).contains(&i).then_some(i as usize)
}

fn true_div_int(x: i64, y: i64) -> f64 {
    // Exact when both fit in 53 bits; otherwise go through big integers.
    if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
        x as f64 / y as f64
    } else {
        let (bx, by) = (BigInt::from(x), BigInt::from(y));
        let (q, r) = bx.div_rem(&by);
        q.to_f64().unwrap_or(0.0) + r.to_f64().unwrap_or(0.0) / y as f64
    }
}

/// Python's hash of an int: the value modulo 2**61 - 1, with -1 mapped to -2.
pub fn hash_int(i: i64) -> i64 {
    const M: i64 = (1 << 61) - 1;
    let h = if i >= 0 {
        i % M
    } else {
        -((-(i as i128) % M as i128) as i64)
    };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// Python's hash of a float: integral floats hash like the int.
pub fn hash_float(f: f64) -> i64 {
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        return hash_int(f as i64);
    }
    if f.is_nan() {
        return 0;
    }
    let b = f.to_bits();
    let h = ((b >> 1) ^ (b << 13)) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `repr(float)`: the shortest text that reads back as the same float,
/// laid out as Python does (`1e-05`, `1e+16`, `0.1`, `2.0`, `inf`, `nan`).
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e-5".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let point = exp + 1; // digits before the decimal point
        let s = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point >= n {
            format!("{}{}.0", digits, "0".repeat((point - n) as usize))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{s}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits.clone()
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{esign}{:02}", exp.abs())
    }
}

/// Printable as `repr` leaves it: not a control, a separator other than the
/// space, or an invisible format character.
fn is_printable(c: char) -> bool {
    c == ' '
        || !(c.is_control()
            || c.is_whitespace()
            || matches!(c as u32, 0xAD | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0xFEFF))
}

/// `repr(str)`: single quotes unless the text has a single quote and no double quote.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if (0x80..0xa0).contains(&(c as u32)) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if !is_printable(c) => {
                let n = c as u32;
                if n < 0x100 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// One step of a range iterator: the current int, and `next` moved on.
#[inline(always)]
pub fn step_range(next: &mut i64, stop: i64, step: i64) -> Option<i64> {
    let cur = *next;
    if (step > 0 && cur < stop) || (step < 0 && cur > stop) {
        *next = cur.saturating_add(step);
        Some(cur)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        assert_eq!(float_repr(0.1), "0.1");
        assert_eq!(float_repr(2.0), "2.0");
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e-5), "1e-05");
        assert_eq!(float_repr(123456.789), "123456.789");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(-1.5), "-1.5");
        assert_eq!(float_repr(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(float_repr(1e15), "1000000000000000.0");
        assert_eq!(float_repr(1.5e300), "1.5e+300");
    }

    #[test]
    fn str_repr_matches_python() {
        assert_eq!(str_repr("a'b"), "\"a'b\"");
        assert_eq!(str_repr("a\"b'"), "'a\"b\\''");
        assert_eq!(str_repr("中文\n"), "'中文\\n'");
    }
}
