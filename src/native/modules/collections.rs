//! `_collections`: the native `deque` that `collections` re-exports.
//!
//! Native because queues built on it (`queue.Queue`, producer/consumer
//! lessons) call `append`/`popleft` in hot loops, and because each of its
//! operations must be atomic under the GIL, as CPython's is.

use std::collections::VecDeque;

use super::{bind_params, construct, module_dict, native_class, new_native_instance, payload, set};
use crate::bytecode::Comparison;
use crate::native::{add_class_attr, add_method, check_args, expect_int, set_constructor};
use crate::vm::{Args, GilCell, Obj, PyResult, Value, Vm};

/// A deque's contents.
struct DequeState {
    items: VecDeque<Value>,
    maxlen: Option<usize>,
    /// Bumped by every mutation, so iterators notice changes.
    mutations: u64,
}

type Deque = GilCell<DequeState>;

/// An iterator over a deque (forwards or backwards).
struct DequeIter {
    deque: Value,
    /// Items yielded so far.
    index: usize,
    reverse: bool,
    /// The deque's mutation count when iteration began.
    mutations: u64,
}

/// Fill the `_collections` module.
pub fn init(vm: &mut Vm, module: &Obj) -> PyResult<()> {
    let d = module_dict(vm, module)?;
    let object = vm.rt.types.object.clone();
    let deque = native_class("deque", "collections", &object);
    set_constructor(&deque, deque_new);
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__init__", deque_init),
        ("append", append),
        ("appendleft", appendleft),
        ("pop", pop),
        ("popleft", popleft),
        ("extend", extend),
        ("extendleft", extendleft),
        ("rotate", rotate),
        ("clear", clear),
        ("copy", copy),
        ("__copy__", copy),
        ("count", count),
        ("index", index),
        ("insert", insert),
        ("remove", remove),
        ("reverse", reverse),
        ("__len__", len),
        ("__bool__", bool_),
        ("__iter__", iter),
        ("__reversed__", reversed),
        ("__getitem__", getitem),
        ("__setitem__", setitem),
        ("__delitem__", delitem),
        ("__contains__", contains),
        ("__repr__", repr),
        ("__eq__", eq),
        ("__ne__", ne),
        ("__lt__", lt),
        ("__le__", le),
        ("__gt__", gt),
        ("__ge__", ge),
        ("__add__", add),
        ("__iadd__", iadd),
        ("__mul__", mul),
    ];
    for (name, f) in methods {
        add_method(vm, &deque, name, *f);
    }
    add_class_attr(vm, &deque, "__hash__", Value::None);
    super::add_property(vm, &deque, "maxlen", |vm, args| {
        let d = this(vm, &args)?;
        Ok(d.borrow(&vm.gil)
            .maxlen
            .map(|m| Value::Int(m as i64))
            .unwrap_or(Value::None))
    });
    let iterator = native_class("_deque_iterator", "collections", &object);
    add_method(vm, &iterator, "__iter__", |_, args| {
        Ok(args.pos.first().cloned().unwrap_or(Value::None))
    });
    add_method(vm, &iterator, "__next__", iter_next);
    add_class_attr(vm, &deque, "_iterator_class", Value::Obj(iterator));
    set(vm, &d, "deque", Value::Obj(deque));
    crate::native::add_function(vm, &d, "_caller_module", caller_module);
    Ok(())
}

/// `__name__` of the module whose code called the conc function that calls
/// this (so `namedtuple` can give its class the caller's `__module__`).
fn caller_module(vm: &mut Vm, _args: Args) -> PyResult {
    let globals = vm.frames.last().map(|f| f.globals.clone());
    Ok(globals
        .and_then(|g| vm.dict_get_str(&g, "__name__"))
        .unwrap_or_else(|| Value::str("__main__")))
}

fn this<'a>(vm: &mut Vm, args: &'a Args) -> PyResult<&'a Deque> {
    super::self_payload::<Deque>(vm, args, "deque", "collections.deque")
}

fn new_state(maxlen: Option<usize>) -> Deque {
    GilCell::new(DequeState {
        items: VecDeque::new(),
        maxlen,
        mutations: 0,
    })
}

fn deque_new(vm: &mut Vm, args: Args) -> PyResult {
    construct(vm, args, new_state(None))
}

/// `deque(iterable=(), maxlen=None)`: (re)initialise.
fn deque_init(vm: &mut Vm, mut args: Args) -> PyResult {
    let [iterable, maxlen] = bind_params(vm, "deque", &mut args, 1, ["iterable", "maxlen"], 0)?;
    let maxlen = match maxlen {
        None | Some(Value::None) => None,
        Some(v) => {
            let m = expect_int(vm, &v, "an integer is required")?;
            if m < 0 {
                return Err(vm.value_error("maxlen must be non-negative"));
            }
            Some(m as usize)
        }
    };
    let items = match iterable {
        Some(it) => vm.collect(&it)?,
        None => Vec::new(),
    };
    let d = this(vm, &args)?;
    let mut st = d.borrow_mut(&vm.gil);
    st.items.clear();
    st.maxlen = maxlen;
    st.mutations += 1;
    for x in items {
        push_back(&mut st, x);
    }
    Ok(Value::None)
}

/// Append on the right, dropping from the left when full.
fn push_back(st: &mut DequeState, x: Value) {
    if st.maxlen == Some(0) {
        return;
    }
    if Some(st.items.len()) == st.maxlen {
        st.items.pop_front();
    }
    st.items.push_back(x);
}

/// Append on the left, dropping from the right when full.
fn push_front(st: &mut DequeState, x: Value) {
    if st.maxlen == Some(0) {
        return;
    }
    if Some(st.items.len()) == st.maxlen {
        st.items.pop_back();
    }
    st.items.push_front(x);
}

/// Run `f` on the state of the deque in `args[0]` (no conc code may run inside).
fn with<R>(vm: &mut Vm, args: &Args, f: impl FnOnce(&mut DequeState) -> R) -> PyResult<R> {
    let d = this(vm, args)?;
    let mut st = d.borrow_mut(&vm.gil);
    Ok(f(&mut st))
}

fn one_arg(vm: &mut Vm, args: &Args, name: &str) -> PyResult<Value> {
    check_args(vm, name, args, 2, 2)?;
    Ok(args.pos[1].clone())
}

fn append(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(vm, &args, "append")?;
    with(vm, &args, |st| {
        st.mutations += 1;
        push_back(st, x);
    })?;
    Ok(Value::None)
}

fn appendleft(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(vm, &args, "appendleft")?;
    with(vm, &args, |st| {
        st.mutations += 1;
        push_front(st, x);
    })?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "pop", &args, 1, 1)?;
    match with(vm, &args, |st| {
        st.mutations += 1;
        st.items.pop_back()
    })? {
        Some(v) => Ok(v),
        None => Err(vm.index_error("pop from an empty deque")),
    }
}

fn popleft(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "popleft", &args, 1, 1)?;
    match with(vm, &args, |st| {
        st.mutations += 1;
        st.items.pop_front()
    })? {
        Some(v) => Ok(v),
        None => Err(vm.index_error("pop from an empty deque")),
    }
}

fn extend(vm: &mut Vm, args: Args) -> PyResult {
    let it = one_arg(vm, &args, "extend")?;
    // Collected first: the iterable may be this deque, or run conc code.
    let items = vm.collect(&it)?;
    with(vm, &args, |st| {
        st.mutations += 1;
        for x in items {
            push_back(st, x);
        }
    })?;
    Ok(Value::None)
}

fn extendleft(vm: &mut Vm, args: Args) -> PyResult {
    let it = one_arg(vm, &args, "extendleft")?;
    let items = vm.collect(&it)?;
    with(vm, &args, |st| {
        st.mutations += 1;
        for x in items {
            push_front(st, x);
        }
    })?;
    Ok(Value::None)
}

fn rotate(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "rotate", &args, 1, 2)?;
    let n = match args.pos.get(1) {
        Some(v) => expect_int(vm, v, "an integer is required")?,
        None => 1,
    };
    with(vm, &args, |st| {
        let len = st.items.len() as i64;
        if len > 1 {
            st.mutations += 1;
            let k = n.rem_euclid(len) as usize;
            st.items.rotate_right(k);
        }
    })?;
    Ok(Value::None)
}

fn clear(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "clear", &args, 1, 1)?;
    with(vm, &args, |st| {
        st.mutations += 1;
        st.items.clear();
    })?;
    Ok(Value::None)
}

/// A new deque of the same class with these items and maxlen.
fn same_kind(
    vm: &mut Vm,
    this_value: &Value,
    items: VecDeque<Value>,
    maxlen: Option<usize>,
) -> Value {
    let class = vm.class_of(this_value).clone();
    new_native_instance(
        &class,
        GilCell::new(DequeState {
            items,
            maxlen,
            mutations: 0,
        }),
    )
}

fn snapshot(vm: &mut Vm, args: &Args) -> PyResult<(VecDeque<Value>, Option<usize>, u64)> {
    with(vm, args, |st| (st.items.clone(), st.maxlen, st.mutations))
}

fn copy(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "copy", &args, 1, 1)?;
    let (items, maxlen, _) = snapshot(vm, &args)?;
    Ok(same_kind(vm, &args.pos[0], items, maxlen))
}

fn count(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(vm, &args, "count")?;
    let (items, _, _) = snapshot(vm, &args)?;
    let mut n = 0;
    for item in items.iter() {
        if item.is(&x) || vm.eq(item, &x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

/// The position of the first item equal to `x` in `start..stop`.
fn position(
    vm: &mut Vm,
    items: &VecDeque<Value>,
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

fn not_in_deque(vm: &mut Vm, x: &Value) -> crate::vm::Exc {
    match vm.repr(x) {
        Ok(r) => vm.value_error(format!("{r} is not in deque")),
        Err(e) => e,
    }
}

fn index(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "index", &args, 2, 4)?;
    let x = args.pos[1].clone();
    let (items, _, _) = snapshot(vm, &args)?;
    let len = items.len() as i64;
    let bound = |vm: &mut Vm, v: Option<&Value>, default: i64| -> PyResult<usize> {
        let i = match v {
            Some(v) => expect_int(vm, v, "slice indices must be integers")?,
            None => default,
        };
        Ok((if i < 0 { i + len } else { i }).clamp(0, len) as usize)
    };
    let start = bound(vm, args.pos.get(2), 0)?;
    let stop = bound(vm, args.pos.get(3), len)?;
    match position(vm, &items, &x, start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(not_in_deque(vm, &x)),
    }
}

fn insert(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "insert", &args, 3, 3)?;
    let i = expect_int(vm, &args.pos[1], "an integer is required")?;
    let x = args.pos[2].clone();
    let full = with(vm, &args, |st| {
        if Some(st.items.len()) == st.maxlen {
            return true;
        }
        let len = st.items.len() as i64;
        let at = (if i < 0 { i + len } else { i }).clamp(0, len) as usize;
        st.mutations += 1;
        st.items.insert(at, x);
        false
    })?;
    if full {
        return Err(vm.index_error("deque already at its maximum size"));
    }
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(vm, &args, "remove")?;
    let (items, _, mutations) = snapshot(vm, &args)?;
    let Some(i) = position(vm, &items, &x, 0, items.len())? else {
        return Err(not_in_deque(vm, &x));
    };
    let changed = with(vm, &args, |st| {
        if st.mutations != mutations {
            return true;
        }
        st.mutations += 1;
        st.items.remove(i);
        false
    })?;
    if changed {
        return Err(vm.index_error("deque mutated during remove()."));
    }
    Ok(Value::None)
}

fn reverse(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "reverse", &args, 1, 1)?;
    with(vm, &args, |st| {
        st.mutations += 1;
        st.items.make_contiguous().reverse();
    })?;
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Int(with(vm, &args, |st| st.items.len())? as i64))
}

fn bool_(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(with(vm, &args, |st| !st.items.is_empty())?))
}

fn make_iter(vm: &mut Vm, args: &Args, reverse: bool) -> PyResult {
    let mutations = with(vm, args, |st| st.mutations)?;
    let class = match vm.lookup_class_str(vm.class_of(&args.pos[0]), "_iterator_class") {
        Some(Value::Obj(c)) => c,
        _ => return Err(vm.type_error("deque iterator class missing")),
    };
    let it = DequeIter {
        deque: args.pos[0].clone(),
        index: 0,
        reverse,
        mutations,
    };
    Ok(new_native_instance(&class, GilCell::new(it)))
}

fn iter(vm: &mut Vm, args: Args) -> PyResult {
    make_iter(vm, &args, false)
}

fn reversed(vm: &mut Vm, args: Args) -> PyResult {
    make_iter(vm, &args, true)
}

fn iter_next(vm: &mut Vm, args: Args) -> PyResult {
    let Some(it) = args.pos.first().and_then(payload::<GilCell<DequeIter>>) else {
        return Err(vm.type_error("descriptor '__next__' requires a '_deque_iterator' object"));
    };
    /// What the step found (decided under the borrows, acted on after).
    enum Step {
        Item(Value),
        Mutated,
        Done,
    }
    let step = {
        let mut it = it.borrow_mut(&vm.gil);
        let deque = it.deque.clone();
        match payload::<Deque>(&deque) {
            None => Step::Done,
            Some(d) => {
                let st = d.borrow(&vm.gil);
                let n = st.items.len();
                if st.mutations != it.mutations {
                    Step::Mutated
                } else if it.index >= n {
                    Step::Done
                } else {
                    let i = if it.reverse {
                        n - 1 - it.index
                    } else {
                        it.index
                    };
                    it.index += 1;
                    Step::Item(st.items[i].clone())
                }
            }
        }
    };
    match step {
        Step::Item(v) => Ok(v),
        Step::Mutated => Err(vm.new_error("RuntimeError", "deque mutated during iteration")),
        Step::Done => Err(vm.stop_iteration(Value::None)),
    }
}

/// An index argument resolved against the length (IndexError when out of range).
fn item_index(vm: &mut Vm, key: &Value, len: usize) -> PyResult<usize> {
    let i = match key {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => {
            let t = vm.type_name(key);
            return Err(vm.type_error(format!("sequence index must be integer, not '{t}'")));
        }
    };
    match crate::vm::ops::norm_index(i, len) {
        Some(i) => Ok(i),
        None => Err(vm.index_error("deque index out of range")),
    }
}

fn getitem(vm: &mut Vm, args: Args) -> PyResult {
    let key = one_arg(vm, &args, "__getitem__")?;
    let n = with(vm, &args, |st| st.items.len())?;
    let i = item_index(vm, &key, n)?;
    with(vm, &args, |st| st.items[i].clone())
}

fn setitem(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "__setitem__", &args, 3, 3)?;
    let n = with(vm, &args, |st| st.items.len())?;
    let i = item_index(vm, &args.pos[1], n)?;
    let v = args.pos[2].clone();
    with(vm, &args, |st| st.items[i] = v)?;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, args: Args) -> PyResult {
    let key = one_arg(vm, &args, "__delitem__")?;
    let n = with(vm, &args, |st| st.items.len())?;
    let i = item_index(vm, &key, n)?;
    with(vm, &args, |st| {
        st.mutations += 1;
        st.items.remove(i);
    })?;
    Ok(Value::None)
}

fn contains(vm: &mut Vm, args: Args) -> PyResult {
    let x = one_arg(vm, &args, "__contains__")?;
    let (items, _, _) = snapshot(vm, &args)?;
    Ok(Value::Bool(
        position(vm, &items, &x, 0, items.len())?.is_some(),
    ))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult {
    let (items, maxlen, _) = snapshot(vm, &args)?;
    let name = vm.type_name(&args.pos[0]);
    // A deque inside itself prints as `[...]`, as CPython.
    let id = args.pos[0].id();
    if vm.repr_guard.contains(&id) {
        return Ok(Value::str("[...]"));
    }
    vm.repr_guard.push(id);
    let list = vm.new_list(items.into_iter().collect());
    let inner = vm.repr(&list);
    vm.repr_guard.pop();
    let inner = inner?;
    Ok(Value::str(match maxlen {
        Some(m) => format!("{name}({inner}, maxlen={m})"),
        None => format!("{name}({inner})"),
    }))
}

/// Compare two deques as lists; NotImplemented for anything else.
fn compare(vm: &mut Vm, args: Args, op: Comparison) -> PyResult {
    check_args(vm, "comparison", &args, 2, 2)?;
    let Some(other) = payload::<Deque>(&args.pos[1]) else {
        return Ok(vm.rt.types.not_implemented.clone());
    };
    let theirs: Vec<Value> = other.borrow(&vm.gil).items.iter().cloned().collect();
    let (mine, _, _) = snapshot(vm, &args)?;
    let a = vm.new_list(mine.into_iter().collect());
    let b = vm.new_list(theirs);
    vm.compare(op, &a, &b)
}

fn eq(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Eq)
}

fn ne(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Ne)
}

fn lt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Lt)
}

fn le(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Le)
}

fn gt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Gt)
}

fn ge(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, Comparison::Ge)
}

fn add(vm: &mut Vm, args: Args) -> PyResult {
    let other = one_arg(vm, &args, "__add__")?;
    let Some(o) = payload::<Deque>(&other) else {
        let t = vm.type_name(&other);
        let me = vm.type_name(&args.pos[0]);
        return Err(vm.type_error(format!("can only concatenate {me} (not \"{t}\") to {me}")));
    };
    let theirs: Vec<Value> = o.borrow(&vm.gil).items.iter().cloned().collect();
    let (mut items, maxlen, _) = snapshot(vm, &args)?;
    let mut st = DequeState {
        items: VecDeque::new(),
        maxlen,
        mutations: 0,
    };
    for x in items.drain(..).chain(theirs) {
        push_back(&mut st, x);
    }
    Ok(same_kind(vm, &args.pos[0], st.items, maxlen))
}

fn iadd(vm: &mut Vm, args: Args) -> PyResult {
    let me = args.pos[0].clone();
    extend(vm, args)?;
    Ok(me)
}

fn mul(vm: &mut Vm, args: Args) -> PyResult {
    let n = one_arg(vm, &args, "__mul__")?;
    let Value::Int(n) = n else {
        return Ok(vm.rt.types.not_implemented.clone());
    };
    let (items, maxlen, _) = snapshot(vm, &args)?;
    let mut st = DequeState {
        items: VecDeque::new(),
        maxlen,
        mutations: 0,
    };
    for _ in 0..n.max(0) {
        for x in items.iter() {
            push_back(&mut st, x.clone());
        }
    }
    Ok(same_kind(vm, &args.pos[0], st.items, maxlen))
}

/// For native code that keeps its items in a deque (`queue.Queue`'s
/// methods): the state of `v` if it is exactly a `collections.deque` (not a
/// subclass, which may override the methods such code would call).
fn exact_deque(v: &Value) -> Option<&Deque> {
    match v {
        Value::Obj(o) => match &**o {
            crate::vm::Object::Instance(i)
                if matches!(&*i.class, crate::vm::Object::Class(c)
                    if c.kind == crate::vm::object::ClassKind::Builtin) =>
            {
                payload::<Deque>(v)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `len(v)` if `v` is exactly a deque.
pub(crate) fn exact_deque_len(vm: &Vm, v: &Value) -> Option<usize> {
    Some(exact_deque(v)?.borrow(&vm.gil).items.len())
}

/// `v.append(x)` if `v` is exactly a deque (else `x` is given back).
pub(crate) fn exact_deque_append(vm: &Vm, v: &Value, x: Value) -> Result<(), Value> {
    let Some(d) = exact_deque(v) else {
        return Err(x);
    };
    let mut st = d.borrow_mut(&vm.gil);
    st.mutations += 1;
    push_back(&mut st, x);
    Ok(())
}

/// `v.popleft()` if `v` is exactly a non-empty deque.
pub(crate) fn exact_deque_popleft(vm: &Vm, v: &Value) -> Option<Value> {
    let mut st = exact_deque(v)?.borrow_mut(&vm.gil);
    let x = st.items.pop_front()?;
    st.mutations += 1;
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;

    fn deque_of(vm: &mut Vm, items: Vec<Value>, maxlen: Option<i64>) -> Value {
        let m = vm.import_module("_collections").unwrap();
        let class = vm.getattr_str(&m, "deque").unwrap();
        let list = vm.new_list(items);
        let mut a = Args::new([list]);
        if let Some(m) = maxlen {
            a.kw.push(("maxlen".into(), Value::Int(m)));
        }
        vm.call(&class, a).unwrap()
    }

    fn method(vm: &mut Vm, d: &Value, name: &str, args: Vec<Value>) -> Result<String, String> {
        let f = vm.getattr_str(d, name).unwrap();
        match vm.call(&f, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(crate::native::modules::error_text(vm, &e)),
        }
    }

    #[test]
    fn queue_operations() {
        let mut vm = test_vm();
        let d = deque_of(&mut vm, vec![Value::Int(1), Value::Int(2)], None);
        method(&mut vm, &d, "append", vec![Value::Int(3)]).unwrap();
        method(&mut vm, &d, "appendleft", vec![Value::Int(0)]).unwrap();
        assert_eq!(vm.repr(&d).unwrap(), "deque([0, 1, 2, 3])");
        assert_eq!(method(&mut vm, &d, "popleft", vec![]), Ok("0".into()));
        assert_eq!(method(&mut vm, &d, "pop", vec![]), Ok("3".into()));
        method(&mut vm, &d, "rotate", vec![Value::Int(1)]).unwrap();
        assert_eq!(vm.repr(&d).unwrap(), "deque([2, 1])");
        assert_eq!(vm.len(&d).unwrap(), 2);
        let first = vm.getitem(&d, &Value::Int(-1)).unwrap();
        assert_eq!(vm.repr(&first).unwrap(), "1");
        method(&mut vm, &d, "clear", vec![]).unwrap();
        assert_eq!(
            method(&mut vm, &d, "pop", vec![]),
            Err("IndexError: pop from an empty deque".into())
        );
    }

    #[test]
    fn maxlen_drops_from_the_other_end() {
        let mut vm = test_vm();
        let d = deque_of(
            &mut vm,
            vec![Value::Int(1), Value::Int(2), Value::Int(3)],
            Some(2),
        );
        assert_eq!(vm.repr(&d).unwrap(), "deque([2, 3], maxlen=2)");
        method(&mut vm, &d, "appendleft", vec![Value::Int(9)]).unwrap();
        assert_eq!(vm.repr(&d).unwrap(), "deque([9, 2], maxlen=2)");
        assert_eq!(
            method(&mut vm, &d, "insert", vec![Value::Int(0), Value::Int(5)]),
            Err("IndexError: deque already at its maximum size".into())
        );
        assert_eq!(
            method(&mut vm, &d, "remove", vec![Value::Int(7)]),
            Err("ValueError: 7 is not in deque".into())
        );
    }

    #[test]
    fn iteration_detects_mutation() {
        let mut vm = test_vm();
        let d = deque_of(&mut vm, vec![Value::Int(1), Value::Int(2)], None);
        let it = vm.iter(&d).unwrap();
        assert!(matches!(vm.next(&it).unwrap(), Some(Value::Int(1))));
        method(&mut vm, &d, "append", vec![Value::Int(3)]).unwrap();
        let e = vm.next(&it).unwrap_err();
        assert_eq!(
            crate::native::modules::error_text(&mut vm, &e),
            "RuntimeError: deque mutated during iteration"
        );
        let all = vm.collect(&d).unwrap();
        assert_eq!(all.len(), 3);
    }
}
