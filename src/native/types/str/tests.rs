//! Unit tests of `str`: every expectation was produced by CPython 3.11 on the same call.
// Generated from CPython 3.11 results; edit the cases, not the expectations.

use crate::native::test_vm;
use crate::native::text::testing::*;
use crate::vm::object::Slice;
use crate::vm::{Args, Object, Value};

#[test]
fn case_and_predicates() {
    let mut vm = test_vm();
    check(
        &mut vm,
        s("Hello World"),
        "upper",
        vec![],
        vec![],
        "HELLO WORLD",
    );
    check(
        &mut vm,
        s("Hello World"),
        "lower",
        vec![],
        vec![],
        "hello world",
    );
    check(&mut vm, s("straße"), "upper", vec![], vec![], "STRASSE");
    check(&mut vm, s("ΑΣ ΟΔΟΣ"), "lower", vec![], vec![], "ας οδος");
    check(
        &mut vm,
        s("Straße ΑΣ"),
        "casefold",
        vec![],
        vec![],
        "strasse ασ",
    );
    check(
        &mut vm,
        s("hELLO wORLD"),
        "capitalize",
        vec![],
        vec![],
        "Hello world",
    );
    check(&mut vm, s("ßa"), "capitalize", vec![], vec![], "Ssa");
    check(&mut vm, s(""), "capitalize", vec![], vec![], "");
    check(
        &mut vm,
        s("they're bill's 3rd friend"),
        "title",
        vec![],
        vec![],
        "They'Re Bill'S 3Rd Friend",
    );
    check(&mut vm, s("ǆemal"), "title", vec![], vec![], "ǅemal");
    check(
        &mut vm,
        s("hello  WORLD-x"),
        "title",
        vec![],
        vec![],
        "Hello  World-X",
    );
    check(&mut vm, s("中文abc"), "title", vec![], vec![], "中文Abc");
    check(
        &mut vm,
        s("Hello World ß"),
        "swapcase",
        vec![],
        vec![],
        "hELLO wORLD SS",
    );
    check(&mut vm, s("ΣΑΣ"), "swapcase", vec![], vec![], "σας");
    check(
        &mut vm,
        s("a"),
        "upper",
        vec![Value::Int(1)],
        vec![],
        "TypeError: str.upper() takes no arguments (1 given)",
    );
    check(&mut vm, s("123"), "isdigit", vec![], vec![], "True");
    check(&mut vm, s("²³"), "isdigit", vec![], vec![], "True");
    check(&mut vm, s("²"), "isdecimal", vec![], vec![], "False");
    check(&mut vm, s("٣4"), "isdecimal", vec![], vec![], "True");
    check(&mut vm, s("½"), "isnumeric", vec![], vec![], "True");
    check(&mut vm, s("一二三"), "isnumeric", vec![], vec![], "True");
    check(&mut vm, s("两"), "isnumeric", vec![], vec![], "False");
    check(&mut vm, s(""), "isdigit", vec![], vec![], "False");
    check(&mut vm, s("12a"), "isdigit", vec![], vec![], "False");
    check(&mut vm, s("abc"), "isalpha", vec![], vec![], "True");
    check(&mut vm, s("中文"), "isalpha", vec![], vec![], "True");
    check(&mut vm, s("ab1"), "isalpha", vec![], vec![], "False");
    check(&mut vm, s("ab1"), "isalnum", vec![], vec![], "True");
    check(&mut vm, s("ab_1"), "isalnum", vec![], vec![], "False");
    check(
        &mut vm,
        s(" \t\n\u{b}\u{c}\u{1c}\u{3000}"),
        "isspace",
        vec![],
        vec![],
        "True",
    );
    check(&mut vm, s(""), "isspace", vec![], vec![], "False");
    check(&mut vm, s("ABC1"), "isupper", vec![], vec![], "True");
    check(&mut vm, s("123"), "isupper", vec![], vec![], "False");
    check(&mut vm, s("AbC"), "isupper", vec![], vec![], "False");
    check(&mut vm, s("abc1"), "islower", vec![], vec![], "True");
    check(&mut vm, s("Hello World"), "istitle", vec![], vec![], "True");
    check(
        &mut vm,
        s("Hello world"),
        "istitle",
        vec![],
        vec![],
        "False",
    );
    check(&mut vm, s("HeLLo"), "istitle", vec![], vec![], "False");
    check(&mut vm, s("123 A"), "istitle", vec![], vec![], "True");
    check(&mut vm, s(""), "istitle", vec![], vec![], "False");
    check(&mut vm, s("_x1"), "isidentifier", vec![], vec![], "True");
    check(&mut vm, s("1x"), "isidentifier", vec![], vec![], "False");
    check(&mut vm, s("中文"), "isidentifier", vec![], vec![], "True");
    check(&mut vm, s("a-b"), "isidentifier", vec![], vec![], "False");
    check(&mut vm, s("abc"), "isascii", vec![], vec![], "True");
    check(&mut vm, s("é"), "isascii", vec![], vec![], "False");
    check(&mut vm, s(""), "isascii", vec![], vec![], "True");
    check(&mut vm, s("ab\n"), "isprintable", vec![], vec![], "False");
    check(&mut vm, s("ab c"), "isprintable", vec![], vec![], "True");
}

#[test]
fn strip_split_join_replace() {
    let mut vm = test_vm();
    check(&mut vm, s("  a b  "), "strip", vec![], vec![], "a b");
    check(
        &mut vm,
        s("\t\n a \u{b}\u{c}\u{1c}"),
        "strip",
        vec![],
        vec![],
        "a",
    );
    check(&mut vm, s("xxaxx"), "strip", vec![s("x")], vec![], "a");
    check(&mut vm, s("abcba"), "strip", vec![s("ab")], vec![], "c");
    check(&mut vm, s("xxaxx"), "lstrip", vec![s("x")], vec![], "axx");
    check(&mut vm, s("xxaxx"), "rstrip", vec![s("x")], vec![], "xxa");
    check(&mut vm, s("  a  "), "lstrip", vec![], vec![], "a  ");
    check(&mut vm, s("  a  "), "rstrip", vec![], vec![], "  a");
    check(&mut vm, s("中文中"), "strip", vec![s("中")], vec![], "文");
    check(&mut vm, s("a"), "strip", vec![Value::None], vec![], "a");
    check(
        &mut vm,
        s("a"),
        "strip",
        vec![Value::Int(1)],
        vec![],
        "TypeError: strip arg must be None or str",
    );
    check(
        &mut vm,
        s("a"),
        "lstrip",
        vec![Value::Int(1)],
        vec![],
        "TypeError: lstrip arg must be None or str",
    );
    check(&mut vm, s(""), "strip", vec![], vec![], "");
    check(
        &mut vm,
        s("a,b,,c"),
        "split",
        vec![s(",")],
        vec![],
        "['a', 'b', '', 'c']",
    );
    check(
        &mut vm,
        s("a,b,,c"),
        "split",
        vec![s(","), Value::Int(1)],
        vec![],
        "['a', 'b,,c']",
    );
    check(
        &mut vm,
        s("a,b,,c"),
        "split",
        vec![s(","), Value::Int(0)],
        vec![],
        "['a,b,,c']",
    );
    check(
        &mut vm,
        s("a,b,,c"),
        "split",
        vec![s(","), Value::Int(-1)],
        vec![],
        "['a', 'b', '', 'c']",
    );
    check(
        &mut vm,
        s("a,b,c"),
        "rsplit",
        vec![s(","), Value::Int(1)],
        vec![],
        "['a,b', 'c']",
    );
    check(
        &mut vm,
        s("  a  b c  "),
        "split",
        vec![],
        vec![],
        "['a', 'b', 'c']",
    );
    check(
        &mut vm,
        s("  a  b c  "),
        "split",
        vec![Value::None, Value::Int(1)],
        vec![],
        "['a', 'b c  ']",
    );
    check(
        &mut vm,
        s("  a  b c  "),
        "rsplit",
        vec![Value::None, Value::Int(1)],
        vec![],
        "['  a  b', 'c']",
    );
    check(
        &mut vm,
        s("  a  b c  "),
        "split",
        vec![Value::None, Value::Int(0)],
        vec![],
        "['a  b c  ']",
    );
    check(
        &mut vm,
        s("  a  b c  "),
        "rsplit",
        vec![Value::None, Value::Int(0)],
        vec![],
        "['  a  b c']",
    );
    check(&mut vm, s(""), "split", vec![], vec![], "[]");
    check(&mut vm, s(""), "split", vec![s(",")], vec![], "['']");
    check(&mut vm, s("   "), "split", vec![], vec![], "[]");
    check(
        &mut vm,
        s("aaa"),
        "split",
        vec![s("aa")],
        vec![],
        "['', 'a']",
    );
    check(
        &mut vm,
        s("aaa"),
        "rsplit",
        vec![s("aa")],
        vec![],
        "['a', '']",
    );
    check(
        &mut vm,
        s("a\u{1c}b\u{1d}c\u{1e}d\u{1f}e\u{85}f\u{2028}g\u{3000}h"),
        "split",
        vec![],
        vec![],
        "['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']",
    );
    check(
        &mut vm,
        s("中,文,字"),
        "split",
        vec![s(",")],
        vec![],
        "['中', '文', '字']",
    );
    check(
        &mut vm,
        s("中 文  字"),
        "rsplit",
        vec![Value::None, Value::Int(1)],
        vec![],
        "['中 文', '字']",
    );
    check(
        &mut vm,
        s("a"),
        "split",
        vec![s("")],
        vec![],
        "ValueError: empty separator",
    );
    check(
        &mut vm,
        s("a"),
        "rsplit",
        vec![s("")],
        vec![],
        "ValueError: empty separator",
    );
    check(
        &mut vm,
        s("a"),
        "split",
        vec![Value::Int(1)],
        vec![],
        "TypeError: must be str or None, not int",
    );
    check(
        &mut vm,
        s("a b"),
        "split",
        vec![Value::None, s("x")],
        vec![],
        "TypeError: 'str' object cannot be interpreted as an integer",
    );
    check(
        &mut vm,
        s("a"),
        "split",
        vec![s("a"), Value::Int(1), Value::Int(2)],
        vec![],
        "TypeError: split() takes at most 2 arguments (3 given)",
    );
    check(
        &mut vm,
        s("a b c"),
        "split",
        vec![],
        vec![("maxsplit", Value::Int(1))],
        "['a', 'b c']",
    );
    check(
        &mut vm,
        s("a-b-c"),
        "split",
        vec![],
        vec![("sep", s("-")), ("maxsplit", Value::Int(1))],
        "['a', 'b-c']",
    );
    check(
        &mut vm,
        s("a b"),
        "split",
        vec![],
        vec![("x", Value::Int(1))],
        "TypeError: 'x' is an invalid keyword argument for split()",
    );
    check(
        &mut vm,
        s("a b"),
        "split",
        vec![s(" ")],
        vec![("sep", s(" "))],
        "TypeError: argument for split() given by name ('sep') and position (1)",
    );
    check(
        &mut vm,
        s("a\nb\r\nc\rd\u{b}e\u{c}f\u{1c}g\u{1d}h\u{1e}i\u{1f}j\u{85}k\u{2028}l\u{2029}m"),
        "splitlines",
        vec![],
        vec![],
        "['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i\\x1fj', 'k', 'l', 'm']",
    );
    check(
        &mut vm,
        s("a\nb\r\n\nc\n"),
        "splitlines",
        vec![Value::Bool(true)],
        vec![],
        "['a\\n', 'b\\r\\n', '\\n', 'c\\n']",
    );
    check(
        &mut vm,
        s("a\nb\r\n\nc\n"),
        "splitlines",
        vec![],
        vec![],
        "['a', 'b', '', 'c']",
    );
    check(&mut vm, s(""), "splitlines", vec![], vec![], "[]");
    check(&mut vm, s("\n"), "splitlines", vec![], vec![], "['']");
    check(
        &mut vm,
        s("a\n"),
        "splitlines",
        vec![],
        vec![("keepends", Value::Int(1))],
        "['a\\n']",
    );
    check(
        &mut vm,
        s("a"),
        "splitlines",
        vec![s("x")],
        vec![],
        "TypeError: 'str' object cannot be interpreted as an integer",
    );
    check(
        &mut vm,
        s(","),
        "join",
        vec![list(vec![s("a"), s("b"), s("c")])],
        vec![],
        "a,b,c",
    );
    check(
        &mut vm,
        s(""),
        "join",
        vec![tup(vec![s("x"), s("y")])],
        vec![],
        "xy",
    );
    check(&mut vm, s("-"), "join", vec![s("abc")], vec![], "a-b-c");
    check(&mut vm, s(", "), "join", vec![list(vec![])], vec![], "");
    check(
        &mut vm,
        s("-"),
        "join",
        vec![list(vec![s("中"), s("文")])],
        vec![],
        "中-文",
    );
    check(
        &mut vm,
        s("-"),
        "join",
        vec![list(vec![Value::Int(1)])],
        vec![],
        "TypeError: sequence item 0: expected str instance, int found",
    );
    check(
        &mut vm,
        s("-"),
        "join",
        vec![list(vec![s("x"), Value::Int(2)])],
        vec![],
        "TypeError: sequence item 1: expected str instance, int found",
    );
    check(
        &mut vm,
        s("-"),
        "join",
        vec![Value::Int(5)],
        vec![],
        "TypeError: can only join an iterable",
    );
    check(
        &mut vm,
        s("-"),
        "join",
        vec![dict(vec![(s("a"), Value::Int(1)), (s("b"), Value::Int(2))])],
        vec![],
        "a-b",
    );
    check(
        &mut vm,
        s("a"),
        "join",
        vec![],
        vec![],
        "TypeError: str.join() takes exactly one argument (0 given)",
    );
    check(
        &mut vm,
        s("aaaa"),
        "replace",
        vec![s("aa"), s("b")],
        vec![],
        "bb",
    );
    check(
        &mut vm,
        s("abab"),
        "replace",
        vec![s("ab"), s("x"), Value::Int(1)],
        vec![],
        "xab",
    );
    check(
        &mut vm,
        s("abc"),
        "replace",
        vec![s(""), s("-")],
        vec![],
        "-a-b-c-",
    );
    check(
        &mut vm,
        s("abc"),
        "replace",
        vec![s(""), s("-"), Value::Int(2)],
        vec![],
        "-a-bc",
    );
    check(&mut vm, s(""), "replace", vec![s(""), s("x")], vec![], "x");
    check(
        &mut vm,
        s("abc"),
        "replace",
        vec![s("x"), s("y")],
        vec![],
        "abc",
    );
    check(
        &mut vm,
        s("中文中"),
        "replace",
        vec![s("中"), s("zh")],
        vec![],
        "zh文zh",
    );
    check(
        &mut vm,
        s("abc"),
        "replace",
        vec![s("b"), s(""), Value::Int(-1)],
        vec![],
        "ac",
    );
    check(
        &mut vm,
        s("abc"),
        "replace",
        vec![s("a"), s("b"), Value::Int(0)],
        vec![],
        "abc",
    );
    check(
        &mut vm,
        s("a"),
        "replace",
        vec![Value::Int(1), Value::Int(2)],
        vec![],
        "TypeError: replace() argument 1 must be str, not int",
    );
    check(
        &mut vm,
        s("a"),
        "replace",
        vec![s("a"), Value::Int(2)],
        vec![],
        "TypeError: replace() argument 2 must be str, not int",
    );
    check(
        &mut vm,
        s("a"),
        "replace",
        vec![s("a")],
        vec![],
        "TypeError: replace expected at least 2 arguments, got 1",
    );
}

#[test]
fn searching() {
    let mut vm = test_vm();
    check(&mut vm, s("hello"), "find", vec![s("l")], vec![], "2");
    check(&mut vm, s("hello"), "rfind", vec![s("l")], vec![], "3");
    check(&mut vm, s("hello"), "find", vec![s("z")], vec![], "-1");
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s("l"), Value::Int(3)],
        vec![],
        "3",
    );
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s("l"), Value::Int(-2)],
        vec![],
        "3",
    );
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s("l"), Value::Int(0), Value::Int(2)],
        vec![],
        "-1",
    );
    check(&mut vm, s("hello"), "find", vec![s("")], vec![], "0");
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s(""), Value::Int(5)],
        vec![],
        "5",
    );
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s(""), Value::Int(6)],
        vec![],
        "-1",
    );
    check(&mut vm, s("hello"), "rfind", vec![s("")], vec![], "5");
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s("lo"), Value::None, Value::None],
        vec![],
        "3",
    );
    check(&mut vm, s("中文中文"), "find", vec![s("文")], vec![], "1");
    check(&mut vm, s("中文中文"), "rfind", vec![s("中")], vec![], "2");
    check(
        &mut vm,
        s("中文中文"),
        "find",
        vec![s("文"), Value::Int(2)],
        vec![],
        "3",
    );
    check(
        &mut vm,
        s("中文中文"),
        "find",
        vec![s("中"), Value::Int(-2), Value::Int(-1)],
        vec![],
        "2",
    );
    check(&mut vm, s("a中b"), "find", vec![s("b")], vec![], "2");
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![Value::Int(1)],
        vec![],
        "TypeError: must be str, not int",
    );
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s("l"), s("x")],
        vec![],
        "TypeError: slice indices must be integers or None or have an __index__ method",
    );
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![],
        vec![],
        "TypeError: find() takes at least 1 argument (0 given)",
    );
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s("a"), Value::Int(1), Value::Int(2), Value::Int(3)],
        vec![],
        "TypeError: find() takes at most 3 arguments (4 given)",
    );
    check(&mut vm, s("hello"), "index", vec![s("e")], vec![], "1");
    check(
        &mut vm,
        s("hello"),
        "index",
        vec![s("z")],
        vec![],
        "ValueError: substring not found",
    );
    check(&mut vm, s("hello"), "rindex", vec![s("l")], vec![], "3");
    check(
        &mut vm,
        s("hello"),
        "rindex",
        vec![s("z")],
        vec![],
        "ValueError: substring not found",
    );
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s("l"), Value::Int(10), Value::Int(1)],
        vec![],
        "-1",
    );
    check(
        &mut vm,
        s("hello"),
        "find",
        vec![s("h"), Value::Int(-100)],
        vec![],
        "0",
    );
    check(&mut vm, s("aaaa"), "count", vec![s("aa")], vec![], "2");
    check(
        &mut vm,
        s("aaaa"),
        "count",
        vec![s("a"), Value::Int(1)],
        vec![],
        "3",
    );
    check(&mut vm, s("abc"), "count", vec![s("")], vec![], "4");
    check(
        &mut vm,
        s("abc"),
        "count",
        vec![s(""), Value::Int(1)],
        vec![],
        "3",
    );
    check(
        &mut vm,
        s("abc"),
        "count",
        vec![s(""), Value::Int(5)],
        vec![],
        "0",
    );
    check(
        &mut vm,
        s("abc"),
        "count",
        vec![s(""), Value::Int(3)],
        vec![],
        "1",
    );
    check(&mut vm, s("中文中"), "count", vec![s("中")], vec![], "2");
    check(
        &mut vm,
        s("abc"),
        "count",
        vec![Value::Int(1)],
        vec![],
        "TypeError: must be str, not int",
    );
    check(
        &mut vm,
        s("a中中b"),
        "count",
        vec![s(""), Value::Int(1), Value::Int(3)],
        vec![],
        "3",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![s("he")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![s("el"), Value::Int(1)],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![tup(vec![s("x"), s("h")])],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![tup(vec![])],
        vec![],
        "False",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![s("")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![s(""), Value::Int(5)],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![s(""), Value::Int(6)],
        vec![],
        "False",
    );
    check(
        &mut vm,
        s("hello"),
        "endswith",
        vec![s("lo")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "endswith",
        vec![s("ll"), Value::Int(0), Value::Int(4)],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "endswith",
        vec![s("he"), Value::Int(0), Value::Int(-3)],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "endswith",
        vec![tup(vec![s("x"), s("o")])],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("中文"),
        "endswith",
        vec![s("文")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![Value::Int(1)],
        vec![],
        "TypeError: startswith first arg must be str or a tuple of str, not int",
    );
    check(
        &mut vm,
        s("hello"),
        "endswith",
        vec![tup(vec![Value::Int(1)])],
        vec![],
        "TypeError: tuple for endswith must only contain str, not int",
    );
    check(
        &mut vm,
        s("hello"),
        "endswith",
        vec![s(""), Value::Int(2), Value::Int(1)],
        vec![],
        "False",
    );
    check(
        &mut vm,
        s("hello"),
        "startswith",
        vec![s("hello"), Value::Int(0), Value::Int(4)],
        vec![],
        "False",
    );
    check(
        &mut vm,
        s("a-b-c"),
        "partition",
        vec![s("-")],
        vec![],
        "('a', '-', 'b-c')",
    );
    check(
        &mut vm,
        s("a-b-c"),
        "rpartition",
        vec![s("-")],
        vec![],
        "('a-b', '-', 'c')",
    );
    check(
        &mut vm,
        s("abc"),
        "partition",
        vec![s("x")],
        vec![],
        "('abc', '', '')",
    );
    check(
        &mut vm,
        s("abc"),
        "rpartition",
        vec![s("x")],
        vec![],
        "('', '', 'abc')",
    );
    check(
        &mut vm,
        s("a"),
        "partition",
        vec![s("")],
        vec![],
        "ValueError: empty separator",
    );
    check(
        &mut vm,
        s("a"),
        "partition",
        vec![Value::Int(1)],
        vec![],
        "TypeError: must be str, not int",
    );
    check(
        &mut vm,
        s("中-文"),
        "partition",
        vec![s("-")],
        vec![],
        "('中', '-', '文')",
    );
    check(
        &mut vm,
        s("TestCase"),
        "removeprefix",
        vec![s("Test")],
        vec![],
        "Case",
    );
    check(
        &mut vm,
        s("TestCase"),
        "removeprefix",
        vec![s("x")],
        vec![],
        "TestCase",
    );
    check(
        &mut vm,
        s("TestCase"),
        "removesuffix",
        vec![s("Case")],
        vec![],
        "Test",
    );
    check(
        &mut vm,
        s("abc"),
        "removesuffix",
        vec![s("")],
        vec![],
        "abc",
    );
    check(
        &mut vm,
        s("a"),
        "removeprefix",
        vec![Value::Int(1)],
        vec![],
        "TypeError: removeprefix() argument must be str, not int",
    );
}

#[test]
fn padding() {
    let mut vm = test_vm();
    check(
        &mut vm,
        s("a"),
        "center",
        vec![Value::Int(5)],
        vec![],
        "  a  ",
    );
    check(
        &mut vm,
        s("ab"),
        "center",
        vec![Value::Int(5)],
        vec![],
        "  ab ",
    );
    check(
        &mut vm,
        s("abc"),
        "center",
        vec![Value::Int(6)],
        vec![],
        " abc  ",
    );
    check(
        &mut vm,
        s("ab"),
        "center",
        vec![Value::Int(6), s("*")],
        vec![],
        "**ab**",
    );
    check(
        &mut vm,
        s("a"),
        "center",
        vec![Value::Int(4)],
        vec![],
        " a  ",
    );
    check(
        &mut vm,
        s("中"),
        "center",
        vec![Value::Int(5), s("中")],
        vec![],
        "中中中中中",
    );
    check(
        &mut vm,
        s("abc"),
        "center",
        vec![Value::Int(2)],
        vec![],
        "abc",
    );
    check(&mut vm, s("a"), "center", vec![Value::Int(-5)], vec![], "a");
    check(&mut vm, s("a"), "ljust", vec![Value::Int(3)], vec![], "a  ");
    check(
        &mut vm,
        s("a"),
        "rjust",
        vec![Value::Int(3), s("0")],
        vec![],
        "00a",
    );
    check(
        &mut vm,
        s("中文"),
        "rjust",
        vec![Value::Int(6)],
        vec![],
        "    中文",
    );
    check(
        &mut vm,
        s("a"),
        "center",
        vec![],
        vec![],
        "TypeError: center expected at least 1 argument, got 0",
    );
    check(
        &mut vm,
        s("a"),
        "center",
        vec![Value::Int(5), s("ab")],
        vec![],
        "TypeError: The fill character must be exactly one character long",
    );
    check(
        &mut vm,
        s("a"),
        "ljust",
        vec![Value::Int(5), Value::Int(1)],
        vec![],
        "TypeError: The fill character must be a unicode character, not int",
    );
    check(
        &mut vm,
        s("a"),
        "center",
        vec![s("5")],
        vec![],
        "TypeError: 'str' object cannot be interpreted as an integer",
    );
    check(
        &mut vm,
        s("a"),
        "center",
        vec![Value::Float(1.5)],
        vec![],
        "TypeError: 'float' object cannot be interpreted as an integer",
    );
    check(
        &mut vm,
        s("a"),
        "center",
        vec![Value::Int(5)],
        vec![("fillchar", s("x"))],
        "TypeError: str.center() takes no keyword arguments",
    );
    check(
        &mut vm,
        s("42"),
        "zfill",
        vec![Value::Int(5)],
        vec![],
        "00042",
    );
    check(
        &mut vm,
        s("-42"),
        "zfill",
        vec![Value::Int(5)],
        vec![],
        "-0042",
    );
    check(
        &mut vm,
        s("+42"),
        "zfill",
        vec![Value::Int(5)],
        vec![],
        "+0042",
    );
    check(
        &mut vm,
        s("abc"),
        "zfill",
        vec![Value::Int(2)],
        vec![],
        "abc",
    );
    check(&mut vm, s(""), "zfill", vec![Value::Int(3)], vec![], "000");
    check(&mut vm, s("-"), "zfill", vec![Value::Int(3)], vec![], "-00");
    check(
        &mut vm,
        s("a"),
        "zfill",
        vec![s("x")],
        vec![],
        "TypeError: 'str' object cannot be interpreted as an integer",
    );
    check(
        &mut vm,
        s("a\tb\tc"),
        "expandtabs",
        vec![],
        vec![],
        "a       b       c",
    );
    check(
        &mut vm,
        s("a\tbc\td"),
        "expandtabs",
        vec![Value::Int(4)],
        vec![],
        "a   bc  d",
    );
    check(
        &mut vm,
        s("ab\n\tc\r\td"),
        "expandtabs",
        vec![Value::Int(4)],
        vec![],
        "ab\n    c\r    d",
    );
    check(
        &mut vm,
        s("a\tb"),
        "expandtabs",
        vec![Value::Int(0)],
        vec![],
        "ab",
    );
    check(
        &mut vm,
        s("a\tb"),
        "expandtabs",
        vec![Value::Int(-1)],
        vec![],
        "ab",
    );
    check(
        &mut vm,
        s("中\t文"),
        "expandtabs",
        vec![Value::Int(4)],
        vec![],
        "中   文",
    );
    check(
        &mut vm,
        s("a\tb"),
        "expandtabs",
        vec![],
        vec![("tabsize", Value::Int(2))],
        "a b",
    );
    check(
        &mut vm,
        s("a"),
        "expandtabs",
        vec![s("x")],
        vec![],
        "TypeError: 'str' object cannot be interpreted as an integer",
    );
}

#[test]
fn encoding() {
    let mut vm = test_vm();
    check(
        &mut vm,
        s("中文"),
        "encode",
        vec![],
        vec![],
        "b'\\xe4\\xb8\\xad\\xe6\\x96\\x87'",
    );
    check(
        &mut vm,
        s("abc"),
        "encode",
        vec![s("ascii")],
        vec![],
        "b'abc'",
    );
    check(&mut vm, s("中"), "encode", vec![s("ascii")], vec![], "UnicodeEncodeError: 'ascii' codec can't encode character '\\u4e2d' in position 0: ordinal not in range(128)");
    check(
        &mut vm,
        s("a中b"),
        "encode",
        vec![s("ascii"), s("replace")],
        vec![],
        "b'a?b'",
    );
    check(
        &mut vm,
        s("a中b"),
        "encode",
        vec![],
        vec![("encoding", s("ascii")), ("errors", s("ignore"))],
        "b'ab'",
    );
    check(
        &mut vm,
        s("é"),
        "encode",
        vec![s("latin-1")],
        vec![],
        "b'\\xe9'",
    );
    check(
        &mut vm,
        s("x"),
        "encode",
        vec![s("foo")],
        vec![],
        "LookupError: unknown encoding: foo",
    );
    check(
        &mut vm,
        s("x"),
        "encode",
        vec![Value::Int(1)],
        vec![],
        "TypeError: encode() argument 'encoding' must be str, not int",
    );
    check(
        &mut vm,
        s("x"),
        "encode",
        vec![s("utf-8"), Value::Int(1)],
        vec![],
        "TypeError: encode() argument 'errors' must be str, not int",
    );
    check(
        &mut vm,
        s("a"),
        "encode",
        vec![s("utf-8"), s("strict"), Value::Int(3)],
        vec![],
        "TypeError: encode() takes at most 2 arguments (3 given)",
    );
}

#[test]
fn format_method() {
    let mut vm = test_vm();
    check(
        &mut vm,
        s("{} {}"),
        "format",
        vec![Value::Int(1), s("a")],
        vec![],
        "1 a",
    );
    check(
        &mut vm,
        s("{1} {0}"),
        "format",
        vec![s("a"), s("b")],
        vec![],
        "b a",
    );
    check(
        &mut vm,
        s("{x}-{y}"),
        "format",
        vec![],
        vec![("x", Value::Int(1)), ("y", Value::Int(2))],
        "1-2",
    );
    check(
        &mut vm,
        s("{} {}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "IndexError: Replacement index 1 out of range for positional args tuple",
    );
    check(
        &mut vm,
        s("{0} {}"),
        "format",
        vec![Value::Int(1), Value::Int(2)],
        vec![],
        "ValueError: cannot switch from manual field specification to automatic field numbering",
    );
    check(
        &mut vm,
        s("{} {0}"),
        "format",
        vec![Value::Int(1), Value::Int(2)],
        vec![],
        "ValueError: cannot switch from automatic field numbering to manual field specification",
    );
    check(
        &mut vm,
        s("{a}"),
        "format",
        vec![],
        vec![("b", Value::Int(1))],
        "KeyError: 'a'",
    );
    check(
        &mut vm,
        s("{"),
        "format",
        vec![],
        vec![],
        "ValueError: Single '{' encountered in format string",
    );
    check(
        &mut vm,
        s("}"),
        "format",
        vec![],
        vec![],
        "ValueError: Single '}' encountered in format string",
    );
    check(
        &mut vm,
        s("{0"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "ValueError: expected '}' before end of string",
    );
    check(
        &mut vm,
        s("{!}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "ValueError: unmatched '{' in format spec",
    );
    check(
        &mut vm,
        s("{!x}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "ValueError: Unknown conversion specifier x",
    );
    check(
        &mut vm,
        s("{0!r:>5}"),
        "format",
        vec![s("a")],
        vec![],
        "  'a'",
    );
    check(&mut vm, s("{!r:}"), "format", vec![s("a")], vec![], "'a'");
    check(
        &mut vm,
        s("{:{}}"),
        "format",
        vec![s("a"), Value::Int(5)],
        vec![],
        "a    ",
    );
    check(
        &mut vm,
        s("{:{w}.{p}f}"),
        "format",
        vec![Value::Float(3.14259)],
        vec![("w", Value::Int(10)), ("p", Value::Int(2))],
        "      3.14",
    );
    check(
        &mut vm,
        s("{0[1]}"),
        "format",
        vec![list(vec![Value::Int(5), Value::Int(6)])],
        vec![],
        "6",
    );
    check(
        &mut vm,
        s("{0[a]}"),
        "format",
        vec![dict(vec![(s("a"), Value::Int(7))])],
        vec![],
        "7",
    );
    check(
        &mut vm,
        s("{0[0][1]}"),
        "format",
        vec![list(vec![list(vec![Value::Int(1), Value::Int(2)])])],
        vec![],
        "2",
    );
    check(
        &mut vm,
        s("{0[5]}"),
        "format",
        vec![list(vec![Value::Int(1)])],
        vec![],
        "IndexError: list index out of range",
    );
    check(
        &mut vm,
        s("{{}} {{{0}}}"),
        "format",
        vec![Value::Int(3)],
        vec![],
        "{} {3}",
    );
    check(
        &mut vm,
        s("{0:{1:{2}}}"),
        "format",
        vec![Value::Int(1), Value::Int(2), Value::Int(3)],
        vec![],
        "ValueError: Max string recursion exceeded",
    );
    check(
        &mut vm,
        s("{:>10}"),
        "format",
        vec![s("中文")],
        vec![],
        "        中文",
    );
    check(
        &mut vm,
        s("{:*^11}"),
        "format",
        vec![s("中文")],
        vec![],
        "****中文*****",
    );
    check(
        &mut vm,
        s("{0.}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "ValueError: Empty attribute in format string",
    );
    check(
        &mut vm,
        s("{0[}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "ValueError: expected '}' before end of string",
    );
    check(
        &mut vm,
        s("{0]}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "KeyError: '0]'",
    );
    check(
        &mut vm,
        s("{0[]}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "ValueError: Empty attribute in format string",
    );
    check(
        &mut vm,
        s("{-1}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "KeyError: '-1'",
    );
    check(
        &mut vm,
        s("{1}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "IndexError: Replacement index 1 out of range for positional args tuple",
    );
    check(
        &mut vm,
        s("{ }"),
        "format",
        vec![],
        vec![(" ", Value::Int(5))],
        "5",
    );
    check(
        &mut vm,
        s("{0[-1]}"),
        "format",
        vec![dict(vec![(s("-1"), s("neg"))])],
        vec![],
        "neg",
    );
    check(
        &mut vm,
        s("{0:{a}}"),
        "format",
        vec![Value::Int(1)],
        vec![],
        "KeyError: 'a'",
    );
    check(
        &mut vm,
        s("{:,.2f}"),
        "format",
        vec![Value::Float(1234567.891)],
        vec![],
        "1,234,567.89",
    );
    check(
        &mut vm,
        s("{:g}"),
        "format",
        vec![Value::Float(1e-05)],
        vec![],
        "1e-05",
    );
    check(
        &mut vm,
        s("{0!a}"),
        "format",
        vec![s("é")],
        vec![],
        "'\\xe9'",
    );
    check(
        &mut vm,
        s("{!s:^7}"),
        "format",
        vec![Value::None],
        vec![],
        " None  ",
    );
    check(
        &mut vm,
        s("{0.__class__.__name__}"),
        "format",
        vec![s("x")],
        vec![],
        "str",
    );
    check(
        &mut vm,
        s("{0.__class__.x}"),
        "format",
        vec![s("x")],
        vec![],
        "AttributeError: type object 'str' has no attribute 'x'",
    );
    check(
        &mut vm,
        s("{0[0]x}"),
        "format",
        vec![list(vec![Value::Int(1)])],
        vec![],
        "ValueError: Only '.' or '[' may follow ']' in format field specifier",
    );
    check(
        &mut vm,
        s("{0[0}"),
        "format",
        vec![list(vec![Value::Int(1)])],
        vec![],
        "ValueError: expected '}' before end of string",
    );
    check(
        &mut vm,
        s("x{}y{}z"),
        "format",
        vec![s("中"), Value::Float(2.5)],
        vec![],
        "x中y2.5z",
    );
    check(
        &mut vm,
        s("{:d}"),
        "format",
        vec![s("x")],
        vec![],
        "ValueError: Unknown format code 'd' for object of type 'str'",
    );
    check(&mut vm, s("{{x}}"), "format", vec![], vec![], "{x}");
    check(
        &mut vm,
        s("{:%}"),
        "format",
        vec![Value::Float(0.5)],
        vec![],
        "50.000000%",
    );
    check(
        &mut vm,
        s("{0}{0}"),
        "format",
        vec![s("ab")],
        vec![],
        "abab",
    );
    check(
        &mut vm,
        s("{:5}|{:<5}|{:^5}|{:>5}"),
        "format",
        vec![Value::Int(1), Value::Int(2), Value::Int(3), Value::Int(4)],
        vec![],
        "    1|2    |  3  |    4",
    );
    check(
        &mut vm,
        s("{a[b]}"),
        "format",
        vec![],
        vec![("a", dict(vec![(s("b"), s("c"))]))],
        "c",
    );
    check(
        &mut vm,
        s("{0:}"),
        "format",
        vec![Value::Bool(true)],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("{}"),
        "format",
        vec![Value::Bool(true)],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("{x}"),
        "format_map",
        vec![dict(vec![(s("x"), Value::Int(1))])],
        vec![],
        "1",
    );
    check(
        &mut vm,
        s("{x}"),
        "format_map",
        vec![dict(vec![])],
        vec![],
        "KeyError: 'x'",
    );
    check(
        &mut vm,
        s("{0}"),
        "format_map",
        vec![dict(vec![])],
        vec![],
        "ValueError: Format string contains positional fields",
    );
    check(
        &mut vm,
        s("a"),
        "format_map",
        vec![Value::Int(1)],
        vec![],
        "a",
    );
    check(
        &mut vm,
        s("{x}"),
        "format_map",
        vec![Value::Int(1)],
        vec![],
        "TypeError: 'int' object is not subscriptable",
    );
    check(
        &mut vm,
        s("{0} {1}"),
        "format",
        vec![],
        vec![],
        "IndexError: Replacement index 0 out of range for positional args tuple",
    );
}

#[test]
fn translate() {
    let mut vm = test_vm();
    check(
        &mut vm,
        s("abc"),
        "translate",
        vec![dict(vec![
            (Value::Int(97), s("X")),
            (Value::Int(98), Value::None),
            (Value::Int(99), Value::Int(100)),
        ])],
        vec![],
        "Xd",
    );
    check(
        &mut vm,
        s("abc"),
        "translate",
        vec![dict(vec![(Value::Int(97), Value::Float(1.5))])],
        vec![],
        "TypeError: character mapping must return integer, None or str",
    );
    check(
        &mut vm,
        s("abc"),
        "translate",
        vec![dict(vec![(Value::Int(97), Value::Int(-1))])],
        vec![],
        "ValueError: character mapping must be in range(0x110000)",
    );
    check(
        &mut vm,
        s("abc"),
        "translate",
        vec![list(vec![])],
        vec![],
        "abc",
    );
    check(
        &mut vm,
        s("中文"),
        "translate",
        vec![dict(vec![(Value::Int(20013), s("中国"))])],
        vec![],
        "中国文",
    );
    check(
        &mut vm,
        s("hello"),
        "translate",
        vec![dict(vec![
            (Value::Int(101), Value::Int(105)),
            (Value::Int(108), Value::Int(112)),
        ])],
        vec![],
        "hippo",
    );
    check(
        &mut vm,
        s("hello"),
        "translate",
        vec![dict(vec![
            (Value::Int(108), Value::Int(76)),
            (Value::Int(111), Value::None),
        ])],
        vec![],
        "heLL",
    );
    check(
        &mut vm,
        s("a"),
        "translate",
        vec![Value::Int(1)],
        vec![],
        "TypeError: 'int' object is not subscriptable",
    );
}

#[test]
fn special_methods() {
    let mut vm = test_vm();
    check(&mut vm, s("abc"), "__len__", vec![], vec![], "3");
    check(&mut vm, s("中文"), "__len__", vec![], vec![], "2");
    check(
        &mut vm,
        s("abc"),
        "__getitem__",
        vec![Value::Int(1)],
        vec![],
        "b",
    );
    check(
        &mut vm,
        s("abc"),
        "__getitem__",
        vec![Value::Int(-1)],
        vec![],
        "c",
    );
    check(
        &mut vm,
        s("abc"),
        "__getitem__",
        vec![Value::Int(5)],
        vec![],
        "IndexError: string index out of range",
    );
    check(
        &mut vm,
        s("abc"),
        "__getitem__",
        vec![s("x")],
        vec![],
        "TypeError: string indices must be integers, not 'str'",
    );
    check(
        &mut vm,
        s("中文字"),
        "__getitem__",
        vec![Value::Int(1)],
        vec![],
        "文",
    );
    check(
        &mut vm,
        s("abc"),
        "__getitem__",
        vec![Value::Bool(true)],
        vec![],
        "b",
    );
    check(
        &mut vm,
        s("abc"),
        "__contains__",
        vec![s("b")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("abc"),
        "__contains__",
        vec![s("")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        s("abc"),
        "__contains__",
        vec![Value::Int(1)],
        vec![],
        "TypeError: 'in <string>' requires string as left operand, not int",
    );
    check(
        &mut vm,
        s("中文"),
        "__contains__",
        vec![s("文")],
        vec![],
        "True",
    );
    check(&mut vm, s("ab"), "__add__", vec![s("cd")], vec![], "abcd");
    check(
        &mut vm,
        s("ab"),
        "__add__",
        vec![Value::Int(1)],
        vec![],
        "TypeError: can only concatenate str (not \"int\") to str",
    );
    check(
        &mut vm,
        s("ab"),
        "__mul__",
        vec![Value::Int(3)],
        vec![],
        "ababab",
    );
    check(&mut vm, s("ab"), "__mul__", vec![Value::Int(0)], vec![], "");
    check(
        &mut vm,
        s("ab"),
        "__mul__",
        vec![Value::Int(-2)],
        vec![],
        "",
    );
    check(
        &mut vm,
        s("ab"),
        "__rmul__",
        vec![Value::Int(2)],
        vec![],
        "abab",
    );
    check(
        &mut vm,
        s("ab"),
        "__mul__",
        vec![Value::Bool(true)],
        vec![],
        "ab",
    );
    check(
        &mut vm,
        s("%s"),
        "__mod__",
        vec![Value::Int(1)],
        vec![],
        "1",
    );
    check(
        &mut vm,
        s("a"),
        "__mod__",
        vec![Value::Int(1)],
        vec![],
        "TypeError: not all arguments converted during string formatting",
    );
    check(&mut vm, s("a"), "__eq__", vec![s("a")], vec![], "True");
    check(
        &mut vm,
        s("a"),
        "__eq__",
        vec![Value::Int(1)],
        vec![],
        "NotImplemented",
    );
    check(&mut vm, s("a"), "__ne__", vec![s("b")], vec![], "True");
    check(&mut vm, s("a"), "__lt__", vec![s("b")], vec![], "True");
    check(&mut vm, s("b"), "__le__", vec![s("a")], vec![], "False");
    check(&mut vm, s("b"), "__gt__", vec![s("a")], vec![], "True");
    check(&mut vm, s("a"), "__ge__", vec![s("a")], vec![], "True");
    check(
        &mut vm,
        s("a"),
        "__lt__",
        vec![Value::Int(1)],
        vec![],
        "NotImplemented",
    );
    check(&mut vm, s("中"), "__gt__", vec![s("z")], vec![], "True");
    check(&mut vm, s("it's"), "__repr__", vec![], vec![], "\"it's\"");
    check(
        &mut vm,
        s("a\"b'c"),
        "__repr__",
        vec![],
        vec![],
        "'a\"b\\'c'",
    );
    check(&mut vm, s("中\n"), "__repr__", vec![], vec![], "'中\\n'");
    check(&mut vm, s("x"), "__str__", vec![], vec![], "x");
    check(
        &mut vm,
        s("abc"),
        "__format__",
        vec![s(">5")],
        vec![],
        "  abc",
    );
    check(
        &mut vm,
        s("abc"),
        "__format__",
        vec![Value::Int(1)],
        vec![],
        "TypeError: __format__() argument must be str, not int",
    );
    check(
        &mut vm,
        s("abc"),
        "__format__",
        vec![],
        vec![],
        "TypeError: str.__format__() takes exactly one argument (0 given)",
    );
    check(
        &mut vm,
        s("a"),
        "__len__",
        vec![Value::Int(1)],
        vec![],
        "TypeError: expected 0 arguments, got 1",
    );
    check(
        &mut vm,
        s("a"),
        "__getitem__",
        vec![],
        vec![],
        "TypeError: expected 1 argument, got 0",
    );
}

#[test]
fn percent_formatting() {
    let mut vm = test_vm();
    check_mod(
        &mut vm,
        s("%s %s"),
        tup(vec![s("a")]),
        "TypeError: not enough arguments for format string",
    );
    check_mod(
        &mut vm,
        s("%s"),
        tup(vec![s("a"), s("b")]),
        "TypeError: not all arguments converted during string formatting",
    );
    check_mod(
        &mut vm,
        s("%d"),
        s("x"),
        "TypeError: %d format: a real number is required, not str",
    );
    check_mod(
        &mut vm,
        s("%x"),
        Value::Float(1.5),
        "TypeError: %x format: an integer is required, not float",
    );
    check_mod(&mut vm, s("%d"), Value::Float(1.7), "1");
    check_mod(
        &mut vm,
        s("%c"),
        s("ab"),
        "TypeError: %c requires int or char",
    );
    check_mod(
        &mut vm,
        s("%c"),
        Value::Float(1.5),
        "TypeError: %c requires int or char",
    );
    check_mod(&mut vm, s("%c"), Value::Int(65), "A");
    check_mod(&mut vm, s("%c"), s("中"), "中");
    check_mod(
        &mut vm,
        s("%(a)s"),
        Value::Int(5),
        "TypeError: format requires a mapping",
    );
    check_mod(
        &mut vm,
        s("%z"),
        Value::Int(1),
        "ValueError: unsupported format character 'z' (0x7a) at index 1",
    );
    check_mod(
        &mut vm,
        s("%"),
        Value::Int(1),
        "ValueError: incomplete format",
    );
    check_mod(
        &mut vm,
        s("%5"),
        Value::Int(1),
        "ValueError: incomplete format",
    );
    check_mod(
        &mut vm,
        s("%*d"),
        tup(vec![s("a"), Value::Int(1)]),
        "TypeError: * wants int",
    );
    check_mod(
        &mut vm,
        s("%.*f"),
        tup(vec![Value::Int(2), Value::Float(3.14259)]),
        "3.14",
    );
    check_mod(
        &mut vm,
        s("%*d"),
        tup(vec![Value::Int(5), Value::Int(1)]),
        "    1",
    );
    check_mod(
        &mut vm,
        s("%-*d|"),
        tup(vec![Value::Int(5), Value::Int(1)]),
        "1    |",
    );
    check_mod(
        &mut vm,
        s("%*d|"),
        tup(vec![Value::Int(-5), Value::Int(1)]),
        "1    |",
    );
    check_mod(
        &mut vm,
        s("%(a)s %(b)s"),
        dict(vec![(s("a"), Value::Int(1))]),
        "KeyError: 'b'",
    );
    check_mod(&mut vm, s("%s"), Value::None, "None");
    check_mod(&mut vm, s("%r"), s("x"), "'x'");
    check_mod(&mut vm, s("%a"), s("中"), "'\\u4e2d'");
    check_mod(
        &mut vm,
        s("%5s|%-5s|"),
        tup(vec![s("ab"), s("cd")]),
        "   ab|cd   |",
    );
    check_mod(&mut vm, s("%.2s"), s("abcdef"), "ab");
    check_mod(
        &mut vm,
        s("%#x %#o %#X"),
        tup(vec![Value::Int(255), Value::Int(8), Value::Int(255)]),
        "0xff 0o10 0XFF",
    );
    check_mod(
        &mut vm,
        s("%+d % d"),
        tup(vec![Value::Int(5), Value::Int(5)]),
        "+5  5",
    );
    check_mod(&mut vm, s("%e"), Value::Float(12345.678), "1.234568e+04");
    check_mod(&mut vm, s("%E"), Value::Float(0.000123), "1.230000E-04");
    check_mod(
        &mut vm,
        s("%g %g %g %g"),
        tup(vec![
            Value::Float(1e-05),
            Value::Int(123456789),
            Value::Float(0.0001),
            Value::Int(100000),
        ]),
        "1e-05 1.23457e+08 0.0001 100000",
    );
    check_mod(&mut vm, s("%#g"), Value::Float(1.0), "1.00000");
    check_mod(&mut vm, s("%10.3f|"), Value::Float(3.14259), "     3.143|");
    check_mod(&mut vm, s("%-10.3f|"), Value::Float(3.14259), "3.143     |");
    check_mod(&mut vm, s("%010.3f"), Value::Float(-3.14259), "-00003.143");
    check_mod(
        &mut vm,
        s("%i %u"),
        tup(vec![Value::Int(3), Value::Int(4)]),
        "3 4",
    );
    check_mod(&mut vm, s("%x"), Value::Int(-255), "-ff");
    check_mod(&mut vm, s("%#x"), Value::Int(-255), "-0xff");
    check_mod(&mut vm, s("%05x"), Value::Int(-255), "-00ff");
    check_mod(
        &mut vm,
        s("%d"),
        big("1000000000000000000000000000000"),
        "1000000000000000000000000000000",
    );
    check_mod(
        &mut vm,
        s("%x"),
        big("1180591620717411303424"),
        "400000000000000000",
    );
    check_mod(
        &mut vm,
        s("%f"),
        big("1000000000000000000000000000000"),
        "1000000000000000019884624838656.000000",
    );
    check_mod(&mut vm, s("%s"), tup(vec![Value::Int(1)]), "1");
    check_mod(
        &mut vm,
        s("%s"),
        list(vec![Value::Int(1), Value::Int(2)]),
        "[1, 2]",
    );
    check_mod(
        &mut vm,
        s("%s"),
        tup(vec![tup(vec![Value::Int(1), Value::Int(2)])]),
        "(1, 2)",
    );
    check_mod(&mut vm, s("%d"), Value::Bool(true), "1");
    check_mod(&mut vm, s("%f"), Value::Float(f64::INFINITY), "inf");
    check_mod(&mut vm, s("%05.1f"), Value::Float(f64::NAN), "00nan");
    check_mod(
        &mut vm,
        s("%08.2f"),
        Value::Float(f64::NEG_INFINITY),
        "-0000inf",
    );
    check_mod(&mut vm, s("%d%%"), Value::Int(50), "50%");
    check_mod(
        &mut vm,
        s("%(x)d%%"),
        dict(vec![(s("x"), Value::Int(3))]),
        "3%",
    );
    check_mod(
        &mut vm,
        s("%c"),
        Value::Int(1114112),
        "OverflowError: %c arg not in range(0x110000)",
    );
    check_mod(
        &mut vm,
        s("%c"),
        Value::Int(-1),
        "OverflowError: %c arg not in range(0x110000)",
    );
    check_mod(&mut vm, s("%.3d"), Value::Int(5), "005");
    check_mod(&mut vm, s("%.3x"), Value::Int(255), "0ff");
    check_mod(&mut vm, s("%+.3d"), Value::Int(5), "+005");
    check_mod(&mut vm, s("%5.3d|"), Value::Int(5), "  005|");
    check_mod(&mut vm, s("%-05d|"), Value::Int(3), "3    |");
    check_mod(
        &mut vm,
        s("%ld %hd %Ld"),
        tup(vec![Value::Int(1), Value::Int(2), Value::Int(3)]),
        "1 2 3",
    );
    check_mod(&mut vm, s("%()s"), dict(vec![(s(""), Value::Int(1))]), "1");
    check_mod(
        &mut vm,
        s("%(a"),
        dict(vec![(s("a"), Value::Int(1))]),
        "ValueError: incomplete format key",
    );
    check_mod(
        &mut vm,
        s("%d"),
        Value::None,
        "TypeError: %d format: a real number is required, not NoneType",
    );
    check_mod(
        &mut vm,
        s("%x"),
        s("a"),
        "TypeError: %x format: an integer is required, not str",
    );
    check_mod(
        &mut vm,
        s("%o"),
        Value::Float(8.0),
        "TypeError: %o format: an integer is required, not float",
    );
    check_mod(
        &mut vm,
        s("%f"),
        s("x"),
        "TypeError: must be real number, not str",
    );
    check_mod(
        &mut vm,
        s("%s %s"),
        dict(vec![(s("a"), Value::Int(1))]),
        "TypeError: not enough arguments for format string",
    );
    check_mod(&mut vm, s("%%"), tup(vec![]), "%");
    check_mod(
        &mut vm,
        s("%s"),
        tup(vec![]),
        "TypeError: not enough arguments for format string",
    );
    check_mod(
        &mut vm,
        s("abc"),
        Value::Int(5),
        "TypeError: not all arguments converted during string formatting",
    );
    check_mod(
        &mut vm,
        s("abc"),
        tup(vec![Value::Int(5)]),
        "TypeError: not all arguments converted during string formatting",
    );
    check_mod(&mut vm, s("abc"), list(vec![]), "abc");
    check_mod(
        &mut vm,
        s("%s"),
        dict(vec![(s("a"), Value::Int(1))]),
        "{'a': 1}",
    );
    check_mod(
        &mut vm,
        s("%(a)s %s"),
        dict(vec![(s("a"), Value::Int(1))]),
        "TypeError: not enough arguments for format string",
    );
    check_mod(&mut vm, s("%.0e"), Value::Int(12345), "1e+04");
    check_mod(&mut vm, s("%#.0e"), Value::Int(12345), "1.e+04");
    check_mod(&mut vm, s("%#.0f"), Value::Int(3), "3.");
    check_mod(&mut vm, s("%-+8.2f|"), Value::Float(3.14259), "+3.14   |");
    check_mod(&mut vm, s("% 5d"), Value::Int(42), "   42");
    check_mod(
        &mut vm,
        s("%(a)s"),
        list(vec![]),
        "TypeError: list indices must be integers or slices, not str",
    );
    check_mod(&mut vm, s("%d"), Value::Float(3.0), "3");
    check_mod(
        &mut vm,
        s("%i"),
        s("3"),
        "TypeError: %i format: a real number is required, not str",
    );
    check_mod(&mut vm, s("%.2f"), Value::Float(2.675), "2.67");
    check_mod(
        &mut vm,
        s("%5d|%-5d|%05d"),
        tup(vec![Value::Int(1), Value::Int(2), Value::Int(3)]),
        "    1|2    |00003",
    );
    check_mod(&mut vm, s("%s"), tup(vec![Value::Int(1)]), "1");
    check_mod(&mut vm, s("%s %s"), tup(vec![s("a"), s("b")]), "a b");
    check_mod(
        &mut vm,
        s("%(a)s"),
        dict(vec![(s("a"), Value::Int(1))]),
        "1",
    );
    check_mod(&mut vm, s("%0.2f"), Value::Float(1.005), "1.00");
    check_mod(&mut vm, s("%.2f %%"), Value::Float(33.333), "33.33 %");
    check_mod(
        &mut vm,
        s("%s中%d"),
        tup(vec![s("文"), Value::Int(3)]),
        "文中3",
    );
    check_mod(&mut vm, s("%-6s|"), s("中文"), "中文    |");
    check_mod(&mut vm, s("%6s|"), s("中文"), "    中文|");
    check_mod(&mut vm, s("%.1s"), s("中文"), "中");
    check_mod(&mut vm, s("%r"), s("中"), "'中'");
    check_mod(&mut vm, s("%a"), s("é"), "'\\xe9'");
    check_mod(&mut vm, s("%s"), b(b"ab"), "b'ab'");
    check_mod(&mut vm, s("%d"), Value::Float(-0.5), "0");
    check_mod(&mut vm, s("%.3g"), Value::Float(0.0001234), "0.000123");
    check_mod(&mut vm, s("%G"), Value::Float(1e-20), "1E-20");
    check_mod(&mut vm, s("%10.4e|"), Value::Float(123.456), "1.2346e+02|");
    check_mod(&mut vm, s("%-#10x|"), Value::Int(255), "0xff      |");
    check_mod(&mut vm, s("%#o"), Value::Int(0), "0o0");
    check_mod(&mut vm, s("%s"), Value::Float(2.5), "2.5");
    check_mod(&mut vm, s("%r"), Value::Float(1e+16), "1e+16");
    check_mod(&mut vm, s("%s"), Value::Float(f64::NAN), "nan");
    check_mod(
        &mut vm,
        s("%d"),
        Value::Float(f64::NAN),
        "ValueError: cannot convert float NaN to integer",
    );
    check_mod(
        &mut vm,
        s("%d"),
        Value::Float(f64::INFINITY),
        "OverflowError: cannot convert float infinity to integer",
    );
    check_mod(&mut vm, s("%.100f"), Value::Float(0.1), "0.1000000000000000055511151231257827021181583404541015625000000000000000000000000000000000000000000000");
    check_mod(&mut vm, s("%.1f"), Value::Float(0.25), "0.2");
    check_mod(&mut vm, s("%.0f"), Value::Float(0.5), "0");
    check_mod(&mut vm, s("%.0f"), Value::Float(1.5), "2");
    check_mod(&mut vm, s("%x"), Value::Bool(true), "1");
    check_mod(
        &mut vm,
        s("%(a)d %(a)x"),
        dict(vec![(s("a"), Value::Int(255))]),
        "255 ff",
    );
    check_mod(
        &mut vm,
        s("%(a)s"),
        dict(vec![(s("a"), tup(vec![Value::Int(1), Value::Int(2)]))]),
        "(1, 2)",
    );
    check_mod(&mut vm, s("%s"), s("xxx"), "xxx");
    check_mod(&mut vm, s("%3c|"), s("x"), "  x|");
}

#[test]
fn constructor() {
    let mut vm = test_vm();
    check_new(&mut vm, "str", vec![], vec![], "");
    check_new(&mut vm, "str", vec![Value::Int(5)], vec![], "5");
    check_new(&mut vm, "str", vec![b(b"ab")], vec![], "b'ab'");
    check_new(&mut vm, "str", vec![b(b"ab"), s("utf-8")], vec![], "ab");
    check_new(
        &mut vm,
        "str",
        vec![Value::Int(1), s("utf-8")],
        vec![],
        "TypeError: decoding to str: need a bytes-like object, int found",
    );
    check_new(
        &mut vm,
        "str",
        vec![b(b"\xff"), s("utf-8"), s("replace")],
        vec![],
        "�",
    );
    check_new(&mut vm, "str", vec![], vec![("errors", s("strict"))], "");
    check_new(
        &mut vm,
        "str",
        vec![b(b"x")],
        vec![("errors", s("strict"))],
        "x",
    );
    check_new(&mut vm, "str", vec![ba(b"xy"), s("ascii")], vec![], "xy");
    check_new(
        &mut vm,
        "str",
        vec![s("a"), s("utf-8")],
        vec![],
        "TypeError: decoding str is not supported",
    );
    check_new(
        &mut vm,
        "str",
        vec![Value::Int(1), Value::Int(2), Value::Int(3), Value::Int(4)],
        vec![],
        "TypeError: str() takes at most 3 arguments (4 given)",
    );
    check_new(&mut vm, "str", vec![], vec![("object", Value::Int(5))], "5");
    check_new(
        &mut vm,
        "str",
        vec![list(vec![Value::Int(1), s("a")])],
        vec![],
        "[1, 'a']",
    );
    check_new(
        &mut vm,
        "str",
        vec![tup(vec![Value::Int(1)])],
        vec![],
        "(1,)",
    );
    check_new(&mut vm, "str", vec![Value::None], vec![], "None");
    check_new(&mut vm, "str", vec![Value::Float(2.5)], vec![], "2.5");
    check_new(
        &mut vm,
        "str",
        vec![b(b"\xe4\xb8\xad"), s("utf-8")],
        vec![],
        "中",
    );
    check_new(
        &mut vm,
        "str",
        vec![b(b"x"), Value::Int(1)],
        vec![],
        "TypeError: str() argument 'encoding' must be str, not int",
    );
    check_new(
        &mut vm,
        "str",
        vec![],
        vec![("x", Value::Int(1))],
        "TypeError: 'x' is an invalid keyword argument for str()",
    );
    check_new(&mut vm, "str", vec![s("abc")], vec![], "abc");
    check_new(&mut vm, "str", vec![Value::Bool(true)], vec![], "True");
    check_new(
        &mut vm,
        "str",
        vec![big("100000000000000000000")],
        vec![],
        "100000000000000000000",
    );
    check_new(
        &mut vm,
        "str",
        vec![dict(vec![(s("a"), Value::Int(1))])],
        vec![],
        "{'a': 1}",
    );
}
// Hand-written cases (expectations checked against CPython 3.11).

fn slice(start: Value, stop: Value, step: Value) -> Value {
    Value::from_obj(Object::Slice(Slice { start, stop, step }))
}

#[test]
fn slicing_counts_characters() {
    let mut vm = test_vm();
    let n = Value::None;
    let cases = [
        (
            "hello",
            slice(Value::Int(1), Value::Int(3), n.clone()),
            "el",
        ),
        (
            "hello",
            slice(n.clone(), n.clone(), Value::Int(-1)),
            "olleh",
        ),
        ("hello", slice(n.clone(), n.clone(), Value::Int(2)), "hlo"),
        ("hello", slice(Value::Int(5), Value::Int(1), n.clone()), ""),
        (
            "中文字符",
            slice(Value::Int(1), Value::Int(3), n.clone()),
            "文字",
        ),
        (
            "中文字符",
            slice(n.clone(), n.clone(), Value::Int(-1)),
            "符字文中",
        ),
        (
            "中文字符",
            slice(Value::Int(-2), n.clone(), n.clone()),
            "字符",
        ),
        (
            "中文字符",
            slice(Value::Int(3), Value::Int(0), Value::Int(-2)),
            "符文",
        ),
    ];
    for (text, key, want) in cases {
        check(&mut vm, s(text), "__getitem__", vec![key], vec![], want);
    }
    let zero = slice(n.clone(), n.clone(), Value::Int(0));
    check(
        &mut vm,
        s("abc"),
        "__getitem__",
        vec![zero],
        vec![],
        "ValueError: slice step cannot be zero",
    );
}

#[test]
fn iteration_yields_characters() {
    let mut vm = test_vm();
    let it = vm
        .getattr_str(&s("a中b"), "__iter__")
        .and_then(|f| vm.call(&f, Args::default()));
    let it = it.unwrap_or(Value::None);
    let mut seen = Vec::new();
    while let Ok(Some(c)) = vm.next(&it) {
        seen.push(c.as_str().unwrap_or("?").to_string());
    }
    assert_eq!(seen, ["a", "中", "b"]);
}

#[test]
fn maketrans_builds_tables() {
    let mut vm = test_vm();
    let class = Value::Obj(vm.rt.types.str_.clone());
    let cases = [
        (
            vec![s("ab"), s("xy"), s("c")],
            "{97: 120, 98: 121, 99: None}",
        ),
        (
            vec![dict(vec![(s("a"), s("b")), (Value::Int(98), s("c"))])],
            "{97: 'b', 98: 'c'}",
        ),
        (
            vec![s("ab"), s("c")],
            "ValueError: the first two maketrans arguments must have equal length",
        ),
        (
            vec![Value::Int(1)],
            "TypeError: if you give only one argument to maketrans it must be a dict",
        ),
        (
            vec![dict(vec![(s("ab"), Value::Int(1))])],
            "ValueError: string keys in translate table must be of length 1",
        ),
    ];
    for (args, want) in cases {
        check(&mut vm, class.clone(), "maketrans", args, vec![], want);
    }
}

#[test]
fn unbound_methods_check_self() {
    let mut vm = test_vm();
    let upper = vm
        .getattr_str(&Value::Obj(vm.rt.types.str_.clone()), "upper")
        .unwrap_or(Value::None);
    let r = vm.call(&upper, Args::new([Value::Int(1)]));
    assert_eq!(
        show(&mut vm, r),
        "TypeError: descriptor 'upper' for 'str' objects doesn't apply to a 'int' object"
    );
    let r = vm.call(&upper, Args::default());
    assert_eq!(
        show(&mut vm, r),
        "TypeError: unbound method str.upper() needs an argument"
    );
    let r = vm.call(&upper, Args::new([s("abc")]));
    assert_eq!(show(&mut vm, r), "ABC");
}

#[test]
fn subclass_values_use_str_methods() {
    let mut vm = test_vm();
    let ns = Object::Dict(crate::vm::GilCell::new(crate::vm::Dict::new()));
    let bases = vec![Value::Obj(vm.rt.types.str_.clone())];
    let class = vm
        .make_class("Name", bases, &crate::vm::Obj::new(ns))
        .map(Value::Obj)
        .unwrap_or(Value::None);
    let v = vm
        .call(&class, Args::new([s("abc")]))
        .unwrap_or(Value::None);
    assert_eq!(vm.type_name(&v), "Name");
    assert_eq!(
        call_method(&mut vm, v.clone(), "upper", vec![], vec![]),
        "ABC"
    );
    assert_eq!(vm.to_str(&v).unwrap_or_default(), "abc");
    let joined = vm.binary_op(crate::bytecode::BinaryOperator::Add, &v, &s("d"));
    assert_eq!(show(&mut vm, joined), "abcd");
    assert_eq!(
        call_method(
            &mut vm,
            s("-"),
            "join",
            vec![list(vec![v.clone(), s("x")])],
            vec![]
        ),
        "abc-x"
    );
    assert!(vm.eq(&v, &s("abc")).unwrap_or(false));
}
