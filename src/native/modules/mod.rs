//! The table of native modules (`time`, `math`, `os`, `re`, ...): each is
//! created on first import by its init function. One file per module.
//!
//! Also the few helpers native classes share: making a class whose
//! instances carry Rust state ([`Payload::Native`]), constructing such an
//! instance the way `type.__call__` does, and getting the state back.

mod collections;
mod errno;
mod inspect;
mod math;
mod os;
mod random;
mod re;
mod sha512;
mod time;

use std::any::Any;

use crate::vm::object::{ClassKind, Instance, Payload};
use crate::vm::types::new_class;
use crate::vm::{Args, NativeModuleInit, Obj, Object, PyResult, Value, Vm};

pub(crate) use collections::{exact_deque_append, exact_deque_len, exact_deque_popleft};
pub use os::os_error;

/// Every native module: (import name, init function).
const MODULES: &[(&str, NativeModuleInit)] = &[
    ("time", time::init),
    ("math", math::init),
    ("random", random::init),
    ("os", os::init),
    ("os.path", os::path::init),
    ("errno", errno::init),
    ("inspect", inspect::init),
    ("re", re::init),
    ("_collections", collections::init),
];

/// Register the native modules so `import` can find them, and give the
/// built-in `OSError` its CPython behaviour (errno, strerror, filename).
pub fn register(vm: &mut Vm) {
    vm.rt
        .native_modules
        .borrow_mut(&vm.gil)
        .extend_from_slice(MODULES);
    os::install_oserror(vm);
}

/// A class implemented in Rust, in module `module`. Its instances carry a
/// Rust value in [`Payload::Native`]; user classes may subclass it (they
/// inherit the constructor set with `set_constructor`).
pub fn native_class(name: &str, module: &str, object: &Obj) -> Obj {
    new_class(name, module, vec![object.clone()], ClassKind::Builtin)
}

/// A new instance of `class` (a native class or a subclass) holding `state`.
pub fn new_native_instance<T: Any + Send + Sync>(class: &Obj, state: T) -> Value {
    Value::from_obj(Object::Instance(Instance::new(
        class.clone(),
        Payload::Native(Box::new(state)),
    )))
}

/// What `type.__call__` does for a native class: make the instance with
/// fresh `state`, then run `__init__` (the native one, or a subclass's)
/// with the call's arguments. `args.pos[0]` is the class.
pub fn construct<T: Any + Send + Sync>(vm: &mut Vm, mut args: Args, state: T) -> PyResult {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) if matches!(&**c, Object::Class(_)) => c.clone(),
        _ => return Err(vm.type_error("constructor needs a class")),
    };
    args.pos.remove(0);
    let inst = new_native_instance(&class, state);
    if let Some(init) = vm.lookup_class_str(&class, "__init__") {
        args.pos.insert(0, inst.clone());
        vm.call(&init, args)?;
    }
    Ok(inst)
}

/// The Rust state of `v`, if it is an instance of a native class holding a `T`.
pub fn payload<T: Any>(v: &Value) -> Option<&T> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Instance(Instance {
                payload: Payload::Native(b),
                ..
            }) => b.downcast_ref::<T>(),
            _ => None,
        },
        _ => None,
    }
}

/// `self` of a native method, with its state: a TypeError in CPython's
/// words when the method is called on something else
/// (`descriptor 'append' for 'collections.deque' objects doesn't apply to a 'int' object`).
pub fn self_payload<'a, T: Any>(
    vm: &mut Vm,
    args: &'a Args,
    method: &str,
    class: &str,
) -> PyResult<&'a T> {
    let this = args.pos.first().unwrap_or(&Value::None);
    match payload::<T>(this) {
        Some(p) => Ok(p),
        None => {
            let t = vm.type_name(this);
            Err(vm.type_error(format!(
                "descriptor '{method}' for '{class}' objects doesn't apply to a '{t}' object"
            )))
        }
    }
}

/// The `i`-th positional argument or the keyword argument `name`, if given
/// (for functions with a few optional parameters).
pub fn arg(args: &mut Args, i: usize, name: &str) -> Option<Value> {
    match args.pos.get(i) {
        Some(v) => Some(v.clone()),
        None => args.take_kw(name),
    }
}

/// Like [`arg`], with `None` treated as not given.
pub fn opt_arg(args: &mut Args, i: usize, name: &str) -> Option<Value> {
    arg(args, i, name).filter(|v| !v.is_none())
}

/// TypeError for keyword arguments a function does not take (call after taking the known ones).
pub fn no_extra_kwargs(vm: &mut Vm, func: &str, args: &Args) -> PyResult<()> {
    match args.kw.first() {
        Some((k, _)) => {
            Err(vm.type_error(format!("{func}() got an unexpected keyword argument '{k}'")))
        }
        None => Ok(()),
    }
}

/// Set `name` in a module's namespace.
pub fn set(vm: &mut Vm, dict: &Obj, name: &str, value: Value) {
    vm.dict_set_str(dict, name, value);
}

/// The namespace of a module being initialised.
pub fn module_dict(vm: &mut Vm, module: &Obj) -> PyResult<Obj> {
    match vm.module_dict(module) {
        Some(d) => Ok(d),
        None => Err(vm.type_error("not a module")),
    }
}

/// `Type: message` for an exception, as a traceback's last line shows it
/// (for unit tests, which run without the builtins' `BaseException.__str__`).
#[cfg(test)]
pub fn error_text(vm: &mut Vm, e: &crate::vm::Exc) -> String {
    let name = vm.exception_type_name(&e.value());
    let args = vm.exc_args(&e.0);
    let msg = match args.as_slice() {
        [one] if !vm.exc_is(e, "OSError") => vm.to_str(one).unwrap_or_default(),
        _ => vm.to_str(&e.value()).unwrap_or_default(),
    };
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

/// A read-only attribute computed by `getter(self)`.
pub fn add_property(vm: &mut Vm, class: &Obj, name: &'static str, getter: crate::vm::NativeFn) {
    let property = crate::vm::object::Property {
        fget: crate::native::native_fn(name, getter),
        fset: Value::None,
        fdel: Value::None,
        doc: Value::None,
    };
    crate::native::add_class_attr(vm, class, name, Value::from_obj(Object::Property(property)));
}

/// Bind parameters by position then keyword, as a `def f(a, b=..., c=...)`
/// would: `names[i]` is the i-th parameter after the first `skip`
/// positional arguments (`self`); the first `required` must be given.
/// Returns one slot per name.
pub fn bind_params<const N: usize>(
    vm: &mut Vm,
    func: &str,
    args: &mut Args,
    skip: usize,
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    let given = args.pos.len().saturating_sub(skip);
    if given > N {
        return Err(vm.type_error(format!(
            "{func}() takes at most {N} argument{} ({given} given)",
            if N == 1 { "" } else { "s" }
        )));
    }
    let mut out: [Option<Value>; N] = std::array::from_fn(|i| args.pos.get(skip + i).cloned());
    for (name, slot) in names.iter().zip(out.iter_mut()) {
        if let Some(v) = args.take_kw(name) {
            if slot.is_some() {
                return Err(vm.type_error(format!(
                    "argument for {func}() given by name ('{name}') and position"
                )));
            }
            *slot = Some(v);
        }
    }
    no_extra_kwargs(vm, func, args)?;
    if let Some(i) = out[..required.min(N)].iter().position(Option::is_none) {
        return Err(vm.type_error(format!(
            "{func}() missing required argument '{}' (pos {})",
            names[i],
            i + 1
        )));
    }
    Ok(out)
}
