//! The `str` type: its constructor, methods and special methods.
//!
//! Strings are UTF-8 (`Object::Str`) indexed by code point, as Python's.
//! Searching works bytewise on the UTF-8 text (see `text::search`), and
//! indices convert between characters and bytes only at the edges, with a
//! fast path for ASCII text where the two coincide. Values of `str`
//! subclasses are instances holding the `str` in `Payload::Builtin`; every
//! method accepts them as `self`.

use crate::native::format::{self, percent::percent_format, template};
use crate::native::text::chars;
use crate::native::text::codec;
use crate::native::text::search;
use crate::native::text::signature::{index_arg, slice_bound, text_param, Bound, Signature, Style};
use crate::native::text::{check_size, defer_or_fail};
use crate::native::{add_class_attr, add_method, native_fn, set_constructor};
use crate::vm::object::{Instance, IterState, Payload, Str};
use crate::vm::ops::str_repr;
use crate::vm::{Args, Dict, GilCell, NativeFn, Obj, Object, PyResult, Value, Vm};

/// Install the constructor and methods of `str`.
pub fn install(vm: &mut Vm) {
    let class = vm.rt.types.str_.clone();
    set_constructor(&class, str_new);
    for &(name, func) in METHODS {
        add_method(vm, &class, name, func);
    }
    if let Object::Class(c) = &*class {
        crate::native::mark_fast(
            vm,
            &c.dict,
            "lower",
            crate::vm::object::FastNative::StrLower,
        );
    }
    let maketrans = Value::from_obj(Object::StaticMethod(native_fn("maketrans", maketrans)));
    add_class_attr(vm, &class, "maketrans", maketrans);
}

const METHODS: &[(&str, NativeFn)] = &[
    ("upper", upper),
    ("lower", lower),
    ("casefold", casefold),
    ("capitalize", capitalize),
    ("title", title),
    ("swapcase", swapcase),
    ("isdigit", isdigit),
    ("isdecimal", isdecimal),
    ("isnumeric", isnumeric),
    ("isalpha", isalpha),
    ("isalnum", isalnum),
    ("isspace", isspace),
    ("isupper", isupper),
    ("islower", islower),
    ("istitle", istitle),
    ("isidentifier", isidentifier),
    ("isascii", isascii),
    ("isprintable", isprintable),
    ("strip", strip),
    ("lstrip", lstrip),
    ("rstrip", rstrip),
    ("split", split),
    ("rsplit", rsplit),
    ("splitlines", splitlines),
    ("join", join),
    ("replace", replace),
    ("find", find),
    ("rfind", rfind),
    ("index", index),
    ("rindex", rindex),
    ("count", count),
    ("startswith", startswith),
    ("endswith", endswith),
    ("center", center),
    ("ljust", ljust),
    ("rjust", rjust),
    ("zfill", zfill),
    ("partition", partition),
    ("rpartition", rpartition),
    ("expandtabs", expandtabs),
    ("encode", encode),
    ("format", format_method),
    ("format_map", format_map),
    ("translate", translate),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("__len__", dunder_len),
    ("__getitem__", dunder_getitem),
    ("__contains__", dunder_contains),
    ("__add__", dunder_add),
    ("__mul__", dunder_mul),
    ("__rmul__", dunder_mul),
    ("__mod__", dunder_mod),
    ("__eq__", dunder_eq),
    ("__ne__", dunder_ne),
    ("__lt__", dunder_lt),
    ("__le__", dunder_le),
    ("__gt__", dunder_gt),
    ("__ge__", dunder_ge),
    ("__hash__", dunder_hash),
    ("__iter__", dunder_iter),
    ("__repr__", dunder_repr),
    ("__str__", dunder_str),
    ("__format__", dunder_format),
];

// ---------------------------------------------------------------------------
// Receivers and arguments

/// The `Str` inside a value: a str, or an instance of a str subclass.
fn str_value(vm: &Vm, v: &Value) -> Option<Value> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Str(_) => Some(v.clone()),
            Object::Instance(Instance {
                payload: Payload::Builtin(inner),
                ..
            }) => {
                let inner = inner.borrow(&vm.gil).clone();
                inner.as_str().is_some().then_some(inner)
            }
            _ => None,
        },
        _ => None,
    }
}

/// The `Str` object of a value known to hold one.
fn str_obj(v: &Value) -> Option<&Str> {
    match v {
        Value::Obj(o) => match &**o {
            Object::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// A method's `self`, as a plain str value.
fn receiver(vm: &mut Vm, args: &Args, method: &str) -> PyResult<Value> {
    let Some(this) = args.pos.first() else {
        return Err(vm.type_error(format!("unbound method str.{method}() needs an argument")));
    };
    match str_value(vm, this) {
        Some(s) => Ok(s),
        None => {
            let t = vm.type_name(this);
            Err(vm.type_error(format!(
                "descriptor '{method}' for 'str' objects doesn't apply to a '{t}' object"
            )))
        }
    }
}

/// The text of a value known to be a str.
fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// Bind a method's arguments and return `self` with them.
fn method_args(vm: &mut Vm, args: &Args, sig: &Signature) -> PyResult<(Value, Bound)> {
    let this = receiver(vm, args, sig.name)?;
    let bound = sig.bind(vm, args)?;
    Ok((this, bound))
}

fn sig(
    name: &'static str,
    params: &'static [&'static str],
    required: usize,
    style: Style,
) -> Signature {
    Signature {
        owner: "str",
        name,
        params,
        required,
        style,
    }
}

/// A str argument, or a TypeError with `message(type name)`.
fn str_arg(vm: &mut Vm, v: &Value, message: impl Fn(&str) -> String) -> PyResult<Value> {
    match str_value(vm, v) {
        Some(s) => Ok(s),
        None => {
            let t = vm.type_name(v);
            Err(vm.type_error(message(&t)))
        }
    }
}

/// `maxsplit`/`count` arguments: negative means no limit.
fn limit_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(v) => {
            let n = index_arg(vm, v)?;
            Ok(usize::try_from(n).ok())
        }
    }
}

// ---------------------------------------------------------------------------
// Character and byte positions

/// Byte offset of character `index` (at most the length).
fn byte_offset(s: &Str, index: usize) -> usize {
    let t = s.as_str();
    if s.is_ascii() {
        index.min(t.len())
    } else {
        t.char_indices().nth(index).map_or(t.len(), |(b, _)| b)
    }
}

/// Number of characters in a slice of UTF-8 text.
fn char_count(t: &str) -> usize {
    if t.is_ascii() {
        t.len()
    } else {
        t.chars().count()
    }
}

/// The part of `s` between character indices `start..end` (a clamped window), with its byte start.
fn window_text(s: &Str, start: i64, end: i64) -> (&str, usize) {
    let (a, b) = (byte_offset(s, start as usize), byte_offset(s, end as usize));
    (&s.as_str()[a..b], a)
}

// ---------------------------------------------------------------------------
// Constructor

fn str_new(vm: &mut Vm, args: Args) -> PyResult {
    let sig = Signature {
        owner: "str",
        name: "str",
        params: &["object", "encoding", "errors"],
        required: 0,
        style: Style::Keywords,
    };
    let b = sig.bind(vm, &args)?;
    let class = args.pos[0].clone();
    let value = match (&b[0], b[1].is_some() || b[2].is_some()) {
        (None, false) => Value::str(""),
        (Some(v), false) => match v {
            Value::Obj(o) if matches!(&**o, Object::Str(_)) => v.clone(),
            _ => Value::str(vm.to_str(v)?),
        },
        (obj, true) => {
            let encoding = text_param(vm, &b[1], "str", "encoding", "utf-8")?;
            let errors = text_param(vm, &b[2], "str", "errors", "strict")?;
            let obj = obj
                .clone()
                .unwrap_or_else(|| Value::from_obj(Object::Bytes(Box::new([]))));
            let data = match crate::native::types::bytes::bytes_data(vm, &obj) {
                Some(d) => d,
                None if obj.as_str().is_some() => {
                    return Err(vm.type_error("decoding str is not supported"))
                }
                None => {
                    let t = vm.type_name(&obj);
                    return Err(vm.type_error(format!(
                        "decoding to str: need a bytes-like object, {t} found"
                    )));
                }
            };
            Value::str(codec::decode(vm, &data, &encoding, &errors)?)
        }
    };
    Ok(wrap_for_class(vm, &class, value))
}

/// A str result for the class being constructed: plain for `str`, an instance for a subclass.
fn wrap_for_class(vm: &Vm, class: &Value, value: Value) -> Value {
    match class {
        Value::Obj(c) if !Obj::ptr_eq(c, &vm.rt.types.str_) && matches!(&**c, Object::Class(_)) => {
            Value::from_obj(Object::Instance(Instance::new(
                c.clone(),
                Payload::Builtin(GilCell::new(value)),
            )))
        }
        _ => value,
    }
}

// ---------------------------------------------------------------------------
// Case

/// A method without arguments that maps the text to new text.
fn map_text(vm: &mut Vm, args: &Args, name: &'static str, f: fn(&str) -> String) -> PyResult {
    let (this, _) = method_args(vm, args, &sig(name, &[], 0, Style::NoArgs))?;
    Ok(Value::str(f(text(&this))))
}

/// `map_text` with a cheaper mapping for ASCII text, whose result is ASCII
/// of the same length (so its characters need no counting).
fn map_text_ascii(
    vm: &mut Vm,
    args: &Args,
    name: &'static str,
    ascii: fn(&str) -> String,
    full: fn(&str) -> String,
) -> PyResult {
    let (this, _) = method_args(vm, args, &sig(name, &[], 0, Style::NoArgs))?;
    match map_ascii(&this, ascii) {
        Some(v) => Ok(v),
        None => Ok(Value::str(full(text(&this)))),
    }
}

fn upper(vm: &mut Vm, args: Args) -> PyResult {
    map_text_ascii(
        vm,
        &args,
        "upper",
        str::to_ascii_uppercase,
        str::to_uppercase,
    )
}

fn lower(vm: &mut Vm, args: Args) -> PyResult {
    map_text_ascii(
        vm,
        &args,
        "lower",
        str::to_ascii_lowercase,
        str::to_lowercase,
    )
}

fn casefold(vm: &mut Vm, args: Args) -> PyResult {
    map_text(vm, &args, "casefold", |t| {
        let mut out = String::with_capacity(t.len());
        for c in t.chars() {
            match c {
                'ß' | 'ẞ' => out.push_str("ss"),
                'ς' => out.push('σ'),
                'ﬀ' => out.push_str("ff"),
                'ﬁ' => out.push_str("fi"),
                'ﬂ' => out.push_str("fl"),
                'ﬃ' => out.push_str("ffi"),
                'ﬄ' => out.push_str("ffl"),
                'ﬅ' | 'ﬆ' => out.push_str("st"),
                c => chars::push_lower(&mut out, c),
            }
        }
        out
    })
}

/// Lowercase of `cs[i]`, with Greek final sigma: `Σ` ending a word is `ς`.
fn push_lower_at(out: &mut String, cs: &[char], i: usize) {
    if cs[i] != 'Σ' {
        chars::push_lower(out, cs[i]);
        return;
    }
    let ignorable = |c: char| {
        matches!(c, '\'' | '.' | ':' | '^' | '`' | '\u{b7}' | '\u{2019}')
            || ('\u{300}'..'\u{370}').contains(&c)
    };
    let cased_before = cs[..i]
        .iter()
        .rev()
        .find(|&&c| !ignorable(c))
        .is_some_and(|&c| chars::is_cased(c));
    let cased_after = cs[i + 1..]
        .iter()
        .find(|&&c| !ignorable(c))
        .is_some_and(|&c| chars::is_cased(c));
    out.push(if cased_before && !cased_after {
        'ς'
    } else {
        'σ'
    });
}

fn capitalize(vm: &mut Vm, args: Args) -> PyResult {
    map_text(vm, &args, "capitalize", |t| {
        let cs: Vec<char> = t.chars().collect();
        let mut out = String::with_capacity(t.len());
        for i in 0..cs.len() {
            if i == 0 {
                chars::push_title(&mut out, cs[0]);
            } else {
                push_lower_at(&mut out, &cs, i);
            }
        }
        out
    })
}

fn title(vm: &mut Vm, args: Args) -> PyResult {
    map_text(vm, &args, "title", |t| {
        let cs: Vec<char> = t.chars().collect();
        let mut out = String::with_capacity(t.len());
        let mut previous_cased = false;
        for i in 0..cs.len() {
            if previous_cased {
                push_lower_at(&mut out, &cs, i);
            } else {
                chars::push_title(&mut out, cs[i]);
            }
            previous_cased = chars::is_cased(cs[i]);
        }
        out
    })
}

fn swapcase(vm: &mut Vm, args: Args) -> PyResult {
    map_text(vm, &args, "swapcase", |t| {
        let cs: Vec<char> = t.chars().collect();
        let mut out = String::with_capacity(t.len());
        for (i, &c) in cs.iter().enumerate() {
            if c.is_uppercase() {
                push_lower_at(&mut out, &cs, i);
            } else if c.is_lowercase() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        out
    })
}

// ---------------------------------------------------------------------------
// Predicates

/// A method without arguments answering a question about the text.
fn test_text(vm: &mut Vm, args: &Args, name: &'static str, f: fn(&str) -> bool) -> PyResult {
    let (this, _) = method_args(vm, args, &sig(name, &[], 0, Style::NoArgs))?;
    Ok(Value::Bool(f(text(&this))))
}

/// Non-empty and every character passes.
fn all_chars(t: &str, f: fn(char) -> bool) -> bool {
    !t.is_empty() && t.chars().all(f)
}

fn isdigit(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isdigit", |t| all_chars(t, chars::is_digit))
}

fn isdecimal(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isdecimal", |t| all_chars(t, chars::is_decimal))
}

fn isnumeric(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isnumeric", |t| all_chars(t, chars::is_numeric))
}

fn isalpha(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isalpha", |t| all_chars(t, char::is_alphabetic))
}

fn isalnum(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isalnum", |t| all_chars(t, chars::is_alnum))
}

fn isspace(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isspace", |t| all_chars(t, chars::is_space))
}

fn isupper(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isupper", |t| {
        !t.chars().any(char::is_lowercase) && t.chars().any(char::is_uppercase)
    })
}

fn islower(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "islower", |t| {
        !t.chars().any(char::is_uppercase) && t.chars().any(char::is_lowercase)
    })
}

fn istitle(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "istitle", |t| {
        let (mut cased, mut previous_cased) = (false, false);
        for c in t.chars() {
            if c.is_uppercase() || matches!(c, 'ǅ' | 'ǈ' | 'ǋ' | 'ǲ') {
                if previous_cased {
                    return false;
                }
                previous_cased = true;
                cased = true;
            } else if c.is_lowercase() {
                if !previous_cased {
                    return false;
                }
                previous_cased = true;
                cased = true;
            } else {
                previous_cased = false;
            }
        }
        cased
    })
}

fn isidentifier(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isidentifier", chars::is_identifier)
}

fn isascii(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isascii", str::is_ascii)
}

fn isprintable(vm: &mut Vm, args: Args) -> PyResult {
    test_text(vm, &args, "isprintable", |t| {
        t.chars().all(chars::is_printable)
    })
}

// ---------------------------------------------------------------------------
// Stripping and splitting

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
    Both,
}

fn strip_impl(vm: &mut Vm, args: &Args, name: &'static str, side: Side) -> PyResult {
    let (this, b) = method_args(vm, args, &sig(name, &["chars"], 0, Style::Clinic))?;
    let set = match &b[0] {
        None | Some(Value::None) => None,
        Some(v) => match str_value(vm, v) {
            Some(s) => Some(text(&s).to_string()),
            None => return Err(vm.type_error(format!("{name} arg must be None or str"))),
        },
    };
    let t = text(&this);
    let strip_it = |c: char| match &set {
        None => chars::is_space(c),
        Some(set) => set.contains(c),
    };
    let out = match side {
        Side::Left => t.trim_start_matches(strip_it),
        Side::Right => t.trim_end_matches(strip_it),
        Side::Both => t.trim_start_matches(strip_it).trim_end_matches(strip_it),
    };
    if out.len() == t.len() {
        return Ok(this);
    }
    Ok(Value::str(out))
}

fn strip(vm: &mut Vm, args: Args) -> PyResult {
    strip_impl(vm, &args, "strip", Side::Both)
}

fn lstrip(vm: &mut Vm, args: Args) -> PyResult {
    strip_impl(vm, &args, "lstrip", Side::Left)
}

fn rstrip(vm: &mut Vm, args: Args) -> PyResult {
    strip_impl(vm, &args, "rstrip", Side::Right)
}

fn split_impl(vm: &mut Vm, args: &Args, name: &'static str, from_right: bool) -> PyResult {
    let (this, b) = method_args(
        vm,
        args,
        &sig(name, &["sep", "maxsplit"], 0, Style::Keywords),
    )?;
    let maxsplit = limit_arg(vm, &b[1])?;
    let t = text(&this);
    let ascii = is_ascii_str(&this);
    let parts: Vec<Value> = match &b[0] {
        None | Some(Value::None) => {
            let units = t
                .char_indices()
                .map(|(i, c)| (i, c.len_utf8(), chars::is_space(c)));
            let ranges = if from_right {
                search::rsplit_whitespace(units, maxsplit)
            } else {
                search::split_whitespace(units, t.len(), maxsplit)
            };
            ranges.into_iter().map(|r| piece(&t[r], ascii)).collect()
        }
        Some(sep) => {
            let sep = str_arg(vm, sep, |t| format!("must be str or None, not {t}"))?;
            if text(&sep).is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let pieces = if from_right {
                search::rsplit(t.as_bytes(), text(&sep).as_bytes(), maxsplit)
            } else {
                search::split(t.as_bytes(), text(&sep).as_bytes(), maxsplit)
            };
            // A UTF-8 separator splits UTF-8 text at character boundaries:
            // each piece is a slice of `t`.
            pieces
                .into_iter()
                .map(|p| {
                    let at = p.as_ptr() as usize - t.as_ptr() as usize;
                    piece(&t[at..at + p.len()], ascii)
                })
                .collect()
        }
    };
    Ok(vm.new_list(parts))
}

/// `v.lower()` when `v` is an ASCII str (the loop's `FastNative::StrLower`);
/// `None` for anything else, which takes the ordinary call.
pub fn lower_ascii(v: &Value) -> Option<Value> {
    map_ascii(v, str::to_ascii_lowercase)
}

/// `ascii` of the text of `v` when `v` is an ASCII str, whose result is
/// ASCII of the same length (so its characters need no counting).
fn map_ascii(v: &Value, ascii: fn(&str) -> String) -> Option<Value> {
    if !is_ascii_str(v) {
        return None;
    }
    let out = ascii(text(v));
    let n = out.len();
    Some(Value::from_obj(Object::Str(Str::with_char_len(out, n))))
}

/// Is `v` a str object whose text is all ASCII (known from its lengths)?
fn is_ascii_str(v: &Value) -> bool {
    str_obj(v).is_some_and(|s| s.char_len() == s.as_str().len())
}

/// A new str of part of a str's text; `ascii` when the whole text is ASCII
/// (then its characters need no counting).
fn piece(part: &str, ascii: bool) -> Value {
    if ascii {
        Value::from_obj(Object::Str(Str::with_char_len(
            part.to_string(),
            part.len(),
        )))
    } else {
        Value::str(part)
    }
}

fn split(vm: &mut Vm, args: Args) -> PyResult {
    split_impl(vm, &args, "split", false)
}

fn rsplit(vm: &mut Vm, args: Args) -> PyResult {
    split_impl(vm, &args, "rsplit", true)
}

fn splitlines(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        &sig("splitlines", &["keepends"], 0, Style::Keywords),
    )?;
    let keepends = match &b[0] {
        Some(v) => index_arg(vm, v)? != 0,
        None => false,
    };
    let t = text(&this);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut it = t.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !chars::is_line_break(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c == '\r' && it.peek().map(|&(_, n)| n) == Some('\n') {
            it.next();
            end += 1;
        }
        lines.push(Value::str(if keepends {
            &t[start..end]
        } else {
            &t[start..i]
        }));
        start = end;
    }
    if start < t.len() {
        lines.push(Value::str(&t[start..]));
    }
    Ok(vm.new_list(lines))
}

fn join(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(vm, &args, &sig("join", &["iterable"], 1, Style::One))?;
    let iterable = b[0].clone().unwrap_or(Value::None);
    if let Some(joined) = join_strs(vm, &this, &iterable)? {
        return Ok(joined);
    }
    let items = match &iterable {
        Value::Obj(o) if matches!(&**o, Object::List(_) | Object::Tuple(_)) => {
            vm.collect(&iterable)?
        }
        _ => {
            let it = match vm.iter(&iterable) {
                Ok(it) => it,
                Err(e) if vm.exc_is(&e, "TypeError") => {
                    return Err(vm.type_error("can only join an iterable"))
                }
                Err(e) => return Err(e),
            };
            let mut items = Vec::new();
            while let Some(v) = vm.next(&it)? {
                items.push(v);
            }
            items
        }
    };
    let sep = text(&this);
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let Some(s) = str_value(vm, item) else {
            let t = vm.type_name(item);
            return Err(vm.type_error(format!(
                "sequence item {i}: expected str instance, {t} found"
            )));
        };
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(text(&s));
        check_size(vm, out.len() as u128)?;
    }
    Ok(Value::str(out))
}

/// `sep.join(seq)` when `seq` is a list or tuple of `str` objects (the
/// usual case): the result is sized once and the items are not copied
/// out first. `None` for anything else.
fn join_strs(vm: &mut Vm, sep: &Value, seq: &Value) -> PyResult<Option<Value>> {
    let (Some(sep), Value::Obj(o)) = (str_obj(sep), seq) else {
        return Ok(None);
    };
    let Some(Some((bytes, chars))) = with_items(vm, o, |items| joined_size(sep, items)) else {
        return Ok(None);
    };
    check_size(vm, bytes as u128)?;
    // Nothing ran between the two looks at the items: they are the same.
    let out = with_items(vm, o, |items| {
        let mut out = String::with_capacity(bytes);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(sep.as_str());
            }
            out.push_str(text(item));
        }
        out
    })
    .unwrap_or_default();
    Ok(Some(Value::from_obj(Object::Str(Str::with_char_len(
        out, chars,
    )))))
}

/// `f` of the items of a list or tuple; `None` for other objects.
fn with_items<R>(vm: &Vm, seq: &Object, f: impl FnOnce(&[Value]) -> R) -> Option<R> {
    match seq {
        Object::List(l) => Some(f(&l.borrow(&vm.gil))),
        Object::Tuple(t) => Some(f(t)),
        _ => None,
    }
}

/// The length in bytes and in characters of `sep.join(items)`, when every
/// item is a `str` object.
fn joined_size(sep: &Str, items: &[Value]) -> Option<(usize, usize)> {
    let gaps = items.len().saturating_sub(1);
    let (mut bytes, mut chars) = (sep.as_str().len() * gaps, sep.char_len() * gaps);
    for item in items {
        let s = str_obj(item)?;
        bytes = bytes.saturating_add(s.as_str().len());
        chars += s.char_len();
    }
    Some((bytes, chars))
}

fn replace(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        &sig("replace", &["old", "new", "count"], 2, Style::Clinic),
    )?;
    let old = str_arg(vm, b[0].as_ref().unwrap_or(&Value::None), |t| {
        format!("replace() argument 1 must be str, not {t}")
    })?;
    let new = str_arg(vm, b[1].as_ref().unwrap_or(&Value::None), |t| {
        format!("replace() argument 2 must be str, not {t}")
    })?;
    let limit = limit_arg(vm, &b[2])?;
    let (t, old, new) = (text(&this), text(&old), text(&new));
    if old.is_empty() {
        // Insert `new` before every character and at the end, `limit` times at most.
        let slots = char_count(t) + 1;
        let n = limit.map_or(slots, |l| l.min(slots));
        check_size(vm, t.len() as u128 + n as u128 * new.len() as u128)?;
        let mut out = String::with_capacity(t.len() + n * new.len());
        let mut inserted = 0;
        for c in t.chars() {
            if inserted < n {
                out.push_str(new);
                inserted += 1;
            }
            out.push(c);
        }
        if inserted < n {
            out.push_str(new);
        }
        return Ok(Value::str(out));
    }
    let out = search::replace(t.as_bytes(), old.as_bytes(), new.as_bytes(), limit);
    Ok(Value::str(String::from_utf8_lossy(&out).into_owned()))
}

// ---------------------------------------------------------------------------
// Searching

/// Where `sub` is in `self[start:end]`, as a character index.
fn search_impl(
    vm: &mut Vm,
    args: &Args,
    name: &'static str,
    from_right: bool,
) -> PyResult<Option<usize>> {
    let (this, b) = method_args(
        vm,
        args,
        &sig(name, &["sub", "start", "end"], 1, Style::Classic),
    )?;
    let sub = str_arg(vm, b[0].as_ref().unwrap_or(&Value::None), |t| {
        format!("must be str, not {t}")
    })?;
    let (start, end) = (slice_bound(vm, &b[1])?, slice_bound(vm, &b[2])?);
    let Some(s) = str_obj(&this) else {
        return Ok(None);
    };
    let sub = text(&sub);
    let (start, end) = search::window(start, end, s.char_len());
    if end - start < char_count(sub) as i64 {
        return Ok(None);
    }
    let (hay, _) = window_text(s, start, end);
    let found = if from_right {
        search::rfind(hay.as_bytes(), sub.as_bytes())
    } else {
        search::find(hay.as_bytes(), sub.as_bytes())
    };
    Ok(found.map(|at| start as usize + char_count(&hay[..at])))
}

fn find(vm: &mut Vm, args: Args) -> PyResult {
    search_impl(vm, &args, "find", false).map(crate::native::text::search::position)
}

fn rfind(vm: &mut Vm, args: Args) -> PyResult {
    search_impl(vm, &args, "rfind", true).map(crate::native::text::search::position)
}

fn index(vm: &mut Vm, args: Args) -> PyResult {
    let found = search_impl(vm, &args, "index", false)?;
    crate::native::text::search::position_or_error(vm, found, "substring not found")
}

fn rindex(vm: &mut Vm, args: Args) -> PyResult {
    let found = search_impl(vm, &args, "rindex", true)?;
    crate::native::text::search::position_or_error(vm, found, "substring not found")
}

fn count(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        &sig("count", &["sub", "start", "end"], 1, Style::Classic),
    )?;
    let sub = str_arg(vm, b[0].as_ref().unwrap_or(&Value::None), |t| {
        format!("must be str, not {t}")
    })?;
    let (start, end) = (slice_bound(vm, &b[1])?, slice_bound(vm, &b[2])?);
    let Some(s) = str_obj(&this) else {
        return Ok(Value::Int(0));
    };
    let sub = text(&sub);
    let (start, end) = search::window(start, end, s.char_len());
    if end - start < char_count(sub) as i64 {
        return Ok(Value::Int(0));
    }
    if sub.is_empty() {
        return Ok(Value::Int(end - start + 1));
    }
    let (hay, _) = window_text(s, start, end);
    Ok(Value::Int(
        search::count(hay.as_bytes(), sub.as_bytes()) as i64
    ))
}

fn affix_impl(vm: &mut Vm, args: &Args, name: &'static str, at_end: bool) -> PyResult {
    let (this, b) = method_args(
        vm,
        args,
        &sig(name, &["prefix", "start", "end"], 1, Style::Classic),
    )?;
    let (start, end) = (slice_bound(vm, &b[1])?, slice_bound(vm, &b[2])?);
    let arg = b[0].clone().unwrap_or(Value::None);
    let candidates = match &arg {
        Value::Obj(o) if matches!(&**o, Object::Tuple(_)) => {
            let items = vm.collect(&arg)?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(str_arg(vm, &item, |t| {
                    format!("tuple for {name} must only contain str, not {t}")
                })?);
            }
            out
        }
        _ => vec![str_arg(vm, &arg, |t| {
            format!("{name} first arg must be str or a tuple of str, not {t}")
        })?],
    };
    let Some(s) = str_obj(&this) else {
        return Ok(Value::Bool(false));
    };
    let (start, end) = search::window(start, end, s.char_len());
    for candidate in &candidates {
        let c = text(candidate);
        if end - (char_count(c) as i64) < start {
            continue;
        }
        let (hay, _) = window_text(s, start, end);
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

fn partition_impl(vm: &mut Vm, args: &Args, name: &'static str, from_right: bool) -> PyResult {
    let (this, b) = method_args(vm, args, &sig(name, &["sep"], 1, Style::One))?;
    let sep = str_arg(vm, b[0].as_ref().unwrap_or(&Value::None), |t| {
        format!("must be str, not {t}")
    })?;
    let (t, sep_text) = (text(&this), text(&sep));
    if sep_text.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let found = if from_right {
        search::rfind(t.as_bytes(), sep_text.as_bytes())
    } else {
        search::find(t.as_bytes(), sep_text.as_bytes())
    };
    let parts = match found {
        Some(i) => vec![
            Value::str(&t[..i]),
            sep.clone(),
            Value::str(&t[i + sep_text.len()..]),
        ],
        None if from_right => vec![Value::str(""), Value::str(""), this.clone()],
        None => vec![this.clone(), Value::str(""), Value::str("")],
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
    let (this, b) = method_args(vm, args, &sig(name, &["affix"], 1, Style::One))?;
    let affix = str_arg(vm, b[0].as_ref().unwrap_or(&Value::None), |t| {
        format!("{name}() argument must be str, not {t}")
    })?;
    let (t, a) = (text(&this), text(&affix));
    let rest = if suffix {
        t.strip_suffix(a)
    } else {
        t.strip_prefix(a)
    };
    match rest {
        Some(r) if !a.is_empty() => Ok(Value::str(r)),
        _ => Ok(this),
    }
}

fn removeprefix(vm: &mut Vm, args: Args) -> PyResult {
    affix_remove(vm, &args, "removeprefix", false)
}

fn removesuffix(vm: &mut Vm, args: Args) -> PyResult {
    affix_remove(vm, &args, "removesuffix", true)
}

// ---------------------------------------------------------------------------
// Padding

/// The `fillchar` argument: one character.
fn fill_arg(vm: &mut Vm, v: &Option<Value>) -> PyResult<char> {
    let Some(v) = v else { return Ok(' ') };
    let Some(s) = str_value(vm, v) else {
        let t = vm.type_name(v);
        return Err(vm.type_error(format!(
            "The fill character must be a unicode character, not {t}"
        )));
    };
    let mut cs = text(&s).chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(vm.type_error("The fill character must be exactly one character long")),
    }
}

#[derive(Clone, Copy)]
enum Justify {
    Left,
    Right,
    Center,
}

fn justify_impl(vm: &mut Vm, args: &Args, name: &'static str, how: Justify) -> PyResult {
    let (this, b) = method_args(
        vm,
        args,
        &sig(name, &["width", "fillchar"], 1, Style::Clinic),
    )?;
    let width = index_arg(vm, b[0].as_ref().unwrap_or(&Value::None))?;
    let fill = fill_arg(vm, &b[1])?;
    let Some(s) = str_obj(&this) else {
        return Ok(this.clone());
    };
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(this.clone());
    }
    let margin = (width - len) as usize;
    check_size(
        vm,
        s.as_str().len() as u128 + margin as u128 * fill.len_utf8() as u128,
    )?;
    let left = match how {
        Justify::Left => 0,
        Justify::Right => margin,
        // CPython's rounding: the odd pad goes left when the width is odd.
        Justify::Center => margin / 2 + (margin & width as usize & 1),
    };
    let mut out = String::with_capacity(s.as_str().len() + margin * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s.as_str());
    out.extend(std::iter::repeat_n(fill, margin - left));
    Ok(Value::str(out))
}

fn center(vm: &mut Vm, args: Args) -> PyResult {
    justify_impl(vm, &args, "center", Justify::Center)
}

fn ljust(vm: &mut Vm, args: Args) -> PyResult {
    justify_impl(vm, &args, "ljust", Justify::Left)
}

fn rjust(vm: &mut Vm, args: Args) -> PyResult {
    justify_impl(vm, &args, "rjust", Justify::Right)
}

fn zfill(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(vm, &args, &sig("zfill", &["width"], 1, Style::One))?;
    let width = index_arg(vm, b[0].as_ref().unwrap_or(&Value::None))?;
    let Some(s) = str_obj(&this) else {
        return Ok(this.clone());
    };
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(this.clone());
    }
    let pad = (width - len) as usize;
    check_size(vm, s.as_str().len() as u128 + pad as u128)?;
    let t = s.as_str();
    let sign_len = if t.starts_with(['+', '-']) { 1 } else { 0 };
    let mut out = String::with_capacity(t.len() + pad);
    out.push_str(&t[..sign_len]);
    out.extend(std::iter::repeat_n('0', pad));
    out.push_str(&t[sign_len..]);
    Ok(Value::str(out))
}

fn expandtabs(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        &sig("expandtabs", &["tabsize"], 0, Style::Keywords),
    )?;
    let tabsize = match &b[0] {
        Some(v) => index_arg(vm, v)?,
        None => 8,
    };
    let t = text(&this);
    let mut out = String::with_capacity(t.len());
    let mut column: i64 = 0;
    for c in t.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - column % tabsize;
                    check_size(vm, (out.len() as i64 + n) as u128)?;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    column += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(Value::str(out))
}

// ---------------------------------------------------------------------------
// Encoding, formatting, translation

fn encode(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(
        vm,
        &args,
        &sig("encode", &["encoding", "errors"], 0, Style::Keywords),
    )?;
    let encoding = text_param(vm, &b[0], "encode", "encoding", "utf-8")?;
    let errors = text_param(vm, &b[1], "encode", "errors", "strict")?;
    let data = codec::encode(vm, text(&this), &encoding, &errors)?;
    Ok(Value::from_obj(Object::Bytes(data.into_boxed_slice())))
}

fn format_method(vm: &mut Vm, args: Args) -> PyResult {
    let this = receiver(vm, &args, "format")?;
    let keywords = template::Keywords::Args(&args.kw);
    template::format(vm, text(&this), Some(&args.pos[1..]), &keywords).map(Value::str)
}

fn format_map(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(vm, &args, &sig("format_map", &["mapping"], 1, Style::One))?;
    let keywords = template::Keywords::Mapping(b[0].clone().unwrap_or(Value::None));
    template::format(vm, text(&this), None, &keywords).map(Value::str)
}

fn translate(vm: &mut Vm, args: Args) -> PyResult {
    let (this, b) = method_args(vm, &args, &sig("translate", &["table"], 1, Style::One))?;
    let table = b[0].clone().unwrap_or(Value::None);
    let mut out = String::new();
    for c in text(&this).chars() {
        let mapped = match vm.getitem(&table, &Value::Int(c as i64)) {
            Ok(v) => v,
            Err(e) if vm.exc_is(&e, "LookupError") => {
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        match &mapped {
            Value::None => {}
            Value::Int(n) => match u32::try_from(*n).ok().and_then(char::from_u32) {
                Some(m) => out.push(m),
                None => return Err(vm.value_error("character mapping must be in range(0x110000)")),
            },
            _ => match str_value(vm, &mapped) {
                Some(s) => out.push_str(text(&s)),
                None => {
                    return Err(vm.type_error("character mapping must return integer, None or str"))
                }
            },
        }
    }
    Ok(Value::str(out))
}

/// `str.maketrans(x[, y[, z]])`: a dict from code points to code points, strings or None.
fn maketrans(vm: &mut Vm, args: Args) -> PyResult {
    if !args.kw.is_empty() {
        return Err(vm.type_error("maketrans() takes no keyword arguments"));
    }
    let n = args.pos.len();
    if !(1..=3).contains(&n) {
        let msg = if n == 0 {
            "maketrans expected at least 1 argument, got 0".to_string()
        } else {
            format!("maketrans expected at most 3 arguments, got {n}")
        };
        return Err(vm.type_error(msg));
    }
    let mut table = Dict::new();
    if n == 1 {
        let x = args.pos[0].clone();
        let Value::Obj(o) = &x else {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        };
        let Object::Dict(d) = &**o else {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        };
        let items: Vec<(Value, Value)> = d
            .borrow(&vm.gil)
            .iter()
            .map(|(k, v)| (k.value.clone(), v.clone()))
            .collect();
        for (k, v) in items {
            let key = match (&k, k.as_str()) {
                (_, Some(s)) => {
                    let mut cs = s.chars();
                    match (cs.next(), cs.next()) {
                        (Some(c), None) => Value::Int(c as i64),
                        _ => {
                            return Err(vm
                                .value_error("string keys in translate table must be of length 1"))
                        }
                    }
                }
                (Value::Int(_), None) => k.clone(),
                _ => {
                    return Err(vm.type_error("keys in translate table must be strings or integers"))
                }
            };
            let key = vm.hash_key(key)?;
            table.insert(key, v);
        }
        return Ok(vm.new_dict(table));
    }
    let Some(x) = args.pos[0].as_str().map(str::to_string) else {
        return Err(vm.type_error(
            "first maketrans argument must be a string if there is a second argument",
        ));
    };
    let y = str_arg(vm, &args.pos[1], |t| {
        format!("maketrans() argument 2 must be str, not {t}")
    })?;
    let (xs, ys): (Vec<char>, Vec<char>) = (x.chars().collect(), text(&y).chars().collect());
    if xs.len() != ys.len() {
        return Err(vm.value_error("the first two maketrans arguments must have equal length"));
    }
    for (a, b) in xs.into_iter().zip(ys) {
        let key = vm.hash_key(Value::Int(a as i64))?;
        table.insert(key, Value::Int(b as i64));
    }
    if n == 3 {
        let z = str_arg(vm, &args.pos[2], |t| {
            format!("maketrans() argument 3 must be str, not {t}")
        })?;
        for c in text(&z).chars() {
            let key = vm.hash_key(Value::Int(c as i64))?;
            table.insert(key, Value::None);
        }
    }
    Ok(vm.new_dict(table))
}

/// `ascii()` of a repr: every non-ASCII character escaped (`\xe9`, `\u4e2d`, `\U0001f600`).
pub fn ascii_repr(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&codec::char_escape(c));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Special methods

fn slot(name: &'static str, params: &'static [&'static str]) -> Signature {
    sig(name, params, params.len(), Style::Slot)
}

/// `self` and the one argument of a binary special method.
fn binary_args(vm: &mut Vm, args: &Args, name: &'static str) -> PyResult<(Value, Value)> {
    let (this, b) = method_args(vm, args, &slot(name, &["value"]))?;
    Ok((this, b[0].clone().unwrap_or(Value::None)))
}

fn dunder_len(vm: &mut Vm, args: Args) -> PyResult {
    let (this, _) = method_args(vm, &args, &slot("__len__", &[]))?;
    Ok(Value::Int(str_obj(&this).map_or(0, Str::char_len) as i64))
}

fn dunder_getitem(vm: &mut Vm, args: Args) -> PyResult {
    let (this, key) = binary_args(vm, &args, "__getitem__")?;
    let Some(s) = str_obj(&this) else {
        return Ok(Value::None);
    };
    if let Value::Obj(o) = &key {
        if let Object::Slice(slice) = &**o {
            let (start, stop, step) = vm.slice_indices(slice, s.char_len())?;
            return Ok(Value::str(slice_text(s, start, stop, step)));
        }
    }
    let is_index = matches!(key, Value::Int(_) | Value::Bool(_))
        || matches!(&key, Value::Obj(o) if matches!(&**o, Object::BigInt(_)))
        || vm.lookup_special(&key, "__index__").is_some();
    if !is_index {
        let t = vm.type_name(&key);
        return Err(vm.type_error(format!("string indices must be integers, not '{t}'")));
    }
    let i = match index_arg(vm, &key) {
        Ok(i) => i,
        Err(e) if vm.exc_is(&e, "OverflowError") => {
            return Err(vm.index_error("cannot fit 'int' into an index-sized integer"));
        }
        Err(e) => return Err(e),
    };
    match crate::vm::ops::norm_index(i, s.char_len()) {
        Some(i) => {
            let at = byte_offset(s, i);
            let c = s.as_str()[at..]
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default();
            Ok(Value::str(c))
        }
        None => Err(vm.index_error("string index out of range")),
    }
}

/// The characters a slice `start:stop:step` (already clamped) selects.
fn slice_text(s: &Str, start: i64, stop: i64, step: i64) -> String {
    if step == 1 {
        if start >= stop {
            return String::new();
        }
        let (a, b) = (
            byte_offset(s, start as usize),
            byte_offset(s, stop as usize),
        );
        return s.as_str()[a..b].to_string();
    }
    let picked = |i: i64| -> bool {
        if step > 0 {
            i < stop
        } else {
            i > stop
        }
    };
    let mut out = String::new();
    if s.is_ascii() {
        let bytes = s.as_str().as_bytes();
        let mut i = start;
        while picked(i) {
            out.push(bytes[i as usize] as char);
            i += step;
        }
    } else {
        let cs: Vec<char> = s.as_str().chars().collect();
        let mut i = start;
        while picked(i) {
            out.push(cs[i as usize]);
            i += step;
        }
    }
    out
}

fn dunder_contains(vm: &mut Vm, args: Args) -> PyResult {
    let (this, item) = binary_args(vm, &args, "__contains__")?;
    let Some(sub) = str_value(vm, &item) else {
        let t = vm.type_name(&item);
        return Err(vm.type_error(format!(
            "'in <string>' requires string as left operand, not {t}"
        )));
    };
    Ok(Value::Bool(text(&this).contains(text(&sub))))
}

fn dunder_add(vm: &mut Vm, args: Args) -> PyResult {
    let (this, other) = binary_args(vm, &args, "__add__")?;
    let Some(other) = str_value(vm, &other) else {
        let t = vm.type_name(&other);
        return defer_or_fail(
            vm,
            &other,
            "__radd__",
            format!("can only concatenate str (not \"{t}\") to str"),
        );
    };
    let (a, b) = (text(&this), text(&other));
    let mut out = String::with_capacity(a.len() + b.len());
    out.push_str(a);
    out.push_str(b);
    Ok(Value::str(out))
}

/// `str * n` and `n * str`.
fn dunder_mul(vm: &mut Vm, args: Args) -> PyResult {
    let (this, n) = binary_args(vm, &args, "__mul__")?;
    let is_int = matches!(n, Value::Int(_) | Value::Bool(_))
        || matches!(&n, Value::Obj(o) if matches!(&**o, Object::BigInt(_)))
        || vm.lookup_special(&n, "__index__").is_some();
    if !is_int {
        let t = vm.type_name(&n);
        return defer_or_fail(
            vm,
            &n,
            "__rmul__",
            format!("can't multiply sequence by non-int of type '{t}'"),
        );
    }
    let times = match index_arg(vm, &n) {
        Ok(i) => i,
        Err(e) if vm.exc_is(&e, "OverflowError") => {
            let negative =
                crate::vm::ops::as_bigint(&n).is_some_and(|b| num_traits::Signed::is_negative(&b));
            if negative || text(&this).is_empty() {
                0
            } else {
                return Err(vm.new_error(
                    "OverflowError",
                    "cannot fit 'int' into an index-sized integer",
                ));
            }
        }
        Err(e) => return Err(e),
    };
    let t = text(&this);
    let times = times.max(0) as usize;
    check_size(vm, t.len() as u128 * times as u128)?;
    Ok(Value::str(t.repeat(times)))
}

fn dunder_mod(vm: &mut Vm, args: Args) -> PyResult {
    let (this, values) = binary_args(vm, &args, "__mod__")?;
    percent_format(vm, text(&this), &values).map(Value::str)
}

/// Compare `self` with another str; NotImplemented for anything else.
fn compare(
    vm: &mut Vm,
    args: &Args,
    name: &'static str,
    test: fn(std::cmp::Ordering) -> bool,
) -> PyResult {
    let (this, other) = binary_args(vm, args, name)?;
    match str_value(vm, &other) {
        Some(other) => Ok(Value::Bool(test(text(&this).cmp(text(&other))))),
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
    let (this, _) = method_args(vm, &args, &slot("__hash__", &[]))?;
    Ok(Value::Int(str_obj(&this).map_or(0, Str::hash)))
}

fn dunder_iter(vm: &mut Vm, args: Args) -> PyResult {
    let (this, _) = method_args(vm, &args, &slot("__iter__", &[]))?;
    let Value::Obj(s) = this else {
        return Ok(Value::None);
    };
    let state: Obj = s;
    Ok(Value::from_obj(Object::Iter(GilCell::new(
        IterState::Str { s: state, pos: 0 },
    ))))
}

fn dunder_repr(vm: &mut Vm, args: Args) -> PyResult {
    let (this, _) = method_args(vm, &args, &slot("__repr__", &[]))?;
    Ok(Value::str(str_repr(text(&this))))
}

fn dunder_str(vm: &mut Vm, args: Args) -> PyResult {
    let (this, _) = method_args(vm, &args, &slot("__str__", &[]))?;
    Ok(this)
}

fn dunder_format(vm: &mut Vm, args: Args) -> PyResult {
    let this = receiver(vm, &args, "__format__")?;
    let spec = format::spec_arg(vm, &args, "str")?;
    let type_name = vm.type_name(&args.pos[0]);
    format::format_str(vm, text(&this), &spec, &type_name).map(Value::str)
}

#[cfg(test)]
mod tests;
