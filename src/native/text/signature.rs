//! Binding the arguments of the native str/bytes methods to their
//! parameters, with the error messages CPython gives for each kind of
//! method (they differ: argument-clinic functions, old-style
//! `PyArg_ParseTuple` ones, `METH_O` and `METH_NOARGS` methods, slots),
//! and converting the common kinds of argument (indices, slice bounds,
//! encoding names).

use smallvec::SmallVec;

use crate::vm::{Args, Object, PyResult, Value, Vm};

/// How CPython parses a method's arguments, which decides its error messages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `METH_NOARGS`: "str.upper() takes no arguments (1 given)".
    NoArgs,
    /// `METH_O`: "str.join() takes exactly one argument (0 given)".
    One,
    /// Positional-only clinic: "center expected at least 1 argument, got 0".
    Clinic,
    /// `PyArg_ParseTuple`: "find() takes at least 1 argument (0 given)".
    Classic,
    /// Clinic with keywords: "split() takes at most 2 arguments (3 given)".
    Keywords,
    /// A slot wrapper (`__add__`): "expected 1 argument, got 0".
    Slot,
}

/// A method's parameters (self excluded).
pub struct Signature {
    /// The type the method belongs to (`str`), for "str.upper()" messages.
    pub owner: &'static str,
    /// The method name.
    pub name: &'static str,
    /// Parameter names, in order (they are keyword names for [`Style::Keywords`]).
    pub params: &'static [&'static str],
    /// How many leading parameters are required.
    pub required: usize,
    /// Which family of error messages applies.
    pub style: Style,
}

/// Bound arguments: one slot per parameter, `None` when not given.
pub type Bound = SmallVec<[Option<Value>; 4]>;

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

impl Signature {
    /// Bind `args` (whose `pos[0]` is self) to the parameters.
    #[inline]
    pub fn bind(&self, vm: &mut Vm, args: &Args) -> PyResult<Bound> {
        let given = args.pos.len().saturating_sub(1);
        let max = self.params.len();
        // The usual call: positional arguments only, as many as allowed.
        if args.kw.is_empty() && given >= self.required && given <= max {
            let mut bound = Bound::new();
            for v in &args.pos[1..] {
                bound.push(Some(v.clone()));
            }
            for _ in given..max {
                bound.push(None);
            }
            return Ok(bound);
        }
        self.bind_slow(vm, args, given, max)
    }

    #[inline(never)]
    fn bind_slow(&self, vm: &mut Vm, args: &Args, given: usize, max: usize) -> PyResult<Bound> {
        if !args.kw.is_empty() && self.style != Style::Keywords {
            return Err(vm.type_error(format!(
                "{}.{}() takes no keyword arguments",
                self.owner, self.name
            )));
        }
        if given > max || (given < self.required && self.style != Style::Keywords) {
            return Err(vm.type_error(self.count_message(given)));
        }
        let mut bound: Bound = args.pos.iter().skip(1).cloned().map(Some).collect();
        bound.resize(max, None);
        for (key, value) in &args.kw {
            let Some(i) = self.params.iter().position(|p| *p == &**key) else {
                return Err(vm.type_error(format!(
                    "'{key}' is an invalid keyword argument for {}()",
                    self.name
                )));
            };
            if bound[i].is_some() {
                return Err(vm.type_error(format!(
                    "argument for {}() given by name ('{key}') and position ({})",
                    self.name,
                    i + 1
                )));
            }
            bound[i] = Some(value.clone());
        }
        if let Some(i) = bound.iter().take(self.required).position(Option::is_none) {
            return Err(vm.type_error(format!(
                "{}() missing required argument '{}' (pos {})",
                self.name,
                self.params[i],
                i + 1
            )));
        }
        Ok(bound)
    }

    fn count_message(&self, given: usize) -> String {
        let (owner, name, min, max) = (self.owner, self.name, self.required, self.params.len());
        match self.style {
            Style::NoArgs => format!("{owner}.{name}() takes no arguments ({given} given)"),
            Style::One => format!("{owner}.{name}() takes exactly one argument ({given} given)"),
            Style::Clinic if min == max => {
                format!("{name} expected {min} argument{}, got {given}", plural(min))
            }
            Style::Clinic if given < min => format!(
                "{name} expected at least {min} argument{}, got {given}",
                plural(min)
            ),
            Style::Clinic => format!(
                "{name} expected at most {max} argument{}, got {given}",
                plural(max)
            ),
            Style::Classic if given < min => format!(
                "{name}() takes at least {min} argument{} ({given} given)",
                plural(min)
            ),
            Style::Classic | Style::Keywords => {
                format!(
                    "{name}() takes at most {max} argument{} ({given} given)",
                    plural(max)
                )
            }
            Style::Slot => format!("expected {max} argument{}, got {given}", plural(max)),
        }
    }
}

/// An integer argument (`__index__` accepted): "'str' object cannot be interpreted as an integer".
pub fn index_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => Err(vm.new_error(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        )),
        _ => {
            if let Some(f) = vm.lookup_special(v, "__index__") {
                let r = vm.call(&f, Args::new([v.clone()]))?;
                return index_arg(vm, &r);
            }
            let t = vm.type_name(v);
            Err(vm.type_error(format!("'{t}' object cannot be interpreted as an integer")))
        }
    }
}

/// A `start`/`end` argument: None or an integer (big ones saturate).
pub fn slice_bound(vm: &mut Vm, v: &Option<Value>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(v @ Value::Obj(o)) => match &**o {
            Object::BigInt(b) => Ok(Some(if num_traits::Signed::is_negative(b) {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            })),
            _ => match vm.lookup_special(v, "__index__") {
                Some(f) => {
                    let r = vm.call(&f, Args::new([v.clone()]))?;
                    slice_bound(vm, &Some(r))
                }
                None => Err(slice_type_error(vm)),
            },
        },
        Some(_) => Err(slice_type_error(vm)),
    }
}

fn slice_type_error(vm: &mut Vm) -> crate::vm::Exc {
    vm.type_error("slice indices must be integers or None or have an __index__ method")
}

/// An optional str parameter with a default (`encoding`, `errors`).
pub fn text_param(
    vm: &mut Vm,
    v: &Option<Value>,
    func: &str,
    param: &str,
    default: &str,
) -> PyResult<String> {
    match v {
        None => Ok(default.to_string()),
        Some(v) => match v.as_str() {
            Some(s) => Ok(s.to_string()),
            None => {
                let t = vm.type_name(v);
                Err(vm.type_error(format!("{func}() argument '{param}' must be str, not {t}")))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;
    use crate::native::text::testing::error_text;

    fn message(vm: &mut Vm, e: crate::vm::Exc) -> String {
        error_text(vm, &e)
    }

    const SPLIT: Signature = Signature {
        owner: "str",
        name: "split",
        params: &["sep", "maxsplit"],
        required: 0,
        style: Style::Keywords,
    };

    #[test]
    fn keywords_bind_by_name() {
        let mut vm = test_vm();
        let mut args = Args::new([Value::str("a b"), Value::None]);
        args.kw.push(("maxsplit".into(), Value::Int(1)));
        let b = SPLIT.bind(&mut vm, &args).unwrap_or_default();
        assert!(matches!(b[1], Some(Value::Int(1))));
        let mut args = Args::new([Value::str("a b")]);
        args.kw.push(("x".into(), Value::Int(1)));
        let e = SPLIT
            .bind(&mut vm, &args)
            .err()
            .map(|e| message(&mut vm, e));
        assert_eq!(
            e.as_deref(),
            Some("TypeError: 'x' is an invalid keyword argument for split()")
        );
    }

    #[test]
    fn count_messages_match_cpython() {
        let mut vm = test_vm();
        let center = Signature {
            owner: "str",
            name: "center",
            params: &["width", "fillchar"],
            required: 1,
            style: Style::Clinic,
        };
        let e = center
            .bind(&mut vm, &Args::new([Value::str("a")]))
            .err()
            .map(|e| message(&mut vm, e));
        assert_eq!(
            e.as_deref(),
            Some("TypeError: center expected at least 1 argument, got 0")
        );
        let upper = Signature {
            owner: "str",
            name: "upper",
            params: &[],
            required: 0,
            style: Style::NoArgs,
        };
        let e = upper
            .bind(&mut vm, &Args::new([Value::str("a"), Value::Int(1)]))
            .err()
            .map(|e| message(&mut vm, e));
        assert_eq!(
            e.as_deref(),
            Some("TypeError: str.upper() takes no arguments (1 given)")
        );
        let find = Signature {
            owner: "str",
            name: "find",
            params: &["sub", "start", "end"],
            required: 1,
            style: Style::Classic,
        };
        let e = find
            .bind(&mut vm, &Args::new([Value::str("a")]))
            .err()
            .map(|e| message(&mut vm, e));
        assert_eq!(
            e.as_deref(),
            Some("TypeError: find() takes at least 1 argument (0 given)")
        );
    }
}
