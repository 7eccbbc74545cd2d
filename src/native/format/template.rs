//! `str.format(*args, **kwargs)` and `str.format_map(mapping)`: replacement
//! fields `{name.attr[key]!conv:spec}` with automatic or manual numbering,
//! nested fields in the spec, and `{{`/`}}` escapes — parsed as CPython's
//! `MarkupIterator` and `parse_field`, with the same errors.

use std::sync::Arc;

use crate::native::types::str::ascii_repr;
use crate::vm::{PyResult, Value, Vm};

/// Where named fields come from.
pub enum Keywords<'a> {
    /// The keyword arguments of `format()`.
    Args(&'a [(Arc<str>, Value)]),
    /// The mapping of `format_map()` (positional fields are an error there).
    Mapping(Value),
}

/// Positional fields: `None` for `format_map`.
pub type Positional<'a> = Option<&'a [Value]>;

/// `template.format(*positional, **keywords)`.
pub fn format(
    vm: &mut Vm,
    template: &str,
    positional: Positional,
    keywords: &Keywords,
) -> PyResult<String> {
    let mut ctx = Context {
        positional,
        keywords,
        numbering: Numbering::Unknown,
        next_auto: 0,
    };
    let chars: Vec<char> = template.chars().collect();
    ctx.render(vm, &chars, 2)
}

/// Whether fields are numbered automatically (`{}`) or by hand (`{0}`); they cannot be mixed.
#[derive(PartialEq, Eq)]
enum Numbering {
    Unknown,
    Auto,
    Manual,
}

struct Context<'a> {
    positional: Positional<'a>,
    keywords: &'a Keywords<'a>,
    numbering: Numbering,
    next_auto: usize,
}

/// A replacement field, as character ranges of the template.
struct Field {
    name: std::ops::Range<usize>,
    conversion: Option<char>,
    spec: std::ops::Range<usize>,
    spec_has_fields: bool,
}

impl Context<'_> {
    fn render(&mut self, vm: &mut Vm, chars: &[char], depth: u32) -> PyResult<String> {
        if depth == 0 {
            return Err(vm.value_error("Max string recursion exceeded"));
        }
        let mut out = String::with_capacity(chars.len());
        let mut pos = 0;
        while pos < chars.len() {
            let start = pos;
            let mut brace = None;
            while pos < chars.len() {
                let c = chars[pos];
                pos += 1;
                if c == '{' || c == '}' {
                    brace = Some(c);
                    break;
                }
            }
            let at_end = pos >= chars.len();
            let Some(c) = brace else {
                out.extend(&chars[start..pos]);
                break;
            };
            if c == '}' && (at_end || chars[pos] != '}') {
                return Err(vm.value_error("Single '}' encountered in format string"));
            }
            if c == '{' && at_end {
                return Err(vm.value_error("Single '{' encountered in format string"));
            }
            if chars[pos] == c {
                // `{{` or `}}`: one literal brace.
                out.extend(&chars[start..pos]);
                pos += 1;
                continue;
            }
            out.extend(&chars[start..pos - 1]);
            let field = parse_field(vm, chars, &mut pos)?;
            let text = self.render_field(vm, chars, &field, depth)?;
            out.push_str(&text);
        }
        Ok(out)
    }

    fn render_field(
        &mut self,
        vm: &mut Vm,
        chars: &[char],
        field: &Field,
        depth: u32,
    ) -> PyResult<String> {
        let value = self.field_value(vm, &chars[field.name.clone()])?;
        let value = match field.conversion {
            None => value,
            Some('r') => Value::str(vm.repr(&value)?),
            Some('s') => Value::str(vm.to_str(&value)?),
            Some('a') => Value::str(ascii_repr(&vm.repr(&value)?)),
            Some(c) => {
                let shown = if (' '..'\x7f').contains(&c) && c != ' ' {
                    c.to_string()
                } else {
                    format!("\\x{:x}", c as u32)
                };
                return Err(vm.value_error(format!("Unknown conversion specifier {shown}")));
            }
        };
        let spec_chars = &chars[field.spec.clone()];
        let spec = if field.spec_has_fields {
            self.render(vm, spec_chars, depth - 1)?
        } else {
            spec_chars.iter().collect()
        };
        vm.format_value(&value, &spec)
    }

    /// The object a field name designates: `0`, `name`, or empty for the next
    /// automatic number, followed by `.attr` and `[key]` accessors.
    fn field_value(&mut self, vm: &mut Vm, name: &[char]) -> PyResult<Value> {
        let first_len = name
            .iter()
            .position(|&c| c == '.' || c == '[')
            .unwrap_or(name.len());
        let first = &name[..first_len];
        let index = decimal(vm, first)?;
        let mut value = match (first.is_empty(), index) {
            (true, _) => {
                if self.numbering == Numbering::Manual {
                    return Err(vm.value_error("cannot switch from manual field specification to automatic field numbering"));
                }
                self.numbering = Numbering::Auto;
                self.next_auto += 1;
                self.positional_arg(vm, self.next_auto - 1)?
            }
            (false, Some(i)) => {
                if self.numbering == Numbering::Auto {
                    return Err(vm.value_error("cannot switch from automatic field numbering to manual field specification"));
                }
                self.numbering = Numbering::Manual;
                self.positional_arg(vm, i)?
            }
            (false, None) => {
                let key: String = first.iter().collect();
                self.keyword_arg(vm, key)?
            }
        };
        let mut pos = first_len;
        while pos < name.len() {
            let accessor = name[pos];
            pos += 1;
            let start = pos;
            match accessor {
                '.' => {
                    while pos < name.len() && name[pos] != '.' && name[pos] != '[' {
                        pos += 1;
                    }
                    if pos == start {
                        return Err(vm.value_error("Empty attribute in format string"));
                    }
                    let attr: String = name[start..pos].iter().collect();
                    value = vm.getattr_str(&value, &attr)?;
                }
                '[' => {
                    while pos < name.len() && name[pos] != ']' {
                        pos += 1;
                    }
                    if pos == name.len() {
                        return Err(vm.value_error("Missing ']' in format string"));
                    }
                    let key = &name[start..pos];
                    pos += 1;
                    if key.is_empty() {
                        return Err(vm.value_error("Empty attribute in format string"));
                    }
                    let key = match decimal(vm, key)? {
                        Some(i) => Value::Int(i as i64),
                        None => Value::str(key.iter().collect::<String>()),
                    };
                    value = vm.getitem(&value, &key)?;
                }
                _ => {
                    return Err(
                        vm.value_error("Only '.' or '[' may follow ']' in format field specifier")
                    );
                }
            }
        }
        Ok(value)
    }

    fn positional_arg(&self, vm: &mut Vm, index: usize) -> PyResult<Value> {
        let Some(args) = self.positional else {
            return Err(vm.value_error("Format string contains positional fields"));
        };
        match args.get(index) {
            Some(v) => Ok(v.clone()),
            None => Err(vm.index_error(format!(
                "Replacement index {index} out of range for positional args tuple"
            ))),
        }
    }

    fn keyword_arg(&self, vm: &mut Vm, key: String) -> PyResult<Value> {
        match self.keywords {
            Keywords::Args(kw) => match kw.iter().find(|(k, _)| **k == *key) {
                Some((_, v)) => Ok(v.clone()),
                None => Err(vm.key_error(Value::str(key))),
            },
            Keywords::Mapping(m) => {
                let m = m.clone();
                vm.getitem(&m, &Value::str(key))
            }
        }
    }
}

/// The number a field name spells in decimal digits, if it is all digits (and not empty).
fn decimal(vm: &mut Vm, chars: &[char]) -> PyResult<Option<usize>> {
    if chars.is_empty() || !chars.iter().all(char::is_ascii_digit) {
        return Ok(None);
    }
    let mut n: usize = 0;
    for c in chars {
        n = match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(c.to_digit(10).unwrap_or(0) as usize))
        {
            Some(n) if n <= isize::MAX as usize => n,
            _ => return Err(vm.value_error("Too many decimal digits in format string")),
        };
    }
    Ok(Some(n))
}

/// Parse a replacement field starting after its `{`, leaving `pos` after its `}`.
fn parse_field(vm: &mut Vm, chars: &[char], pos: &mut usize) -> PyResult<Field> {
    let name_start = *pos;
    let mut last = '\0';
    while *pos < chars.len() {
        last = chars[*pos];
        *pos += 1;
        match last {
            '{' => return Err(vm.value_error("unexpected '{' in field name")),
            '[' => {
                while *pos < chars.len() && chars[*pos] != ']' {
                    *pos += 1;
                }
            }
            '}' | ':' | '!' => break,
            _ => {}
        }
    }
    let name = name_start..(*pos).saturating_sub(1).max(name_start);
    let mut field = Field {
        name,
        conversion: None,
        spec: *pos..*pos,
        spec_has_fields: false,
    };
    match last {
        '}' => return Ok(field),
        '!' | ':' => {}
        _ => return Err(vm.value_error("expected '}' before end of string")),
    }
    if last == '!' {
        let Some(&conversion) = chars.get(*pos) else {
            return Err(vm.value_error("end of string while looking for conversion specifier"));
        };
        field.conversion = Some(conversion);
        *pos += 1;
        if let Some(&next) = chars.get(*pos) {
            *pos += 1;
            if next == '}' {
                return Ok(field);
            }
            if next != ':' {
                return Err(vm.value_error("expected ':' after conversion specifier"));
            }
        }
    }
    let spec_start = *pos;
    let mut depth = 1;
    while *pos < chars.len() {
        let c = chars[*pos];
        *pos += 1;
        match c {
            '{' => {
                field.spec_has_fields = true;
                depth += 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    field.spec = spec_start..*pos - 1;
                    return Ok(field);
                }
            }
            _ => {}
        }
    }
    Err(vm.value_error("unmatched '{' in format spec"))
}
