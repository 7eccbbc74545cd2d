//! `os.path` (CPython's `posixpath`): string operations on paths, ported
//! line for line so edge cases agree (`join('a', '/b')`, `normpath('//a')`),
//! and queries of the file system (`exists`, `isdir`, `getsize`...).

use std::fs::Metadata;
use std::time::UNIX_EPOCH;

use super::{fspath_of, os_error};
use crate::native::{add_function, check_args};
use crate::vm::{Args, Obj, PyResult, Value, Vm};

/// Fill the `os.path` module.
pub fn init(vm: &mut Vm, module: &Obj) -> PyResult<()> {
    let d = super::super::module_dict(vm, module)?;
    for (name, value) in [
        ("sep", "/"),
        ("curdir", "."),
        ("pardir", ".."),
        ("extsep", "."),
        ("pathsep", ":"),
    ] {
        vm.dict_set_str(&d, name, Value::str(value));
    }
    vm.dict_set_str(&d, "altsep", Value::None);
    let functions: &[(&'static str, crate::vm::NativeFn)] = &[
        ("join", join),
        ("split", split_fn),
        ("splitext", splitext),
        ("basename", basename),
        ("dirname", dirname),
        ("normpath", normpath_fn),
        ("abspath", abspath_fn),
        ("realpath", realpath),
        ("relpath", relpath),
        ("isabs", isabs),
        ("expanduser", expanduser),
        ("exists", exists),
        ("lexists", lexists),
        ("isfile", isfile),
        ("isdir", isdir),
        ("islink", islink),
        ("getsize", getsize),
        ("getmtime", getmtime),
        ("getatime", getatime),
        ("getctime", getctime),
        ("commonprefix", commonprefix),
    ];
    for (name, f) in functions {
        add_function(vm, &d, name, *f);
    }
    Ok(())
}

/// A path argument of an `os.path` function.
fn text(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match fspath_of(vm, v)? {
        Some(s) => Ok(s),
        None => {
            let t = vm.type_name(v);
            Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {t}"
            )))
        }
    }
}

/// The single path argument of `func`.
fn one_path(vm: &mut Vm, args: &Args, func: &str) -> PyResult<String> {
    check_args(vm, func, args, 1, 1)?;
    text(vm, &args.pos[0])
}

// ---------------------------------------------------------------------------
// Pure string operations (posixpath.py).

/// `join(a, b)` for two components.
pub fn join2(a: &str, b: &str) -> String {
    if b.starts_with('/') {
        b.to_string()
    } else if a.is_empty() || a.ends_with('/') {
        format!("{a}{b}")
    } else {
        format!("{a}/{b}")
    }
}

/// `split(p)`: (head, tail), the head without trailing slashes unless it is all slashes.
pub fn split(p: &str) -> (String, String) {
    let i = p.rfind('/').map(|i| i + 1).unwrap_or(0);
    let (head, tail) = p.split_at(i);
    let head = if !head.is_empty() && head.chars().any(|c| c != '/') {
        head.trim_end_matches('/')
    } else {
        head
    };
    (head.to_string(), tail.to_string())
}

/// `splitext(p)`: the extension starts at the last dot of the last component, unless only dots precede it.
fn splitext_str(p: &str) -> (String, String) {
    let sep = p.rfind('/').map(|i| i as i64).unwrap_or(-1);
    if let Some(dot) = p.rfind('.') {
        if dot as i64 > sep {
            let start = (sep + 1) as usize;
            if p[start..dot].chars().any(|c| c != '.') {
                return (p[..dot].to_string(), p[dot..].to_string());
            }
        }
    }
    (p.to_string(), String::new())
}

/// `normpath(p)`: collapse `//`, `.` and `a/..`.
pub fn normpath(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let initial = if p.starts_with("//") && !p.starts_with("///") {
        2
    } else if p.starts_with('/') {
        1
    } else {
        0
    };
    let mut comps: Vec<&str> = Vec::new();
    for comp in p.split('/') {
        if comp.is_empty() || comp == "." {
            continue;
        }
        if comp != ".." || (initial == 0 && comps.is_empty()) || comps.last() == Some(&"..") {
            comps.push(comp);
        } else if !comps.is_empty() {
            comps.pop();
        }
    }
    let out = format!("{}{}", "/".repeat(initial), comps.join("/"));
    if out.is_empty() {
        ".".into()
    } else {
        out
    }
}

/// `abspath(p)`.
pub fn abspath(p: &str) -> String {
    if p.starts_with('/') {
        return normpath(p);
    }
    let cwd = std::env::current_dir()
        .map(|c| c.display().to_string())
        .unwrap_or_else(|_| "/".into());
    normpath(&join2(&cwd, p))
}

fn join(vm: &mut Vm, args: Args) -> PyResult {
    if args.pos.is_empty() {
        return Err(vm.type_error("join() missing 1 required positional argument: 'a'"));
    }
    let mut path = text(vm, &args.pos[0])?;
    for b in &args.pos[1..] {
        let b = text(vm, b)?;
        path = join2(&path, &b);
    }
    Ok(Value::str(path))
}

fn split_fn(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "split")?;
    let (head, tail) = split(&p);
    Ok(vm.new_tuple(vec![Value::str(head), Value::str(tail)]))
}

fn splitext(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "splitext")?;
    let (root, ext) = splitext_str(&p);
    Ok(vm.new_tuple(vec![Value::str(root), Value::str(ext)]))
}

fn basename(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "basename")?;
    let i = p.rfind('/').map(|i| i + 1).unwrap_or(0);
    Ok(Value::str(&p[i..]))
}

fn dirname(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "dirname")?;
    Ok(Value::str(split(&p).0))
}

fn normpath_fn(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "normpath")?;
    Ok(Value::str(normpath(&p)))
}

fn abspath_fn(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "abspath")?;
    Ok(Value::str(abspath(&p)))
}

fn realpath(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "realpath")?;
    // Resolve what exists; keep the rest as abspath would.
    let abs = abspath(&p);
    let resolved = std::fs::canonicalize(&abs)
        .map(|c| c.display().to_string())
        .unwrap_or(abs);
    Ok(Value::str(resolved))
}

fn relpath(vm: &mut Vm, mut args: Args) -> PyResult {
    let start = super::super::opt_arg(&mut args, 1, "start");
    if args.pos.is_empty() {
        return Err(vm.type_error("relpath() missing 1 required positional argument: 'path'"));
    }
    let p = text(vm, &args.pos[0])?;
    if p.is_empty() {
        return Err(vm.value_error("no path specified"));
    }
    let start = match start {
        Some(s) => text(vm, &s)?,
        None => ".".into(),
    };
    let start_abs = abspath(&start);
    let path_abs = abspath(&p);
    let start_list: Vec<&str> = start_abs.split('/').filter(|x| !x.is_empty()).collect();
    let path_list: Vec<&str> = path_abs.split('/').filter(|x| !x.is_empty()).collect();
    let common = start_list
        .iter()
        .zip(&path_list)
        .take_while(|(a, b)| a == b)
        .count();
    let mut rel: Vec<&str> = vec![".."; start_list.len() - common];
    rel.extend(&path_list[common..]);
    if rel.is_empty() {
        return Ok(Value::str("."));
    }
    Ok(Value::str(rel.join("/")))
}

fn isabs(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "isabs")?;
    Ok(Value::Bool(p.starts_with('/')))
}

fn expanduser(vm: &mut Vm, args: Args) -> PyResult {
    let p = one_path(vm, &args, "expanduser")?;
    if !p.starts_with('~') {
        return Ok(Value::str(p));
    }
    let end = p.find('/').unwrap_or(p.len());
    if end != 1 {
        // `~user`: not looked up.
        return Ok(Value::str(p));
    }
    match std::env::var("HOME") {
        Ok(home) => {
            let home = if home.len() > 1 {
                home.trim_end_matches('/')
            } else {
                &home
            };
            Ok(Value::str(format!("{home}{}", &p[end..])))
        }
        Err(_) => Ok(Value::str(p)),
    }
}

fn commonprefix(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "commonprefix", &args, 1, 1)?;
    let items = vm.collect(&args.pos[0])?;
    let mut texts = Vec::with_capacity(items.len());
    for i in &items {
        texts.push(text(vm, i)?);
    }
    let Some(first) = texts.iter().min() else {
        return Ok(Value::str(""));
    };
    let last = texts.iter().max().unwrap_or(first);
    let n = first
        .chars()
        .zip(last.chars())
        .take_while(|(a, b)| a == b)
        .count();
    Ok(Value::str(first.chars().take(n).collect::<String>()))
}

// ---------------------------------------------------------------------------
// File-system queries.

/// Metadata of a path (following symlinks unless `lstat`), None when it cannot be read.
fn stat(vm: &mut Vm, args: &Args, func: &str, lstat: bool) -> PyResult<Option<Metadata>> {
    check_args(vm, func, args, 1, 1)?;
    let Some(p) = fspath_of(vm, &args.pos[0])? else {
        if let Value::Int(_) = &args.pos[0] {
            return Ok(None);
        }
        let t = vm.type_name(&args.pos[0]);
        return Err(vm.type_error(format!(
            "stat: path should be string, bytes, os.PathLike or integer, not {t}"
        )));
    };
    let m = if lstat {
        std::fs::symlink_metadata(&p)
    } else {
        std::fs::metadata(&p)
    };
    Ok(m.ok())
}

fn exists(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(stat(vm, &args, "exists", false)?.is_some()))
}

fn lexists(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(stat(vm, &args, "lexists", true)?.is_some()))
}

fn isfile(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(
        stat(vm, &args, "isfile", false)?.is_some_and(|m| m.is_file()),
    ))
}

fn isdir(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(
        stat(vm, &args, "isdir", false)?.is_some_and(|m| m.is_dir()),
    ))
}

fn islink(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Bool(
        stat(vm, &args, "islink", true)?.is_some_and(|m| m.file_type().is_symlink()),
    ))
}

/// Metadata that must exist (an OSError with the filename otherwise).
fn stat_or_raise(vm: &mut Vm, args: &Args, func: &str) -> PyResult<Metadata> {
    check_args(vm, func, args, 1, 1)?;
    let p = text(vm, &args.pos[0])?;
    std::fs::metadata(&p).map_err(|e| os_error(vm, &e, Some(args.pos[0].clone()), None))
}

fn getsize(vm: &mut Vm, args: Args) -> PyResult {
    let m = stat_or_raise(vm, &args, "getsize")?;
    Ok(Value::Int(m.len() as i64))
}

fn seconds(t: std::io::Result<std::time::SystemTime>) -> Value {
    let secs = match t {
        Ok(t) => match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_secs_f64(),
            Err(e) => -e.duration().as_secs_f64(),
        },
        Err(_) => 0.0,
    };
    Value::Float(secs)
}

fn getmtime(vm: &mut Vm, args: Args) -> PyResult {
    let m = stat_or_raise(vm, &args, "getmtime")?;
    Ok(seconds(m.modified()))
}

fn getatime(vm: &mut Vm, args: Args) -> PyResult {
    let m = stat_or_raise(vm, &args, "getatime")?;
    Ok(seconds(m.accessed()))
}

fn getctime(vm: &mut Vm, args: Args) -> PyResult {
    use std::os::unix::fs::MetadataExt;
    let m = stat_or_raise(vm, &args, "getctime")?;
    Ok(Value::Float(m.ctime() as f64 + m.ctime_nsec() as f64 / 1e9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_operations_match_posixpath() {
        assert_eq!(join2("a", "/b"), "/b");
        assert_eq!(join2("a/", "b"), "a/b");
        assert_eq!(join2("", "a"), "a");
        assert_eq!(join2("a", ""), "a/");
        assert_eq!(split("/a/b/"), ("/a/b".into(), "".into()));
        assert_eq!(split("a"), ("".into(), "a".into()));
        assert_eq!(split("/a"), ("/".into(), "a".into()));
        assert_eq!(splitext_str("a/b.tar.gz"), ("a/b.tar".into(), ".gz".into()));
        assert_eq!(splitext_str(".bashrc"), (".bashrc".into(), "".into()));
        assert_eq!(splitext_str("a/.b.c"), ("a/.b".into(), ".c".into()));
        assert_eq!(normpath("//a/./b/../c/"), "//a/c");
        assert_eq!(normpath(""), ".");
        assert_eq!(normpath("../../a"), "../../a");
        assert_eq!(normpath("///a"), "/a");
        assert_eq!(normpath("/.."), "/");
    }

    #[test]
    fn queries() {
        let mut vm = crate::native::test_vm();
        let d = std::env::temp_dir().display().to_string();
        assert!(matches!(
            isdir(&mut vm, Args::new([Value::str(d.clone())])),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            isfile(&mut vm, Args::new([Value::str(d)])),
            Ok(Value::Bool(false))
        ));
        assert!(matches!(
            exists(&mut vm, Args::new([Value::str("/surely/not/here")])),
            Ok(Value::Bool(false))
        ));
        let e = getsize(&mut vm, Args::new([Value::str("/surely/not/here")])).unwrap_err();
        assert_eq!(
            crate::native::modules::error_text(&mut vm, &e),
            "FileNotFoundError: [Errno 2] No such file or directory: '/surely/not/here'"
        );
        let e = join(&mut vm, Args::new([Value::Int(1)])).unwrap_err();
        assert_eq!(
            crate::native::modules::error_text(&mut vm, &e),
            "TypeError: expected str, bytes or os.PathLike object, not int"
        );
    }
}
