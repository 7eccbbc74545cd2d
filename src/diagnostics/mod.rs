//! Source positions and error reports shared by every layer.
//!
//! A [`Span`] is a byte range in the original source text. A [`SourceFile`]
//! owns that text and turns offsets into 1-based line and column numbers.
//! [`CompileError`] is what the parser and the compiler report; `render`
//! turns one into a miette report (fancy on a terminal, plain text when the
//! output is not a terminal or `NO_COLOR` is set, so golden tests are stable).

mod render;

pub use render::{render_compile_error, RenderStyle};

use std::sync::Arc;

/// A byte range `[start, end)` in the original source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A named source text with a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown in tracebacks and diagnostics (`x.conc`, `<stdin>`, `<string>`).
    pub name: String,
    /// The full text.
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// Index a source text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<SourceFile> {
        let text = text.into();
        let mut line_starts = vec![0u32];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i as u32 + 1);
            }
        }
        Arc::new(SourceFile {
            name: name.into(),
            text,
            line_starts,
        })
    }

    /// 1-based line number of a byte offset.
    pub fn line_of(&self, offset: u32) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters, not bytes.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.line_of(offset);
        let start = self.line_starts[line as usize - 1] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (line, col as u32 + 1)
    }

    /// The text of a 1-based line, without its newline (empty past the end).
    pub fn line_text(&self, line: u32) -> &str {
        if line == 0 || line as usize > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[line as usize - 1] as usize;
        let end = self
            .line_starts
            .get(line as usize)
            .map(|&e| e as usize)
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Which Python exception class a compile-time error is reported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileErrorKind {
    /// `SyntaxError`.
    Syntax,
    /// `IndentationError` (a subclass of SyntaxError).
    Indentation,
    /// `TabError` (a subclass of IndentationError).
    Tab,
}

impl CompileErrorKind {
    /// The Python class name.
    pub fn class_name(self) -> &'static str {
        match self {
            CompileErrorKind::Syntax => "SyntaxError",
            CompileErrorKind::Indentation => "IndentationError",
            CompileErrorKind::Tab => "TabError",
        }
    }
}

/// A syntax or compile error: what, where, and in which file.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// SyntaxError, IndentationError or TabError.
    pub kind: CompileErrorKind,
    /// CPython's wording where it has one (`expected ':'`, `invalid syntax`).
    pub message: String,
    /// Where the error is.
    pub span: Span,
    /// The file.
    pub source: Arc<SourceFile>,
    /// True when more input could complete the code (an open block or bracket
    /// at end of input): the REPL then asks for another line instead of failing.
    pub incomplete: bool,
}

impl CompileError {
    /// A `SyntaxError` at `span`.
    pub fn syntax(
        source: &Arc<SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> CompileError {
        CompileError {
            kind: CompileErrorKind::Syntax,
            message: message.into(),
            span,
            source: source.clone(),
            incomplete: false,
        }
    }

    /// 1-based line and column of the error.
    pub fn line_col(&self) -> (u32, u32) {
        self.source.line_col(self.span.start)
    }
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (line, col) = self.line_col();
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.source.name,
            line,
            col,
            self.kind.class_name(),
            self.message
        )
    }
}

impl std::error::Error for CompileError {}
