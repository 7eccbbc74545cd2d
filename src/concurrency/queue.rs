//! `queue(maxsize=0)`: a FIFO whose blocking `get`/`put` release the GIL
//! (conc's builtin), and `_queue.SimpleQueue` (CPython's C class, which
//! `queue.SimpleQueue` is): the same storage, unbounded. `get_nowait`/
//! `put_nowait` and the timeouts raise `_queue.Empty` / `_queue.Full`.
//! The `_queue` module also carries the native methods of `queue.Queue`
//! (`queue_class.rs`).

use std::collections::VecDeque;

use super::{key_of, Waiters};
use crate::native::modules::{bind_params, construct, native_class};
use crate::native::{add_method, check_args};
use crate::vm::object::{ClassKind, Instance, Payload};
use crate::vm::types::new_class;
use crate::vm::{Args, GilCell, Obj, Object, PyResult, Value, Vm, WaitKind, WaitTarget, Wake};

/// A queue's items and bound (0: unbounded), and the threads blocked to get
/// or to put (so a put or get nobody waits for never asks the scheduler).
pub struct QueueState {
    items: GilCell<VecDeque<Value>>,
    maxsize: usize,
    getters: Waiters,
    putters: Waiters,
}

impl QueueState {
    fn new(maxsize: usize) -> QueueState {
        QueueState {
            items: GilCell::new(VecDeque::new()),
            maxsize,
            getters: Waiters::new(),
            putters: Waiters::new(),
        }
    }
}

/// Install `queue` into builtins and the `_queue` module (with `Empty`,
/// `Full`, `SimpleQueue` and `queue.Queue`'s native methods).
pub fn install(vm: &mut Vm) {
    let class = new_class(
        "queue",
        "_queue",
        vec![vm.rt.types.object.clone()],
        ClassKind::Object,
    );
    add_methods(vm, &class);
    let constructor = crate::native::native_closure("queue", new_queue, Value::Obj(class));
    vm.set_builtin("queue", constructor);

    let object = vm.rt.types.object.clone();
    let simple = native_class("SimpleQueue", "_queue", &object);
    crate::native::set_constructor(&simple, new_simple_queue);
    add_methods(vm, &simple);

    let exc = vm.rt.types.exc("Exception").clone();
    let empty_class = new_class("Empty", "_queue", vec![exc.clone()], ClassKind::Exception);
    let full_class = new_class("Full", "_queue", vec![exc], ClassKind::Exception);
    let module = vm.new_module("_queue");
    vm.register_module("_queue", &module);
    let dict = vm.module_dict(&module).expect("module dict");
    vm.dict_set_str(&dict, "Empty", Value::Obj(empty_class));
    vm.dict_set_str(&dict, "Full", Value::Obj(full_class));
    vm.dict_set_str(&dict, "SimpleQueue", Value::Obj(simple));
    super::queue_class::install(vm, &dict);
}

fn add_methods(vm: &mut Vm, class: &Obj) {
    add_method(vm, class, "put", put);
    add_method(vm, class, "put_nowait", put_nowait);
    add_method(vm, class, "get", get);
    add_method(vm, class, "get_nowait", get_nowait);
    add_method(vm, class, "qsize", qsize);
    add_method(vm, class, "empty", empty);
    add_method(vm, class, "full", full);
}

fn new_queue(vm: &mut Vm, mut args: Args) -> PyResult {
    let Some(Value::Obj(class)) = args.pos.first().cloned() else {
        return Ok(Value::None);
    };
    let maxsize = args.take_kw("maxsize").or_else(|| args.pos.get(1).cloned());
    let maxsize = match maxsize {
        Some(v) => crate::native::expect_int(vm, &v, "maxsize")?.max(0) as usize,
        None => 0,
    };
    Ok(Value::from_obj(Object::Instance(Instance::new(
        class,
        Payload::Native(Box::new(QueueState::new(maxsize))),
    ))))
}

/// `SimpleQueue()`: no arguments (unless a subclass's `__init__` takes some).
fn new_simple_queue(vm: &mut Vm, args: Args) -> PyResult {
    let exact = matches!(args.pos.first(), Some(Value::Obj(c))
        if matches!(&**c, Object::Class(k) if k.kind == ClassKind::Builtin));
    if exact && (args.pos.len() > 1 || !args.kw.is_empty()) {
        return Err(vm.type_error("SimpleQueue() takes no positional arguments"));
    }
    construct(vm, args, QueueState::new(0))
}

fn state(o: &Obj) -> Option<&QueueState> {
    match &**o {
        Object::Instance(Instance {
            payload: Payload::Native(p),
            ..
        }) => p.downcast_ref::<QueueState>(),
        _ => None,
    }
}

fn this(vm: &mut Vm, args: &Args) -> PyResult<Obj> {
    match args.pos.first() {
        Some(Value::Obj(o)) if state(o).is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("descriptor requires a 'queue' object")),
    }
}

/// A new `_queue.Empty` or `_queue.Full` (by name).
pub(crate) fn queue_error(vm: &mut Vm, name: &str) -> crate::vm::Exc {
    let class = vm
        .loaded_module("_queue")
        .and_then(|m| m.as_obj().and_then(|m| vm.module_dict(m)))
        .and_then(|d| vm.dict_get_str(&d, name));
    match class {
        Some(Value::Obj(c)) => vm.new_exception(&c, vec![]),
        _ => vm.new_error("RuntimeError", format!("queue {name}")),
    }
}

/// Wake-ups of getters and putters use two targets: the queue itself, and
/// the queue's address + 1 for "room became available".
fn room_key(q: &Obj) -> usize {
    key_of(q) + 1
}

/// The block/timeout arguments of get and put.
fn wait_args(vm: &mut Vm, args: &mut Args, method: &str) -> PyResult<(bool, Option<f64>)> {
    let skip = if method == "put" { 2 } else { 1 };
    let [block, timeout] = bind_params(vm, method, args, skip, ["block", "timeout"], 0)?;
    let block = match block {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = super::timeout_arg(vm, timeout.as_ref())?;
    if matches!(timeout, Some(t) if t < 0.0) {
        return Err(vm.value_error("'timeout' must be a non-negative number"));
    }
    Ok((block, timeout))
}

/// Wait on `target` (among `waiters`) while `blocked` holds; false on timeout.
fn wait_while(
    vm: &mut Vm,
    target: WaitTarget,
    waiters: &Waiters,
    deadline: Option<f64>,
    blocked: impl Fn(&Vm) -> bool,
) -> PyResult<bool> {
    while blocked(vm) {
        let left = deadline.map(|d| d - vm.clock_monotonic());
        if matches!(left, Some(l) if l <= 0.0) {
            return Ok(false);
        }
        if waiters.block(vm, target.clone(), left)? == Wake::TimedOut && blocked(vm) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn put(vm: &mut Vm, mut args: Args) -> PyResult {
    let q = this(vm, &args)?;
    let item = match args.take_kw("item").or_else(|| args.pos.get(1).cloned()) {
        Some(v) => v,
        None => return Err(vm.type_error("put() missing 1 required positional argument: 'item'")),
    };
    let (block, timeout) = wait_args(vm, &mut args, "put")?;
    let st = state(&q).expect("queue state");
    let full = |vm: &Vm| st.maxsize > 0 && st.items.borrow(&vm.gil).len() >= st.maxsize;
    if full(vm) {
        if !block {
            return Err(queue_error(vm, "Full"));
        }
        let deadline = timeout.map(|t| vm.clock_monotonic() + t);
        let target = WaitTarget {
            key: room_key(&q),
            kind: WaitKind::Queue,
        };
        if !wait_while(vm, target, &st.putters, deadline, full)? {
            return Err(queue_error(vm, "Full"));
        }
    }
    st.items.borrow_mut(&vm.gil).push_back(item);
    st.getters.wake(vm, key_of(&q), 1);
    Ok(Value::None)
}

fn get(vm: &mut Vm, mut args: Args) -> PyResult {
    let q = this(vm, &args)?;
    let (block, timeout) = wait_args(vm, &mut args, "get")?;
    let st = state(&q).expect("queue state");
    let empty = |vm: &Vm| st.items.borrow(&vm.gil).is_empty();
    if empty(vm) {
        if !block {
            return Err(queue_error(vm, "Empty"));
        }
        let deadline = timeout.map(|t| vm.clock_monotonic() + t);
        let target = WaitTarget {
            key: key_of(&q),
            kind: WaitKind::Queue,
        };
        if !wait_while(vm, target, &st.getters, deadline, empty)? {
            return Err(queue_error(vm, "Empty"));
        }
    }
    let item = st
        .items
        .borrow_mut(&vm.gil)
        .pop_front()
        .unwrap_or(Value::None);
    st.putters.wake(vm, room_key(&q), 1);
    Ok(item)
}

/// `put_nowait(item)`: `put(item, False)`.
fn put_nowait(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "put_nowait", &args, 2, 2)?;
    put(
        vm,
        Args::new([args.pos[0].clone(), args.pos[1].clone(), Value::Bool(false)]),
    )
}

/// `get_nowait()`: `get(False)`.
fn get_nowait(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "get_nowait", &args, 1, 1)?;
    get(vm, Args::new([args.pos[0].clone(), Value::Bool(false)]))
}

fn qsize(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "qsize", &args, 1, 1)?;
    let q = this(vm, &args)?;
    let n = state(&q).expect("queue state").items.borrow(&vm.gil).len();
    Ok(Value::Int(n as i64))
}

fn empty(vm: &mut Vm, args: Args) -> PyResult {
    let q = this(vm, &args)?;
    let e = state(&q)
        .expect("queue state")
        .items
        .borrow(&vm.gil)
        .is_empty();
    Ok(Value::Bool(e))
}

fn full(vm: &mut Vm, args: Args) -> PyResult {
    let q = this(vm, &args)?;
    let st = state(&q).expect("queue state");
    let full = st.maxsize > 0 && st.items.borrow(&vm.gil).len() >= st.maxsize;
    Ok(Value::Bool(full))
}
