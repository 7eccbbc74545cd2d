//! Text encodings for `str.encode` / `bytes.decode`: UTF-8, ASCII and
//! Latin-1, with the `strict`, `ignore`, `replace`, `backslashreplace` and
//! (for encoding) `xmlcharrefreplace` error handlers, and CPython's
//! `UnicodeEncodeError` / `UnicodeDecodeError` messages.

use crate::vm::{PyResult, Vm};

/// A supported encoding.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// 7-bit ASCII.
    Ascii,
    /// ISO-8859-1: bytes are the first 256 code points.
    Latin1,
}

impl Encoding {
    /// Find an encoding by any of its Python names (`UTF_8`, `utf8`, `latin-1`...).
    pub fn lookup(vm: &mut Vm, name: &str) -> PyResult<Encoding> {
        let norm: String = name.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        match norm.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "cp65001" => Ok(Encoding::Utf8),
            "ascii" | "us_ascii" | "646" => Ok(Encoding::Ascii),
            "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859"
            | "cp819" | "iso_ir_100" => Ok(Encoding::Latin1),
            _ => Err(vm.new_error("LookupError", format!("unknown encoding: {name}"))),
        }
    }

    /// The name CPython's error messages use.
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Ascii => "ascii",
            Encoding::Latin1 => "latin-1",
        }
    }

    /// The highest code point the encoding can represent (UTF-8: all).
    fn limit(self) -> u32 {
        match self {
            Encoding::Utf8 => u32::MAX,
            Encoding::Ascii => 0x80,
            Encoding::Latin1 => 0x100,
        }
    }
}

/// `str.encode(encoding, errors)`.
pub fn encode(vm: &mut Vm, text: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let enc = Encoding::lookup(vm, encoding)?;
    if enc == Encoding::Utf8 {
        return Ok(text.as_bytes().to_vec());
    }
    let limit = enc.limit();
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        // A run of unencodable characters is one error, as in CPython.
        let end = chars[i..]
            .iter()
            .position(|&c| (c as u32) < limit)
            .map_or(chars.len(), |n| i + n);
        match errors {
            "strict" => return Err(encode_error(vm, enc, &chars, i, end)),
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', end - i)),
            "backslashreplace" => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(char_escape(c).as_bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
                }
            }
            _ => return Err(unknown_handler(vm, errors)),
        }
        i = end;
    }
    Ok(out)
}

/// `\xNN`, `\uNNNN` or `\UNNNNNNNN`: how Python escapes a character.
pub fn char_escape(c: char) -> String {
    let n = c as u32;
    if n < 0x100 {
        format!("\\x{n:02x}")
    } else if n < 0x10000 {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

fn encode_error(
    vm: &mut Vm,
    enc: Encoding,
    chars: &[char],
    start: usize,
    end: usize,
) -> crate::vm::Exc {
    let reason = format!("ordinal not in range({})", enc.limit());
    let msg = if end - start == 1 {
        format!(
            "'{}' codec can't encode character '{}' in position {start}: {reason}",
            enc.name(),
            char_escape(chars[start])
        )
    } else {
        format!(
            "'{}' codec can't encode characters in position {start}-{}: {reason}",
            enc.name(),
            end - 1
        )
    };
    vm.new_error("UnicodeEncodeError", msg)
}

fn unknown_handler(vm: &mut Vm, errors: &str) -> crate::vm::Exc {
    vm.new_error(
        "LookupError",
        format!("unknown error handler name '{errors}'"),
    )
}

/// `bytes.decode(encoding, errors)`.
pub fn decode(vm: &mut Vm, data: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    match Encoding::lookup(vm, encoding)? {
        Encoding::Utf8 => decode_utf8(vm, data, errors),
        Encoding::Latin1 => Ok(data.iter().map(|&b| b as char).collect()),
        Encoding::Ascii => {
            let mut out = String::with_capacity(data.len());
            for (i, &b) in data.iter().enumerate() {
                if b < 0x80 {
                    out.push(b as char);
                } else {
                    let bad = DecodeError {
                        start: i,
                        end: i + 1,
                        reason: "ordinal not in range(128)",
                    };
                    handle_decode_error(vm, Encoding::Ascii, data, &bad, errors, &mut out)?;
                }
            }
            Ok(out)
        }
    }
}

/// An undecodable byte range and why.
struct DecodeError {
    start: usize,
    end: usize,
    reason: &'static str,
}

fn decode_utf8(vm: &mut Vm, data: &[u8], errors: &str) -> PyResult<String> {
    let mut out = String::with_capacity(data.len());
    let mut rest = data;
    let mut offset = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return Ok(out);
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let start = offset + good;
                let bad = match e.error_len() {
                    None => DecodeError {
                        start,
                        end: data.len(),
                        reason: "unexpected end of data",
                    },
                    Some(n) => {
                        let lead = data[start];
                        let invalid_start =
                            n == 1 && ((0x80..0xc2).contains(&lead) || lead >= 0xf5);
                        let reason = if invalid_start {
                            "invalid start byte"
                        } else {
                            "invalid continuation byte"
                        };
                        DecodeError {
                            start,
                            end: start + n,
                            reason,
                        }
                    }
                };
                handle_decode_error(vm, Encoding::Utf8, data, &bad, errors, &mut out)?;
                offset = bad.end;
                rest = &data[bad.end..];
            }
        }
    }
}

fn handle_decode_error(
    vm: &mut Vm,
    enc: Encoding,
    data: &[u8],
    bad: &DecodeError,
    errors: &str,
    out: &mut String,
) -> PyResult<()> {
    match errors {
        "strict" => {
            let where_ = if bad.end - bad.start == 1 {
                format!("byte 0x{:02x} in position {}", data[bad.start], bad.start)
            } else {
                format!("bytes in position {}-{}", bad.start, bad.end - 1)
            };
            let msg = format!(
                "'{}' codec can't decode {where_}: {}",
                enc.name(),
                bad.reason
            );
            Err(vm.new_error("UnicodeDecodeError", msg))
        }
        "ignore" => Ok(()),
        // Lone surrogates cannot be held in conc strings: `surrogateescape` degrades to `replace`.
        "replace" | "surrogateescape" => {
            out.push('\u{fffd}');
            Ok(())
        }
        "backslashreplace" => {
            for b in &data[bad.start..bad.end] {
                out.push_str(&format!("\\x{b:02x}"));
            }
            Ok(())
        }
        _ => Err(unknown_handler(vm, errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;
    use crate::native::text::testing::error_text;

    fn dec(data: &[u8], enc: &str, errors: &str) -> String {
        let mut vm = test_vm();
        match decode(&mut vm, data, enc, errors) {
            Ok(s) => s,
            Err(e) => error_text(&mut vm, &e),
        }
    }

    fn enc(text: &str, enc: &str, errors: &str) -> String {
        let mut vm = test_vm();
        match encode(&mut vm, text, enc, errors) {
            Ok(b) => b.iter().map(|&b| b as char).collect(),
            Err(e) => error_text(&mut vm, &e),
        }
    }

    #[test]
    fn utf8_decode_errors_match_cpython() {
        let cases: &[(&[u8], &str)] = &[
            (b"\xff", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
            (b"\xe4\xb8x", "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"),
            (b"\xe4x", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe4 in position 0: invalid continuation byte"),
            (b"a\xe4\xb8", "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 1-2: unexpected end of data"),
            (b"a\xe4", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe4 in position 1: unexpected end of data"),
            (b"\xed\xa0\x80", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"),
            (b"\xf4\x90\x80\x80", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xf4 in position 0: invalid continuation byte"),
            (b"\xc0\xaf", "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"),
        ];
        for (data, want) in cases {
            assert_eq!(dec(data, "utf-8", "strict"), *want);
        }
        assert_eq!(
            dec(b"a\xffb\xe4\xb8", "utf-8", "replace"),
            "a\u{fffd}b\u{fffd}"
        );
        assert_eq!(dec(b"a\xffb\xe4\xb8", "utf-8", "ignore"), "ab");
        assert_eq!(dec(b"a\xffb", "utf-8", "backslashreplace"), "a\\xffb");
        assert_eq!(dec("中文".as_bytes(), "UTF8", "strict"), "中文");
        assert_eq!(dec(b"x", "utf-8", "foo"), "x");
        assert_eq!(
            dec(b"\xff", "utf-8", "foo"),
            "LookupError: unknown error handler name 'foo'"
        );
    }

    #[test]
    fn other_codecs() {
        assert_eq!(
            dec(b"ab\xe4\xe5", "ascii", "strict"),
            "UnicodeDecodeError: 'ascii' codec can't decode byte 0xe4 in position 2: ordinal not in range(128)"
        );
        assert_eq!(dec(b"\xe4", "latin-1", "strict"), "ä");
        assert_eq!(
            dec(b"x", "foo", "strict"),
            "LookupError: unknown encoding: foo"
        );
        assert_eq!(
            enc("中", "ascii", "strict"),
            "UnicodeEncodeError: 'ascii' codec can't encode character '\\u4e2d' in position 0: ordinal not in range(128)"
        );
        assert_eq!(
            enc("a中文b", "ascii", "strict"),
            "UnicodeEncodeError: 'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)"
        );
        assert_eq!(enc("a中b", "ascii", "replace"), "a?b");
        assert_eq!(enc("a中b", "ascii", "ignore"), "ab");
        assert_eq!(enc("a中b", "ascii", "xmlcharrefreplace"), "a&#20013;b");
        assert_eq!(enc("a中b", "ascii", "backslashreplace"), "a\\u4e2db");
        assert_eq!(enc("é", "latin-1", "strict"), "\u{e9}");
        assert_eq!(
            enc("中", "latin-1", "strict"),
            "UnicodeEncodeError: 'latin-1' codec can't encode character '\\u4e2d' in position 0: ordinal not in range(256)"
        );
        assert_eq!(enc("x", "UTF_8", "strict"), "x");
    }
}
