//! `CodeBuilder`: the assembler under the compiler.
//!
//! It appends instructions with their source line, hands out labels for
//! forward and backward jumps (patched when the code is finished), interns
//! constants and names, and at the end computes the stack size by walking
//! every path through the code.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexSet;

use crate::bytecode::{Code, CodeFlags, Const, Op};
use crate::diagnostics::SourceFile;

/// A jump target, bound to a position with [`CodeBuilder::bind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label(u32);

/// A hashable image of a [`Const`], so equal constants share one slot.
/// Floats compare by bits (so `0.0` and `-0.0` stay apart); the variant
/// keeps `1`, `1.0` and `True` apart, as CPython does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    None,
    Bool(bool),
    Int(i64),
    BigInt(String),
    Float(u64),
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
    Tuple(Vec<ConstKey>),
    Ellipsis,
}

impl ConstKey {
    /// The key of a constant, or `None` for code objects (never shared).
    fn of(c: &Const) -> Option<ConstKey> {
        Some(match c {
            Const::None => ConstKey::None,
            Const::Bool(b) => ConstKey::Bool(*b),
            Const::Int(i) => ConstKey::Int(*i),
            Const::BigInt(s) => ConstKey::BigInt(s.clone()),
            Const::Float(f) => ConstKey::Float(f.to_bits()),
            Const::Str(s) => ConstKey::Str(s.clone()),
            Const::Bytes(b) => ConstKey::Bytes(b.clone()),
            Const::Tuple(items) => {
                ConstKey::Tuple(items.iter().map(ConstKey::of).collect::<Option<Vec<_>>>()?)
            }
            Const::Ellipsis => ConstKey::Ellipsis,
            Const::Code(_) => return None,
        })
    }
}

/// Everything about a code object except its instructions and tables.
#[derive(Debug, Clone, Default)]
pub struct CodeHeader {
    /// `co_name`.
    pub name: Arc<str>,
    /// `co_qualname`.
    pub qualname: Arc<str>,
    /// Positional parameters (including positional-only).
    pub argcount: u32,
    /// Positional-only parameters.
    pub posonlyargcount: u32,
    /// Keyword-only parameters.
    pub kwonlyargcount: u32,
    /// Code flags.
    pub flags: CodeFlags,
    /// Line of the `def`/`class`/lambda (1 for a module).
    pub firstlineno: u32,
    /// The docstring.
    pub doc: Option<Arc<str>>,
}

/// Builds one code object.
#[derive(Debug)]
pub struct CodeBuilder {
    /// Name, counts and flags, filled in by the compiler.
    pub header: CodeHeader,
    ops: Vec<Op>,
    lines: Vec<u32>,
    consts: Vec<Const>,
    const_slots: HashMap<ConstKey, u32>,
    names: IndexSet<Arc<str>>,
    varnames: IndexSet<Arc<str>>,
    cellvars: IndexSet<Arc<str>>,
    freevars: IndexSet<Arc<str>>,
    /// Where each label is bound (`None` until `bind`).
    labels: Vec<Option<u32>>,
    /// Instructions whose jump operand is still a label number.
    pending_jumps: Vec<usize>,
    /// The line given to the next instruction.
    line: u32,
    /// False right after an unconditional jump, return or raise, until a
    /// label is bound: code emitted then can never run.
    reachable: bool,
}

impl CodeBuilder {
    /// An empty builder. `varnames` are the parameters, in order; `cellvars`
    /// and `freevars` the scope's cells and closure.
    pub fn new(
        header: CodeHeader,
        varnames: &[String],
        cellvars: &[String],
        freevars: &[String],
    ) -> CodeBuilder {
        let set = |v: &[String]| v.iter().map(|s| Arc::from(s.as_str())).collect();
        let line = header.firstlineno;
        CodeBuilder {
            header,
            ops: Vec::new(),
            lines: Vec::new(),
            consts: Vec::new(),
            const_slots: HashMap::new(),
            names: IndexSet::new(),
            varnames: set(varnames),
            cellvars: set(cellvars),
            freevars: set(freevars),
            labels: Vec::new(),
            pending_jumps: Vec::new(),
            line,
            reachable: true,
        }
    }

    /// Set the line of the instructions emitted from now on; returns the previous one.
    pub fn set_line(&mut self, line: u32) -> u32 {
        std::mem::replace(&mut self.line, line)
    }

    /// Append an instruction.
    pub fn emit(&mut self, op: Op) {
        self.ops.push(op);
        self.lines.push(self.line);
        if op.is_terminal() {
            self.reachable = false;
        }
    }

    /// A fresh, unbound label.
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Bind `label` to the next instruction.
    pub fn bind(&mut self, label: Label) {
        self.labels[label.0 as usize] = Some(self.ops.len() as u32);
        self.reachable = true;
    }

    /// Append a jump to `label`: `make` is the jump variant (`Op::Jump`, `Op::ForIter`, ...).
    pub fn emit_jump(&mut self, make: fn(u32) -> Op, label: Label) {
        self.pending_jumps.push(self.ops.len());
        self.emit(make(label.0));
    }

    /// Can control reach the next instruction?
    pub fn is_reachable(&self) -> bool {
        self.reachable
    }

    /// The `consts` index of a constant (shared with an equal one already there).
    pub fn add_const(&mut self, c: Const) -> u32 {
        let key = ConstKey::of(&c);
        if let Some(&i) = key.as_ref().and_then(|k| self.const_slots.get(k)) {
            return i;
        }
        self.consts.push(c);
        let i = self.consts.len() as u32 - 1;
        if let Some(k) = key {
            self.const_slots.insert(k, i);
        }
        i
    }

    /// Append `LoadConst` of `c`.
    pub fn load_const(&mut self, c: Const) {
        let i = self.add_const(c);
        self.emit(Op::LoadConst(i));
    }

    /// The `names` index of `name`.
    pub fn name_index(&mut self, name: &str) -> u32 {
        intern(&mut self.names, name)
    }

    /// The `varnames` index of a local.
    pub fn varname_index(&mut self, name: &str) -> u32 {
        intern(&mut self.varnames, name)
    }

    /// The cell index of a cell or free variable (cells first, then the
    /// closure), or `None` when this code has no such cell.
    pub fn cell_index(&self, name: &str) -> Option<u32> {
        if let Some(i) = self.cellvars.get_index_of(name) {
            return Some(i as u32);
        }
        let i = self.freevars.get_index_of(name)?;
        Some((self.cellvars.len() + i) as u32)
    }

    /// The finished code object.
    pub fn finish(mut self, source: &Arc<SourceFile>) -> Code {
        self.patch_jumps();
        let stacksize = self.max_stack_depth();
        let cell_args = self
            .cellvars
            .iter()
            .enumerate()
            .filter_map(|(ci, name)| {
                let vi = self.varnames.get_index_of(name)?;
                ((vi as u32) < self.param_count()).then_some((ci as u32, vi as u32))
            })
            .collect();
        let h = self.header;
        Code {
            name: h.name,
            qualname: h.qualname,
            ops: self.ops,
            lines: self.lines,
            consts: self.consts,
            names: self.names.into_iter().collect(),
            varnames: self.varnames.into_iter().collect(),
            cellvars: self.cellvars.into_iter().collect(),
            freevars: self.freevars.into_iter().collect(),
            cell_args,
            argcount: h.argcount,
            posonlyargcount: h.posonlyargcount,
            kwonlyargcount: h.kwonlyargcount,
            flags: h.flags,
            firstlineno: h.firstlineno,
            stacksize,
            source: source.clone(),
            doc: h.doc,
        }
    }

    /// Number of parameters, counting `*args` and `**kwargs`.
    fn param_count(&self) -> u32 {
        let h = &self.header;
        let star = |flag| u32::from(h.flags.has(flag));
        h.argcount + h.kwonlyargcount + star(CodeFlags::VARARGS) + star(CodeFlags::VARKEYWORDS)
    }

    fn patch_jumps(&mut self) {
        for &at in &self.pending_jumps {
            let op = &mut self.ops[at];
            let label = op.jump_target().unwrap_or_default() as usize;
            let target = self.labels.get(label).copied().flatten();
            debug_assert!(target.is_some(), "jump to an unbound label");
            op.set_jump_target(target.unwrap_or(0));
        }
        self.pending_jumps.clear();
    }

    /// The deepest the value stack gets on any path from the first instruction.
    fn max_stack_depth(&self) -> u32 {
        let mut depth_at: Vec<Option<i32>> = vec![None; self.ops.len() + 1];
        let mut work = vec![(0usize, 0i32)];
        let mut max = 0;
        while let Some((pc, depth)) = work.pop() {
            if pc >= self.ops.len() {
                continue;
            }
            if let Some(seen) = depth_at[pc] {
                // Every path must reach an instruction with the same depth.
                debug_assert_eq!(
                    seen, depth,
                    "stack depth mismatch at {pc} in {}",
                    self.header.qualname
                );
                continue;
            }
            depth_at[pc] = Some(depth);
            max = max.max(depth);
            let op = self.ops[pc];
            if let Some(t) = op.jump_target() {
                let d = depth + op.stack_effect(true);
                max = max.max(d);
                work.push((t as usize, d));
            }
            if !op.is_terminal() {
                let d = depth + op.stack_effect(false);
                max = max.max(d);
                work.push((pc + 1, d));
            }
        }
        max.max(0) as u32
    }
}

fn intern(set: &mut IndexSet<Arc<str>>, name: &str) -> u32 {
    if let Some(i) = set.get_index_of(name) {
        return i as u32;
    }
    set.insert_full(Arc::from(name)).0 as u32
}
