//! Making, matching and printing exceptions.
//!
//! An exception is an [`Instance`] of a `BaseException` subclass whose
//! payload is [`ExceptionData`]: its args, the traceback collected while it
//! unwinds (innermost frame first), `__cause__` and `__context__`.
//! The traceback text follows CPython's format exactly, since students
//! compare it with what the lessons show.

use crate::vm::obj::GilRc;

use super::dict::Dict;
use super::object::{ExceptionData, Instance, Object, Payload, TracebackEntry};
use super::value::{Obj, Value};
use super::{Exc, GilCell, PyResult, Vm};
use crate::vm::code::CodeObj;

impl Vm {
    /// A new exception instance of `class` with `args` (no `__init__` is run).
    pub fn new_exception(&mut self, class: &Obj, args: Vec<Value>) -> Exc {
        let data = ExceptionData {
            args,
            ..Default::default()
        };
        Exc(Obj::new(Object::Instance(Instance::new(
            class.clone(),
            Payload::Exception(Box::new(GilCell::new(data))),
        ))))
    }

    /// A new exception of the built-in class `name` with one message argument.
    pub fn new_error(&mut self, name: &str, msg: impl Into<String>) -> Exc {
        let class = self.rt.types.exc(name).clone();
        self.new_exception(&class, vec![Value::str(msg)])
    }

    /// `TypeError(msg)`.
    pub fn type_error(&mut self, msg: impl Into<String>) -> Exc {
        self.new_error("TypeError", msg)
    }

    /// `ValueError(msg)`.
    pub fn value_error(&mut self, msg: impl Into<String>) -> Exc {
        self.new_error("ValueError", msg)
    }

    /// `IndexError(msg)`.
    pub fn index_error(&mut self, msg: impl Into<String>) -> Exc {
        self.new_error("IndexError", msg)
    }

    /// `KeyError(key)`.
    pub fn key_error(&mut self, key: Value) -> Exc {
        let class = self.rt.types.exc("KeyError").clone();
        self.new_exception(&class, vec![key])
    }

    /// `AttributeError(msg)`.
    pub fn attribute_error(&mut self, msg: impl Into<String>) -> Exc {
        self.new_error("AttributeError", msg)
    }

    /// `StopIteration(value)`.
    pub fn stop_iteration(&mut self, value: Value) -> Exc {
        let class = self.rt.types.exc("StopIteration").clone();
        let args = if value.is_none() { vec![] } else { vec![value] };
        self.new_exception(&class, args)
    }

    /// The payload of an exception instance.
    pub fn exc_data<'a>(&'a self, exc: &'a Obj) -> Option<&'a GilCell<ExceptionData>> {
        match &**exc {
            Object::Instance(Instance {
                payload: Payload::Exception(d),
                ..
            }) => Some(d),
            _ => None,
        }
    }

    /// The args of an exception.
    pub fn exc_args(&self, exc: &Obj) -> Vec<Value> {
        self.exc_data(exc)
            .map(|d| d.borrow(&self.gil).args.clone())
            .unwrap_or_default()
    }

    /// Is `exc` an instance of the built-in exception class `name`?
    pub fn exc_is(&self, exc: &Exc, name: &str) -> bool {
        let class = self.class_of(&exc.value()).clone();
        self.is_subclass(&class, self.rt.types.exc(name))
    }

    /// Record that `exc` passed through `code` at `line`.
    pub fn add_traceback(&self, exc: &Exc, code: &GilRc<CodeObj>, line: u32) {
        if let Some(d) = self.exc_data(&exc.0) {
            d.borrow_mut(&self.gil).traceback.push(TracebackEntry {
                code: code.clone(),
                line,
            });
        }
    }

    /// Turn what `raise X` was given into an exception instance: a class is
    /// instantiated, an instance is used as is, anything else is a TypeError.
    pub fn make_raisable(&mut self, v: Value) -> PyResult<Exc> {
        let base = self.rt.types.exc("BaseException").clone();
        if let Value::Obj(o) = &v {
            match &**o {
                Object::Class(_) if self.is_subclass(o, &base) => {
                    let inst = self.call(&v, super::Args::default())?;
                    if let Value::Obj(i) = &inst {
                        if self.exc_data(i).is_some() {
                            return Ok(Exc(i.clone()));
                        }
                    }
                    return Err(
                        self.type_error("calling an exception class did not return an exception")
                    );
                }
                Object::Instance(_) if self.exc_data(o).is_some() => return Ok(Exc(o.clone())),
                _ => {}
            }
        }
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    /// Does the exception match an `except` clause's class (or tuple of classes)?
    pub fn exception_matches(&mut self, exc: &Value, spec: &Value) -> PyResult<bool> {
        let class = self.class_of(exc).clone();
        match spec {
            Value::Obj(o) => match &**o {
                Object::Class(_) => Ok(self.is_subclass(&class, o)),
                Object::Tuple(items) => {
                    for item in items.iter() {
                        if self.exception_matches(exc, item)? {
                            return Ok(true);
                        }
                    }
                    Ok(false)
                }
                _ => Err(self.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                )),
            },
            _ => Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    }

    /// `exc.__traceback__`: a chain of traceback objects, outermost frame
    /// first (`tb_next` goes inwards), each with `tb_lineno` and `tb_frame`
    /// (a small object with `f_code` and `f_lineno`); None when it never unwound.
    pub fn traceback_object(&mut self, exc: &Obj) -> Value {
        let entries = match self.exc_data(exc) {
            Some(d) => d.borrow(&self.gil).traceback.clone(),
            None => return Value::None,
        };
        let class = self.rt.types.traceback.clone();
        let mut next = Value::None;
        for e in entries.iter() {
            let dict = Obj::new(Object::Dict(GilCell::new(Dict::new())));
            let frame_dict = Obj::new(Object::Dict(GilCell::new(Dict::new())));
            self.dict_set_str(
                &frame_dict,
                "f_code",
                Value::from_obj(Object::Code(e.code.clone())),
            );
            self.dict_set_str(&frame_dict, "f_lineno", Value::Int(e.line as i64));
            let frame = Value::from_obj(Object::Instance(Instance::with_dict(
                self.rt.types.object.clone(),
                frame_dict,
                Payload::None,
            )));
            self.dict_set_str(&dict, "tb_lineno", Value::Int(e.line as i64));
            self.dict_set_str(&dict, "tb_next", next);
            self.dict_set_str(&dict, "tb_frame", frame);
            self.dict_set_str(&dict, "tb_lasti", Value::Int(-1));
            next = Value::from_obj(Object::Instance(Instance::with_dict(
                class.clone(),
                dict,
                Payload::None,
            )));
        }
        next
    }

    /// Set `__context__` of a newly raised exception to the one being handled.
    pub fn chain_context(&mut self, exc: &Exc) {
        let Some(handled) = self.handled.clone() else {
            return;
        };
        if handled.is(&exc.value()) {
            return;
        }
        if let Some(d) = self.exc_data(&exc.0) {
            let mut d = d.borrow_mut(&self.gil);
            if d.context.is_none() {
                d.context = Some(handled);
            }
        }
    }

    /// The class name as a traceback prints it (`module.Name` outside builtins and `__main__`).
    pub fn exception_type_name(&self, exc: &Value) -> String {
        let class = self.class_of(exc);
        match &**class {
            Object::Class(c) => {
                if &*c.module == "builtins" || &*c.module == "__main__" {
                    c.qualname.to_string()
                } else {
                    format!("{}.{}", c.module, c.qualname)
                }
            }
            _ => "?".into(),
        }
    }

    /// The last line of a traceback: `TypeError: message` (or just the type).
    pub fn exception_summary(&mut self, exc: &Value) -> String {
        let name = self.exception_type_name(exc);
        let msg = if self.lookup_special(exc, "__str__").is_some() {
            match self.to_str(exc) {
                Ok(s) => s,
                Err(_) => "<exception str() failed>".into(),
            }
        } else {
            // Before (or without) BaseException.__str__: the message is the args.
            let args = exc.as_obj().map(|o| self.exc_args(o)).unwrap_or_default();
            match args.len() {
                0 => String::new(),
                1 => self.to_str(&args[0]).unwrap_or_default(),
                _ => {
                    let t = self.new_tuple(args);
                    self.repr(&t).unwrap_or_default()
                }
            }
        };
        if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        }
    }

    /// The full text CPython prints for an uncaught exception, chained
    /// causes and contexts included.
    pub fn format_exception(&mut self, exc: &Exc) -> String {
        let mut out = String::new();
        let mut seen = Vec::new();
        self.format_chain(&exc.value(), &mut out, &mut seen);
        out
    }

    fn format_chain(&mut self, exc: &Value, out: &mut String, seen: &mut Vec<i64>) {
        seen.push(exc.id());
        let Some(obj) = exc.as_obj().cloned() else {
            return;
        };
        let (cause, context, suppress) = match self.exc_data(&obj) {
            Some(d) => {
                let d = d.borrow(&self.gil);
                (d.cause.clone(), d.context.clone(), d.suppress_context)
            }
            None => (None, None, false),
        };
        if let Some(cause) = cause.filter(|c| !c.is_none() && !seen.contains(&c.id())) {
            self.format_chain(&cause, out, seen);
            out.push_str(
                "\nThe above exception was the direct cause of the following exception:\n\n",
            );
        } else if let Some(ctx) =
            context.filter(|c| !suppress && !c.is_none() && !seen.contains(&c.id()))
        {
            self.format_chain(&ctx, out, seen);
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
        let entries = self
            .exc_data(&obj)
            .map(|d| d.borrow(&self.gil).traceback.clone())
            .unwrap_or_default();
        if !entries.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            format_entries(&entries, out);
        }
        out.push_str(&self.exception_summary(exc));
        out.push('\n');
    }
}

/// Frames outermost first, with CPython's folding of a line repeated more
/// than three times (`[Previous line repeated 996 more times]`).
fn format_entries(entries: &[TracebackEntry], out: &mut String) {
    let mut last: Option<(String, u32, String)> = None;
    let mut repeats = 0usize;
    let flush = |out: &mut String, repeats: usize| {
        if repeats > 3 {
            let more = repeats - 3;
            let s = if more == 1 { "" } else { "s" };
            out.push_str(&format!("  [Previous line repeated {more} more time{s}]\n"));
        }
    };
    for e in entries.iter().rev() {
        let key = (
            e.code.filename().to_string(),
            e.line,
            e.code.name().to_string(),
        );
        if last.as_ref() == Some(&key) {
            repeats += 1;
            if repeats > 3 {
                continue;
            }
        } else {
            flush(out, repeats);
            repeats = 1;
            last = Some(key);
        }
        out.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            e.code.filename(),
            e.line,
            e.code.name()
        ));
        let text = e.code.code.source.line_text(e.line).trim();
        if !text.is_empty() {
            out.push_str("    ");
            out.push_str(text);
            out.push('\n');
        }
    }
    flush(out, repeats);
}
