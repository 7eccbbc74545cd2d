//! Compile: AST to bytecode.

use std::sync::Arc;

use crate::bytecode::Code;
use crate::diagnostics::{CompileError, SourceFile};
use crate::syntax::ast;

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
    let _ = (module, source, mode);
    todo!("compiler")
}
