//! `open()` and file objects: text (UTF-8) and binary, read and write, as
//! context managers and line iterators. Reads and writes release the GIL.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};

use super::{add_method, check_args, expect_int, expect_str};
use crate::vm::object::{ClassKind, Instance, Payload};
use crate::vm::types::new_class;
use crate::vm::{Args, GilCell, Obj, Object, PyResult, Value, Vm};

/// An open file: the OS handle and how it was opened.
struct FileState {
    file: Option<File>,
    /// Text mode decodes/encodes UTF-8; binary mode gives bytes.
    binary: bool,
    readable: bool,
    writable: bool,
    /// Bytes read from the OS but not yet returned (line reads).
    buffer: Vec<u8>,
}

struct FileObject {
    state: GilCell<FileState>,
    name: String,
    mode: String,
}

/// Install `open` into builtins.
pub fn install(vm: &mut Vm) {
    let class = new_class(
        "TextIOWrapper",
        "_io",
        vec![vm.rt.types.object.clone()],
        ClassKind::Object,
    );
    for (name, f) in [
        ("read", read as crate::vm::NativeFn),
        ("readline", readline),
        ("readlines", readlines),
        ("write", write),
        ("writelines", writelines),
        ("close", close),
        ("flush", flush),
        ("seek", seek),
        ("tell", tell),
        ("fileno", fileno),
        ("readable", readable),
        ("writable", writable),
        ("__enter__", enter),
        ("__exit__", exit),
        ("__iter__", enter),
        ("__next__", next_line),
        ("__repr__", repr),
    ] {
        add_method(vm, &class, name, f);
    }
    let open_fn = super::native_closure("open", open, Value::Obj(class));
    vm.set_builtin("open", open_fn);
}

fn io_error(vm: &mut Vm, e: &std::io::Error, filename: &str) -> crate::vm::Exc {
    let errno = e.raw_os_error().unwrap_or(0);
    let class = match e.kind() {
        std::io::ErrorKind::NotFound => "FileNotFoundError",
        std::io::ErrorKind::PermissionDenied => "PermissionError",
        std::io::ErrorKind::AlreadyExists => "FileExistsError",
        _ if errno == libc::EISDIR => "IsADirectoryError",
        _ if errno == libc::ENOTDIR => "NotADirectoryError",
        _ => "OSError",
    };
    let text = crate::interpreter::errno_text(e);
    let reason = text
        .split_once("] ")
        .map(|(_, r)| r.to_string())
        .unwrap_or(text);
    let class = Value::Obj(vm.rt.types.exc(class).clone());
    // Through the class, so OSError's __init__ sets errno, strerror and filename.
    let args = Args::new([
        Value::Int(errno as i64),
        Value::str(reason),
        Value::str(filename),
    ]);
    match vm.call(&class, args).and_then(|v| vm.make_raisable(v)) {
        Ok(exc) => exc,
        Err(exc) => exc,
    }
}

fn open(vm: &mut Vm, mut args: Args) -> PyResult {
    let class = match args.pos.first() {
        Some(Value::Obj(c)) => c.clone(),
        _ => return Err(vm.type_error("open: no file class")),
    };
    args.pos.remove(0);
    let mode = args.take_kw("mode").or_else(|| args.pos.get(1).cloned());
    let _encoding = args.take_kw("encoding");
    let _errors = args.take_kw("errors");
    let _newline = args.take_kw("newline");
    let _buffering = args.take_kw("buffering");
    let file_arg = args.take_kw("file").or_else(|| args.pos.first().cloned());
    let Some(file_arg) = file_arg else {
        return Err(vm.type_error("open() missing required argument 'file' (pos 1)"));
    };
    let name = match &file_arg {
        Value::Obj(o) if matches!(&**o, Object::Str(_)) => expect_str(vm, &file_arg, "file")?,
        Value::Obj(o) if matches!(&**o, Object::Bytes(_)) => match &**o {
            Object::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            _ => String::new(),
        },
        other => {
            let t = vm.type_name(other);
            return Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {t}"
            )));
        }
    };
    let mode = match &mode {
        Some(m) => expect_str(vm, m, "mode")?,
        None => "r".to_string(),
    };
    let binary = mode.contains('b');
    let plus = mode.contains('+');
    let mut opts = OpenOptions::new();
    let (readable, writable) = match mode.chars().find(|c| "rwax".contains(*c)) {
        Some('r') | None => {
            opts.read(true).write(plus);
            (true, plus)
        }
        Some('w') => {
            opts.write(true).create(true).truncate(true).read(plus);
            (plus, true)
        }
        Some('a') => {
            opts.append(true).create(true).read(plus);
            (plus, true)
        }
        Some('x') => {
            opts.write(true).create_new(true).read(plus);
            (plus, true)
        }
        Some(_) => unreachable!(),
    };
    if mode.chars().any(|c| !"rwaxbt+U".contains(c)) {
        return Err(vm.value_error(format!("invalid mode: '{mode}'")));
    }
    let opened = vm.allow_threads(|| opts.open(&name));
    let file = opened.map_err(|e| io_error(vm, &e, &name))?;
    if file.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        let e = std::io::Error::from_raw_os_error(libc::EISDIR);
        return Err(io_error(vm, &e, &name));
    }
    let obj = FileObject {
        state: GilCell::new(FileState {
            file: Some(file),
            binary,
            readable,
            writable,
            buffer: Vec::new(),
        }),
        name: name.clone(),
        mode,
    };
    let inst = Value::from_obj(Object::Instance(Instance::new(
        class,
        Payload::Native(Box::new(obj)),
    )));
    if let Value::Obj(o) = &inst {
        if let Object::Instance(i) = &**o {
            vm.instance_set_str(i, "name", Value::str(name));
        }
    }
    Ok(inst)
}

fn this(vm: &mut Vm, args: &Args) -> PyResult<Obj> {
    match args.pos.first() {
        Some(Value::Obj(o)) if file_of(o).is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("descriptor requires a file object")),
    }
}

fn file_of(o: &Obj) -> Option<&FileObject> {
    match &**o {
        Object::Instance(Instance {
            payload: Payload::Native(p),
            ..
        }) => p.downcast_ref::<FileObject>(),
        _ => None,
    }
}

/// Take the OS file out (so the GIL can be released around I/O), checking it is open.
fn take_file(vm: &mut Vm, f: &FileObject) -> PyResult<File> {
    let file = f.state.borrow_mut(&vm.gil).file.take();
    match file {
        Some(file) => Ok(file),
        None => Err(vm.value_error("I/O operation on closed file.")),
    }
}

fn put_file(vm: &Vm, f: &FileObject, file: File) {
    f.state.borrow_mut(&vm.gil).file = Some(file);
}

fn make_result(vm: &mut Vm, f: &FileObject, bytes: Vec<u8>) -> PyResult {
    if f.state.borrow(&vm.gil).binary {
        return Ok(Value::from_obj(Object::Bytes(bytes.into_boxed_slice())));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Value::str(s)),
        Err(e) => Err(vm.new_error(
            "UnicodeDecodeError",
            format!(
                "'utf-8' codec can't decode byte at position {}: invalid start byte",
                e.utf8_error().valid_up_to()
            ),
        )),
    }
}

fn check_readable(vm: &mut Vm, f: &FileObject) -> PyResult<()> {
    if !f.state.borrow(&vm.gil).readable {
        let class = vm.rt.types.exc("OSError").clone();
        return Err(vm.new_exception(&class, vec![Value::str("not readable")]));
    }
    Ok(())
}

fn read(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "read", &args, 1, 2)?;
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    check_readable(vm, f)?;
    let size = match args.pos.get(1) {
        Some(Value::None) | None => -1,
        Some(v) => expect_int(vm, v, "size")?,
    };
    let mut file = take_file(vm, f)?;
    let mut data = std::mem::take(&mut f.state.borrow_mut(&vm.gil).buffer);
    let r = vm.allow_threads(|| {
        if size < 0 {
            file.read_to_end(&mut data).map(|_| ())
        } else {
            let want = size as usize;
            let mut chunk = vec![0u8; want.saturating_sub(data.len())];
            let mut got = 0;
            while got < chunk.len() {
                match file.read(&mut chunk[got..]) {
                    Ok(0) => break,
                    Ok(n) => got += n,
                    Err(e) => return Err(e),
                }
            }
            chunk.truncate(got);
            data.extend(chunk);
            Ok(())
        }
    });
    put_file(vm, f, file);
    r.map_err(|e| io_error(vm, &e, &f.name))?;
    if size >= 0 && data.len() > size as usize {
        let rest = data.split_off(size as usize);
        f.state.borrow_mut(&vm.gil).buffer = rest;
    }
    make_result(vm, f, data)
}

/// One line including its newline ("" at the end of the file).
fn read_line(vm: &mut Vm, f: &FileObject) -> PyResult<Vec<u8>> {
    check_readable(vm, f)?;
    let mut file = take_file(vm, f)?;
    let mut buf = std::mem::take(&mut f.state.borrow_mut(&vm.gil).buffer);
    let r = vm.allow_threads(|| -> std::io::Result<()> {
        let mut chunk = [0u8; 8192];
        while !buf.contains(&b'\n') {
            let n = file.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        Ok(())
    });
    put_file(vm, f, file);
    r.map_err(|e| io_error(vm, &e, &f.name))?;
    let line = match buf.iter().position(|b| *b == b'\n') {
        Some(i) => {
            let rest = buf.split_off(i + 1);
            std::mem::replace(&mut buf, rest)
        }
        None => std::mem::take(&mut buf),
    };
    f.state.borrow_mut(&vm.gil).buffer = buf;
    Ok(line)
}

fn readline(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let line = read_line(vm, f)?;
    make_result(vm, f, line)
}

fn readlines(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let mut lines = Vec::new();
    loop {
        let line = read_line(vm, f)?;
        if line.is_empty() {
            break;
        }
        lines.push(make_result(vm, f, line)?);
    }
    Ok(vm.new_list(lines))
}

fn next_line(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let line = read_line(vm, f)?;
    if line.is_empty() {
        return Err(vm.stop_iteration(Value::None));
    }
    make_result(vm, f, line)
}

fn write_bytes(vm: &mut Vm, f: &FileObject, data: &Value) -> PyResult<usize> {
    if !f.state.borrow(&vm.gil).writable {
        let class = vm.rt.types.exc("OSError").clone();
        return Err(vm.new_exception(&class, vec![Value::str("not writable")]));
    }
    let binary = f.state.borrow(&vm.gil).binary;
    let (bytes, count) = match (binary, data) {
        (false, v) if v.as_str().is_some() => {
            let s = v.as_str().unwrap_or("");
            (s.as_bytes().to_vec(), s.chars().count())
        }
        (true, Value::Obj(o)) if matches!(&**o, Object::Bytes(_) | Object::ByteArray(_)) => {
            let b = match &**o {
                Object::Bytes(b) => b.to_vec(),
                Object::ByteArray(b) => b.borrow(&vm.gil).clone(),
                _ => Vec::new(),
            };
            let n = b.len();
            (b, n)
        }
        (false, other) => {
            let t = vm.type_name(other);
            return Err(vm.type_error(format!("write() argument must be str, not {t}")));
        }
        (true, other) => {
            let t = vm.type_name(other);
            return Err(vm.type_error(format!("a bytes-like object is required, not '{t}'")));
        }
    };
    let mut file = take_file(vm, f)?;
    let r = vm.allow_threads(|| file.write_all(&bytes));
    put_file(vm, f, file);
    r.map_err(|e| io_error(vm, &e, &f.name))?;
    Ok(count)
}

fn write(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "write", &args, 2, 2)?;
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let n = write_bytes(vm, f, &args.pos[1])?;
    Ok(Value::Int(n as i64))
}

fn writelines(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "writelines", &args, 2, 2)?;
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    for line in vm.collect(&args.pos[1])? {
        write_bytes(vm, f, &line)?;
    }
    Ok(Value::None)
}

fn close(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let file = f.state.borrow_mut(&vm.gil).file.take();
    drop(file);
    if let Object::Instance(i) = &*o {
        vm.instance_set_str(i, "closed", Value::Bool(true));
    }
    Ok(Value::None)
}

fn flush(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    if let Some(file) = f.state.borrow_mut(&vm.gil).file.as_mut() {
        let _ = file.flush();
    }
    Ok(Value::None)
}

fn seek(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "seek", &args, 2, 3)?;
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let off = expect_int(vm, &args.pos[1], "offset")?;
    let whence = match args.pos.get(2) {
        Some(v) => expect_int(vm, v, "whence")?,
        None => 0,
    };
    let pos = match whence {
        0 => SeekFrom::Start(off.max(0) as u64),
        1 => SeekFrom::Current(off),
        _ => SeekFrom::End(off),
    };
    let mut file = take_file(vm, f)?;
    f.state.borrow_mut(&vm.gil).buffer.clear();
    let r = file.seek(pos);
    put_file(vm, f, file);
    let n = r.map_err(|e| io_error(vm, &e, &f.name))?;
    Ok(Value::Int(n as i64))
}

fn tell(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let mut file = take_file(vm, f)?;
    let r = file.stream_position();
    put_file(vm, f, file);
    let n = r.map_err(|e| io_error(vm, &e, &f.name))?;
    let buffered = f.state.borrow(&vm.gil).buffer.len() as u64;
    Ok(Value::Int((n - buffered) as i64))
}

fn fileno(vm: &mut Vm, args: Args) -> PyResult {
    use std::os::fd::AsRawFd;
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let fd = f.state.borrow(&vm.gil).file.as_ref().map(|f| f.as_raw_fd());
    match fd {
        Some(fd) => Ok(Value::Int(fd as i64)),
        None => Err(vm.value_error("I/O operation on closed file.")),
    }
}

fn readable(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let r = file_of(&o).expect("file").state.borrow(&vm.gil).readable;
    Ok(Value::Bool(r))
}

fn writable(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let w = file_of(&o).expect("file").state.borrow(&vm.gil).writable;
    Ok(Value::Bool(w))
}

fn enter(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    if file_of(&o)
        .expect("file")
        .state
        .borrow(&vm.gil)
        .file
        .is_none()
    {
        return Err(vm.value_error("I/O operation on closed file."));
    }
    Ok(Value::Obj(o))
}

fn exit(vm: &mut Vm, args: Args) -> PyResult {
    close(vm, Args::new([args.pos[0].clone()]))?;
    Ok(Value::Bool(false))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult {
    let o = this(vm, &args)?;
    let f = file_of(&o).expect("file");
    let binary = f.state.borrow(&vm.gil).binary;
    let name = crate::vm::ops::str_repr(&f.name);
    Ok(Value::str(if binary {
        format!("<_io.BufferedReader name={name}>")
    } else {
        format!(
            "<_io.TextIOWrapper name={name} mode='{}' encoding='UTF-8'>",
            f.mode
        )
    }))
}
