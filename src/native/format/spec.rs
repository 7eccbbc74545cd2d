//! The format-spec mini-language (`format(v, spec)`, `f"{v:spec}"`):
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`,
//! parsed as CPython's `parse_internal_render_format_spec`, and the padding
//! and digit grouping shared by every type.

use crate::native::text::check_size;
use crate::vm::{Exc, PyResult, Vm};

/// Where the padding goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^`
    Center,
    /// `=`: between the sign (and `0x` prefix) and the digits.
    AfterSign,
}

impl Align {
    fn from_char(c: char) -> Option<Align> {
        match c {
            '<' => Some(Align::Left),
            '>' => Some(Align::Right),
            '^' => Some(Align::Center),
            '=' => Some(Align::AfterSign),
            _ => None,
        }
    }
}

/// Which signs to print.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Sign {
    /// `-` (the default): only for negative numbers.
    Negative,
    /// `+`: always.
    Always,
    /// ` `: a space for non-negative numbers.
    Space,
}

/// A parsed format spec.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The fill character.
    pub fill: char,
    /// The alignment, if one was given (or implied by a leading `0`).
    pub align: Option<Align>,
    /// The sign option, if given.
    pub sign: Option<Sign>,
    /// `z`: print negative zero as zero (floats).
    pub coerce_zero: bool,
    /// `#`: alternate form.
    pub alternate: bool,
    /// Minimum width in characters.
    pub width: usize,
    /// Thousands separator (`,` or `_`).
    pub grouping: Option<char>,
    /// Precision.
    pub precision: Option<usize>,
    /// The presentation type (the type's default when omitted: `s` for str, `d` for int).
    pub ty: Option<char>,
}

/// CPython's limit on widths and precisions written in a spec.
const MAX_NUMBER: usize = isize::MAX as usize;

impl Spec {
    /// Parse `spec` for a value of type `type_name`, whose types default to
    /// `default_type` and whose values align to the right when numbers.
    pub fn parse(
        vm: &mut Vm,
        spec: &str,
        type_name: &str,
        default_type: Option<char>,
        numeric: bool,
    ) -> PyResult<Spec> {
        let chars: Vec<char> = spec.chars().collect();
        let mut pos = 0;
        let mut out = Spec {
            fill: ' ',
            align: None,
            sign: None,
            coerce_zero: false,
            alternate: false,
            width: 0,
            grouping: None,
            precision: None,
            ty: default_type,
        };
        let mut fill_given = false;
        if let Some(align) = chars.get(1).and_then(|&c| Align::from_char(c)) {
            out.fill = chars[0];
            out.align = Some(align);
            fill_given = true;
            pos = 2;
        } else if let Some(align) = chars.first().and_then(|&c| Align::from_char(c)) {
            out.align = Some(align);
            pos = 1;
        }
        out.sign = match chars.get(pos) {
            Some('-') => Some(Sign::Negative),
            Some('+') => Some(Sign::Always),
            Some(' ') => Some(Sign::Space),
            _ => None,
        };
        if out.sign.is_some() {
            pos += 1;
        }
        if chars.get(pos) == Some(&'z') {
            out.coerce_zero = true;
            pos += 1;
        }
        if chars.get(pos) == Some(&'#') {
            out.alternate = true;
            pos += 1;
        }
        if !fill_given && chars.get(pos) == Some(&'0') {
            out.fill = '0';
            if out.align.is_none() && numeric {
                out.align = Some(Align::AfterSign);
            }
            pos += 1;
        }
        if let Some(width) = read_number(vm, &chars, &mut pos)? {
            check_size(vm, width as u128)?;
            out.width = width;
        }
        if chars.get(pos) == Some(&',') {
            out.grouping = Some(',');
            pos += 1;
        }
        if chars.get(pos) == Some(&'_') {
            if out.grouping.is_some() {
                return Err(vm.value_error("Cannot specify both ',' and '_'."));
            }
            out.grouping = Some('_');
            pos += 1;
        }
        if chars.get(pos) == Some(&',') && out.grouping == Some('_') {
            return Err(vm.value_error("Cannot specify both ',' and '_'."));
        }
        if chars.get(pos) == Some(&'.') {
            pos += 1;
            match read_number(vm, &chars, &mut pos)? {
                Some(p) => {
                    check_size(vm, p as u128)?;
                    out.precision = Some(p);
                }
                None => return Err(vm.value_error("Format specifier missing precision")),
            }
        }
        match chars.len() - pos {
            0 => {}
            1 => out.ty = Some(chars[pos]),
            _ => {
                return Err(vm.value_error(format!(
                    "Invalid format specifier '{spec}' for object of type '{type_name}'"
                )));
            }
        }
        if let Some(sep) = out.grouping {
            match out.ty {
                None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
                Some('b' | 'o' | 'x' | 'X') if sep == '_' => {}
                Some(t) => {
                    return Err(
                        vm.value_error(format!("Cannot specify '{sep}' with {}.", quoted_code(t)))
                    )
                }
            }
        }
        Ok(out)
    }

    /// The fill, alignment and width, for text that is already laid out.
    pub fn pad(&self, text: &str, default: Align) -> String {
        pad(text, self.fill, self.align.unwrap_or(default), self.width)
    }

    /// "Unknown format code 'x' for object of type 'str'".
    pub fn unknown_code(&self, vm: &mut Vm, type_name: &str) -> Exc {
        let code = quoted_code(self.ty.unwrap_or(' '));
        vm.value_error(format!(
            "Unknown format code {code} for object of type '{type_name}'"
        ))
    }
}

/// A type code as CPython quotes it in errors: `'x'`, or `'\x1'` for non-printable ones.
fn quoted_code(c: char) -> String {
    if (' '..'\x7f').contains(&c) && c != ' ' {
        format!("'{c}'")
    } else {
        format!("'\\x{:x}'", c as u32)
    }
}

/// Digits of a width or precision, if any.
fn read_number(vm: &mut Vm, chars: &[char], pos: &mut usize) -> PyResult<Option<usize>> {
    let start = *pos;
    let mut n: usize = 0;
    while let Some(d) = chars.get(*pos).and_then(|c| c.to_digit(10)) {
        n = match n.checked_mul(10).and_then(|n| n.checked_add(d as usize)) {
            Some(n) if n <= MAX_NUMBER => n,
            _ => return Err(vm.value_error("Too many decimal digits in format string")),
        };
        *pos += 1;
    }
    Ok((*pos > start).then_some(n))
}

/// Pad `text` to `width` characters with `fill`. `AfterSign` pads at the left
/// (the caller splits sign and digits itself).
pub fn pad(text: &str, fill: char, align: Align, width: usize) -> String {
    let len = text.chars().count();
    if len >= width {
        return text.to_string();
    }
    let n = width - len;
    let (left, right) = match align {
        Align::Left => (0, n),
        Align::Right | Align::AfterSign => (n, 0),
        Align::Center => (n / 2, n - n / 2),
    };
    let mut out = String::with_capacity(text.len() + n * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(fill, right));
    out
}

/// The pieces of a formatted number, in order.
pub struct Number<'a> {
    /// `-`, `+`, ` ` or nothing.
    pub sign: &'a str,
    /// `0x`, `0b`, `0o` or nothing.
    pub prefix: &'a str,
    /// The integer digits (grouped and zero-padded here).
    pub digits: &'a str,
    /// Everything after the integer digits: fraction, exponent, `%`.
    pub rest: &'a str,
    /// Whether the digits may be grouped (not for `inf`/`nan`).
    pub groupable: bool,
}

impl Spec {
    /// Lay out a number: grouping (every 3 digits, or 4 for `_` with b/o/x),
    /// zero padding that continues the grouping, then fill and alignment.
    pub fn render_number(&self, n: &Number) -> String {
        let align = self.align.unwrap_or(Align::Right);
        let group_size = if matches!(self.ty, Some('b' | 'o' | 'x' | 'X')) {
            4
        } else {
            3
        };
        let digits = match self.grouping {
            Some(sep) if n.groupable => {
                let zero_fill = self.fill == '0' && align == Align::AfterSign;
                let others = n.sign.len() + n.prefix.len() + n.rest.chars().count();
                let min_len = if zero_fill {
                    self.width.saturating_sub(others)
                } else {
                    0
                };
                group_digits(n.digits, sep, group_size, min_len)
            }
            _ => n.digits.to_string(),
        };
        let body_len = n.sign.len() + n.prefix.len() + digits.len() + n.rest.chars().count();
        if align == Align::AfterSign {
            let fill: String =
                std::iter::repeat_n(self.fill, self.width.saturating_sub(body_len)).collect();
            return format!("{}{}{fill}{digits}{}", n.sign, n.prefix, n.rest);
        }
        let body = format!("{}{}{digits}{}", n.sign, n.prefix, n.rest);
        pad(&body, self.fill, align, self.width)
    }
}

/// Insert `sep` every `size` digits from the right, padding with zeros on
/// the left (and separators between them) until at least `min_len` long;
/// never starts with a separator.
pub fn group_digits(digits: &str, sep: char, size: usize, min_len: usize) -> String {
    let mut rev: Vec<char> = Vec::with_capacity(digits.len() * 4 / 3 + 1);
    let mut in_group = 0;
    let mut source = digits.chars().rev();
    loop {
        let next = source.next();
        if next.is_none() && rev.len() >= min_len {
            break;
        }
        if in_group == size {
            rev.push(sep);
            in_group = 0;
        }
        rev.push(next.unwrap_or('0'));
        in_group += 1;
    }
    rev.into_iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;
    use crate::native::text::testing::error_text;

    fn parse(spec: &str) -> Result<Spec, String> {
        let mut vm = test_vm();
        Spec::parse(&mut vm, spec, "int", Some('d'), true).map_err(|e| error_text(&mut vm, &e))
    }

    #[test]
    fn parses_every_field() {
        let s = parse("*^+z#012,.3f").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (s.fill, s.align, s.sign),
            ('*', Some(Align::Center), Some(Sign::Always))
        );
        assert!(s.coerce_zero && s.alternate);
        assert_eq!(
            (s.width, s.grouping, s.precision, s.ty),
            (12, Some(','), Some(3), Some('f'))
        );
        let z = parse("05").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((z.fill, z.align, z.width), ('0', Some(Align::AfterSign), 5));
    }

    #[test]
    fn parse_errors_match_cpython() {
        assert_eq!(
            parse(",_").err().as_deref(),
            Some("ValueError: Cannot specify both ',' and '_'.")
        );
        assert_eq!(
            parse("_,").err().as_deref(),
            Some("ValueError: Cannot specify both ',' and '_'.")
        );
        assert_eq!(
            parse(",x").err().as_deref(),
            Some("ValueError: Cannot specify ',' with 'x'.")
        );
        assert_eq!(
            parse("_n").err().as_deref(),
            Some("ValueError: Cannot specify '_' with 'n'.")
        );
        assert_eq!(
            parse(".").err().as_deref(),
            Some("ValueError: Format specifier missing precision")
        );
        assert_eq!(
            parse("abc").err().as_deref(),
            Some("ValueError: Invalid format specifier 'abc' for object of type 'int'")
        );
        assert_eq!(
            parse("0100000000000000000000").err().as_deref(),
            Some("ValueError: Too many decimal digits in format string")
        );
    }

    #[test]
    fn grouping_with_zero_padding() {
        assert_eq!(group_digits("1234", ',', 3, 8), "0,001,234");
        assert_eq!(group_digits("1234", ',', 3, 9), "0,001,234");
        assert_eq!(group_digits("1234", ',', 3, 10), "00,001,234");
        assert_eq!(group_digits("1234", ',', 3, 7), "001,234");
        assert_eq!(group_digits("1234567", ',', 3, 0), "1,234,567");
        assert_eq!(group_digits("11111111", '_', 4, 10), "0_1111_1111");
        assert_eq!(group_digits("0", ',', 3, 0), "0");
    }

    #[test]
    fn padding_counts_characters() {
        assert_eq!(pad("中文", ' ', Align::Right, 10), "        中文");
        assert_eq!(pad("中文", '*', Align::Center, 11), "****中文*****");
        assert_eq!(pad("ab", ' ', Align::Center, 5), " ab  ");
    }
}
