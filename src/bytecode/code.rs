//! `Code`: a compiled function, class body or module, as plain data.
//!
//! Nothing here knows about runtime values: constants are [`Const`], and
//! the VM turns a `Code` into its runtime form once, when it is loaded.

use std::sync::Arc;

use super::op::Op;
use crate::diagnostics::SourceFile;

/// A compile-time constant.
#[derive(Debug, Clone)]
pub enum Const {
    /// `None`.
    None,
    /// `True`/`False`.
    Bool(bool),
    /// An integer that fits in i64.
    Int(i64),
    /// A larger integer, as decimal digits (with a leading `-` if negative).
    BigInt(String),
    /// A float.
    Float(f64),
    /// A string.
    Str(Arc<str>),
    /// A bytes literal.
    Bytes(Arc<[u8]>),
    /// A tuple of constants (kwnames of `CallKw`, fromlists, folded literals).
    Tuple(Arc<[Const]>),
    /// A nested code object (function, lambda, comprehension, class body).
    Code(Arc<Code>),
    /// `...`.
    Ellipsis,
}

/// What kind of code object this is, as bit flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CodeFlags(pub u32);

impl CodeFlags {
    /// Has `*args`.
    pub const VARARGS: u32 = 1;
    /// Has `**kwargs`.
    pub const VARKEYWORDS: u32 = 2;
    /// Contains `yield`: calling it makes a generator.
    pub const GENERATOR: u32 = 4;
    /// `async def`: calling it makes a coroutine.
    pub const COROUTINE: u32 = 8;
    /// `async def` containing `yield`.
    pub const ASYNC_GENERATOR: u32 = 16;
    /// A class body: runs with a namespace dict (LoadName/StoreName).
    pub const CLASS_BODY: u32 = 32;
    /// A module's top level.
    pub const MODULE: u32 = 64;
    /// Uses LoadName/StoreName (module, class body, or exec'd code).
    pub const NAMESPACE: u32 = 128;

    /// Is bit `flag` set?
    pub fn has(self, flag: u32) -> bool {
        self.0 & flag != 0
    }
}

/// A compiled code object.
#[derive(Debug, Clone)]
pub struct Code {
    /// The function name (`<module>`, `<lambda>`, `<listcomp>`, `<genexpr>`, class name).
    pub name: Arc<str>,
    /// The dotted qualified name (`Outer.method.<locals>.inner`).
    pub qualname: Arc<str>,
    /// The instructions.
    pub ops: Vec<Op>,
    /// The source line of every instruction (`lines.len() == ops.len()`).
    pub lines: Vec<u32>,
    /// Constants, indexed by `LoadConst`.
    pub consts: Vec<Const>,
    /// Global, attribute and namespace names.
    pub names: Vec<Arc<str>>,
    /// Local variable names; the parameters come first, in this order:
    /// positional (posonly first), keyword-only, then `*args`, then `**kwargs`.
    pub varnames: Vec<Arc<str>>,
    /// Names of cells created by this frame (captured by inner functions).
    pub cellvars: Vec<Arc<str>>,
    /// Names of cells received from the enclosing function (the closure).
    pub freevars: Vec<Arc<str>>,
    /// For each cellvar that is also a parameter: (cell index, varnames index).
    /// The VM copies the argument into the new cell when the frame starts.
    pub cell_args: Vec<(u32, u32)>,
    /// Number of positional parameters (including positional-only).
    pub argcount: u32,
    /// Number of positional-only parameters.
    pub posonlyargcount: u32,
    /// Number of keyword-only parameters.
    pub kwonlyargcount: u32,
    /// Flags (generator, varargs, ...).
    pub flags: CodeFlags,
    /// Line of the `def` (or 1 for a module).
    pub firstlineno: u32,
    /// Maximum value-stack depth the code needs (a hint; the VM may grow).
    pub stacksize: u32,
    /// The source file, for tracebacks.
    pub source: Arc<SourceFile>,
    /// The docstring, if the body starts with a string literal.
    pub doc: Option<Arc<str>>,
}

impl Code {
    /// The line of the instruction at `pc` (the last one if past the end).
    pub fn line_at(&self, pc: usize) -> u32 {
        self.lines
            .get(pc)
            .or(self.lines.last())
            .copied()
            .unwrap_or(self.firstlineno)
    }

    /// Total number of parameters, counting `*args` and `**kwargs`.
    pub fn total_args(&self) -> usize {
        let mut n = (self.argcount + self.kwonlyargcount) as usize;
        if self.flags.has(CodeFlags::VARARGS) {
            n += 1;
        }
        if self.flags.has(CodeFlags::VARKEYWORDS) {
            n += 1;
        }
        n
    }
}
