//! Syntax: source text to AST.
//!
//! `layout` rewrites indentation into INDENT/DEDENT markers (and reports
//! CPython's tokenizer errors); `parser` runs the pest grammar in
//! `grammar/conc.pest` and builds the [`ast`], with `strings` decoding
//! literals, `validate` rejecting what the grammar accepts too broadly and
//! `diagnose` choosing CPython's message when the grammar fails.

pub mod ast;
mod diagnose;
pub mod dump;
mod layout;
mod parser;
mod strings;
mod validate;

use std::sync::Arc;

use crate::diagnostics::{CompileError, SourceFile};

/// Parse a whole file (or REPL input) into a module AST.
pub fn parse(source: &Arc<SourceFile>) -> Result<ast::Module, CompileError> {
    parser::parse_module(source)
}

#[cfg(test)]
mod tests;
