//! What native functions may learn about the conc frame that called them:
//! `globals()`, `locals()`, zero-argument `super()`, `exec`/`eval`.
//!
//! The loop records a pointer to the calling frame just before it calls a
//! native function (`Vm::current_frame`), and restores the previous one after.

use super::code::CodeObj;
use super::dict::{Dict, HashKey};
use super::frame::Frame;
use super::object::Object;
use super::value::{Obj, Value};
use super::{PyResult, Vm};
use crate::vm::obj::GilRc;

impl Vm {
    /// The conc frame that called the running native function.
    fn caller(&self) -> Option<&Frame> {
        // SAFETY: `current_frame` is set by the loop to a frame it owns (boxed,
        // so its address is stable) for exactly the duration of a native call,
        // and reset afterwards; the frame outlives the call.
        unsafe { self.current_frame.as_ref() }
    }

    /// `globals()` of the caller.
    pub fn caller_globals(&self) -> Option<Obj> {
        self.caller().map(|f| f.globals.clone())
    }

    /// `locals()` of the caller: its namespace, or a snapshot of its fast locals and cells.
    pub fn caller_locals(&mut self) -> PyResult {
        let Some(frame) = self.caller() else {
            return Ok(self.new_dict(Dict::new()));
        };
        if let Some(ns) = &frame.namespace {
            return Ok(Value::Obj(ns.clone()));
        }
        let code = frame.code.code.clone();
        let mut d = Dict::new();
        for (name, v) in code.varnames.iter().zip(frame.fast.iter()) {
            if let Some(v) = v {
                d.insert(HashKey::str(name), v.clone());
            }
        }
        let names = code.cellvars.iter().chain(code.freevars.iter());
        for (name, cell) in names.zip(frame.cells.iter()) {
            if let Object::Cell(c) = &**cell {
                if let Some(v) = c.borrow(&self.gil).as_ref() {
                    d.insert(HashKey::str(name), v.clone());
                }
            }
        }
        Ok(self.new_dict(d))
    }

    /// `super()` without arguments: the `__class__` cell and the first argument of the caller.
    pub fn zero_arg_super(&self) -> Option<(Value, Value)> {
        let frame = self.caller()?;
        let code = &frame.code.code;
        let free = code.freevars.iter().position(|n| &**n == "__class__")?;
        let cell = frame.cells.get(code.cellvars.len() + free)?;
        let class = match &**cell {
            Object::Cell(c) => c.borrow(&self.gil).clone()?,
            _ => return None,
        };
        if code.argcount == 0 && !code.flags.has(crate::bytecode::CodeFlags::VARARGS) {
            return None;
        }
        let first = match frame.fast.first().cloned().flatten() {
            Some(v) => v,
            None => {
                // The first parameter may live in a cell.
                let (cell_idx, _) = code.cell_args.iter().find(|(_, arg)| *arg == 0)?;
                match &*frame.cells[*cell_idx as usize] {
                    Object::Cell(c) => c.borrow(&self.gil).clone()?,
                    _ => return None,
                }
            }
        };
        Some((class, first))
    }

    /// Run code with explicit globals and locals namespaces (`exec`, `eval`).
    pub fn run_code_in(&mut self, code: GilRc<CodeObj>, globals: &Obj, locals: &Obj) -> PyResult {
        let mut frame = self.alloc_frame(&code, globals);
        frame.namespace = Some(locals.clone());
        match self.run_frame(frame, None)? {
            super::interp::FrameExit::Return(v) => Ok(v),
            super::interp::FrameExit::Yield(_, f) => {
                self.recycle_frame(f);
                Err(self.new_error("SyntaxError", "'yield' outside function"))
            }
        }
    }
}
