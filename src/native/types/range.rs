//! `range`: the constructor (`range(stop)`, `range(start, stop[, step])`),
//! length, indexing and slicing (a slice of a range is a range), `in`,
//! `reversed`, equality as sequences, `index`/`count` and the repr
//! `range(0, 5)`. `start`/`stop`/`step` are served by the VM.
//!
//! Bounds are i64; a range whose span does not fit one is refused with
//! CPython's OverflowError, so lengths are always computable.

use super::support::{count_args, no_kwargs, not_implemented, resolve_subscript};
use super::support::{no_args, one_arg};
use crate::native::{add_method, set_constructor};
use crate::vm::object::{IterState, Range};
use crate::vm::ops::norm_index;
use crate::vm::{Args, GilCell, Object, PyResult, Value, Vm};

/// Install `range`.
pub fn install(vm: &mut Vm) {
    let range = vm.rt.types.range.clone();
    set_constructor(&range, range_new);
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__len__", range_len),
        ("__bool__", range_bool),
        ("__getitem__", range_getitem),
        ("__iter__", range_iter),
        ("__reversed__", range_reversed),
        ("__contains__", range_contains),
        ("__repr__", range_repr),
        ("__eq__", range_eq),
        ("__ne__", range_ne),
        ("__hash__", range_hash),
        ("index", range_index),
        ("count", range_count),
    ];
    for (name, f) in methods {
        add_method(vm, &range, name, *f);
    }
}

/// Number of items, computed without overflow.
fn length(r: &Range) -> i128 {
    let (start, stop, step) = (r.start as i128, r.stop as i128, r.step as i128);
    if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    }
}

/// The item at position `i` (0 <= i < len).
fn item(r: &Range, i: i128) -> i64 {
    clamp(r.start as i128 + r.step as i128 * i)
}

fn clamp(x: i128) -> i64 {
    x.clamp(i64::MIN as i128, i64::MAX as i128) as i64
}

fn as_range(v: &Value) -> Option<Range> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Range(r)) => Some(*r),
        _ => None,
    }
}

fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Range> {
    match args.pos.first().and_then(as_range) {
        Some(r) => Ok(r),
        None => Err(vm.type_error(format!("descriptor '{method}' requires a 'range' object"))),
    }
}

fn range_value(r: Range) -> Value {
    Value::from_obj(Object::Range(r))
}

/// An integer argument: ints, bools and `__index__` objects.
fn integer(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => return Ok(*i),
        Value::Bool(b) => return Ok(*b as i64),
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => {
            return Err(vm.new_error(
                "OverflowError",
                "Python int too large to convert to C ssize_t",
            ));
        }
        _ => {}
    }
    if let Some(f) = vm.lookup_special(v, "__index__") {
        let r = vm.call(&f, Args::new([v.clone()]))?;
        return integer(vm, &r);
    }
    let t = vm.type_name(v);
    Err(vm.type_error(format!("'{t}' object cannot be interpreted as an integer")))
}

/// `range(stop)` / `range(start, stop[, step])` (args[0] is the class).
fn range_new(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "range")?;
    count_args(vm, &args, 1, "range", 1, 3)?;
    let given: Vec<i64> = {
        let mut out = Vec::with_capacity(3);
        for v in &args.pos[1..] {
            out.push(integer(vm, v)?);
        }
        out
    };
    let (start, stop, step) = match given.as_slice() {
        [stop] => (0, *stop, 1),
        [start, stop] => (*start, *stop, 1),
        [start, stop, step] => (*start, *stop, *step),
        _ => unreachable!("count checked"),
    };
    if step == 0 {
        return Err(vm.value_error("range() arg 3 must not be zero"));
    }
    if stop.checked_sub(start).is_none() {
        return Err(vm.new_error(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        ));
    }
    Ok(range_value(Range { start, stop, step }))
}

fn range_len(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "range.__len__")?;
    let r = this(vm, &args, "__len__")?;
    Ok(Value::Int(length(&r) as i64))
}

fn range_bool(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "range.__bool__")?;
    let r = this(vm, &args, "__bool__")?;
    Ok(Value::Bool(length(&r) > 0))
}

/// `r[i]` or `r[a:b:c]` (another range).
fn range_getitem(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "range.__getitem__")?;
    let r = this(vm, &args, "__getitem__")?;
    let key = resolve_subscript(vm, &args.pos[1], "range").map_err(|e| {
        if vm.exc_is(&e, "IndexError") {
            vm.index_error("range object index out of range")
        } else {
            e
        }
    })?;
    let len = length(&r);
    match &key {
        Value::Int(i) => match norm_index(*i, len as usize) {
            Some(i) => Ok(Value::Int(item(&r, i as i128))),
            None => Err(vm.index_error("range object index out of range")),
        },
        Value::Obj(o) => match &**o {
            Object::Slice(s) => {
                let (a, b, c) = vm.slice_indices(s, len as usize)?;
                let start = r.start as i128 + a as i128 * r.step as i128;
                let stop = r.start as i128 + b as i128 * r.step as i128;
                let step = r.step as i128 * c as i128;
                Ok(range_value(Range {
                    start: clamp(start),
                    stop: clamp(stop),
                    step: clamp(step),
                }))
            }
            _ => Err(vm.type_error("range indices must be integers or slices")),
        },
        _ => Err(vm.type_error("range indices must be integers or slices")),
    }
}

fn range_iter(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "range.__iter__")?;
    let r = this(vm, &args, "__iter__")?;
    vm.iter(&range_value(r))
}

/// Iterate from the last item down to `start`.
fn range_reversed(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "range.__reversed__")?;
    let r = this(vm, &args, "__reversed__")?;
    let len = length(&r);
    let state = if len == 0 {
        IterState::Done
    } else {
        let last = item(&r, len - 1);
        let stop = clamp(r.start as i128 - r.step as i128);
        IterState::Range {
            next: last,
            stop,
            step: clamp(-(r.step as i128)),
        }
    };
    Ok(Value::from_obj(Object::Iter(GilCell::new(state))))
}

/// Is the int `i` one of the items?
fn holds(r: &Range, i: i64) -> bool {
    let (i, start, step) = (i as i128, r.start as i128, r.step as i128);
    let inside = if step > 0 {
        i >= start && i < r.stop as i128
    } else {
        i <= start && i > r.stop as i128
    };
    inside && (i - start) % step == 0
}

/// Ints are tested arithmetically; anything else is compared item by item, as CPython.
fn position_of(vm: &mut Vm, r: &Range, x: &Value) -> PyResult<Option<i128>> {
    let as_int = match x {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    };
    if let Some(i) = as_int {
        return Ok(holds(r, i).then(|| (i as i128 - r.start as i128) / r.step as i128));
    }
    for k in 0..length(r) {
        if vm.eq(&Value::Int(item(r, k)), x)? {
            return Ok(Some(k));
        }
    }
    Ok(None)
}

fn range_contains(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "range.__contains__")?;
    let r = this(vm, &args, "__contains__")?;
    Ok(Value::Bool(position_of(vm, &r, &args.pos[1])?.is_some()))
}

fn range_index(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "range.index")?;
    let r = this(vm, &args, "index")?;
    match position_of(vm, &r, &args.pos[1])? {
        Some(k) => Ok(Value::Int(k as i64)),
        None => {
            let x = vm.repr(&args.pos[1])?;
            Err(vm.value_error(format!("{x} is not in range")))
        }
    }
}

fn range_count(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "range.count")?;
    let r = this(vm, &args, "count")?;
    Ok(Value::Int(
        position_of(vm, &r, &args.pos[1])?.is_some() as i64
    ))
}

/// `range(0, 5)`, or `range(0, 10, 3)` when the step is not 1.
fn range_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "range.__repr__")?;
    let r = this(vm, &args, "__repr__")?;
    let text = if r.step == 1 {
        format!("range({}, {})", r.start, r.stop)
    } else {
        format!("range({}, {}, {})", r.start, r.stop, r.step)
    };
    Ok(Value::str(text))
}

/// What identifies a range as a sequence: (len, first, step), with the
/// parts that do not matter for short ranges left out.
fn identity(r: &Range) -> (i128, Option<i64>, Option<i64>) {
    match length(r) {
        0 => (0, None, None),
        1 => (1, Some(r.start), None),
        n => (n, Some(r.start), Some(r.step)),
    }
}

fn equality(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Option<bool>> {
    one_arg(vm, args, &format!("range.{method}"))?;
    let r = this(vm, args, method)?;
    Ok(as_range(&args.pos[1]).map(|other| identity(&r) == identity(&other)))
}

fn range_eq(vm: &mut Vm, args: Args) -> PyResult {
    match equality(vm, &args, "__eq__")? {
        Some(e) => Ok(Value::Bool(e)),
        None => Ok(not_implemented(vm)),
    }
}

fn range_ne(vm: &mut Vm, args: Args) -> PyResult {
    match equality(vm, &args, "__ne__")? {
        Some(e) => Ok(Value::Bool(!e)),
        None => Ok(not_implemented(vm)),
    }
}

/// Hash of the identity, so equal ranges hash alike.
fn range_hash(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "range.__hash__")?;
    let r = this(vm, &args, "__hash__")?;
    let (len, first, step) = identity(&r);
    let part = |x: Option<i64>| x.map(Value::Int).unwrap_or(Value::None);
    let t = vm.new_tuple(vec![Value::Int(len as i64), part(first), part(step)]);
    Ok(Value::Int(vm.hash(&t)?))
}

#[cfg(test)]
mod tests {
    use crate::native::test_vm;
    use crate::vm::{Args, Value, Vm};

    fn range(vm: &mut Vm, parts: &[i64]) -> Result<Value, String> {
        let c = Value::Obj(vm.rt.types.range.clone());
        vm.call(&c, Args::new(parts.iter().map(|&i| Value::Int(i))))
            .map_err(|e| vm.exception_summary(&e.value()))
    }

    fn call(vm: &mut Vm, recv: &Value, name: &str, args: Vec<Value>) -> Result<String, String> {
        let f = vm
            .getattr_str(recv, name)
            .map_err(|e| vm.exception_summary(&e.value()))?;
        match vm.call(&f, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    fn slice(vm: &mut Vm, parts: [Value; 3]) -> Value {
        let c = Value::Obj(vm.rt.types.slice.clone());
        vm.call(&c, Args::new(parts)).unwrap()
    }

    #[test]
    fn construction_and_repr() {
        let mut vm = test_vm();
        let r = range(&mut vm, &[5]).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "range(0, 5)");
        let r = range(&mut vm, &[0, 10, 3]).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "range(0, 10, 3)");
        assert_eq!(
            range(&mut vm, &[1, 2, 0]).err().unwrap(),
            "ValueError: range() arg 3 must not be zero"
        );
        assert_eq!(
            range(&mut vm, &[]).err().unwrap(),
            "TypeError: range expected at least 1 argument, got 0"
        );
        assert_eq!(
            range(&mut vm, &[1, 2, 3, 4]).err().unwrap(),
            "TypeError: range expected at most 3 arguments, got 4"
        );
        let c = Value::Obj(vm.rt.types.range.clone());
        let e = vm.call(&c, Args::new([Value::Float(1.5)])).err().unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: 'float' object cannot be interpreted as an integer"
        );
        assert!(range(&mut vm, &[i64::MIN, i64::MAX]).is_err());
    }

    #[test]
    fn sequence_protocol() {
        let mut vm = test_vm();
        let r = range(&mut vm, &[0, 10, 3]).unwrap();
        assert_eq!(call(&mut vm, &r, "__len__", vec![]), Ok("4".into()));
        assert_eq!(
            call(&mut vm, &r, "__getitem__", vec![Value::Int(-1)]),
            Ok("9".into())
        );
        assert_eq!(
            call(&mut vm, &r, "__getitem__", vec![Value::Int(10)]),
            Err("IndexError: range object index out of range".into())
        );
        assert_eq!(
            call(&mut vm, &r, "__getitem__", vec![Value::str("a")]),
            Err("TypeError: range indices must be integers or slices, not str".into())
        );
        let s = slice(&mut vm, [Value::Int(1), Value::Int(3), Value::None]);
        assert_eq!(
            call(&mut vm, &r, "__getitem__", vec![s]),
            Ok("range(3, 9, 3)".into())
        );
        let s = slice(&mut vm, [Value::None, Value::None, Value::Int(-1)]);
        assert_eq!(
            call(&mut vm, &r, "__getitem__", vec![s]),
            Ok("range(9, -3, -3)".into())
        );
        let rev = call(&mut vm, &r, "__reversed__", vec![]).unwrap();
        assert!(rev.starts_with("<range_iterator"));
        let f = vm.getattr_str(&r, "__reversed__").unwrap();
        let it = vm.call(&f, Args::default()).unwrap();
        let items = vm.collect(&it).unwrap();
        assert_eq!(vm.repr(&vm.new_list(items)).unwrap(), "[9, 6, 3, 0]");
        assert_eq!(
            call(&mut vm, &r, "__contains__", vec![Value::Int(9)]),
            Ok("True".into())
        );
        assert_eq!(
            call(&mut vm, &r, "__contains__", vec![Value::Int(10)]),
            Ok("False".into())
        );
        assert_eq!(
            call(&mut vm, &r, "__contains__", vec![Value::Float(3.0)]),
            Ok("True".into())
        );
        assert_eq!(
            call(&mut vm, &r, "index", vec![Value::Int(6)]),
            Ok("2".into())
        );
        assert_eq!(
            call(&mut vm, &r, "index", vec![Value::Int(7)]),
            Err("ValueError: 7 is not in range".into())
        );
        assert_eq!(
            call(&mut vm, &r, "count", vec![Value::Int(6)]),
            Ok("1".into())
        );
        let down = range(&mut vm, &[10, 0, -3]).unwrap();
        let items = vm.collect(&down).unwrap();
        assert_eq!(vm.repr(&vm.new_list(items)).unwrap(), "[10, 7, 4, 1]");
        let f = vm.getattr_str(&down, "__reversed__").unwrap();
        let it = vm.call(&f, Args::default()).unwrap();
        let items = vm.collect(&it).unwrap();
        assert_eq!(vm.repr(&vm.new_list(items)).unwrap(), "[1, 4, 7, 10]");
    }

    #[test]
    fn equality_and_hash() {
        let mut vm = test_vm();
        let a = range(&mut vm, &[0]).unwrap();
        let b = range(&mut vm, &[5, 5]).unwrap();
        assert!(vm.eq(&a, &b).unwrap());
        let c = range(&mut vm, &[3]).unwrap();
        let d = range(&mut vm, &[0, 3]).unwrap();
        assert!(vm.eq(&c, &d).unwrap());
        assert_eq!(
            call(&mut vm, &c, "__hash__", vec![]),
            call(&mut vm, &d, "__hash__", vec![])
        );
        let l = vm.new_list(vec![Value::Int(0), Value::Int(1), Value::Int(2)]);
        assert!(!vm.eq(&c, &l).unwrap());
    }
}
