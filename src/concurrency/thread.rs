//! `spawn(fn, *args, **kwargs)`: an OS thread running `fn` under the
//! interpreter's GIL, and the handle that joins it. The native module
//! `_thread` offers `start_new_thread`, `get_ident`, `allocate_lock` too.

use std::sync::Arc;

use super::{key_of, timeout_arg};
use crate::native::add_method;
use crate::vm::object::{ClassKind, Instance, Payload};
use crate::vm::types::new_class;
use crate::vm::{Args, GilCell, Obj, Object, PyResult, Value, Vm, WaitKind, WaitTarget};

/// Stack of a conc thread: native re-entries (a `__repr__`, `sorted(key=)`) nest on it.
const THREAD_STACK_BYTES: usize = 32 << 20;

/// What a thread handle knows.
pub struct ThreadHandle {
    serial: u64,
    name: String,
    done: GilCell<bool>,
}

/// A Python-looking thread identifier for a thread serial, stable across runs.
pub fn ident_of(serial: u64) -> i64 {
    140_000_000_000_000 + (serial as i64) * 4096
}

/// Install `spawn` and the `_thread` module.
pub fn install(vm: &mut Vm) {
    let class = new_class(
        "_ThreadHandle",
        "_thread",
        vec![vm.rt.types.object.clone()],
        ClassKind::Object,
    );
    add_method(vm, &class, "join", join);
    add_method(vm, &class, "is_alive", is_alive);
    add_method(vm, &class, "ident", ident);
    add_method(vm, &class, "name", name);
    add_method(vm, &class, "__repr__", repr);
    let spawn_fn = crate::native::native_closure("spawn", spawn, Value::Obj(class.clone()));
    vm.set_builtin("spawn", spawn_fn.clone());
    let module = vm.new_module("_thread");
    vm.register_module("_thread", &module);
    let dict = vm.module_dict(&module).expect("module dict");
    vm.dict_set_str(&dict, "spawn", spawn_fn);
    let named =
        crate::native::native_closure("spawn_named", spawn_named, Value::Obj(class.clone()));
    vm.dict_set_str(&dict, "spawn_named", named);
    let start =
        crate::native::native_closure("start_new_thread", start_new_thread, Value::Obj(class));
    vm.dict_set_str(&dict, "start_new_thread", start);
    crate::native::add_function(vm, &dict, "get_ident", get_ident);
    crate::native::add_function(vm, &dict, "get_native_id", get_native_id);
    crate::native::add_function(vm, &dict, "main_thread_ident", main_thread_ident);
    if let Some(lock) = vm.dict_get_str(&vm.rt.builtins.clone(), "lock") {
        vm.dict_set_str(&dict, "allocate_lock", lock.clone());
        vm.dict_set_str(&dict, "LockType", lock);
    }
    let exc = vm.rt.types.exc("RuntimeError").clone();
    vm.dict_set_str(&dict, "error", Value::Obj(exc));
    super::condition::install(vm, &module);
}

fn handle_of(o: &Obj) -> Option<&ThreadHandle> {
    match &**o {
        Object::Instance(Instance {
            payload: Payload::Native(p),
            ..
        }) => p.downcast_ref::<ThreadHandle>(),
        _ => None,
    }
}

fn this(vm: &mut Vm, args: &Args) -> PyResult<Obj> {
    match args.pos.first() {
        Some(Value::Obj(o)) if handle_of(o).is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("descriptor requires a '_ThreadHandle' object")),
    }
}

/// Start `func(*args, **kwargs)` on a new OS thread; returns the handle.
pub fn start_thread(
    vm: &mut Vm,
    class: &Obj,
    func: Value,
    args: Args,
    name: Option<String>,
) -> PyResult {
    let serial = Vm::new_serial(&vm.rt);
    let name = name.unwrap_or_else(|| format!("Thread-{}", serial - 1));
    let handle = Obj::new(Object::Instance(Instance::new(
        class.clone(),
        Payload::Native(Box::new(ThreadHandle {
            serial,
            name: name.clone(),
            done: GilCell::new(false),
        })),
    )));
    vm.rt.sched.register_spawned(serial, name.clone());
    let rt = vm.rt.clone();
    let h = handle.clone();
    let spawned = std::thread::Builder::new()
        .name(name.clone())
        .stack_size(THREAD_STACK_BYTES)
        .spawn(move || run_thread(rt, serial, name, func, args, h));
    if let Err(e) = spawned {
        vm.rt.sched.detach(serial, 0, true);
        return Err(vm.new_error("RuntimeError", format!("can't start new thread: {e}")));
    }
    Ok(Value::Obj(handle))
}

/// The body of a conc thread: take the GIL, run, report an uncaught
/// exception as CPython's `_thread` does, wake joiners, leave.
fn run_thread(
    rt: Arc<crate::vm::Runtime>,
    serial: u64,
    name: String,
    func: Value,
    args: Args,
    handle: Obj,
) {
    let mut vm = Vm::attach_as(rt, serial, name.clone());
    if let Err(exc) = vm.call(&func, args) {
        if !vm.exc_is(&exc, "SystemExit") {
            let text = vm.format_exception(&exc);
            let what = vm.repr(&func).unwrap_or_else(|_| name.clone());
            vm.rt.output.write_stderr(&format!(
                "Exception ignored in thread started by: {what}\n{text}"
            ));
        }
    }
    if let Some(h) = handle_of(&handle) {
        *h.done.borrow_mut(&vm.gil) = true;
    }
    vm.rt.sched.notify(key_of(&handle), usize::MAX);
    // Values are dropped while the GIL is still held (see `vm/obj.rs`).
    drop((handle, func));
    vm.exit_thread();
}

fn spawn(vm: &mut Vm, mut args: Args) -> PyResult {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("spawn: no handle class")),
    };
    args.pos.remove(0);
    if args.pos.is_empty() {
        return Err(vm.type_error("spawn() missing 1 required positional argument: 'fn'"));
    }
    let func = args.pos.remove(0);
    start_thread(vm, &class, func, args, None)
}

/// `_thread.spawn_named(name, fn, *args, **kwargs)`: as `spawn`, with the thread's name.
fn spawn_named(vm: &mut Vm, mut args: Args) -> PyResult {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("spawn_named: no handle class")),
    };
    if args.pos.len() < 3 {
        return Err(vm.type_error("spawn_named() takes a name and a function"));
    }
    args.pos.remove(0);
    let name = vm.to_str(&args.pos.remove(0))?;
    let func = args.pos.remove(0);
    start_thread(vm, &class, func, args, Some(name))
}

fn start_new_thread(vm: &mut Vm, args: Args) -> PyResult {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("start_new_thread: no handle class")),
    };
    if args.pos.len() < 3 {
        return Err(vm.type_error("start_new_thread expected at least 2 arguments"));
    }
    let func = args.pos[1].clone();
    let mut call_args = Args::new(vm.collect(&args.pos[2])?);
    if let Some(kw) = args.pos.get(3).filter(|k| !k.is_none()) {
        for (k, v) in vm.mapping_items(kw)? {
            call_args.kw.push((Arc::from(k.as_str().unwrap_or("")), v));
        }
    }
    let h = start_thread(vm, &class, func, call_args, None)?;
    let serial = h
        .as_obj()
        .and_then(handle_of)
        .map(|h| h.serial)
        .unwrap_or(0);
    Ok(Value::Int(ident_of(serial)))
}

fn join(vm: &mut Vm, mut args: Args) -> PyResult {
    let timeout = args.take_kw("timeout").or_else(|| args.pos.get(1).cloned());
    let h = this(vm, &args)?;
    let timeout = timeout_arg(vm, timeout.as_ref())?;
    let (serial, key) = (handle_of(&h).map(|t| t.serial).unwrap_or(0), key_of(&h));
    if serial == vm.serial {
        return Err(vm.new_error("RuntimeError", "cannot join current thread"));
    }
    let deadline = timeout.map(|t| vm.clock_monotonic() + t);
    loop {
        if *handle_of(&h).expect("handle").done.borrow(&vm.gil) {
            return Ok(Value::Bool(true));
        }
        let left = deadline.map(|d| d - vm.clock_monotonic());
        if matches!(left, Some(l) if l <= 0.0) {
            return Ok(Value::Bool(false));
        }
        vm.block_on(
            WaitTarget {
                key,
                kind: WaitKind::Join { thread: serial },
            },
            left,
        )?;
    }
}

fn is_alive(vm: &mut Vm, args: Args) -> PyResult {
    let h = this(vm, &args)?;
    let done = *handle_of(&h).expect("handle").done.borrow(&vm.gil);
    Ok(Value::Bool(!done))
}

fn ident(vm: &mut Vm, args: Args) -> PyResult {
    let h = this(vm, &args)?;
    Ok(Value::Int(ident_of(handle_of(&h).expect("handle").serial)))
}

fn name(vm: &mut Vm, args: Args) -> PyResult {
    let h = this(vm, &args)?;
    Ok(Value::str(handle_of(&h).expect("handle").name.clone()))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult {
    let h = this(vm, &args)?;
    let t = handle_of(&h).expect("handle");
    Ok(Value::str(format!(
        "<thread handle {} ident={}>",
        t.name,
        ident_of(t.serial)
    )))
}

fn get_ident(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Int(ident_of(vm.serial)))
}

fn get_native_id(vm: &mut Vm, _args: Args) -> PyResult {
    if vm.rt.sched.is_seeded() {
        return Ok(Value::Int(1000 + vm.serial as i64));
    }
    // SAFETY: gettid has no preconditions.
    Ok(Value::Int(unsafe { libc::gettid() } as i64))
}

fn main_thread_ident(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Int(ident_of(crate::vm::interp::MAIN_THREAD)))
}
