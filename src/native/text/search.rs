//! Substring search, splitting and replacing on byte slices, shared by
//! `str` (whose UTF-8 text can be searched bytewise: a match of valid
//! UTF-8 always starts on a character boundary) and `bytes`.

use std::ops::Range;

/// Byte offset of the first occurrence of `needle` (empty matches at 0).
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match needle.len() {
        0 => Some(0),
        1 => hay.iter().position(|&b| b == needle[0]),
        n if n > hay.len() => None,
        n => {
            let first = needle[0];
            (0..=hay.len() - n).find(|&i| hay[i] == first && &hay[i..i + n] == needle)
        }
    }
}

/// Byte offset of the last occurrence of `needle` (empty matches at the end).
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match needle.len() {
        0 => Some(hay.len()),
        n if n > hay.len() => None,
        n => (0..=hay.len() - n)
            .rev()
            .find(|&i| &hay[i..i + n] == needle),
    }
}

/// Offsets of the non-overlapping occurrences of a non-empty `needle`, left to right, at most `limit`.
fn matches(hay: &[u8], needle: &[u8], limit: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut pos = 0;
    while out.len() < limit {
        match find(&hay[pos..], needle) {
            Some(i) => {
                out.push(pos + i);
                pos += i + needle.len();
            }
            None => break,
        }
    }
    out
}

/// Number of non-overlapping occurrences of a non-empty `needle`.
pub fn count(hay: &[u8], needle: &[u8]) -> usize {
    matches(hay, needle, usize::MAX).len()
}

/// `split(sep, maxsplit)` with a non-empty separator.
pub fn split<'a>(hay: &'a [u8], sep: &[u8], maxsplit: Option<usize>) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for m in matches(hay, sep, maxsplit.unwrap_or(usize::MAX)) {
        parts.push(&hay[start..m]);
        start = m + sep.len();
    }
    parts.push(&hay[start..]);
    parts
}

/// `rsplit(sep, maxsplit)` with a non-empty separator: splits from the right.
pub fn rsplit<'a>(hay: &'a [u8], sep: &[u8], maxsplit: Option<usize>) -> Vec<&'a [u8]> {
    let limit = maxsplit.unwrap_or(usize::MAX);
    let mut parts = Vec::new();
    let mut end = hay.len();
    while parts.len() < limit {
        match rfind(&hay[..end], sep) {
            Some(i) => {
                parts.push(&hay[i + sep.len()..end]);
                end = i;
            }
            None => break,
        }
    }
    parts.push(&hay[..end]);
    parts.reverse();
    parts
}

/// `replace(old, new, count)` with a non-empty `old`.
pub fn replace(hay: &[u8], old: &[u8], new: &[u8], limit: Option<usize>) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut start = 0;
    for m in matches(hay, old, limit.unwrap_or(usize::MAX)) {
        out.extend_from_slice(&hay[start..m]);
        out.extend_from_slice(new);
        start = m + old.len();
    }
    out.extend_from_slice(&hay[start..]);
    out
}

/// One unit of a text for whitespace splitting: (byte offset, byte length, is whitespace).
pub type Unit = (usize, usize, bool);

/// `split()` without a separator: words between runs of whitespace; after
/// `maxsplit` splits the rest (leading whitespace stripped) is the last word.
pub fn split_whitespace(
    units: impl Iterator<Item = Unit>,
    total: usize,
    maxsplit: Option<usize>,
) -> Vec<Range<usize>> {
    let limit = maxsplit.unwrap_or(usize::MAX);
    let mut words = Vec::new();
    let mut units = units.peekable();
    loop {
        while units.next_if(|u| u.2).is_some() {}
        let Some(&(start, _, _)) = units.peek() else {
            break;
        };
        if words.len() == limit {
            words.push(start..total);
            break;
        }
        let mut end = start;
        while let Some((off, len, _)) = units.next_if(|u| !u.2) {
            end = off + len;
        }
        words.push(start..end);
    }
    words
}

/// `rsplit()` without a separator: as [`split_whitespace`] from the right.
pub fn rsplit_whitespace(
    units: impl DoubleEndedIterator<Item = Unit>,
    maxsplit: Option<usize>,
) -> Vec<Range<usize>> {
    let limit = maxsplit.unwrap_or(usize::MAX);
    let mut words = Vec::new();
    let mut units = units.rev().peekable();
    loop {
        while units.next_if(|u| u.2).is_some() {}
        let Some(&(off, len, _)) = units.peek() else {
            break;
        };
        let end = off + len;
        if words.len() == limit {
            words.push(0..end);
            break;
        }
        let mut start = off;
        while let Some((off, _, _)) = units.next_if(|u| !u.2) {
            start = off;
        }
        words.push(start..end);
    }
    words.reverse();
    words
}

/// A `[start:end]` window over `len` units, clamped as CPython's
/// `ADJUST_INDICES` (negative counts from the end). `start` may exceed
/// `len` and `end` may be below `start`: callers treat that as empty.
pub fn window(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let mut end = end.unwrap_or(len);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    let mut start = start.unwrap_or(0);
    if start < 0 {
        start = (start + len).max(0);
    }
    (start, end)
}

/// `find`/`rfind`'s answer: the position, or -1.
pub fn position(found: Option<usize>) -> crate::vm::Value {
    crate::vm::Value::Int(found.map_or(-1, |i| i as i64))
}

/// `index`/`rindex`'s answer: the position, or ValueError(`missing`).
pub fn position_or_error(
    vm: &mut crate::vm::Vm,
    found: Option<usize>,
    missing: &str,
) -> crate::vm::PyResult {
    match found {
        Some(i) => Ok(crate::vm::Value::Int(i as i64)),
        None => Err(vm.value_error(missing)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str, maxsplit: Option<usize>, right: bool) -> Vec<&str> {
        let units = s
            .char_indices()
            .map(|(i, c)| (i, c.len_utf8(), c.is_whitespace()));
        let ranges = if right {
            rsplit_whitespace(units, maxsplit)
        } else {
            split_whitespace(units, s.len(), maxsplit)
        };
        ranges.into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn whitespace_split_matches_python() {
        assert_eq!(words("  a b  c  ", None, false), ["a", "b", "c"]);
        assert_eq!(words("a b  c  ", Some(1), false), ["a", "b  c  "]);
        assert_eq!(words("  a b c", Some(1), true), ["  a b", "c"]);
        assert_eq!(words("  a  b c  ", Some(1), true), ["  a  b", "c"]);
        assert_eq!(words("   ", None, false), Vec::<&str>::new());
        assert_eq!(words("a b", Some(0), false), ["a b"]);
        assert_eq!(words(" a b ", Some(0), false), ["a b "]);
        assert_eq!(words(" a b ", Some(0), true), [" a b"]);
        assert_eq!(words("中 文", None, false), ["中", "文"]);
    }

    #[test]
    fn separator_split_and_replace() {
        assert_eq!(split(b"a,b,,c", b",", None), [&b"a"[..], b"b", b"", b"c"]);
        assert_eq!(split(b"a,b,c", b",", Some(1)), [&b"a"[..], b"b,c"]);
        assert_eq!(rsplit(b"a,b,c", b",", Some(1)), [&b"a,b"[..], b"c"]);
        assert_eq!(split(b"aaa", b"aa", None), [&b""[..], b"a"]);
        assert_eq!(rsplit(b"aaa", b"aa", None), [&b"a"[..], b""]);
        assert_eq!(replace(b"aaaa", b"aa", b"b", None), b"bb");
        assert_eq!(replace(b"abab", b"ab", b"x", Some(1)), b"xab");
        assert_eq!(count(b"aaaa", b"aa"), 2);
        assert_eq!(rfind(b"abcabc", b"bc"), Some(4));
        assert_eq!(find(b"abc", b"d"), None);
    }

    #[test]
    fn windows_clamp_like_cpython() {
        assert_eq!(window(None, None, 5), (0, 5));
        assert_eq!(window(Some(-2), None, 5), (3, 5));
        assert_eq!(window(Some(-9), Some(-9), 5), (0, 0));
        assert_eq!(window(Some(7), Some(99), 5), (7, 5));
    }
}
