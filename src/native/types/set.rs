//! `set` and `frozenset`: constructors, the methods (`add`, `union`, ...),
//! the operators `| & - ^` (and their in-place forms for `set`), subset
//! comparisons and reprs. Both share one implementation over [`SetData`];
//! the mutating methods exist on `set` only.
//!
//! Results have the type of the left operand (`frozenset | set` is a
//! frozenset). Operators take sets only (anything else is NotImplemented, so
//! `{1} | [1]` is a TypeError and `{'a'} & d.keys()` reaches the view);
//! methods take any iterable.

use super::support::{
    builtin_value, construct, constructor_class, count_args, instance_of, no_kwargs,
    not_implemented, receiver,
};
use super::support::{no_args, one_arg};
use crate::native::{add_class_attr, add_method, native_fn, set_constructor};
use crate::vm::{Args, GilCell, HashKey, Obj, Object, PyResult, SetData, Value, Vm};

/// Install `set` and `frozenset`.
pub fn install(vm: &mut Vm) {
    let shared: &[(&'static str, crate::vm::NativeFn)] = &[
        ("copy", set_copy),
        ("union", set_union),
        ("intersection", set_intersection),
        ("difference", set_difference),
        ("symmetric_difference", set_symmetric_difference),
        ("issubset", set_issubset),
        ("issuperset", set_issuperset),
        ("isdisjoint", set_isdisjoint),
        ("__len__", set_len),
        ("__contains__", set_contains),
        ("__iter__", set_iter),
        ("__repr__", set_repr),
        ("__eq__", set_eq),
        ("__ne__", set_ne),
        ("__le__", set_le),
        ("__lt__", set_lt),
        ("__ge__", set_ge),
        ("__gt__", set_gt),
        ("__or__", set_or),
        ("__ror__", set_ror),
        ("__and__", set_and),
        ("__rand__", set_rand),
        ("__sub__", set_sub),
        ("__rsub__", set_rsub),
        ("__xor__", set_xor),
        ("__rxor__", set_rxor),
    ];
    let set = vm.rt.types.set.clone();
    let frozenset = vm.rt.types.frozenset.clone();
    for class in [&set, &frozenset] {
        for (name, f) in shared {
            add_method(vm, class, name, *f);
        }
    }
    set_constructor(&set, set_call);
    add_class_attr(vm, &set, "__new__", native_fn("__new__", set_new));
    add_class_attr(vm, &set, "__hash__", Value::None);
    let mutators: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__init__", set_init),
        ("add", set_add),
        ("remove", set_remove),
        ("discard", set_discard),
        ("pop", set_pop),
        ("clear", set_clear),
        ("update", set_update),
        ("intersection_update", set_intersection_update),
        ("difference_update", set_difference_update),
        (
            "symmetric_difference_update",
            set_symmetric_difference_update,
        ),
        ("__ior__", set_ior),
        ("__iand__", set_iand),
        ("__isub__", set_isub),
        ("__ixor__", set_ixor),
    ];
    for (name, f) in mutators {
        add_method(vm, &set, name, *f);
    }
    set_constructor(&frozenset, frozenset_call);
    add_class_attr(
        vm,
        &frozenset,
        "__new__",
        native_fn("__new__", frozenset_new),
    );
    add_method(vm, &frozenset, "__hash__", frozenset_hash);
}

/// `union` of two sets, keeping the order of `a` then the new items of `b`.
pub fn union(a: &SetData, b: &SetData) -> SetData {
    let mut out = a.clone();
    for k in b.iter() {
        out.insert(k.clone());
    }
    out
}

/// The items of `a` that are in `b`.
pub fn intersection(a: &SetData, b: &SetData) -> SetData {
    let mut out = SetData::new();
    for k in a.iter().filter(|k| b.contains(k)) {
        out.insert(k.clone());
    }
    out
}

/// The items of `a` that are not in `b`.
pub fn difference(a: &SetData, b: &SetData) -> SetData {
    let mut out = SetData::new();
    for k in a.iter().filter(|k| !b.contains(k)) {
        out.insert(k.clone());
    }
    out
}

/// The items in exactly one of `a` and `b`.
pub fn symmetric_difference(a: &SetData, b: &SetData) -> SetData {
    union(&difference(a, b), &difference(b, a))
}

/// Is every item of `a` in `b`?
pub fn is_subset(a: &SetData, b: &SetData) -> bool {
    a.len() <= b.len() && a.iter().all(|k| b.contains(k))
}

/// The items of a set or frozenset (unwrapped from a subclass instance), if `v` is one.
pub fn set_data_of(vm: &Vm, v: &Value) -> Option<SetData> {
    match builtin_value(vm, v).as_obj().map(|o| &**o) {
        Some(Object::Set(s)) => Some(s.borrow(&vm.gil).clone()),
        Some(Object::FrozenSet(s)) => Some(s.clone()),
        _ => None,
    }
}

/// The items of any iterable, hashed (a set's are taken as they are).
pub fn set_data_from(vm: &mut Vm, iterable: &Value) -> PyResult<SetData> {
    if let Some(s) = set_data_of(vm, iterable) {
        return Ok(s);
    }
    let items = vm.collect(iterable)?;
    let mut out = SetData::new();
    for item in items {
        out.insert(vm.hash_key(item)?);
    }
    Ok(out)
}

/// A new `set` value.
pub fn new_set(data: SetData) -> Value {
    Value::from_obj(Object::Set(GilCell::new(data)))
}

/// A key for membership tests: a `set` is looked up as the equal frozenset
/// (`{1} in {frozenset({1})}`), anything else as itself.
fn lookup_key(vm: &mut Vm, v: &Value) -> PyResult<HashKey> {
    if let Some(Object::Set(s)) = builtin_value(vm, v).as_obj().map(|o| &**o) {
        let frozen = Value::from_obj(Object::FrozenSet(s.borrow(&vm.gil).clone()));
        return vm.hash_key(frozen);
    }
    vm.hash_key(v.clone())
}

/// Which of the two types `self` is.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Set,
    Frozen,
}

/// The unwrapped `self` of a method: the object and its kind.
fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<(Obj, Kind)> {
    receiver(vm, args, "set", method, |v| match v.as_obj() {
        Some(o) if matches!(&**o, Object::Set(_)) => Some((o.clone(), Kind::Set)),
        Some(o) if matches!(&**o, Object::FrozenSet(_)) => Some((o.clone(), Kind::Frozen)),
        _ => None,
    })
}

/// The `set` object of a mutating method.
fn this_set(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Obj> {
    receiver(vm, args, "set", method, |v| match v.as_obj() {
        Some(o) if matches!(&**o, Object::Set(_)) => Some(o.clone()),
        _ => None,
    })
}

fn cells(s: &Obj) -> &GilCell<SetData> {
    match &**s {
        Object::Set(c) => c,
        _ => unreachable!("this_set only returns sets"),
    }
}

fn data(vm: &Vm, s: &Obj) -> SetData {
    match &**s {
        Object::Set(c) => c.borrow(&vm.gil).clone(),
        Object::FrozenSet(d) => d.clone(),
        _ => SetData::new(),
    }
}

/// A result of the same kind as `self`.
fn make(kind: Kind, d: SetData) -> Value {
    match kind {
        Kind::Set => new_set(d),
        Kind::Frozen => Value::from_obj(Object::FrozenSet(d)),
    }
}

/// The items of the constructor's optional iterable argument.
fn initial_items(vm: &mut Vm, args: &Args, name: &str) -> PyResult<SetData> {
    no_kwargs(vm, args, name)?;
    count_args(vm, args, 1, name, 0, 1)?;
    match args.pos.get(1) {
        Some(it) => set_data_from(vm, it),
        None => Ok(SetData::new()),
    }
}

fn set_call(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.set.clone();
    construct(vm, args, &base, set_new)
}

/// `set.__new__(cls, ...)`: filled for `set` itself, empty for a subclass (its `__init__` fills it).
fn set_new(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.set.clone();
    let class = constructor_class(vm, &args, &base)?;
    let items = if Obj::ptr_eq(&class, &base) {
        initial_items(vm, &args, "set")?
    } else {
        SetData::new()
    };
    Ok(instance_of(&class, &base, new_set(items)))
}

fn set_init(vm: &mut Vm, args: Args) -> PyResult {
    let s = this_set(vm, &args, "__init__")?;
    let items = initial_items(vm, &args, "set")?;
    *cells(&s).borrow_mut(&vm.gil) = items;
    Ok(Value::None)
}

fn frozenset_call(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.frozenset.clone();
    construct(vm, args, &base, frozenset_new)
}

/// `frozenset.__new__(cls, iterable=())`.
fn frozenset_new(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.frozenset.clone();
    let class = constructor_class(vm, &args, &base)?;
    // `frozenset(f)` of an exact frozenset is `f` itself.
    if let Some(f) = args.pos.get(1) {
        if Obj::ptr_eq(&class, &base)
            && matches!(f.as_obj().map(|o| &**o), Some(Object::FrozenSet(_)))
        {
            no_kwargs(vm, &args, "frozenset")?;
            count_args(vm, &args, 1, "frozenset", 0, 1)?;
            return Ok(f.clone());
        }
    }
    let items = initial_items(vm, &args, "frozenset")?;
    Ok(instance_of(
        &class,
        &base,
        Value::from_obj(Object::FrozenSet(items)),
    ))
}

fn frozenset_hash(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "frozenset.__hash__")?;
    let (s, _) = this(vm, &args, "__hash__")?;
    Ok(Value::Int(vm.hash(&Value::Obj(s))?))
}

fn set_copy(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "set.copy")?;
    let (s, kind) = this(vm, &args, "copy")?;
    // An exact frozenset is immutable: its copy is itself.
    if matches!(
        args.pos[0].as_obj().map(|o| &**o),
        Some(Object::FrozenSet(_))
    ) {
        return Ok(args.pos[0].clone());
    }
    Ok(make(kind, data(vm, &s)))
}

/// `s.union(*others)` and friends: fold `others` (any iterables) into `self`'s items.
fn fold_others(
    vm: &mut Vm,
    args: &Args,
    method: &str,
    op: fn(&SetData, &SetData) -> SetData,
) -> PyResult<(Kind, SetData)> {
    no_kwargs(vm, args, &format!("set.{method}"))?;
    let (s, kind) = this(vm, args, method)?;
    let mut acc = data(vm, &s);
    for other in &args.pos[1..] {
        let other = set_data_from(vm, other)?;
        acc = op(&acc, &other);
    }
    Ok((kind, acc))
}

fn set_union(vm: &mut Vm, args: Args) -> PyResult {
    let (kind, d) = fold_others(vm, &args, "union", union)?;
    Ok(make(kind, d))
}

fn set_intersection(vm: &mut Vm, args: Args) -> PyResult {
    let (kind, d) = fold_others(vm, &args, "intersection", intersection)?;
    Ok(make(kind, d))
}

fn set_difference(vm: &mut Vm, args: Args) -> PyResult {
    let (kind, d) = fold_others(vm, &args, "difference", difference)?;
    Ok(make(kind, d))
}

fn set_symmetric_difference(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "set.symmetric_difference")?;
    let (kind, d) = fold_others(vm, &args, "symmetric_difference", symmetric_difference)?;
    Ok(make(kind, d))
}

/// `self` and the other argument (any iterable) as set data.
fn with_other(vm: &mut Vm, args: &Args, method: &str) -> PyResult<(SetData, SetData)> {
    one_arg(vm, args, &format!("set.{method}"))?;
    let (s, _) = this(vm, args, method)?;
    let mine = data(vm, &s);
    let other = set_data_from(vm, &args.pos[1])?;
    Ok((mine, other))
}

fn set_issubset(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = with_other(vm, &args, "issubset")?;
    Ok(Value::Bool(is_subset(&a, &b)))
}

fn set_issuperset(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = with_other(vm, &args, "issuperset")?;
    Ok(Value::Bool(is_subset(&b, &a)))
}

fn set_isdisjoint(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = with_other(vm, &args, "isdisjoint")?;
    let disjoint = a.iter().all(|k| !b.contains(k));
    Ok(Value::Bool(disjoint))
}

fn set_len(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "set.__len__")?;
    let (s, _) = this(vm, &args, "__len__")?;
    Ok(Value::Int(data(vm, &s).len() as i64))
}

fn set_contains(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "set.__contains__")?;
    let (s, _) = this(vm, &args, "__contains__")?;
    let key = lookup_key(vm, &args.pos[1])?;
    Ok(Value::Bool(data(vm, &s).contains(&key)))
}

fn set_iter(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "set.__iter__")?;
    let (s, _) = this(vm, &args, "__iter__")?;
    vm.iter(&Value::Obj(s))
}

/// `{1, 2}`, `set()`, `frozenset({1})`; a subclass shows its name: `S({1, 2})`, `S()`.
fn set_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "set.__repr__")?;
    let (s, kind) = this(vm, &args, "__repr__")?;
    let inner = vm.repr(&Value::Obj(s.clone()))?;
    let is_subclass = matches!(
        args.pos[0].as_obj().map(|o| &**o),
        Some(Object::Instance(_))
    );
    if !is_subclass {
        return Ok(Value::str(inner));
    }
    let name = vm.type_name(&args.pos[0]);
    let text = if data(vm, &s).is_empty() {
        format!("{name}()")
    } else if kind == Kind::Frozen {
        // `frozenset({1})` → `F({1})`
        format!("{name}{}", &inner["frozenset".len()..])
    } else {
        format!("{name}({inner})")
    };
    Ok(Value::str(text))
}

/// `self` and the other operand when it is a set or frozenset; `None` means NotImplemented.
fn operands(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Option<(Kind, SetData, SetData)>> {
    one_arg(vm, args, &format!("set.{method}"))?;
    let (s, kind) = this(vm, args, method)?;
    let mine = data(vm, &s);
    Ok(set_data_of(vm, &args.pos[1]).map(|other| (kind, mine, other)))
}

fn compare(
    vm: &mut Vm,
    args: Args,
    method: &str,
    test: fn(&SetData, &SetData) -> bool,
) -> PyResult {
    match operands(vm, &args, method)? {
        Some((_, a, b)) => Ok(Value::Bool(test(&a, &b))),
        None => Ok(not_implemented(vm)),
    }
}

fn set_eq(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, "__eq__", |a, b| {
        a.len() == b.len() && is_subset(a, b)
    })
}

fn set_ne(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, "__ne__", |a, b| {
        !(a.len() == b.len() && is_subset(a, b))
    })
}

fn set_le(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, "__le__", is_subset)
}

fn set_lt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, "__lt__", |a, b| {
        a.len() < b.len() && is_subset(a, b)
    })
}

fn set_ge(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, "__ge__", |a, b| is_subset(b, a))
}

fn set_gt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, args, "__gt__", |a, b| {
        a.len() > b.len() && is_subset(b, a)
    })
}

/// A binary set operator; `reflected` computes `other op self` (typed like `other`).
fn operator(
    vm: &mut Vm,
    args: Args,
    method: &str,
    op: fn(&SetData, &SetData) -> SetData,
    reflected: bool,
) -> PyResult {
    let Some((kind, mine, other)) = operands(vm, &args, method)? else {
        return Ok(not_implemented(vm));
    };
    if reflected {
        let other_kind = match builtin_value(vm, &args.pos[1]).as_obj().map(|o| &**o) {
            Some(Object::FrozenSet(_)) => Kind::Frozen,
            _ => Kind::Set,
        };
        return Ok(make(other_kind, op(&other, &mine)));
    }
    Ok(make(kind, op(&mine, &other)))
}

fn set_or(vm: &mut Vm, args: Args) -> PyResult {
    operator(vm, args, "__or__", union, false)
}

fn set_ror(vm: &mut Vm, args: Args) -> PyResult {
    operator(vm, args, "__ror__", union, true)
}

fn set_and(vm: &mut Vm, args: Args) -> PyResult {
    operator(vm, args, "__and__", intersection, false)
}

fn set_rand(vm: &mut Vm, args: Args) -> PyResult {
    operator(vm, args, "__rand__", intersection, true)
}

fn set_sub(vm: &mut Vm, args: Args) -> PyResult {
    operator(vm, args, "__sub__", difference, false)
}

fn set_rsub(vm: &mut Vm, args: Args) -> PyResult {
    operator(vm, args, "__rsub__", difference, true)
}

fn set_xor(vm: &mut Vm, args: Args) -> PyResult {
    operator(vm, args, "__xor__", symmetric_difference, false)
}

fn set_rxor(vm: &mut Vm, args: Args) -> PyResult {
    operator(vm, args, "__rxor__", symmetric_difference, true)
}

fn set_add(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "set.add")?;
    let s = this_set(vm, &args, "add")?;
    let key = vm.hash_key(args.pos[1].clone())?;
    cells(&s).borrow_mut(&vm.gil).insert(key);
    Ok(Value::None)
}

fn set_remove(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "set.remove")?;
    let s = this_set(vm, &args, "remove")?;
    let key = lookup_key(vm, &args.pos[1])?;
    let removed = cells(&s).borrow_mut(&vm.gil).remove(&key);
    if removed {
        Ok(Value::None)
    } else {
        Err(vm.key_error(args.pos[1].clone()))
    }
}

fn set_discard(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "set.discard")?;
    let s = this_set(vm, &args, "discard")?;
    let key = lookup_key(vm, &args.pos[1])?;
    cells(&s).borrow_mut(&vm.gil).remove(&key);
    Ok(Value::None)
}

/// Remove and return the first item.
fn set_pop(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "set.pop")?;
    let s = this_set(vm, &args, "pop")?;
    let mut d = cells(&s).borrow_mut(&vm.gil);
    let Some(first) = d.iter().next().cloned() else {
        drop(d);
        return Err(vm.key_error(Value::str("pop from an empty set")));
    };
    d.remove(&first);
    Ok(first.value)
}

fn set_clear(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "set.clear")?;
    let s = this_set(vm, &args, "clear")?;
    cells(&s).borrow_mut(&vm.gil).clear();
    Ok(Value::None)
}

/// An in-place method with any number of iterables: `self = op(self, other)` for each.
fn update_with(
    vm: &mut Vm,
    args: &Args,
    method: &str,
    op: fn(&SetData, &SetData) -> SetData,
) -> PyResult<()> {
    no_kwargs(vm, args, &format!("set.{method}"))?;
    let s = this_set(vm, args, method)?;
    let mut others = Vec::with_capacity(args.pos.len() - 1);
    for other in &args.pos[1..] {
        others.push(set_data_from(vm, other)?);
    }
    let mut acc = data(vm, &s);
    for other in &others {
        acc = op(&acc, other);
    }
    *cells(&s).borrow_mut(&vm.gil) = acc;
    Ok(())
}

fn set_update(vm: &mut Vm, args: Args) -> PyResult {
    update_with(vm, &args, "update", union)?;
    Ok(Value::None)
}

fn set_intersection_update(vm: &mut Vm, args: Args) -> PyResult {
    update_with(vm, &args, "intersection_update", intersection)?;
    Ok(Value::None)
}

fn set_difference_update(vm: &mut Vm, args: Args) -> PyResult {
    update_with(vm, &args, "difference_update", difference)?;
    Ok(Value::None)
}

fn set_symmetric_difference_update(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "set.symmetric_difference_update")?;
    update_with(
        vm,
        &args,
        "symmetric_difference_update",
        symmetric_difference,
    )?;
    Ok(Value::None)
}

/// `s op= other` with a set `other`: update in place and give `s` back.
fn inplace(
    vm: &mut Vm,
    args: Args,
    method: &str,
    op: fn(&SetData, &SetData) -> SetData,
) -> PyResult {
    one_arg(vm, &args, &format!("set.{method}"))?;
    let s = this_set(vm, &args, method)?;
    let Some(other) = set_data_of(vm, &args.pos[1]) else {
        return Ok(not_implemented(vm));
    };
    let result = op(&data(vm, &s), &other);
    *cells(&s).borrow_mut(&vm.gil) = result;
    Ok(args.pos[0].clone())
}

fn set_ior(vm: &mut Vm, args: Args) -> PyResult {
    inplace(vm, args, "__ior__", union)
}

fn set_iand(vm: &mut Vm, args: Args) -> PyResult {
    inplace(vm, args, "__iand__", intersection)
}

fn set_isub(vm: &mut Vm, args: Args) -> PyResult {
    inplace(vm, args, "__isub__", difference)
}

fn set_ixor(vm: &mut Vm, args: Args) -> PyResult {
    inplace(vm, args, "__ixor__", symmetric_difference)
}

#[cfg(test)]
mod tests {
    use crate::bytecode::BinaryOperator;
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

    fn make(vm: &mut Vm, class: &str, xs: &[i64]) -> Value {
        let c = Value::Obj(if class == "set" {
            vm.rt.types.set.clone()
        } else {
            vm.rt.types.frozenset.clone()
        });
        let l = vm.new_list(xs.iter().map(|&i| Value::Int(i)).collect());
        vm.call(&c, Args::new([l])).unwrap()
    }

    fn list(vm: &Vm, xs: &[i64]) -> Value {
        vm.new_list(xs.iter().map(|&i| Value::Int(i)).collect())
    }

    #[test]
    fn methods_take_iterables() {
        let mut vm = test_vm();
        let s = make(&mut vm, "set", &[1, 2, 3]);
        let (l4, l5) = (list(&vm, &[4]), list(&vm, &[5]));
        assert_eq!(
            call(&mut vm, &s, "union", vec![l4, l5]),
            Ok("{1, 2, 3, 4, 5}".into())
        );
        let (a, b) = (list(&vm, &[1, 2]), list(&vm, &[2]));
        assert_eq!(
            call(&mut vm, &s, "intersection", vec![a, b]),
            Ok("{2}".into())
        );
        let a = list(&vm, &[1]);
        assert_eq!(
            call(&mut vm, &s, "difference", vec![a]),
            Ok("{2, 3}".into())
        );
        let a = list(&vm, &[3, 4]);
        assert_eq!(
            call(&mut vm, &s, "symmetric_difference", vec![a]),
            Ok("{1, 2, 4}".into())
        );
        let a = list(&vm, &[1, 2, 3, 4]);
        assert_eq!(call(&mut vm, &s, "issubset", vec![a]), Ok("True".into()));
        let a = list(&vm, &[1]);
        assert_eq!(call(&mut vm, &s, "issuperset", vec![a]), Ok("True".into()));
        let a = list(&vm, &[9]);
        assert_eq!(call(&mut vm, &s, "isdisjoint", vec![a]), Ok("True".into()));
        assert_eq!(
            call(&mut vm, &s, "union", vec![Value::Int(1)]),
            Err("TypeError: 'int' object is not iterable".into())
        );
    }

    #[test]
    fn mutation() {
        let mut vm = test_vm();
        let s = make(&mut vm, "set", &[1, 2, 3]);
        assert_eq!(
            call(&mut vm, &s, "remove", vec![Value::Int(9)]),
            Err("KeyError: 9".into())
        );
        let l = vm.new_list(vec![]);
        assert_eq!(
            call(&mut vm, &s, "add", vec![l]),
            Err("TypeError: unhashable type: 'list'".into())
        );
        call(&mut vm, &s, "discard", vec![Value::Int(9)]).unwrap();
        assert_eq!(call(&mut vm, &s, "pop", vec![]), Ok("1".into()));
        call(&mut vm, &s, "add", vec![Value::Int(7)]).unwrap();
        assert_eq!(vm.repr(&s).unwrap(), "{2, 3, 7}");
        let (a, b) = (list(&vm, &[8]), list(&vm, &[9]));
        call(&mut vm, &s, "update", vec![a, b]).unwrap();
        let a = list(&vm, &[3, 7, 8, 9]);
        call(&mut vm, &s, "intersection_update", vec![a]).unwrap();
        let a = list(&vm, &[9]);
        call(&mut vm, &s, "difference_update", vec![a]).unwrap();
        let a = list(&vm, &[1, 3]);
        call(&mut vm, &s, "symmetric_difference_update", vec![a]).unwrap();
        assert_eq!(vm.repr(&s).unwrap(), "{7, 8, 1}");
        call(&mut vm, &s, "clear", vec![]).unwrap();
        assert_eq!(vm.repr(&s).unwrap(), "set()");
        assert_eq!(
            call(&mut vm, &s, "pop", vec![]),
            Err("KeyError: 'pop from an empty set'".into())
        );
    }

    #[test]
    fn operators_need_sets() {
        let mut vm = test_vm();
        let s = make(&mut vm, "set", &[1, 2]);
        let f = make(&mut vm, "frozenset", &[9]);
        let r = vm.binary_op(BinaryOperator::Or, &s, &f).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{1, 2, 9}");
        let r = vm.binary_op(BinaryOperator::Or, &f, &s).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "frozenset({9, 1, 2})");
        let l = list(&vm, &[1]);
        let e = vm.binary_op(BinaryOperator::Or, &s, &l).err().unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: unsupported operand type(s) for |: 'set' and 'list'"
        );
        let t = make(&mut vm, "set", &[2, 3]);
        let r = vm.binary_op(BinaryOperator::And, &s, &t).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{2}");
        let r = vm.binary_op(BinaryOperator::Sub, &s, &t).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{1}");
        let r = vm.binary_op(BinaryOperator::Xor, &s, &t).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{1, 3}");
        let r = vm.inplace_op(BinaryOperator::Or, &s, &t).unwrap();
        assert!(r.is(&s));
        assert_eq!(vm.repr(&s).unwrap(), "{1, 2, 3}");
        assert_eq!(
            call(&mut vm, &s, "__le__", vec![l.clone()]),
            Ok("NotImplemented".into())
        );
        let e = vm
            .compare(crate::bytecode::Comparison::Le, &s, &l)
            .err()
            .unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: '<=' not supported between instances of 'set' and 'list'"
        );
        assert_eq!(
            call(&mut vm, &s, "__lt__", vec![t.clone()]),
            Ok("False".into())
        );
        assert_eq!(call(&mut vm, &s, "__ge__", vec![t]), Ok("True".into()));
    }

    #[test]
    fn frozensets() {
        let mut vm = test_vm();
        let f = make(&mut vm, "frozenset", &[1, 2]);
        let c = Value::Obj(vm.rt.types.frozenset.clone());
        assert!(vm.call(&c, Args::new([f.clone()])).unwrap().is(&f));
        assert!(vm.getattr_str(&f, "add").is_err());
        let h = call(&mut vm, &f, "__hash__", vec![]).unwrap();
        assert_eq!(h, vm.hash(&f).unwrap().to_string());
        let empty = vm.call(&c, Args::default()).unwrap();
        assert_eq!(vm.repr(&empty).unwrap(), "frozenset()");
        // A set is found in a set of frozensets.
        let s = make(&mut vm, "set", &[1, 2]);
        let outer = make(&mut vm, "set", &[]);
        call(&mut vm, &outer, "add", vec![f]).unwrap();
        assert_eq!(
            call(&mut vm, &outer, "__contains__", vec![s]),
            Ok("True".into())
        );
    }

    #[test]
    fn subclass_reprs_and_errors() {
        let mut vm = test_vm();
        let set = Value::Obj(vm.rt.types.set.clone());
        let ns = vm.new_dict(crate::vm::Dict::new());
        let sub = Value::Obj(
            vm.make_class("S", vec![set.clone()], ns.as_obj().unwrap())
                .unwrap(),
        );
        let l = list(&vm, &[1, 2]);
        let s = vm.call(&sub, Args::new([l.clone()])).unwrap();
        assert_eq!(vm.repr(&s).unwrap(), "S({1, 2})");
        let e = vm.call(&sub, Args::default()).unwrap();
        assert_eq!(vm.repr(&e).unwrap(), "S()");
        call(&mut vm, &s, "add", vec![Value::Int(3)]).unwrap();
        assert_eq!(vm.len(&s).unwrap(), 3);
        let e = vm.call(&set, Args::new([l.clone(), l])).err().unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: set expected at most 1 argument, got 2"
        );
    }
}
