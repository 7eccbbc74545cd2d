//! Syntax: source text to AST.
//!
//! `layout` rewrites indentation into INDENT/DEDENT markers (and reports
//! CPython's indentation errors); `parser` runs the pest grammar in
//! `grammar/conc.pest` and builds the [`ast`].

pub mod ast;

use std::sync::Arc;

use crate::diagnostics::{CompileError, SourceFile};

/// Parse a whole file (or REPL input) into a module AST.
pub fn parse(source: &Arc<SourceFile>) -> Result<ast::Module, CompileError> {
    let _ = source;
    todo!("parser")
}
