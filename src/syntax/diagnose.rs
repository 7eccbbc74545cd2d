//! Turning a grammar failure into CPython's error message.
//!
//! pest reports the furthest position it reached and which named rules it
//! tried there. CPython instead re-parses with extra `invalid_*` rules that
//! recognise common mistakes. This module approximates those rules: it
//! looks at what was expected, at the tokens of the failing logical line,
//! and asks the grammar (through [`Probe`]) whether pieces of that line
//! parse as expressions. It works on the layout text; the caller maps
//! positions back to the source.

use super::layout::{Layout, DEDENT, INDENT, STOP};
use crate::diagnostics::CompileErrorKind;

/// Named rules the grammar tried at the failure position that select a message.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Expected {
    /// `:` ending a compound-statement header.
    pub header_colon: bool,
    /// A `:` CPython requires outright (`def`, `try`, `else`, `finally`).
    pub forced_colon: bool,
    /// The `(` after `def name`.
    pub forced_lparen: bool,
    /// An indented block.
    pub indent: bool,
    /// The `else` of a conditional expression.
    pub ifexp_else: bool,
    /// An `except` or `finally` clause right after a `try` body.
    pub except_or_finally: bool,
}

/// Sub-parses of layout text that the diagnosis may ask for.
pub(crate) trait Probe {
    /// Is all of `text` one `disjunction` (an expression without `if`/`lambda`)?
    fn is_disjunction(&self, text: &str) -> bool;
    /// The length of the expression `text` begins with, if it does.
    fn expression_len(&self, text: &str) -> Option<usize>;
    /// How far into `text` parsing an expression gets: the end of the
    /// expression it begins with, or where that parse failed.
    fn expression_reach(&self, text: &str) -> usize;
    /// Does `text` begin with comma-separated expressions (`print "x", 1`)?
    fn starts_with_star_expressions(&self, text: &str) -> bool;
    /// If all of `text` is one `disjunction`: CPython's name for it
    /// ("function call", "True", ...) and whether it is a `bitwise_or`
    /// (no comparison, `not`, `and` or `or` at the top).
    fn describe(&self, text: &str) -> Option<(&'static str, bool)>;
}

/// The chosen error, in layout-text offsets.
#[derive(Debug, Clone)]
pub(crate) struct Diagnosis {
    /// SyntaxError or IndentationError.
    pub kind: CompileErrorKind,
    /// CPython's message.
    pub message: String,
    /// Where it starts.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// Where the furthest token CPython reads to report this starts (the
    /// failing token, or one it looked ahead to).
    pub last_read: usize,
    /// That token is the end of the input (so an unclosed bracket takes precedence).
    pub reads_to_end: bool,
    /// The parser failed at the end of the input: more input could help.
    pub at_end: bool,
}

/// Pick the message for a failure at layout offset `pos`.
pub(crate) fn diagnose(
    layout: &Layout,
    pos: usize,
    expected: Expected,
    probe: &dyn Probe,
    line_of: &dyn Fn(usize) -> u32,
) -> Diagnosis {
    let text = layout.text.as_bytes();
    let pos = pos.min(text.len());
    let line_start = layout
        .line_starts
        .get(layout.logical_line_of(pos))
        .map_or(0, |&s| s as usize);
    let mut tokens = tokenize(text, line_start.min(pos));
    if tokens
        .last()
        .is_some_and(|t| t.kind == Kind::Newline && t.end <= pos)
    {
        // The failure is past the end of that line (a missing block).
        tokens = tokenize(text, pos);
    }
    // The token the failure is in (pest may stop inside one, as in `x.1`).
    let failing = tokens
        .iter()
        .position(|t| t.end > pos)
        .unwrap_or(tokens.len().saturating_sub(1));
    let tok_pos = tokens
        .get(failing)
        .map_or(skip_blank(text, pos), |t| t.start);
    let tok_end = tokens.get(failing).map_or(tok_pos, |t| t.end);
    let line = Line {
        text,
        tokens: &tokens,
    };
    let at_end = tokens.get(failing).is_none_or(|t| t.kind == Kind::End);
    let syntax = |message: String, start: usize, end: usize| Diagnosis {
        kind: CompileErrorKind::Syntax,
        message,
        start,
        end,
        last_read: tok_pos,
        reads_to_end: at_end,
        at_end,
    };

    if text.get(pos) == Some(&INDENT) {
        // CPython points at the last character of the indentation.
        let at = pos.saturating_sub(1);
        return Diagnosis {
            kind: CompileErrorKind::Indentation,
            message: "unexpected indent".into(),
            start: at,
            end: at + 1,
            last_read: tok_pos,
            reads_to_end: false,
            at_end,
        };
    }
    if expected.indent {
        if let Some(message) = missing_block(layout, pos, line_of) {
            return Diagnosis {
                kind: CompileErrorKind::Indentation,
                message,
                start: tok_pos,
                end: tok_end,
                last_read: tok_pos,
                reads_to_end: at_end,
                at_end,
            };
        }
    }
    if expected.forced_lparen {
        return syntax("expected '('".into(), tok_pos, tok_end);
    }
    let at_newline = tokens.get(failing).is_some_and(|t| t.kind == Kind::Newline);
    if expected.forced_colon || (expected.header_colon && at_newline) {
        return syntax("expected ':'".into(), tok_pos, tok_end);
    }
    if expected.except_or_finally {
        return syntax(
            "expected 'except' or 'finally' block".into(),
            tok_pos,
            tok_end,
        );
    }
    if expected.ifexp_else && !tokens.get(failing).is_some_and(|t| t.is(text, b":")) {
        if let Some(if_index) = line.last_keyword_before(failing, b"if") {
            let start = line.expression_start(if_index);
            return syntax(
                "expected 'else' after 'if' expression".into(),
                start,
                tok_pos,
            );
        }
    }
    if line.token_before_is(failing, b"->") {
        // `def f() -> :`: the annotation is optional, so CPython wants the colon there.
        let arrow = &tokens[failing - 1];
        return syntax("expected ':'".into(), arrow.start, arrow.end);
    }
    // What CPython reads ahead decides whether an unclosed bracket wins.
    let read_up_to = |mut d: Diagnosis, next: usize| {
        d.last_read = tokens.get(next).map_or(text.len(), |t| t.start);
        d.reads_to_end = tokens.get(next).is_none_or(|t| t.kind == Kind::End);
        d
    };
    if let Some((message, start, end, next)) = line.misused_equals(failing, probe) {
        return read_up_to(syntax(message, start, end), next);
    }
    if let Some((message, start, end)) = line.assignment_without_value(failing, probe) {
        return syntax(message, start, end);
    }
    if let Some(colon) = line.bad_annotation_target(failing, probe) {
        return syntax("invalid syntax".into(), colon.start, colon.end);
    }
    if let Some((message, start, end, next)) = line.legacy_print(failing, probe) {
        return read_up_to(syntax(message, start, end), next);
    }
    if let Some((start, end, next)) = line.forgotten_comma(failing, probe) {
        return read_up_to(syntax(FORGOT_COMMA.into(), start, end), next);
    }
    if line.second_expression_checked(failing) {
        // Two expressions side by side: CPython parses the second one while
        // looking for a missing comma, reads as far as that parse gets, and
        // may find the missing comma inside it (`a {b c}`).
        if let Some(rest) = line.rest_of_line(failing) {
            let reach = tok_pos + probe.expression_reach(rest);
            let next = (failing..tokens.len())
                .find(|&i| tokens[i].end > reach)
                .unwrap_or(tokens.len());
            if next > failing {
                if let Some((start, end, after)) = line.forgotten_comma(next, probe) {
                    return read_up_to(syntax(FORGOT_COMMA.into(), start, end), after);
                }
                // Only how far it reads matters here: CPython reports the
                // first failure, at `tok_pos`.
                if let Some((_, _, _, after)) = line.misused_equals(next, probe) {
                    return read_up_to(syntax("invalid syntax".into(), tok_pos, tok_end), after);
                }
            }
            return read_up_to(syntax("invalid syntax".into(), tok_pos, tok_end), next);
        }
    }
    if text.get(tok_pos.saturating_sub(1)) == Some(&DEDENT) && text.get(pos) == Some(&DEDENT) {
        return Diagnosis {
            kind: CompileErrorKind::Indentation,
            message: "unexpected unindent".into(),
            start: tok_pos,
            end: tok_end,
            last_read: tok_pos,
            reads_to_end: false,
            at_end,
        };
    }
    syntax("invalid syntax".into(), tok_pos, tok_end)
}

const FORGOT_COMMA: &str = "invalid syntax. Perhaps you forgot a comma?";

/// "expected an indented block after 'if' statement on line N", naming the
/// header that ends just before `pos`.
fn missing_block(layout: &Layout, pos: usize, line_of: &dyn Fn(usize) -> u32) -> Option<String> {
    let text = layout.text.as_bytes();
    let mut i = pos;
    while i > 0 && matches!(text[i - 1], b' ' | INDENT | DEDENT | STOP) {
        i -= 1;
    }
    if i == 0 || text[i - 1] != b'\n' {
        return None;
    }
    let header_start = *layout.line_starts.get(layout.logical_line_of(i - 1))? as usize;
    let header = std::str::from_utf8(&text[header_start..i - 1]).ok()?;
    let mut words = header
        .trim_start_matches(|c: char| {
            c.is_whitespace() || c == INDENT as char || c == DEDENT as char
        })
        .split(|c: char| !(c.is_alphanumeric() || c == '_'));
    let mut keyword = words.next()?;
    if keyword == "async" {
        keyword = words.find(|w| !w.is_empty())?;
    }
    let what = match keyword {
        "def" => "function definition".to_string(),
        "class" => "class definition".to_string(),
        "if" | "elif" | "else" | "while" | "for" | "with" | "try" | "except" | "finally" => {
            format!("'{keyword}' statement")
        }
        _ => return None,
    };
    let keyword_at = header_start + header.find(keyword)?;
    let line = line_of(keyword_at);
    Some(format!(
        "expected an indented block after {what} on line {line}"
    ))
}

fn skip_blank(text: &[u8], mut pos: usize) -> usize {
    while pos < text.len() && is_blank(text[pos]) {
        pos += 1;
    }
    pos
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | INDENT | DEDENT)
}

/// A token of the layout text, as far as diagnosis needs to know.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
    /// Bracket depth before this token (on its logical line).
    depth: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    Number,
    String,
    Operator,
    Open,
    Close,
    Newline,
    /// STOP or the end of the text.
    End,
}

impl Token {
    fn is(&self, text: &[u8], s: &[u8]) -> bool {
        &text[self.start..self.end] == s
    }
}

/// Tokens from `start` to the end of the logical line (its NEWLINE included).
fn tokenize(text: &[u8], start: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut i = start;
    loop {
        i = skip_blank(text, i);
        let Some(&b) = text.get(i) else {
            tokens.push(Token {
                kind: Kind::End,
                start: i,
                end: i,
                depth,
            });
            return tokens;
        };
        let (kind, end) = match b {
            STOP => (Kind::End, i),
            b'\n' => (Kind::Newline, i + 1),
            b'(' | b'[' | b'{' => (Kind::Open, i + 1),
            b')' | b']' | b'}' => (Kind::Close, i + 1),
            b'\'' | b'"' => (Kind::String, string_end(text, i)),
            b'0'..=b'9' => (Kind::Number, number_end(text, i)),
            b'.' if text.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                (Kind::Number, number_end(text, i))
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80.. => {
                let mut end = i;
                while end < text.len()
                    && (text[end].is_ascii_alphanumeric() || text[end] == b'_' || text[end] >= 0x80)
                {
                    end += 1;
                }
                if matches!(text.get(end), Some(b'\'' | b'"')) && end - i <= 2 {
                    (Kind::String, string_end(text, end))
                } else {
                    (Kind::Name, end)
                }
            }
            _ => (Kind::Operator, i + operator_len(&text[i..])),
        };
        if kind == Kind::Close {
            depth = depth.saturating_sub(1);
        }
        tokens.push(Token {
            kind,
            start: i,
            end,
            depth,
        });
        if kind == Kind::Open {
            depth += 1;
        }
        if matches!(kind, Kind::Newline | Kind::End) {
            return tokens;
        }
        i = end;
    }
}

fn string_end(text: &[u8], quote_at: usize) -> usize {
    let q = text[quote_at];
    let triple = text.get(quote_at + 1) == Some(&q) && text.get(quote_at + 2) == Some(&q);
    let mut i = quote_at + if triple { 3 } else { 1 };
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b if b == q && !triple => return i + 1,
            b if b == q && text.get(i + 1) == Some(&q) && text.get(i + 2) == Some(&q) => {
                return i + 3
            }
            _ => i += 1,
        }
    }
    text.len()
}

fn number_end(text: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < text.len() {
        let b = text[i];
        let sign_after_exponent = matches!(b, b'+' | b'-')
            && i > start
            && matches!(text[i - 1], b'e' | b'E')
            && !text[start..i].starts_with(b"0x");
        if !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || sign_after_exponent) {
            break;
        }
        i += 1;
    }
    i
}

fn operator_len(rest: &[u8]) -> usize {
    const LONG: [&[u8]; 23] = [
        b"**=", b"//=", b">>=", b"<<=", b"...", b"->", b":=", b"==", b"!=", b"<=", b">=", b"**",
        b"//", b"<<", b">>", b"+=", b"-=", b"*=", b"/=", b"%=", b"&=", b"|=", b"^=",
    ];
    let first_char = std::str::from_utf8(&rest[..rest.len().min(4)])
        .ok()
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8);
    LONG.iter()
        .find(|op| rest.starts_with(op))
        .map_or(first_char, |op| op.len())
}

/// Keywords that end an expression when scanning backwards.
const STOP_KEYWORDS: [&[u8]; 18] = [
    b"if",
    b"else",
    b"elif",
    b"for",
    b"while",
    b"with",
    b"as",
    b"lambda",
    b"return",
    b"yield",
    b"assert",
    b"del",
    b"from",
    b"import",
    b"raise",
    b"global",
    b"nonlocal",
    b"except",
];

/// Operators that end an expression when scanning backwards.
const STOP_OPERATORS: [&[u8]; 19] = [
    b",", b":", b";", b"=", b":=", b"->", b"+=", b"-=", b"*=", b"/=", b"//=", b"%=", b"@=", b"&=",
    b"|=", b"^=", b">>=", b"<<=", b"**=",
];

struct Line<'a> {
    text: &'a [u8],
    tokens: &'a [Token],
}

impl Line<'_> {
    fn is_stop(&self, t: &Token) -> bool {
        match t.kind {
            Kind::Name => STOP_KEYWORDS.iter().any(|k| t.is(self.text, k)),
            Kind::Operator => STOP_OPERATORS.iter().any(|k| t.is(self.text, k)),
            // An enclosing bracket stops a scan by its depth; one at the
            // same depth belongs to the expression (`f(x)`).
            Kind::Newline | Kind::End => true,
            _ => false,
        }
    }

    /// Index of the first token of the expression that ends with token `last`.
    fn expression_start_index(&self, last: usize) -> usize {
        let depth = self.tokens[last].depth;
        let mut i = last + 1;
        while i > 0 {
            let t = &self.tokens[i - 1];
            if t.depth < depth || (t.depth == depth && self.is_stop(t)) {
                break;
            }
            i -= 1;
        }
        // A leading `*` or `**` unpacks rather than multiplies.
        while i <= last
            && (self.tokens[i].is(self.text, b"*") || self.tokens[i].is(self.text, b"**"))
        {
            i += 1;
        }
        i
    }

    /// Start offset of the expression that ends just before token `next`.
    fn expression_start(&self, next: usize) -> usize {
        match next.checked_sub(1) {
            Some(last) => self.tokens[self.expression_start_index(last)].start,
            None => self.tokens.first().map_or(0, |t| t.start),
        }
    }

    /// The bracket depth inside which token `i` sits (a closing bracket
    /// belongs to the inside).
    fn inner_depth(&self, i: usize) -> usize {
        self.tokens.get(i).map_or(0, |t| {
            if t.kind == Kind::Close {
                t.depth + 1
            } else {
                t.depth
            }
        })
    }

    fn last_keyword_before(&self, failing: usize, keyword: &[u8]) -> Option<usize> {
        let depth = self.inner_depth(failing);
        (0..failing)
            .rev()
            .take_while(|&i| self.tokens[i].depth >= depth)
            .find(|&i| {
                self.tokens[i].depth == depth
                    && self.tokens[i].kind == Kind::Name
                    && self.tokens[i].is(self.text, keyword)
            })
    }

    /// `=` or `:=` after something that cannot take it: CPython's
    /// `invalid_named_expression` and `invalid_kwarg`.
    /// Returns the message, its range, and the index of the token after the
    /// expression that follows the `=` (CPython reads that far).
    fn misused_equals(
        &self,
        failing: usize,
        probe: &dyn Probe,
    ) -> Option<(String, usize, usize, usize)> {
        let op = self.tokens.get(failing)?;
        let walrus = op.is(self.text, b":=");
        if !(walrus || op.is(self.text, b"="))
            || failing == 0
            || !self.in_expression_context(failing)
        {
            return None;
        }
        let first = self.expression_start_index(failing - 1);
        let a = self.tokens.get(first)?;
        let prev = &self.tokens[failing - 1];
        if first > failing - 1 || prev.depth != op.depth {
            return None;
        }
        let a_text = std::str::from_utf8(&self.text[a.start..prev.end]).ok()?;
        let (name, bitwise_or) = probe.describe(a_text)?;
        let single_name = first == failing - 1 && a.kind == Kind::Name && name == "name";
        if walrus {
            let message = format!("cannot use assignment expressions with {name}");
            return (!single_name).then_some((message, a.start, prev.end, failing));
        }
        let value = self.tokens.get(failing + 1)?;
        let value_end = value.start + probe.expression_len(self.rest_of_line(failing + 1)?)?;
        let next = (failing + 1..self.tokens.len())
            .find(|&i| self.tokens[i].start >= value_end)
            .unwrap_or(self.tokens.len());
        // `a = b = c` is not a typo for `==`.
        if self
            .tokens
            .get(next)
            .is_some_and(|t| t.is(self.text, b"=") || t.is(self.text, b":="))
        {
            return None;
        }
        // An argument that starts `name=` is a keyword argument, not the typo.
        let keyword_argument = first >= 2
            && self.tokens[first - 1].is(self.text, b"=")
            && self.tokens[first - 2].kind == Kind::Name;
        let (message, end) = if self.in_call_parens(failing) {
            if keyword_argument {
                return None;
            }
            if matches!(name, "True" | "False" | "None") {
                (format!("cannot assign to {name}"), op.end)
            } else if !single_name {
                (
                    "expression cannot contain assignment, perhaps you meant \"==\"?".into(),
                    op.end,
                )
            } else {
                return None;
            }
        } else if single_name {
            (
                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".into(),
                op.end,
            )
        } else if bitwise_or
            && !matches!(
                name,
                "list" | "tuple" | "generator expression" | "True" | "False" | "None"
            )
        {
            let message =
                format!("cannot assign to {name} here. Maybe you meant '==' instead of '='?");
            (message, prev.end)
        } else {
            return None;
        };
        Some((message, a.start, end, next))
    }

    /// `f():` with nothing after the colon: CPython fails at the colon when
    /// what precedes it cannot be annotated (only a name, attribute or
    /// subscript can).
    fn bad_annotation_target(&self, failing: usize, probe: &dyn Probe) -> Option<Token> {
        let colon = *self.tokens.get(failing.checked_sub(1)?)?;
        if !matches!(self.tokens[failing].kind, Kind::Newline | Kind::End)
            || !colon.is(self.text, b":")
            || colon.depth != 0
        {
            return None;
        }
        let first = self.expression_start_index(failing - 2);
        let start = self.tokens.get(first)?.start;
        let target = std::str::from_utf8(&self.text[start..self.tokens[failing - 2].end]).ok()?;
        match probe.describe(target) {
            Some(("name" | "attribute" | "subscript", _)) | None => None,
            Some(_) => Some(colon),
        }
    }

    /// Does the expression before token `i` end right there, and could
    /// another start at `i`?
    fn juxtaposed(&self, i: usize) -> bool {
        let (Some(prev), Some(next)) = (
            i.checked_sub(1).and_then(|p| self.tokens.get(p)),
            self.tokens.get(i),
        ) else {
            return false;
        };
        let ends = matches!(
            prev.kind,
            Kind::Name | Kind::Number | Kind::String | Kind::Close
        ) && !self.is_stop(prev);
        let starts = matches!(
            next.kind,
            Kind::Name | Kind::Number | Kind::String | Kind::Open
        ) && !self.is_stop(next);
        ends && starts && prev.depth == next.depth
    }

    /// Is token `i` where CPython would be parsing an expression (not in an
    /// `import`, `global` or `nonlocal` statement, a `def` header or the
    /// name of a class)?
    fn in_expression_context(&self, i: usize) -> bool {
        let first = self
            .tokens
            .iter()
            .position(|t| t.kind != Kind::Operator || !t.is(self.text, b"@"))
            .unwrap_or(0);
        let Some(head) = self.tokens.get(first) else {
            return false;
        };
        if [&b"import"[..], b"from", b"global", b"nonlocal", b"def"]
            .iter()
            .any(|k| head.is(self.text, k))
        {
            return false;
        }
        !(head.is(self.text, b"class") && self.inner_depth(i) == 0)
    }

    /// Is token `i` inside the parameter list of a `def`?
    fn in_def_parens(&self, i: usize) -> bool {
        let depth = self.inner_depth(i);
        let open = (0..i)
            .rev()
            .find(|&j| self.tokens[j].kind == Kind::Open && self.tokens[j].depth + 1 == depth);
        open.is_some_and(|open| open >= 2 && self.tokens[open - 2].is(self.text, b"def"))
    }

    /// Is token `i` directly inside the parentheses of a call?
    fn in_call_parens(&self, i: usize) -> bool {
        let depth = self.inner_depth(i);
        if depth == 0 {
            return false;
        }
        let open = (0..i)
            .rev()
            .find(|&j| self.tokens[j].kind == Kind::Open && self.tokens[j].depth == depth - 1);
        let Some(open) = open else { return false };
        if !self.tokens[open].is(self.text, b"(") || open == 0 {
            return false;
        }
        let before = &self.tokens[open - 1];
        match before.kind {
            Kind::Name => {
                !STOP_KEYWORDS.iter().any(|k| before.is(self.text, k))
                    && !before.is(self.text, b"not")
                    && !before.is(self.text, b"and")
                    && !before.is(self.text, b"or")
                    && !before.is(self.text, b"in")
                    && !before.is(self.text, b"is")
            }
            Kind::Close | Kind::String => true,
            _ => false,
        }
    }

    /// `print "x"`: CPython's `invalid_legacy_expression`. Returns the
    /// message, its range and the index of the token after the arguments.
    fn legacy_print(
        &self,
        failing: usize,
        probe: &dyn Probe,
    ) -> Option<(String, usize, usize, usize)> {
        let name = self.tokens.get(failing.checked_sub(1)?)?;
        let word = std::str::from_utf8(&self.text[name.start..name.end]).ok()?;
        if name.kind != Kind::Name || !(word == "print" || word == "exec") {
            return None;
        }
        if self.expression_start_index(failing - 1) != failing - 1 {
            return None;
        }
        let next = self.tokens.get(failing)?;
        if next.is(self.text, b"(")
            || !matches!(
                next.kind,
                Kind::Name | Kind::Number | Kind::String | Kind::Open | Kind::Operator
            )
        {
            return None;
        }
        let rest = self.rest_of_line(failing)?;
        if !probe.starts_with_star_expressions(rest) {
            return None;
        }
        let reach = next.start + probe.expression_reach(rest);
        let after = (failing..self.tokens.len())
            .find(|&i| self.tokens[i].end > reach)
            .unwrap_or(self.tokens.len());
        let end = self
            .tokens
            .iter()
            .rev()
            .find(|t| !matches!(t.kind, Kind::Newline | Kind::End))
            .map_or(next.end, |t| t.end);
        let message = format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?");
        Some((message, name.start, end, after))
    }

    /// `f() =` with nothing after it: CPython names the bad target.
    fn assignment_without_value(
        &self,
        failing: usize,
        probe: &dyn Probe,
    ) -> Option<(String, usize, usize)> {
        let eq = self.tokens.get(failing.checked_sub(1)?)?;
        if !matches!(self.tokens[failing].kind, Kind::Newline | Kind::End)
            || !eq.is(self.text, b"=")
            || eq.depth != 0
        {
            return None;
        }
        let first = self.expression_start_index(failing.checked_sub(2)?);
        let start = self.tokens.get(first)?.start;
        let target = std::str::from_utf8(&self.text[start..self.tokens[failing - 2].end]).ok()?;
        match probe.describe(target)? {
            ("name" | "attribute" | "subscript" | "tuple" | "list", _) => None,
            (name, _) => Some((
                format!("cannot assign to {name}"),
                start,
                self.tokens[failing - 2].end,
            )),
        }
    }

    /// Is the token before `i` exactly `s`?
    fn token_before_is(&self, i: usize, s: &[u8]) -> bool {
        i.checked_sub(1)
            .and_then(|p| self.tokens.get(p))
            .is_some_and(|t| t.is(self.text, s))
    }

    /// Would CPython, failing at token `i`, parse an expression starting
    /// there (its `invalid_expression` rule)? Only in an expression context,
    /// right after a complete expression, and not in the iterable of a
    /// comprehension (`for x in y z`).
    fn second_expression_checked(&self, i: usize) -> bool {
        if !self.in_expression_context(i) || !self.juxtaposed(i) {
            return false;
        }
        !self.in_comprehension_iterable(i - 1)
    }

    /// Is token `last` the end of the iterable of a comprehension's `for`
    /// (`[x for x in y`)? CPython parses that as a plain disjunction.
    fn in_comprehension_iterable(&self, last: usize) -> bool {
        let first = self.expression_start_index(last);
        let comprehension_for = first
            .checked_sub(1)
            .is_some_and(|s| self.tokens[s].is(self.text, b"for") && self.tokens[s].depth > 0);
        comprehension_for
            && self.tokens[first..=last]
                .iter()
                .any(|t| t.is(self.text, b"in"))
    }

    /// Two expressions side by side inside brackets: CPython's
    /// "Perhaps you forgot a comma?".
    /// Returns the range of both expressions and the index of the token after them.
    fn forgotten_comma(&self, failing: usize, probe: &dyn Probe) -> Option<(usize, usize, usize)> {
        let b = self.tokens.get(failing)?;
        if b.depth == 0 || failing == 0 || !self.in_expression_context(failing) {
            return None;
        }
        let last = failing - 1;
        let prev = &self.tokens[last];
        if prev.depth != b.depth || self.is_stop(prev) {
            return None;
        }
        let first = self.expression_start_index(last);
        if first > last {
            return None;
        }
        let a = &self.tokens[first];
        // `[x for x in y z]`: the iterable of a comprehension is not
        // checked, and neither are parameter lists.
        if self.in_comprehension_iterable(last) || self.in_def_parens(failing) {
            return None;
        }
        // `f(a "b")` is excluded by CPython, and so is `print x`.
        if first == last
            && a.kind == Kind::Name
            && (b.kind == Kind::String || a.is(self.text, b"print") || a.is(self.text, b"exec"))
        {
            return None;
        }
        let a_text = std::str::from_utf8(&self.text[a.start..prev.end]).ok()?;
        let rest = self.rest_of_line(failing)?;
        if !probe.is_disjunction(a_text) {
            return None;
        }
        let b_end = b.start + probe.expression_len(rest)?;
        let after_b = (failing..self.tokens.len())
            .find(|&i| self.tokens[i].start >= b_end)
            .unwrap_or(self.tokens.len());
        Some((a.start, b_end, after_b))
    }

    /// The text from token `from` to the end of the logical line.
    fn rest_of_line(&self, from: usize) -> Option<&str> {
        let start = self.tokens.get(from)?.start;
        let end = self.tokens.last().map_or(start, |t| t.start.max(start));
        std::str::from_utf8(&self.text[start..end]).ok()
    }
}
