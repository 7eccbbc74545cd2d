//! String formatting: the format-spec mini-language behind `format()`,
//! f-strings and `__format__` of str, int, float and bool ([`spec`],
//! [`float`]), printf-style `%` formatting ([`percent`]) and
//! `str.format` / `str.format_map` ([`template`]).

pub mod float;
pub mod percent;
pub mod spec;
pub mod template;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::native::add_method;
use crate::native::text::signature::{Signature, Style};
use crate::vm::{Args, Object, PyResult, Value, Vm};
use float::Options;
use spec::{Align, Number, Sign, Spec};

/// Register `__format__` on int, bool and float (str's is in `types::str`).
pub fn install(vm: &mut Vm) {
    let (int, bool_, float) = (
        vm.rt.types.int.clone(),
        vm.rt.types.bool_.clone(),
        vm.rt.types.float.clone(),
    );
    add_method(vm, &int, "__format__", int_format);
    add_method(vm, &bool_, "__format__", int_format);
    add_method(vm, &float, "__format__", float_format);
}

/// An int value seen without copying: small or big.
#[derive(Clone, Copy)]
pub enum IntRef<'a> {
    /// Fits in an i64 (bools too).
    Small(i64),
    /// A big integer.
    Big(&'a BigInt),
}

impl<'a> IntRef<'a> {
    /// The int inside `v` (int, bool or big int).
    pub fn of(v: &'a Value) -> Option<IntRef<'a>> {
        match v {
            Value::Int(i) => Some(IntRef::Small(*i)),
            Value::Bool(b) => Some(IntRef::Small(*b as i64)),
            Value::Obj(o) => match &**o {
                Object::BigInt(b) => Some(IntRef::Big(b)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Is it below zero?
    pub fn is_negative(self) -> bool {
        match self {
            IntRef::Small(i) => i < 0,
            IntRef::Big(b) => b.is_negative(),
        }
    }

    /// The digits of the absolute value in `radix` (2, 8, 10 or 16), lower case.
    pub fn magnitude(self, radix: u32) -> String {
        match self {
            IntRef::Small(i) => {
                let m = i.unsigned_abs();
                match radix {
                    2 => format!("{m:b}"),
                    8 => format!("{m:o}"),
                    16 => format!("{m:x}"),
                    _ => m.to_string(),
                }
            }
            IntRef::Big(b) => b.magnitude().to_str_radix(radix),
        }
    }

    /// The nearest float, or an OverflowError.
    pub fn to_f64(self, vm: &mut Vm) -> PyResult<f64> {
        match self {
            IntRef::Small(i) => Ok(i as f64),
            IntRef::Big(b) => match b.to_f64() {
                Some(f) if f.is_finite() => Ok(f),
                _ => Err(vm.new_error("OverflowError", "int too large to convert to float")),
            },
        }
    }
}

/// The sign text of a number.
fn sign_text(negative: bool, sign: Option<Sign>) -> &'static str {
    match (negative, sign) {
        (true, _) => "-",
        (false, Some(Sign::Always)) => "+",
        (false, Some(Sign::Space)) => " ",
        _ => "",
    }
}

/// `format(text, spec)` for str.
pub fn format_str(vm: &mut Vm, text: &str, spec: &str, type_name: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(text.to_string());
    }
    let s = Spec::parse(vm, spec, type_name, Some('s'), false)?;
    if s.ty != Some('s') {
        return Err(s.unknown_code(vm, type_name));
    }
    let refused = if s.sign.is_some() {
        Some("Sign not allowed in string format specifier")
    } else if s.coerce_zero {
        Some("Negative zero coercion (z) not allowed in string format specifier")
    } else if s.alternate {
        Some("Alternate form (#) not allowed in string format specifier")
    } else if s.align == Some(Align::AfterSign) {
        Some("'=' alignment not allowed in string format specifier")
    } else {
        None
    };
    if let Some(msg) = refused {
        return Err(vm.value_error(msg));
    }
    let shown = match s.precision {
        Some(p) => match text.char_indices().nth(p) {
            Some((cut, _)) => &text[..cut],
            None => text,
        },
        None => text,
    };
    Ok(s.pad(shown, Align::Left))
}

/// `format(n, spec)` for int (and bool, whose empty spec prints `True`).
pub fn format_int(vm: &mut Vm, n: IntRef, spec: &str, type_name: &str) -> PyResult<String> {
    let s = Spec::parse(vm, spec, type_name, Some('d'), true)?;
    let radix = match s.ty {
        Some('d' | 'n') => 10,
        Some('x' | 'X') => 16,
        Some('o') => 8,
        Some('b') => 2,
        Some('c') => 0,
        Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') => {
            let x = n.to_f64(vm)?;
            return format_float_spec(vm, x, &s, type_name);
        }
        _ => return Err(s.unknown_code(vm, type_name)),
    };
    if s.precision.is_some() {
        return Err(vm.value_error("Precision not allowed in integer format specifier"));
    }
    if s.coerce_zero {
        return Err(
            vm.value_error("Negative zero coercion (z) not allowed in integer format specifier")
        );
    }
    if radix == 0 {
        return format_char(vm, n, &s);
    }
    let mut digits = n.magnitude(radix);
    if s.ty == Some('X') {
        digits.make_ascii_uppercase();
    }
    let prefix = match (s.alternate, s.ty) {
        (true, Some('x')) => "0x",
        (true, Some('X')) => "0X",
        (true, Some('o')) => "0o",
        (true, Some('b')) => "0b",
        _ => "",
    };
    let sign = sign_text(n.is_negative(), s.sign);
    Ok(s.render_number(&Number {
        sign,
        prefix,
        digits: &digits,
        rest: "",
        groupable: true,
    }))
}

/// The `c` presentation type: the character with that code point.
fn format_char(vm: &mut Vm, n: IntRef, s: &Spec) -> PyResult<String> {
    if s.sign.is_some() {
        return Err(vm.value_error("Sign not allowed with integer format specifier 'c'"));
    }
    if s.alternate {
        return Err(
            vm.value_error("Alternate form (#) not allowed with integer format specifier 'c'")
        );
    }
    let c = match n {
        IntRef::Small(i) => u32::try_from(i).ok().and_then(char::from_u32),
        IntRef::Big(_) => None,
    };
    let Some(c) = c else {
        return Err(vm.new_error("OverflowError", "%c arg not in range(0x110000)"));
    };
    let text = c.to_string();
    Ok(s.render_number(&Number {
        sign: "",
        prefix: "",
        digits: &text,
        rest: "",
        groupable: false,
    }))
}

/// `format(x, spec)` for float.
pub fn format_float(vm: &mut Vm, x: f64, spec: &str, type_name: &str) -> PyResult<String> {
    let s = Spec::parse(vm, spec, type_name, None, true)?;
    format_float_spec(vm, x, &s, type_name)
}

fn format_float_spec(vm: &mut Vm, x: f64, s: &Spec, type_name: &str) -> PyResult<String> {
    let (style, default_precision) = match s.ty {
        None if s.precision.is_some() => (float::Style::General, 6),
        None => (float::Style::Repr, 0),
        Some('e' | 'E') => (float::Style::Exponent, 6),
        Some('f' | 'F' | '%') => (float::Style::Fixed, 6),
        Some('g' | 'G' | 'n') => (float::Style::General, 6),
        _ => return Err(s.unknown_code(vm, type_name)),
    };
    let percent = s.ty == Some('%');
    let opts = Options {
        precision: s.precision.unwrap_or(default_precision),
        alternate: s.alternate,
        add_dot_0: s.ty.is_none(),
        upper: matches!(s.ty, Some('E' | 'F' | 'G')),
    };
    let value = if percent { x * 100.0 } else { x };
    let mut body = float::digits(value, style, opts);
    let mut negative = value.is_sign_negative() && !value.is_nan();
    if s.coerce_zero && negative && !body.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        negative = false;
    }
    if percent {
        body.push('%');
    }
    let int_len = body.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = body.split_at(int_len);
    let sign = sign_text(negative, s.sign);
    Ok(s.render_number(&Number {
        sign,
        prefix: "",
        digits,
        rest,
        groupable: value.is_finite(),
    }))
}

const FORMAT_SIG: Signature = Signature {
    owner: "int",
    name: "__format__",
    params: &["format_spec"],
    required: 1,
    style: Style::One,
};

/// The spec argument of a `__format__` call.
pub fn spec_arg(vm: &mut Vm, args: &Args, owner: &'static str) -> PyResult<String> {
    let sig = Signature {
        owner,
        ..FORMAT_SIG
    };
    let bound = sig.bind(vm, args)?;
    let spec = bound[0].clone().unwrap_or(Value::None);
    match spec.as_str() {
        Some(s) => Ok(s.to_string()),
        None => {
            let t = vm.type_name(&spec);
            Err(vm.type_error(format!("__format__() argument must be str, not {t}")))
        }
    }
}

/// `int.__format__` (and bool's).
fn int_format(vm: &mut Vm, args: Args) -> PyResult {
    let spec = spec_arg(vm, &args, "int")?;
    let this = args.pos[0].clone();
    let type_name = vm.type_name(&this);
    let Some(n) = IntRef::of(&this) else {
        return Err(vm.type_error(format!(
            "descriptor '__format__' requires a 'int' object but received a '{type_name}'"
        )));
    };
    if spec.is_empty() {
        return Ok(Value::str(vm.to_str(&this)?));
    }
    format_int(vm, n, &spec, &type_name).map(Value::str)
}

/// `float.__format__`.
fn float_format(vm: &mut Vm, args: Args) -> PyResult {
    let spec = spec_arg(vm, &args, "float")?;
    let this = args.pos[0].clone();
    let type_name = vm.type_name(&this);
    let Value::Float(x) = this else {
        return Err(vm.type_error(format!(
            "descriptor '__format__' requires a 'float' object but received a '{type_name}'"
        )));
    };
    format_float(vm, x, &spec, &type_name).map(Value::str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;
    use crate::native::text::testing::error_text;

    fn fmt(vm: &mut Vm, v: Value, spec: &str) -> String {
        match vm.format_value(&v, spec) {
            Ok(s) => s,
            Err(e) => error_text(vm, &e),
        }
    }

    #[test]
    fn strings() {
        let mut vm = test_vm();
        let cases = [
            ("中文", ">10", "        中文"),
            ("中文", "*^11", "****中文*****"),
            ("ab", "05", "ab000"),
            ("ab", "^5", " ab  "),
            ("abc", ".2", "ab"),
            ("x", "=^5", "==x=="),
            ("x", "03", "x00"),
            (
                "a",
                "+",
                "ValueError: Sign not allowed in string format specifier",
            ),
            (
                "a",
                "#",
                "ValueError: Alternate form (#) not allowed in string format specifier",
            ),
            (
                "a",
                "=5",
                "ValueError: '=' alignment not allowed in string format specifier",
            ),
            ("a", ",", "ValueError: Cannot specify ',' with 's'."),
            ("a", "_", "ValueError: Cannot specify '_' with 's'."),
            (
                "a",
                "z",
                "ValueError: Negative zero coercion (z) not allowed in string format specifier",
            ),
            (
                "a",
                "d",
                "ValueError: Unknown format code 'd' for object of type 'str'",
            ),
            (
                "a",
                "10.2.3",
                "ValueError: Invalid format specifier '10.2.3' for object of type 'str'",
            ),
            ("x", ".", "ValueError: Format specifier missing precision"),
        ];
        for (text, spec, want) in cases {
            assert_eq!(
                fmt(&mut vm, Value::str(text), spec),
                want,
                "format({text:?}, {spec:?})"
            );
        }
    }

    #[test]
    fn ints() {
        let mut vm = test_vm();
        let big = crate::vm::ops::int_from_big(BigInt::from(10).pow(20));
        let cases = [
            (Value::Int(1234), "08,", "0,001,234"),
            (Value::Int(1234), "09,", "0,001,234"),
            (Value::Int(1234), "010,", "00,001,234"),
            (Value::Int(-1234), "08,", "-001,234"),
            (Value::Int(1234567), ",", "1,234,567"),
            (Value::Int(255), "_b", "1111_1111"),
            (Value::Int(0xdeadbeef), "#_x", "0xdead_beef"),
            (Value::Int(255), "#012_b", "0b0_1111_1111"),
            (Value::Int(255), "#012,d", "0,000,000,255"),
            (Value::Int(255), "#010x", "0x000000ff"),
            (Value::Int(5), "x<10", "5xxxxxxxxx"),
            (Value::Int(5), "=+10", "+        5"),
            (Value::Int(5), "x=+#10x", "+0xxxxxxx5"),
            (Value::Int(123), "^+9", "  +123   "),
            (Value::Int(123), "0^9", "000123000"),
            (Value::Int(-3), "0>5", "000-3"),
            (Value::Int(-3), "05", "-0003"),
            (Value::Int(5), "<05", "50000"),
            (Value::Int(-255), "x", "-ff"),
            (Value::Int(-8), "#o", "-0o10"),
            (Value::Int(0), "#b", "0b0"),
            (Value::Int(255), "X", "FF"),
            (Value::Int(255), "#X", "0XFF"),
            (Value::Int(1), " b", " 1"),
            (Value::Int(20013), "c", "中"),
            (Value::Int(1234567), "n", "1234567"),
            (big.clone(), ",", "100,000,000,000,000,000,000"),
            (big.clone(), "e", "1.000000e+20"),
            (big, ".2f", "100000000000000000000.00"),
            (Value::Int(1), "f", "1.000000"),
            (
                Value::Int(1),
                ".2",
                "ValueError: Precision not allowed in integer format specifier",
            ),
            (
                Value::Int(1),
                "s",
                "ValueError: Unknown format code 's' for object of type 'int'",
            ),
            (
                Value::Int(1),
                "z",
                "ValueError: Negative zero coercion (z) not allowed in integer format specifier",
            ),
            (
                Value::Int(1),
                ",c",
                "ValueError: Cannot specify ',' with 'c'.",
            ),
            (
                Value::Int(1),
                "+c",
                "ValueError: Sign not allowed with integer format specifier 'c'",
            ),
            (
                Value::Int(1),
                "#c",
                "ValueError: Alternate form (#) not allowed with integer format specifier 'c'",
            ),
            (
                Value::Int(-1),
                "c",
                "OverflowError: %c arg not in range(0x110000)",
            ),
            (
                Value::Int(0x110000),
                "c",
                "OverflowError: %c arg not in range(0x110000)",
            ),
            (
                Value::Int(1),
                "\u{1}",
                "ValueError: Unknown format code '\\x1' for object of type 'int'",
            ),
            (
                Value::Int(1),
                "中",
                "ValueError: Unknown format code '\\x4e2d' for object of type 'int'",
            ),
            (Value::Bool(true), "", "True"),
            (Value::Bool(true), "5", "    1"),
            (Value::Bool(true), "d", "1"),
            (Value::Bool(true), "f", "1.000000"),
            (
                Value::Bool(true),
                "s",
                "ValueError: Unknown format code 's' for object of type 'bool'",
            ),
        ];
        for (v, spec, want) in cases {
            let shown = format!("{v:?}");
            assert_eq!(fmt(&mut vm, v, spec), want, "format({shown}, {spec:?})");
        }
    }

    #[test]
    fn floats() {
        let mut vm = test_vm();
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        let cases = [
            (1234567.891, ",.2f", "1,234,567.89"),
            (-1234567.891, ",.2f", "-1,234,567.89"),
            (1e-5, "g", "1e-05"),
            (2.675, ".2f", "2.67"),
            (1.0, "", "1.0"),
            (1e16, "", "1e+16"),
            (0.1, "", "0.1"),
            (1e16, "5", "1e+16"),
            (100.0, "10", "     100.0"),
            (100.0, ".3", "1e+02"),
            (1.5, ".3", "1.5"),
            (3.0, "#", "3.0"),
            (3.0, "#.3", "3.00"),
            (0.25, "%", "25.000000%"),
            (0.2567, ".1%", "25.7%"),
            (0.005, ".0%", "0%"),
            (-0.0, "g", "-0"),
            (-0.0, "z", "0.0"),
            (-0.01, "z.1f", "0.0"),
            (-0.0001, ".2f", "-0.00"),
            (-1e-10, "z.2e", "-1.00e-10"),
            (1234.5, "n", "1234.5"),
            (1234.5, "010,.1f", "0,001,234.5"),
            (1.5, "010,", "0,000,001.5"),
            (1e20, "030,.2e", "000,000,000,000,000,001.00e+20"),
            (12345.6, "015,.1%", "0,001,234,560.0%"),
            (3.5, "+05", "+03.5"),
            (1e-20, "G", "1E-20"),
            (1.0, "0<9", "1.0000000"),
            (1234567.25, "_", "1_234_567.25"),
            (-1234.5, ",", "-1,234.5"),
            (inf, "010", "0000000inf"),
            (inf, "010,", "0000000inf"),
            (-inf, "08.2f", "-0000inf"),
            (nan, "+010f", "+000000nan"),
            (nan, "F", "NAN"),
            (inf, "E", "INF"),
            (inf, "%", "inf%"),
            (inf, ",", "inf"),
            (
                1.0,
                "d",
                "ValueError: Unknown format code 'd' for object of type 'float'",
            ),
            (1.0, ",n", "ValueError: Cannot specify ',' with 'n'."),
            (1.0, ",b", "ValueError: Cannot specify ',' with 'b'."),
        ];
        for (x, spec, want) in cases {
            assert_eq!(
                fmt(&mut vm, Value::Float(x), spec),
                want,
                "format({x}, {spec:?})"
            );
        }
    }
}
