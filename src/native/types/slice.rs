//! `slice`: the object `a[1:2]` passes to `__getitem__`. Constructor,
//! `indices(len)`, repr (`slice(1, 2, None)`) and comparisons (as the tuple
//! `(start, stop, step)`). `start`/`stop`/`step` are served by the VM.

use super::support::{count_args, no_kwargs, not_implemented};
use super::support::{no_args, one_arg};
use crate::bytecode::Comparison;
use crate::native::{add_class_attr, add_method, expect_int, set_constructor};
use crate::vm::object::Slice;
use crate::vm::{Args, Object, PyResult, Value, Vm};

/// Install `slice`.
pub fn install(vm: &mut Vm) {
    let slice = vm.rt.types.slice.clone();
    set_constructor(&slice, slice_new);
    add_method(vm, &slice, "indices", slice_indices);
    add_method(vm, &slice, "__repr__", slice_repr);
    add_method(vm, &slice, "__eq__", slice_eq);
    add_method(vm, &slice, "__ne__", slice_ne);
    add_method(vm, &slice, "__lt__", slice_lt);
    add_method(vm, &slice, "__le__", slice_le);
    add_method(vm, &slice, "__gt__", slice_gt);
    add_method(vm, &slice, "__ge__", slice_ge);
    add_class_attr(vm, &slice, "__hash__", Value::None);
}

/// `slice(stop)` or `slice(start, stop[, step])`.
fn slice_new(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "slice")?;
    count_args(vm, &args, 1, "slice", 1, 3)?;
    let given = &args.pos[1..];
    let (start, stop, step) = match given {
        [stop] => (Value::None, stop.clone(), Value::None),
        [start, stop] => (start.clone(), stop.clone(), Value::None),
        [start, stop, step] => (start.clone(), stop.clone(), step.clone()),
        _ => unreachable!("count checked"),
    };
    Ok(Value::from_obj(Object::Slice(Slice { start, stop, step })))
}

/// The three parts of a slice value.
fn parts(v: &Value) -> Option<[Value; 3]> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Slice(s)) => Some([s.start.clone(), s.stop.clone(), s.step.clone()]),
        _ => None,
    }
}

fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<[Value; 3]> {
    match args.pos.first().and_then(parts) {
        Some(p) => Ok(p),
        None => Err(vm.type_error(format!("descriptor '{method}' requires a 'slice' object"))),
    }
}

/// `s.indices(len)`: (start, stop, step) clamped to a sequence of that length.
fn slice_indices(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "slice.indices")?;
    let [start, stop, step] = this(vm, &args, "indices")?;
    let len = expect_int(vm, &args.pos[1], "length")?;
    if len < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    // `slice_indices` wants int or None parts: resolve `__index__` objects first.
    let mut resolved = Vec::with_capacity(3);
    for part in [start, stop, step] {
        resolved.push(match part {
            Value::None => Value::None,
            Value::Int(_) | Value::Bool(_) => part,
            Value::Obj(ref o) if matches!(&**o, Object::BigInt(_)) => part,
            other => Value::Int(expect_int(vm, &other, "slice indices")?),
        });
    }
    let s = Slice {
        start: resolved[0].clone(),
        stop: resolved[1].clone(),
        step: resolved[2].clone(),
    };
    let (a, b, c) = vm.slice_indices(&s, len as usize)?;
    Ok(vm.new_tuple(vec![Value::Int(a), Value::Int(b), Value::Int(c)]))
}

fn slice_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "slice.__repr__")?;
    let [start, stop, step] = this(vm, &args, "__repr__")?;
    let (a, b, c) = (vm.repr(&start)?, vm.repr(&stop)?, vm.repr(&step)?);
    Ok(Value::str(format!("slice({a}, {b}, {c})")))
}

/// Compare two slices as the tuples of their parts.
fn compare(vm: &mut Vm, args: Args, op: Comparison) -> PyResult {
    one_arg(vm, &args, "slice comparison")?;
    let a = this(vm, &args, "comparison")?;
    let Some(b) = parts(&args.pos[1]) else {
        return Ok(not_implemented(vm));
    };
    let (a, b) = (vm.new_tuple(a.to_vec()), vm.new_tuple(b.to_vec()));
    vm.compare(op, &a, &b)
}

fn slice_eq(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Eq)
}

fn slice_ne(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Ne)
}

fn slice_lt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Lt)
}

fn slice_le(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Le)
}

fn slice_gt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Gt)
}

fn slice_ge(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Ge)
}

#[cfg(test)]
mod tests {
    use crate::native::test_vm;
    use crate::vm::{Args, Value, Vm};

    fn slice(vm: &mut Vm, parts: &[Value]) -> Value {
        let class = Value::Obj(vm.rt.types.slice.clone());
        vm.call(&class, Args::new(parts.iter().cloned())).unwrap()
    }

    #[test]
    fn construct_and_repr() {
        let mut vm = test_vm();
        let s = slice(&mut vm, &[Value::Int(3)]);
        assert_eq!(vm.repr(&s).unwrap(), "slice(None, 3, None)");
        let s = slice(&mut vm, &[Value::Int(1), Value::Int(2), Value::Int(3)]);
        assert_eq!(vm.repr(&s).unwrap(), "slice(1, 2, 3)");
        let class = Value::Obj(vm.rt.types.slice.clone());
        let e = vm.call(&class, Args::default()).err().unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: slice expected at least 1 argument, got 0"
        );
    }

    #[test]
    fn indices_clamp_like_python() {
        let mut vm = test_vm();
        let s = slice(&mut vm, &[Value::None, Value::None, Value::Int(-1)]);
        let f = vm.getattr_str(&s, "indices").unwrap();
        let r = vm.call(&f, Args::new([Value::Int(5)])).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "(4, -1, -1)");
        let s = slice(&mut vm, &[Value::Int(1), Value::Int(2)]);
        let f = vm.getattr_str(&s, "indices").unwrap();
        let r = vm.call(&f, Args::new([Value::Int(10)])).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "(1, 2, 1)");
    }

    #[test]
    fn slices_compare_as_tuples() {
        let mut vm = test_vm();
        let a = slice(&mut vm, &[Value::Int(1), Value::Int(2)]);
        let b = slice(&mut vm, &[Value::Int(1), Value::Int(2)]);
        let c = slice(&mut vm, &[Value::Int(1), Value::Int(3)]);
        assert!(vm.eq(&a, &b).unwrap());
        let lt = vm.compare(crate::bytecode::Comparison::Lt, &a, &c).unwrap();
        assert!(matches!(lt, Value::Bool(true)));
    }
}
