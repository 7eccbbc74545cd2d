//! `queue(maxsize=0)`: a FIFO whose blocking `get`/`put` release the GIL
//! (the native core of `queue.Queue`). `get_nowait`/`put_nowait` and the
//! timeouts raise `_queue.Empty` / `_queue.Full`.

use std::collections::VecDeque;
use std::sync::Arc;

use super::{key_of, timeout_arg};
use crate::native::{add_method, check_args};
use crate::vm::object::{ClassKind, Instance, Payload};
use crate::vm::types::new_class;
use crate::vm::{
    Args, Dict, GilCell, Obj, Object, PyResult, Value, Vm, WaitKind, WaitTarget, Wake,
};

/// A queue's items and bound (0: unbounded).
pub struct QueueState {
    items: GilCell<VecDeque<Value>>,
    maxsize: usize,
}

/// Install `queue` into builtins and the `_queue` module (with `Empty` and `Full`).
pub fn install(vm: &mut Vm) {
    let class = new_class(
        "queue",
        "_queue",
        vec![vm.rt.types.object.clone()],
        ClassKind::Object,
    );
    add_method(vm, &class, "put", put);
    add_method(vm, &class, "get", get);
    add_method(vm, &class, "qsize", qsize);
    add_method(vm, &class, "empty", empty);
    add_method(vm, &class, "full", full);
    let constructor = crate::native::native_closure("queue", new_queue, Value::Obj(class));
    vm.set_builtin("queue", constructor);
    let exc = vm.rt.types.exc("Exception").clone();
    let empty_class = new_class("Empty", "_queue", vec![exc.clone()], ClassKind::Exception);
    let full_class = new_class("Full", "_queue", vec![exc], ClassKind::Exception);
    let module = vm.new_module("_queue");
    vm.register_module("_queue", &module);
    let dict = vm.module_dict(&module).expect("module dict");
    vm.dict_set_str(&dict, "Empty", Value::Obj(empty_class));
    vm.dict_set_str(&dict, "Full", Value::Obj(full_class));
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
    Ok(Value::from_obj(Object::Instance(Instance {
        class,
        dict: Arc::new(Object::Dict(GilCell::new(Dict::new()))),
        payload: Payload::Native(Box::new(QueueState {
            items: GilCell::new(VecDeque::new()),
            maxsize,
        })),
    })))
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

fn raise_queue_exc(vm: &mut Vm, name: &str) -> crate::vm::Exc {
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
fn wait_args(vm: &mut Vm, args: &mut Args, first: usize) -> PyResult<(bool, Option<f64>)> {
    let block = args
        .take_kw("block")
        .or_else(|| args.pos.get(first).cloned());
    let timeout = args
        .take_kw("timeout")
        .or_else(|| args.pos.get(first + 1).cloned());
    let block = match block {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout = timeout_arg(vm, timeout.as_ref())?;
    if matches!(timeout, Some(t) if t < 0.0) {
        return Err(vm.value_error("'timeout' must be a non-negative number"));
    }
    Ok((block, timeout))
}

fn put(vm: &mut Vm, mut args: Args) -> PyResult {
    let q = this(vm, &args)?;
    let item = match args.take_kw("item").or_else(|| args.pos.get(1).cloned()) {
        Some(v) => v,
        None => return Err(vm.type_error("put() missing 1 required positional argument: 'item'")),
    };
    let (block, timeout) = wait_args(vm, &mut args, 2)?;
    let deadline = timeout.map(|t| vm.clock_monotonic() + t);
    loop {
        let st = state(&q).expect("queue state");
        let len = st.items.borrow(&vm.gil).len();
        if st.maxsize == 0 || len < st.maxsize {
            st.items.borrow_mut(&vm.gil).push_back(item);
            vm.rt.sched.notify(key_of(&q), 1);
            return Ok(Value::None);
        }
        if !block {
            return Err(raise_queue_exc(vm, "Full"));
        }
        let left = deadline.map(|d| d - vm.clock_monotonic());
        if matches!(left, Some(l) if l <= 0.0) {
            return Err(raise_queue_exc(vm, "Full"));
        }
        let target = WaitTarget {
            key: room_key(&q),
            kind: WaitKind::Queue,
        };
        if vm.block_on(target, left)? == Wake::TimedOut && deadline.is_some() {
            let st = state(&q).expect("queue state");
            if st.items.borrow(&vm.gil).len() >= st.maxsize {
                return Err(raise_queue_exc(vm, "Full"));
            }
        }
    }
}

fn get(vm: &mut Vm, mut args: Args) -> PyResult {
    let q = this(vm, &args)?;
    let (block, timeout) = wait_args(vm, &mut args, 1)?;
    let deadline = timeout.map(|t| vm.clock_monotonic() + t);
    loop {
        let st = state(&q).expect("queue state");
        let item = st.items.borrow_mut(&vm.gil).pop_front();
        if let Some(item) = item {
            if st.maxsize > 0 {
                vm.rt.sched.notify(room_key(&q), 1);
            }
            return Ok(item);
        }
        if !block {
            return Err(raise_queue_exc(vm, "Empty"));
        }
        let left = deadline.map(|d| d - vm.clock_monotonic());
        if matches!(left, Some(l) if l <= 0.0) {
            return Err(raise_queue_exc(vm, "Empty"));
        }
        let target = WaitTarget {
            key: key_of(&q),
            kind: WaitKind::Queue,
        };
        if vm.block_on(target, left)? == Wake::TimedOut && deadline.is_some() {
            let st = state(&q).expect("queue state");
            if st.items.borrow(&vm.gil).is_empty() {
                return Err(raise_queue_exc(vm, "Empty"));
            }
        }
    }
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
