//! The `os` module (POSIX only): process ids, the working directory,
//! directories and files, the environment, `urandom`, `walk`, `system`.
//! `os.path` is the native submodule in `path.rs`.
//!
//! Failures raise the `OSError` subclass CPython picks for the errno
//! (`FileNotFoundError: [Errno 2] No such file or directory: 'x'`); the
//! built-in `OSError` class gets its `__init__`/`__str__` from here.

pub mod path;

use std::io;
use std::sync::Arc;

use super::{arg, module_dict, native_class, new_native_instance, opt_arg, self_payload, set};
use crate::native::{add_function, add_method, check_args};
use crate::vm::{Args, Dict, Exc, GilCell, Obj, Object, PyResult, Value, Vm};

/// Fill the `os` module.
pub fn init(vm: &mut Vm, module: &Obj) -> PyResult<()> {
    let d = module_dict(vm, module)?;
    for (name, value) in [
        ("name", "posix"),
        ("sep", "/"),
        ("extsep", "."),
        ("pathsep", ":"),
        ("linesep", "\n"),
        ("curdir", "."),
        ("pardir", ".."),
        ("devnull", "/dev/null"),
    ] {
        set(vm, &d, name, Value::str(value));
    }
    set(vm, &d, "altsep", Value::None);
    let functions: &[(&'static str, crate::vm::NativeFn)] = &[
        ("getpid", getpid),
        ("getppid", getppid),
        ("getcwd", getcwd),
        ("chdir", chdir),
        ("listdir", listdir),
        ("mkdir", mkdir),
        ("makedirs", makedirs),
        ("remove", remove),
        ("unlink", unlink),
        ("rmdir", rmdir),
        ("rename", rename),
        ("replace", rename),
        ("getenv", getenv),
        ("putenv", putenv),
        ("unsetenv", unsetenv),
        ("cpu_count", cpu_count),
        ("urandom", urandom),
        ("strerror", strerror),
        ("fspath", fspath),
        ("system", system),
        ("walk", walk),
        ("_exit", exit_now),
        ("open", fd_open),
        ("close", fd_close),
        ("read", fd_read),
        ("write", fd_write),
        ("pipe", fd_pipe),
    ];
    for (name, f) in functions {
        add_function(vm, &d, name, *f);
    }
    for (name, value) in [
        ("O_RDONLY", libc::O_RDONLY),
        ("O_WRONLY", libc::O_WRONLY),
        ("O_RDWR", libc::O_RDWR),
        ("O_CREAT", libc::O_CREAT),
        ("O_EXCL", libc::O_EXCL),
        ("O_TRUNC", libc::O_TRUNC),
        ("O_APPEND", libc::O_APPEND),
        ("O_NONBLOCK", libc::O_NONBLOCK),
    ] {
        set(vm, &d, name, Value::Int(value as i64));
    }
    let environ = environ_snapshot(vm);
    set(vm, &d, "environ", environ);
    let error = vm.rt.types.exc("OSError").clone();
    set(vm, &d, "error", Value::Obj(error));
    let walker = native_class("_walk_iterator", "os", &vm.rt.types.object.clone());
    add_method(vm, &walker, "__iter__", walk_iter);
    add_method(vm, &walker, "__next__", walk_next);
    set(vm, &d, "_walk_iterator", Value::Obj(walker));
    let path = vm.import_module("os.path")?;
    set(vm, &d, "path", path);
    Ok(())
}

// ---------------------------------------------------------------------------
// OSError.

/// The OSError subclass CPython raises for an errno.
fn class_for_errno(errno: i32) -> &'static str {
    match errno {
        libc::ENOENT => "FileNotFoundError",
        libc::EEXIST => "FileExistsError",
        libc::EISDIR => "IsADirectoryError",
        libc::ENOTDIR => "NotADirectoryError",
        libc::EACCES | libc::EPERM => "PermissionError",
        libc::ESRCH => "ProcessLookupError",
        libc::ECHILD => "ChildProcessError",
        libc::EINTR => "InterruptedError",
        libc::ETIMEDOUT => "TimeoutError",
        libc::EPIPE | libc::ESHUTDOWN => "BrokenPipeError",
        libc::ECONNABORTED => "ConnectionAbortedError",
        libc::ECONNREFUSED => "ConnectionRefusedError",
        libc::ECONNRESET => "ConnectionResetError",
        libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => "BlockingIOError",
        _ => "OSError",
    }
}

/// The C library's message for an errno (`No such file or directory`).
pub fn strerror_text(errno: i32) -> String {
    let text = io::Error::from_raw_os_error(errno).to_string();
    // Rust appends " (os error N)".
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// An `OSError` (the right subclass) for a failed system call, as CPython
/// makes it: args `(errno, strerror)`, plus `filename` (and `filename2`).
pub fn os_error(
    vm: &mut Vm,
    err: &io::Error,
    filename: Option<Value>,
    filename2: Option<Value>,
) -> Exc {
    let Some(errno) = err.raw_os_error() else {
        return vm.new_error("OSError", err.to_string());
    };
    let class = vm.rt.types.exc(class_for_errno(errno)).clone();
    let e = vm.new_exception(
        &class,
        vec![Value::Int(errno as i64), Value::str(strerror_text(errno))],
    );
    if let Object::Instance(i) = &*e.0 {
        vm.instance_set_str(i, "filename", filename.unwrap_or(Value::None));
        vm.instance_set_str(i, "filename2", filename2.unwrap_or(Value::None));
    }
    e
}

/// Give the built-in OSError CPython's constructor and `str()`.
pub fn install_oserror(vm: &mut Vm) {
    let class = vm.rt.types.exc("OSError").clone();
    add_method(vm, &class, "__init__", oserror_init);
    add_method(vm, &class, "__str__", oserror_str);
    // Read when the instance has no value of its own.
    for name in ["filename", "filename2"] {
        crate::native::add_class_attr(vm, &class, name, Value::None);
    }
}

/// `OSError(errno, strerror[, filename[, winerror[, filename2]]])`: with a
/// filename, `args` keeps only `(errno, strerror)`.
fn oserror_init(vm: &mut Vm, args: Args) -> PyResult {
    let Some(Value::Obj(this)) = args.pos.first().cloned() else {
        return Ok(Value::None);
    };
    let mut given: Vec<Value> = args.pos[1..].to_vec();
    if (3..=5).contains(&given.len()) {
        if let Object::Instance(i) = &*this {
            vm.instance_set_str(i, "filename", given[2].clone());
            vm.instance_set_str(i, "filename2", given.get(4).cloned().unwrap_or(Value::None));
        }
        given.truncate(2);
    }
    if let Some(d) = vm.exc_data(&this) {
        d.borrow_mut(&vm.gil).args = given;
    }
    Ok(Value::None)
}

fn oserror_str(vm: &mut Vm, args: Args) -> PyResult {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    let Value::Obj(o) = &this else {
        return Ok(Value::str(""));
    };
    let exc_args = vm.exc_args(o);
    let filename = vm.getattr_str(&this, "filename").unwrap_or(Value::None);
    let filename2 = vm.getattr_str(&this, "filename2").unwrap_or(Value::None);
    if exc_args.len() == 2 {
        let errno = vm.to_str(&exc_args[0])?;
        let strerror = vm.to_str(&exc_args[1])?;
        let text = if !filename.is_none() {
            let f = vm.repr(&filename)?;
            if !filename2.is_none() {
                let f2 = vm.repr(&filename2)?;
                format!("[Errno {errno}] {strerror}: {f} -> {f2}")
            } else {
                format!("[Errno {errno}] {strerror}: {f}")
            }
        } else {
            format!("[Errno {errno}] {strerror}")
        };
        return Ok(Value::str(text));
    }
    // BaseException's str().
    match exc_args.as_slice() {
        [] => Ok(Value::str("")),
        [one] => Ok(Value::str(vm.to_str(one)?)),
        _ => {
            let t = vm.new_tuple(exc_args);
            Ok(Value::str(vm.repr(&t)?))
        }
    }
}

// ---------------------------------------------------------------------------
// Arguments.

/// A path argument: str, or an object with `__fspath__` (bytes paths are decoded).
pub fn path_arg(vm: &mut Vm, v: &Value, func: &str) -> PyResult<String> {
    if let Some(s) = fspath_of(vm, v)? {
        return Ok(s);
    }
    let t = vm.type_name(v);
    Err(vm.type_error(format!(
        "{func}: path should be string, bytes or os.PathLike, not {t}"
    )))
}

/// `os.fspath` without the error: None when `v` is not path-like.
pub fn fspath_of(vm: &mut Vm, v: &Value) -> PyResult<Option<String>> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Str(s) => Ok(Some(s.as_str().to_string())),
            Object::Bytes(b) => Ok(Some(String::from_utf8_lossy(b).into_owned())),
            _ => match vm.lookup_special(v, "__fspath__") {
                Some(f) => {
                    let r = vm.call(&f, Args::new([v.clone()]))?;
                    Ok(r.as_str().map(str::to_string))
                }
                None => Ok(None),
            },
        },
        _ => Ok(None),
    }
}

/// Run a file-system operation on one path, raising OSError with the filename.
fn with_path<T>(
    vm: &mut Vm,
    v: &Value,
    func: &str,
    op: impl FnOnce(&str) -> io::Result<T>,
) -> PyResult<T> {
    let p = path_arg(vm, v, func)?;
    op(&p).map_err(|e| os_error(vm, &e, Some(v.clone()), None))
}

// ---------------------------------------------------------------------------
// Processes and the working directory.

fn getpid(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "getpid", &args, 0, 0)?;
    Ok(Value::Int(std::process::id() as i64))
}

fn getppid(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "getppid", &args, 0, 0)?;
    // SAFETY: getppid has no preconditions.
    Ok(Value::Int(unsafe { libc::getppid() } as i64))
}

fn getcwd(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "getcwd", &args, 0, 0)?;
    match std::env::current_dir() {
        Ok(p) => Ok(Value::str(p.display().to_string())),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

fn chdir(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "chdir", &args, 1, 1)?;
    with_path(vm, &args.pos[0], "chdir", |p| std::env::set_current_dir(p))?;
    Ok(Value::None)
}

fn cpu_count(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "cpu_count", &args, 0, 0)?;
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    Ok(if n > 0 {
        Value::Int(n as i64)
    } else {
        Value::None
    })
}

fn system(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "system", &args, 1, 1)?;
    let cmd = path_arg(vm, &args.pos[0], "system")?;
    // The child writes to the real stdout: print what we buffered first.
    vm.rt.output.flush();
    let status = vm.allow_threads(|| {
        std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(&cmd)
            .status()
    });
    match status {
        Ok(s) => Ok(Value::Int(
            std::os::unix::process::ExitStatusExt::into_raw(s) as i64,
        )),
        Err(_) => Ok(Value::Int(127 << 8)),
    }
}

fn exit_now(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "_exit", &args, 1, 1)?;
    let code = crate::native::expect_int(vm, &args.pos[0], "status")?;
    vm.rt.output.flush();
    std::process::exit(code as i32)
}

fn strerror(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "strerror", &args, 1, 1)?;
    let code = crate::native::expect_int(vm, &args.pos[0], "code")?;
    Ok(Value::str(strerror_text(code as i32)))
}

fn fspath(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "fspath", &args, 1, 1)?;
    let v = &args.pos[0];
    if matches!(v, Value::Obj(o) if matches!(&**o, Object::Str(_) | Object::Bytes(_))) {
        return Ok(v.clone());
    }
    match fspath_of(vm, v)? {
        Some(s) => Ok(Value::str(s)),
        None => {
            let t = vm.type_name(v);
            Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {t}"
            )))
        }
    }
}

// ---------------------------------------------------------------------------
// Directories and files.

fn listdir(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "listdir", &args, 0, 1)?;
    let p = opt_arg(&mut args, 0, "path").unwrap_or_else(|| Value::str("."));
    if fspath_of(vm, &p)?.is_none() {
        let t = vm.type_name(&p);
        return Err(vm.type_error(format!(
            "listdir: path should be string, bytes, os.PathLike, integer or None, not {t}"
        )));
    }
    let names = with_path(vm, &p, "listdir", |path| {
        std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<io::Result<Vec<String>>>()
    })?;
    Ok(vm.new_list(names.into_iter().map(Value::str).collect()))
}

fn mkdir(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "mkdir", &args, 1, 2)?;
    let mode = mode_arg(vm, &mut args)?;
    with_path(vm, &args.pos[0], "mkdir", |p| make_dir(p, mode))?;
    Ok(Value::None)
}

fn mode_arg(vm: &mut Vm, args: &mut Args) -> PyResult<u32> {
    match arg(args, 1, "mode") {
        Some(m) => Ok(crate::native::expect_int(vm, &m, "mode")? as u32),
        None => Ok(0o777),
    }
}

fn make_dir(path: &str, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().mode(mode).create(path)
}

fn makedirs(vm: &mut Vm, mut args: Args) -> PyResult {
    let exist_ok = args.take_kw("exist_ok");
    let exist_ok = match exist_ok.or_else(|| args.pos.get(2).cloned()) {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    args.pos.truncate(2);
    check_args(vm, "makedirs", &args, 1, 2)?;
    let mode = mode_arg(vm, &mut args)?;
    let name = path_arg(vm, &args.pos[0], "makedirs")?;
    // Create the missing parents first, as CPython's recursive makedirs.
    let (head, tail) = path::split(&name);
    let (head, tail) = if tail.is_empty() {
        path::split(&head)
    } else {
        (head, tail)
    };
    if !head.is_empty() && !tail.is_empty() && !std::path::Path::new(&head).exists() {
        let mut a = Args::new([Value::str(head.clone())]);
        a.kw.push((Arc::from("exist_ok"), Value::Bool(true)));
        makedirs(vm, a)?;
    }
    match make_dir(&name, mode) {
        Ok(()) => Ok(Value::None),
        Err(e) if exist_ok && std::path::Path::new(&name).is_dir() => {
            let _ = e;
            Ok(Value::None)
        }
        Err(e) => Err(os_error(vm, &e, Some(args.pos[0].clone()), None)),
    }
}

fn remove(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "remove", &args, 1, 1)?;
    with_path(vm, &args.pos[0], "remove", remove_file)?;
    Ok(Value::None)
}

fn unlink(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "unlink", &args, 1, 1)?;
    with_path(vm, &args.pos[0], "unlink", remove_file)?;
    Ok(Value::None)
}

/// `unlink(2)`: on a directory it fails with EISDIR as CPython reports it.
fn remove_file(p: &str) -> io::Result<()> {
    std::fs::remove_file(p)
}

fn rmdir(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "rmdir", &args, 1, 1)?;
    with_path(vm, &args.pos[0], "rmdir", |p| std::fs::remove_dir(p))?;
    Ok(Value::None)
}

fn rename(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "rename", &args, 2, 2)?;
    let src = path_arg(vm, &args.pos[0], "rename")?;
    let dst = path_arg(vm, &args.pos[1], "rename")?;
    match std::fs::rename(&src, &dst) {
        Ok(()) => Ok(Value::None),
        Err(e) => Err(os_error(
            vm,
            &e,
            Some(args.pos[0].clone()),
            Some(args.pos[1].clone()),
        )),
    }
}

// ---------------------------------------------------------------------------
// File descriptors.

/// The result of a system call returning -1 on error, as an OSError.
fn check_errno(vm: &mut Vm, r: isize, filename: Option<Value>) -> PyResult<isize> {
    if r < 0 {
        let e = io::Error::last_os_error();
        return Err(os_error(vm, &e, filename, None));
    }
    Ok(r)
}

fn fd_arg(vm: &mut Vm, v: &Value) -> PyResult<libc::c_int> {
    Ok(crate::native::expect_int(vm, v, "fd")? as libc::c_int)
}

fn fd_open(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "open", &args, 2, 3)?;
    let path = path_arg(vm, &args.pos[0], "open")?;
    let flags = crate::native::expect_int(vm, &args.pos[1], "flags")? as libc::c_int;
    let mode = match arg(&mut args, 2, "mode") {
        Some(m) => crate::native::expect_int(vm, &m, "mode")? as libc::c_uint,
        None => 0o777,
    };
    let Ok(cpath) = std::ffi::CString::new(path) else {
        return Err(vm.value_error("embedded null byte"));
    };
    // SAFETY: `cpath` is a valid NUL-terminated string.
    let fd = unsafe { libc::open(cpath.as_ptr(), flags | libc::O_CLOEXEC, mode) };
    let fd = check_errno(vm, fd as isize, Some(args.pos[0].clone()))?;
    Ok(Value::Int(fd as i64))
}

fn fd_close(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "close", &args, 1, 1)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    // SAFETY: closing a descriptor number has no memory-safety preconditions.
    let r = unsafe { libc::close(fd) };
    check_errno(vm, r as isize, None)?;
    Ok(Value::None)
}

fn fd_read(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "read", &args, 2, 2)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let n = crate::native::expect_int(vm, &args.pos[1], "length")?;
    if n < 0 {
        return Err(vm.value_error("negative buffersize in read"));
    }
    let mut buf = vec![0u8; n as usize];
    // SAFETY: `buf` has `n` writable bytes; the GIL is released around the blocking call.
    let r = vm.allow_threads(|| unsafe {
        libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len())
    });
    let r = check_errno(vm, r, None)?;
    buf.truncate(r as usize);
    Ok(Value::from_obj(Object::Bytes(buf.into_boxed_slice())))
}

fn fd_write(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "write", &args, 2, 2)?;
    let fd = fd_arg(vm, &args.pos[0])?;
    let data: Vec<u8> = match &args.pos[1] {
        Value::Obj(o) => match &**o {
            Object::Bytes(b) => b.to_vec(),
            Object::ByteArray(b) => b.borrow(&vm.gil).clone(),
            _ => {
                let t = vm.type_name(&args.pos[1]);
                return Err(vm.type_error(format!("a bytes-like object is required, not '{t}'")));
            }
        },
        v => {
            let t = vm.type_name(v);
            return Err(vm.type_error(format!("a bytes-like object is required, not '{t}'")));
        }
    };
    // SAFETY: `data` is a valid buffer of its length.
    let r = vm.allow_threads(|| unsafe {
        libc::write(fd, data.as_ptr() as *const libc::c_void, data.len())
    });
    let r = check_errno(vm, r, None)?;
    Ok(Value::Int(r as i64))
}

fn fd_pipe(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "pipe", &args, 0, 0)?;
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` has room for the two descriptors.
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    check_errno(vm, r as isize, None)?;
    Ok(vm.new_tuple(vec![Value::Int(fds[0] as i64), Value::Int(fds[1] as i64)]))
}

// ---------------------------------------------------------------------------
// The environment.

/// `os.environ`: a plain dict copied at import (changes do not reach child processes).
fn environ_snapshot(vm: &mut Vm) -> Value {
    let mut d = Dict::new();
    for (k, v) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        d.insert_str(&k, Value::str(v.to_string_lossy().into_owned()));
    }
    vm.new_dict(d)
}

fn getenv(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "getenv", &args, 1, 2)?;
    let default = arg(&mut args, 1, "default").unwrap_or(Value::None);
    let Some(key) = args.pos[0].as_str() else {
        let t = vm.type_name(&args.pos[0]);
        return Err(vm.type_error(format!("str expected, not {t}")));
    };
    Ok(std::env::var_os(key)
        .map(|v| Value::str(v.to_string_lossy().into_owned()))
        .unwrap_or(default))
}

/// An environment variable name or value: str without NUL (and no `=` in names).
fn env_text(vm: &mut Vm, v: &Value, is_name: bool) -> PyResult<String> {
    let Some(s) = v.as_str() else {
        let t = vm.type_name(v);
        return Err(vm.type_error(format!("str expected, not {t}")));
    };
    if s.contains('\0') {
        return Err(vm.value_error("embedded null byte"));
    }
    if is_name && (s.is_empty() || s.contains('=')) {
        return Err(vm.value_error("illegal environment variable name"));
    }
    Ok(s.to_string())
}

fn putenv(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "putenv", &args, 2, 2)?;
    let k = env_text(vm, &args.pos[0], true)?;
    let v = env_text(vm, &args.pos[1], false)?;
    std::env::set_var(k, v);
    Ok(Value::None)
}

fn unsetenv(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "unsetenv", &args, 1, 1)?;
    let k = env_text(vm, &args.pos[0], true)?;
    std::env::remove_var(k);
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// Randomness.

/// `n` bytes from the OS's random source (getrandom(2)). The one place OS
/// entropy is read.
pub fn urandom_bytes(n: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    let mut filled = 0;
    while filled < n {
        // SAFETY: the pointer and length describe the unfilled tail of `buf`.
        let r = unsafe {
            libc::getrandom(
                buf[filled..].as_mut_ptr() as *mut libc::c_void,
                n - filled,
                0,
            )
        };
        if r < 0 {
            let e = io::Error::last_os_error();
            if e.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e);
        }
        filled += r as usize;
    }
    Ok(buf)
}

fn urandom(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "urandom", &args, 1, 1)?;
    let n = crate::native::expect_int(vm, &args.pos[0], "size")?;
    if n < 0 {
        return Err(vm.value_error("negative argument not allowed"));
    }
    match urandom_bytes(n as usize) {
        Ok(b) => Ok(Value::from_obj(Object::Bytes(b.into_boxed_slice()))),
        Err(e) => Err(os_error(vm, &e, None, None)),
    }
}

// ---------------------------------------------------------------------------
// `os.walk`: a lazy iterator, so a top-down caller can prune `dirnames` in place.

/// One step of a walk: (directory, subdirectory names, other names).
type Triple = (String, Vec<String>, Vec<String>);

struct Walk {
    /// Directories still to visit, the next one last.
    stack: Vec<String>,
    /// The last directory yielded top-down and its `dirnames` list, expanded on the next step.
    pending: Option<(String, Value)>,
    topdown: bool,
    followlinks: bool,
    onerror: Value,
    /// Bottom-up: every triple, computed on the first step.
    bottom_up: Option<std::collections::VecDeque<Triple>>,
}

/// The names in a directory, split into (subdirectories, others); symlinks to directories count as directories.
fn scan(dir: &str) -> io::Result<(Vec<String>, Vec<String>)> {
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = match entry.file_type() {
            Ok(t) if t.is_symlink() => std::fs::metadata(entry.path())
                .map(|m| m.is_dir())
                .unwrap_or(false),
            Ok(t) => t.is_dir(),
            Err(_) => false,
        };
        if is_dir {
            dirs.push(name);
        } else {
            files.push(name);
        }
    }
    Ok((dirs, files))
}

fn is_link(p: &str) -> bool {
    std::fs::symlink_metadata(p)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false)
}

fn walk(vm: &mut Vm, mut args: Args) -> PyResult {
    let top = arg(&mut args, 0, "top");
    let topdown = arg(&mut args, 1, "topdown");
    let onerror = arg(&mut args, 2, "onerror").unwrap_or(Value::None);
    let followlinks = arg(&mut args, 3, "followlinks");
    let Some(top) = top else {
        return Err(vm.type_error("walk() missing 1 required positional argument: 'top'"));
    };
    let top = path_arg(vm, &top, "walk")?;
    let topdown = match topdown {
        Some(v) => vm.truthy(&v)?,
        None => true,
    };
    let followlinks = match followlinks {
        Some(v) => vm.truthy(&v)?,
        None => false,
    };
    let walk = Walk {
        stack: vec![top],
        pending: None,
        topdown,
        followlinks,
        onerror,
        bottom_up: None,
    };
    let class = vm
        .loaded_module("os")
        .and_then(|m| vm.getattr_str(&m, "_walk_iterator").ok())
        .and_then(|c| c.as_obj().cloned());
    let class = match class {
        Some(c) => c,
        None => return Err(vm.new_error("ImportError", "os is not initialised")),
    };
    Ok(new_native_instance(&class, GilCell::new(walk)))
}

fn walk_iter(vm: &mut Vm, args: Args) -> PyResult {
    self_payload::<GilCell<Walk>>(vm, &args, "__iter__", "os._walk_iterator")?;
    Ok(args.pos[0].clone())
}

fn walk_next(vm: &mut Vm, args: Args) -> PyResult {
    let w = self_payload::<GilCell<Walk>>(vm, &args, "__next__", "os._walk_iterator")?;
    let topdown = w.borrow(&vm.gil).topdown;
    if !topdown {
        return walk_next_bottom_up(vm, w);
    }
    // Descend into the subdirectories the caller left in the last `dirnames`.
    let pending = w.borrow_mut(&vm.gil).pending.take();
    if let Some((top, dirs)) = pending {
        let names = vm.collect(&dirs)?;
        let followlinks = w.borrow(&vm.gil).followlinks;
        let mut children = Vec::new();
        for n in names {
            let name = path_arg(vm, &n, "walk")?;
            let child = path::join2(&top, &name);
            if followlinks || !is_link(&child) {
                children.push(child);
            }
        }
        w.borrow_mut(&vm.gil)
            .stack
            .extend(children.into_iter().rev());
    }
    loop {
        let Some(dir) = w.borrow_mut(&vm.gil).stack.pop() else {
            return Err(vm.stop_iteration(Value::None));
        };
        match scan(&dir) {
            Ok((dirs, files)) => {
                let dirs = vm.new_list(dirs.into_iter().map(Value::str).collect());
                let files = vm.new_list(files.into_iter().map(Value::str).collect());
                w.borrow_mut(&vm.gil).pending = Some((dir.clone(), dirs.clone()));
                return Ok(vm.new_tuple(vec![Value::str(dir), dirs, files]));
            }
            Err(e) => report_walk_error(vm, w, &e, &dir)?,
        }
    }
}

/// Pass a listing error to `onerror`, if given (otherwise the directory is skipped).
fn report_walk_error(vm: &mut Vm, w: &GilCell<Walk>, e: &io::Error, dir: &str) -> PyResult<()> {
    let onerror = w.borrow(&vm.gil).onerror.clone();
    if !onerror.is_none() {
        let exc = os_error(vm, e, Some(Value::str(dir)), None);
        vm.call(&onerror, Args::new([exc.value()]))?;
    }
    Ok(())
}

fn walk_next_bottom_up(vm: &mut Vm, w: &GilCell<Walk>) -> PyResult {
    if w.borrow(&vm.gil).bottom_up.is_none() {
        let (top, followlinks) = {
            let w = w.borrow(&vm.gil);
            (w.stack.first().cloned().unwrap_or_default(), w.followlinks)
        };
        let mut out = std::collections::VecDeque::new();
        let mut errors = Vec::new();
        collect_bottom_up(&top, followlinks, &mut out, &mut errors);
        for (dir, e) in errors {
            report_walk_error(vm, w, &e, &dir)?;
        }
        w.borrow_mut(&vm.gil).bottom_up = Some(out);
    }
    let next = w
        .borrow_mut(&vm.gil)
        .bottom_up
        .as_mut()
        .and_then(|q| q.pop_front());
    match next {
        Some((dir, dirs, files)) => {
            let dirs = vm.new_list(dirs.into_iter().map(Value::str).collect());
            let files = vm.new_list(files.into_iter().map(Value::str).collect());
            Ok(vm.new_tuple(vec![Value::str(dir), dirs, files]))
        }
        None => Err(vm.stop_iteration(Value::None)),
    }
}

fn collect_bottom_up(
    dir: &str,
    followlinks: bool,
    out: &mut std::collections::VecDeque<Triple>,
    errors: &mut Vec<(String, io::Error)>,
) {
    match scan(dir) {
        Ok((dirs, files)) => {
            for d in &dirs {
                let child = path::join2(dir, d);
                if followlinks || !is_link(&child) {
                    collect_bottom_up(&child, followlinks, out, errors);
                }
            }
            out.push_back((dir.to_string(), dirs, files));
        }
        Err(e) => errors.push((dir.to_string(), e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;

    fn os_fn(vm: &mut Vm, name: &str) -> Value {
        let m = vm.import_module("os").unwrap();
        vm.getattr_str(&m, name).unwrap()
    }

    fn call(vm: &mut Vm, name: &str, args: Vec<Value>) -> Result<Value, String> {
        let f = os_fn(vm, name);
        vm.call(&f, Args::new(args))
            .map_err(|e| crate::native::modules::error_text(vm, &e))
    }

    fn scratch(name: &str) -> String {
        let d = std::env::temp_dir().join(format!("conc-os-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d.display().to_string()
    }

    #[test]
    fn errors_have_cpython_text() {
        let mut vm = test_vm();
        let e = call(&mut vm, "remove", vec![Value::str("/nonexistent/x")]).unwrap_err();
        assert_eq!(
            e,
            "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/x'"
        );
        let e = call(
            &mut vm,
            "rename",
            vec![Value::str("/nonexistent/a"), Value::str("/nonexistent/b")],
        )
        .unwrap_err();
        assert_eq!(e, "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/a' -> '/nonexistent/b'");
        let e = call(&mut vm, "mkdir", vec![Value::str("/")]).unwrap_err();
        assert!(
            e.starts_with("FileExistsError: [Errno 17] File exists: '/'"),
            "{e}"
        );
    }

    #[test]
    fn oserror_constructed_by_scripts() {
        let mut vm = test_vm();
        let class = Value::Obj(vm.rt.types.exc("OSError").clone());
        let e = vm
            .call(
                &class,
                Args::new([Value::Int(2), Value::str("x"), Value::str("f")]),
            )
            .unwrap();
        assert_eq!(vm.to_str(&e).unwrap(), "[Errno 2] x: 'f'");
        let a = vm.getattr_str(&e, "args").unwrap();
        assert_eq!(vm.repr(&a).unwrap(), "(2, 'x')");
        let e = vm
            .call(&class, Args::new([Value::Int(2), Value::str("x")]))
            .unwrap();
        assert_eq!(vm.to_str(&e).unwrap(), "[Errno 2] x");
        assert!(vm.getattr_str(&e, "filename").unwrap().is_none());
        let e = vm.call(&class, Args::new([Value::str("plain")])).unwrap();
        assert_eq!(vm.to_str(&e).unwrap(), "plain");
        assert!(vm.getattr_str(&e, "errno").unwrap().is_none());
    }

    #[test]
    fn directories_and_walk() {
        let mut vm = test_vm();
        let root = scratch("walk");
        let deep = format!("{root}/a/b");
        call(&mut vm, "makedirs", vec![Value::str(deep.clone())]).unwrap();
        let e = call(&mut vm, "makedirs", vec![Value::str(deep.clone())]).unwrap_err();
        assert!(e.starts_with("FileExistsError"), "{e}");
        let f = os_fn(&mut vm, "makedirs");
        let mut a = Args::new([Value::str(deep.clone())]);
        a.kw.push((Arc::from("exist_ok"), Value::Bool(true)));
        vm.call(&f, a).unwrap();
        std::fs::write(format!("{root}/a/f.txt"), "x").unwrap();
        let l = call(&mut vm, "listdir", vec![Value::str(format!("{root}/a"))]).unwrap();
        let mut names: Vec<String> = vm
            .collect(&l)
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        names.sort();
        assert_eq!(names, ["b", "f.txt"]);
        let w = call(&mut vm, "walk", vec![Value::str(root.clone())]).unwrap();
        let triples = vm.collect(&w).unwrap();
        let text: Vec<String> = triples
            .iter()
            .map(|t| vm.repr(t).unwrap().replace(&root, "R"))
            .collect();
        assert_eq!(
            text,
            [
                "('R', ['a'], [])",
                "('R/a', ['b'], ['f.txt'])",
                "('R/a/b', [], [])"
            ]
        );
        call(
            &mut vm,
            "remove",
            vec![Value::str(format!("{root}/a/f.txt"))],
        )
        .unwrap();
        call(&mut vm, "rmdir", vec![Value::str(deep)]).unwrap();
        call(&mut vm, "rmdir", vec![Value::str(format!("{root}/a"))]).unwrap();
        call(&mut vm, "rmdir", vec![Value::str(root)]).unwrap();
    }

    #[test]
    fn process_and_environment() {
        let mut vm = test_vm();
        let pid = call(&mut vm, "getpid", vec![]).unwrap();
        assert!(matches!(pid, Value::Int(p) if p == std::process::id() as i64));
        let b = call(&mut vm, "urandom", vec![Value::Int(16)]).unwrap();
        assert_eq!(vm.len(&b).unwrap(), 16);
        let home = call(
            &mut vm,
            "getenv",
            vec![Value::str("CONC_SURELY_UNSET"), Value::str("d")],
        )
        .unwrap();
        assert_eq!(home.as_str(), Some("d"));
        let m = vm.import_module("os").unwrap();
        let p = vm.getattr_str(&m, "path").unwrap();
        let join = vm.getattr_str(&p, "join").unwrap();
        let j = vm
            .call(&join, Args::new([Value::str("a"), Value::str("b")]))
            .unwrap();
        assert_eq!(j.as_str(), Some("a/b"));
    }
}
