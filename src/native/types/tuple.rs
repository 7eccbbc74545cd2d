//! `tuple`: the constructor, `count`/`index` and the dunders (for
//! `tuple.__add__`, `super()` calls and subclasses such as named tuples).
//! Plain tuples mostly use the fast paths of vm/ops.rs.

use super::support::{
    add_comparison_dunders, builtin_value, check_size, comparison_operator, construct,
    constructor_class, count_args, instance_of, no_kwargs, not_implemented, receiver, repeat_count,
    repeated, resolve_subscript, sequence_operand_error,
};
use super::support::{no_args, one_arg};
use crate::native::{add_class_attr, add_method, native_fn, set_constructor};
use crate::vm::{Args, Obj, Object, PyResult, Value, Vm};

/// Install `tuple`.
pub fn install(vm: &mut Vm) {
    let tuple = vm.rt.types.tuple.clone();
    set_constructor(&tuple, tuple_call);
    add_class_attr(vm, &tuple, "__new__", native_fn("__new__", tuple_new));
    add_comparison_dunders(vm, &tuple, "tuple", tuple_compare);
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("count", tuple_count),
        ("index", tuple_index),
        ("__len__", tuple_len),
        ("__getitem__", tuple_getitem),
        ("__contains__", tuple_contains),
        ("__iter__", tuple_iter),
        ("__add__", tuple_add),
        ("__mul__", tuple_mul),
        ("__rmul__", tuple_mul),
        ("__hash__", tuple_hash),
        ("__repr__", tuple_repr),
        ("__getnewargs__", tuple_getnewargs),
    ];
    for (name, f) in methods {
        add_method(vm, &tuple, name, *f);
    }
}

fn as_tuple(v: &Value) -> Option<Obj> {
    match v.as_obj() {
        Some(o) if matches!(&**o, Object::Tuple(_)) => Some(o.clone()),
        _ => None,
    }
}

/// The tuple `self` of a method (a tuple or the tuple a subclass instance wraps).
fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Obj> {
    receiver(vm, args, "tuple", method, as_tuple)
}

fn items(t: &Obj) -> &[Value] {
    match &**t {
        Object::Tuple(items) => items,
        _ => &[],
    }
}

/// `tuple(iterable=())`, for `tuple` itself or a subclass.
fn tuple_call(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.tuple.clone();
    construct(vm, args, &base, tuple_new)
}

/// `tuple.__new__(cls, iterable=())`.
fn tuple_new(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.tuple.clone();
    let class = constructor_class(vm, &args, &base)?;
    no_kwargs(vm, &args, "tuple")?;
    count_args(vm, &args, 1, "tuple", 0, 1)?;
    let value = match args.pos.get(1) {
        // A tuple is immutable: `tuple(t)` can be `t` itself.
        Some(t) if as_tuple(t).is_some() => t.clone(),
        Some(it) => {
            let items = vm.collect(it)?;
            vm.new_tuple(items)
        }
        None => vm.new_tuple(Vec::new()),
    };
    Ok(instance_of(&class, &base, value))
}

/// Index of the first item equal to `x` in `items[start..stop]`.
fn find(
    vm: &mut Vm,
    items: &[Value],
    x: &Value,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>> {
    for (i, item) in items.iter().enumerate().take(stop).skip(start) {
        if item.is(x) || vm.eq(item, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn tuple_count(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "tuple.count")?;
    let t = this(vm, &args, "count")?;
    let mut n = 0;
    for item in items(&t) {
        if item.is(&args.pos[1]) || vm.eq(item, &args.pos[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

/// A `start`/`stop` bound of `index()`: negative counts from the end, then clamped.
fn bound(vm: &mut Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    let Some(v) = v else { return Ok(default) };
    let i = match resolve_subscript(vm, v, "tuple")? {
        Value::Int(i) => i,
        _ => {
            return Err(vm.type_error("slice indices must be integers or have an __index__ method"))
        }
    };
    let len = len as i64;
    Ok((if i < 0 {
        i.saturating_add(len).max(0)
    } else {
        i.min(len)
    }) as usize)
}

fn tuple_index(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "tuple.index")?;
    count_args(vm, &args, 1, "index", 1, 3)?;
    let t = this(vm, &args, "index")?;
    let all = items(&t);
    let start = bound(vm, args.pos.get(2), all.len(), 0)?;
    let stop = bound(vm, args.pos.get(3), all.len(), all.len())?;
    match find(vm, all, &args.pos[1], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.value_error("tuple.index(x): x not in tuple")),
    }
}

fn tuple_len(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "tuple.__len__")?;
    let t = this(vm, &args, "__len__")?;
    Ok(Value::Int(items(&t).len() as i64))
}

fn tuple_getitem(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "tuple.__getitem__")?;
    let t = this(vm, &args, "__getitem__")?;
    let key = resolve_subscript(vm, &args.pos[1], "tuple")?;
    vm.getitem(&Value::Obj(t), &key)
}

fn tuple_contains(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "tuple.__contains__")?;
    let t = this(vm, &args, "__contains__")?;
    Ok(Value::Bool(vm.contains(&Value::Obj(t), &args.pos[1])?))
}

fn tuple_iter(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "tuple.__iter__")?;
    let t = this(vm, &args, "__iter__")?;
    vm.iter(&Value::Obj(t))
}

/// `tuple + tuple`.
fn tuple_add(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "tuple.__add__")?;
    let t = this(vm, &args, "__add__")?;
    let other = builtin_value(vm, &args.pos[1]);
    let Some(other) = as_tuple(&other) else {
        let name = vm.type_name(&args.pos[1]);
        return sequence_operand_error(
            vm,
            &args.pos[1],
            "__radd__",
            format!("can only concatenate tuple (not \"{name}\") to tuple"),
        );
    };
    let joined: Vec<Value> = items(&t).iter().chain(items(&other)).cloned().collect();
    Ok(vm.new_tuple(joined))
}

/// `t * n` and `n * t`.
fn tuple_mul(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "tuple.__mul__")?;
    let t = this(vm, &args, "__mul__")?;
    let Some(n) = repeat_count(vm, &args.pos[1])? else {
        let name = vm.type_name(&args.pos[1]);
        return sequence_operand_error(
            vm,
            &args.pos[1],
            "__rmul__",
            format!("can't multiply sequence by non-int of type '{name}'"),
        );
    };
    check_size(vm, items(&t).len(), n)?;
    Ok(vm.new_tuple(repeated(items(&t), n)))
}

fn tuple_hash(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "tuple.__hash__")?;
    let t = this(vm, &args, "__hash__")?;
    Ok(Value::Int(vm.hash(&Value::Obj(t))?))
}

fn tuple_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "tuple.__repr__")?;
    let t = this(vm, &args, "__repr__")?;
    Ok(Value::str(vm.repr(&Value::Obj(t))?))
}

fn tuple_getnewargs(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "tuple.__getnewargs__")?;
    let t = this(vm, &args, "__getnewargs__")?;
    let copy = vm.new_tuple(items(&t).to_vec());
    Ok(vm.new_tuple(vec![copy]))
}

/// Comparisons between tuples (item by item); NotImplemented otherwise.
fn tuple_compare(vm: &mut Vm, mut args: Args) -> PyResult {
    let op = comparison_operator(&mut args);
    one_arg(vm, &args, "tuple comparison")?;
    let t = this(vm, &args, "comparison")?;
    let other = builtin_value(vm, &args.pos[1]);
    let Some(other) = as_tuple(&other) else {
        return Ok(not_implemented(vm));
    };
    vm.compare(op, &Value::Obj(t), &Value::Obj(other))
}

#[cfg(test)]
mod tests {
    use crate::native::test_vm;
    use crate::vm::{Args, Value, Vm};

    fn call(vm: &mut Vm, recv: &Value, name: &str, args: Vec<Value>) -> Result<String, String> {
        let f = vm
            .getattr_str(recv, name)
            .map_err(|e| vm.exception_summary(&e.value()))?;
        match vm.call(&f, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    fn tuple_of(vm: &Vm, xs: &[i64]) -> Value {
        vm.new_tuple(xs.iter().map(|&i| Value::Int(i)).collect())
    }

    #[test]
    fn methods() {
        let mut vm = test_vm();
        let t = tuple_of(&vm, &[1, 2, 3, 1]);
        assert_eq!(
            call(&mut vm, &t, "count", vec![Value::Int(1)]),
            Ok("2".into())
        );
        assert_eq!(
            call(&mut vm, &t, "index", vec![Value::Int(1), Value::Int(1)]),
            Ok("3".into())
        );
        assert_eq!(
            call(&mut vm, &t, "index", vec![Value::Int(9)]),
            Err("ValueError: tuple.index(x): x not in tuple".into())
        );
        assert_eq!(
            call(&mut vm, &t, "__getitem__", vec![Value::Int(9)]),
            Err("IndexError: tuple index out of range".into())
        );
        assert_eq!(
            call(&mut vm, &t, "__getitem__", vec![Value::str("a")]),
            Err("TypeError: tuple indices must be integers or slices, not str".into())
        );
        let l = vm.new_list(vec![Value::Int(1)]);
        assert_eq!(
            call(&mut vm, &t, "__add__", vec![l]),
            Err("TypeError: can only concatenate tuple (not \"list\") to tuple".into())
        );
        let u = tuple_of(&vm, &[4]);
        assert_eq!(
            call(&mut vm, &t, "__add__", vec![u.clone()]),
            Ok("(1, 2, 3, 1, 4)".into())
        );
        assert_eq!(
            call(&mut vm, &u, "__mul__", vec![Value::Int(3)]),
            Ok("(4, 4, 4)".into())
        );
        assert_eq!(
            call(&mut vm, &t, "__lt__", vec![u.clone()]),
            Ok("True".into())
        );
        assert_eq!(call(&mut vm, &t, "__len__", vec![]), Ok("4".into()));
        assert_eq!(
            call(&mut vm, &u, "__getnewargs__", vec![]),
            Ok("((4,),)".into())
        );
        let h1 = call(&mut vm, &u, "__hash__", vec![]).unwrap();
        let h2 = vm.hash(&tuple_of(&vm, &[4])).unwrap().to_string();
        assert_eq!(h1, h2);
    }

    #[test]
    fn constructor_and_subclass() {
        let mut vm = test_vm();
        let tuple = Value::Obj(vm.rt.types.tuple.clone());
        let l = vm.new_list(vec![Value::Int(1), Value::Int(2)]);
        let t = vm.call(&tuple, Args::new([l])).unwrap();
        assert_eq!(vm.repr(&t).unwrap(), "(1, 2)");
        let same = vm.call(&tuple, Args::new([t.clone()])).unwrap();
        assert!(same.is(&t));
        let e = vm.call(&tuple, Args::new([Value::Int(1)])).err().unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: 'int' object is not iterable"
        );
        let ns = vm.new_dict(crate::vm::Dict::new());
        let point = Value::Obj(
            vm.make_class("Point", vec![tuple], ns.as_obj().unwrap())
                .unwrap(),
        );
        let p = vm.call(&point, Args::new([t.clone()])).unwrap();
        assert_eq!(vm.type_name(&p), "Point");
        assert_eq!(vm.repr(&p).unwrap(), "(1, 2)");
        assert!(matches!(
            vm.getitem(&p, &Value::Int(1)).unwrap(),
            Value::Int(2)
        ));
        assert_eq!(vm.len(&p).unwrap(), 2);
        assert!(vm.eq(&p, &t).unwrap());
        let items = vm.collect(&p).unwrap();
        assert_eq!(items.len(), 2);
    }
}
