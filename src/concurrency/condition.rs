//! `threading.Condition`, native: CPython 3.11's pure-Python class
//! (Lib/threading.py) method for method, so that `queue.Queue`, `Event`,
//! `Semaphore` and `Barrier`, which all wait on conditions, cost one native
//! call per operation instead of a dozen conc-level ones.
//!
//! As in CPython, `__init__` exports the lock's `acquire`/`release` (and its
//! `_release_save`/`_acquire_restore`/`_is_owned`, if it has them) as
//! instance attributes, and every wait has its own waiter, queued in order
//! and signalled by `notify`. A waiter is signalled under the GIL and checks
//! its flag before blocking, so no wake-up is lost even when releasing the
//! lock runs conc code (an `RLock`). When the lock is a native `lock()` and
//! the condition is not of a subclass (which could override the hooks), the
//! lock is taken and released directly.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::lock::{acquire_lock, release_lock};
use super::{call_method, setattr_str};
use crate::native::add_method;
use crate::native::modules::{bind_params, construct, native_class, payload};
use crate::vm::{Args, GilCell, Obj, PyResult, Value, Vm, WaitKind, WaitTarget};

/// Where the class lives, for `__init__` to recognise exact instances.
const CLASS_KEY: &str = "_Condition";

/// One call of `wait`: signalled by `notify`.
struct Waiter {
    signalled: AtomicBool,
}

impl Waiter {
    /// Its identity as a wait target.
    fn key(self: &Arc<Waiter>) -> usize {
        Arc::as_ptr(self) as usize
    }
}

/// A condition's state.
pub struct CondState {
    /// The lock (None before `__init__`).
    lock: GilCell<Value>,
    /// The lock is a native `lock()` and the condition an exact `Condition`:
    /// take and release the lock directly (no hooks to call).
    direct: GilCell<Option<Obj>>,
    /// The waits in progress, oldest first.
    waiters: GilCell<VecDeque<Arc<Waiter>>>,
}

/// Install the class as `_thread._Condition` (`threading.Condition`).
pub fn install(vm: &mut Vm, thread_module: &Obj) {
    let object = vm.rt.types.object.clone();
    let class = native_class("Condition", "threading", &object);
    crate::native::set_constructor(&class, |vm, args| {
        construct(
            vm,
            args,
            CondState {
                lock: GilCell::new(Value::None),
                direct: GilCell::new(None),
                waiters: GilCell::new(VecDeque::new()),
            },
        )
    });
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__init__", init),
        ("__enter__", enter_method),
        ("__exit__", exit_method),
        ("__repr__", repr),
        ("_release_save", release_save_method),
        ("_acquire_restore", acquire_restore_method),
        ("_is_owned", is_owned_method),
        ("wait", wait_method),
        ("wait_for", wait_for_method),
        ("notify", notify_method),
        ("notify_all", notify_all_method),
        ("notifyAll", notify_all_method),
    ];
    for (name, f) in methods {
        add_method(vm, &class, name, *f);
    }
    if let Some(dict) = vm.module_dict(thread_module) {
        vm.dict_set_str(&dict, CLASS_KEY, Value::Obj(class));
    }
}

fn state(v: &Value) -> Option<&CondState> {
    payload::<CondState>(v)
}

fn this<'a>(vm: &mut Vm, args: &'a Args, method: &str) -> PyResult<&'a CondState> {
    crate::native::modules::self_payload::<CondState>(vm, args, method, "threading.Condition")
}

/// `Condition(lock=None)`: a new `RLock` when no lock is given.
fn init(vm: &mut Vm, mut args: Args) -> PyResult {
    let [lock] = bind_params(vm, "Condition", &mut args, 1, ["lock"], 0)?;
    let cond = args.pos[0].clone();
    let lock = match lock {
        Some(l) if !l.is_none() => l,
        _ => {
            let rlock = vm
                .loaded_module("threading")
                .map(|m| vm.getattr_str(&m, "RLock"))
                .transpose()?;
            match rlock {
                Some(rlock) => vm.call(&rlock, Args::new([]))?,
                None => return Err(vm.new_error("RuntimeError", "threading is not loaded")),
            }
        }
    };
    setattr_str(vm, &cond, "_lock", lock.clone())?;
    let acquire = vm.getattr_str(&lock, "acquire")?;
    setattr_str(vm, &cond, "acquire", acquire)?;
    let release = vm.getattr_str(&lock, "release")?;
    setattr_str(vm, &cond, "release", release)?;
    for hook in ["_release_save", "_acquire_restore", "_is_owned"] {
        if let Some(f) = vm.try_getattr(&lock, &crate::vm::HashKey::str(hook))? {
            setattr_str(vm, &cond, hook, f)?;
        }
    }
    let exact = vm
        .loaded_module("_thread")
        .and_then(|m| m.as_obj().and_then(|m| vm.module_dict(m)))
        .and_then(|d| vm.dict_get_str(&d, CLASS_KEY))
        .and_then(|c| c.as_obj().cloned())
        .is_some_and(|c| Obj::ptr_eq(&c, vm.class_of(&cond)));
    let direct = match &lock {
        Value::Obj(l) if exact && super::lock::state(l).is_some() => Some(l.clone()),
        _ => None,
    };
    let Some(st) = state(&cond) else {
        return Err(vm.type_error("Condition.__init__ needs a Condition"));
    };
    *st.lock.borrow_mut(&vm.gil) = lock;
    *st.direct.borrow_mut(&vm.gil) = direct;
    Ok(Value::None)
}

/// The lock taken and released directly, if this condition allows it.
fn direct_lock(vm: &Vm, st: &CondState) -> Option<Obj> {
    st.direct.borrow(&vm.gil).clone()
}

fn lock_of(vm: &Vm, st: &CondState) -> Value {
    st.lock.borrow(&vm.gil).clone()
}

/// The native lock of `cond` if it is a condition that takes and releases
/// it directly (an exact `Condition` over a `lock()`).
pub fn direct_lock_of(vm: &Vm, cond: &Value) -> Option<Obj> {
    state(cond).and_then(|st| direct_lock(vm, st))
}

fn enter_method(vm: &mut Vm, args: Args) -> PyResult {
    let st = this(vm, &args, "__enter__")?;
    let lock = lock_of(vm, st);
    call_method(vm, &lock, "__enter__", vec![])
}

fn exit_method(vm: &mut Vm, args: Args) -> PyResult {
    let st = this(vm, &args, "__exit__")?;
    let lock = lock_of(vm, st);
    call_method(vm, &lock, "__exit__", args.pos[1..].to_vec())
}

fn repr(vm: &mut Vm, args: Args) -> PyResult {
    let st = this(vm, &args, "__repr__")?;
    let n = st.waiters.borrow(&vm.gil).len();
    let lock = lock_of(vm, st);
    let lock = vm.to_str(&lock)?;
    Ok(Value::str(format!("<Condition({lock}, {n})>")))
}

/// The class's `_release_save`: release the lock (no state to save).
fn release_save_method(vm: &mut Vm, args: Args) -> PyResult {
    let st = this(vm, &args, "_release_save")?;
    let lock = lock_of(vm, st);
    call_method(vm, &lock, "release", vec![])?;
    Ok(Value::None)
}

/// The class's `_acquire_restore`: take the lock back.
fn acquire_restore_method(vm: &mut Vm, args: Args) -> PyResult {
    let st = this(vm, &args, "_acquire_restore")?;
    let lock = lock_of(vm, st);
    call_method(vm, &lock, "acquire", vec![])?;
    Ok(Value::None)
}

/// The class's `_is_owned`: is the lock held (by anyone, for a plain lock)?
fn is_owned_method(vm: &mut Vm, args: Args) -> PyResult {
    let st = this(vm, &args, "_is_owned")?;
    let lock = lock_of(vm, st);
    let got = call_method(vm, &lock, "acquire", vec![Value::Bool(false)])?;
    if vm.truthy(&got)? {
        call_method(vm, &lock, "release", vec![])?;
        return Ok(Value::Bool(false));
    }
    Ok(Value::Bool(true))
}

fn is_owned(vm: &mut Vm, cond: &Value, st: &CondState) -> PyResult<bool> {
    if let Some(lock) = direct_lock(vm, st) {
        return Ok(super::lock::state(&lock).is_some_and(|l| l.is_locked(vm)));
    }
    let owned = call_method(vm, cond, "_is_owned", vec![])?;
    vm.truthy(&owned)
}

/// `cond.wait(timeout)` for any condition (natively for a direct one).
/// `kind` says what the wait is for in deadlock reports and timelines
/// (`WaitKind::Queue` for a queue's conditions).
pub fn wait(vm: &mut Vm, cond: &Value, timeout: Option<f64>, kind: WaitKind) -> PyResult<bool> {
    match state(cond) {
        Some(st) if direct_lock(vm, st).is_some() => wait_impl(vm, cond, st, timeout, kind),
        _ => {
            let t = timeout.map(Value::Float).unwrap_or(Value::None);
            let got = call_method(vm, cond, "wait", vec![t])?;
            vm.truthy(&got)
        }
    }
}

/// `cond.notify(n)` for any condition (natively for a direct one).
pub fn notify(vm: &mut Vm, cond: &Value, n: usize) -> PyResult<()> {
    match state(cond) {
        Some(st) if direct_lock(vm, st).is_some() => notify_impl(vm, cond, st, n),
        _ => {
            call_method(vm, cond, "notify", vec![Value::Int(n as i64)])?;
            Ok(())
        }
    }
}

/// `cond.notify_all()` for any condition (natively for a direct one).
pub fn notify_all(vm: &mut Vm, cond: &Value) -> PyResult<()> {
    match state(cond) {
        Some(st) if direct_lock(vm, st).is_some() => {
            let n = st.waiters.borrow(&vm.gil).len();
            notify_impl(vm, cond, st, n)
        }
        _ => {
            call_method(vm, cond, "notify_all", vec![])?;
            Ok(())
        }
    }
}

/// CPython's `Condition.wait`: release the lock, wait for `notify` (or the
/// timeout), take the lock back. True unless it timed out.
fn wait_impl(
    vm: &mut Vm,
    cond: &Value,
    st: &CondState,
    timeout: Option<f64>,
    kind: WaitKind,
) -> PyResult<bool> {
    if !is_owned(vm, cond, st)? {
        return Err(vm.new_error("RuntimeError", "cannot wait on un-acquired lock"));
    }
    let waiter = Arc::new(Waiter {
        signalled: AtomicBool::new(false),
    });
    st.waiters.borrow_mut(&vm.gil).push_back(waiter.clone());
    let direct = direct_lock(vm, st);
    let saved = match &direct {
        Some(lock) => {
            release_lock(vm, lock)?;
            Value::None
        }
        None => call_method(vm, cond, "_release_save", vec![])?,
    };
    let got = wait_signalled(vm, &waiter, timeout, kind);
    // As CPython's `finally:` take the lock back whatever happened.
    match &direct {
        Some(lock) => {
            acquire_lock(vm, lock, true, None)?;
        }
        None => {
            call_method(vm, cond, "_acquire_restore", vec![saved])?;
        }
    }
    let gotit = matches!(got, Ok(true));
    if !gotit {
        st.waiters
            .borrow_mut(&vm.gil)
            .retain(|w| !Arc::ptr_eq(w, &waiter));
    }
    got
}

/// Block until `waiter` is signalled or `timeout` passes (CPython's
/// `waiter.acquire(True, timeout)`; `acquire(False)` when `timeout <= 0`).
fn wait_signalled(
    vm: &mut Vm,
    waiter: &Arc<Waiter>,
    timeout: Option<f64>,
    kind: WaitKind,
) -> PyResult<bool> {
    let deadline = timeout.map(|t| vm.clock_monotonic() + t);
    loop {
        if waiter.signalled.load(Ordering::Relaxed) {
            return Ok(true);
        }
        let left = deadline.map(|d| d - vm.clock_monotonic());
        if matches!(left, Some(l) if l <= 0.0) {
            return Ok(false);
        }
        let target = WaitTarget {
            key: waiter.key(),
            kind: kind.clone(),
        };
        vm.block_on(target, left)?;
    }
}

/// CPython's `Condition.notify`: wake the `n` oldest waiters.
fn notify_impl(vm: &mut Vm, cond: &Value, st: &CondState, n: usize) -> PyResult<()> {
    if !is_owned(vm, cond, st)? {
        return Err(vm.new_error("RuntimeError", "cannot notify on un-acquired lock"));
    }
    for _ in 0..n {
        let Some(waiter) = st.waiters.borrow_mut(&vm.gil).pop_front() else {
            break;
        };
        waiter.signalled.store(true, Ordering::Relaxed);
        vm.rt.sched.notify(waiter.key(), 1);
    }
    Ok(())
}

/// The `timeout` argument of `wait`/`wait_for` (None: forever).
fn timeout_param(vm: &mut Vm, v: Option<Value>) -> PyResult<Option<f64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(crate::native::expect_f64(vm, &v, "timeout")?)),
    }
}

fn wait_method(vm: &mut Vm, mut args: Args) -> PyResult {
    let [timeout] = bind_params(vm, "wait", &mut args, 1, ["timeout"], 0)?;
    let st = this(vm, &args, "wait")?;
    let timeout = timeout_param(vm, timeout)?;
    Ok(Value::Bool(wait_impl(
        vm,
        &args.pos[0],
        st,
        timeout,
        WaitKind::Condition,
    )?))
}

/// `cond.wait_for(predicate, timeout=None)`: wait until `predicate()` is true.
fn wait_for_method(vm: &mut Vm, mut args: Args) -> PyResult {
    let [predicate, timeout] =
        bind_params(vm, "wait_for", &mut args, 1, ["predicate", "timeout"], 1)?;
    this(vm, &args, "wait_for")?;
    let cond = args.pos[0].clone();
    let predicate = predicate.unwrap_or(Value::None);
    let waittime = timeout_param(vm, timeout)?;
    let endtime = waittime.map(|w| vm.clock_monotonic() + w);
    let mut result = vm.call(&predicate, Args::new([]))?;
    while !vm.truthy(&result)? {
        let left = endtime.map(|e| e - vm.clock_monotonic());
        if matches!(left, Some(l) if l <= 0.0) {
            break;
        }
        wait(vm, &cond, left, WaitKind::Condition)?;
        result = vm.call(&predicate, Args::new([]))?;
    }
    Ok(result)
}

fn notify_method(vm: &mut Vm, mut args: Args) -> PyResult {
    let [n] = bind_params(vm, "notify", &mut args, 1, ["n"], 0)?;
    let st = this(vm, &args, "notify")?;
    let n = match n {
        Some(v) => crate::native::expect_int(vm, &v, "n")?.max(0) as usize,
        None => 1,
    };
    notify_impl(vm, &args.pos[0], st, n)?;
    Ok(Value::None)
}

/// `cond.notify_all()`: `self.notify(len(self._waiters))`.
fn notify_all_method(vm: &mut Vm, args: Args) -> PyResult {
    let st = this(vm, &args, "notify_all")?;
    let n = st.waiters.borrow(&vm.gil).len();
    call_method(vm, &args.pos[0], "notify", vec![Value::Int(n as i64)])?;
    Ok(Value::None)
}
