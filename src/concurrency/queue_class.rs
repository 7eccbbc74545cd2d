//! The methods of `queue.Queue` (std/queue.conc binds them), native.
//!
//! Each is CPython 3.11's Lib/queue.py code line for line: the same
//! attributes (`mutex`, `not_empty`, `not_full`, `all_tasks_done`,
//! `maxsize`, `unfinished_tasks`) and the same storage hooks (`_qsize`,
//! `_put`, `_get`) are looked up on `self` every time, so a subclass that
//! overrides a hook, or code that takes `q.mutex` and changes `q.queue`,
//! behaves as in CPython. They are fast because nothing in them runs conc
//! code unless a subclass asks for it: the conditions are native
//! (`condition.rs`) and so are the hooks of `Queue` and `LifoQueue` (here).
//! And for those two classes themselves ([`Access::Plain`]) the attributes
//! are read straight from the instance dict and the items reached directly,
//! with no method call: `put` and `get` then cost about one native call.

use std::sync::OnceLock;

use super::{call_method_key, enter_cm, exit_cm, queue::queue_error};
use crate::bytecode::{BinaryOperator, Comparison};
use crate::native::modules::{
    bind_params, exact_deque_append, exact_deque_len, exact_deque_popleft,
};
use crate::vm::object::{Instance, NativeFunction};
use crate::vm::{Args, HashKey, NativeFn, Object, PyResult, Value, Vm, WaitKind};

/// The attribute names used here, hashed once.
struct Names {
    mutex: HashKey,
    not_empty: HashKey,
    not_full: HashKey,
    all_tasks_done: HashKey,
    maxsize: HashKey,
    unfinished_tasks: HashKey,
    queue: HashKey,
    qsize_hook: HashKey,
    put_hook: HashKey,
    get_hook: HashKey,
    put: HashKey,
    get: HashKey,
    append: HashKey,
    popleft: HashKey,
    pop: HashKey,
}

static NAMES: OnceLock<Names> = OnceLock::new();

impl Names {
    /// The names as `key` makes them.
    fn new(key: impl Fn(&str) -> HashKey) -> Names {
        Names {
            mutex: key("mutex"),
            not_empty: key("not_empty"),
            not_full: key("not_full"),
            all_tasks_done: key("all_tasks_done"),
            maxsize: key("maxsize"),
            unfinished_tasks: key("unfinished_tasks"),
            queue: key("queue"),
            qsize_hook: key("_qsize"),
            put_hook: key("_put"),
            get_hook: key("_get"),
            put: key("put"),
            get: key("get"),
            append: key("append"),
            popleft: key("popleft"),
            pop: key("pop"),
        }
    }
}

fn names() -> &'static Names {
    NAMES.get_or_init(|| Names::new(HashKey::str))
}

/// Add the methods to the `_queue` module's dict, as `_Queue_<name>` (the
/// storage hooks as `_storage_len`, `_storage_append`, `_deque_popleft`,
/// `_list_pop`), each binding like a method.
pub fn install(vm: &mut Vm, dict: &crate::vm::Obj) {
    // Interned as the compiler interns attribute names, so that a lookup in
    // an instance dict finds its key by identity, without comparing text.
    NAMES.get_or_init(|| Names::new(|s| vm.rt.interner.key(&std::sync::Arc::from(s))));
    let methods: &[(&str, &'static str, NativeFn)] = &[
        ("_Queue_put", "put", put),
        ("_Queue_get", "get", get),
        ("_Queue_put_nowait", "put_nowait", put_nowait),
        ("_Queue_get_nowait", "get_nowait", get_nowait),
        ("_Queue_task_done", "task_done", task_done),
        ("_Queue_join", "join", join),
        ("_Queue_qsize", "qsize", qsize),
        ("_Queue_empty", "empty", empty),
        ("_Queue_full", "full", full),
        ("_storage_len", "_qsize", storage_len),
        ("_storage_append", "_put", storage_append),
        ("_deque_popleft", "_get", deque_popleft),
        ("_list_pop", "_get", list_pop),
    ];
    for (key, name, func) in methods {
        let f = Value::from_obj(Object::Native(NativeFunction {
            name,
            func: *func,
            is_method: true,
            bound: None,
            owner: "",
            fast: None,
        }));
        vm.dict_set_str(dict, key, f);
    }
}

/// Where a queue keeps its items, for [`Access::Plain`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Storage {
    /// `Queue`: `self.queue` is a deque, `_get` is `popleft`.
    Fifo,
    /// `LifoQueue`: `self.queue` is a list, `_get` is `pop`.
    Lifo,
}

/// How the methods reach a queue's attributes and items.
#[derive(Clone, Copy)]
enum Access {
    /// An instance of `Queue` or `LifoQueue` as std/queue.conc defines them:
    /// the class's own `_qsize`/`_put`/`_get` are the native hooks here (so
    /// it is no user subclass, which could define properties) and the
    /// instance shadows none of them. Attributes come straight from the
    /// instance dict, and the hooks' work is done inline.
    Plain(Storage),
    /// Anything else: attribute lookups and hook calls, as CPython's code.
    Generic,
}

impl Access {
    fn of(vm: &Vm, this: &Value) -> Access {
        Access::plain_storage(vm, this)
            .map(Access::Plain)
            .unwrap_or(Access::Generic)
    }

    fn plain_storage(vm: &Vm, this: &Value) -> Option<Storage> {
        let n = names();
        let Value::Obj(o) = this else { return None };
        let Object::Instance(inst) = &**o else {
            return None;
        };
        let Object::Class(class) = &*inst.class else {
            return None;
        };
        let own = class.dict.borrow(&vm.gil);
        let is = |name: &HashKey, f: NativeFn| {
            matches!(own.get(name), Some(Value::Obj(v))
                if matches!(&**v, Object::Native(nf) if std::ptr::fn_addr_eq(nf.func, f)))
        };
        if !is(&n.qsize_hook, storage_len) || !is(&n.put_hook, storage_append) {
            return None;
        }
        let storage = if is(&n.get_hook, deque_popleft) {
            Storage::Fifo
        } else if is(&n.get_hook, list_pop) {
            Storage::Lifo
        } else {
            return None;
        };
        let inst = instance(this)?;
        let attrs = inst.attrs.borrow(&vm.gil);
        let shadowed = [&n.qsize_hook, &n.put_hook, &n.get_hook]
            .iter()
            .any(|k| attrs.contains(&vm.gil, k));
        (!shadowed).then_some(storage)
    }

    /// `self.<name>`.
    fn attr(self, vm: &mut Vm, this: &Value, name: &HashKey) -> PyResult {
        if let Access::Plain(_) = self {
            if let Some(v) = instance(this).and_then(|i| vm.instance_get(i, name)) {
                return Ok(v);
            }
        }
        vm.getattr(this, name)
    }

    /// `self.<name> = value`.
    fn set_attr(self, vm: &mut Vm, this: &Value, name: &HashKey, value: Value) -> PyResult<()> {
        if let (Access::Plain(_), Some(inst)) = (self, instance(this)) {
            vm.instance_set(inst, name, value);
            return Ok(());
        }
        vm.setattr(this, name, value)
    }

    /// `self._qsize()`.
    fn qsize(self, vm: &mut Vm, this: &Value) -> PyResult {
        match self {
            Access::Plain(_) => {
                let q = self.attr(vm, this, &names().queue)?;
                len_of(vm, &q)
            }
            Access::Generic => call(vm, this, &names().qsize_hook, vec![]),
        }
    }

    /// `self._put(item)`.
    fn put_item(self, vm: &mut Vm, this: &Value, item: Value) -> PyResult<()> {
        match self {
            Access::Plain(_) => {
                let q = self.attr(vm, this, &names().queue)?;
                append_to(vm, &q, item)
            }
            Access::Generic => call(vm, this, &names().put_hook, vec![item]).map(|_| ()),
        }
    }

    /// `self._get()`.
    fn get_item(self, vm: &mut Vm, this: &Value) -> PyResult {
        match self {
            Access::Plain(storage) => {
                let q = self.attr(vm, this, &names().queue)?;
                take_from(vm, &q, storage)
            }
            Access::Generic => call(vm, this, &names().get_hook, vec![]),
        }
    }
}

/// `this` as an instance, if it is one.
fn instance(this: &Value) -> Option<&Instance> {
    let Value::Obj(o) = this else { return None };
    match &**o {
        Object::Instance(inst) => Some(inst),
        _ => None,
    }
}

/// `len(q)`.
fn len_of(vm: &mut Vm, q: &Value) -> PyResult {
    let n = match (exact_deque_len(vm, q), q) {
        (Some(n), _) => n,
        (None, Value::Obj(o)) if matches!(&**o, Object::List(_)) => match &**o {
            Object::List(l) => l.borrow(&vm.gil).len(),
            _ => 0,
        },
        _ => vm.len(q)?,
    };
    Ok(Value::Int(n as i64))
}

/// `q.append(item)`.
fn append_to(vm: &mut Vm, q: &Value, item: Value) -> PyResult<()> {
    let item = match exact_deque_append(vm, q, item) {
        Ok(()) => return Ok(()),
        Err(item) => item,
    };
    if let Value::Obj(o) = q {
        if let Object::List(l) = &**o {
            l.borrow_mut(&vm.gil).push(item);
            return Ok(());
        }
    }
    call(vm, q, &names().append, vec![item]).map(|_| ())
}

/// `q.popleft()` (FIFO) or `q.pop()` (LIFO).
fn take_from(vm: &mut Vm, q: &Value, storage: Storage) -> PyResult {
    match storage {
        Storage::Fifo => {
            if let Some(item) = exact_deque_popleft(vm, q) {
                return Ok(item);
            }
            call(vm, q, &names().popleft, vec![])
        }
        Storage::Lifo => {
            if let Value::Obj(o) = q {
                if let Object::List(l) = &**o {
                    if let Some(item) = l.borrow_mut(&vm.gil).pop() {
                        return Ok(item);
                    }
                }
            }
            call(vm, q, &names().pop, vec![])
        }
    }
}

fn this(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Value> {
    match args.pos.first() {
        Some(v) => Ok(v.clone()),
        None => Err(vm.type_error(format!(
            "Queue.{method}() missing 1 required positional argument: 'self'"
        ))),
    }
}

/// `self.name(*args)`.
fn call(vm: &mut Vm, this: &Value, name: &HashKey, args: Vec<Value>) -> PyResult {
    call_method_key(vm, this, name, args)
}

/// `a >= b`.
fn at_least(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(x >= y);
    }
    let r = vm.compare(Comparison::Ge, a, b)?;
    vm.truthy(&r)
}

/// `v > 0`.
fn positive(vm: &mut Vm, v: &Value) -> PyResult<bool> {
    if let Value::Int(x) = v {
        return Ok(*x > 0);
    }
    let r = vm.compare(Comparison::Gt, v, &Value::Int(0))?;
    vm.truthy(&r)
}

/// `self._qsize() >= self.maxsize`.
fn is_full(vm: &mut Vm, this: &Value, access: Access) -> PyResult<bool> {
    let size = access.qsize(vm, this)?;
    let maxsize = access.attr(vm, this, &names().maxsize)?;
    at_least(vm, &size, &maxsize)
}

/// `not self._qsize()`.
fn is_empty(vm: &mut Vm, this: &Value, access: Access) -> PyResult<bool> {
    let size = access.qsize(vm, this)?;
    Ok(!vm.truthy(&size)?)
}

/// `self.<cond>.wait(timeout)`; how to reach the queue afterwards (a wait
/// runs other threads, which may change it).
fn wait_on(
    vm: &mut Vm,
    this: &Value,
    access: Access,
    cond: &HashKey,
    timeout: Option<f64>,
) -> PyResult<Access> {
    let cond = access.attr(vm, this, cond)?;
    super::condition::wait(vm, &cond, timeout, WaitKind::Queue)?;
    Ok(Access::of(vm, this))
}

/// The `block` and `timeout` arguments: (block, timeout unless None).
fn block_and_timeout(
    vm: &mut Vm,
    block: Option<Value>,
    timeout: Option<Value>,
) -> PyResult<(bool, Option<Value>)> {
    let block = match block {
        Some(b) => vm.truthy(&b)?,
        None => true,
    };
    Ok((block, timeout.filter(|t| !t.is_none())))
}

/// `timeout < 0` raises; otherwise the deadline `time() + timeout`.
/// The wait at the start of `put` (while full) and `get` (while empty), as
/// CPython's: fail at once when not blocking, else wait on the condition,
/// up to the timeout.
struct Wait<'a> {
    /// Must the caller wait now?
    blocked: fn(&mut Vm, &Value, Access) -> PyResult<bool>,
    /// The condition attribute to wait on.
    on: &'a HashKey,
    /// The `queue` exception raised when giving up (`Full`, `Empty`).
    error: &'static str,
}

impl Wait<'_> {
    fn until_ready(
        &self,
        vm: &mut Vm,
        this: &Value,
        mut access: Access,
        block: bool,
        timeout: Option<Value>,
    ) -> PyResult<Access> {
        if !block {
            if (self.blocked)(vm, this, access)? {
                return Err(queue_error(vm, self.error));
            }
            return Ok(access);
        }
        let endtime = match &timeout {
            Some(t) => Some(deadline(vm, t)?),
            None => None,
        };
        while (self.blocked)(vm, this, access)? {
            let remaining = match endtime {
                Some(end) => {
                    let remaining = end - vm.clock_monotonic();
                    if remaining <= 0.0 {
                        return Err(queue_error(vm, self.error));
                    }
                    Some(remaining)
                }
                None => None,
            };
            access = wait_on(vm, this, access, self.on, remaining)?;
        }
        Ok(access)
    }
}

fn deadline(vm: &mut Vm, timeout: &Value) -> PyResult<f64> {
    let t = crate::native::expect_f64(vm, timeout, "timeout")?;
    if t < 0.0 {
        return Err(vm.value_error("'timeout' must be a non-negative number"));
    }
    Ok(vm.clock_monotonic() + t)
}

/// The positional arguments after `self` (up to `N`), when no keyword is
/// given: the usual call, parsed without `bind_params`.
fn positional<const N: usize>(args: &Args) -> Option<[Option<Value>; N]> {
    if !args.kw.is_empty() || args.pos.len() > N + 1 {
        return None;
    }
    Some(std::array::from_fn(|i| args.pos.get(i + 1).cloned()))
}

/// `Queue.put(item, block=True, timeout=None)`.
fn put(vm: &mut Vm, mut args: Args) -> PyResult {
    let [item, block, timeout] = match positional::<3>(&args) {
        Some(params @ [Some(_), _, _]) => params,
        _ => bind_params(vm, "put", &mut args, 1, ["item", "block", "timeout"], 1)?,
    };
    let this = this(vm, &args, "put")?;
    let item = item.unwrap_or(Value::None);
    let (block, timeout) = block_and_timeout(vm, block, timeout)?;
    let access = Access::of(vm, &this);
    let not_full = access.attr(vm, &this, &names().not_full)?;
    enter_cm(vm, &not_full)?;
    let result = put_locked(vm, &this, access, item, block, timeout);
    Ok(exit_cm(vm, &not_full, result)?.unwrap_or(Value::None))
}

/// The body of `put` under `with self.not_full:`.
fn put_locked(
    vm: &mut Vm,
    this: &Value,
    mut access: Access,
    item: Value,
    block: bool,
    timeout: Option<Value>,
) -> PyResult {
    let n = names();
    let maxsize = access.attr(vm, this, &n.maxsize)?;
    if positive(vm, &maxsize)? {
        let wait = Wait {
            blocked: is_full,
            on: &n.not_full,
            error: "Full",
        };
        access = wait.until_ready(vm, this, access, block, timeout)?;
    }
    access.put_item(vm, this, item)?;
    let unfinished = access.attr(vm, this, &n.unfinished_tasks)?;
    let unfinished = match unfinished {
        Value::Int(i) if i < i64::MAX => Value::Int(i + 1),
        other => vm.inplace_op(BinaryOperator::Add, &other, &Value::Int(1))?,
    };
    access.set_attr(vm, this, &n.unfinished_tasks, unfinished)?;
    let not_empty = access.attr(vm, this, &n.not_empty)?;
    super::condition::notify(vm, &not_empty, 1)?;
    Ok(Value::None)
}

/// `Queue.get(block=True, timeout=None)`.
fn get(vm: &mut Vm, mut args: Args) -> PyResult {
    let [block, timeout] = match positional::<2>(&args) {
        Some(params) => params,
        None => bind_params(vm, "get", &mut args, 1, ["block", "timeout"], 0)?,
    };
    let this = this(vm, &args, "get")?;
    let (block, timeout) = block_and_timeout(vm, block, timeout)?;
    let access = Access::of(vm, &this);
    let not_empty = access.attr(vm, &this, &names().not_empty)?;
    enter_cm(vm, &not_empty)?;
    let result = get_locked(vm, &this, access, block, timeout);
    Ok(exit_cm(vm, &not_empty, result)?.unwrap_or(Value::None))
}

/// The body of `get` under `with self.not_empty:`.
fn get_locked(
    vm: &mut Vm,
    this: &Value,
    mut access: Access,
    block: bool,
    timeout: Option<Value>,
) -> PyResult {
    let n = names();
    let wait = Wait {
        blocked: is_empty,
        on: &n.not_empty,
        error: "Empty",
    };
    access = wait.until_ready(vm, this, access, block, timeout)?;
    let item = access.get_item(vm, this)?;
    let not_full = access.attr(vm, this, &n.not_full)?;
    super::condition::notify(vm, &not_full, 1)?;
    Ok(item)
}

/// `Queue.put_nowait(item)`: `self.put(item, block=False)`.
fn put_nowait(vm: &mut Vm, mut args: Args) -> PyResult {
    let [item] = bind_params(vm, "put_nowait", &mut args, 1, ["item"], 1)?;
    let this = this(vm, &args, "put_nowait")?;
    let (f, receiver) = vm.load_method(&this, &names().put)?;
    let mut call_args = Args::new(receiver);
    call_args.pos.push(item.unwrap_or(Value::None));
    call_args.kw.push(("block".into(), Value::Bool(false)));
    vm.call(&f, call_args)
}

/// `Queue.get_nowait()`: `self.get(block=False)`.
fn get_nowait(vm: &mut Vm, mut args: Args) -> PyResult {
    bind_params(vm, "get_nowait", &mut args, 1, [], 0)?;
    let this = this(vm, &args, "get_nowait")?;
    let (f, receiver) = vm.load_method(&this, &names().get)?;
    let mut call_args = Args::new(receiver);
    call_args.kw.push(("block".into(), Value::Bool(false)));
    vm.call(&f, call_args)
}

/// `Queue.task_done()`.
fn task_done(vm: &mut Vm, mut args: Args) -> PyResult {
    bind_params(vm, "task_done", &mut args, 1, [], 0)?;
    let this = this(vm, &args, "task_done")?;
    let cond = vm.getattr(&this, &names().all_tasks_done)?;
    enter_cm(vm, &cond)?;
    let result = task_done_locked(vm, &this, &cond);
    Ok(exit_cm(vm, &cond, result)?.unwrap_or(Value::None))
}

fn task_done_locked(vm: &mut Vm, this: &Value, cond: &Value) -> PyResult {
    let n = names();
    let unfinished = vm.getattr(this, &n.unfinished_tasks)?;
    let unfinished = vm.binary_op(BinaryOperator::Sub, &unfinished, &Value::Int(1))?;
    if !positive(vm, &unfinished)? {
        let r = vm.compare(Comparison::Lt, &unfinished, &Value::Int(0))?;
        if vm.truthy(&r)? {
            return Err(vm.value_error("task_done() called too many times"));
        }
        super::condition::notify_all(vm, cond)?;
    }
    vm.setattr(this, &n.unfinished_tasks, unfinished)?;
    Ok(Value::None)
}

/// `Queue.join()`: wait until every item put was marked done.
fn join(vm: &mut Vm, mut args: Args) -> PyResult {
    bind_params(vm, "join", &mut args, 1, [], 0)?;
    let this = this(vm, &args, "join")?;
    let n = names();
    let cond = vm.getattr(&this, &n.all_tasks_done)?;
    enter_cm(vm, &cond)?;
    let result = (|| loop {
        let unfinished = vm.getattr(&this, &n.unfinished_tasks)?;
        if !vm.truthy(&unfinished)? {
            return Ok(Value::None);
        }
        wait_on(vm, &this, Access::Generic, &n.all_tasks_done, None)?;
    })();
    Ok(exit_cm(vm, &cond, result)?.unwrap_or(Value::None))
}

/// `with self.mutex: return f(self._qsize(), self.maxsize)`.
fn with_size(
    vm: &mut Vm,
    args: Args,
    method: &str,
    f: fn(&mut Vm, Value, &Value) -> PyResult,
) -> PyResult {
    crate::native::check_args(vm, method, &args, 1, 1)?;
    let this = this(vm, &args, method)?;
    let access = Access::of(vm, &this);
    let mutex = access.attr(vm, &this, &names().mutex)?;
    enter_cm(vm, &mutex)?;
    let result = access.qsize(vm, &this).and_then(|size| f(vm, size, &this));
    Ok(exit_cm(vm, &mutex, result)?.unwrap_or(Value::None))
}

/// `Queue.qsize()`.
fn qsize(vm: &mut Vm, args: Args) -> PyResult {
    with_size(vm, args, "qsize", |_, size, _| Ok(size))
}

/// `Queue.empty()`: `not self._qsize()`.
fn empty(vm: &mut Vm, args: Args) -> PyResult {
    with_size(vm, args, "empty", |vm, size, _| {
        Ok(Value::Bool(!vm.truthy(&size)?))
    })
}

/// `Queue.full()`: `0 < self.maxsize <= self._qsize()`.
fn full(vm: &mut Vm, args: Args) -> PyResult {
    with_size(vm, args, "full", |vm, size, this| {
        let maxsize = vm.getattr(this, &names().maxsize)?;
        Ok(Value::Bool(
            positive(vm, &maxsize)? && at_least(vm, &size, &maxsize)?,
        ))
    })
}

/// `self.queue`.
fn storage(vm: &mut Vm, args: &Args) -> PyResult {
    let this = this(vm, args, "_qsize")?;
    vm.getattr(&this, &names().queue)
}

/// `_qsize` of Queue and LifoQueue: `len(self.queue)`.
fn storage_len(vm: &mut Vm, args: Args) -> PyResult {
    crate::native::check_args(vm, "_qsize", &args, 1, 1)?;
    let q = storage(vm, &args)?;
    len_of(vm, &q)
}

/// `_put` of Queue and LifoQueue: `self.queue.append(item)`.
fn storage_append(vm: &mut Vm, args: Args) -> PyResult {
    crate::native::check_args(vm, "_put", &args, 2, 2)?;
    let q = storage(vm, &args)?;
    append_to(vm, &q, args.pos[1].clone())?;
    Ok(Value::None)
}

/// `_get` of Queue: `self.queue.popleft()`.
fn deque_popleft(vm: &mut Vm, args: Args) -> PyResult {
    crate::native::check_args(vm, "_get", &args, 1, 1)?;
    let q = storage(vm, &args)?;
    take_from(vm, &q, Storage::Fifo)
}

/// `_get` of LifoQueue: `self.queue.pop()`.
fn list_pop(vm: &mut Vm, args: Args) -> PyResult {
    crate::native::check_args(vm, "_get", &args, 1, 1)?;
    let q = storage(vm, &args)?;
    take_from(vm, &q, Storage::Lifo)
}
