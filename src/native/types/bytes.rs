//! The `bytes` and `bytearray` types: constructors, repr, the methods they
//! share (each returns the receiver's own type), and bytearray's mutators.

use std::borrow::Cow;

use crate::native::format::percent::percent_format_bytes;
use crate::native::text::codec;
use crate::native::text::search;
use crate::native::text::signature::{index_arg, slice_bound, text_param, Bound, Signature, Style};
use crate::native::text::{check_size, defer_or_fail};
use crate::native::{add_class_attr, add_method, native_fn, set_constructor};
use crate::vm::object::IterState;
use crate::vm::ops::norm_index;
use crate::vm::{Args, GilCell, NativeFn, Object, PyResult, Value, Vm};

/// Install the constructors and methods of `bytes` and `bytearray`.
pub fn install(vm: &mut Vm) {
    let bytes = vm.rt.types.bytes.clone();
    let bytearray = vm.rt.types.bytearray.clone();
    set_constructor(&bytes, bytes_new);
    set_constructor(&bytearray, bytearray_new);
    for class in [&bytes, &bytearray] {
        for &(name, func) in SHARED {
            add_method(vm, class, name, func);
        }
        let fromhex = Value::from_obj(Object::ClassMethod(native_fn("fromhex", fromhex)));
        add_class_attr(vm, class, "fromhex", fromhex);
    }
    add_method(vm, &bytes, "__hash__", dunder_hash);
    for &(name, func) in MUTATORS {
        add_method(vm, &bytearray, name, func);
    }
}

const SHARED: &[(&str, NativeFn)] = &[
    ("decode", decode),
    ("hex", hex),
    ("find", find),
    ("rfind", rfind),
    ("index", index),
    ("rindex", rindex),
    ("count", count),
    ("startswith", startswith),
    ("endswith", endswith),
    ("split", split),
    ("rsplit", rsplit),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("join", join),
    ("replace", replace),
    ("partition", partition),
    ("rpartition", rpartition),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("upper", upper),
    ("lower", lower),
    ("isdigit", isdigit),
    ("isalpha", isalpha),
    ("isalnum", isalnum),
    ("isspace", isspace),
    ("isupper", isupper),
    ("islower", islower),
    ("isascii", isascii),
    ("__len__", dunder_len),
    ("__getitem__", dunder_getitem),
    ("__contains__", dunder_contains),
    ("__add__", dunder_add),
    ("__mul__", dunder_mul),
    ("__rmul__", dunder_mul),
    ("__eq__", dunder_eq),
    ("__ne__", dunder_ne),
    ("__lt__", dunder_lt),
    ("__le__", dunder_le),
    ("__gt__", dunder_gt),
    ("__ge__", dunder_ge),
    ("__iter__", dunder_iter),
    ("__repr__", dunder_repr),
    ("__str__", dunder_repr),
    ("__mod__", dunder_mod),
];

const MUTATORS: &[(&str, NativeFn)] = &[
    ("append", append),
    ("extend", extend),
    ("pop", pop),
    ("insert", insert),
    ("remove", remove),
    ("clear", clear),
    ("copy", copy),
    ("reverse", reverse),
    ("__setitem__", dunder_setitem),
    ("__delitem__", dunder_delitem),
    ("__iadd__", dunder_iadd),
];

// ---------------------------------------------------------------------------
// Values

/// Which of the two types a value or result is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bytes,
    ByteArray,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Bytes => "bytes",
            Kind::ByteArray => "bytearray",
        }
    }

    /// A new value of this type.
    fn make(self, data: Vec<u8>) -> Value {
        match self {
            Kind::Bytes => new_bytes(data),
            Kind::ByteArray => Value::from_obj(Object::ByteArray(GilCell::new(data))),
        }
    }
}

/// A new `bytes` value.
pub fn new_bytes(data: Vec<u8>) -> Value {
    Value::from_obj(Object::Bytes(data.into_boxed_slice()))
}

/// The contents of a bytes-like value (bytes or bytearray; a bytearray is copied).
pub fn bytes_data<'a>(vm: &Vm, v: &'a Value) -> Option<Cow<'a, [u8]>> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Bytes(b) => Some(Cow::Borrowed(b)),
            Object::ByteArray(b) => Some(Cow::Owned(b.borrow(&vm.gil).clone())),
            _ => None,
        },
        _ => None,
    }
}

fn kind_of(v: &Value) -> Option<Kind> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Bytes(_) => Some(Kind::Bytes),
            Object::ByteArray(_) => Some(Kind::ByteArray),
            _ => None,
        },
        _ => None,
    }
}

/// A method's receiver: its type and contents.
struct This<'a> {
    kind: Kind,
    data: Cow<'a, [u8]>,
}

/// Check `self` and bind the other arguments.
fn method_args<'a>(
    vm: &mut Vm,
    args: &'a Args,
    name: &'static str,
    params: &'static [&'static str],
    required: usize,
    style: Style,
) -> PyResult<(This<'a>, Bound)> {
    let Some(this) = args.pos.first() else {
        return Err(vm.type_error(format!("unbound method bytes.{name}() needs an argument")));
    };
    let (Some(kind), Some(data)) = (kind_of(this), bytes_data(vm, this)) else {
        let t = vm.type_name(this);
        return Err(vm.type_error(format!(
            "descriptor '{name}' for 'bytes' objects doesn't apply to a '{t}' object"
        )));
    };
    let sig = Signature {
        owner: kind.name(),
        name,
        params,
        required,
        style,
    };
    let bound = sig.bind(vm, args)?;
    Ok((This { kind, data }, bound))
}

/// A bytes-like argument: "a bytes-like object is required, not 'str'".
fn buffer_arg<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<Cow<'a, [u8]>> {
    match bytes_data(vm, v) {
        Some(d) => Ok(d),
        None => {
            let t = vm.type_name(v);
            Err(vm.type_error(format!("a bytes-like object is required, not '{t}'")))
        }
    }
}

/// One byte given as an int: "byte must be in range(0, 256)".
fn byte_value(vm: &mut Vm, v: &Value) -> PyResult<u8> {
    let n = index_arg(vm, v)?;
    u8::try_from(n).map_err(|_| vm.value_error("byte must be in range(0, 256)"))
}

fn arg(b: &Bound, i: usize) -> Value {
    b.get(i).cloned().flatten().unwrap_or(Value::None)
}

// ---------------------------------------------------------------------------
// Constructors

/// Bytes from the constructor arguments `(source, encoding, errors)`.
fn construct(vm: &mut Vm, args: &Args, name: &'static str) -> PyResult<Vec<u8>> {
    let sig = Signature {
        owner: name,
        name,
        params: &["source", "encoding", "errors"],
        required: 0,
        style: Style::Keywords,
    };
    let b = sig.bind(vm, args)?;
    let Some(source) = b[0].clone() else {
        if b[1].is_some() {
            return Err(vm.type_error("encoding without a string argument"));
        }
        if b[2].is_some() {
            return Err(vm.type_error("errors without a string argument"));
        }
        return Ok(Vec::new());
    };
    if let Some(text) = source.as_str() {
        if b[1].is_none() {
            return Err(vm.type_error("string argument without an encoding"));
        }
        let encoding = text_param(vm, &b[1], name, "encoding", "utf-8")?;
        let errors = text_param(vm, &b[2], name, "errors", "strict")?;
        return codec::encode(vm, text, &encoding, &errors);
    }
    if b[1].is_some() {
        return Err(vm.type_error("encoding without a string argument"));
    }
    if b[2].is_some() {
        return Err(vm.type_error("errors without a string argument"));
    }
    if let Some(data) = bytes_data(vm, &source) {
        return Ok(data.into_owned());
    }
    if let Value::Int(_) | Value::Bool(_) = source {
        let n = index_arg(vm, &source)?;
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        check_size(vm, n as u128)?;
        return Ok(vec![0; n as usize]);
    }
    let it = match vm.iter(&source) {
        Ok(it) => it,
        Err(e) if vm.exc_is(&e, "TypeError") => {
            let t = vm.type_name(&source);
            return Err(vm.type_error(format!("cannot convert '{t}' object to bytes")));
        }
        Err(e) => return Err(e),
    };
    ints_to_bytes(vm, &it)
}

/// Every item of an iterable as a byte: "bytes must be in range(0, 256)".
fn ints_to_bytes(vm: &mut Vm, iterable: &Value) -> PyResult<Vec<u8>> {
    let items = vm.collect(iterable)?;
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let n = index_arg(vm, item)?;
        match u8::try_from(n) {
            Ok(b) => out.push(b),
            Err(_) => return Err(vm.value_error("bytes must be in range(0, 256)")),
        }
    }
    Ok(out)
}

fn bytes_new(vm: &mut Vm, args: Args) -> PyResult {
    if args.pos.len() == 2 && args.kw.is_empty() {
        if let Some(Kind::Bytes) = kind_of(&args.pos[1]) {
            return Ok(args.pos[1].clone());
        }
    }
    construct(vm, &args, "bytes").map(new_bytes)
}

fn bytearray_new(vm: &mut Vm, args: Args) -> PyResult {
    construct(vm, &args, "bytearray").map(|d| Kind::ByteArray.make(d))
}

/// `bytes.fromhex(text)` / `bytearray.fromhex(text)` (a classmethod).
fn fromhex(vm: &mut Vm, args: Args) -> PyResult {
    let kind = match args.pos.first() {
        Some(Value::Obj(c)) if vm.is_subclass(c, &vm.rt.types.bytearray) => Kind::ByteArray,
        _ => Kind::Bytes,
    };
    let sig = Signature {
        owner: kind.name(),
        name: "fromhex",
        params: &["string"],
        required: 1,
        style: Style::One,
    };
    let b = sig.bind(vm, &args)?;
    let text = match arg(&b, 0).as_str() {
        Some(s) => s.to_string(),
        None => {
            let t = vm.type_name(&arg(&b, 0));
            return Err(vm.type_error(format!("fromhex() argument must be str, not {t}")));
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let bad = |vm: &mut Vm, at: usize| {
        vm.value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {at}"
        ))
    };
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let Some(high) = chars[i].to_digit(16) else {
            return Err(bad(vm, i));
        };
        let Some(low) = chars.get(i + 1).and_then(|c| c.to_digit(16)) else {
            return Err(bad(vm, i + 1));
        };
        out.push((high * 16 + low) as u8);
        i += 2;
    }
    Ok(kind.make(out))
}

/// `repr(b)`: `b'...'` with `\xNN` escapes, quoted as CPython does.
pub fn bytes_repr(data: &[u8]) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(data.len() + 3);
    out.push('b');
    out.push(quote);
    for &b in data {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b if b as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote);
    out
}

// ---------------------------------------------------------------------------
// Methods shared by bytes and bytearray

fn decode(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        "decode",
        &["encoding", "errors"],
        0,
        Style::Keywords,
    )?;
    let encoding = text_param(vm, &b[0], "decode", "encoding", "utf-8")?;
    let errors = text_param(vm, &b[1], "decode", "errors", "strict")?;
    codec::decode(vm, &this.data, &encoding, &errors).map(Value::str)
}

fn hex(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        "hex",
        &["sep", "bytes_per_sep"],
        0,
        Style::Keywords,
    )?;
    let digits: Vec<String> = this.data.iter().map(|x| format!("{x:02x}")).collect();
    let sep = match &b[0] {
        None => return Ok(Value::str(digits.concat())),
        Some(v) => match (v.as_str(), bytes_data(vm, v)) {
            (Some(s), _) => s.to_string(),
            (None, Some(d)) => d.iter().map(|&c| c as char).collect(),
            _ => return Err(vm.type_error("sep must be str or bytes.")),
        },
    };
    if sep.chars().count() != 1 {
        return Err(vm.value_error("sep must be length 1."));
    }
    let per = match &b[1] {
        Some(v) => index_arg(vm, v)?,
        None => 1,
    };
    if per == 0 {
        return Ok(Value::str(digits.concat()));
    }
    let size = per.unsigned_abs() as usize;
    // Positive counts group from the right, negative from the left.
    let n = digits.len();
    let mut out = String::with_capacity(n * 3);
    for (i, d) in digits.iter().enumerate() {
        let boundary = if per > 0 {
            (n - i).is_multiple_of(size)
        } else {
            i % size == 0
        };
        if i > 0 && boundary {
            out.push_str(&sep);
        }
        out.push_str(d);
    }
    Ok(Value::str(out))
}

/// The needle of `find`/`count`/`index`: bytes-like or one byte as an int.
fn needle_arg<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<Cow<'a, [u8]>> {
    if let Some(d) = bytes_data(vm, v) {
        return Ok(d);
    }
    if matches!(v, Value::Int(_) | Value::Bool(_)) || vm.lookup_special(v, "__index__").is_some() {
        return Ok(Cow::Owned(vec![byte_value(vm, v)?]));
    }
    let t = vm.type_name(v);
    Err(vm.type_error(format!(
        "argument should be integer or bytes-like object, not '{t}'"
    )))
}

fn search_impl(
    vm: &mut Vm,
    args: &Args,
    name: &'static str,
    from_right: bool,
) -> PyResult<Option<usize>> {
    let (this, b) = method_args(vm, args, name, &["sub", "start", "end"], 1, Style::Classic)?;
    let sub = arg(&b, 0);
    let sub = needle_arg(vm, &sub)?;
    let (start, end) = (slice_bound(vm, &b[1])?, slice_bound(vm, &b[2])?);
    let (start, end) = search::window(start, end, this.data.len());
    if end - start < sub.len() as i64 {
        return Ok(None);
    }
    let hay = &this.data[start as usize..end as usize];
    let found = if from_right {
        search::rfind(hay, &sub)
    } else {
        search::find(hay, &sub)
    };
    Ok(found.map(|i| i + start as usize))
}

fn find(vm: &mut Vm, args: Args) -> PyResult {
    search_impl(vm, &args, "find", false).map(crate::native::text::search::position)
}

fn rfind(vm: &mut Vm, args: Args) -> PyResult {
    search_impl(vm, &args, "rfind", true).map(crate::native::text::search::position)
}

fn index(vm: &mut Vm, args: Args) -> PyResult {
    let found = search_impl(vm, &args, "index", false)?;
    crate::native::text::search::position_or_error(vm, found, "subsection not found")
}

fn rindex(vm: &mut Vm, args: Args) -> PyResult {
    let found = search_impl(vm, &args, "rindex", true)?;
    crate::native::text::search::position_or_error(vm, found, "subsection not found")
}

fn count(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        "count",
        &["sub", "start", "end"],
        1,
        Style::Classic,
    )?;
    let sub = arg(&b, 0);
    let sub = needle_arg(vm, &sub)?;
    let (start, end) = (slice_bound(vm, &b[1])?, slice_bound(vm, &b[2])?);
    let (start, end) = search::window(start, end, this.data.len());
    if end - start < sub.len() as i64 {
        return Ok(Value::Int(0));
    }
    if sub.is_empty() {
        return Ok(Value::Int(end - start + 1));
    }
    Ok(Value::Int(
        search::count(&this.data[start as usize..end as usize], &sub) as i64,
    ))
}

fn affix_impl(vm: &mut Vm, args: &Args, name: &'static str, at_end: bool) -> PyResult {
    let (this, b) = method_args(
        vm,
        args,
        name,
        &["prefix", "start", "end"],
        1,
        Style::Classic,
    )?;
    let (start, end) = (slice_bound(vm, &b[1])?, slice_bound(vm, &b[2])?);
    let first = arg(&b, 0);
    let candidates: Vec<Vec<u8>> = match &first {
        Value::Obj(o) if matches!(&**o, Object::Tuple(_)) => {
            let items = vm.collect(&first)?;
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.push(buffer_arg(vm, item)?.into_owned());
            }
            out
        }
        _ => match bytes_data(vm, &first) {
            Some(d) => vec![d.into_owned()],
            None => {
                let t = vm.type_name(&first);
                return Err(vm.type_error(format!(
                    "{name} first arg must be bytes or a tuple of bytes, not {t}"
                )));
            }
        },
    };
    let (start, end) = search::window(start, end, this.data.len());
    for c in &candidates {
        if end - (c.len() as i64) < start {
            continue;
        }
        let hay = &this.data[start as usize..end as usize];
        if (at_end && hay.ends_with(c)) || (!at_end && hay.starts_with(c)) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn startswith(vm: &mut Vm, args: Args) -> PyResult {
    affix_impl(vm, &args, "startswith", false)
}

fn endswith(vm: &mut Vm, args: Args) -> PyResult {
    affix_impl(vm, &args, "endswith", true)
}

fn split_impl(vm: &mut Vm, args: &Args, name: &'static str, from_right: bool) -> PyResult {
    let (this, b) = method_args(vm, args, name, &["sep", "maxsplit"], 0, Style::Keywords)?;
    let maxsplit = match &b[1] {
        Some(v) => usize::try_from(index_arg(vm, v)?).ok(),
        None => None,
    };
    let data = &this.data;
    let parts: Vec<Value> = match &b[0] {
        None | Some(Value::None) => {
            let units = data
                .iter()
                .enumerate()
                .map(|(i, &c)| (i, 1, c.is_ascii_whitespace() || c == 0x0b));
            let ranges = if from_right {
                search::rsplit_whitespace(units, maxsplit)
            } else {
                search::split_whitespace(units, data.len(), maxsplit)
            };
            ranges
                .into_iter()
                .map(|r| this.kind.make(data[r].to_vec()))
                .collect()
        }
        Some(sep) => {
            let sep = buffer_arg(vm, sep)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let pieces = if from_right {
                search::rsplit(data, &sep, maxsplit)
            } else {
                search::split(data, &sep, maxsplit)
            };
            pieces
                .into_iter()
                .map(|p| this.kind.make(p.to_vec()))
                .collect()
        }
    };
    Ok(vm.new_list(parts))
}

fn split(vm: &mut Vm, args: Args) -> PyResult {
    split_impl(vm, &args, "split", false)
}

fn rsplit(vm: &mut Vm, args: Args) -> PyResult {
    split_impl(vm, &args, "rsplit", true)
}

fn strip_impl(vm: &mut Vm, args: &Args, name: &'static str, left: bool, right: bool) -> PyResult {
    let (this, b) = method_args(vm, args, name, &["bytes"], 0, Style::Clinic)?;
    let set: Vec<u8> = match &b[0] {
        None | Some(Value::None) => b" \t\n\r\x0b\x0c".to_vec(),
        Some(v) => buffer_arg(vm, v)?.into_owned(),
    };
    let data = &this.data;
    let start = if left {
        data.iter()
            .position(|c| !set.contains(c))
            .unwrap_or(data.len())
    } else {
        0
    };
    let end = if right {
        data.iter()
            .rposition(|c| !set.contains(c))
            .map_or(start, |i| i + 1)
    } else {
        data.len()
    };
    Ok(this.kind.make(data[start..end.max(start)].to_vec()))
}

fn strip(vm: &mut Vm, args: Args) -> PyResult {
    strip_impl(vm, &args, "strip", true, true)
}

fn lstrip(vm: &mut Vm, args: Args) -> PyResult {
    strip_impl(vm, &args, "lstrip", true, false)
}

fn rstrip(vm: &mut Vm, args: Args) -> PyResult {
    strip_impl(vm, &args, "rstrip", false, true)
}

fn join(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(vm, &args, "join", &["iterable_of_bytes"], 1, Style::One)?;
    let items = vm.collect(&arg(&b, 0))?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some(d) = bytes_data(vm, item) else {
            let t = vm.type_name(item);
            return Err(vm.type_error(format!(
                "sequence item {i}: expected a bytes-like object, {t} found"
            )));
        };
        if i > 0 {
            out.extend_from_slice(&this.data);
        }
        out.extend_from_slice(&d);
    }
    Ok(this.kind.make(out))
}

fn replace(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        "replace",
        &["old", "new", "count"],
        2,
        Style::Clinic,
    )?;
    let (old, new) = (arg(&b, 0), arg(&b, 1));
    let (old, new) = (buffer_arg(vm, &old)?, buffer_arg(vm, &new)?);
    let limit = match &b[2] {
        Some(v) => usize::try_from(index_arg(vm, v)?).ok(),
        None => None,
    };
    if old.is_empty() {
        let slots = this.data.len() + 1;
        let n = limit.map_or(slots, |l| l.min(slots));
        let mut out = Vec::with_capacity(this.data.len() + n * new.len());
        for i in 0..=this.data.len() {
            if i < n {
                out.extend_from_slice(&new);
            }
            if let Some(&c) = this.data.get(i) {
                out.push(c);
            }
        }
        return Ok(this.kind.make(out));
    }
    Ok(this
        .kind
        .make(search::replace(&this.data, &old, &new, limit)))
}

fn partition_impl(vm: &mut Vm, args: &Args, name: &'static str, from_right: bool) -> PyResult {
    let (this, b) = method_args(vm, args, name, &["sep"], 1, Style::One)?;
    let sep = arg(&b, 0);
    let sep = buffer_arg(vm, &sep)?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let data = &this.data;
    let found = if from_right {
        search::rfind(data, &sep)
    } else {
        search::find(data, &sep)
    };
    let k = this.kind;
    let parts = match found {
        Some(i) => vec![
            k.make(data[..i].to_vec()),
            k.make(sep.to_vec()),
            k.make(data[i + sep.len()..].to_vec()),
        ],
        None if from_right => vec![
            k.make(Vec::new()),
            k.make(Vec::new()),
            k.make(data.to_vec()),
        ],
        None => vec![
            k.make(data.to_vec()),
            k.make(Vec::new()),
            k.make(Vec::new()),
        ],
    };
    Ok(vm.new_tuple(parts))
}

fn partition(vm: &mut Vm, args: Args) -> PyResult {
    partition_impl(vm, &args, "partition", false)
}

fn rpartition(vm: &mut Vm, args: Args) -> PyResult {
    partition_impl(vm, &args, "rpartition", true)
}

fn affix_remove(vm: &mut Vm, args: &Args, name: &'static str, suffix: bool) -> PyResult {
    let (this, b) = method_args(vm, args, name, &["affix"], 1, Style::One)?;
    let affix = arg(&b, 0);
    let affix = buffer_arg(vm, &affix)?;
    let rest = if suffix {
        this.data.strip_suffix(&affix[..])
    } else {
        this.data.strip_prefix(&affix[..])
    };
    Ok(this.kind.make(rest.unwrap_or(&this.data).to_vec()))
}

fn removeprefix(vm: &mut Vm, args: Args) -> PyResult {
    affix_remove(vm, &args, "removeprefix", false)
}

fn removesuffix(vm: &mut Vm, args: Args) -> PyResult {
    affix_remove(vm, &args, "removesuffix", true)
}

fn map_bytes(vm: &mut Vm, args: &Args, name: &'static str, f: fn(&[u8]) -> Vec<u8>) -> PyResult {
    let (this, _) = method_args(vm, args, name, &[], 0, Style::NoArgs)?;
    Ok(this.kind.make(f(&this.data)))
}

fn upper(vm: &mut Vm, args: Args) -> PyResult {
    map_bytes(vm, &args, "upper", <[u8]>::to_ascii_uppercase)
}

fn lower(vm: &mut Vm, args: Args) -> PyResult {
    map_bytes(vm, &args, "lower", <[u8]>::to_ascii_lowercase)
}

fn test_bytes(vm: &mut Vm, args: &Args, name: &'static str, f: fn(&[u8]) -> bool) -> PyResult {
    let (this, _) = method_args(vm, args, name, &[], 0, Style::NoArgs)?;
    Ok(Value::Bool(f(&this.data)))
}

fn isdigit(vm: &mut Vm, args: Args) -> PyResult {
    test_bytes(vm, &args, "isdigit", |d| {
        !d.is_empty() && d.iter().all(u8::is_ascii_digit)
    })
}

fn isalpha(vm: &mut Vm, args: Args) -> PyResult {
    test_bytes(vm, &args, "isalpha", |d| {
        !d.is_empty() && d.iter().all(u8::is_ascii_alphabetic)
    })
}

fn isalnum(vm: &mut Vm, args: Args) -> PyResult {
    test_bytes(vm, &args, "isalnum", |d| {
        !d.is_empty() && d.iter().all(u8::is_ascii_alphanumeric)
    })
}

fn isspace(vm: &mut Vm, args: Args) -> PyResult {
    test_bytes(vm, &args, "isspace", |d| {
        !d.is_empty() && d.iter().all(|&c| c.is_ascii_whitespace() || c == 0x0b)
    })
}

fn isupper(vm: &mut Vm, args: Args) -> PyResult {
    test_bytes(vm, &args, "isupper", |d| {
        d.iter().any(u8::is_ascii_uppercase) && !d.iter().any(u8::is_ascii_lowercase)
    })
}

fn islower(vm: &mut Vm, args: Args) -> PyResult {
    test_bytes(vm, &args, "islower", |d| {
        d.iter().any(u8::is_ascii_lowercase) && !d.iter().any(u8::is_ascii_uppercase)
    })
}

fn isascii(vm: &mut Vm, args: Args) -> PyResult {
    test_bytes(vm, &args, "isascii", <[u8]>::is_ascii)
}

// ---------------------------------------------------------------------------
// Special methods

fn slot<'a>(
    vm: &mut Vm,
    args: &'a Args,
    name: &'static str,
    params: &'static [&'static str],
) -> PyResult<(This<'a>, Bound)> {
    method_args(vm, args, name, params, params.len(), Style::Slot)
}

fn dunder_len(vm: &mut Vm, args: Args) -> PyResult {
    let (this, _) = slot(vm, &args, "__len__", &[])?;
    Ok(Value::Int(this.data.len() as i64))
}

fn dunder_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = slot(vm, &args, "__getitem__", &["key"])?;
    let key = arg(&b, 0);
    if let Value::Obj(o) = &key {
        if let Object::Slice(s) = &**o {
            let (start, stop, step) = vm.slice_indices(s, this.data.len())?;
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i < stop) || (step < 0 && i > stop) {
                out.push(this.data[i as usize]);
                i += step;
            }
            return Ok(this.kind.make(out));
        }
    }
    let is_index = matches!(key, Value::Int(_) | Value::Bool(_))
        || vm.lookup_special(&key, "__index__").is_some();
    if !is_index {
        let t = vm.type_name(&key);
        let what = if this.kind == Kind::Bytes {
            "byte"
        } else {
            "bytearray"
        };
        return Err(vm.type_error(format!(
            "{what} indices must be integers or slices, not {t}"
        )));
    }
    let i = index_arg(vm, &key)?;
    match norm_index(i, this.data.len()) {
        Some(i) => Ok(Value::Int(this.data[i] as i64)),
        None if this.kind == Kind::Bytes => Err(vm.index_error("index out of range")),
        None => Err(vm.index_error("bytearray index out of range")),
    }
}

fn dunder_contains(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = slot(vm, &args, "__contains__", &["key"])?;
    let item = arg(&b, 0);
    if let Some(sub) = bytes_data(vm, &item) {
        return Ok(Value::Bool(search::find(&this.data, &sub).is_some()));
    }
    if matches!(item, Value::Int(_) | Value::Bool(_))
        || vm.lookup_special(&item, "__index__").is_some()
    {
        let byte = byte_value(vm, &item)?;
        return Ok(Value::Bool(this.data.contains(&byte)));
    }
    let t = vm.type_name(&item);
    Err(vm.type_error(format!("a bytes-like object is required, not '{t}'")))
}

fn dunder_add(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = slot(vm, &args, "__add__", &["value"])?;
    let other = arg(&b, 0);
    let Some(d) = bytes_data(vm, &other) else {
        let t = vm.type_name(&other);
        return defer_or_fail(
            vm,
            &other,
            "__radd__",
            format!("can't concat {t} to {}", this.kind.name()),
        );
    };
    let mut out = this.data.into_owned();
    out.extend_from_slice(&d);
    Ok(this.kind.make(out))
}

fn dunder_mul(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = slot(vm, &args, "__mul__", &["value"])?;
    let n = arg(&b, 0);
    if !matches!(n, Value::Int(_) | Value::Bool(_)) && vm.lookup_special(&n, "__index__").is_none()
    {
        let t = vm.type_name(&n);
        return defer_or_fail(
            vm,
            &n,
            "__rmul__",
            format!("can't multiply sequence by non-int of type '{t}'"),
        );
    }
    let times = index_arg(vm, &n)?.max(0) as usize;
    check_size(vm, this.data.len() as u128 * times as u128)?;
    Ok(this.kind.make(this.data.repeat(times)))
}

fn dunder_mod(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = slot(vm, &args, "__mod__", &["value"])?;
    let data = percent_format_bytes(vm, &this.data, &arg(&b, 0))?;
    Ok(this.kind.make(data))
}

fn compare(
    vm: &mut Vm,
    args: &Args,
    name: &'static str,
    test: fn(std::cmp::Ordering) -> bool,
) -> PyResult {
    let (this, b) = slot(vm, args, name, &["value"])?;
    let other = arg(&b, 0);
    match bytes_data(vm, &other) {
        Some(d) => Ok(Value::Bool(test(this.data[..].cmp(&d[..])))),
        None => Ok(vm.rt.types.not_implemented.clone()),
    }
}

fn dunder_eq(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, &args, "__eq__", |o| o.is_eq())
}

fn dunder_ne(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, &args, "__ne__", |o| o.is_ne())
}

fn dunder_lt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, &args, "__lt__", |o| o.is_lt())
}

fn dunder_le(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, &args, "__le__", |o| o.is_le())
}

fn dunder_gt(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, &args, "__gt__", |o| o.is_gt())
}

fn dunder_ge(vm: &mut Vm, args: Args) -> PyResult {
    compare(vm, &args, "__ge__", |o| o.is_ge())
}

fn dunder_hash(vm: &mut Vm, args: Args) -> PyResult {
    slot(vm, &args, "__hash__", &[])?;
    vm.hash(&args.pos[0]).map(Value::Int)
}

fn dunder_iter(vm: &mut Vm, args: Args) -> PyResult {
    let (this, _) = slot(vm, &args, "__iter__", &[])?;
    let items = this.data.iter().map(|&b| Value::Int(b as i64)).collect();
    Ok(Value::from_obj(Object::Iter(GilCell::new(
        IterState::Snapshot { items, index: 0 },
    ))))
}

fn dunder_repr(vm: &mut Vm, args: Args) -> PyResult {
    let (this, _) = slot(vm, &args, "__repr__", &[])?;
    let r = bytes_repr(&this.data);
    Ok(Value::str(match this.kind {
        Kind::Bytes => r,
        Kind::ByteArray => format!("bytearray({r})"),
    }))
}

// ---------------------------------------------------------------------------
// bytearray mutators

/// Run `f` on a bytearray's contents (`args[0]`), borrowed mutably; nothing
/// that may run conc code happens inside.
fn with_buffer<R>(
    vm: &mut Vm,
    args: &Args,
    name: &str,
    f: impl FnOnce(&mut Vec<u8>) -> R,
) -> PyResult<R> {
    let this = args.pos.first().cloned().unwrap_or(Value::None);
    match &this {
        Value::Obj(o) => {
            match &**o {
                Object::ByteArray(b) => Ok(f(&mut b.borrow_mut(&vm.gil))),
                _ => {
                    let t = vm.type_name(&this);
                    Err(vm.type_error(format!("descriptor '{name}' for 'bytearray' objects doesn't apply to a '{t}' object")))
                }
            }
        }
        _ => {
            let t = vm.type_name(&this);
            Err(vm.type_error(format!(
                "descriptor '{name}' for 'bytearray' objects doesn't apply to a '{t}' object"
            )))
        }
    }
}

fn mutator_args(
    vm: &mut Vm,
    args: &Args,
    name: &'static str,
    params: &'static [&'static str],
    required: usize,
    style: Style,
) -> PyResult<Bound> {
    let sig = Signature {
        owner: "bytearray",
        name,
        params,
        required,
        style,
    };
    sig.bind(vm, args)
}

fn append(vm: &mut Vm, args: Args) -> PyResult {
    let b = mutator_args(vm, &args, "append", &["item"], 1, Style::One)?;
    let byte = byte_value(vm, &arg(&b, 0))?;
    with_buffer(vm, &args, "append", |d| d.push(byte))?;
    Ok(Value::None)
}

/// The bytes an `extend`/slice assignment adds: bytes-like or an iterable of ints.
fn extension(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    match bytes_data(vm, v) {
        Some(d) => Ok(d.into_owned()),
        None => ints_to_bytes(vm, v),
    }
}

fn extend(vm: &mut Vm, args: Args) -> PyResult {
    let b = mutator_args(vm, &args, "extend", &["iterable_of_ints"], 1, Style::One)?;
    let source = arg(&b, 0);
    let more = match bytes_data(vm, &source) {
        Some(d) => d.into_owned(),
        None => {
            let it = match vm.iter(&source) {
                Ok(it) => it,
                Err(e) if vm.exc_is(&e, "TypeError") => {
                    let t = vm.type_name(&source);
                    return Err(vm.type_error(format!("can't extend bytearray with {t}")));
                }
                Err(e) => return Err(e),
            };
            ints_to_bytes(vm, &it)?
        }
    };
    with_buffer(vm, &args, "extend", |d| d.extend_from_slice(&more))?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args) -> PyResult {
    let b = mutator_args(vm, &args, "pop", &["index"], 0, Style::Clinic)?;
    let index = match &b[0] {
        Some(v) => index_arg(vm, v)?,
        None => -1,
    };
    let popped = with_buffer(vm, &args, "pop", |d| {
        if d.is_empty() {
            return Err("pop from empty bytearray");
        }
        match norm_index(index, d.len()) {
            Some(i) => Ok(d.remove(i)),
            None => Err("pop index out of range"),
        }
    })?;
    match popped {
        Ok(b) => Ok(Value::Int(b as i64)),
        Err(msg) => Err(vm.index_error(msg)),
    }
}

fn insert(vm: &mut Vm, args: Args) -> PyResult {
    let b = mutator_args(vm, &args, "insert", &["index", "item"], 2, Style::Clinic)?;
    let index = index_arg(vm, &arg(&b, 0))?;
    let byte = byte_value(vm, &arg(&b, 1))?;
    with_buffer(vm, &args, "insert", |d| {
        let len = d.len() as i64;
        let at = if index < 0 {
            (index + len).max(0)
        } else {
            index.min(len)
        };
        d.insert(at as usize, byte);
    })?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args) -> PyResult {
    let b = mutator_args(vm, &args, "remove", &["value"], 1, Style::One)?;
    let byte = byte_value(vm, &arg(&b, 0))?;
    let found = with_buffer(vm, &args, "remove", |d| {
        match d.iter().position(|&c| c == byte) {
            Some(i) => {
                d.remove(i);
                true
            }
            None => false,
        }
    })?;
    if !found {
        return Err(vm.value_error("value not found in bytearray"));
    }
    Ok(Value::None)
}

fn clear(vm: &mut Vm, args: Args) -> PyResult {
    mutator_args(vm, &args, "clear", &[], 0, Style::NoArgs)?;
    with_buffer(vm, &args, "clear", Vec::clear)?;
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args) -> PyResult {
    mutator_args(vm, &args, "copy", &[], 0, Style::NoArgs)?;
    let data = with_buffer(vm, &args, "copy", |d| d.clone())?;
    Ok(Kind::ByteArray.make(data))
}

fn reverse(vm: &mut Vm, args: Args) -> PyResult {
    mutator_args(vm, &args, "reverse", &[], 0, Style::NoArgs)?;
    with_buffer(vm, &args, "reverse", |d| d.reverse())?;
    Ok(Value::None)
}

/// The positions a clamped slice selects, in order.
fn slice_positions(start: i64, stop: i64, step: i64) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

fn dunder_setitem(vm: &mut Vm, args: Args) -> PyResult {
    let b = mutator_args(vm, &args, "__setitem__", &["key", "value"], 2, Style::Slot)?;
    let (key, value) = (arg(&b, 0), arg(&b, 1));
    let len = with_buffer(vm, &args, "__setitem__", |d| d.len())?;
    if let Value::Obj(o) = &key {
        if let Object::Slice(s) = &**o {
            let (start, stop, step) = vm.slice_indices(s, len)?;
            let new = if value.as_str().is_some() || matches!(value, Value::Int(_) | Value::Bool(_))
            {
                return Err(vm.type_error(
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                ));
            } else {
                extension(vm, &value)?
            };
            if step == 1 {
                let stop = stop.max(start);
                with_buffer(vm, &args, "__setitem__", |d| {
                    d.splice(start as usize..stop as usize, new);
                })?;
                return Ok(Value::None);
            }
            let positions = slice_positions(start, stop, step);
            if positions.len() != new.len() {
                return Err(vm.value_error(format!(
                    "attempt to assign bytes of size {} to extended slice of size {}",
                    new.len(),
                    positions.len()
                )));
            }
            with_buffer(vm, &args, "__setitem__", |d| {
                for (i, b) in positions.into_iter().zip(new) {
                    d[i] = b;
                }
            })?;
            return Ok(Value::None);
        }
    }
    if !matches!(key, Value::Int(_) | Value::Bool(_))
        && vm.lookup_special(&key, "__index__").is_none()
    {
        let t = vm.type_name(&key);
        return Err(vm.type_error(format!(
            "bytearray indices must be integers or slices, not {t}"
        )));
    }
    let i = index_arg(vm, &key)?;
    let byte = byte_value(vm, &value)?;
    let done = with_buffer(vm, &args, "__setitem__", |d| match norm_index(i, d.len()) {
        Some(i) => {
            d[i] = byte;
            true
        }
        None => false,
    })?;
    if !done {
        return Err(vm.index_error("bytearray index out of range"));
    }
    Ok(Value::None)
}

fn dunder_delitem(vm: &mut Vm, args: Args) -> PyResult {
    let b = mutator_args(vm, &args, "__delitem__", &["key"], 1, Style::Slot)?;
    let key = arg(&b, 0);
    let len = with_buffer(vm, &args, "__delitem__", |d| d.len())?;
    if let Value::Obj(o) = &key {
        if let Object::Slice(s) = &**o {
            let (start, stop, step) = vm.slice_indices(s, len)?;
            let mut positions = slice_positions(start, stop, step);
            positions.sort_unstable();
            with_buffer(vm, &args, "__delitem__", |d| {
                for i in positions.into_iter().rev() {
                    d.remove(i);
                }
            })?;
            return Ok(Value::None);
        }
    }
    if !matches!(key, Value::Int(_) | Value::Bool(_))
        && vm.lookup_special(&key, "__index__").is_none()
    {
        let t = vm.type_name(&key);
        return Err(vm.type_error(format!(
            "bytearray indices must be integers or slices, not {t}"
        )));
    }
    let i = index_arg(vm, &key)?;
    let done = with_buffer(vm, &args, "__delitem__", |d| match norm_index(i, d.len()) {
        Some(i) => {
            d.remove(i);
            true
        }
        None => false,
    })?;
    if !done {
        return Err(vm.index_error("bytearray index out of range"));
    }
    Ok(Value::None)
}

fn dunder_iadd(vm: &mut Vm, args: Args) -> PyResult {
    let b = mutator_args(vm, &args, "__iadd__", &["value"], 1, Style::Slot)?;
    let other = arg(&b, 0);
    let Some(more) = bytes_data(vm, &other).map(Cow::into_owned) else {
        let t = vm.type_name(&other);
        return Err(vm.type_error(format!("can't concat {t} to bytearray")));
    };
    with_buffer(vm, &args, "__iadd__", |d| d.extend_from_slice(&more))?;
    Ok(args.pos[0].clone())
}

#[cfg(test)]
mod tests;
