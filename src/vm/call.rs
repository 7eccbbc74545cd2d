//! Calling: dispatch on the kind of callable, binding arguments to
//! parameters (with CPython's error messages), and making frames.

use crate::vm::obj::GilRc;
use std::sync::Arc;

use super::code::CodeObj;
use super::dict::{Dict, HashKey};
use super::frame::Frame;
use super::object::{Function, FunctionAttrs, GenState, GenStatus, Generator, Object};
use super::value::{Obj, Value};
use super::{Args, GilCell, PyResult, Vm};
use crate::bytecode::CodeFlags;

/// Up to this many pooled frames, a call to new code gets a new frame
/// rather than one made for other code.
const POOL_SPARE: usize = 8;

impl Vm {
    /// Call any callable with arguments, running conc code to completion.
    pub fn call(&mut self, f: &Value, mut args: Args) -> PyResult {
        let Value::Obj(o) = f else {
            return Err(self.not_callable(f));
        };
        match &**o {
            Object::Function(func) => {
                let frame = self.frame_for_call(func, args)?;
                self.run_function_frame(func, frame)
            }
            Object::Native(n) => {
                if let Some(b) = &n.bound {
                    args.pos.insert(0, b.clone());
                }
                (n.func)(self, args)
            }
            Object::BoundMethod(m) => {
                args.pos.insert(0, m.receiver.clone());
                let func = m.func.clone();
                self.call(&func, args)
            }
            Object::Class(_) => self.call_class(o, args),
            Object::StaticMethod(inner) | Object::ClassMethod(inner) => {
                let inner = inner.clone();
                self.call(&inner, args)
            }
            _ => {
                if let Some(call) = self.lookup_special(f, "__call__") {
                    args.pos.insert(0, f.clone());
                    return self.call(&call, args);
                }
                Err(self.not_callable(f))
            }
        }
    }

    /// Run a freshly bound frame of `func`: a generator function returns a generator.
    pub(crate) fn run_function_frame(&mut self, func: &Function, frame: Box<Frame>) -> PyResult {
        let flags = func.code.code.flags;
        if flags.has(CodeFlags::GENERATOR | CodeFlags::COROUTINE | CodeFlags::ASYNC_GENERATOR) {
            return Ok(self.make_generator(func, frame));
        }
        match self.run_frame(frame, None)? {
            super::interp::FrameExit::Return(v) => Ok(v),
            super::interp::FrameExit::Yield(_, frame) => {
                self.recycle_frame(frame);
                Err(self.new_error("SystemError", "yield outside a generator frame"))
            }
        }
    }

    /// Wrap a suspended frame into a generator (or coroutine) object.
    pub(crate) fn make_generator(&mut self, func: &Function, frame: Box<Frame>) -> Value {
        let attrs = func.attrs.borrow(&self.gil);
        let is_coroutine = func.code.code.flags.has(CodeFlags::COROUTINE);
        Value::from_obj(Object::Generator(Generator {
            state: GilCell::new(GenState {
                frame: Some(frame),
                status: GenStatus::Created,
            }),
            name: attrs.name.clone(),
            qualname: attrs.qualname.clone(),
            code: func.code.clone(),
            is_coroutine,
        }))
    }

    /// The TypeError for calling something that is not callable.
    pub fn not_callable(&mut self, f: &Value) -> super::Exc {
        let t = self.type_name(f);
        self.type_error(format!("'{t}' object is not callable"))
    }

    /// Get a frame from the pool, set up for `code`. (The pool holds
    /// cleared frames, most recently returned last.)
    #[inline(always)]
    pub(crate) fn alloc_frame(&mut self, code: &GilRc<CodeObj>, globals: &Obj) -> Box<Frame> {
        // Recursion and repeated calls: the frame just returned from ran the
        // same code, so it is ready as it is (cleared, right size).
        let ready = |f: &Frame| GilRc::ptr_eq(&f.code, code) && Obj::ptr_eq(&f.globals, globals);
        let n = self.frame_pool.len();
        if n > 0 && ready(&self.frame_pool[n - 1]) {
            return self.frame_pool.pop().expect("just seen");
        }
        // Two functions called in turn (`p.move(); p.bounce()`): the one before.
        if n > 1 && ready(&self.frame_pool[n - 2]) {
            return self.frame_pool.swap_remove(n - 2);
        }
        self.alloc_frame_slow(code, globals)
    }

    #[inline(never)]
    fn alloc_frame_slow(&mut self, code: &GilRc<CodeObj>, globals: &Obj) -> Box<Frame> {
        let nlocals = code.shape.nlocals as usize;
        // Prefer a pooled frame that last ran the same code (calls to a few
        // functions alternate): reusing it touches no reference count.
        let n = self.frame_pool.len();
        let pooled = match self.frame_pool.last() {
            // Recursion and repeated calls: the frame just returned from.
            Some(f) if GilRc::ptr_eq(&f.code, code) => self.frame_pool.pop(),
            // Two functions called in turn (`p.move(); p.bounce()`): the
            // frame before, and with a small pool, new frames rather than
            // one made for other code (see `POOL_SPARE`).
            _ => {
                let same = self.frame_pool[n.saturating_sub(4)..]
                    .iter()
                    .rposition(|f| GilRc::ptr_eq(&f.code, code));
                match same {
                    Some(k) => Some(self.frame_pool.swap_remove(n.saturating_sub(4) + k)),
                    // While the pool is small, a new frame: the pooled ones
                    // may be about to serve the code they ran last.
                    None if n < POOL_SPARE => None,
                    None => self.frame_pool.pop(),
                }
            }
        };
        match pooled {
            Some(mut f) => {
                // Pooled frames keep their last code and globals: recursion reuses
                // them without touching reference counts.
                if !GilRc::ptr_eq(&f.code, code) {
                    f.code = code.clone();
                }
                if !Obj::ptr_eq(&f.globals, globals) {
                    f.globals = globals.clone();
                }
                if f.fast.len() != nlocals {
                    f.fast.resize(nlocals, None);
                }
                f
            }
            None => Box::new(Frame {
                code: code.clone(),
                pc: 0,
                fast: vec![None; nlocals],
                stack: Vec::with_capacity(code.shape.stacksize as usize + 2),
                cells: Vec::new(),
                blocks: Vec::new(),
                globals: globals.clone(),
                namespace: None,
                generator: None,
            }),
        }
    }

    /// Return a finished frame to the pool.
    #[inline(always)]
    pub(crate) fn recycle_frame(&mut self, mut frame: Box<Frame>) {
        if self.frame_pool.len() < 64 {
            frame.clear();
            super::frame::push_frame_box(&mut self.frame_pool, frame);
        }
    }

    /// Bind `args` to the parameters of `func` and make its frame.
    pub(crate) fn frame_for_call(&mut self, func: &Function, args: Args) -> PyResult<Box<Frame>> {
        let code = func.code.clone();
        let c = &code.code;
        let mut frame = self.alloc_frame(&code, &func.globals);
        let simple = args.kw.is_empty()
            && c.kwonlyargcount == 0
            && !c.flags.has(CodeFlags::VARARGS | CodeFlags::VARKEYWORDS)
            && args.pos.len() == c.argcount as usize;
        if simple {
            for (slot, v) in frame.fast.iter_mut().zip(args.pos) {
                *slot = Some(v);
            }
        } else if let Err(e) = self.bind_args(func, &mut frame, args) {
            self.recycle_frame(frame);
            return Err(e);
        }
        self.init_cells(&mut frame, &func.closure);
        Ok(frame)
    }

    /// Create the frame's own cells (filled from parameters where the
    /// parameter is captured) and append the closure's cells.
    #[inline]
    pub(crate) fn init_cells(&mut self, frame: &mut Frame, closure: &[Obj]) {
        if !frame.code.shape.has_cellvars && closure.is_empty() {
            return;
        }
        self.make_cells(frame, closure);
    }

    fn make_cells(&mut self, frame: &mut Frame, closure: &[Obj]) {
        let c = &frame.code.code;
        let ncell = c.cellvars.len();
        let cell_args = c.cell_args.clone();
        for _ in 0..ncell {
            frame.cells.push(Obj::new(Object::Cell(GilCell::new(None))));
        }
        for (cell, arg) in cell_args {
            let v = frame.fast[arg as usize].take();
            if let Object::Cell(cell) = &*frame.cells[cell as usize] {
                *cell.borrow_mut(&self.gil) = v;
            }
        }
        frame.cells.extend(closure.iter().cloned());
    }

    fn bind_args(&mut self, func: &Function, frame: &mut Frame, mut args: Args) -> PyResult<()> {
        let code = func.code.clone();
        let c = &code.code;
        let qual = func.attrs.borrow(&self.gil).qualname.clone();
        let n = c.argcount as usize;
        let kwonly = c.kwonlyargcount as usize;
        let has_varargs = c.flags.has(CodeFlags::VARARGS);
        let has_varkw = c.flags.has(CodeFlags::VARKEYWORDS);
        let npos = args.pos.len();

        // Positional arguments.
        let extra: Vec<Value> = if npos > n {
            args.pos.drain(n..).collect()
        } else {
            Vec::new()
        };
        for (i, v) in args.pos.into_iter().enumerate() {
            frame.fast[i] = Some(v);
        }
        if !extra.is_empty() {
            if has_varargs {
                frame.fast[n + kwonly] = Some(self.new_tuple(extra));
            } else {
                let takes = if func.defaults.is_empty() {
                    format!("{} positional argument{}", n, if n == 1 { "" } else { "s" })
                } else {
                    format!(
                        "from {} to {} positional arguments",
                        n - func.defaults.len(),
                        n
                    )
                };
                let were = if npos == 1 { "was" } else { "were" };
                return Err(
                    self.type_error(format!("{qual}() takes {takes} but {npos} {were} given"))
                );
            }
        } else if has_varargs {
            frame.fast[n + kwonly] = Some(self.new_tuple(Vec::new()));
        }

        // Keyword arguments.
        let mut varkw = Dict::new();
        let posonly = c.posonlyargcount as usize;
        if !has_varkw {
            let misplaced: Vec<&str> = args
                .kw
                .iter()
                .filter(|(k, _)| c.varnames[..posonly].iter().any(|p| **p == **k))
                .map(|(k, _)| &**k)
                .collect();
            if !misplaced.is_empty() {
                return Err(self.type_error(format!(
                    "{qual}() got some positional-only arguments passed as keyword arguments: '{}'",
                    misplaced.join(", ")
                )));
            }
        }
        for (name, v) in args.kw {
            let slot = c.varnames[..n + kwonly].iter().position(|p| **p == *name);
            match slot {
                Some(i) if i >= posonly => {
                    if frame.fast[i].is_some() {
                        return Err(self.type_error(format!(
                            "{qual}() got multiple values for argument '{name}'"
                        )));
                    }
                    frame.fast[i] = Some(v);
                }
                _ if has_varkw => {
                    varkw.insert(HashKey::str(&name), v);
                }
                Some(_) => {
                    return Err(self.type_error(format!(
                        "{qual}() got some positional-only arguments passed as keyword arguments: '{name}'"
                    )));
                }
                None => {
                    return Err(self.type_error(format!(
                        "{qual}() got an unexpected keyword argument '{name}'"
                    )));
                }
            }
        }
        if has_varkw {
            let slot = n + kwonly + has_varargs as usize;
            frame.fast[slot] = Some(self.new_dict(varkw));
        }

        // Defaults, then complain about what is still missing.
        let first_default = n - func.defaults.len().min(n);
        let mut missing = Vec::new();
        for i in 0..n {
            if frame.fast[i].is_none() {
                if i >= first_default {
                    frame.fast[i] = Some(func.defaults[i - first_default].clone());
                } else {
                    missing.push(c.varnames[i].to_string());
                }
            }
        }
        if !missing.is_empty() {
            return Err(self.missing_args(&qual, "positional", &missing));
        }
        let mut missing_kw = Vec::new();
        for i in n..n + kwonly {
            if frame.fast[i].is_none() {
                let name = &c.varnames[i];
                match func.kwdefaults.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => frame.fast[i] = Some(v.clone()),
                    None => missing_kw.push(name.to_string()),
                }
            }
        }
        if !missing_kw.is_empty() {
            return Err(self.missing_args(&qual, "keyword-only", &missing_kw));
        }
        Ok(())
    }

    fn missing_args(&mut self, qual: &str, kind: &str, names: &[String]) -> super::Exc {
        let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        let list = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            _ => format!(
                "{}, and {}",
                quoted[..quoted.len() - 1].join(", "),
                quoted[quoted.len() - 1]
            ),
        };
        let s = if names.len() == 1 { "" } else { "s" };
        self.type_error(format!(
            "{qual}() missing {} required {kind} argument{s}: {list}",
            names.len()
        ))
    }

    /// Run a class body function with `ns` as its namespace.
    pub(crate) fn run_class_body(&mut self, body: &Value, ns: &Obj) -> PyResult<()> {
        let Value::Obj(o) = body else {
            return Err(self.type_error("__build_class__: func must be a function"));
        };
        let Object::Function(func) = &**o else {
            return Err(self.type_error("__build_class__: func must be a function"));
        };
        let mut frame = self.frame_for_call(func, Args::default())?;
        frame.namespace = Some(ns.clone());
        match self.run_frame(frame, None)? {
            super::interp::FrameExit::Return(_) => Ok(()),
            super::interp::FrameExit::Yield(_, f) => {
                self.recycle_frame(f);
                Err(self.new_error("SystemError", "yield in a class body"))
            }
        }
    }

    /// Make a function object (`MakeFunction`).
    pub fn make_function(
        &mut self,
        code: GilRc<CodeObj>,
        globals: Obj,
        defaults: Vec<Value>,
        kwdefaults: Vec<(Arc<str>, Value)>,
        closure: Vec<Obj>,
    ) -> Value {
        let doc = match &code.code.doc {
            Some(d) => Value::str(&**d),
            None => Value::None,
        };
        let attrs = FunctionAttrs {
            name: code.code.name.clone(),
            qualname: code.code.qualname.clone(),
            doc,
            dict: None,
        };
        Value::from_obj(Object::Function(Function {
            exact_args: code.shape.exact_args,
            code,
            globals,
            defaults: defaults.into(),
            kwdefaults: kwdefaults.into(),
            closure: closure.into(),
            attrs: Box::new(GilCell::new(attrs)),
        }))
    }

    /// Run a module-level code object in the namespace `globals` (a dict object).
    pub fn run_code(&mut self, code: GilRc<CodeObj>, globals: &Obj) -> PyResult {
        let mut frame = self.alloc_frame(&code, globals);
        frame.namespace = Some(globals.clone());
        match self.run_frame(frame, None)? {
            super::interp::FrameExit::Return(v) => Ok(v),
            super::interp::FrameExit::Yield(_, f) => {
                self.recycle_frame(f);
                Err(self.new_error("SyntaxError", "'yield' outside function"))
            }
        }
    }
}
