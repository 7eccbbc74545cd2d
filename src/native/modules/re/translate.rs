//! Python regular-expression syntax to the `regex` crate's syntax.
//!
//! The two mostly agree; this pass parses the Python pattern far enough to
//! report CPython's syntax errors (with its positions) and rewrites what
//! differs:
//!
//! - `^`/`$` are emitted explicitly for the current MULTILINE state; a
//!   non-MULTILINE `$` also matches before a final newline, written as
//!   `(?:\z|(?P<__conc_eolN>\n)\z)`: the marker group tells the matcher to
//!   give the newline back (the engine has no look-ahead);
//! - `\Z` is `\z`; `{,n}` is `{0,n}`; a `{` that is no repeat is literal;
//! - in a class, `[`, `&`, `~` are literal and `\b` is backspace;
//! - VERBOSE whitespace and comments are dropped here;
//! - with ASCII, `\d \w \s \b` become their ASCII classes.
//!
//! Backreferences, look-around, atomic groups, possessive quantifiers and
//! conditionals have no equivalent: they raise `re.error` saying conc does
//! not support them.

/// Flag bits, as CPython's `re` module numbers them.
pub const IGNORECASE: i64 = 2;
/// `re.LOCALE` (rejected for str patterns).
pub const LOCALE: i64 = 4;
/// `re.MULTILINE`.
pub const MULTILINE: i64 = 8;
/// `re.DOTALL`.
pub const DOTALL: i64 = 16;
/// `re.UNICODE` (the default for str patterns).
pub const UNICODE: i64 = 32;
/// `re.VERBOSE`.
pub const VERBOSE: i64 = 64;
/// `re.ASCII`.
pub const ASCII: i64 = 256;

/// Name prefix of the marker groups of a non-MULTILINE `$`.
pub const EOL_MARKER: &str = "__conc_eol";

/// A pattern ready for the engine.
#[derive(Debug)]
pub struct Translation {
    /// The pattern in the `regex` crate's syntax.
    pub regex: String,
    /// Number of capturing groups the user wrote.
    pub groups: usize,
    /// Named groups: (name, group number).
    pub names: Vec<(String, usize)>,
    /// The enclosing capturing group of each group (index 0 is the whole match).
    pub parents: Vec<Option<usize>>,
    /// The flags with those set by inline global flags (`(?i)`) added.
    pub flags: i64,
}

/// A syntax error: CPython's message and the character position.
#[derive(Debug, PartialEq)]
pub struct SyntaxError {
    /// The message without the position.
    pub msg: String,
    /// Character index in the pattern.
    pub pos: usize,
}

fn error<T>(msg: impl Into<String>, pos: usize) -> Result<T, SyntaxError> {
    Err(SyntaxError {
        msg: msg.into(),
        pos,
    })
}

fn unsupported<T>(what: &str, pos: usize) -> Result<T, SyntaxError> {
    error(format!("{what} are not supported by conc's re module"), pos)
}

/// What the last item was, for `nothing to repeat` / `multiple repeat`.
#[derive(Clone, Copy, PartialEq)]
enum Last {
    /// Start of the pattern, a group or an alternative.
    Nothing,
    /// Something repeatable.
    Atom,
    /// An assertion (`^`, `\b`...): not repeatable.
    Assertion,
    /// A repeat; `lazy_ok` while a `?` may still follow.
    Repeat { lazy_ok: bool },
}

/// Modes that scoped flags change and `)` restores.
#[derive(Clone, Copy)]
struct Modes {
    verbose: bool,
    multiline: bool,
    ascii: bool,
}

struct Frame {
    /// The group number, for a capturing group.
    capture: Option<usize>,
    /// Where the `(` is.
    open: usize,
    /// Modes to restore at `)`.
    saved: Modes,
}

struct Translator<'a> {
    chars: &'a [char],
    i: usize,
    out: String,
    modes: Modes,
    flags: i64,
    stack: Vec<Frame>,
    groups: usize,
    names: Vec<(String, usize)>,
    parents: Vec<Option<usize>>,
    markers: usize,
    last: Last,
    /// Only global flag groups seen so far (they must come first).
    at_start: bool,
}

/// Translate `pattern` compiled with `flags`.
pub fn translate(pattern: &str, flags: i64) -> Result<Translation, SyntaxError> {
    let chars: Vec<char> = pattern.chars().collect();
    if flags & LOCALE != 0 {
        return error("cannot use LOCALE flag with a str pattern", 0);
    }
    let mut t = Translator {
        chars: &chars,
        i: 0,
        out: String::with_capacity(pattern.len() + 16),
        modes: Modes {
            verbose: flags & VERBOSE != 0,
            multiline: flags & MULTILINE != 0,
            ascii: flags & ASCII != 0,
        },
        flags,
        stack: Vec::new(),
        groups: 0,
        names: Vec::new(),
        parents: vec![None],
        markers: 0,
        last: Last::Nothing,
        at_start: true,
    };
    t.run()?;
    let mut prefix = String::new();
    if t.flags & IGNORECASE != 0 {
        prefix.push_str("(?i)");
    }
    if t.flags & DOTALL != 0 {
        prefix.push_str("(?s)");
    }
    Ok(Translation {
        regex: format!("{prefix}{}", t.out),
        groups: t.groups,
        names: t.names,
        parents: t.parents,
        flags: t.flags,
    })
}

/// Characters the `regex` crate treats as syntax (escaped when meant literally).
fn is_meta(c: char) -> bool {
    matches!(
        c,
        '\\' | '.'
            | '+'
            | '*'
            | '?'
            | '('
            | ')'
            | '|'
            | '['
            | ']'
            | '{'
            | '}'
            | '^'
            | '$'
            | '#'
            | '&'
            | '-'
            | '~'
    )
}

fn push_literal(out: &mut String, c: char) {
    if is_meta(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_whitespace() || c.is_control() {
        out.push_str(&format!("\\x{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// The ASCII meaning of `\d \w \s` (and negations), for use inside a class or alone.
fn ascii_class(c: char) -> &'static str {
    match c {
        'd' => "[0-9]",
        'D' => "[^0-9]",
        'w' => "[0-9A-Za-z_]",
        'W' => "[^0-9A-Za-z_]",
        's' => "[\\t\\n\\x0B\\x0C\\r ]",
        _ => "[^\\t\\n\\x0B\\x0C\\r ]",
    }
}

impl Translator<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn run(&mut self) -> Result<(), SyntaxError> {
        while let Some(c) = self.peek(0) {
            if self.modes.verbose && c.is_whitespace() {
                self.i += 1;
                continue;
            }
            if self.modes.verbose && c == '#' {
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.i += 1;
                }
                continue;
            }
            let start = self.i;
            if c != '(' {
                self.at_start = false;
            }
            match c {
                '\\' => self.escape()?,
                '(' => self.open_group()?,
                ')' => {
                    let Some(frame) = self.stack.pop() else {
                        return error("unbalanced parenthesis", start);
                    };
                    self.modes = frame.saved;
                    self.out.push(')');
                    self.i += 1;
                    self.last = Last::Atom;
                }
                '[' => {
                    self.class()?;
                    self.last = Last::Atom;
                }
                '*' | '+' | '?' => self.repeat(c.to_string())?,
                '{' => match self.counted_repeat()? {
                    Some(q) => self.repeat(q)?,
                    None => {
                        self.out.push_str("\\{");
                        self.i += 1;
                        self.last = Last::Atom;
                    }
                },
                '^' => {
                    self.out.push_str(if self.modes.multiline {
                        "(?m:^)"
                    } else {
                        "\\A"
                    });
                    self.i += 1;
                    self.last = Last::Assertion;
                }
                '$' => {
                    if self.modes.multiline {
                        self.out.push_str("(?m:$)");
                    } else {
                        self.out
                            .push_str(&format!("(?:\\z|(?P<{EOL_MARKER}{}>\\n)\\z)", self.markers));
                        self.markers += 1;
                    }
                    self.i += 1;
                    self.last = Last::Assertion;
                }
                '|' => {
                    self.out.push('|');
                    self.i += 1;
                    self.last = Last::Nothing;
                }
                '.' => {
                    self.out.push('.');
                    self.i += 1;
                    self.last = Last::Atom;
                }
                _ => {
                    push_literal(&mut self.out, c);
                    self.i += 1;
                    self.last = Last::Atom;
                }
            }
        }
        if let Some(frame) = self.stack.last() {
            return error("missing ), unterminated subpattern", frame.open);
        }
        Ok(())
    }

    /// `*`, `+`, `?`, `{m,n}` (already normalised), and the lazy `?` after one.
    fn repeat(&mut self, q: String) -> Result<(), SyntaxError> {
        let at = self.i;
        match self.last {
            Last::Nothing | Last::Assertion => return error("nothing to repeat", at),
            Last::Repeat { lazy_ok: true } if q == "?" => {
                self.out.push('?');
                self.i += 1;
                self.last = Last::Repeat { lazy_ok: false };
                return Ok(());
            }
            Last::Repeat { lazy_ok: true } if q == "+" => {
                return unsupported("possessive quantifiers", at)
            }
            Last::Repeat { .. } => return error("multiple repeat", at),
            Last::Atom => {}
        }
        self.out.push_str(&q);
        if q.len() == 1 {
            self.i += 1;
        }
        self.last = Last::Repeat { lazy_ok: true };
        Ok(())
    }

    /// `{m}`, `{m,}`, `{,n}`, `{m,n}` at `self.i`: the engine's form, advancing past it;
    /// None (nothing consumed) if the brace is a literal.
    fn counted_repeat(&mut self) -> Result<Option<String>, SyntaxError> {
        let start = self.i;
        let mut j = start + 1;
        let digits = |j: &mut usize| {
            let s = *j;
            while self.chars.get(*j).is_some_and(|c| c.is_ascii_digit()) {
                *j += 1;
            }
            self.chars[s..*j].iter().collect::<String>()
        };
        let lo = digits(&mut j);
        let (hi, comma) = if self.chars.get(j) == Some(&',') {
            j += 1;
            (digits(&mut j), true)
        } else {
            (lo.clone(), false)
        };
        if self.chars.get(j) != Some(&'}')
            || (lo.is_empty() && hi.is_empty() && !comma)
            || (lo.is_empty() && !comma)
        {
            return Ok(None);
        }
        let parse = |s: &str| s.parse::<u64>().ok();
        let lo_n = if lo.is_empty() {
            0
        } else {
            parse(&lo).unwrap_or(u64::MAX)
        };
        let hi_n = if hi.is_empty() { None } else { parse(&hi) };
        if let Some(h) = hi_n {
            if lo_n > h {
                return error("min repeat greater than max repeat", start + 1);
            }
        }
        if lo_n > 1000 || hi_n.is_some_and(|h| h > 1000) {
            return error(
                "the repetition number is too large for conc's re module",
                start + 1,
            );
        }
        if matches!(self.last, Last::Nothing | Last::Assertion) {
            return error("nothing to repeat", start);
        }
        if matches!(self.last, Last::Repeat { .. }) {
            return error("multiple repeat", start);
        }
        self.i = j + 1;
        Ok(Some(match (comma, hi_n) {
            (false, _) => format!("{{{lo_n}}}"),
            (true, None) => format!("{{{lo_n},}}"),
            (true, Some(h)) => format!("{{{lo_n},{h}}}"),
        }))
    }

    fn escape(&mut self) -> Result<(), SyntaxError> {
        let at = self.i;
        let Some(c) = self.peek(1) else {
            return error("bad escape (end of pattern)", at);
        };
        self.i += 2;
        self.last = Last::Atom;
        match c {
            'A' => {
                self.out.push_str("\\A");
                self.last = Last::Assertion;
            }
            'Z' => {
                self.out.push_str("\\z");
                self.last = Last::Assertion;
            }
            'b' | 'B' => {
                if self.modes.ascii {
                    self.out.push_str(&format!("(?-u:\\{c})"));
                } else {
                    self.out.push('\\');
                    self.out.push(c);
                }
                self.last = Last::Assertion;
            }
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                if self.modes.ascii {
                    self.out.push_str(ascii_class(c));
                } else {
                    self.out.push('\\');
                    self.out.push(c);
                }
            }
            '1'..='9' => {
                if let Some(ch) = self.octal_escape(c, at)? {
                    push_literal(&mut self.out, ch);
                } else {
                    let mut n = c.to_digit(10).unwrap_or(0) as usize;
                    if let Some(d) = self.peek(0).and_then(|d| d.to_digit(10)) {
                        n = n * 10 + d as usize;
                        self.i += 1;
                    }
                    if n > self.groups || self.stack.iter().any(|f| f.capture == Some(n)) {
                        return error(format!("invalid group reference {n}"), at + 1);
                    }
                    return unsupported("backreferences", at);
                }
            }
            _ => {
                let ch = self.char_escape(c, at)?;
                push_literal(&mut self.out, ch);
            }
        }
        Ok(())
    }

    /// `\0`, `\0oo`, or a three-digit octal escape starting with `first` (already consumed).
    fn octal_escape(&mut self, first: char, at: usize) -> Result<Option<char>, SyntaxError> {
        let is_oct = |c: Option<char>| c.is_some_and(|c| ('0'..='7').contains(&c));
        if first == '0' {
            let mut v = 0u32;
            for _ in 0..2 {
                if is_oct(self.peek(0)) {
                    v = v * 8 + self.peek(0).and_then(|c| c.to_digit(8)).unwrap_or(0);
                    self.i += 1;
                }
            }
            return Ok(char::from_u32(v));
        }
        if ('1'..='7').contains(&first) && is_oct(self.peek(0)) && is_oct(self.peek(1)) {
            let text: String = [
                first,
                self.peek(0).unwrap_or('0'),
                self.peek(1).unwrap_or('0'),
            ]
            .iter()
            .collect();
            self.i += 2;
            let v = u32::from_str_radix(&text, 8).unwrap_or(0);
            if v > 0o377 {
                return error(
                    format!("octal escape value \\{text} outside of range 0-0o377"),
                    at,
                );
            }
            return Ok(char::from_u32(v));
        }
        Ok(None)
    }

    /// Escapes that stand for one character (`\n`, `\x41`, `\u00e9`, `\.`), valid inside and outside classes.
    fn char_escape(&mut self, c: char, at: usize) -> Result<char, SyntaxError> {
        let simple = match c {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'f' => Some('\x0C'),
            'v' => Some('\x0B'),
            'a' => Some('\x07'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(s) = simple {
            return Ok(s);
        }
        let hex_len = match c {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if hex_len > 0 {
            let digits: String = (0..hex_len)
                .map_while(|k| self.peek(k).filter(|d| d.is_ascii_hexdigit()))
                .collect();
            if digits.len() < hex_len {
                return error(format!("incomplete escape \\{c}{digits}"), at);
            }
            self.i += hex_len;
            return match u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
            {
                Some(ch) => Ok(ch),
                None => error(format!("bad escape \\{c}{digits}"), at),
            };
        }
        if c == '0' {
            return Ok(self.octal_escape('0', at)?.unwrap_or('\0'));
        }
        if c == 'N' {
            return unsupported("named Unicode escapes (\\N{...})", at);
        }
        if c.is_ascii_alphanumeric() {
            return error(format!("bad escape \\{c}"), at);
        }
        Ok(c)
    }

    fn open_group(&mut self) -> Result<(), SyntaxError> {
        let open = self.i;
        if self.peek(1) != Some('?') {
            self.at_start = false;
            self.capture(open, None);
            self.out.push('(');
            self.i += 1;
            return Ok(());
        }
        let ext = self.peek(2);
        match ext {
            Some(':') => {
                self.at_start = false;
                self.push_frame(None, open);
                self.out.push_str("(?:");
                self.i += 3;
                self.last = Last::Nothing;
            }
            Some('P') => self.named_group(open)?,
            Some('=') | Some('!') => return unsupported("look-ahead assertions", open),
            Some('<') if matches!(self.peek(3), Some('=') | Some('!')) => {
                return unsupported("look-behind assertions", open)
            }
            Some('>') => return unsupported("atomic groups", open),
            Some('(') => return unsupported("conditional patterns", open),
            Some('#') => {
                let Some(end) = self.chars[open..].iter().position(|&c| c == ')') else {
                    return error("missing ), unterminated comment", open);
                };
                self.i = open + end + 1;
            }
            Some(c) if "aiLmsux-".contains(c) => self.inline_flags(open)?,
            Some(c) => {
                let mut name = format!("?{c}");
                if c == '<' {
                    if let Some(n) = self.peek(3) {
                        name.push(n);
                    }
                }
                return error(format!("unknown extension {name}"), open + 1);
            }
            None => return error("unexpected end of pattern", open + 2),
        }
        Ok(())
    }

    fn push_frame(&mut self, capture: Option<usize>, open: usize) {
        self.stack.push(Frame {
            capture,
            open,
            saved: self.modes,
        });
    }

    /// Start capturing group number `groups + 1`.
    fn capture(&mut self, open: usize, name: Option<String>) -> usize {
        self.groups += 1;
        let n = self.groups;
        let parent = self.stack.iter().rev().find_map(|f| f.capture);
        self.parents.push(parent);
        if let Some(name) = name {
            self.names.push((name, n));
        }
        self.push_frame(Some(n), open);
        self.last = Last::Nothing;
        n
    }

    /// `(?P<name>...)` or the backreference `(?P=name)`.
    fn named_group(&mut self, open: usize) -> Result<(), SyntaxError> {
        self.at_start = false;
        match self.peek(3) {
            Some('<') => {
                let name_start = open + 4;
                let Some(len) = self.chars[name_start..].iter().position(|&c| c == '>') else {
                    return error("missing >, unterminated name", name_start);
                };
                let name: String = self.chars[name_start..name_start + len].iter().collect();
                if name.is_empty() {
                    return error("missing group name", name_start);
                }
                if !is_identifier(&name) {
                    return error(format!("bad character in group name '{name}'"), name_start);
                }
                if let Some((_, was)) = self.names.iter().find(|(n, _)| *n == name) {
                    let msg = format!(
                        "redefinition of group name '{name}' as group {}; was group {was}",
                        self.groups + 1
                    );
                    return error(msg, name_start);
                }
                self.capture(open, Some(name.clone()));
                self.out.push_str(&format!("(?P<{name}>"));
                self.i = name_start + len + 1;
                Ok(())
            }
            Some('=') => {
                let name_start = open + 4;
                let len = self.chars[name_start..]
                    .iter()
                    .position(|&c| c == ')')
                    .unwrap_or(0);
                let name: String = self.chars[name_start..name_start + len].iter().collect();
                if !self.names.iter().any(|(n, _)| *n == name) {
                    return error(format!("unknown group name '{name}'"), name_start);
                }
                unsupported("backreferences", open)
            }
            Some(c) => error(format!("unknown extension ?P{c}"), open + 1),
            None => error("unexpected end of pattern", open + 3),
        }
    }

    /// `(?imsx)` (global, only at the start) or `(?imsx-imsx:...)` (scoped).
    fn inline_flags(&mut self, open: usize) -> Result<(), SyntaxError> {
        let mut j = open + 2;
        let (mut on, mut off) = (String::new(), String::new());
        let mut negative = false;
        loop {
            let Some(c) = self.chars.get(j).copied() else {
                return error("missing -, : or )", j);
            };
            match c {
                'L' => {
                    return error(
                        "bad inline flags: cannot use 'L' flag with a str pattern",
                        j + 1,
                    )
                }
                'a' | 'i' | 'm' | 's' | 'u' | 'x' => {
                    if negative {
                        off.push(c)
                    } else {
                        on.push(c)
                    }
                }
                '-' if !negative => negative = true,
                ')' | ':' => break,
                _ => {
                    let msg = if c.is_alphabetic() {
                        "unknown flag"
                    } else {
                        "missing -, : or )"
                    };
                    return error(msg, j);
                }
            }
            j += 1;
        }
        let scoped = self.chars[j] == ':';
        if !scoped {
            if negative {
                return error("missing :", j);
            }
            if !self.at_start {
                return error("global flags not at the start of the expression", open);
            }
            for c in on.chars() {
                self.flags |= match c {
                    'a' => ASCII,
                    'i' => IGNORECASE,
                    'm' => MULTILINE,
                    's' => DOTALL,
                    'u' => UNICODE,
                    _ => VERBOSE,
                };
            }
            self.modes.verbose |= on.contains('x');
            self.modes.multiline |= on.contains('m');
            self.modes.ascii |= on.contains('a');
            self.i = j + 1;
            return Ok(());
        }
        self.at_start = false;
        self.push_frame(None, open);
        for (set, value) in [(&on, true), (&off, false)] {
            if set.contains('x') {
                self.modes.verbose = value;
            }
            if set.contains('m') {
                self.modes.multiline = value;
            }
            if set.contains('a') {
                self.modes.ascii = value;
            }
        }
        // The engine sees only i and s; the rest is handled here.
        let keep = |s: &str| {
            s.chars()
                .filter(|c| matches!(c, 'i' | 's'))
                .collect::<String>()
        };
        let (on_k, off_k) = (keep(&on), keep(&off));
        let flags = if off_k.is_empty() {
            on_k
        } else {
            format!("{on_k}-{off_k}")
        };
        if flags.is_empty() {
            self.out.push_str("(?:");
        } else {
            self.out.push_str(&format!("(?{flags}:"));
        }
        self.i = j + 1;
        self.last = Last::Nothing;
        Ok(())
    }

    /// A character class `[...]`.
    fn class(&mut self) -> Result<(), SyntaxError> {
        let open = self.i;
        self.i += 1;
        self.out.push('[');
        if self.peek(0) == Some('^') {
            self.out.push('^');
            self.i += 1;
        }
        let first = self.i;
        loop {
            let Some(c) = self.peek(0) else {
                return error("unterminated character set", open);
            };
            let at = self.i;
            match c {
                ']' if at > first => {
                    self.out.push(']');
                    self.i += 1;
                    return Ok(());
                }
                '\\' => {
                    let Some(e) = self.peek(1) else {
                        return error("unterminated character set", open);
                    };
                    self.i += 2;
                    match e {
                        'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
                            if self.modes.ascii {
                                self.out.push_str(ascii_class(e));
                            } else {
                                self.out.push('\\');
                                self.out.push(e);
                            }
                        }
                        'b' => self.out.push_str("\\x08"),
                        '1'..='7' => {
                            let ch = self.class_octal(e);
                            push_literal(&mut self.out, ch);
                        }
                        '8' | '9' | 'A' | 'Z' | 'B' => {
                            return error(format!("bad escape \\{e}"), at)
                        }
                        _ => {
                            let ch = self.char_escape(e, at)?;
                            push_literal(&mut self.out, ch);
                        }
                    }
                }
                '-' => {
                    // Literal at either end of the class, a range operator between members.
                    let at_end = self.peek(1) == Some(']');
                    if at == first || at_end {
                        self.out.push_str("\\-");
                    } else {
                        self.out.push('-');
                    }
                    self.i += 1;
                }
                _ => {
                    if matches!(c, '[' | ']' | '&' | '~' | '^') {
                        self.out.push('\\');
                        self.out.push(c);
                    } else {
                        push_literal(&mut self.out, c);
                    }
                    self.i += 1;
                }
            }
        }
    }

    /// An octal escape inside a class: up to three octal digits, the first already consumed.
    fn class_octal(&mut self, first: char) -> char {
        let mut v = first.to_digit(8).unwrap_or(0);
        for _ in 0..2 {
            match self.peek(0).and_then(|c| c.to_digit(8)) {
                Some(d) if v * 8 + d <= 0o377 => {
                    v = v * 8 + d;
                    self.i += 1;
                }
                _ => break,
            }
        }
        char::from_u32(v).unwrap_or('\0')
    }
}

/// A Python identifier (group names must be one).
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tr(p: &str) -> String {
        translate(p, 0)
            .map(|t| t.regex)
            .unwrap_or_else(|e| format!("error: {} at position {}", e.msg, e.pos))
    }

    #[test]
    fn rewrites() {
        assert_eq!(tr(r"a{,3}"), r"a{0,3}");
        assert_eq!(tr(r"a{x"), r"a\{x");
        assert_eq!(tr(r"[\w-]"), r"[\w\-]");
        assert_eq!(tr(r"[[&~]"), r"[\[\&\~]");
        assert_eq!(tr(r"^a$"), r"\Aa(?:\z|(?P<__conc_eol0>\n)\z)");
        assert_eq!(tr(r"(?m)^a$"), r"(?m:^)a(?m:$)");
        assert_eq!(tr(r"(?x) a b # c"), r"ab");
        assert_eq!(tr(r"(?P<n>a)\Z"), r"(?P<n>a)\z");
        assert_eq!(tr(r"(?#note)a"), r"a");
        assert_eq!(tr(r"(?i:a)"), r"(?i:a)");
        assert_eq!(translate("a", IGNORECASE).unwrap().regex, "(?i)a");
        assert_eq!(translate(r"\d", ASCII).unwrap().regex, "[0-9]");
    }

    #[test]
    fn cpython_errors() {
        assert_eq!(tr(r"\q"), r"error: bad escape \q at position 0");
        assert_eq!(
            tr("a(?i)b"),
            "error: global flags not at the start of the expression at position 1"
        );
        assert_eq!(
            tr("("),
            "error: missing ), unterminated subpattern at position 0"
        );
        assert_eq!(tr("a)"), "error: unbalanced parenthesis at position 1");
        assert_eq!(tr("[a"), "error: unterminated character set at position 0");
        assert_eq!(tr("*a"), "error: nothing to repeat at position 0");
        assert_eq!(tr("a**"), "error: multiple repeat at position 2");
        assert_eq!(
            tr("a{3,2}"),
            "error: min repeat greater than max repeat at position 2"
        );
        assert_eq!(tr(r"\x4"), r"error: incomplete escape \x4 at position 0");
        assert_eq!(tr("(?<n>a)"), "error: unknown extension ?<n at position 1");
        assert_eq!(
            tr("(?P<a>x)(?P<a>y)"),
            "error: redefinition of group name 'a' as group 2; was group 1 at position 12"
        );
        assert_eq!(tr("a{1,2}{3}"), "error: multiple repeat at position 6");
        assert_eq!(
            tr("(?#abc"),
            "error: missing ), unterminated comment at position 0"
        );
        assert_eq!(tr(r"\8"), "error: invalid group reference 8 at position 1");
        assert_eq!(
            tr("(?P<1>a)"),
            "error: bad character in group name '1' at position 4"
        );
    }

    #[test]
    fn unsupported_features_are_named() {
        assert!(tr(r"(a)\1").contains("backreferences are not supported"));
        assert!(tr(r"(?<=a)b").contains("look-behind assertions are not supported"));
        assert!(tr(r"a(?=b)").contains("look-ahead assertions are not supported"));
        assert!(tr(r"a*+").contains("possessive quantifiers are not supported"));
    }

    #[test]
    fn groups_and_parents() {
        let t = translate(r"(a(?P<x>b))(c)", 0).unwrap();
        assert_eq!(t.groups, 3);
        assert_eq!(t.names, vec![("x".to_string(), 2)]);
        assert_eq!(t.parents, vec![None, None, Some(1), None]);
    }
}
