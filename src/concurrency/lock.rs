//! `lock()`: a mutex whose blocking acquire releases the GIL
//! (`_thread.LockType`, the base of `threading.Lock`).

use super::{key_of, timeout_arg, Waiters};
use crate::native::{add_method, check_args};
use crate::vm::object::{ClassKind, Instance, Payload};
use crate::vm::types::new_class;
use crate::vm::{Args, GilCell, Obj, Object, PyResult, Value, Vm, WaitKind, WaitTarget, Wake};

/// The state of a lock: who holds it (a thread serial), and the threads
/// blocked on it (so an uncontended release never asks the scheduler).
pub struct LockState {
    owner: GilCell<Option<u64>>,
    waiters: Waiters,
}

/// Install `lock` into builtins and `_thread`.
pub fn install(vm: &mut Vm) {
    let class = new_class(
        "lock",
        "_thread",
        vec![vm.rt.types.object.clone()],
        ClassKind::Object,
    );
    add_method(vm, &class, "acquire", acquire);
    add_method(vm, &class, "release", release);
    add_method(vm, &class, "locked", locked);
    add_method(vm, &class, "__enter__", acquire);
    add_method(vm, &class, "__exit__", exit);
    add_method(vm, &class, "__repr__", repr);
    let constructor = crate::native::native_closure("lock", new_lock, Value::Obj(class));
    vm.set_builtin("lock", constructor);
}

fn new_lock(_vm: &mut Vm, args: Args) -> PyResult {
    let Some(Value::Obj(class)) = args.pos.first() else {
        return Ok(Value::None);
    };
    Ok(Value::from_obj(Object::Instance(Instance::new(
        class.clone(),
        Payload::Native(Box::new(LockState {
            owner: GilCell::new(None),
            waiters: Waiters::new(),
        })),
    ))))
}

/// `self`, a lock (borrowed: no reference count to bump on a lock that
/// threads on other cores use too).
fn this<'a>(vm: &mut Vm, args: &'a Args) -> PyResult<&'a Obj> {
    match args.pos.first() {
        Some(Value::Obj(o)) if state(o).is_some() => Ok(o),
        _ => Err(vm.type_error("descriptor requires a 'lock' object")),
    }
}

/// The state of `o` if it is a native lock.
pub fn state(o: &Obj) -> Option<&LockState> {
    match &**o {
        Object::Instance(Instance {
            payload: Payload::Native(p),
            ..
        }) => p.downcast_ref::<LockState>(),
        _ => None,
    }
}

/// Acquire `lock` for the running thread; false on timeout or when not blocking.
pub fn acquire_lock(
    vm: &mut Vm,
    lock: &Obj,
    blocking: bool,
    timeout: Option<f64>,
) -> PyResult<bool> {
    let Some(st) = state(lock) else {
        return Err(vm.type_error("descriptor requires a 'lock' object"));
    };
    if st.try_take(vm, lock) {
        return Ok(true);
    }
    if !blocking {
        return Ok(false);
    }
    let deadline = timeout.map(|t| vm.clock_monotonic() + t);
    wait_for(vm, lock, st, deadline)
}

/// The blocking part of `acquire_lock`.
fn wait_for(vm: &mut Vm, lock: &Obj, st: &LockState, deadline: Option<f64>) -> PyResult<bool> {
    loop {
        let left = deadline.map(|d| d - vm.clock_monotonic());
        if matches!(left, Some(l) if l <= 0.0) {
            return Ok(false);
        }
        let owner = *st.owner.borrow(&vm.gil);
        let target = WaitTarget {
            key: key_of(lock),
            kind: WaitKind::Lock { owner },
        };
        let wake = st.waiters.block(vm, target, left)?;
        if st.try_take(vm, lock) {
            return Ok(true);
        }
        if wake == Wake::TimedOut {
            return Ok(false);
        }
    }
}

impl LockState {
    /// Take the lock `lock` (whose state this is) for the running thread if it is free.
    fn try_take(&self, vm: &Vm, lock: &Obj) -> bool {
        if self.owner.borrow(&vm.gil).is_some() {
            return false;
        }
        *self.owner.borrow_mut(&vm.gil) = Some(vm.serial);
        if self.waiters.any(vm) {
            // For deadlock reports: the waiters now wait for this thread.
            vm.rt.sched.update_lock_owner(key_of(lock), Some(vm.serial));
        }
        true
    }

    /// Is the lock held (by any thread)?
    pub fn is_locked(&self, vm: &Vm) -> bool {
        self.owner.borrow(&vm.gil).is_some()
    }
}

/// Release `lock` (any thread may, as with Python's `Lock`); wakes one waiter.
pub fn release_lock(vm: &mut Vm, lock: &Obj) -> PyResult<()> {
    let Some(st) = state(lock) else {
        return Err(vm.type_error("descriptor requires a 'lock' object"));
    };
    if st.owner.borrow(&vm.gil).is_none() {
        return Err(vm.new_error("RuntimeError", "release unlocked lock"));
    }
    *st.owner.borrow_mut(&vm.gil) = None;
    if st.waiters.wake(vm, key_of(lock), 1) > 0 && st.waiters.any(vm) {
        vm.rt.sched.update_lock_owner(key_of(lock), None);
    }
    Ok(())
}

fn acquire(vm: &mut Vm, mut args: Args) -> PyResult {
    if args.pos.len() == 1 && args.kw.is_empty() {
        // `lock.acquire()` / `with lock:`, the common case.
        let lock = this(vm, &args)?;
        return Ok(Value::Bool(acquire_lock(vm, lock, true, None)?));
    }
    let blocking = args.take_kw("blocking");
    let timeout = args.take_kw("timeout");
    let lock = this(vm, &args)?.clone();
    let blocking = match blocking.or_else(|| args.pos.get(1).cloned()) {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    let timeout_value = timeout.as_ref().or(args.pos.get(2)).cloned();
    if let Some(t) = &timeout_value {
        if !t.is_none() {
            let secs = crate::native::expect_f64(vm, t, "timeout")?;
            if secs < 0.0 && secs != -1.0 {
                return Err(vm.value_error("timeout value must be positive"));
            }
        }
    }
    let timeout = timeout_arg(vm, timeout_value.as_ref())?;
    if !blocking && timeout.is_some() {
        return Err(vm.value_error("can't specify a timeout for a non-blocking call"));
    }
    Ok(Value::Bool(acquire_lock(vm, &lock, blocking, timeout)?))
}

fn release(vm: &mut Vm, args: Args) -> PyResult {
    let lock = this(vm, &args)?;
    release_lock(vm, lock)?;
    Ok(Value::None)
}

fn exit(vm: &mut Vm, args: Args) -> PyResult {
    let lock = this(vm, &args)?;
    release_lock(vm, lock)?;
    Ok(Value::Bool(false))
}

fn locked(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "locked", &args, 1, 1)?;
    let lock = this(vm, &args)?;
    let st = state(lock).expect("lock state");
    let held = st.owner.borrow(&vm.gil).is_some();
    Ok(Value::Bool(held))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult {
    let lock = this(vm, &args)?;
    let st = state(lock).expect("lock state");
    let what = if st.owner.borrow(&vm.gil).is_some() {
        "locked"
    } else {
        "unlocked"
    };
    Ok(Value::str(format!(
        "<{what} _thread.lock object at {:#x}>",
        Value::Obj(lock.clone()).id()
    )))
}
