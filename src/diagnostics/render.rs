//! Rendering a [`CompileError`] as a miette report.
//!
//! The report reads `SyntaxError: expected ':'`, then the source around the
//! error with a label under it and `[file:line:col]` in the frame, so both
//! a person and a test can find the class name and the position.
//! Plain style (pipes, golden tests, `NO_COLOR`) is ASCII without colour at a
//! fixed width of 80, so it is the same on every machine.

use std::fmt;
use std::io::IsTerminal;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteHandlerOpts,
    NamedSource, ReportHandler, SourceCode,
};

use super::{CompileError, Span};

/// How to draw a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenderStyle {
    /// Colours and box drawing (a terminal).
    Fancy,
    /// Plain ASCII text without colour (pipes, files, golden tests, `NO_COLOR`).
    Plain,
}

impl RenderStyle {
    /// The style for reports written to this process's stderr: fancy only
    /// when stderr is a terminal and `NO_COLOR` is unset (or empty).
    pub fn for_stderr() -> RenderStyle {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if std::io::stderr().is_terminal() && !no_color {
            RenderStyle::Fancy
        } else {
            RenderStyle::Plain
        }
    }
}

/// Render the error as the text conc prints on stderr (ends with a newline).
pub fn render_compile_error(err: &CompileError, style: RenderStyle) -> String {
    let report = CompileReport::new(err);
    let mut out = String::new();
    let rendered = match style {
        RenderStyle::Plain => GraphicalReportHandler::new_themed(GraphicalTheme::none())
            .with_width(80)
            .with_links(false)
            .render_report(&mut out, &report),
        RenderStyle::Fancy => {
            let handler = MietteHandlerOpts::new().build();
            fmt::write(
                &mut out,
                format_args!(
                    "{:?}",
                    WithHandler {
                        handler: &handler,
                        report: &report
                    }
                ),
            )
        }
    };
    if rendered.is_err() || !report.has_label() {
        // miette could not draw the snippet (it never should, but a report must
        // still say what and where): fall back to the one-line form.
        out = format!("{err}\n");
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The miette view of a [`CompileError`].
#[derive(Debug)]
struct CompileReport {
    /// `SyntaxError: expected ':'`.
    message: String,
    source: NamedSource<String>,
    /// None when the source is empty: miette cannot label an empty text.
    label: Option<LabeledSpan>,
}

impl CompileReport {
    fn new(err: &CompileError) -> CompileReport {
        let text = &err.source.text;
        let label = labelable_span(text, err.span)
            .map(|(start, len)| LabeledSpan::new_primary_with_span(None, (start, len)));
        CompileReport {
            message: format!("{}: {}", err.kind.class_name(), err.message),
            source: NamedSource::new(err.source.name.clone(), text.clone()),
            label,
        }
    }

    fn has_label(&self) -> bool {
        self.label.is_some()
    }
}

/// `(offset, len)` of a span miette can draw: inside the text, on whole
/// characters, within one line (see crates.md §3: miette drops a label that
/// starts at the end of the text and mis-draws one that crosses a line end).
/// An error at the end of the input points at the last character, which is
/// drawn just after the end of the last line, where CPython puts its caret.
fn labelable_span(text: &str, span: Span) -> Option<(usize, usize)> {
    let (last, _) = text.char_indices().next_back()?;
    let mut start = (span.start as usize).min(last);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let first_char_len = text[start..].chars().next().map_or(1, char::len_utf8);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut end = (span.end as usize)
        .min(line_end)
        .max(start + first_char_len);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Some((start, end - start))
}

impl fmt::Display for CompileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CompileReport {}

impl Diagnostic for CompileReport {
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = self.label.clone()?;
        Some(Box::new(std::iter::once(label)))
    }
}

/// Lets a [`ReportHandler`] (which renders through `Debug`) write into a string.
struct WithHandler<'a> {
    handler: &'a dyn ReportHandler,
    report: &'a CompileReport,
}

impl fmt::Debug for WithHandler<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.handler.debug(self.report, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{CompileErrorKind, SourceFile};

    fn plain(name: &str, text: &str, start: usize, end: usize, message: &str) -> String {
        let source = SourceFile::new(name, text);
        let err = CompileError::syntax(&source, Span::new(start, end), message);
        render_compile_error(&err, RenderStyle::Plain)
    }

    #[test]
    fn missing_colon() {
        let out = plain("015-x.py", "if x\n    pass\n", 4, 5, "expected ':'");
        assert_eq!(
            out,
            "  x SyntaxError: expected ':'\n   ,-[015-x.py:1:5]\n 1 | if x\n   :     ^\n 2 |     pass\n   `----\n"
        );
    }

    #[test]
    fn error_in_the_middle_of_a_file() {
        let text = "a = 1\nb = (2 +\nc = 3\n";
        let out = plain("m.conc", text, 8, 9, "invalid syntax");
        assert!(
            out.starts_with("  x SyntaxError: invalid syntax\n"),
            "{out}"
        );
        assert!(out.contains("[m.conc:2:3]"), "{out}");
        assert!(out.contains(" 2 | b = (2 +\n"), "{out}");
    }

    #[test]
    fn class_name_comes_from_the_kind() {
        let source = SourceFile::new("t.py", "def f():\nreturn 1\n");
        let mut err = CompileError::syntax(&source, Span::new(9, 15), "expected an indented block");
        err.kind = CompileErrorKind::Indentation;
        let out = render_compile_error(&err, RenderStyle::Plain);
        assert!(
            out.starts_with("  x IndentationError: expected an indented block\n"),
            "{out}"
        );
        assert!(out.contains("[t.py:2:1]"), "{out}");
    }

    #[test]
    fn error_at_end_of_input_points_at_the_last_character() {
        let out = plain("<stdin>", "x = (1,\n", 8, 8, "'(' was never closed");
        assert!(out.contains("[<stdin>:1:8]"), "{out}");
        assert!(out.contains("   :        ^\n"), "{out}");
        assert!(out.contains(" 1 | x = (1,\n"), "{out}");
    }

    #[test]
    fn empty_source_still_says_where() {
        let out = plain("e.py", "", 0, 0, "invalid syntax");
        assert_eq!(out, "e.py:1:1: SyntaxError: invalid syntax\n");
    }

    #[test]
    fn spans_are_clamped_to_whole_characters_on_one_line() {
        assert_eq!(labelable_span("é = 1\n", Span::new(1, 1)), Some((0, 2)));
        assert_eq!(labelable_span("ab\ncd\n", Span::new(1, 5)), Some((1, 1)));
        assert_eq!(labelable_span("ab\n", Span::new(40, 50)), Some((2, 1)));
        assert_eq!(labelable_span("ab", Span::new(2, 2)), Some((1, 1)));
        assert_eq!(labelable_span("", Span::new(0, 1)), None);
    }

    #[test]
    fn fancy_style_says_the_same_things() {
        let source = SourceFile::new("015-x.py", "if x\n    pass\n");
        let err = CompileError::syntax(&source, Span::new(4, 5), "expected ':'");
        let out = render_compile_error(&err, RenderStyle::Fancy);
        assert!(out.contains("SyntaxError: expected ':'"), "{out}");
        assert!(out.contains("015-x.py:1:5"), "{out}");
    }

    #[test]
    fn output_is_ascii() {
        let out = plain("u.py", "print('héllo'\n", 5, 6, "'(' was never closed");
        let without_source: String = out.lines().filter(|l| !l.contains("print")).collect();
        assert!(without_source.is_ascii(), "{out}");
    }
}
