//! Compile: AST to bytecode.
//!
//! Two passes, as CPython's compiler:
//! 1. [`scope`] builds the symbol table: for every function, class body,
//!    lambda and comprehension, where each name lives (fast local, cell,
//!    free, global, namespace) and which functions are generators.
//! 2. The code generator walks the AST once, emitting instructions into a
//!    [`builder::CodeBuilder`] per code object. It is split by node kind:
//!    [`expr`] (expressions), [`stmt`] (simple statements, assignment
//!    targets, imports), [`control`] (loops, `try`, `with`, and the
//!    unwinding done by `return`/`break`/`continue`), [`function`] (`def`,
//!    `lambda`, `class` and comprehensions: everything that makes a new
//!    code object).
//!
//! The instruction set and the shapes the VM expects (`try`, `with`,
//! generators, classes) are documented in `bytecode/op.rs`.

mod builder;
mod control;
mod expr;
mod function;
mod scope;
mod stmt;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::bytecode::{Code, CodeFlags, Const, Op};
use crate::diagnostics::{CompileError, SourceFile, Span};
use crate::syntax::ast;

use builder::{CodeBuilder, CodeHeader, Label};
use control::FBlock;
use scope::{mangle, Binding, Scope, ScopeId, ScopeKind, SymbolTable};

/// How top-level code is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A module or script: statements, `None` returned.
    Exec,
    /// One REPL input: like `Exec`, but expression statements echo their value (`PrintExpr`).
    Interactive,
    /// A single expression whose value is returned (`eval`).
    Eval,
}

/// Compile a parsed module into its top-level code object (named `<module>`).
pub fn compile_module(
    module: &ast::Module,
    source: &Arc<SourceFile>,
    mode: Mode,
) -> Result<Arc<Code>, CompileError> {
    let symbols = SymbolTable::build(module, source)?;
    let header = CodeHeader {
        name: "<module>".into(),
        qualname: "<module>".into(),
        flags: CodeFlags(CodeFlags::MODULE | CodeFlags::NAMESPACE),
        firstlineno: 1,
        ..CodeHeader::default()
    };
    let scope = symbols.scope(SymbolTable::ROOT);
    let unit = Unit::new(SymbolTable::ROOT, scope, header);
    let mut compiler = Compiler {
        source,
        symbols: &symbols,
        mode,
        unit,
        enclosing: Vec::new(),
    };
    compiler.compile_top_level(module)?;
    Ok(Arc::new(compiler.unit.code.finish(source)))
}

type CompileResult<T = ()> = Result<T, CompileError>;

/// What a name reference does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Load,
    Store,
    Delete,
}

/// The code object being built, with its scope and open blocks.
struct Unit<'a> {
    code: CodeBuilder,
    scope: ScopeId,
    /// Enclosing loops, `try`s and `with`s, innermost last (CPython's fblocks).
    fblocks: Vec<FBlock<'a>>,
}

impl Unit<'_> {
    fn new(id: ScopeId, scope: &Scope, header: CodeHeader) -> Self {
        let code = CodeBuilder::new(header, &scope.params, &scope.cellvars(), &scope.freevars());
        Unit {
            code,
            scope: id,
            fblocks: Vec::new(),
        }
    }
}

/// The code generator.
struct Compiler<'a> {
    source: &'a Arc<SourceFile>,
    symbols: &'a SymbolTable,
    mode: Mode,
    /// The code object being built.
    unit: Unit<'a>,
    /// The code objects it is nested in, outermost first.
    enclosing: Vec<Unit<'a>>,
}

impl<'a> Compiler<'a> {
    fn error(&self, span: Span, message: impl Into<String>) -> CompileError {
        CompileError::syntax(self.source, span, message)
    }

    /// A "cannot happen" error, reported instead of panicking.
    fn internal_error(&self, span: Span, what: &str) -> CompileError {
        self.error(span, format!("internal compiler error: {what}"))
    }

    fn scope(&self) -> &'a Scope {
        self.symbols.scope(self.unit.scope)
    }

    fn line_of(&self, span: Span) -> u32 {
        self.source.line_of(span.start)
    }

    /// Give the instructions emitted from now on the line of `span`; returns the previous line.
    fn set_line(&mut self, span: Span) -> u32 {
        let line = self.line_of(span);
        self.unit.code.set_line(line)
    }

    fn restore_line(&mut self, line: u32) {
        self.unit.code.set_line(line);
    }

    fn emit(&mut self, op: Op) {
        self.unit.code.emit(op);
    }

    fn emit_jump(&mut self, make: fn(u32) -> Op, label: Label) {
        self.unit.code.emit_jump(make, label);
    }

    fn new_label(&mut self) -> Label {
        self.unit.code.new_label()
    }

    fn bind(&mut self, label: Label) {
        self.unit.code.bind(label);
    }

    fn load_const(&mut self, c: Const) {
        self.unit.code.load_const(c);
    }

    fn load_str(&mut self, s: &str) {
        self.load_const(Const::Str(s.into()));
    }

    /// `name` mangled for the class it appears in, if any.
    fn mangled<'n>(&self, name: &'n str) -> std::borrow::Cow<'n, str> {
        mangle(self.scope().private.as_deref(), name)
    }

    /// The `names` index of an attribute (mangled like a variable).
    fn attr_index(&mut self, attr: &str) -> u32 {
        let attr = self.mangled(attr).into_owned();
        self.unit.code.name_index(&attr)
    }

    /// Load, store or delete a variable with the instruction its binding calls for.
    fn name_op(&mut self, name: &str, access: Access) {
        let scope = self.scope();
        let name = self.mangled(name).into_owned();
        let code = &mut self.unit.code;
        let function_like = scope.kind.is_function_like();
        let binding = scope.binding(&name);
        let cell = matches!(binding, Binding::Cell | Binding::Free)
            .then(|| code.cell_index(&name))
            .flatten();
        let global = binding == Binding::GlobalExplicit
            || (binding == Binding::GlobalImplicit && function_like);
        let op = if let Some(cell) = cell {
            if scope.kind == ScopeKind::Class && access == Access::Load {
                // A class body sees its own namespace first, then the closure.
                Op::LoadClassDeref(code.name_index(&name), cell)
            } else {
                pick(access, Op::LoadDeref, Op::StoreDeref, Op::DeleteDeref)(cell)
            }
        } else if global {
            pick(access, Op::LoadGlobal, Op::StoreGlobal, Op::DeleteGlobal)(code.name_index(&name))
        } else if function_like {
            pick(access, Op::LoadFast, Op::StoreFast, Op::DeleteFast)(code.varname_index(&name))
        } else {
            pick(access, Op::LoadName, Op::StoreName, Op::DeleteName)(code.name_index(&name))
        };
        self.emit(op);
    }

    /// Start compiling a nested code object for scope `id`.
    fn enter_unit(&mut self, id: ScopeId, header: CodeHeader) {
        let unit = Unit::new(id, self.symbols.scope(id), header);
        let outer = std::mem::replace(&mut self.unit, unit);
        self.enclosing.push(outer);
    }

    /// Finish the nested code object and go back to the enclosing one.
    fn exit_unit(&mut self, span: Span) -> CompileResult<Code> {
        let Some(outer) = self.enclosing.pop() else {
            return Err(self.internal_error(span, "no enclosing code object"));
        };
        let inner = std::mem::replace(&mut self.unit, outer);
        Ok(inner.code.finish(self.source))
    }

    /// End the code object with `return None` unless control cannot get there.
    fn return_none_if_reachable(&mut self) {
        if self.unit.code.is_reachable() {
            self.load_const(Const::None);
            self.emit(Op::ReturnValue);
        }
    }

    fn compile_top_level(&mut self, module: &'a ast::Module) -> CompileResult {
        match self.mode {
            Mode::Eval => self.compile_eval_body(&module.body),
            Mode::Exec => {
                let body = self.store_docstring(&module.body);
                self.compile_body(body)?;
                self.return_none_if_reachable();
                Ok(())
            }
            Mode::Interactive => {
                self.compile_body(&module.body)?;
                self.return_none_if_reachable();
                Ok(())
            }
        }
    }

    fn compile_eval_body(&mut self, body: &'a [ast::Stmt]) -> CompileResult {
        match body {
            [ast::Stmt {
                kind: ast::StmtKind::Expr(e),
                ..
            }] => {
                self.compile_expr(e)?;
                self.emit(Op::ReturnValue);
                Ok(())
            }
            [] => Err(self.error(Span::default(), "invalid syntax")),
            [first, ..] => Err(self.error(first.span, "invalid syntax")),
        }
    }

    /// A module or class body's docstring: recorded in the code object and
    /// stored as `__doc__`. Returns the statements after it.
    fn store_docstring(&mut self, body: &'a [ast::Stmt]) -> &'a [ast::Stmt] {
        let Some(doc) = docstring(body) else {
            return body;
        };
        self.unit.code.header.doc = Some(doc.into());
        let saved = self.set_line(body[0].span);
        self.load_str(doc);
        let i = self.unit.code.name_index("__doc__");
        self.emit(Op::StoreName(i));
        self.restore_line(saved);
        &body[1..]
    }
}

/// The docstring of a body: its first statement when that is a string literal.
fn docstring(body: &[ast::Stmt]) -> Option<&str> {
    match body.first().map(|s| &s.kind) {
        Some(ast::StmtKind::Expr(ast::Expr {
            kind: ast::ExprKind::Constant(ast::Constant::Str(s)),
            ..
        })) => Some(s),
        _ => None,
    }
}

/// The load, store or delete variant of an instruction family.
fn pick(
    access: Access,
    load: fn(u32) -> Op,
    store: fn(u32) -> Op,
    delete: fn(u32) -> Op,
) -> fn(u32) -> Op {
    match access {
        Access::Load => load,
        Access::Store => store,
        Access::Delete => delete,
    }
}
