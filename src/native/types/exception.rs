//! `BaseException` and the exceptions whose text is special: `__init__`
//! (which sets `args`), `__str__` and `__repr__` as CPython prints them,
//! `KeyError` (its text is the repr of the key), `OSError` (`[Errno 2] ...`),
//! the Unicode errors, `with_traceback` and `add_note`.
//!
//! The payload (args, traceback, cause, context) is the VM's
//! `ExceptionData`; attributes such as `args` and `StopIteration.value` are
//! served by vm/attr.rs.

use super::support::{no_args, one_arg};
use crate::native::{add_class_attr, add_method, native_fn};
use crate::vm::object::{ExceptionData, Instance, Payload};
use crate::vm::{Args, GilCell, Obj, Object, PyResult, Value, Vm};

/// Install the methods of the exception classes.
pub fn install(vm: &mut Vm) {
    let base = vm.rt.types.exc("BaseException").clone();
    add_class_attr(vm, &base, "__new__", native_fn("__new__", exception_new));
    add_method(vm, &base, "__init__", exception_init);
    add_method(vm, &base, "__str__", exception_str);
    add_method(vm, &base, "__repr__", exception_repr);
    add_method(vm, &base, "with_traceback", exception_with_traceback);
    add_method(vm, &base, "add_note", exception_add_note);
    let key_error = vm.rt.types.exc("KeyError").clone();
    add_method(vm, &key_error, "__str__", key_error_str);
    let os_error = vm.rt.types.exc("OSError").clone();
    add_method(vm, &os_error, "__str__", os_error_str);
    let decode_error = vm.rt.types.exc("UnicodeDecodeError").clone();
    add_method(vm, &decode_error, "__str__", unicode_decode_error_str);
    let encode_error = vm.rt.types.exc("UnicodeEncodeError").clone();
    add_method(vm, &encode_error, "__str__", unicode_encode_error_str);
}

/// The exception object a method was called on.
fn this_exception(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Obj> {
    match args.pos.first() {
        Some(Value::Obj(o)) if vm.exc_data(o).is_some() => Ok(o.clone()),
        Some(other) => {
            let t = vm.type_name(other);
            Err(vm.type_error(format!(
                "descriptor '{method}' requires a 'BaseException' object but received a '{t}'"
            )))
        }
        None => Err(vm.type_error(format!(
            "descriptor '{method}' of 'BaseException' object needs an argument"
        ))),
    }
}

fn reject_kwargs(vm: &mut Vm, args: &Args, this: &Value) -> PyResult<()> {
    if args.kw.is_empty() {
        return Ok(());
    }
    let t = vm.type_name(this);
    Err(vm.type_error(format!("{t}() takes no keyword arguments")))
}

/// `BaseException.__new__(cls, *args)`: an exception instance with those args.
fn exception_new(vm: &mut Vm, args: Args) -> PyResult {
    let base = vm.rt.types.exc("BaseException").clone();
    let class = match args.pos.first() {
        Some(Value::Obj(c)) if matches!(&**c, Object::Class(_)) && vm.is_subclass(c, &base) => {
            c.clone()
        }
        Some(other) => {
            let r = vm.repr(other)?;
            return Err(vm.type_error(format!(
                "BaseException.__new__({r}): not a subtype of BaseException"
            )));
        }
        None => return Err(vm.type_error("BaseException.__new__(): not enough arguments")),
    };
    let data = ExceptionData {
        args: args.pos[1..].to_vec(),
        ..Default::default()
    };
    Ok(Value::from_obj(Object::Instance(Instance::new(
        class,
        Payload::Exception(Box::new(GilCell::new(data))),
    ))))
}

/// `BaseException.__init__(self, *args)`: remember the arguments as `args`.
fn exception_init(vm: &mut Vm, args: Args) -> PyResult {
    let this = this_exception(vm, &args, "__init__")?;
    reject_kwargs(vm, &args, &Value::Obj(this.clone()))?;
    if let Some(d) = vm.exc_data(&this) {
        d.borrow_mut(&vm.gil).args = args.pos[1..].to_vec();
    }
    Ok(Value::None)
}

fn args_of(vm: &Vm, exc: &Obj) -> Vec<Value> {
    vm.exc_args(exc)
}

/// No args: `''`; one: `str(arg)`; more: `str(args)`.
fn exception_str(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "BaseException.__str__")?;
    let this = this_exception(vm, &args, "__str__")?;
    let items = args_of(vm, &this);
    let text = match items.as_slice() {
        [] => String::new(),
        [one] => vm.to_str(one)?,
        _ => {
            let t = vm.new_tuple(items);
            vm.to_str(&t)?
        }
    };
    Ok(Value::str(text))
}

/// `ValueError('x')`, `ValueError('x', 1)`, `ValueError()`.
fn exception_repr(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "BaseException.__repr__")?;
    let this = this_exception(vm, &args, "__repr__")?;
    let name = vm.type_name(&args.pos[0]);
    let items = args_of(vm, &this);
    let inner = match items.as_slice() {
        [] => "()".to_string(),
        [one] => format!("({})", vm.repr(one)?),
        _ => {
            let t = vm.new_tuple(items);
            vm.repr(&t)?
        }
    };
    Ok(Value::str(format!("{name}{inner}")))
}

fn exception_with_traceback(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "BaseException.with_traceback")?;
    this_exception(vm, &args, "with_traceback")?;
    Ok(args.pos[0].clone())
}

/// `e.add_note(text)`: appended to the list `e.__notes__`.
fn exception_add_note(vm: &mut Vm, args: Args) -> PyResult {
    one_arg(vm, &args, "BaseException.add_note")?;
    let this = this_exception(vm, &args, "add_note")?;
    let note = args.pos[1].clone();
    if note.as_str().is_none() {
        let t = vm.type_name(&note);
        return Err(vm.type_error(format!("note must be a str, not '{t}'")));
    }
    let Object::Instance(inst) = &*this else {
        return Ok(Value::None);
    };
    let notes = match vm.instance_get_str(inst, "__notes__") {
        Some(n) => n,
        None => {
            let n = vm.new_list(Vec::new());
            vm.instance_set_str(inst, "__notes__", n.clone());
            n
        }
    };
    match notes.as_obj().map(|o| &**o) {
        Some(Object::List(l)) => l.borrow_mut(&vm.gil).push(note),
        _ => return Err(vm.type_error("Cannot add note: __notes__ is not a list")),
    }
    Ok(Value::None)
}

/// `KeyError('k')` prints as `'k'`: the repr of a lone key.
fn key_error_str(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "KeyError.__str__")?;
    let this = this_exception(vm, &args, "__str__")?;
    match args_of(vm, &this).as_slice() {
        [key] => Ok(Value::str(vm.repr(key)?)),
        _ => exception_str(vm, args),
    }
}

/// `[Errno 2] No such file or directory: 'x.txt'` when made from (errno, strerror[, filename]).
fn os_error_str(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "OSError.__str__")?;
    let this = this_exception(vm, &args, "__str__")?;
    let items = args_of(vm, &this);
    if !(2..=5).contains(&items.len()) {
        return exception_str(vm, args);
    }
    let errno = vm.to_str(&items[0])?;
    let strerror = vm.to_str(&items[1])?;
    match items.get(2) {
        Some(filename) if !filename.is_none() => {
            let f = vm.repr(filename)?;
            Ok(Value::str(format!("[Errno {errno}] {strerror}: {f}")))
        }
        _ => Ok(Value::str(format!("[Errno {errno}] {strerror}"))),
    }
}

/// The five arguments of a Unicode error: (encoding, object, start, end, reason).
fn unicode_error_parts(vm: &Vm, exc: &Obj) -> Option<(String, Value, i64, i64, String)> {
    let items = vm.exc_args(exc);
    let [encoding, object, Value::Int(start), Value::Int(end), reason] = items.as_slice() else {
        return None;
    };
    Some((
        encoding.as_str()?.to_string(),
        object.clone(),
        *start,
        *end,
        reason.as_str()?.to_string(),
    ))
}

/// `'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`.
fn unicode_decode_error_str(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "UnicodeDecodeError.__str__")?;
    let this = this_exception(vm, &args, "__str__")?;
    let Some((encoding, object, start, end, reason)) = unicode_error_parts(vm, &this) else {
        return exception_str(vm, args);
    };
    let byte = match object.as_obj().map(|o| &**o) {
        Some(Object::Bytes(b)) => usize::try_from(start).ok().and_then(|i| b.get(i).copied()),
        _ => None,
    };
    let text = match byte {
        Some(b) if end == start + 1 => {
            format!("'{encoding}' codec can't decode byte 0x{b:02x} in position {start}: {reason}")
        }
        _ => format!(
            "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        ),
    };
    Ok(Value::str(text))
}

/// `'ascii' codec can't encode character '\xe9' in position 0: ordinal not in range(128)`.
fn unicode_encode_error_str(vm: &mut Vm, args: Args) -> PyResult {
    no_args(vm, &args, "UnicodeEncodeError.__str__")?;
    let this = this_exception(vm, &args, "__str__")?;
    let Some((encoding, object, start, end, reason)) = unicode_error_parts(vm, &this) else {
        return exception_str(vm, args);
    };
    let ch = object
        .as_str()
        .and_then(|s| usize::try_from(start).ok().and_then(|i| s.chars().nth(i)));
    let text = match ch {
        Some(c) if end == start + 1 => {
            let n = c as u32;
            let escaped = if n < 0x100 {
                format!("\\x{n:02x}")
            } else if n < 0x10000 {
                format!("\\u{n:04x}")
            } else {
                format!("\\U{n:08x}")
            };
            format!("'{encoding}' codec can't encode character '{escaped}' in position {start}: {reason}")
        }
        _ => format!(
            "'{encoding}' codec can't encode characters in position {start}-{}: {reason}",
            end - 1
        ),
    };
    Ok(Value::str(text))
}

#[cfg(test)]
mod tests {
    use crate::native::test_vm;
    use crate::vm::{Args, Value, Vm};

    fn make(vm: &mut Vm, class: &str, args: Vec<Value>) -> Value {
        let c = Value::Obj(vm.rt.types.exc(class).clone());
        vm.call(&c, Args::new(args)).unwrap()
    }

    #[test]
    fn str_and_repr_follow_the_args() {
        let mut vm = test_vm();
        let e = make(&mut vm, "ValueError", vec![]);
        assert_eq!(vm.repr(&e).unwrap(), "ValueError()");
        assert_eq!(vm.to_str(&e).unwrap(), "");
        let e = make(&mut vm, "ValueError", vec![Value::str("x")]);
        assert_eq!(vm.repr(&e).unwrap(), "ValueError('x')");
        assert_eq!(vm.to_str(&e).unwrap(), "x");
        let e = make(&mut vm, "ValueError", vec![Value::str("x"), Value::Int(1)]);
        assert_eq!(vm.repr(&e).unwrap(), "ValueError('x', 1)");
        assert_eq!(vm.to_str(&e).unwrap(), "('x', 1)");
        assert_eq!(vm.exception_summary(&e), "ValueError: ('x', 1)");
    }

    #[test]
    fn key_error_shows_the_key_repr() {
        let mut vm = test_vm();
        let e = make(&mut vm, "KeyError", vec![Value::str("k")]);
        assert_eq!(vm.to_str(&e).unwrap(), "'k'");
        assert_eq!(vm.repr(&e).unwrap(), "KeyError('k')");
        let e = make(&mut vm, "KeyError", vec![]);
        assert_eq!(vm.to_str(&e).unwrap(), "");
        let e = vm.key_error(Value::Int(3));
        assert_eq!(vm.exception_summary(&e.value()), "KeyError: 3");
    }

    #[test]
    fn os_error_text() {
        let mut vm = test_vm();
        let e = make(
            &mut vm,
            "FileNotFoundError",
            vec![
                Value::Int(2),
                Value::str("No such file or directory"),
                Value::str("a"),
            ],
        );
        assert_eq!(
            vm.to_str(&e).unwrap(),
            "[Errno 2] No such file or directory: 'a'"
        );
        let e = make(
            &mut vm,
            "OSError",
            vec![Value::Int(2), Value::str("No such file")],
        );
        assert_eq!(vm.to_str(&e).unwrap(), "[Errno 2] No such file");
        let e = make(&mut vm, "OSError", vec![Value::str("plain")]);
        assert_eq!(vm.to_str(&e).unwrap(), "plain");
    }

    #[test]
    fn unicode_errors() {
        let mut vm = test_vm();
        let b = Value::from_obj(crate::vm::Object::Bytes(vec![0xff].into_boxed_slice()));
        let e = make(
            &mut vm,
            "UnicodeDecodeError",
            vec![
                Value::str("utf-8"),
                b,
                Value::Int(0),
                Value::Int(1),
                Value::str("invalid start byte"),
            ],
        );
        assert_eq!(
            vm.to_str(&e).unwrap(),
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
        );
        let e = make(
            &mut vm,
            "UnicodeEncodeError",
            vec![
                Value::str("ascii"),
                Value::str("é"),
                Value::Int(0),
                Value::Int(1),
                Value::str("ordinal not in range(128)"),
            ],
        );
        assert_eq!(
            vm.to_str(&e).unwrap(),
            "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"
        );
    }

    #[test]
    fn init_sets_args_and_notes_accumulate() {
        let mut vm = test_vm();
        let e = make(&mut vm, "ValueError", vec![Value::Int(1), Value::Int(2)]);
        let init = vm.getattr_str(&e, "__init__").unwrap();
        vm.call(&init, Args::new([Value::str("only")])).unwrap();
        let a = vm.getattr_str(&e, "args").unwrap();
        assert_eq!(vm.repr(&a).unwrap(), "('only',)");
        let add = vm.getattr_str(&e, "add_note").unwrap();
        vm.call(&add, Args::new([Value::str("hello")])).unwrap();
        let notes = vm.getattr_str(&e, "__notes__").unwrap();
        assert_eq!(vm.repr(&notes).unwrap(), "['hello']");
        let r = vm.call(&add, Args::new([Value::Int(1)])).err().unwrap();
        assert_eq!(
            vm.exception_summary(&r.value()),
            "TypeError: note must be a str, not 'int'"
        );
        let wt = vm.getattr_str(&e, "with_traceback").unwrap();
        assert!(vm.call(&wt, Args::new([Value::None])).unwrap().is(&e));
    }

    #[test]
    fn keyword_arguments_are_rejected() {
        let mut vm = test_vm();
        let c = Value::Obj(vm.rt.types.exc("ValueError").clone());
        let mut a = Args::default();
        a.kw.push((std::sync::Arc::from("x"), Value::Int(1)));
        let r = vm.call(&c, a).err().unwrap();
        assert_eq!(
            vm.exception_summary(&r.value()),
            "TypeError: ValueError() takes no keyword arguments"
        );
    }
}
