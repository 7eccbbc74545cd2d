//! `dict` and its views. The constructor and `update` accept a mapping, an
//! iterable of pairs and keyword arguments; `__getitem__` calls
//! `__missing__` of a subclass (`defaultdict`-style); `|` merges.
//!
//! `keys()`, `values()` and `items()` return live views: instances of the
//! native classes `dict_keys`, `dict_values` and `dict_items`, which hold
//! the dict and read it on every use (`len`, `in`, iteration, repr as
//! `dict_keys(['a', 'b'])`). Key and item views are set-like (`&`, `|`,
//! `-`, `^`, `==`, `isdisjoint`). Each view-making method is given its view
//! class as bound data, so the classes need no global registry.

use super::set::{
    difference, intersection, is_subset, new_set, set_data_from, set_data_of, symmetric_difference,
    union,
};
use super::support::{
    builtin_value, construct, constructor_class, count_args, instance_of, method_with_data,
    not_implemented, receiver,
};
use super::support::{no_args, no_kwargs, one_arg};
use crate::native::{add_class_attr, add_method, check_args, native_fn, set_constructor};
use crate::vm::object::{ClassKind, Instance, IterState, Payload};
use crate::vm::types::new_class;
use crate::vm::{Args, Dict, GilCell, Obj, Object, PyResult, SetData, Value, Vm};

/// Install `dict` and the view classes.
pub fn install(vm: &mut Vm) {
    let dict = vm.rt.types.dict.clone();
    set_constructor(&dict, dict_call);
    add_class_attr(vm, &dict, "__new__", native_fn("__new__", dict_new));
    add_class_attr(vm, &dict, "__hash__", Value::None);
    let fromkeys = Value::from_obj(Object::ClassMethod(native_fn("fromkeys", dict_fromkeys)));
    add_class_attr(vm, &dict, "fromkeys", fromkeys);
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__init__", dict_init),
        ("get", dict_get),
        ("setdefault", dict_setdefault),
        ("pop", dict_pop),
        ("popitem", dict_popitem),
        ("update", dict_update),
        ("clear", dict_clear),
        ("copy", dict_copy),
        ("__len__", dict_len),
        ("__getitem__", dict_getitem),
        ("__setitem__", dict_setitem),
        ("__delitem__", dict_delitem),
        ("__contains__", dict_contains),
        ("__iter__", dict_iter),
        ("__reversed__", dict_reversed),
        ("__eq__", dict_eq),
        ("__ne__", dict_ne),
        ("__repr__", dict_repr),
        ("__or__", dict_or),
        ("__ror__", dict_ror),
        ("__ior__", dict_ior),
    ];
    for (name, f) in methods {
        add_method(vm, &dict, name, *f);
    }
    if let Object::Class(c) = &*dict {
        crate::native::mark_fast(vm, &c.dict, "get", crate::vm::object::FastNative::DictGet);
    }
    for kind in [ViewKind::Keys, ViewKind::Values, ViewKind::Items] {
        let class = make_view_class(vm, kind);
        let method = match kind {
            ViewKind::Keys => "keys",
            ViewKind::Values => "values",
            ViewKind::Items => "items",
        };
        add_class_attr(
            vm,
            &dict,
            method,
            method_with_data(method, dict_view, Value::Obj(class), "dict"),
        );
    }
}

/// The dict object behind a value (a dict or an instance of a dict subclass).
fn as_dict(v: &Value) -> Option<Obj> {
    match v.as_obj() {
        Some(o) if matches!(&**o, Object::Dict(_)) => Some(o.clone()),
        _ => None,
    }
}

fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Obj> {
    receiver(vm, args, "dict", method, as_dict)
}

fn cells(d: &Obj) -> &GilCell<Dict> {
    match &**d {
        Object::Dict(c) => c,
        _ => unreachable!("as_dict only returns dicts"),
    }
}

/// The (key, value) pairs, cloned out.
fn pairs(vm: &Vm, d: &Obj) -> Vec<(Value, Value)> {
    cells(d)
        .borrow(&vm.gil)
        .iter()
        .map(|(k, v)| (k.value.clone(), v.clone()))
        .collect()
}

fn dict_call(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.dict.clone();
    construct(vm, args, &base, dict_new)
}

/// `dict.__new__(cls, ...)`: filled for `dict` itself, empty for a subclass (its `__init__` fills it).
fn dict_new(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.dict.clone();
    let class = constructor_class(vm, &args, &base)?;
    let d = vm.new_dict(Dict::new());
    if Obj::ptr_eq(&class, &base) {
        let obj = as_dict(&d).unwrap_or_else(|| unreachable!("new_dict makes a dict"));
        update_from_args(vm, &obj, args, "dict")?;
    }
    Ok(instance_of(&class, &base, d))
}

/// `dict.__init__(self, other=(), **kw)`: like `update`.
fn dict_init(vm: &mut Vm, args: Args) -> PyResult {
    let d = this(vm, &args, "__init__")?;
    update_from_args(vm, &d, args, "dict")?;
    Ok(Value::None)
}

/// `update(other=(), **kw)` after the receiver/class argument.
fn update_from_args(vm: &mut Vm, d: &Obj, args: Args, fname: &str) -> PyResult<()> {
    count_args(vm, &args, 1, fname, 0, 1)?;
    if let Some(other) = args.pos.get(1) {
        let items = mapping_or_pairs(vm, other)?;
        insert_all(vm, d, items)?;
    }
    let kw: Vec<(Value, Value)> = args
        .kw
        .into_iter()
        .map(|(k, v)| (Value::str(&*k), v))
        .collect();
    insert_all(vm, d, kw)
}

/// The items of a mapping (a dict, or anything with `keys()`), or of an
/// iterable of key/value pairs, with CPython's errors for malformed pairs.
pub fn mapping_or_pairs(vm: &mut Vm, other: &Value) -> PyResult<Vec<(Value, Value)>> {
    if let Some(d) = as_dict(&builtin_value(vm, other)) {
        return Ok(pairs(vm, &d));
    }
    if vm
        .try_getattr(other, &crate::vm::HashKey::str("keys"))?
        .is_some()
    {
        return vm.mapping_items(other);
    }
    let it = vm.iter(other)?;
    let mut out = Vec::new();
    let mut index = 0;
    while let Some(item) = vm.next(&it)? {
        let pair = match vm.collect(&item) {
            Ok(p) => p,
            Err(e) if vm.exc_is(&e, "TypeError") => {
                return Err(vm.type_error(format!(
                    "cannot convert dictionary update sequence element #{index} to a sequence"
                )));
            }
            Err(e) => return Err(e),
        };
        let [k, v]: [Value; 2] = pair.try_into().map_err(|p: Vec<Value>| {
            vm.value_error(format!(
                "dictionary update sequence element #{index} has length {}; 2 is required",
                p.len()
            ))
        })?;
        out.push((k, v));
        index += 1;
    }
    Ok(out)
}

/// Hash every key first (which may run conc code), then insert under one borrow.
fn insert_all(vm: &mut Vm, d: &Obj, items: Vec<(Value, Value)>) -> PyResult<()> {
    let mut keyed = Vec::with_capacity(items.len());
    for (k, v) in items {
        keyed.push((vm.hash_key(k)?, v));
    }
    let mut dict = cells(d).borrow_mut(&vm.gil);
    for (k, v) in keyed {
        dict.insert(k, v);
    }
    Ok(())
}

fn dict_update(vm: &mut Vm, args: Args) -> PyResult {
    let d = this(vm, &args, "update")?;
    update_from_args(vm, &d, args, "update")?;
    Ok(Value::None)
}

/// `dict.fromkeys(iterable, value=None)`; a subclass is built by calling it and setting items.
fn dict_fromkeys(vm: &mut Vm, args: Args) -> PyResult {
    count_args(vm, &args, 1, "fromkeys", 1, 2)?;
    let class = args.pos[0].clone();
    let keys = vm.collect(&args.pos[1])?;
    let value = args.pos.get(2).cloned().unwrap_or(Value::None);
    let base = vm.rt.types.dict.clone();
    if super::support::is_exact(&class, &base) {
        let d = vm.new_dict(Dict::new());
        let obj = as_dict(&d).unwrap_or_else(|| unreachable!("new_dict makes a dict"));
        insert_all(
            vm,
            &obj,
            keys.into_iter().map(|k| (k, value.clone())).collect(),
        )?;
        return Ok(d);
    }
    let d = vm.call(&class, Args::default())?;
    for k in keys {
        vm.setitem(&d, &k, value.clone())?;
    }
    Ok(d)
}

fn dict_get(vm: &mut Vm, args: Args) -> PyResult {
    no_kwargs(vm, &args, "dict.get")?;
    count_args(vm, &args, 1, "get", 1, 2)?;
    let d = this(vm, &args, "get")?;
    let key = vm.hash_key(args.pos[1].clone())?;
    let found = cells(&d).borrow(&vm.gil).get(&key).cloned();
    Ok(found.unwrap_or_else(|| args.pos.get(2).cloned().unwrap_or(Value::None)))
}

fn dict_setdefault(vm: &mut Vm, args: Args) -> PyResult {
    count_args(vm, &args, 1, "setdefault", 1, 2)?;
    let d = this(vm, &args, "setdefault")?;
    let key = vm.hash_key(args.pos[1].clone())?;
    let mut dict = cells(&d).borrow_mut(&vm.gil);
    if let Some(v) = dict.get(&key) {
        return Ok(v.clone());
    }
    let default = args.pos.get(2).cloned().unwrap_or(Value::None);
    dict.insert(key, default.clone());
    Ok(default)
}

fn dict_pop(vm: &mut Vm, args: Args) -> PyResult {
    count_args(vm, &args, 1, "pop", 1, 2)?;
    let d = this(vm, &args, "pop")?;
    let key = vm.hash_key(args.pos[1].clone())?;
    let removed = cells(&d).borrow_mut(&vm.gil).remove(&key);
    match (removed, args.pos.get(2)) {
        (Some(v), _) => Ok(v),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(vm.key_error(args.pos[1].clone())),
    }
}

/// Remove and return the last inserted (key, value) pair.
fn dict_popitem(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "dict.popitem")?;
    let d = this(vm, &args, "popitem")?;
    let last = cells(&d).borrow_mut(&vm.gil).pop_last();
    match last {
        Some((k, v)) => Ok(vm.new_tuple(vec![k.value, v])),
        None => Err(vm.key_error(Value::str("popitem(): dictionary is empty"))),
    }
}

fn dict_clear(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "dict.clear")?;
    let d = this(vm, &args, "clear")?;
    let old = std::mem::take(&mut *cells(&d).borrow_mut(&vm.gil));
    drop(old);
    Ok(Value::None)
}

/// A shallow copy, always a plain dict.
fn dict_copy(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "dict.copy")?;
    let d = this(vm, &args, "copy")?;
    let copy = cells(&d).borrow(&vm.gil).clone();
    Ok(vm.new_dict(copy))
}

fn dict_len(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "dict.__len__")?;
    let d = this(vm, &args, "__len__")?;
    let len = cells(&d).borrow(&vm.gil).len();
    Ok(Value::Int(len as i64))
}

/// `d[key]`; a missing key calls `__missing__` when a subclass defines it.
fn dict_getitem(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "dict.__getitem__")?;
    let d = this(vm, &args, "__getitem__")?;
    let key = vm.hash_key(args.pos[1].clone())?;
    let found = cells(&d).borrow(&vm.gil).get(&key).cloned();
    if let Some(v) = found {
        return Ok(v);
    }
    let this_value = args.pos[0].clone();
    if matches!(this_value.as_obj().map(|o| &**o), Some(Object::Instance(_))) {
        if let Some(missing) = vm.lookup_special(&this_value, "__missing__") {
            return vm.call(&missing, Args::new([this_value, args.pos[1].clone()]));
        }
    }
    Err(vm.key_error(args.pos[1].clone()))
}

fn dict_setitem(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "dict.__setitem__", &args, 3, 3)?;
    let d = this(vm, &args, "__setitem__")?;
    let key = vm.hash_key(args.pos[1].clone())?;
    cells(&d)
        .borrow_mut(&vm.gil)
        .insert(key, args.pos[2].clone());
    Ok(Value::None)
}

fn dict_delitem(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "dict.__delitem__")?;
    let d = this(vm, &args, "__delitem__")?;
    let key = vm.hash_key(args.pos[1].clone())?;
    let removed = cells(&d).borrow_mut(&vm.gil).remove(&key);
    match removed {
        Some(_) => Ok(Value::None),
        None => Err(vm.key_error(args.pos[1].clone())),
    }
}

fn dict_contains(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "dict.__contains__")?;
    let d = this(vm, &args, "__contains__")?;
    let key = vm.hash_key(args.pos[1].clone())?;
    let found = cells(&d).borrow(&vm.gil).contains(&key);
    Ok(Value::Bool(found))
}

fn snapshot_iter(items: Vec<Value>) -> Value {
    Value::from_obj(Object::Iter(GilCell::new(IterState::Snapshot {
        items,
        index: 0,
    })))
}

fn dict_iter(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "dict.__iter__")?;
    let d = this(vm, &args, "__iter__")?;
    vm.iter(&Value::Obj(d))
}

fn dict_reversed(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "dict.__reversed__")?;
    let d = this(vm, &args, "__reversed__")?;
    let keys = view_items(vm, &d, ViewKind::Keys);
    Ok(snapshot_iter(keys.into_iter().rev().collect()))
}

/// `==` / `!=` with another dict; NotImplemented otherwise.
fn equality(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Option<bool>> {
    one_arg(vm, args, &format!("dict.{method}"))?;
    let d = this(vm, args, method)?;
    let Some(other) = as_dict(&builtin_value(vm, &args.pos[1])) else {
        return Ok(None);
    };
    Ok(Some(vm.eq(&Value::Obj(d), &Value::Obj(other))?))
}

fn dict_eq(vm: &mut Vm, args: Args) -> PyResult {
    match equality(vm, &args, "__eq__")? {
        Some(e) => Ok(Value::Bool(e)),
        None => Ok(not_implemented(vm)),
    }
}

fn dict_ne(vm: &mut Vm, args: Args) -> PyResult {
    match equality(vm, &args, "__ne__")? {
        Some(e) => Ok(Value::Bool(!e)),
        None => Ok(not_implemented(vm)),
    }
}

fn dict_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "dict.__repr__")?;
    let d = this(vm, &args, "__repr__")?;
    Ok(Value::str(vm.repr(&Value::Obj(d))?))
}

/// `a | b` for two dicts: a new dict with `b`'s items over `a`'s.
fn merged(vm: &mut Vm, a: &Obj, b: &Obj) -> PyResult {
    let copy = cells(a).borrow(&vm.gil).clone();
    let result = vm.new_dict(copy);
    let obj = as_dict(&result).unwrap_or_else(|| unreachable!("new_dict makes a dict"));
    let items = pairs(vm, b);
    insert_all(vm, &obj, items)?;
    Ok(result)
}

fn dict_or(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "dict.__or__")?;
    let d = this(vm, &args, "__or__")?;
    let Some(other) = as_dict(&builtin_value(vm, &args.pos[1])) else {
        return Ok(not_implemented(vm));
    };
    merged(vm, &d, &other)
}

fn dict_ror(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "dict.__ror__")?;
    let d = this(vm, &args, "__ror__")?;
    let Some(other) = as_dict(&builtin_value(vm, &args.pos[1])) else {
        return Ok(not_implemented(vm));
    };
    merged(vm, &other, &d)
}

/// `d |= other`: update in place from a mapping or pairs; the result is `d`.
fn dict_ior(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "dict.__ior__")?;
    let d = this(vm, &args, "__ior__")?;
    let items = mapping_or_pairs(vm, &args.pos[1])?;
    insert_all(vm, &d, items)?;
    Ok(args.pos[0].clone())
}

// ---- views ----

/// What a view shows.
#[derive(Clone, Copy, PartialEq, Debug)]
enum ViewKind {
    Keys,
    Values,
    Items,
}

impl ViewKind {
    fn class_name(self) -> &'static str {
        match self {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }
}

/// The native state of a view: the dict it reads.
struct DictView {
    dict: Obj,
    kind: ViewKind,
}

fn make_view_class(vm: &mut Vm, kind: ViewKind) -> Obj {
    let object = vm.rt.types.object.clone();
    // Builtin kind without a constructor: `dict_keys()` is "cannot create 'dict_keys' instances".
    let class = new_class(
        kind.class_name(),
        "builtins",
        vec![object],
        ClassKind::Builtin,
    );
    let common: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__len__", view_len),
        ("__iter__", view_iter),
        ("__reversed__", view_reversed),
        ("__contains__", view_contains),
        ("__repr__", view_repr),
    ];
    for (name, f) in common {
        add_method(vm, &class, name, *f);
    }
    if kind != ViewKind::Values {
        let set_like: &[(&'static str, crate::vm::NativeFn)] = &[
            ("__and__", view_and),
            ("__rand__", view_and),
            ("__or__", view_or),
            ("__ror__", view_or),
            ("__sub__", view_sub),
            ("__rsub__", view_rsub),
            ("__xor__", view_xor),
            ("__rxor__", view_xor),
            ("__eq__", view_eq),
            ("__ne__", view_ne),
            ("__le__", view_le),
            ("__lt__", view_lt),
            ("__ge__", view_ge),
            ("__gt__", view_gt),
            ("isdisjoint", view_isdisjoint),
        ];
        for (name, f) in set_like {
            add_method(vm, &class, name, *f);
        }
        add_class_attr(vm, &class, "__hash__", Value::None);
    }
    class
}

/// `d.keys()` / `d.values()` / `d.items()`: `args` is (view class, dict).
fn dict_view(vm: &mut Vm, mut args: Args) -> PyResult {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) if matches!(&**c, Object::Class(_)) => c.clone(),
        _ => return Err(vm.type_error("dict view: missing class")),
    };
    args.pos.remove(0);
    let kind = match &*class {
        Object::Class(c) if &*c.name == "dict_keys" => ViewKind::Keys,
        Object::Class(c) if &*c.name == "dict_values" => ViewKind::Values,
        _ => ViewKind::Items,
    };
    let method = kind.class_name().trim_start_matches("dict_");
    no_args(vm, &args, &format!("dict.{method}"))?;
    let dict = this(vm, &args, method)?;
    Ok(Value::from_obj(Object::Instance(Instance::new(
        class,
        Payload::Native(Box::new(DictView { dict, kind })),
    ))))
}

/// The dict and kind of a view value.
fn view_of(v: &Value) -> Option<(Obj, ViewKind)> {
    match v.as_obj().map(|o| &**o) {
        Some(Object::Instance(Instance {
            payload: Payload::Native(state),
            ..
        })) => state
            .downcast_ref::<DictView>()
            .map(|view| (view.dict.clone(), view.kind)),
        _ => None,
    }
}

fn this_view(vm: &mut Vm, args: &Args, method: &str) -> PyResult<(Obj, ViewKind)> {
    match args.pos.first().and_then(view_of) {
        Some(v) => Ok(v),
        None => Err(vm.type_error(format!("descriptor '{method}' requires a dict view"))),
    }
}

/// What a view shows right now: keys, values or (key, value) tuples.
fn view_items(vm: &Vm, d: &Obj, kind: ViewKind) -> Vec<Value> {
    let dict = cells(d).borrow(&vm.gil);
    match kind {
        ViewKind::Keys => dict.keys().map(|k| k.value.clone()).collect(),
        ViewKind::Values => dict.values().cloned().collect(),
        ViewKind::Items => dict
            .iter()
            .map(|(k, v)| vm.new_tuple(vec![k.value.clone(), v.clone()]))
            .collect(),
    }
}

fn view_len(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "view.__len__")?;
    let (d, _) = this_view(vm, &args, "__len__")?;
    let len = cells(&d).borrow(&vm.gil).len();
    Ok(Value::Int(len as i64))
}

fn view_iter(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "view.__iter__")?;
    let (d, kind) = this_view(vm, &args, "__iter__")?;
    Ok(snapshot_iter(view_items(vm, &d, kind)))
}

fn view_reversed(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "view.__reversed__")?;
    let (d, kind) = this_view(vm, &args, "__reversed__")?;
    Ok(snapshot_iter(
        view_items(vm, &d, kind).into_iter().rev().collect(),
    ))
}

fn view_contains(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "view.__contains__")?;
    let (d, kind) = this_view(vm, &args, "__contains__")?;
    let x = args.pos[1].clone();
    match kind {
        ViewKind::Keys => {
            let key = vm.hash_key(x)?;
            let found = cells(&d).borrow(&vm.gil).contains(&key);
            Ok(Value::Bool(found))
        }
        ViewKind::Items => {
            // `(k, v) in d.items()`: look `k` up, then compare the value.
            let pair = match x.as_obj().map(|o| &**o) {
                Some(Object::Tuple(t)) if t.len() == 2 => (t[0].clone(), t[1].clone()),
                _ => return Ok(Value::Bool(false)),
            };
            let key = vm.hash_key(pair.0)?;
            let found = cells(&d).borrow(&vm.gil).get(&key).cloned();
            match found {
                Some(v) => Ok(Value::Bool(v.is(&pair.1) || vm.eq(&v, &pair.1)?)),
                None => Ok(Value::Bool(false)),
            }
        }
        ViewKind::Values => {
            let values = view_items(vm, &d, kind);
            for v in &values {
                if v.is(&x) || vm.eq(v, &x)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
    }
}

/// `dict_keys(['a', 'b'])`.
fn view_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "view.__repr__")?;
    let (d, kind) = this_view(vm, &args, "__repr__")?;
    let items = view_items(vm, &d, kind);
    let list = vm.new_list(items);
    let inner = vm.repr(&list)?;
    Ok(Value::str(format!("{}({inner})", kind.class_name())))
}

/// The items of a key or item view as set data.
fn view_set(vm: &mut Vm, d: &Obj, kind: ViewKind) -> PyResult<SetData> {
    let items = view_items(vm, d, kind);
    let list = vm.new_list(items);
    set_data_from(vm, &list)
}

/// `self` as set data and the other operand (any iterable) as set data.
fn view_operands(vm: &mut Vm, args: &Args, method: &str) -> PyResult<(SetData, SetData)> {
    one_arg(vm, args, &format!("view.{method}"))?;
    let (d, kind) = this_view(vm, args, method)?;
    let mine = view_set(vm, &d, kind)?;
    let other = match view_of(&args.pos[1]) {
        Some((od, okind)) => view_set(vm, &od, okind)?,
        None => set_data_from(vm, &args.pos[1])?,
    };
    Ok((mine, other))
}

fn view_op(
    vm: &mut Vm,
    args: Args,
    method: &str,
    op: fn(&SetData, &SetData) -> SetData,
) -> PyResult {
    let (a, b) = view_operands(vm, &args, method)?;
    Ok(new_set(op(&a, &b)))
}

fn view_and(vm: &mut Vm, args: Args) -> PyResult {
    view_op(vm, args, "__and__", intersection)
}

fn view_or(vm: &mut Vm, args: Args) -> PyResult {
    view_op(vm, args, "__or__", union)
}

fn view_sub(vm: &mut Vm, args: Args) -> PyResult {
    view_op(vm, args, "__sub__", difference)
}

fn view_rsub(vm: &mut Vm, args: Args) -> PyResult {
    view_op(vm, args, "__rsub__", |a, b| difference(b, a))
}

fn view_xor(vm: &mut Vm, args: Args) -> PyResult {
    view_op(vm, args, "__xor__", symmetric_difference)
}

fn view_isdisjoint(vm: &mut Vm, args: Args) -> PyResult {
    let (a, b) = view_operands(vm, &args, "isdisjoint")?;
    let disjoint = a.iter().all(|k| !b.contains(k));
    Ok(Value::Bool(disjoint))
}

/// Comparisons of a set-like view with a set or another view; NotImplemented otherwise.
fn view_compare(
    vm: &mut Vm,
    args: Args,
    method: &str,
    test: fn(&SetData, &SetData) -> bool,
) -> PyResult {
    one_arg(vm, &args, &format!("view.{method}"))?;
    let (d, kind) = this_view(vm, &args, method)?;
    let other = match view_of(&args.pos[1]) {
        Some((od, okind)) if okind != ViewKind::Values => view_set(vm, &od, okind)?,
        Some(_) => return Ok(not_implemented(vm)),
        None => match set_data_of(vm, &args.pos[1]) {
            Some(s) => s,
            None => return Ok(not_implemented(vm)),
        },
    };
    let mine = view_set(vm, &d, kind)?;
    Ok(Value::Bool(test(&mine, &other)))
}

fn view_eq(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, "__eq__", |a, b| {
        a.len() == b.len() && is_subset(a, b)
    })
}

fn view_ne(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, "__ne__", |a, b| {
        !(a.len() == b.len() && is_subset(a, b))
    })
}

fn view_le(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, "__le__", is_subset)
}

fn view_lt(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, "__lt__", |a, b| {
        a.len() < b.len() && is_subset(a, b)
    })
}

fn view_ge(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, "__ge__", |a, b| is_subset(b, a))
}

fn view_gt(vm: &mut Vm, args: Args) -> PyResult {
    view_compare(vm, args, "__gt__", |a, b| {
        a.len() > b.len() && is_subset(b, a)
    })
}

#[cfg(test)]
mod tests {
    use crate::bytecode::BinaryOperator;
    use crate::native::test_vm;
    use crate::vm::{Args, Dict, Value, Vm};

    fn call(vm: &mut Vm, recv: &Value, name: &str, args: Vec<Value>) -> Result<String, String> {
        let f = vm
            .getattr_str(recv, name)
            .map_err(|e| vm.exception_summary(&e.value()))?;
        match vm.call(&f, Args::new(args)) {
            Ok(v) => Ok(vm.repr(&v).unwrap()),
            Err(e) => Err(vm.exception_summary(&e.value())),
        }
    }

    fn ab(vm: &Vm) -> Value {
        let mut d = Dict::new();
        d.insert_str("a", Value::Int(1));
        d.insert_str("b", Value::Int(2));
        vm.new_dict(d)
    }

    fn pair(vm: &Vm, k: &str, v: i64) -> Value {
        vm.new_tuple(vec![Value::str(k), Value::Int(v)])
    }

    #[test]
    fn views_are_live() {
        let mut vm = test_vm();
        let d = ab(&vm);
        let k = vm.getattr_str(&d, "keys").unwrap();
        let k = vm.call(&k, Args::default()).unwrap();
        let v = call(&mut vm, &d, "values", vec![]).unwrap();
        let i = call(&mut vm, &d, "items", vec![]).unwrap();
        assert_eq!(vm.repr(&k).unwrap(), "dict_keys(['a', 'b'])");
        assert_eq!(v, "dict_values([1, 2])");
        assert_eq!(i, "dict_items([('a', 1), ('b', 2)])");
        vm.setitem(&d, &Value::str("c"), Value::Int(3)).unwrap();
        assert_eq!(vm.repr(&k).unwrap(), "dict_keys(['a', 'b', 'c'])");
        assert_eq!(vm.len(&k).unwrap(), 3);
        assert!(vm.contains(&k, &Value::str("c")).unwrap());
        let rev = call(&mut vm, &k, "__reversed__", vec![]).unwrap();
        assert!(rev.contains("iterator"));
        let items = vm.getattr_str(&d, "items").unwrap();
        let items = vm.call(&items, Args::default()).unwrap();
        let a1 = pair(&vm, "a", 1);
        let a2 = pair(&vm, "a", 2);
        assert!(vm.contains(&items, &a1).unwrap());
        assert!(!vm.contains(&items, &a2).unwrap());
        let collected = vm.collect(&items).unwrap();
        assert_eq!(
            vm.repr(&vm.new_list(collected)).unwrap(),
            "[('a', 1), ('b', 2), ('c', 3)]"
        );
        assert_eq!(vm.type_name(&k), "dict_keys");
        let class = Value::Obj(vm.class_of(&k).clone());
        let e = vm.call(&class, Args::default()).err().unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: cannot create 'dict_keys' instances"
        );
    }

    #[test]
    fn key_views_are_set_like() {
        let mut vm = test_vm();
        let d = ab(&vm);
        let k = call(&mut vm, &d, "keys", vec![]).unwrap();
        assert_eq!(k, "dict_keys(['a', 'b'])");
        let keys = vm.getattr_str(&d, "keys").unwrap();
        let keys = vm.call(&keys, Args::default()).unwrap();
        let set = Value::Obj(vm.rt.types.set.clone());
        let l = vm.new_list(vec![Value::str("a"), Value::str("z")]);
        let s = vm.call(&set, Args::new([l])).unwrap();
        let r = vm.binary_op(BinaryOperator::And, &keys, &s).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{'a'}");
        let r = vm.binary_op(BinaryOperator::And, &s, &keys).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{'a'}");
        let r = vm.binary_op(BinaryOperator::Sub, &keys, &s).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{'b'}");
        let r = vm.binary_op(BinaryOperator::Sub, &s, &keys).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{'z'}");
        let l = vm.new_list(vec![Value::str("a"), Value::str("b")]);
        let s2 = vm.call(&set, Args::new([l.clone()])).unwrap();
        assert!(vm.eq(&keys, &s2).unwrap());
        assert!(vm.eq(&s2, &keys).unwrap());
        assert!(!vm.eq(&keys, &l).unwrap());
        let x = vm.new_list(vec![Value::str("x")]);
        assert_eq!(
            call(&mut vm, &keys, "isdisjoint", vec![x]),
            Ok("True".into())
        );
    }

    #[test]
    fn methods() {
        let mut vm = test_vm();
        let d = ab(&vm);
        assert_eq!(
            call(&mut vm, &d, "get", vec![Value::str("z")]),
            Ok("None".into())
        );
        assert_eq!(
            call(&mut vm, &d, "get", vec![Value::str("a")]),
            Ok("1".into())
        );
        assert_eq!(
            call(&mut vm, &d, "get", vec![Value::str("z"), Value::Int(0)]),
            Ok("0".into())
        );
        assert_eq!(
            call(&mut vm, &d, "get", vec![]),
            Err("TypeError: get expected at least 1 argument, got 0".into())
        );
        assert_eq!(
            call(
                &mut vm,
                &d,
                "setdefault",
                vec![Value::str("a"), Value::Int(5)]
            ),
            Ok("1".into())
        );
        assert_eq!(
            call(&mut vm, &d, "setdefault", vec![Value::str("q")]),
            Ok("None".into())
        );
        assert_eq!(
            call(&mut vm, &d, "pop", vec![Value::str("q")]),
            Ok("None".into())
        );
        assert_eq!(
            call(
                &mut vm,
                &d,
                "pop",
                vec![Value::str("zz"), Value::str("dflt")]
            ),
            Ok("'dflt'".into())
        );
        assert_eq!(
            call(&mut vm, &d, "pop", vec![Value::str("zz")]),
            Err("KeyError: 'zz'".into())
        );
        assert_eq!(call(&mut vm, &d, "popitem", vec![]), Ok("('b', 2)".into()));
        let other = ab(&vm);
        let mut a = Args::new([other]);
        a.kw.push((std::sync::Arc::from("y"), Value::Int(9)));
        let f = vm.getattr_str(&d, "update").unwrap();
        vm.call(&f, a).unwrap();
        let pairs = vm.new_list(vec![pair(&vm, "z", 3)]);
        call(&mut vm, &d, "update", vec![pairs]).unwrap();
        assert_eq!(vm.repr(&d).unwrap(), "{'a': 1, 'b': 2, 'y': 9, 'z': 3}");
        assert_eq!(
            call(&mut vm, &d, "update", vec![Value::Int(1)]),
            Err("TypeError: 'int' object is not iterable".into())
        );
        let bad = vm.new_list(vec![Value::Int(1)]);
        assert_eq!(
            call(&mut vm, &d, "update", vec![bad]),
            Err(
                "TypeError: cannot convert dictionary update sequence element #0 to a sequence"
                    .into()
            )
        );
        let triple = vm.new_tuple(vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
        let bad = vm.new_list(vec![triple]);
        assert_eq!(
            call(&mut vm, &d, "update", vec![bad]),
            Err(
                "ValueError: dictionary update sequence element #0 has length 3; 2 is required"
                    .into()
            )
        );
        let c = call(&mut vm, &d, "copy", vec![]).unwrap();
        assert_eq!(c, "{'a': 1, 'b': 2, 'y': 9, 'z': 3}");
        call(&mut vm, &d, "clear", vec![]).unwrap();
        assert_eq!(vm.repr(&d).unwrap(), "{}");
        assert_eq!(
            call(&mut vm, &d, "popitem", vec![]),
            Err("KeyError: 'popitem(): dictionary is empty'".into())
        );
        let dict = Value::Obj(vm.rt.types.dict.clone());
        let keys = vm.new_list(vec![Value::Int(1), Value::Int(2)]);
        assert_eq!(
            call(&mut vm, &dict, "fromkeys", vec![keys, Value::Int(0)]),
            Ok("{1: 0, 2: 0}".into())
        );
    }

    #[test]
    fn operators() {
        let mut vm = test_vm();
        let d = ab(&vm);
        let mut e = Dict::new();
        e.insert_str("a", Value::Int(7));
        let e = vm.new_dict(e);
        let r = vm.binary_op(BinaryOperator::Or, &d, &e).unwrap();
        assert_eq!(vm.repr(&r).unwrap(), "{'a': 7, 'b': 2}");
        let l = vm.new_list(vec![]);
        let err = vm.binary_op(BinaryOperator::Or, &d, &l).err().unwrap();
        assert_eq!(
            vm.exception_summary(&err.value()),
            "TypeError: unsupported operand type(s) for |: 'dict' and 'list'"
        );
        let pairs = vm.new_list(vec![pair(&vm, "c", 3)]);
        let r = vm.inplace_op(BinaryOperator::Or, &d, &pairs).unwrap();
        assert!(r.is(&d));
        assert_eq!(vm.repr(&d).unwrap(), "{'a': 1, 'b': 2, 'c': 3}");
        assert_eq!(
            call(&mut vm, &d, "__eq__", vec![l]),
            Ok("NotImplemented".into())
        );
    }

    #[test]
    fn constructor_and_missing() {
        let mut vm = test_vm();
        let dict = Value::Obj(vm.rt.types.dict.clone());
        let pairs = vm.new_list(vec![pair(&vm, "a", 1)]);
        let mut a = Args::new([pairs]);
        a.kw.push((std::sync::Arc::from("b"), Value::Int(2)));
        let d = vm.call(&dict, a).unwrap();
        assert_eq!(vm.repr(&d).unwrap(), "{'a': 1, 'b': 2}");
        let e = vm
            .call(&dict, Args::new([Value::Int(1), Value::Int(2)]))
            .err()
            .unwrap();
        assert_eq!(
            vm.exception_summary(&e.value()),
            "TypeError: dict expected at most 1 argument, got 2"
        );

        // class D(dict): __missing__ = lambda self, key: key * 2
        fn missing(vm: &mut Vm, args: Args) -> crate::vm::PyResult {
            vm.binary_op(BinaryOperator::Mul, &args.pos[1], &Value::Int(2))
        }
        let mut ns = Dict::new();
        ns.insert_str(
            "__missing__",
            crate::vm::Value::from_obj(crate::vm::Object::Native(
                crate::vm::object::NativeFunction {
                    name: "__missing__",
                    func: missing,
                    is_method: true,
                    bound: None,
                    owner: "D",
                    fast: None,
                },
            )),
        );
        let ns = vm.new_dict(ns);
        let class = Value::Obj(
            vm.make_class("D", vec![dict], ns.as_obj().unwrap())
                .unwrap(),
        );
        let mut a = Args::default();
        a.kw.push((std::sync::Arc::from("a"), Value::Int(1)));
        let dd = vm.call(&class, a).unwrap();
        assert_eq!(vm.repr(&dd).unwrap(), "{'a': 1}");
        let zz = vm.getitem(&dd, &Value::str("zz")).unwrap();
        assert_eq!(vm.repr(&zz).unwrap(), "'zzzz'");
        assert!(matches!(
            vm.getitem(&dd, &Value::str("a")).unwrap(),
            Value::Int(1)
        ));
        assert_eq!(
            call(&mut vm, &dd, "get", vec![Value::str("zz")]),
            Ok("None".into())
        );
        vm.setitem(&dd, &Value::str("k"), Value::Int(5)).unwrap();
        assert_eq!(vm.len(&dd).unwrap(), 2);
        let keys = vm.collect(&dd).unwrap();
        assert_eq!(keys.len(), 2);
        // A plain dict has no __missing__.
        let plain = ab(&vm);
        let e = vm.getitem(&plain, &Value::str("x")).err().unwrap();
        assert_eq!(vm.exception_summary(&e.value()), "KeyError: 'x'");
    }
}
