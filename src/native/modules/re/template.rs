//! Replacement templates of `sub` and `Match.expand`: `\1`, `\g<name>`,
//! `\g<0>`, character escapes, as CPython's `sre_parse.parse_template`.

/// One piece of a parsed template.
#[derive(Debug, PartialEq)]
pub enum Piece {
    /// Text copied as is.
    Literal(String),
    /// The text of a group (empty when it did not participate).
    Group(usize),
}

/// Why a template is invalid: `re.error` (message, position) or an IndexError.
#[derive(Debug, PartialEq)]
pub enum TemplateError {
    /// `re.error(msg)` at a character position.
    Syntax(String, usize),
    /// `IndexError(msg)` (an unknown group name).
    Index(String),
}

/// Parse `template` for a pattern with `groups` groups and the given named groups.
pub fn parse(
    template: &str,
    groups: usize,
    names: &[(String, usize)],
) -> Result<Vec<Piece>, TemplateError> {
    let chars: Vec<char> = template.chars().collect();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    let group_ref = |n: usize, pos: usize| {
        if n > groups {
            Err(TemplateError::Syntax(
                format!("invalid group reference {n}"),
                pos,
            ))
        } else {
            Ok(n)
        }
    };
    while i < chars.len() {
        let c = chars[i];
        if c != '\\' {
            literal.push(c);
            i += 1;
            continue;
        }
        let Some(&e) = chars.get(i + 1) else {
            return Err(TemplateError::Syntax(
                "bad escape (end of pattern)".into(),
                i,
            ));
        };
        let start = i;
        i += 2;
        let is_oct = |k: usize| chars.get(k).is_some_and(|c| ('0'..='7').contains(c));
        let group = match e {
            'g' => {
                if chars.get(i) != Some(&'<') {
                    return Err(TemplateError::Syntax("missing <".into(), i));
                }
                let name_start = i + 1;
                let Some(len) = chars[name_start..].iter().position(|&c| c == '>') else {
                    return Err(TemplateError::Syntax(
                        "missing >, unterminated name".into(),
                        name_start,
                    ));
                };
                let name: String = chars[name_start..name_start + len].iter().collect();
                i = name_start + len + 1;
                if name.is_empty() {
                    return Err(TemplateError::Syntax(
                        "missing group name".into(),
                        name_start,
                    ));
                }
                if let Some((_, n)) = names.iter().find(|(k, _)| *k == name) {
                    Some(*n)
                } else if name.chars().all(|c| c.is_ascii_digit()) {
                    let n = name.parse::<usize>().unwrap_or(usize::MAX);
                    Some(group_ref(n, name_start)?)
                } else if name
                    .chars()
                    .next()
                    .is_some_and(|c| c == '_' || c.is_alphabetic())
                    && name.chars().all(|c| c == '_' || c.is_alphanumeric())
                {
                    return Err(TemplateError::Index(format!("unknown group name '{name}'")));
                } else {
                    return Err(TemplateError::Syntax(
                        format!("bad character in group name '{name}'"),
                        name_start,
                    ));
                }
            }
            '0' => {
                let mut v = 0u32;
                for _ in 0..2 {
                    if is_oct(i) {
                        v = v * 8 + chars[i].to_digit(8).unwrap_or(0);
                        i += 1;
                    }
                }
                literal.push(char::from_u32(v & 0xff).unwrap_or('\0'));
                None
            }
            '1'..='9' => {
                let mut digits = e.to_string();
                if chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
                    digits.push(chars[i]);
                    i += 1;
                    if e <= '7' && ('0'..='7').contains(&chars[i - 1]) && is_oct(i) {
                        digits.push(chars[i]);
                        i += 1;
                        let v = u32::from_str_radix(&digits, 8).unwrap_or(0);
                        if v > 0o377 {
                            let msg =
                                format!("octal escape value \\{digits} outside of range 0-0o377");
                            return Err(TemplateError::Syntax(msg, start));
                        }
                        literal.push(char::from_u32(v).unwrap_or('\0'));
                        continue;
                    }
                }
                Some(group_ref(digits.parse().unwrap_or(usize::MAX), start + 1)?)
            }
            _ => {
                let ch = match e {
                    'a' => Some('\x07'),
                    'b' => Some('\x08'),
                    'f' => Some('\x0C'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    'v' => Some('\x0B'),
                    '\\' => Some('\\'),
                    _ => None,
                };
                match ch {
                    Some(ch) => literal.push(ch),
                    None if e.is_ascii_alphabetic() => {
                        return Err(TemplateError::Syntax(format!("bad escape \\{e}"), start));
                    }
                    None => {
                        literal.push('\\');
                        literal.push(e);
                    }
                }
                None
            }
        };
        if let Some(n) = group {
            if !literal.is_empty() {
                pieces.push(Piece::Literal(std::mem::take(&mut literal)));
            }
            pieces.push(Piece::Group(n));
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(pieces)
}

/// Fill a parsed template: `group(n)` gives a group's text, if it matched.
pub fn expand<'a>(pieces: &'a [Piece], group: impl Fn(usize) -> Option<&'a str>) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Literal(s) => out.push_str(s),
            Piece::Group(n) => out.push_str(group(*n).unwrap_or("")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_groups_and_escapes() {
        let names = vec![("x".to_string(), 1)];
        assert_eq!(
            parse(r"<\1|\g<x>|\g<0>\n\&>", 1, &names).unwrap(),
            vec![
                Piece::Literal("<".into()),
                Piece::Group(1),
                Piece::Literal("|".into()),
                Piece::Group(1),
                Piece::Literal("|".into()),
                Piece::Group(0),
                Piece::Literal("\n\\&>".into()),
            ]
        );
    }

    #[test]
    fn cpython_errors() {
        assert_eq!(
            parse(r"\2", 1, &[]),
            Err(TemplateError::Syntax("invalid group reference 2".into(), 1))
        );
        assert_eq!(
            parse(r"\g<y>", 1, &[]),
            Err(TemplateError::Index("unknown group name 'y'".into()))
        );
        assert_eq!(
            parse(r"\q", 0, &[]),
            Err(TemplateError::Syntax("bad escape \\q".into(), 0))
        );
        assert_eq!(
            parse(r"\g<1", 1, &[]),
            Err(TemplateError::Syntax(
                "missing >, unterminated name".into(),
                3
            ))
        );
    }
}
