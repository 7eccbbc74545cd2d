//! The layout pass: Python's line structure made explicit for the grammar.
//!
//! CPython's tokenizer decides where logical lines end, tracks indentation
//! and brackets, and rejects bad characters, numbers and strings. A PEG
//! grammar does those jobs badly, so this pass does them first and rewrites
//! the source into text the whitespace-insensitive grammar can read:
//!
//! * whitespace outside strings becomes plain spaces, and so do comments,
//!   blank lines, backslash continuations and line breaks inside brackets
//!   (the grammar's only whitespace is a space);
//! * every logical line ends with exactly one `\n`, and the first token of a
//!   line whose indentation changed gets one [`INDENT`] or some [`DEDENT`]
//!   bytes in front of it (the file end closes every open block);
//! * the first tokenizer-level error stops the pass: the text ends with
//!   [`STOP`], which no rule matches, and [`Layout::error`] says what and
//!   where, plus how it ranks against a parser error (see [`Precedence`]).
//!
//! Apart from the inserted bytes the rewritten text has the same length as
//! the source, byte for byte, so [`Layout::to_orig`] maps any offset back.

use std::cell::Cell;

use crate::diagnostics::{CompileErrorKind, Span};

/// Marks one more indentation level (before the line's first token).
pub(crate) const INDENT: u8 = 0x0E;
/// Closes one indentation level (before the line's first token).
pub(crate) const DEDENT: u8 = 0x0F;
/// Ends the text at the first tokenizer error; no grammar rule matches it.
pub(crate) const STOP: u8 = 0x01;

/// CPython's limit on nested brackets (`MAXLEVEL`).
const MAX_BRACKET_DEPTH: usize = 200;
/// CPython's limit on indentation levels (`MAXINDENT`).
const MAX_INDENT_DEPTH: usize = 100;
/// Tab stops are every 8 columns, as in CPython.
const TAB_SIZE: u32 = 8;

/// The rewritten text and how to map it back.
#[derive(Debug)]
pub(crate) struct Layout {
    /// What the grammar parses.
    pub text: String,
    /// Offsets in `text` of the inserted bytes (markers, the final `\n`), ascending.
    inserted: Vec<u32>,
    /// Offset in `text` where each logical line begins (its indentation).
    pub line_starts: Vec<u32>,
    /// Source offsets of the `#` of every comment, ascending.
    pub comments: Vec<u32>,
    /// The first tokenizer-level error, if any.
    pub error: Option<LayoutError>,
    /// The last answer of `to_orig` (how many bytes were inserted before
    /// the position): spans are mostly mapped in increasing order.
    hint: Cell<usize>,
}

/// A tokenizer-level error found by the layout pass.
#[derive(Debug, Clone)]
pub(crate) struct LayoutError {
    /// SyntaxError, IndentationError or TabError.
    pub kind: CompileErrorKind,
    /// CPython's message.
    pub message: String,
    /// Where, in the original source.
    pub span: Span,
    /// How it ranks against a parser error found earlier in the text.
    pub precedence: Precedence,
    /// More input could complete the code (open bracket, string or continuation).
    pub incomplete: bool,
    /// Offset of the [`STOP`] byte in the rewritten text.
    pub stop: usize,
}

/// How a tokenizer error ranks against a parser error before it.
///
/// CPython tokenizes lazily, but when the parser fails it tokenizes the rest
/// of the file, and an error that the tokenizer raises as an exception
/// replaces the parser's. Errors it only signals through its state are seen
/// only if the parser gets that far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precedence {
    /// Replaces any parser error (bad character, number or string, bracket mismatch).
    Overrides,
    /// Reported only when the parser gets that far (indentation, continuation).
    WhenReached,
    /// A bracket still open at the end of the input: replaces a parser error
    /// reported on a later line than the bracket's (1-based `line`).
    Unclosed {
        /// The line of the open bracket.
        line: u32,
    },
}

impl Layout {
    /// Map an offset in the rewritten text to the original source.
    pub fn to_orig(&self, pos: usize) -> usize {
        let before = |k: usize| k == 0 || (self.inserted[k - 1] as usize) < pos;
        let not_after = |k: usize| k == self.inserted.len() || self.inserted[k] as usize >= pos;
        let hint = self.hint.get().min(self.inserted.len());
        let count = if before(hint) && not_after(hint) {
            hint
        } else if hint < self.inserted.len() && before(hint + 1) && not_after(hint + 1) {
            hint + 1
        } else {
            self.inserted.partition_point(|&p| (p as usize) < pos)
        };
        self.hint.set(count);
        pos - count
    }

    /// Where CPython's NEWLINE token at source offset `newline` starts: at
    /// the comment before it, if the line has one.
    pub fn newline_token_start(&self, source: &str, newline: usize) -> usize {
        let line_start = source
            .get(..newline)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let before = self.comments.partition_point(|&c| (c as usize) < newline);
        match before.checked_sub(1).map(|i| self.comments[i] as usize) {
            Some(comment) if comment >= line_start => comment,
            _ => newline,
        }
    }

    /// Index into `line_starts` of the logical line containing `pos` (rewritten).
    pub fn logical_line_of(&self, pos: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s as usize <= pos)
            .saturating_sub(1)
    }
}

/// Run the layout pass over a source text.
pub(crate) fn layout(source: &str) -> Layout {
    let mut scanner = Scanner {
        src: source,
        bytes: source.as_bytes(),
        pos: 0,
        out: Vec::with_capacity(source.len() + source.len() / 16 + 16),
        inserted: Vec::new(),
        line_starts: Vec::new(),
        comments: Vec::new(),
        indents: vec![Indent { col: 0, altcol: 0 }],
        brackets: Vec::new(),
        line: 1,
        open_line: false,
    };
    let error = match scanner.scan() {
        Ok(()) => {
            scanner.finish();
            None
        }
        Err(mut err) => {
            err.stop = scanner.out.len();
            scanner.insert(STOP);
            Some(err)
        }
    };
    // Only ASCII bytes were replaced or inserted, and whole UTF-8 sequences
    // were copied, so the buffer is valid UTF-8; the fallback never runs.
    let text = String::from_utf8(scanner.out)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Layout {
        text,
        inserted: scanner.inserted,
        line_starts: scanner.line_starts,
        comments: scanner.comments,
        error,
        hint: Cell::new(0),
    }
}

/// One indentation level: CPython's column and "alternate" column (tabs as 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Indent {
    col: u32,
    altcol: u32,
}

/// An open bracket.
#[derive(Debug, Clone, Copy)]
struct Bracket {
    byte: u8,
    pos: usize,
    line: u32,
}

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    /// Current offset in the source.
    pos: usize,
    out: Vec<u8>,
    inserted: Vec<u32>,
    line_starts: Vec<u32>,
    comments: Vec<u32>,
    indents: Vec<Indent>,
    brackets: Vec<Bracket>,
    /// 1-based line of `pos`.
    line: u32,
    /// A logical line has tokens but no `\n` yet.
    open_line: bool,
}

type Scan<T = ()> = Result<T, LayoutError>;

impl Scanner<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn insert(&mut self, byte: u8) {
        self.inserted.push(self.out.len() as u32);
        self.out.push(byte);
    }

    /// Copy `n` source bytes unchanged.
    fn copy(&mut self, n: usize) {
        let end = (self.pos + n).min(self.bytes.len());
        self.out.extend_from_slice(&self.bytes[self.pos..end]);
        self.pos = end;
    }

    /// Replace `n` source bytes with one byte value each.
    fn replace(&mut self, n: usize, with: u8) {
        let end = (self.pos + n).min(self.bytes.len());
        self.out.extend(std::iter::repeat_n(with, end - self.pos));
        self.pos = end;
    }

    /// Consume a line break (`\n`, `\r\n` or a lone `\r`) as `with`.
    fn line_break(&mut self, with: u8) {
        if self.peek(0) == Some(b'\r') && self.peek(1) == Some(b'\n') {
            self.replace(1, b' ');
        }
        self.replace(1, with);
        self.line += 1;
    }

    fn at_line_break(&self) -> bool {
        matches!(self.peek(0), Some(b'\n' | b'\r'))
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    fn error(
        &self,
        kind: CompileErrorKind,
        message: String,
        at: usize,
        precedence: Precedence,
    ) -> LayoutError {
        LayoutError {
            kind,
            message,
            span: char_span(self.src, at),
            precedence,
            incomplete: false,
            stop: 0,
        }
    }

    fn syntax_error(&self, message: impl Into<String>, at: usize) -> LayoutError {
        syntax_error_at(self.src, message, at)
    }

    /// The whole source, one logical line at a time.
    fn scan(&mut self) -> Scan {
        while self.pos < self.bytes.len() {
            let line_start = self.out.len();
            let indent = self.indentation();
            match self.peek(0) {
                None => break,
                Some(b'#') => {
                    self.comment();
                    if self.at_line_break() {
                        self.line_break(b' ');
                    }
                }
                Some(b'\n' | b'\r') => self.line_break(b' '),
                // CPython ignores the indentation of a line that starts
                // with a continuation backslash.
                Some(b'\\') => {
                    self.line_starts.push(line_start as u32);
                    self.logical_line()?;
                }
                Some(_) => {
                    self.line_starts.push(line_start as u32);
                    self.change_indentation(indent)?;
                    self.logical_line()?;
                }
            }
        }
        Ok(())
    }

    /// Measure the leading whitespace of a line as CPython does (and turn it into spaces).
    fn indentation(&mut self) -> Indent {
        let mut indent = Indent { col: 0, altcol: 0 };
        loop {
            match self.peek(0) {
                Some(b' ') => {
                    indent.col += 1;
                    indent.altcol += 1;
                }
                Some(b'\t') => {
                    indent.col = (indent.col / TAB_SIZE + 1) * TAB_SIZE;
                    indent.altcol += 1;
                }
                Some(b'\x0C') => indent = Indent { col: 0, altcol: 0 },
                _ => return indent,
            }
            self.replace(1, b' ');
        }
    }

    /// Emit INDENT/DEDENT markers for a new logical line, or report
    /// CPython's indentation errors.
    fn change_indentation(&mut self, indent: Indent) -> Scan {
        let top = *self.indents.last().unwrap_or(&Indent { col: 0, altcol: 0 });
        if indent.col == top.col {
            if indent.altcol != top.altcol {
                return Err(self.tab_error());
            }
        } else if indent.col > top.col {
            if self.indents.len() >= MAX_INDENT_DEPTH {
                let line_start = self.line_start();
                return Err(self.error(
                    CompileErrorKind::Indentation,
                    "too many levels of indentation".into(),
                    line_start,
                    Precedence::WhenReached,
                ));
            }
            if indent.altcol <= top.altcol {
                return Err(self.tab_error());
            }
            self.indents.push(indent);
            self.insert(INDENT);
        } else {
            let mut dedents = 0;
            while self.indents.len() > 1 && self.indents.last().is_some_and(|t| indent.col < t.col)
            {
                self.indents.pop();
                dedents += 1;
            }
            let top = self
                .indents
                .last()
                .copied()
                .unwrap_or(Indent { col: 0, altcol: 0 });
            if indent.col != top.col {
                return Err(
                    self.indentation_error("unindent does not match any outer indentation level")
                );
            }
            if indent.altcol != top.altcol {
                return Err(self.tab_error());
            }
            for _ in 0..dedents {
                self.insert(DEDENT);
            }
        }
        Ok(())
    }

    /// CPython points at the end of the offending line.
    fn indentation_error(&self, message: &str) -> LayoutError {
        let end = self.bytes[self.pos..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(self.bytes.len(), |n| self.pos + n);
        self.error(
            CompileErrorKind::Indentation,
            message.into(),
            end,
            Precedence::WhenReached,
        )
    }

    /// CPython points at the start of the offending line.
    fn tab_error(&self) -> LayoutError {
        self.error(
            CompileErrorKind::Tab,
            "inconsistent use of tabs and spaces in indentation".into(),
            self.line_start(),
            Precedence::WhenReached,
        )
    }

    /// Where the current physical line starts.
    fn line_start(&self) -> usize {
        self.bytes[..self.pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |n| n + 1)
    }

    /// The tokens of one logical line, through its ending line break.
    fn logical_line(&mut self) -> Scan {
        self.open_line = true;
        loop {
            let Some(b) = self.peek(0) else {
                return match self.brackets.last() {
                    Some(open) => Err(self.unclosed(*open)),
                    None => Ok(()),
                };
            };
            match b {
                b' ' | b'\t' | b'\x0C' => self.replace(1, b' '),
                b'\n' | b'\r' => {
                    if self.brackets.is_empty() {
                        self.line_break(b'\n');
                        self.open_line = false;
                        return Ok(());
                    }
                    self.line_break(b' ');
                }
                b'#' => self.comment(),
                b'\\' => self.continuation()?,
                b'0'..=b'9' => self.number()?,
                b'.' if self.peek(1).is_some_and(|c| c.is_ascii_digit()) => self.number()?,
                b'\'' | b'"' => self.string(self.pos)?,
                b'(' | b'[' | b'{' => {
                    if self.brackets.len() >= MAX_BRACKET_DEPTH {
                        return Err(self.syntax_error("too many nested parentheses", self.pos));
                    }
                    self.brackets.push(Bracket {
                        byte: b,
                        pos: self.pos,
                        line: self.line,
                    });
                    self.copy(1);
                }
                b')' | b']' | b'}' => self.close_bracket(b)?,
                b'\0' => {
                    return Err(
                        self.syntax_error("source code cannot contain null bytes", self.pos)
                    );
                }
                0x01..=0x1F | 0x7F => {
                    return Err(self.syntax_error(
                        format!("invalid non-printable character U+{:04X}", b),
                        self.pos,
                    ));
                }
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => self.name_or_string()?,
                0x80.. => {
                    let c = self.char_at(self.pos).unwrap_or('\u{FFFD}');
                    if is_xid_start(c) {
                        self.name_or_string()?;
                    } else {
                        return Err(self.invalid_character(c, self.pos));
                    }
                }
                // Operators, and characters such as `$` or `?` that the
                // grammar rejects with a plain "invalid syntax".
                _ => self.copy(1),
            }
        }
    }

    fn finish(&mut self) {
        if self.open_line {
            self.insert(b'\n');
        }
        for _ in 1..self.indents.len() {
            self.insert(DEDENT);
        }
    }

    fn comment(&mut self) {
        self.comments.push(self.pos as u32);
        let end = self.bytes[self.pos..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(self.bytes.len(), |n| self.pos + n);
        self.replace(end - self.pos, b' ');
    }

    /// A backslash: it must end the physical line.
    fn continuation(&mut self) -> Scan {
        let at = self.pos;
        self.replace(1, b' ');
        if self.at_line_break() {
            self.line_break(b' ');
            if self.pos < self.bytes.len() {
                return Ok(());
            }
        } else if self.pos < self.bytes.len() {
            return Err(self.error(
                CompileErrorKind::Syntax,
                "unexpected character after line continuation character".into(),
                at + 1,
                Precedence::WhenReached,
            ));
        }
        let mut err = self.error(
            CompileErrorKind::Syntax,
            "unexpected EOF while parsing".into(),
            at + 1,
            Precedence::WhenReached,
        );
        err.incomplete = true;
        Err(err)
    }

    fn close_bracket(&mut self, close: u8) -> Scan {
        let at = self.pos;
        let Some(open) = self.brackets.pop() else {
            return Err(self.syntax_error(format!("unmatched '{}'", close as char), at));
        };
        let expected = match open.byte {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        if close != expected {
            let mut message = format!(
                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                close as char, open.byte as char
            );
            if open.line != self.line {
                message.push_str(&format!(" on line {}", open.line));
            }
            return Err(self.syntax_error(message, at));
        }
        self.copy(1);
        Ok(())
    }

    fn unclosed(&self, open: Bracket) -> LayoutError {
        let mut err = self.error(
            CompileErrorKind::Syntax,
            format!("'{}' was never closed", open.byte as char),
            open.pos,
            Precedence::Unclosed { line: open.line },
        );
        err.incomplete = true;
        err
    }

    fn invalid_character(&self, c: char, at: usize) -> LayoutError {
        let message = if is_printable(c) {
            format!("invalid character '{}' (U+{:04X})", c, c as u32)
        } else {
            format!("invalid non-printable character U+{:04X}", c as u32)
        };
        self.syntax_error(message, at)
    }

    /// An identifier, or a string literal with a prefix (`rb'...'`).
    fn name_or_string(&mut self) -> Scan {
        let start = self.pos;
        let mut end = start;
        while let Some(c) = self.char_at(end) {
            let ok = if end == start {
                is_xid_start(c)
            } else {
                is_xid_continue(c)
            };
            if !ok {
                break;
            }
            end += c.len_utf8();
        }
        let word = &self.src[start..end];
        let quote = self.bytes.get(end).copied();
        if matches!(quote, Some(b'\'' | b'"')) && is_string_prefix(word) {
            return self.string(start);
        }
        self.copy(end - start);
        Ok(())
    }

    /// A string literal starting at `start` (its prefix); `self.pos` is at
    /// the prefix or the quote. Copied verbatim: `strings.rs` decodes it.
    fn string(&mut self, start: usize) -> Scan {
        let start_line = self.line;
        let Some(offset) = self.bytes[start..]
            .iter()
            .position(|&b| b == b'\'' || b == b'"')
        else {
            return Err(self.unterminated_string(start, false, start_line));
        };
        let mut i = start + offset;
        let quote = self.bytes[i];
        let triple = self.bytes.get(i + 1) == Some(&quote) && self.bytes.get(i + 2) == Some(&quote);
        i += if triple { 3 } else { 1 };
        let mut line = start_line;
        loop {
            match self.bytes.get(i) {
                None => {
                    return Err(self.unterminated_string(start, triple, line));
                }
                Some(b'\\') => {
                    i += 1;
                    match self.bytes.get(i) {
                        Some(b'\r') if self.bytes.get(i + 1) == Some(&b'\n') => {
                            i += 2;
                            line += 1;
                        }
                        Some(b'\n' | b'\r') => {
                            i += 1;
                            line += 1;
                        }
                        Some(_) => i += 1,
                        None => {}
                    }
                }
                Some(&b) if b == quote => {
                    if !triple {
                        i += 1;
                        break;
                    }
                    if self.bytes.get(i + 1) == Some(&quote)
                        && self.bytes.get(i + 2) == Some(&quote)
                    {
                        i += 3;
                        break;
                    }
                    i += 1;
                }
                Some(b'\n' | b'\r') if !triple => {
                    return Err(self.unterminated_string(start, false, line));
                }
                Some(b'\r') if self.bytes.get(i + 1) == Some(&b'\n') => {
                    i += 2;
                    line += 1;
                }
                Some(b'\n' | b'\r') => {
                    i += 1;
                    line += 1;
                }
                Some(_) => i += 1,
            }
        }
        self.copy(i - self.pos);
        self.line = line;
        Ok(())
    }

    fn unterminated_string(&self, start: usize, triple: bool, line: u32) -> LayoutError {
        if triple {
            // CPython reports the line of the last character of the input.
            let last_line = 1 + self.bytes[..self.bytes.len().saturating_sub(1)]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            let mut err = self.syntax_error(
                format!("unterminated triple-quoted string literal (detected at line {last_line})"),
                start,
            );
            err.incomplete = true;
            err
        } else {
            self.syntax_error(
                format!("unterminated string literal (detected at line {line})"),
                start,
            )
        }
    }

    /// A number, checked like CPython's tokenizer.
    fn number(&mut self) -> Scan {
        let end = number_end(self.src, self.pos)?;
        self.copy(end - self.pos);
        Ok(())
    }
}

/// A tokenizer error outside the scanner (same shape as `Scanner::syntax_error`).
fn syntax_error_at(src: &str, message: impl Into<String>, at: usize) -> LayoutError {
    LayoutError {
        kind: CompileErrorKind::Syntax,
        message: message.into(),
        span: char_span(src, at),
        precedence: Precedence::Overrides,
        incomplete: false,
        stop: 0,
    }
}

/// Where the number starting at `start` ends, or CPython's error for it.
/// Error positions follow CPython: usually the last character it accepted.
fn number_end(src: &str, start: usize) -> Result<usize, LayoutError> {
    let bytes = src.as_bytes();
    let b = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let invalid_decimal = |at: usize| syntax_error_at(src, "invalid decimal literal", at);
    // Digits after a first digit, with single underscores between them.
    let decimal_tail = |mut i: usize| -> Result<usize, LayoutError> {
        loop {
            while b(i).is_ascii_digit() {
                i += 1;
            }
            if b(i) != b'_' {
                return Ok(i);
            }
            i += 1;
            if !b(i).is_ascii_digit() {
                return Err(invalid_decimal(i - 1));
            }
        }
    };

    let mut i = start;
    if b(i) == b'0' && matches!(b(i + 1), b'x' | b'X' | b'o' | b'O' | b'b' | b'B') {
        let (kind, radix) = match b(i + 1) {
            b'x' | b'X' => ("hexadecimal", 16),
            b'o' | b'O' => ("octal", 8),
            _ => ("binary", 2),
        };
        let bad_digit = |at: usize| {
            syntax_error_at(
                src,
                format!("invalid digit '{}' in {kind} literal", b(at) as char),
                at,
            )
        };
        i += 2;
        loop {
            if b(i) == b'_' {
                i += 1;
            }
            if !(b(i) as char).is_digit(radix) {
                if radix < 16 && b(i).is_ascii_digit() {
                    return Err(bad_digit(i));
                }
                return Err(syntax_error_at(
                    src,
                    format!("invalid {kind} literal"),
                    i - 1,
                ));
            }
            while (b(i) as char).is_digit(radix) {
                i += 1;
            }
            if b(i) != b'_' {
                break;
            }
        }
        if radix < 16 && b(i).is_ascii_digit() {
            return Err(bad_digit(i));
        }
        return end_of_number(src, i, kind);
    }

    let mut fraction_done = false;
    if b(i) == b'.' {
        i = decimal_tail(i + 1)?; // `.5`
        fraction_done = true;
    } else if b(i) == b'0' {
        // Zeros only, unless it turns out to be a float (`00.5`, `0e1`, `0j`).
        loop {
            if b(i) == b'_' {
                i += 1;
                if !b(i).is_ascii_digit() {
                    return Err(invalid_decimal(i - 1));
                }
            }
            if b(i) != b'0' {
                break;
            }
            i += 1;
        }
        let zeros_end = i;
        let nonzero = b(i).is_ascii_digit();
        if nonzero {
            i = decimal_tail(i)?;
        }
        if nonzero && !matches!(b(i), b'.' | b'e' | b'E' | b'j' | b'J') {
            let mut err = syntax_error_at(
                src,
                "leading zeros in decimal integer literals are not permitted; \
                 use an 0o prefix for octal integers",
                start,
            );
            err.span = Span::new(start, zeros_end.max(start + 1));
            return Err(err);
        }
    } else {
        i = decimal_tail(i)?;
    }
    if !fraction_done && b(i) == b'.' {
        i += 1;
        if b(i).is_ascii_digit() {
            i = decimal_tail(i)?;
        }
    }
    if matches!(b(i), b'e' | b'E') {
        let e = i;
        i += 1;
        if matches!(b(i), b'+' | b'-') {
            i += 1;
            if !b(i).is_ascii_digit() {
                return Err(invalid_decimal(i - 1));
            }
        } else if !b(i).is_ascii_digit() {
            // Not an exponent after all (`1else`): the number ends before the `e`.
            return end_of_number(src, e, "decimal");
        }
        i = decimal_tail(i)?;
    }
    if matches!(b(i), b'j' | b'J') {
        return end_of_number(src, i + 1, "imaginary");
    }
    end_of_number(src, i, "decimal")
}

/// CPython's `verify_end_of_number`: a number may not run into a name,
/// except for the keywords that can follow one (`1if x else y`).
fn end_of_number(src: &str, end: usize, kind: &str) -> Result<usize, LayoutError> {
    let rest = &src.as_bytes()[end..];
    let Some(&c) = rest.first() else {
        return Ok(end);
    };
    let keyword_follows = ["and", "else", "for", "if", "in", "is", "not", "or"]
        .iter()
        .any(|k| rest.starts_with(k.as_bytes()));
    if !keyword_follows && (c.is_ascii_alphanumeric() || c == b'_') {
        return Err(syntax_error_at(
            src,
            format!("invalid {kind} literal"),
            end.saturating_sub(1),
        ));
    }
    Ok(end)
}

/// The span of the character at `at` (empty at the end of the text).
fn char_span(src: &str, at: usize) -> Span {
    let at = at.min(src.len());
    let len = src
        .get(at..)
        .and_then(|s| s.chars().next())
        .map_or(0, char::len_utf8);
    Span::new(at, at + len)
}

fn is_string_prefix(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "r" | "u" | "b" | "br" | "rb" | "f" | "fr" | "rf"
    )
}

/// Can `c` start an identifier?
pub(crate) fn is_xid_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && pest::unicode::XID_START(c))
}

/// Can `c` continue an identifier?
pub(crate) fn is_xid_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && pest::unicode::XID_CONTINUE(c))
}

/// Python's `str.isprintable` for one character.
pub(crate) fn is_printable(c: char) -> bool {
    use pest::unicode as u;
    c == ' '
        || !(u::CONTROL(c)
            || u::FORMAT(c)
            || u::SURROGATE(c)
            || u::PRIVATE_USE(c)
            || u::UNASSIGNED(c)
            || u::LINE_SEPARATOR(c)
            || u::PARAGRAPH_SEPARATOR(c)
            || u::SPACE_SEPARATOR(c))
}
