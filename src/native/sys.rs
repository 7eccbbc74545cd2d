//! The `sys` module, and the stream objects behind `sys.stdout`/`sys.stderr`
//! that `print` writes to.

use std::io::BufRead;
use std::sync::atomic::Ordering;

use super::{add_function, add_method, check_args, expect_int, expect_str};
use crate::vm::object::{ClassKind, Instance, Payload};
use crate::vm::types::new_class;
use crate::vm::{Args, Dict, Obj, Object, PyResult, Value, Vm};

/// Which process stream a stream object writes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stream {
    Stdin,
    Stdout,
    Stderr,
}

/// Register `sys` and create it (it exists before any import).
pub fn install(vm: &mut Vm) {
    let module = vm.new_module("sys");
    vm.register_module("sys", &module);
    let dict = vm.module_dict(&module).expect("module dict");
    let class = new_class(
        "TextIOWrapper",
        "_io",
        vec![vm.rt.types.object.clone()],
        ClassKind::Object,
    );
    add_method(vm, &class, "write", stream_write);
    add_method(vm, &class, "flush", stream_flush);
    add_method(vm, &class, "readline", stream_readline);
    add_method(vm, &class, "read", stream_read);
    add_method(vm, &class, "isatty", stream_isatty);
    add_method(vm, &class, "fileno", stream_fileno);
    for (name, stream) in [
        ("stdin", Stream::Stdin),
        ("stdout", Stream::Stdout),
        ("stderr", Stream::Stderr),
    ] {
        let obj = Value::from_obj(Object::Instance(Instance::new(
            class.clone(),
            Payload::Native(Box::new(stream)),
        )));
        vm.dict_set_str(&dict, name, obj.clone());
        vm.dict_set_str(&dict, &format!("__{name}__"), obj);
    }
    let functions: &[(&'static str, crate::vm::NativeFn)] = &[
        ("exit", exit),
        ("getrecursionlimit", getrecursionlimit),
        ("setrecursionlimit", setrecursionlimit),
        ("exc_info", exc_info),
        ("exception", exception),
        ("getsizeof", getsizeof),
        ("intern", intern),
        ("getdefaultencoding", getdefaultencoding),
        ("getfilesystemencoding", getdefaultencoding),
        ("setswitchinterval", setswitchinterval),
        ("getswitchinterval", getswitchinterval),
        ("setcheckinterval", setcheckinterval),
        ("getcheckinterval", getcheckinterval),
        ("gil_stats", gil_stats),
        ("_format_exception", format_exception),
    ];
    for (name, f) in functions {
        add_function(vm, &dict, name, *f);
    }
    let modules = vm.rt.modules.clone();
    vm.dict_set_str(&dict, "modules", Value::Obj(modules));
    let version_info = vm.new_tuple(vec![
        Value::Int(3),
        Value::Int(11),
        Value::Int(7),
        Value::str("final"),
        Value::Int(0),
    ]);
    vm.dict_set_str(&dict, "version_info", version_info);
    vm.dict_set_str(
        &dict,
        "version",
        Value::str(format!("3.11.7 (conc {})", env!("CARGO_PKG_VERSION"))),
    );
    vm.dict_set_str(&dict, "platform", Value::str(std::env::consts::OS));
    vm.dict_set_str(&dict, "byteorder", Value::str("little"));
    vm.dict_set_str(&dict, "maxsize", Value::Int(i64::MAX));
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    vm.dict_set_str(&dict, "executable", Value::str(exe));
    let argv = vm.new_list(vec![Value::str("")]);
    vm.dict_set_str(&dict, "argv", argv);
    let path = vm.new_list(vec![]);
    vm.dict_set_str(&dict, "path", path);
    let names = vm.new_tuple(vec![Value::str("builtins"), Value::str("sys")]);
    vm.dict_set_str(&dict, "builtin_module_names", names);
}

/// Set `sys.argv` and `sys.path` (called by the interpreter before a run).
pub fn set_argv_and_path(vm: &mut Vm, argv: &[String], path: &[String]) {
    let Some(Value::Obj(sys)) = vm.loaded_module("sys") else {
        return;
    };
    let Some(dict) = vm.module_dict(&sys) else {
        return;
    };
    let argv = vm.new_list(argv.iter().map(Value::str).collect());
    vm.dict_set_str(&dict, "argv", argv);
    let path = vm.new_list(path.iter().map(Value::str).collect());
    vm.dict_set_str(&dict, "path", path);
}

fn stream_of(v: &Value) -> Option<Stream> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Instance(Instance {
                payload: Payload::Native(p),
                ..
            }) => p.downcast_ref::<Stream>().copied(),
            _ => None,
        },
        _ => None,
    }
}

/// The current `sys.stdout` (it may have been replaced by the script).
fn sys_stdout(vm: &mut Vm) -> Option<Value> {
    let Some(Value::Obj(sys)) = vm.loaded_module("sys") else {
        return None;
    };
    let dict = vm.module_dict(&sys)?;
    vm.dict_get_str(&dict, "stdout")
}

/// Write `text` as `print` does: to `file`, or to `sys.stdout` when `None`.
/// The process streams are written in one call, so a thread's line stays whole.
pub fn write_to(vm: &mut Vm, file: Option<&Value>, text: &str, flush: bool) -> PyResult<()> {
    let target = match file {
        Some(f) => Some(f.clone()),
        None => sys_stdout(vm),
    };
    let stream = target
        .as_ref()
        .map(stream_of)
        .unwrap_or(Some(Stream::Stdout));
    match stream {
        Some(Stream::Stderr) => vm.rt.output.write_stderr(text),
        Some(_) => {
            vm.rt.output.write_stdout(text);
            if flush {
                vm.rt.output.flush();
            }
        }
        None => {
            let f = target.unwrap_or(Value::None);
            let write = vm.getattr_str(&f, "write")?;
            vm.call(&write, Args::new([Value::str(text)]))?;
            if flush {
                let fl = vm.getattr_str(&f, "flush")?;
                vm.call(&fl, Args::default())?;
            }
        }
    }
    Ok(())
}

fn stream_write(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "write", &args, 2, 2)?;
    let text = match args.pos[1].as_str() {
        Some(s) => s.to_string(),
        None => {
            let t = vm.type_name(&args.pos[1]);
            return Err(vm.type_error(format!("write() argument must be str, not {t}")));
        }
    };
    match stream_of(&args.pos[0]) {
        Some(Stream::Stderr) => vm.rt.output.write_stderr(&text),
        Some(Stream::Stdout) => vm.rt.output.write_stdout(&text),
        _ => return Err(vm.new_error("OSError", "not writable")),
    }
    Ok(Value::Int(text.chars().count() as i64))
}

fn stream_flush(vm: &mut Vm, _args: Args) -> PyResult {
    vm.rt.output.flush();
    Ok(Value::None)
}

fn read_stdin_line(vm: &mut Vm) -> PyResult<String> {
    vm.rt.output.flush();
    let r = vm.allow_threads(|| {
        let mut s = String::new();
        std::io::stdin().lock().read_line(&mut s).map(|_| s)
    });
    r.map_err(|e| vm.new_error("OSError", e.to_string()))
}

fn stream_readline(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::str(read_stdin_line(vm)?))
}

fn stream_read(vm: &mut Vm, _args: Args) -> PyResult {
    let mut all = String::new();
    loop {
        let line = read_stdin_line(vm)?;
        if line.is_empty() {
            break;
        }
        all.push_str(&line);
    }
    Ok(Value::str(all))
}

fn stream_isatty(vm: &mut Vm, args: Args) -> PyResult {
    use std::io::IsTerminal;
    let tty = match stream_of(args.pos.first().unwrap_or(&Value::None)) {
        Some(Stream::Stdin) => std::io::stdin().is_terminal(),
        Some(Stream::Stdout) => std::io::stdout().is_terminal(),
        Some(Stream::Stderr) => std::io::stderr().is_terminal(),
        None => false,
    };
    let _ = vm;
    Ok(Value::Bool(tty))
}

fn stream_fileno(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Int(
        match stream_of(args.pos.first().unwrap_or(&Value::None)) {
            Some(Stream::Stdin) => 0,
            Some(Stream::Stdout) => 1,
            _ => 2,
        },
    ))
}

fn exit(vm: &mut Vm, args: Args) -> PyResult {
    let class = vm.rt.types.exc("SystemExit").clone();
    Err(vm.new_exception(&class, args.pos.into_iter().take(1).collect()))
}

fn getrecursionlimit(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Int(
        vm.rt.recursion_limit.load(Ordering::Relaxed) as i64
    ))
}

fn setrecursionlimit(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "setrecursionlimit", &args, 1, 1)?;
    let n = expect_int(vm, &args.pos[0], "the limit")?;
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    vm.rt.recursion_limit.store(n as usize, Ordering::Relaxed);
    Ok(Value::None)
}

fn exc_info(vm: &mut Vm, _args: Args) -> PyResult {
    match vm.handled.clone() {
        Some(e) => {
            let class = Value::Obj(vm.class_of(&e).clone());
            let tb = match &e {
                Value::Obj(o) => vm.traceback_object(o),
                _ => Value::None,
            };
            Ok(vm.new_tuple(vec![class, e, tb]))
        }
        None => Ok(vm.new_tuple(vec![Value::None, Value::None, Value::None])),
    }
}

fn exception(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(vm.handled.clone().unwrap_or(Value::None))
}

fn getsizeof(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "getsizeof", &args, 1, 2)?;
    // An estimate in the spirit of CPython's numbers: a header plus the payload.
    let v = &args.pos[0];
    let size = match v {
        Value::None | Value::Bool(_) => 16,
        Value::Int(_) => 28,
        Value::Float(_) => 24,
        Value::Obj(o) => match &**o {
            Object::Str(s) => 49 + s.as_str().len() as i64,
            Object::List(l) => 56 + 8 * l.borrow(&vm.gil).len() as i64,
            Object::Tuple(t) => 40 + 8 * t.len() as i64,
            Object::Dict(d) => 232 + 24 * d.borrow(&vm.gil).len() as i64,
            Object::Generator(_) => 112,
            Object::Range(_) => 48,
            _ => 56,
        },
    };
    Ok(Value::Int(size))
}

fn intern(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "intern", &args, 1, 1)?;
    expect_str(vm, &args.pos[0], "intern() argument")?;
    Ok(args.pos[0].clone())
}

fn getdefaultencoding(_vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::str("utf-8"))
}

fn setswitchinterval(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "setswitchinterval", &args, 1, 1)?;
    let secs = super::expect_f64(vm, &args.pos[0], "interval")?;
    if secs <= 0.0 {
        return Err(vm.value_error("switch interval must be strictly positive"));
    }
    vm.rt
        .sched
        .set_interval(std::time::Duration::from_secs_f64(secs));
    Ok(Value::None)
}

fn getswitchinterval(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Float(vm.rt.sched.interval().as_secs_f64()))
}

/// Python 2's `sys.setcheckinterval(n)`: a forced switch every n instructions,
/// which is what the lessons describe ("every 100 bytecodes").
fn setcheckinterval(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "setcheckinterval", &args, 1, 1)?;
    let n = expect_int(vm, &args.pos[0], "interval")?.max(1) as u64;
    vm.rt.sched.set_switch_ticks(n);
    vm.take_instructions();
    vm.new_quantum();
    Ok(Value::None)
}

fn getcheckinterval(vm: &mut Vm, _args: Args) -> PyResult {
    Ok(Value::Int(vm.rt.sched.switch_ticks() as i64))
}

/// `sys.gil_stats()`: per thread, a dict of the scheduler's counters.
fn gil_stats(vm: &mut Vm, _args: Args) -> PyResult {
    let n = vm.take_instructions();
    vm.rt.sched.add_instructions(vm.serial, n);
    let mut rows = Vec::new();
    for st in vm.rt.sched.stats() {
        let mut d = Dict::new();
        d.insert_str("name", Value::str(st.name.clone()));
        d.insert_str("instructions", Value::Int(st.instructions as i64));
        d.insert_str("held", Value::Float(st.held.as_secs_f64()));
        d.insert_str("waited", Value::Float(st.waited.as_secs_f64()));
        d.insert_str("forced_switches", Value::Int(st.forced_switches as i64));
        d.insert_str(
            "voluntary_switches",
            Value::Int(st.voluntary_switches as i64),
        );
        rows.push(vm.new_dict(d));
    }
    Ok(vm.new_list(rows))
}

/// `sys._format_exception(exc)`: the traceback text CPython would print for `exc`
/// (used by `threading.excepthook` and `traceback`).
fn format_exception(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "_format_exception", &args, 1, 1)?;
    match &args.pos[0] {
        Value::Obj(o) if vm.exc_data(o).is_some() => {
            let text = vm.format_exception(&crate::vm::Exc(o.clone()));
            Ok(Value::str(text))
        }
        other => {
            let t = vm.type_name(other);
            Err(vm.type_error(format!("expected an exception, got {t}")))
        }
    }
}

/// The sys module object.
pub fn module(vm: &Vm) -> Option<Obj> {
    vm.loaded_module("sys").and_then(|v| v.as_obj().cloned())
}
