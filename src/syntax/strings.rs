//! String, bytes and f-string literals: prefixes, escapes and replacement fields.
//!
//! The grammar only finds where a literal token starts and ends; this
//! module decodes one token as CPython 3.11 does. An f-string becomes a list
//! of text pieces and replacement fields; the parser parses each field's
//! expression text (by its range in the source) and builds the AST.

use std::ops::Range;

/// A decoding error: CPython's message and where to point.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LiteralError {
    /// The message.
    pub message: String,
    /// Byte offset in the original source.
    pub at: usize,
}

/// One decoded literal token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    /// `'...'`, `r'...'`, `u'...'`.
    Str(String),
    /// `b'...'`, `rb'...'`.
    Bytes(Vec<u8>),
    /// `f'...'`: text and replacement fields, in order.
    FString(Vec<FPiece>),
}

/// A piece of an f-string (or of a format spec).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FPiece {
    /// Literal text, escapes decoded, `{{`/`}}` undoubled.
    Text(String),
    /// A `{...}` replacement field.
    Field(Field),
}

/// A `{expr=!conversion:spec}` replacement field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// Where the expression text is in the original source.
    pub expr: Range<usize>,
    /// For `{expr=}`: the text to show before the value (`"expr="`).
    pub debug_text: Option<String>,
    /// `s`, `r` or `a`.
    pub conversion: Option<char>,
    /// The format spec after `:`, itself pieces (it may contain fields).
    pub format_spec: Option<Vec<FPiece>>,
}

/// How deep f-string format specs may nest fields (`f'{x:{y}}'` is one level).
const MAX_SPEC_NESTING: u32 = 2;
/// CPython's limit on brackets inside one replacement field.
const MAX_FIELD_BRACKETS: usize = 200;

/// Decode the literal token `token` that starts at byte `offset` of the source.
pub(crate) fn decode(token: &str, offset: usize) -> Result<Literal, LiteralError> {
    let quote_at = token.find(['\'', '"']).unwrap_or(token.len());
    let prefix = token[..quote_at].to_ascii_lowercase();
    let raw = prefix.contains('r');
    let rest = &token[quote_at..];
    let quote_len = if rest.len() >= 6 && (rest.starts_with("'''") || rest.starts_with("\"\"\"")) {
        3
    } else {
        1
    };
    let body_start = quote_at + quote_len;
    let body_end = token.len().saturating_sub(quote_len).max(body_start);
    let body = Body {
        text: &token[body_start..body_end],
        offset: offset + body_start,
        token_end: offset + token.len(),
    };

    if prefix.contains('b') {
        if !body.text.is_ascii() {
            return Err(LiteralError {
                message: "bytes can only contain ASCII literal characters".into(),
                at: offset,
            });
        }
        return decode_bytes(&body, raw).map(Literal::Bytes);
    }
    if prefix.contains('f') {
        let mut parser = FStringParser {
            body: &body,
            raw,
            pos: 0,
        };
        return parser.pieces(0).map(Literal::FString);
    }
    let mut out = String::with_capacity(body.text.len());
    let mut i = 0;
    while i < body.text.len() {
        i = body.push_char(i, raw, &mut out)?;
    }
    Ok(Literal::Str(out))
}

/// The text between the quotes, and where it is.
struct Body<'a> {
    text: &'a str,
    /// Source offset of `text`.
    offset: usize,
    /// Source offset just past the closing quote (where CPython reports escape errors).
    token_end: usize,
}

impl Body<'_> {
    fn byte(&self, i: usize) -> u8 {
        self.text.as_bytes().get(i).copied().unwrap_or(0)
    }

    /// Decode the character or escape at `i` onto `out`; return the next index.
    fn push_char(&self, i: usize, raw: bool, out: &mut String) -> Result<usize, LiteralError> {
        match self.byte(i) {
            b'\\' if !raw => self.escape(i, out),
            b'\r' => {
                out.push('\n');
                Ok(if self.byte(i + 1) == b'\n' {
                    i + 2
                } else {
                    i + 1
                })
            }
            _ => {
                let c = self.text[i..].chars().next().unwrap_or('\u{FFFD}');
                out.push(c);
                Ok(i + c.len_utf8())
            }
        }
    }

    /// Decode the escape sequence whose backslash is at `i`.
    fn escape(&self, i: usize, out: &mut String) -> Result<usize, LiteralError> {
        let Some(c) = self.text[i + 1..].chars().next() else {
            // A lone trailing backslash cannot close a literal; keep it.
            out.push('\\');
            return Ok(i + 1);
        };
        let simple = match c {
            '\n' => Some(None),
            '\r' => {
                let next = if self.byte(i + 2) == b'\n' {
                    i + 3
                } else {
                    i + 2
                };
                return Ok(next);
            }
            '\\' => Some(Some('\\')),
            '\'' => Some(Some('\'')),
            '"' => Some(Some('"')),
            'a' => Some(Some('\x07')),
            'b' => Some(Some('\x08')),
            'f' => Some(Some('\x0C')),
            'n' => Some(Some('\n')),
            'r' => Some(Some('\r')),
            't' => Some(Some('\t')),
            'v' => Some(Some('\x0B')),
            _ => None,
        };
        if let Some(decoded) = simple {
            out.extend(decoded);
            return Ok(i + 2);
        }
        match c {
            '0'..='7' => {
                let (value, next) = self.octal(i + 1);
                // Values above 0o377 are code points in str literals.
                out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
                Ok(next)
            }
            'x' | 'u' | 'U' => {
                let (digits, name) = match c {
                    'x' => (2, "\\xXX"),
                    'u' => (4, "\\uXXXX"),
                    _ => (8, "\\UXXXXXXXX"),
                };
                let (value, next) = self.hex(i + 2, digits).ok_or_else(|| {
                    let end = (i + 2..self.text.len().min(i + 2 + digits))
                        .find(|&j| !self.byte(j).is_ascii_hexdigit())
                        .unwrap_or(self.text.len().min(i + 2 + digits));
                    self.unicode_error(i, end, &format!("truncated {name} escape"))
                })?;
                match char::from_u32(value) {
                    Some(ch) => out.push(ch),
                    None if value <= 0x10FFFF => {
                        return Err(self.unicode_error(
                            i,
                            next,
                            &format!(
                                "surrogate U+{value:04X} cannot be represented in a conc string"
                            ),
                        ));
                    }
                    None => return Err(self.unicode_error(i, next, "illegal Unicode character")),
                }
                Ok(next)
            }
            'N' => {
                // `\N{NAME}`: a character by its Unicode name.
                let end = self.text[i..].find('}').map(|n| i + n);
                match end {
                    Some(close) if self.text[i + 2..].starts_with('{') && close > i + 3 => {
                        match unicode_names2::character(&self.text[i + 3..close]) {
                            Some(ch) => {
                                out.push(ch);
                                Ok(close + 1)
                            }
                            None => Err(self.unicode_error(
                                i,
                                close + 1,
                                "unknown Unicode character name",
                            )),
                        }
                    }
                    _ => Err(self.unicode_error(i, i + 2, "malformed \\N character escape")),
                }
            }
            // Unknown escapes stay as written (CPython warns).
            _ => {
                out.push('\\');
                Ok(i + 1)
            }
        }
    }

    /// Up to three octal digits starting at `i`.
    fn octal(&self, i: usize) -> (u32, usize) {
        let mut value = 0;
        let mut j = i;
        while j < i + 3 && matches!(self.byte(j), b'0'..=b'7') {
            value = value * 8 + u32::from(self.byte(j) - b'0');
            j += 1;
        }
        (value, j)
    }

    /// Exactly `digits` hex digits starting at `i`.
    fn hex(&self, i: usize, digits: usize) -> Option<(u32, usize)> {
        let text = self.text.get(i..i + digits)?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(text, 16).ok().map(|v| (v, i + digits))
    }

    /// CPython's `(unicode error)` wording; positions are inside the literal body.
    fn unicode_error(&self, start: usize, end: usize, reason: &str) -> LiteralError {
        LiteralError {
            message: format!(
                "(unicode error) 'unicodeescape' codec can't decode bytes in position {}-{}: {}",
                start,
                end.saturating_sub(1).max(start),
                reason
            ),
            at: self.token_end,
        }
    }
}

fn decode_bytes(body: &Body, raw: bool) -> Result<Vec<u8>, LiteralError> {
    let bytes = body.text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\r' {
            out.push(b'\n');
            i += if body.byte(i + 1) == b'\n' { 2 } else { 1 };
            continue;
        }
        if b != b'\\' || raw || i + 1 >= bytes.len() {
            out.push(b);
            i += 1;
            continue;
        }
        let c = bytes[i + 1];
        let simple = match c {
            b'\n' => Some(None),
            b'\\' => Some(Some(b'\\')),
            b'\'' => Some(Some(b'\'')),
            b'"' => Some(Some(b'"')),
            b'a' => Some(Some(0x07)),
            b'b' => Some(Some(0x08)),
            b'f' => Some(Some(0x0C)),
            b'n' => Some(Some(b'\n')),
            b'r' => Some(Some(b'\r')),
            b't' => Some(Some(b'\t')),
            b'v' => Some(Some(0x0B)),
            _ => None,
        };
        if let Some(decoded) = simple {
            out.extend(decoded);
            i += 2;
        } else if c == b'\r' {
            i += if body.byte(i + 2) == b'\n' { 3 } else { 2 };
        } else if (b'0'..=b'7').contains(&c) {
            let (value, next) = body.octal(i + 1);
            out.push((value & 0xFF) as u8);
            i = next;
        } else if c == b'x' {
            let (value, next) = body.hex(i + 2, 2).ok_or_else(|| LiteralError {
                message: format!("(value error) invalid \\x escape at position {i}"),
                at: body.token_end,
            })?;
            out.push(value as u8);
            i = next;
        } else {
            out.push(b'\\');
            i += 1;
        }
    }
    Ok(out)
}

/// Splits an f-string body into pieces, following CPython 3.11's
/// `fstring_find_literal` / `fstring_find_expr`.
struct FStringParser<'a> {
    body: &'a Body<'a>,
    raw: bool,
    pos: usize,
}

impl FStringParser<'_> {
    /// CPython reports these errors just past the end of the literal.
    fn error(&self, message: &str) -> LiteralError {
        LiteralError {
            message: message.into(),
            at: self.body.token_end,
        }
    }

    fn byte(&self, i: usize) -> u8 {
        self.body.byte(i)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.body.text.len()
    }

    /// Pieces up to the end of the body (`nesting` 0) or up to the `}` that
    /// ends a format spec (`nesting` > 0, the `}` is not consumed).
    fn pieces(&mut self, nesting: u32) -> Result<Vec<FPiece>, LiteralError> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        while !self.at_end() {
            match self.byte(self.pos) {
                b'{' if nesting == 0 && self.byte(self.pos + 1) == b'{' => {
                    text.push('{');
                    self.pos += 2;
                }
                b'}' if nesting == 0 && self.byte(self.pos + 1) == b'}' => {
                    text.push('}');
                    self.pos += 2;
                }
                b'}' if nesting == 0 => {
                    return Err(self.error("f-string: single '}' is not allowed"));
                }
                b'}' => break,
                b'{' => {
                    if !text.is_empty() {
                        pieces.push(FPiece::Text(std::mem::take(&mut text)));
                    }
                    self.pos += 1;
                    pieces.push(FPiece::Field(self.field(nesting)?));
                }
                b'\\' if !self.raw && matches!(self.byte(self.pos + 1), b'{' | b'}') => {
                    // `\{` is an unknown escape: the backslash stays, the brace counts.
                    text.push('\\');
                    self.pos += 1;
                }
                _ => self.pos = self.body.push_char(self.pos, self.raw, &mut text)?,
            }
        }
        if nesting > 0 && self.at_end() {
            return Err(self.error("f-string: expecting '}'"));
        }
        if !text.is_empty() {
            pieces.push(FPiece::Text(text));
        }
        Ok(pieces)
    }

    /// A replacement field; `self.pos` is just past its `{`.
    fn field(&mut self, nesting: u32) -> Result<Field, LiteralError> {
        if nesting >= MAX_SPEC_NESTING {
            return Err(self.error("f-string: expressions nested too deeply"));
        }
        let expr_start = self.pos;
        self.expression_end()?;
        let expr_end = self.pos;
        if self.body.text[expr_start..expr_end].trim().is_empty() {
            return Err(self.error("f-string: empty expression not allowed"));
        }
        let mut field = Field {
            expr: self.body.offset + expr_start..self.body.offset + expr_end,
            debug_text: None,
            conversion: None,
            format_spec: None,
        };
        if self.byte(self.pos) == b'=' {
            self.pos += 1;
            while self.byte(self.pos).is_ascii_whitespace() {
                self.pos += 1;
            }
            field.debug_text = Some(self.body.text[expr_start..self.pos].to_string());
        }
        if !self.at_end() && self.byte(self.pos) == b'!' {
            self.pos += 1;
            let conversion = self.body.text[self.pos..].chars().next();
            match conversion {
                None => return Err(self.error("f-string: expecting '}'")),
                Some(c @ ('s' | 'r' | 'a')) => field.conversion = Some(c),
                Some(_) => {
                    return Err(self.error(
                        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                    ))
                }
            }
            self.pos += 1;
        }
        if !self.at_end() && self.byte(self.pos) == b':' {
            self.pos += 1;
            field.format_spec = Some(self.pieces(nesting + 1)?);
        }
        if self.at_end() || self.byte(self.pos) != b'}' {
            return Err(self.error("f-string: expecting '}'"));
        }
        self.pos += 1;
        if field.debug_text.is_some() && field.conversion.is_none() && field.format_spec.is_none() {
            field.conversion = Some('r');
        }
        Ok(field)
    }

    /// Move to the end of a field's expression: the first `!`, `:`, `}` or
    /// `=` outside brackets and strings that is not part of `!=`, `==`,
    /// `<=` or `>=`.
    fn expression_end(&mut self) -> Result<(), LiteralError> {
        let mut brackets: Vec<u8> = Vec::new();
        let mut quote: Option<(u8, bool)> = None;
        while !self.at_end() {
            let c = self.byte(self.pos);
            if c == b'\\' {
                return Err(self.error("f-string expression part cannot include a backslash"));
            }
            if let Some((q, triple)) = quote {
                if c == q
                    && (!triple || (self.byte(self.pos + 1) == q && self.byte(self.pos + 2) == q))
                {
                    self.pos += if triple { 3 } else { 1 };
                    quote = None;
                } else {
                    self.pos += 1;
                }
                continue;
            }
            match c {
                b'\'' | b'"' => {
                    let triple = self.byte(self.pos + 1) == c && self.byte(self.pos + 2) == c;
                    quote = Some((c, triple));
                    self.pos += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    if brackets.len() >= MAX_FIELD_BRACKETS {
                        return Err(self.error("f-string: too many nested parenthesis"));
                    }
                    brackets.push(c);
                }
                b'#' => {
                    return Err(self.error("f-string expression part cannot include '#'"));
                }
                b'!' | b':' | b'}' | b'=' | b'<' | b'>' if brackets.is_empty() => {
                    let next = self.byte(self.pos + 1);
                    if next == b'=' && matches!(c, b'!' | b'=' | b'<' | b'>') {
                        self.pos += 2;
                        continue;
                    }
                    if !matches!(c, b'<' | b'>') {
                        break;
                    }
                }
                b')' | b']' | b'}' => {
                    let Some(open) = brackets.pop() else {
                        let message = format!("f-string: unmatched '{}'", c as char);
                        return Err(self.error(&message));
                    };
                    let expected = match open {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if c != expected {
                        let message = format!(
                            "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                            c as char, open as char
                        );
                        return Err(self.error(&message));
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        if quote.is_some() {
            return Err(self.error("f-string: unterminated string"));
        }
        if let Some(open) = brackets.last() {
            return Err(self.error(&format!("f-string: unmatched '{}'", *open as char)));
        }
        if self.at_end() {
            return Err(self.error("f-string: expecting '}'"));
        }
        Ok(())
    }
}
