//! printf-style formatting: `"%5.2f|%-4s|%(name)r" % args`, as CPython's
//! `PyUnicode_Format`: conversions `s r a c d i u o x X e E f F g G %`,
//! flags `-+ 0#`, width and precision (`*` takes them from the arguments),
//! a tuple of arguments, a single value, or a mapping with `%(key)s`.
//! `bytes % args` (`_PyBytes_FormatEx`) shares the engine, working on the
//! bytes as Latin-1 characters, with `%s`/`%b` taking bytes-like values.

use num_bigint::BigInt;
use num_traits::FromPrimitive;

use super::float::{self, Options};
use super::IntRef;
use crate::native::text::check_size;
use crate::native::types::bytes::{bytes_data, new_bytes};
use crate::native::types::str::ascii_repr;
use crate::vm::{Args, Object, PyResult, Value, Vm};

/// What is being formatted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// `str % args`.
    Text,
    /// `bytes % args`: characters stand for the bytes 0-255.
    Bytes,
}

/// `format % args` for str.
pub fn percent_format(vm: &mut Vm, format: &str, args: &Value) -> PyResult<String> {
    let chars: Vec<char> = format.chars().collect();
    format_chars(vm, &chars, args, Target::Text)
}

/// `format % args` for bytes and bytearray.
pub fn percent_format_bytes(vm: &mut Vm, format: &[u8], args: &Value) -> PyResult<Vec<u8>> {
    let chars: Vec<char> = format.iter().map(|&b| b as char).collect();
    let text = format_chars(vm, &chars, args, Target::Bytes)?;
    // Every character is below 256 here: Latin-1 input, ASCII numbers and reprs.
    Ok(text.chars().map(|c| c as u32 as u8).collect())
}

fn format_chars(vm: &mut Vm, chars: &[char], args: &Value, target: Target) -> PyResult<String> {
    let mut cursor = ArgCursor::new(vm, args, target);
    let mut out = String::with_capacity(chars.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            let next = chars[i..]
                .iter()
                .position(|&c| c == '%')
                .map_or(chars.len(), |n| i + n);
            out.extend(&chars[i..next]);
            i = next;
            continue;
        }
        i += 1;
        let directive = parse_directive(vm, chars, &mut i, &mut cursor)?;
        if directive.conversion == '%' {
            out.push('%');
            continue;
        }
        let arg = cursor.next(vm)?;
        out.push_str(&convert(vm, &directive, &arg, target)?);
    }
    if cursor.has_unused() {
        let what = match target {
            Target::Text => "string",
            Target::Bytes => "bytes",
        };
        return Err(vm.type_error(format!(
            "not all arguments converted during {what} formatting"
        )));
    }
    Ok(out)
}

/// Which argument comes next, following CPython's `argidx`/`arglen` rules
/// (a non-tuple argument is used once; a `%(key)` swaps in the mapping's value).
struct ArgCursor {
    /// The current "args": the tuple's items, or the single value.
    items: Vec<Value>,
    /// Next index (for a single value: 0 before use, 1 after).
    index: usize,
    /// The mapping, when the right operand is one.
    mapping: Option<Value>,
    /// Whether `%(key)` keys are str or bytes.
    target: Target,
}

impl ArgCursor {
    fn new(vm: &Vm, args: &Value, target: Target) -> ArgCursor {
        let items = match args {
            Value::Obj(o) => match &**o {
                Object::Tuple(t) => t.to_vec(),
                _ => vec![args.clone()],
            },
            _ => vec![args.clone()],
        };
        let mapping = is_mapping(vm, args, target).then(|| args.clone());
        ArgCursor {
            items,
            index: 0,
            mapping,
            target,
        }
    }

    fn next(&mut self, vm: &mut Vm) -> PyResult<Value> {
        match self.items.get(self.index) {
            Some(v) => {
                self.index += 1;
                Ok(v.clone())
            }
            None => Err(vm.type_error("not enough arguments for format string")),
        }
    }

    /// `%(key)`: the rest of this directive uses `mapping[key]`.
    fn select_key(&mut self, vm: &mut Vm, key: &str) -> PyResult<()> {
        let Some(mapping) = self.mapping.clone() else {
            return Err(vm.type_error("format requires a mapping"));
        };
        let key = match self.target {
            Target::Text => Value::str(key),
            Target::Bytes => new_bytes(key.chars().map(|c| c as u32 as u8).collect()),
        };
        let value = vm.getitem(&mapping, &key)?;
        self.items = vec![value];
        self.index = 0;
        Ok(())
    }

    fn has_unused(&self) -> bool {
        self.mapping.is_none() && self.index < self.items.len()
    }
}

/// CPython's `PyMapping_Check` minus tuple and str (and bytes for `bytes %`):
/// what makes `%` use `%(key)` lookups.
fn is_mapping(vm: &Vm, v: &Value, target: Target) -> bool {
    match v {
        Value::Obj(o) => match &**o {
            Object::Bytes(_) | Object::ByteArray(_) => target == Target::Text,
            Object::Dict(_) | Object::List(_) | Object::Range(_) => true,
            Object::Instance(_) => vm.lookup_special(v, "__getitem__").is_some(),
            _ => false,
        },
        _ => false,
    }
}

/// One `%...` directive.
struct Directive {
    left: bool,
    sign: bool,
    space: bool,
    alternate: bool,
    zero: bool,
    width: usize,
    precision: Option<usize>,
    conversion: char,
    /// Character index of the conversion in the format string (for errors).
    index: usize,
}

fn parse_directive(
    vm: &mut Vm,
    chars: &[char],
    i: &mut usize,
    cursor: &mut ArgCursor,
) -> PyResult<Directive> {
    let incomplete = |vm: &mut Vm| vm.value_error("incomplete format");
    if chars.get(*i) == Some(&'(') {
        let mut depth = 1;
        let start = *i + 1;
        let mut j = start;
        while j < chars.len() && depth > 0 {
            match chars[j] {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            j += 1;
        }
        if depth > 0 {
            return Err(vm.value_error("incomplete format key"));
        }
        let key: String = chars[start..j - 1].iter().collect();
        cursor.select_key(vm, &key)?;
        *i = j;
    }
    let mut d = Directive {
        left: false,
        sign: false,
        space: false,
        alternate: false,
        zero: false,
        width: 0,
        precision: None,
        conversion: '%',
        index: 0,
    };
    while let Some(&c) = chars.get(*i) {
        match c {
            '-' => d.left = true,
            '+' => d.sign = true,
            ' ' => d.space = true,
            '#' => d.alternate = true,
            '0' => d.zero = true,
            _ => break,
        }
        *i += 1;
    }
    if chars.get(*i) == Some(&'*') {
        *i += 1;
        let w = star_arg(vm, cursor)?;
        check_size(vm, w.unsigned_abs() as u128)?;
        if w < 0 {
            d.left = true;
        }
        d.width = w.unsigned_abs() as usize;
    } else {
        d.width = read_number(vm, chars, i)?.unwrap_or(0);
    }
    if chars.get(*i) == Some(&'.') {
        *i += 1;
        if chars.get(*i) == Some(&'*') {
            *i += 1;
            let p = star_arg(vm, cursor)?.max(0) as usize;
            check_size(vm, p as u128)?;
            d.precision = Some(p);
        } else {
            d.precision = Some(read_number(vm, chars, i)?.unwrap_or(0));
        }
    }
    while matches!(chars.get(*i), Some('h' | 'l' | 'L')) {
        *i += 1;
    }
    let Some(&c) = chars.get(*i) else {
        return Err(incomplete(vm));
    };
    d.conversion = c;
    d.index = *i;
    *i += 1;
    Ok(d)
}

fn star_arg(vm: &mut Vm, cursor: &mut ArgCursor) -> PyResult<i64> {
    match cursor.next(vm)? {
        Value::Int(n) => Ok(n),
        Value::Bool(b) => Ok(b as i64),
        _ => Err(vm.type_error("* wants int")),
    }
}

fn read_number(vm: &mut Vm, chars: &[char], i: &mut usize) -> PyResult<Option<usize>> {
    let start = *i;
    let mut n: usize = 0;
    while let Some(d) = chars.get(*i).and_then(|c| c.to_digit(10)) {
        n = match n.checked_mul(10).and_then(|n| n.checked_add(d as usize)) {
            Some(n) if n <= i32::MAX as usize => n,
            _ => return Err(vm.value_error("width too big")),
        };
        *i += 1;
    }
    check_size(vm, n as u128)?;
    Ok((*i > start).then_some(n))
}

fn convert(vm: &mut Vm, d: &Directive, arg: &Value, target: Target) -> PyResult<String> {
    match (d.conversion, target) {
        ('s' | 'r' | 'a', Target::Text) | ('s' | 'b' | 'r' | 'a', Target::Bytes) => {
            let text = match (d.conversion, target) {
                ('s', Target::Text) => vm.to_str(arg)?,
                ('r', Target::Text) => vm.repr(arg)?,
                ('s' | 'b', Target::Bytes) => bytes_arg(vm, arg)?,
                _ => ascii_repr(&vm.repr(arg)?),
            };
            let text = match d.precision.and_then(|p| text.char_indices().nth(p)) {
                Some((cut, _)) => text[..cut].to_string(),
                None => text,
            };
            Ok(pad_text(&text, d))
        }
        ('c', _) => {
            let c = match target {
                Target::Text => char_arg(vm, arg)?,
                Target::Bytes => byte_char_arg(vm, arg)?,
            };
            Ok(pad_text(&c.to_string(), d))
        }
        ('d' | 'i' | 'u' | 'o' | 'x' | 'X', _) => {
            let n = int_arg(vm, arg, d.conversion)?;
            Ok(format_int(IntRef::of(&n).unwrap_or(IntRef::Small(0)), d))
        }
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G', _) => {
            let x = float_arg(vm, arg)?;
            Ok(format_float(x, d))
        }
        (c, _) => Err(vm.value_error(format!(
            "unsupported format character '{c}' (0x{:x}) at index {}",
            c as u32, d.index
        ))),
    }
}

fn pad_text(text: &str, d: &Directive) -> String {
    let len = text.chars().count();
    if len >= d.width {
        return text.to_string();
    }
    let fill = " ".repeat(d.width - len);
    if d.left {
        format!("{text}{fill}")
    } else {
        format!("{fill}{text}")
    }
}

/// Sign, `0x` prefix and digits, padded with zeros between prefix and digits or with spaces.
fn pad_number(sign: &str, prefix: &str, digits: &str, d: &Directive) -> String {
    let len = sign.len() + prefix.len() + digits.chars().count();
    if len >= d.width {
        return format!("{sign}{prefix}{digits}");
    }
    let n = d.width - len;
    if d.left {
        format!("{sign}{prefix}{digits}{}", " ".repeat(n))
    } else if d.zero {
        format!("{sign}{prefix}{}{digits}", "0".repeat(n))
    } else {
        format!("{}{sign}{prefix}{digits}", " ".repeat(n))
    }
}

fn sign_of(negative: bool, d: &Directive) -> &'static str {
    if negative {
        "-"
    } else if d.sign {
        "+"
    } else if d.space {
        " "
    } else {
        ""
    }
}

fn format_int(n: IntRef, d: &Directive) -> String {
    let radix = match d.conversion {
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    let mut digits = n.magnitude(radix);
    if d.conversion == 'X' {
        digits.make_ascii_uppercase();
    }
    if let Some(p) = d.precision {
        if digits.len() < p {
            digits.insert_str(0, &"0".repeat(p - digits.len()));
        }
    }
    let prefix = match (d.alternate, d.conversion) {
        (true, 'o') => "0o",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    pad_number(sign_of(n.is_negative(), d), prefix, &digits, d)
}

fn format_float(x: f64, d: &Directive) -> String {
    let style = match d.conversion {
        'e' | 'E' => float::Style::Exponent,
        'f' | 'F' => float::Style::Fixed,
        _ => float::Style::General,
    };
    let opts = Options {
        precision: d.precision.unwrap_or(6),
        alternate: d.alternate,
        add_dot_0: false,
        upper: matches!(d.conversion, 'E' | 'F' | 'G'),
    };
    let body = float::digits(x, style, opts);
    pad_number(
        sign_of(x.is_sign_negative() && !x.is_nan(), d),
        "",
        &body,
        d,
    )
}

/// The argument of `%d %i %u` (any real number, truncated) or `%o %x %X` (integers only), as an int value.
fn int_arg(vm: &mut Vm, arg: &Value, conversion: char) -> PyResult<Value> {
    if IntRef::of(arg).is_some() {
        return Ok(arg.clone());
    }
    let decimal = matches!(conversion, 'd' | 'i' | 'u');
    if let (true, Value::Float(x)) = (decimal, arg) {
        return float_to_int(vm, *x);
    }
    let hook = if decimal { "__int__" } else { "__index__" };
    if matches!(arg, Value::Obj(o) if matches!(&**o, Object::Instance(_))) {
        if let Some(f) = vm
            .lookup_special(arg, hook)
            .or_else(|| vm.lookup_special(arg, "__index__"))
        {
            let r = vm.call(&f, Args::new([arg.clone()]))?;
            if IntRef::of(&r).is_some() {
                return Ok(r);
            }
        }
    }
    let t = vm.type_name(arg);
    let what = if decimal {
        "a real number"
    } else {
        "an integer"
    };
    Err(vm.type_error(format!("%{conversion} format: {what} is required, not {t}")))
}

/// `int(x)` for a float: truncation, with CPython's errors for inf and nan.
pub fn float_to_int(vm: &mut Vm, x: f64) -> PyResult<Value> {
    if x.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(vm.new_error("OverflowError", "cannot convert float infinity to integer"));
    }
    let t = x.trunc();
    if t.abs() < 9.0e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(crate::vm::ops::int_from_big(
        BigInt::from_f64(t).unwrap_or_default(),
    ))
}

fn float_arg(vm: &mut Vm, arg: &Value) -> PyResult<f64> {
    if let Value::Float(x) = arg {
        return Ok(*x);
    }
    if let Some(n) = IntRef::of(arg) {
        return n.to_f64(vm);
    }
    if let Some(f) = vm.lookup_special(arg, "__float__") {
        if let Value::Float(x) = vm.call(&f, Args::new([arg.clone()]))? {
            return Ok(x);
        }
    }
    let t = vm.type_name(arg);
    Err(vm.type_error(format!("must be real number, not {t}")))
}

/// `%s`/`%b` of `bytes %`: a bytes-like value (or `__bytes__`), as Latin-1 characters.
fn bytes_arg(vm: &mut Vm, arg: &Value) -> PyResult<String> {
    if let Some(data) = bytes_data(vm, arg) {
        return Ok(data.iter().map(|&b| b as char).collect());
    }
    if let Some(f) = vm.lookup_special(arg, "__bytes__") {
        let r = vm.call(&f, Args::new([arg.clone()]))?;
        if let Some(data) = bytes_data(vm, &r) {
            return Ok(data.iter().map(|&b| b as char).collect());
        }
    }
    let t = vm.type_name(arg);
    Err(vm.type_error(format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{t}'"
    )))
}

/// `%c` of `bytes %`: an int below 256 or a single byte.
fn byte_char_arg(vm: &mut Vm, arg: &Value) -> PyResult<char> {
    if let Some(data) = bytes_data(vm, arg) {
        if data.len() == 1 {
            return Ok(data[0] as char);
        }
    } else if let Some(n) = IntRef::of(arg) {
        return match n {
            IntRef::Small(i @ 0..=255) => Ok(i as u8 as char),
            _ => Err(vm.new_error("OverflowError", "%c arg not in range(256)")),
        };
    }
    Err(vm.type_error("%c requires an integer in range(256) or a single byte"))
}

fn char_arg(vm: &mut Vm, arg: &Value) -> PyResult<char> {
    if let Some(s) = arg.as_str() {
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(c);
        }
    } else if let Some(n) = IntRef::of(arg) {
        let c = match n {
            IntRef::Small(i) => u32::try_from(i).ok().and_then(char::from_u32),
            IntRef::Big(_) => None,
        };
        return c.ok_or_else(|| vm.new_error("OverflowError", "%c arg not in range(0x110000)"));
    }
    Err(vm.type_error("%c requires int or char"))
}
