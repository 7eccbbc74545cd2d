//! Python's character classes and case mappings where they differ from
//! Rust's: whitespace (`\x1c`-`\x1f` count), line boundaries, decimal /
//! digit / numeric characters, and title case.
//!
//! The digit tables cover the Basic Multilingual Plane's decimal digit
//! runs and the common superscript/circled digits; rarer scripts outside
//! them are approximate.

/// `str.isspace()` for one character (also what `split()` splits on).
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// A line boundary for `splitlines()` (`\r\n` is handled by the caller).
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// First code points of the runs of ten decimal digits (Unicode category Nd) in the BMP.
const DECIMAL_RUNS: &[u32] = &[
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x11066, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6,
];

/// `str.isdecimal()` for one character.
pub fn is_decimal(c: char) -> bool {
    let n = c as u32;
    c.is_ascii_digit()
        || (n > 0x7f
            && DECIMAL_RUNS
                .iter()
                .any(|&start| (start..start + 10).contains(&n)))
}

/// `str.isdigit()` for one character: decimals plus superscripts, subscripts and circled digits.
pub fn is_digit(c: char) -> bool {
    is_decimal(c)
        || matches!(c as u32,
            0xB2 | 0xB3 | 0xB9 | 0x2070 | 0x2074..=0x2079 | 0x2080..=0x2089 | 0x2460..=0x2468 | 0x2474..=0x247C
            | 0x2488..=0x2490 | 0x24EA | 0x24F5..=0x24FD | 0x24FF | 0x2776..=0x277E | 0x2780..=0x2788
            | 0x278A..=0x2792 | 0x1F100..=0x1F10A)
}

/// CJK ideographs with a numeric value (Unihan), which Python counts as numeric.
const CJK_NUMERALS: &str = "〇零一二三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟萬億廿卅";

/// `str.isnumeric()` for one character.
pub fn is_numeric(c: char) -> bool {
    is_digit(c) || c.is_numeric() || (c as u32 > 0x3000 && CJK_NUMERALS.contains(c))
}

/// `str.isalnum()` for one character.
pub fn is_alnum(c: char) -> bool {
    c.is_alphabetic() || is_numeric(c)
}

/// Upper- or lowercase: a character that has case.
pub fn is_cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase() || is_titlecase(c)
}

/// The titlecase digraphs (`ǅ`), the only titlecase letters in common use.
fn is_titlecase(c: char) -> bool {
    matches!(c, 'ǅ' | 'ǈ' | 'ǋ' | 'ǲ')
}

/// Push the title case of `c` (what `title()` and `capitalize()` use for a word's first letter).
pub fn push_title(out: &mut String, c: char) {
    match c {
        'Ǆ' | 'ǅ' | 'ǆ' => out.push('ǅ'),
        'Ǉ' | 'ǈ' | 'ǉ' => out.push('ǈ'),
        'Ǌ' | 'ǋ' | 'ǌ' => out.push('ǋ'),
        'Ǳ' | 'ǲ' | 'ǳ' => out.push('ǲ'),
        'ß' => out.push_str("Ss"),
        'ﬁ' => out.push_str("Fi"),
        'ﬂ' => out.push_str("Fl"),
        _ => out.extend(c.to_uppercase()),
    }
}

/// Push the lowercase of `c` (no final-sigma rule).
pub fn push_lower(out: &mut String, c: char) {
    out.extend(c.to_lowercase());
}

/// `str.isidentifier()`: a letter or `_`, then letters, digits and `_`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric() || is_decimal(c))
}

/// `str.isprintable()` for one character: not a control, separator (other than space) or unassigned.
pub fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !(c.is_control()
        || (is_space(c))
        || matches!(c as u32, 0xAD | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0xFEFF))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_match_python() {
        assert!(is_space('\x1c') && is_space('\u{85}') && is_space('\u{3000}') && !is_space('a'));
        assert!(is_decimal('٣') && !is_decimal('²') && is_digit('²') && is_digit('①'));
        assert!(is_numeric('½') && !is_digit('½') && is_numeric('万') && !is_numeric('两'));
        assert!(is_line_break('\x1e') && !is_line_break('\x1f'));
        assert!(
            is_identifier("_a1")
                && is_identifier("中文")
                && !is_identifier("1a")
                && !is_identifier("")
        );
    }

    #[test]
    fn title_case() {
        let mut s = String::new();
        for c in ['ǆ', 'ß', 'a'] {
            push_title(&mut s, c);
        }
        assert_eq!(s, "ǅSsA");
    }
}
