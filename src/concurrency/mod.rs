//! Threads and the primitives they share, as native builtins: `spawn`,
//! `lock`, `queue`. `threading`, `queue` and `concurrent.futures` are
//! written in conc on top of them, in `std/`, but for their hot parts,
//! native here too: `threading.Condition` (`condition.rs`), the methods of
//! `queue.Queue` (`queue_class.rs`) and `queue.SimpleQueue` (`queue.rs`).
//!
//! Their state lives under the GIL; a thread that must wait calls
//! `Vm::block_on`, and a thread that makes progress possible calls
//! `Sched::notify`, both holding the GIL, so no wake-up is lost and seeded
//! runs stay deterministic.

pub mod condition;
pub mod lock;
pub mod observe;
pub mod queue;
pub mod queue_class;
pub mod thread;

use crate::vm::Vm;

/// Install the builtins `spawn`, `lock`, `queue` and the native modules `_thread`, `_queue`.
pub fn install(vm: &mut Vm) {
    lock::install(vm);
    queue::install(vm);
    thread::install(vm);
}

/// `obj.name(*args)`.
pub(crate) fn call_method(
    vm: &mut Vm,
    obj: &crate::vm::Value,
    name: &str,
    args: Vec<crate::vm::Value>,
) -> crate::vm::PyResult {
    call_method_key(vm, obj, &crate::vm::HashKey::str(name), args)
}

/// `obj.name(*args)` with the name already hashed.
pub(crate) fn call_method_key(
    vm: &mut Vm,
    obj: &crate::vm::Value,
    name: &crate::vm::HashKey,
    args: Vec<crate::vm::Value>,
) -> crate::vm::PyResult {
    let (f, receiver) = vm.load_method(obj, name)?;
    let mut call_args = crate::vm::Args::new(receiver);
    call_args.pos.extend(args);
    vm.call(&f, call_args)
}

/// `obj.name = value`.
pub(crate) fn setattr_str(
    vm: &mut Vm,
    obj: &crate::vm::Value,
    name: &str,
    value: crate::vm::Value,
) -> crate::vm::PyResult<()> {
    vm.setattr(obj, &crate::vm::HashKey::str(name), value)
}

/// The address of an object: its identity as a wait target.
pub(crate) fn key_of(obj: &crate::vm::Obj) -> usize {
    crate::vm::Obj::as_ptr(obj) as *const u8 as usize
}

/// A `timeout=` argument: None or negative means "wait forever".
pub(crate) fn timeout_arg(
    vm: &mut Vm,
    v: Option<&crate::vm::Value>,
) -> crate::vm::PyResult<Option<f64>> {
    match v {
        None | Some(crate::vm::Value::None) => Ok(None),
        Some(v) => {
            let t = crate::native::expect_f64(vm, v, "timeout")?;
            Ok(if t < 0.0 { None } else { Some(t) })
        }
    }
}

/// The native lock that `with v:` takes and releases: `v` itself if it is a
/// `lock()`, or the lock of a condition that uses it directly.
fn direct_lock_for(vm: &Vm, v: &crate::vm::Value) -> Option<crate::vm::Obj> {
    match v {
        crate::vm::Value::Obj(o) if lock::state(o).is_some() => Some(o.clone()),
        _ => condition::direct_lock_of(vm, v),
    }
}

/// The entry of `with cm:` (its `__enter__`; a native lock is taken directly).
pub(crate) fn enter_cm(vm: &mut Vm, cm: &crate::vm::Value) -> crate::vm::PyResult<()> {
    match direct_lock_for(vm, cm) {
        Some(lock) => {
            lock::acquire_lock(vm, &lock, true, None)?;
        }
        None => {
            call_method(vm, cm, "__enter__", vec![])?;
        }
    }
    Ok(())
}

/// The exit of `with cm:` whose body gave `result`: the result, or `None`
/// when `__exit__` swallowed the body's exception.
pub(crate) fn exit_cm(
    vm: &mut Vm,
    cm: &crate::vm::Value,
    result: crate::vm::PyResult,
) -> crate::vm::PyResult<Option<crate::vm::Value>> {
    use crate::vm::Value;
    if let Some(lock) = direct_lock_for(vm, cm) {
        lock::release_lock(vm, &lock)?;
        return result.map(Some);
    }
    match result {
        Ok(v) => {
            call_method(
                vm,
                cm,
                "__exit__",
                vec![Value::None, Value::None, Value::None],
            )?;
            Ok(Some(v))
        }
        Err(exc) => {
            let value = Value::Obj(exc.0.clone());
            let class = Value::Obj(vm.class_of(&value).clone());
            let swallow = call_method(vm, cm, "__exit__", vec![class, value, Value::None])?;
            if vm.truthy(&swallow)? {
                Ok(None)
            } else {
                Err(exc)
            }
        }
    }
}

/// The threads blocked on one wait target of a primitive and not yet woken.
/// Counting them lets a release or a put call the scheduler only when there
/// is someone to wake — and not again for one already woken that has not
/// run yet (a lock released a million times while its waiter waits for the
/// GIL).
pub(crate) struct Waiters(crate::vm::GilCell<usize>);

impl Waiters {
    pub(crate) fn new() -> Waiters {
        Waiters(crate::vm::GilCell::new(0))
    }

    /// Are there any?
    pub(crate) fn any(&self, vm: &Vm) -> bool {
        *self.0.borrow(&vm.gil) > 0
    }

    /// `Vm::block_on`, counted among the waiters until woken (a waiter that
    /// is notified was uncounted by `wake`; any other one uncounts itself).
    pub(crate) fn block(
        &self,
        vm: &mut Vm,
        target: crate::vm::WaitTarget,
        timeout: Option<f64>,
    ) -> crate::vm::PyResult<crate::vm::Wake> {
        *self.0.borrow_mut(&vm.gil) += 1;
        let wake = vm.block_on(target, timeout);
        if !matches!(wake, Ok(crate::vm::Wake::Notified)) {
            *self.0.borrow_mut(&vm.gil) -= 1;
        }
        wake
    }

    /// Wake up to `n` of them (blocked on `key`), oldest first; how many.
    pub(crate) fn wake(&self, vm: &Vm, key: usize, n: usize) -> usize {
        let waiting = *self.0.borrow(&vm.gil);
        if waiting == 0 {
            return 0;
        }
        let woken = vm.rt.sched.notify(key, n.min(waiting));
        *self.0.borrow_mut(&vm.gil) -= woken;
        woken
    }
}
