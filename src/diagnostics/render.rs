//! Rendering a [`CompileError`] as a miette report.
//!
//! TODO(parser helper): build a miette `Diagnostic` with the file name, the
//! source line and a label at the column; fancy on a TTY, plain otherwise.

use super::CompileError;

/// How to draw a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderStyle {
    /// Colours and box drawing (a terminal).
    Fancy,
    /// Plain ASCII text without colour (pipes, files, golden tests, `NO_COLOR`).
    Plain,
}

/// Render the error as the text conc prints on stderr.
pub fn render_compile_error(err: &CompileError, _style: RenderStyle) -> String {
    let (line, col) = err.line_col();
    format!(
        "  File \"{}\", line {}\n    {}\n{}: {} ({}:{}:{})\n",
        err.source.name,
        line,
        err.source.line_text(line).trim(),
        err.kind.class_name(),
        err.message,
        err.source.name,
        line,
        col
    )
}
