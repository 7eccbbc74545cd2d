//! `list`: the constructor, the methods (`append`, `sort`, ...) and the
//! dunders, which make `list.__add__`, `super().__getitem__` and user
//! subclasses (`class Stack(list)`) work. Plain lists mostly never reach
//! the dunders: vm/ops.rs has fast paths for indexing, `+`, `*`, `in`,
//! comparisons and repr.
//!
//! Rule for every method here: clone what is needed out of the list, drop
//! the borrow, and only then compare or call anything (which may run conc
//! code that touches the same list).

use super::support::{
    add_comparison_dunders, builtin_value, check_size, comparison_operator, construct,
    constructor_class, count_args, instance_of, no_kwargs, not_implemented, receiver, repeat_count,
    repeated, resolve_subscript, sequence_operand_error,
};
use super::support::{no_args, one_arg};
use crate::bytecode::Comparison;
use crate::native::{add_class_attr, add_method, check_args, native_fn, set_constructor};
use crate::vm::object::{FastNative, IterState};
use crate::vm::ops::norm_index;
use crate::vm::{Args, GilCell, Obj, Object, PyResult, Value, Vm};

/// Install `list`.
pub fn install(vm: &mut Vm) {
    let list = vm.rt.types.list.clone();
    set_constructor(&list, list_call);
    add_class_attr(vm, &list, "__new__", native_fn("__new__", list_new));
    add_class_attr(vm, &list, "__hash__", Value::None);
    add_comparison_dunders(vm, &list, "list", list_compare);
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__init__", list_init),
        ("append", list_append),
        ("extend", list_extend),
        ("insert", list_insert),
        ("remove", list_remove),
        ("pop", list_pop),
        ("clear", list_clear),
        ("index", list_index),
        ("count", list_count),
        ("sort", list_sort),
        ("reverse", list_reverse),
        ("copy", list_copy),
        ("__len__", list_len),
        ("__getitem__", list_getitem),
        ("__setitem__", list_setitem),
        ("__delitem__", list_delitem),
        ("__contains__", list_contains),
        ("__iter__", list_iter),
        ("__reversed__", list_reversed),
        ("__add__", list_add),
        ("__iadd__", list_iadd),
        ("__mul__", list_mul),
        ("__rmul__", list_mul),
        ("__imul__", list_imul),
        ("__repr__", list_repr),
    ];
    for (name, f) in methods {
        add_method(vm, &list, name, *f);
    }
    if let Object::Class(c) = &*list {
        crate::native::mark_fast(vm, &c.dict, "append", FastNative::ListAppend);
    }
}

/// The list object behind a value (a list or an instance of a list subclass).
fn as_list(v: &Value) -> Option<Obj> {
    match v.as_obj() {
        Some(o) if matches!(&**o, Object::List(_)) => Some(o.clone()),
        _ => None,
    }
}

/// The list `self` of a method.
fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Obj> {
    receiver(vm, args, "list", method, as_list)
}

/// The list behind another operand, if it is one.
fn other_list(vm: &Vm, v: &Value) -> Option<Obj> {
    as_list(&builtin_value(vm, v))
}

fn cells(l: &Obj) -> &GilCell<Vec<Value>> {
    match &**l {
        Object::List(c) => c,
        _ => unreachable!("as_list only returns lists"),
    }
}

/// A copy of the items.
fn snapshot(vm: &Vm, l: &Obj) -> Vec<Value> {
    cells(l).borrow(&vm.gil).clone()
}

fn len_of(vm: &Vm, l: &Obj) -> usize {
    cells(l).borrow(&vm.gil).len()
}

/// `list(iterable=())`, for `list` itself or a subclass.
fn list_call(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.list.clone();
    construct(vm, args, &base, list_new)
}

/// `list.__new__(cls, ...)`: a list filled from the iterable when `cls` is
/// `list`; for a subclass an empty one, which its `__init__` fills.
fn list_new(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.list.clone();
    let class = constructor_class(vm, &args, &base)?;
    let items = if crate::vm::Obj::ptr_eq(&class, &base) {
        initial_items(vm, &args)?
    } else {
        Vec::new()
    };
    Ok(instance_of(&class, &base, vm.new_list(items)))
}

/// The items of `list(iterable=())` after the receiver/class argument.
fn initial_items(vm: &mut Vm, args: &Args) -> PyResult<Vec<Value>> {
    no_kwargs(vm, args, "list")?;
    count_args(vm, args, 1, "list", 0, 1)?;
    match args.pos.get(1) {
        Some(it) => vm.collect(it),
        None => Ok(Vec::new()),
    }
}

/// `list.__init__(self, iterable=())`: replace the contents.
fn list_init(vm: &mut Vm, args: Args) -> PyResult {
    let l = this(vm, &args, "__init__")?;
    let items = initial_items(vm, &args)?;
    *cells(&l).borrow_mut(&vm.gil) = items;
    Ok(Value::None)
}

fn list_append(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "list.append")?;
    one_arg(vm, &args, "list.append")?;
    let l = this(vm, &args, "append")?;
    cells(&l).borrow_mut(&vm.gil).push(args.pos[1].clone());
    Ok(Value::None)
}

fn list_extend(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "list.extend")?;
    one_arg(vm, &args, "list.extend")?;
    let l = this(vm, &args, "extend")?;
    // Collected first: `l.extend(l)` must not borrow `l` twice.
    let items = vm.collect(&args.pos[1])?;
    cells(&l).borrow_mut(&vm.gil).extend(items);
    Ok(Value::None)
}

/// A position argument as an i64 (`__index__` honoured); huge ints saturate.
fn position(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match resolve_subscript(vm, v, "list") {
        Ok(Value::Int(i)) => Ok(i),
        Ok(_) | Err(_) => match crate::vm::ops::as_bigint(v) {
            Some(b) => Ok(if b.sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            }),
            None => {
                let t = vm.type_name(v);
                Err(vm.type_error(format!("'{t}' object cannot be interpreted as an integer")))
            }
        },
    }
}

/// `l.insert(i, x)`: `i` is clamped to the list, negative counts from the end.
fn list_insert(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "list.insert")?;
    count_args(vm, &args, 1, "insert", 2, 2)?;
    let l = this(vm, &args, "insert")?;
    let i = position(vm, &args.pos[1])?;
    let mut items = cells(&l).borrow_mut(&vm.gil);
    let len = items.len() as i64;
    let at = if i < 0 {
        (i.saturating_add(len)).max(0)
    } else {
        i.min(len)
    };
    items.insert(at as usize, args.pos[2].clone());
    Ok(Value::None)
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

fn list_remove(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "list.remove")?;
    one_arg(vm, &args, "list.remove")?;
    let l = this(vm, &args, "remove")?;
    let items = snapshot(vm, &l);
    match find(vm, &items, &args.pos[1], 0, items.len())? {
        Some(i) => {
            let mut live = cells(&l).borrow_mut(&vm.gil);
            if i < live.len() {
                live.remove(i);
            }
            Ok(Value::None)
        }
        None => Err(vm.value_error("list.remove(x): x not in list")),
    }
}

fn list_pop(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "list.pop")?;
    count_args(vm, &args, 1, "pop", 0, 1)?;
    let l = this(vm, &args, "pop")?;
    let i = match args.pos.get(1) {
        Some(v) => position(vm, v)?,
        None => -1,
    };
    let mut items = cells(&l).borrow_mut(&vm.gil);
    if items.is_empty() {
        drop(items);
        return Err(vm.index_error("pop from empty list"));
    }
    match norm_index(i, items.len()) {
        Some(i) => Ok(items.remove(i)),
        None => {
            drop(items);
            Err(vm.index_error("pop index out of range"))
        }
    }
}

fn list_clear(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "list.clear")?;
    let l = this(vm, &args, "clear")?;
    // Dropping the items may run nothing (no finalizers), so clearing in place is safe.
    let old = std::mem::take(&mut *cells(&l).borrow_mut(&vm.gil));
    drop(old);
    Ok(Value::None)
}

/// A `start`/`stop` bound of `index()`: negative counts from the end, then clamped.
fn bound(vm: &mut Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    let Some(v) = v else { return Ok(default) };
    let i = position(vm, v)?;
    let len = len as i64;
    let i = if i < 0 {
        i.saturating_add(len).max(0)
    } else {
        i.min(len)
    };
    Ok(i as usize)
}

/// `l.index(x[, start[, stop]])`.
fn list_index(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "list.index")?;
    count_args(vm, &args, 1, "index", 1, 3)?;
    let l = this(vm, &args, "index")?;
    let items = snapshot(vm, &l);
    let start = bound(vm, args.pos.get(2), items.len(), 0)?;
    let stop = bound(vm, args.pos.get(3), items.len(), items.len())?;
    match find(vm, &items, &args.pos[1], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => {
            let r = vm.repr(&args.pos[1])?;
            Err(vm.value_error(format!("{r} is not in list")))
        }
    }
}

fn list_count(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "list.count")?;
    one_arg(vm, &args, "list.count")?;
    let l = this(vm, &args, "count")?;
    let items = snapshot(vm, &l);
    let mut n = 0;
    for item in &items {
        if item.is(&args.pos[1]) || vm.eq(item, &args.pos[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

/// `l.sort(*, key=None, reverse=False)`: a stable sort using `<`. During
/// the sort the list looks empty; if it was changed meanwhile the sorted
/// items still replace it and ValueError("list modified during sort") is raised.
fn list_sort(vm: &mut Vm, mut args: Args) -> PyResult {
    let l = this(vm, &args, "sort")?;
    if args.pos.len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let key = args.take_kw("key").filter(|k| !k.is_none());
    let reverse = match args.take_kw("reverse") {
        Some(r) => vm.truthy(&r)?,
        None => false,
    };
    if let Some((k, _)) = args.kw.first() {
        return Err(vm.type_error(format!("'{k}' is an invalid keyword argument for sort()")));
    }
    let items = std::mem::take(&mut *cells(&l).borrow_mut(&vm.gil));
    let sorted = sort_values(vm, &items, key.as_ref(), reverse);
    let result = match sorted {
        Ok(sorted) => sorted,
        Err(e) => {
            *cells(&l).borrow_mut(&vm.gil) = items;
            return Err(e);
        }
    };
    let meanwhile = std::mem::replace(&mut *cells(&l).borrow_mut(&vm.gil), result);
    if !meanwhile.is_empty() {
        return Err(vm.value_error("list modified during sort"));
    }
    Ok(Value::None)
}

/// The items in sorted order (stable, by `key(item)` when given, descending
/// when `reverse`, equal items keeping their order either way), as
/// `sorted()` and `list.sort()` do.
pub fn sort_values(
    vm: &mut Vm,
    items: &[Value],
    key: Option<&Value>,
    reverse: bool,
) -> PyResult<Vec<Value>> {
    let mut order: Vec<Value> = items.to_vec();
    // CPython reverses, sorts stably, then reverses again, keeping equal items in order.
    if reverse {
        order.reverse();
    }
    let keys = match key {
        Some(f) => {
            let mut keys = Vec::with_capacity(order.len());
            for item in &order {
                keys.push(vm.call(f, Args::new([item.clone()]))?);
            }
            keys
        }
        None => order.clone(),
    };
    let mut idx: Vec<usize> = (0..order.len()).collect();
    merge_sort(vm, &keys, &mut idx)?;
    let mut out: Vec<Value> = idx.into_iter().map(|i| order[i].clone()).collect();
    if reverse {
        out.reverse();
    }
    Ok(out)
}

/// `a < b` through the full comparison protocol.
fn less(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(x < y);
    }
    let r = vm.compare(Comparison::Lt, a, b)?;
    vm.truthy(&r)
}

/// Sort the permutation `idx` of `keys`: insertion sort on short runs, then
/// merges. Comparisons always ask `later < earlier`, as CPython's sort does
/// (which decides the wording of a TypeError), and may fail at any point.
fn merge_sort(vm: &mut Vm, keys: &[Value], idx: &mut [usize]) -> PyResult<()> {
    const RUN: usize = 16;
    let n = idx.len();
    for lo in (0..n).step_by(RUN) {
        let hi = (lo + RUN).min(n);
        for i in lo + 1..hi {
            let pivot = idx[i];
            let mut j = i;
            while j > lo && less(vm, &keys[pivot], &keys[idx[j - 1]])? {
                idx[j] = idx[j - 1];
                j -= 1;
            }
            idx[j] = pivot;
        }
    }
    let mut width = RUN;
    let mut buf: Vec<usize> = Vec::with_capacity(n);
    while width < n {
        for lo in (0..n).step_by(2 * width) {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            if mid >= hi {
                continue;
            }
            buf.clear();
            let (mut i, mut j) = (lo, mid);
            while i < mid && j < hi {
                if less(vm, &keys[idx[j]], &keys[idx[i]])? {
                    buf.push(idx[j]);
                    j += 1;
                } else {
                    buf.push(idx[i]);
                    i += 1;
                }
            }
            buf.extend_from_slice(&idx[i..mid]);
            buf.extend_from_slice(&idx[j..hi]);
            idx[lo..hi].copy_from_slice(&buf);
        }
        width *= 2;
    }
    Ok(())
}

fn list_reverse(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "list.reverse")?;
    let l = this(vm, &args, "reverse")?;
    cells(&l).borrow_mut(&vm.gil).reverse();
    Ok(Value::None)
}

fn list_copy(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "list.copy")?;
    let l = this(vm, &args, "copy")?;
    let items = snapshot(vm, &l);
    Ok(vm.new_list(items))
}

fn list_len(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "list.__len__")?;
    let l = this(vm, &args, "__len__")?;
    Ok(Value::Int(len_of(vm, &l) as i64))
}

fn list_getitem(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "list.__getitem__")?;
    let l = this(vm, &args, "__getitem__")?;
    let key = resolve_subscript(vm, &args.pos[1], "list")?;
    vm.getitem(&Value::Obj(l), &key)
}

fn list_setitem(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "list.__setitem__", &args, 3, 3)?;
    let l = this(vm, &args, "__setitem__")?;
    let key = resolve_subscript(vm, &args.pos[1], "list")?;
    vm.setitem(&Value::Obj(l), &key, args.pos[2].clone())?;
    Ok(Value::None)
}

fn list_delitem(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "list.__delitem__")?;
    let l = this(vm, &args, "__delitem__")?;
    let key = resolve_subscript(vm, &args.pos[1], "list")?;
    vm.delitem(&Value::Obj(l), &key)?;
    Ok(Value::None)
}

fn list_contains(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "list.__contains__")?;
    let l = this(vm, &args, "__contains__")?;
    Ok(Value::Bool(vm.contains(&Value::Obj(l), &args.pos[1])?))
}

fn list_iter(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "list.__iter__")?;
    let l = this(vm, &args, "__iter__")?;
    vm.iter(&Value::Obj(l))
}

fn list_reversed(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "list.__reversed__")?;
    let l = this(vm, &args, "__reversed__")?;
    let index = len_of(vm, &l);
    let state = IterState::Reversed {
        seq: Value::Obj(l),
        index,
    };
    Ok(Value::from_obj(Object::Iter(GilCell::new(state))))
}

/// `list + list` (a new list; other operands are a TypeError).
fn list_add(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "list.__add__")?;
    let l = this(vm, &args, "__add__")?;
    let Some(other) = other_list(vm, &args.pos[1]) else {
        let t = vm.type_name(&args.pos[1]);
        return sequence_operand_error(
            vm,
            &args.pos[1],
            "__radd__",
            format!("can only concatenate list (not \"{t}\") to list"),
        );
    };
    let mut items = snapshot(vm, &l);
    items.extend(snapshot(vm, &other));
    Ok(vm.new_list(items))
}

/// `l += iterable`: extend in place, the result is `l` itself.
fn list_iadd(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "list.__iadd__")?;
    let l = this(vm, &args, "__iadd__")?;
    let items = vm.collect(&args.pos[1])?;
    cells(&l).borrow_mut(&vm.gil).extend(items);
    Ok(args.pos[0].clone())
}

/// `l * n` and `n * l`.
fn list_mul(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "list.__mul__")?;
    let l = this(vm, &args, "__mul__")?;
    let Some(n) = repeat_count(vm, &args.pos[1])? else {
        let t = vm.type_name(&args.pos[1]);
        return sequence_operand_error(
            vm,
            &args.pos[1],
            "__rmul__",
            format!("can't multiply sequence by non-int of type '{t}'"),
        );
    };
    let items = snapshot(vm, &l);
    check_size(vm, items.len(), n)?;
    Ok(vm.new_list(repeated(&items, n)))
}

/// `l *= n`: repeat in place.
fn list_imul(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "list.__imul__")?;
    let l = this(vm, &args, "__imul__")?;
    let Some(n) = repeat_count(vm, &args.pos[1])? else {
        let t = vm.type_name(&args.pos[1]);
        return Err(vm.type_error(format!("can't multiply sequence by non-int of type '{t}'")));
    };
    let items = snapshot(vm, &l);
    check_size(vm, items.len(), n)?;
    *cells(&l).borrow_mut(&vm.gil) = repeated(&items, n);
    Ok(args.pos[0].clone())
}

/// `==`, `<`, ... between lists (element by element); NotImplemented otherwise.
fn list_compare(vm: &mut Vm, mut args: Args) -> PyResult {
    let op = comparison_operator(&mut args);
    one_arg(vm, &args, "list comparison")?;
    let l = this(vm, &args, "comparison")?;
    let Some(other) = other_list(vm, &args.pos[1]) else {
        return Ok(not_implemented(vm));
    };
    vm.compare(op, &Value::Obj(l), &Value::Obj(other))
}

fn list_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "list.__repr__")?;
    let l = this(vm, &args, "__repr__")?;
    Ok(Value::str(vm.repr(&Value::Obj(l))?))
}

#[cfg(test)]
mod tests {
    use crate::native::test_vm;
    use crate::vm::{Args, Value, Vm};

    fn ints(vm: &Vm, xs: &[i64]) -> Value {
        vm.new_list(xs.iter().map(|&i| Value::Int(i)).collect())
    }

    /// Call `recv.name(*args)` and give the repr of the result or the error line.
    fn call(vm: &mut Vm, recv: &Value, name: &str, args: Vec<Value>) -> Result<String, String> {
        let f = vm
            .getattr_str(recv, name)
            .map_err(|e| vm.exception_summary(&e.value()))?;
        match vm.call(&f, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    fn kw(
        vm: &mut Vm,
        recv: &Value,
        name: &str,
        kws: Vec<(&str, Value)>,
    ) -> Result<String, String> {
        let f = vm.getattr_str(recv, name).unwrap();
        let a = Args {
            kw: kws
                .into_iter()
                .map(|(k, v)| (std::sync::Arc::from(k), v))
                .collect(),
            ..Default::default()
        };
        match vm.call(&f, a) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    #[test]
    fn mutators() {
        let mut vm = test_vm();
        let l = ints(&vm, &[1, 2, 3]);
        call(&mut vm, &l, "append", vec![Value::Int(4)]).unwrap();
        call(&mut vm, &l, "insert", vec![Value::Int(-1), Value::str("x")]).unwrap();
        call(
            &mut vm,
            &l,
            "insert",
            vec![Value::Int(100), Value::str("y")],
        )
        .unwrap();
        call(
            &mut vm,
            &l,
            "insert",
            vec![Value::Int(-100), Value::str("z")],
        )
        .unwrap();
        assert_eq!(vm.repr(&l).unwrap(), "['z', 1, 2, 3, 'x', 4, 'y']");
        assert_eq!(call(&mut vm, &l, "pop", vec![]), Ok("'y'".into()));
        assert_eq!(
            call(&mut vm, &l, "pop", vec![Value::Int(0)]),
            Ok("'z'".into())
        );
        assert_eq!(
            call(&mut vm, &l, "pop", vec![Value::Int(9)]),
            Err("IndexError: pop index out of range".into())
        );
        call(&mut vm, &l, "remove", vec![Value::str("x")]).unwrap();
        assert_eq!(
            call(&mut vm, &l, "remove", vec![Value::Int(9)]),
            Err("ValueError: list.remove(x): x not in list".into())
        );
        call(&mut vm, &l, "extend", vec![l.clone()]).unwrap();
        assert_eq!(vm.repr(&l).unwrap(), "[1, 2, 3, 4, 1, 2, 3, 4]");
        call(&mut vm, &l, "reverse", vec![]).unwrap();
        assert_eq!(vm.repr(&l).unwrap(), "[4, 3, 2, 1, 4, 3, 2, 1]");
        assert_eq!(
            call(&mut vm, &l, "count", vec![Value::Int(4)]),
            Ok("2".into())
        );
        let c = call(&mut vm, &l, "copy", vec![]).unwrap();
        assert_eq!(c, "[4, 3, 2, 1, 4, 3, 2, 1]");
        call(&mut vm, &l, "clear", vec![]).unwrap();
        assert_eq!(vm.repr(&l).unwrap(), "[]");
        assert_eq!(
            call(&mut vm, &l, "pop", vec![]),
            Err("IndexError: pop from empty list".into())
        );
        assert_eq!(
            call(&mut vm, &l, "extend", vec![Value::Int(5)]),
            Err("TypeError: 'int' object is not iterable".into())
        );
        assert_eq!(
            call(&mut vm, &l, "append", vec![]),
            Err("TypeError: list.append() takes exactly one argument (0 given)".into())
        );
        assert_eq!(
            call(&mut vm, &l, "insert", vec![Value::Int(1)]),
            Err("TypeError: insert expected 2 arguments, got 1".into())
        );
    }

    #[test]
    fn index_with_bounds() {
        let mut vm = test_vm();
        let l = ints(&vm, &[1, 2, 3]);
        assert_eq!(
            call(&mut vm, &l, "index", vec![Value::Int(3), Value::Int(-1)]),
            Ok("2".into())
        );
        assert_eq!(
            call(
                &mut vm,
                &l,
                "index",
                vec![Value::Int(1), Value::Int(-10), Value::Int(10)]
            ),
            Ok("0".into())
        );
        assert_eq!(
            call(&mut vm, &l, "index", vec![Value::Int(1), Value::Int(1)]),
            Err("ValueError: 1 is not in list".into())
        );
        assert_eq!(
            call(&mut vm, &l, "index", vec![Value::str("a")]),
            Err("ValueError: 'a' is not in list".into())
        );
        assert_eq!(
            call(&mut vm, &l, "index", vec![]),
            Err("TypeError: index expected at least 1 argument, got 0".into())
        );
    }

    #[test]
    fn sorting() {
        let mut vm = test_vm();
        let xs: Vec<i64> = (0..100).map(|i| (i * 37) % 101).collect();
        let l = ints(&vm, &xs);
        call(&mut vm, &l, "sort", vec![]).unwrap();
        let mut want = xs.clone();
        want.sort();
        assert_eq!(vm.repr(&l).unwrap(), vm.repr(&ints(&vm, &want)).unwrap());
        kw(&mut vm, &l, "sort", vec![("reverse", Value::Bool(true))]).unwrap();
        want.reverse();
        assert_eq!(vm.repr(&l).unwrap(), vm.repr(&ints(&vm, &want)).unwrap());

        let mixed = vm.new_list(vec![Value::Int(1), Value::str("a")]);
        assert_eq!(
            call(&mut vm, &mixed, "sort", vec![]),
            Err("TypeError: '<' not supported between instances of 'str' and 'int'".into())
        );
        assert_eq!(vm.repr(&mixed).unwrap(), "[1, 'a']");
        let mixed = vm.new_list(vec![Value::str("a"), Value::Int(1)]);
        assert_eq!(
            call(&mut vm, &mixed, "sort", vec![]),
            Err("TypeError: '<' not supported between instances of 'int' and 'str'".into())
        );
        assert_eq!(
            call(&mut vm, &l, "sort", vec![Value::Int(1)]),
            Err("TypeError: sort() takes no positional arguments".into())
        );
        assert_eq!(
            kw(&mut vm, &l, "sort", vec![("foo", Value::Int(1))]),
            Err("TypeError: 'foo' is an invalid keyword argument for sort()".into())
        );
    }

    #[test]
    fn sort_is_stable_in_both_directions() {
        let mut vm = test_vm();
        let pair = |vm: &Vm, a: i64, b: &str| vm.new_tuple(vec![Value::Int(a), Value::str(b)]);
        let items = vec![
            pair(&vm, 1, "b"),
            pair(&vm, 0, "a"),
            pair(&vm, 1, "a"),
            pair(&vm, 0, "b"),
        ];
        // key = the first element, through a native function.
        fn first(vm: &mut Vm, args: Args) -> crate::vm::PyResult {
            vm.getitem(&args.pos[0], &Value::Int(0))
        }
        let key = crate::native::native_fn("first", first);
        let sorted = super::sort_values(&mut vm, &items, Some(&key), true).unwrap();
        let l = vm.new_list(sorted);
        assert_eq!(
            vm.repr(&l).unwrap(),
            "[(1, 'b'), (1, 'a'), (0, 'a'), (0, 'b')]"
        );
        let sorted = super::sort_values(&mut vm, &items, Some(&key), false).unwrap();
        let l = vm.new_list(sorted);
        assert_eq!(
            vm.repr(&l).unwrap(),
            "[(0, 'a'), (0, 'b'), (1, 'b'), (1, 'a')]"
        );
    }

    #[test]
    fn mutation_during_sort_is_detected() {
        let mut vm = test_vm();
        let l = ints(&vm, &[3, 1, 2]);
        // The key function appends to the list being sorted.
        fn meddle(vm: &mut Vm, args: Args) -> crate::vm::PyResult {
            let target = args.pos[0].clone();
            if let Some(crate::vm::Object::List(items)) = target.as_obj().map(|o| &**o) {
                items.borrow_mut(&vm.gil).push(Value::Int(99));
            }
            Ok(args.pos[1].clone())
        }
        let key = crate::native::native_closure("meddle", meddle, l.clone());
        assert_eq!(
            kw(&mut vm, &l, "sort", vec![("key", key)]),
            Err("ValueError: list modified during sort".into())
        );
        assert_eq!(vm.repr(&l).unwrap(), "[1, 2, 3]");
    }

    #[test]
    fn dunders() {
        let mut vm = test_vm();
        let l = ints(&vm, &[1, 2, 3]);
        assert_eq!(call(&mut vm, &l, "__len__", vec![]), Ok("3".into()));
        assert_eq!(
            call(&mut vm, &l, "__getitem__", vec![Value::Int(-1)]),
            Ok("3".into())
        );
        assert_eq!(
            call(&mut vm, &l, "__getitem__", vec![Value::str("a")]),
            Err("TypeError: list indices must be integers or slices, not str".into())
        );
        assert_eq!(
            call(&mut vm, &l, "__getitem__", vec![Value::Int(5)]),
            Err("IndexError: list index out of range".into())
        );
        call(
            &mut vm,
            &l,
            "__setitem__",
            vec![Value::Int(0), Value::Int(9)],
        )
        .unwrap();
        call(&mut vm, &l, "__delitem__", vec![Value::Int(1)]).unwrap();
        assert_eq!(vm.repr(&l).unwrap(), "[9, 3]");
        assert_eq!(
            call(&mut vm, &l, "__contains__", vec![Value::Int(3)]),
            Ok("True".into())
        );
        let t = vm.new_tuple(vec![Value::Int(1)]);
        assert_eq!(
            call(&mut vm, &l, "__add__", vec![t.clone()]),
            Err("TypeError: can only concatenate list (not \"tuple\") to list".into())
        );
        let other = ints(&vm, &[1]);
        assert_eq!(
            call(&mut vm, &l, "__add__", vec![other.clone()]),
            Ok("[9, 3, 1]".into())
        );
        assert_eq!(
            call(&mut vm, &l, "__mul__", vec![Value::Int(2)]),
            Ok("[9, 3, 9, 3]".into())
        );
        assert_eq!(
            call(&mut vm, &l, "__rmul__", vec![Value::Int(-1)]),
            Ok("[]".into())
        );
        assert_eq!(
            call(&mut vm, &l, "__eq__", vec![t]),
            Ok("NotImplemented".into())
        );
        assert_eq!(call(&mut vm, &l, "__lt__", vec![other]), Ok("False".into()));
        let four = vm.new_tuple(vec![Value::Int(4)]);
        let r = call(&mut vm, &l, "__iadd__", vec![four]).unwrap();
        assert_eq!(r, "[9, 3, 4]");
        call(&mut vm, &l, "__imul__", vec![Value::Int(2)]).unwrap();
        assert_eq!(vm.repr(&l).unwrap(), "[9, 3, 4, 9, 3, 4]");
        let it = call(&mut vm, &l, "__reversed__", vec![]).unwrap();
        assert!(it.starts_with("<list_reverseiterator object at"));
        let rev = vm.getattr_str(&l, "__reversed__").unwrap();
        let rev = vm.call(&rev, Args::default()).unwrap();
        let items = vm.collect(&rev).unwrap();
        assert_eq!(vm.repr(&vm.new_list(items)).unwrap(), "[4, 3, 9, 4, 3, 9]");
    }

    #[test]
    fn unbound_methods_need_a_receiver() {
        let mut vm = test_vm();
        let list = Value::Obj(vm.rt.types.list.clone());
        for name in ["clear", "append", "__len__", "sort", "pop"] {
            let f = vm.getattr_str(&list, name).unwrap();
            let e = vm.call(&f, Args::default()).err().unwrap();
            assert!(vm.exc_is(&e, "TypeError"), "{name}");
        }
        let clear = vm.getattr_str(&list, "clear").unwrap();
        let e = vm.call(&clear, Args::new([Value::Int(1)])).err().unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: descriptor 'clear' for 'list' objects doesn't apply to a 'int' object"
        );
    }

    #[test]
    fn constructor_and_subclass() {
        let mut vm = test_vm();
        let list = Value::Obj(vm.rt.types.list.clone());
        let t = vm.new_tuple(vec![Value::Int(1), Value::Int(2)]);
        let l = vm.call(&list, Args::new([t.clone()])).unwrap();
        assert_eq!(vm.repr(&l).unwrap(), "[1, 2]");
        let e = vm
            .call(&list, Args::new([t.clone(), t.clone()]))
            .err()
            .unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: list expected at most 1 argument, got 2"
        );
        // class Stack(list): pass
        let ns = vm.new_dict(crate::vm::Dict::new());
        let stack = vm
            .make_class("Stack", vec![list.clone()], ns.as_obj().unwrap())
            .unwrap();
        let stack = Value::Obj(stack);
        let s = vm.call(&stack, Args::new([t])).unwrap();
        assert_eq!(vm.type_name(&s), "Stack");
        call(&mut vm, &s, "append", vec![Value::Int(3)]).unwrap();
        assert_eq!(vm.repr(&s).unwrap(), "[1, 2, 3]");
        assert_eq!(vm.len(&s).unwrap(), 3);
        assert!(matches!(
            vm.getitem(&s, &Value::Int(-1)).unwrap(),
            Value::Int(3)
        ));
        assert!(vm.contains(&s, &Value::Int(2)).unwrap());
        let items = vm.collect(&s).unwrap();
        assert_eq!(items.len(), 3);
        let plain = ints(&vm, &[1, 2, 3]);
        assert!(vm.eq(&s, &plain).unwrap());
        assert!(vm.truthy(&s).unwrap());
    }
}
