//! Unit tests of `bytes` and `bytearray`: every expectation was produced by
//! CPython 3.11 on the same call (generated; edit the cases, not the expectations).

use crate::native::test_vm;
use crate::native::text::testing::*;
use crate::vm::{Args, Value};

#[test]
fn methods() {
    let mut vm = test_vm();
    check(
        &mut vm,
        b(b"abc"),
        "find",
        vec![s("a")],
        vec![],
        "TypeError: argument should be integer or bytes-like object, not 'str'",
    );
    check(
        &mut vm,
        b(b"abc"),
        "find",
        vec![Value::Int(300)],
        vec![],
        "ValueError: byte must be in range(0, 256)",
    );
    check(
        &mut vm,
        b(b"abc"),
        "find",
        vec![Value::Int(98)],
        vec![],
        "1",
    );
    check(
        &mut vm,
        b(b"abcabc"),
        "find",
        vec![b(b"c"), Value::Int(3)],
        vec![],
        "5",
    );
    check(&mut vm, b(b"abcabc"), "rfind", vec![b(b"ab")], vec![], "3");
    check(
        &mut vm,
        b(b"abc"),
        "find",
        vec![b(b"a"), s("x")],
        vec![],
        "TypeError: slice indices must be integers or None or have an __index__ method",
    );
    check(&mut vm, b(b"abc"), "find", vec![ba(b"bc")], vec![], "1");
    check(
        &mut vm,
        b(b"abc"),
        "index",
        vec![b(b"z")],
        vec![],
        "ValueError: subsection not found",
    );
    check(&mut vm, b(b"abc"), "rindex", vec![b(b"a")], vec![], "0");
    check(&mut vm, b(b"abc"), "count", vec![b(b"")], vec![], "4");
    check(
        &mut vm,
        b(b"abc"),
        "count",
        vec![Value::Int(98)],
        vec![],
        "1",
    );
    check(&mut vm, b(b"aaaa"), "count", vec![b(b"aa")], vec![], "2");
    check(
        &mut vm,
        b(b"abc"),
        "count",
        vec![b(b""), Value::Int(5)],
        vec![],
        "0",
    );
    check(
        &mut vm,
        b(b"abc"),
        "startswith",
        vec![s("a")],
        vec![],
        "TypeError: startswith first arg must be bytes or a tuple of bytes, not str",
    );
    check(
        &mut vm,
        b(b"abc"),
        "startswith",
        vec![tup(vec![s("a")])],
        vec![],
        "TypeError: a bytes-like object is required, not 'str'",
    );
    check(
        &mut vm,
        b(b"abc"),
        "startswith",
        vec![tup(vec![b(b"x"), b(b"a")])],
        vec![],
        "True",
    );
    check(
        &mut vm,
        b(b"abc"),
        "endswith",
        vec![b(b"bc")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        b(b"abc"),
        "endswith",
        vec![b(b"b"), Value::Int(0), Value::Int(2)],
        vec![],
        "True",
    );
    check(
        &mut vm,
        b(b"abc"),
        "startswith",
        vec![b(b""), Value::Int(4)],
        vec![],
        "False",
    );
    check(
        &mut vm,
        b(b"a b"),
        "split",
        vec![s("a")],
        vec![],
        "TypeError: a bytes-like object is required, not 'str'",
    );
    check(
        &mut vm,
        b(b"a,b,,c"),
        "split",
        vec![b(b",")],
        vec![],
        "[b'a', b'b', b'', b'c']",
    );
    check(
        &mut vm,
        b(b"  a b  "),
        "split",
        vec![],
        vec![],
        "[b'a', b'b']",
    );
    check(
        &mut vm,
        b(b"a b c"),
        "rsplit",
        vec![Value::None, Value::Int(1)],
        vec![],
        "[b'a b', b'c']",
    );
    check(
        &mut vm,
        b(b"a\x0bb\x0cc"),
        "split",
        vec![],
        vec![],
        "[b'a', b'b', b'c']",
    );
    check(
        &mut vm,
        b(b"a"),
        "split",
        vec![b(b"")],
        vec![],
        "ValueError: empty separator",
    );
    check(
        &mut vm,
        b(b"a-b-c"),
        "split",
        vec![b(b"-"), Value::Int(1)],
        vec![],
        "[b'a', b'b-c']",
    );
    check(
        &mut vm,
        ba(b"a,b"),
        "split",
        vec![b(b",")],
        vec![],
        "[bytearray(b'a'), bytearray(b'b')]",
    );
    check(
        &mut vm,
        b(b"a-b-c"),
        "rsplit",
        vec![],
        vec![("sep", b(b"-")), ("maxsplit", Value::Int(1))],
        "[b'a-b', b'c']",
    );
    check(
        &mut vm,
        b(b"a"),
        "join",
        vec![list(vec![s("a")])],
        vec![],
        "TypeError: sequence item 0: expected a bytes-like object, str found",
    );
    check(
        &mut vm,
        b(b","),
        "join",
        vec![list(vec![b(b"a"), ba(b"b")])],
        vec![],
        "b'a,b'",
    );
    check(
        &mut vm,
        ba(b","),
        "join",
        vec![list(vec![b(b"a")])],
        vec![],
        "bytearray(b'a')",
    );
    check(&mut vm, b(b""), "join", vec![list(vec![])], vec![], "b''");
    check(
        &mut vm,
        b(b"-"),
        "join",
        vec![tup(vec![b(b"x"), b(b"y")])],
        vec![],
        "b'x-y'",
    );
    check(
        &mut vm,
        b(b"a"),
        "replace",
        vec![s("a"), b(b"b")],
        vec![],
        "TypeError: a bytes-like object is required, not 'str'",
    );
    check(
        &mut vm,
        b(b"aXbX"),
        "replace",
        vec![b(b"X"), b(b"--")],
        vec![],
        "b'a--b--'",
    );
    check(
        &mut vm,
        b(b"abc"),
        "replace",
        vec![b(b""), b(b"-")],
        vec![],
        "b'-a-b-c-'",
    );
    check(
        &mut vm,
        b(b"abc"),
        "replace",
        vec![b(b""), b(b"-"), Value::Int(2)],
        vec![],
        "b'-a-bc'",
    );
    check(
        &mut vm,
        b(b"aaa"),
        "replace",
        vec![b(b"a"), b(b"b"), Value::Int(2)],
        vec![],
        "b'bba'",
    );
    check(
        &mut vm,
        b(b"a"),
        "strip",
        vec![s("a")],
        vec![],
        "TypeError: a bytes-like object is required, not 'str'",
    );
    check(&mut vm, b(b"xxaxx"), "strip", vec![b(b"x")], vec![], "b'a'");
    check(&mut vm, b(b"  a  "), "strip", vec![], vec![], "b'a'");
    check(
        &mut vm,
        b(b"\x09\x0a a \x0b\x0c"),
        "strip",
        vec![],
        vec![],
        "b'a'",
    );
    check(&mut vm, b(b"xxa"), "lstrip", vec![b(b"x")], vec![], "b'a'");
    check(&mut vm, b(b"axx"), "rstrip", vec![b(b"x")], vec![], "b'a'");
    check(
        &mut vm,
        ba(b" a "),
        "strip",
        vec![],
        vec![],
        "bytearray(b'a')",
    );
    check(
        &mut vm,
        b(b"a"),
        "partition",
        vec![s("a")],
        vec![],
        "TypeError: a bytes-like object is required, not 'str'",
    );
    check(
        &mut vm,
        b(b"abc"),
        "partition",
        vec![b(b"b")],
        vec![],
        "(b'a', b'b', b'c')",
    );
    check(
        &mut vm,
        b(b"abc"),
        "rpartition",
        vec![b(b"z")],
        vec![],
        "(b'', b'', b'abc')",
    );
    check(
        &mut vm,
        b(b"abc"),
        "partition",
        vec![b(b"z")],
        vec![],
        "(b'abc', b'', b'')",
    );
    check(
        &mut vm,
        b(b"abc"),
        "removeprefix",
        vec![b(b"ab")],
        vec![],
        "b'c'",
    );
    check(
        &mut vm,
        b(b"abc"),
        "removesuffix",
        vec![b(b"x")],
        vec![],
        "b'abc'",
    );
    check(&mut vm, b(b"Hello"), "upper", vec![], vec![], "b'HELLO'");
    check(
        &mut vm,
        b(b"Hello \xe4"),
        "lower",
        vec![],
        vec![],
        "b'hello \\xe4'",
    );
    check(
        &mut vm,
        b(b"a"),
        "upper",
        vec![Value::Int(1)],
        vec![],
        "TypeError: bytes.upper() takes no arguments (1 given)",
    );
    check(
        &mut vm,
        ba(b"a"),
        "upper",
        vec![Value::Int(1)],
        vec![],
        "TypeError: bytearray.upper() takes no arguments (1 given)",
    );
    check(&mut vm, b(b"12"), "isdigit", vec![], vec![], "True");
    check(&mut vm, b(b""), "isdigit", vec![], vec![], "False");
    check(&mut vm, b(b"ab"), "isalpha", vec![], vec![], "True");
    check(&mut vm, b(b"a1"), "isalnum", vec![], vec![], "True");
    check(&mut vm, b(b" \x09"), "isspace", vec![], vec![], "True");
    check(&mut vm, b(b"AB1"), "isupper", vec![], vec![], "True");
    check(&mut vm, b(b"ab"), "islower", vec![], vec![], "True");
    check(&mut vm, b(b"\x80"), "isascii", vec![], vec![], "False");
    check(&mut vm, b(b"\xde\xad"), "hex", vec![], vec![], "dead");
    check(
        &mut vm,
        b(b"\xde\xad\xbe"),
        "hex",
        vec![s(":")],
        vec![],
        "de:ad:be",
    );
    check(
        &mut vm,
        b(b"\xde\xad\xbe"),
        "hex",
        vec![s(":"), Value::Int(2)],
        vec![],
        "de:adbe",
    );
    check(
        &mut vm,
        b(b"\xde\xad\xbe"),
        "hex",
        vec![s(":"), Value::Int(-2)],
        vec![],
        "dead:be",
    );
    check(
        &mut vm,
        b(b"abc"),
        "hex",
        vec![s("")],
        vec![],
        "ValueError: sep must be length 1.",
    );
    check(
        &mut vm,
        b(b"\x01\x02"),
        "hex",
        vec![b(b"-")],
        vec![],
        "01-02",
    );
    check(&mut vm, b(b""), "hex", vec![s(":")], vec![], "");
    check(&mut vm, b(b"a"), "decode", vec![], vec![], "a");
    check(&mut vm, ba(b"\xe4\xb8\xad"), "decode", vec![], vec![], "中");
    check(
        &mut vm,
        b(b"abc"),
        "decode",
        vec![],
        vec![("errors", s("x"))],
        "abc",
    );
    check(&mut vm, b(b"\xff"), "decode", vec![], vec![], "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    check(
        &mut vm,
        b(b"\xffa"),
        "decode",
        vec![s("utf-8"), s("replace")],
        vec![],
        "�a",
    );
    check(
        &mut vm,
        b(b"\xe4"),
        "decode",
        vec![s("latin-1")],
        vec![],
        "ä",
    );
    check(&mut vm, b(b"\xe4"), "decode", vec![s("ascii")], vec![], "UnicodeDecodeError: 'ascii' codec can't decode byte 0xe4 in position 0: ordinal not in range(128)");
    check(
        &mut vm,
        b(b"x"),
        "decode",
        vec![Value::Int(1)],
        vec![],
        "TypeError: decode() argument 'encoding' must be str, not int",
    );
    check(
        &mut vm,
        b(b"abc"),
        "__getitem__",
        vec![Value::Int(5)],
        vec![],
        "IndexError: index out of range",
    );
    check(
        &mut vm,
        ba(b"abc"),
        "__getitem__",
        vec![Value::Int(5)],
        vec![],
        "IndexError: bytearray index out of range",
    );
    check(
        &mut vm,
        b(b"abc"),
        "__getitem__",
        vec![s("x")],
        vec![],
        "TypeError: byte indices must be integers or slices, not str",
    );
    check(
        &mut vm,
        ba(b"a"),
        "__getitem__",
        vec![s("x")],
        vec![],
        "TypeError: bytearray indices must be integers or slices, not str",
    );
    check(
        &mut vm,
        b(b"abc"),
        "__getitem__",
        vec![Value::Int(-1)],
        vec![],
        "99",
    );
    check(
        &mut vm,
        ba(b"abc"),
        "__getitem__",
        vec![Value::Int(0)],
        vec![],
        "97",
    );
    check(
        &mut vm,
        b(b"a"),
        "__add__",
        vec![s("x")],
        vec![],
        "TypeError: can't concat str to bytes",
    );
    check(
        &mut vm,
        b(b"a"),
        "__add__",
        vec![Value::Int(1)],
        vec![],
        "TypeError: can't concat int to bytes",
    );
    check(
        &mut vm,
        ba(b"a"),
        "__add__",
        vec![s("x")],
        vec![],
        "TypeError: can't concat str to bytearray",
    );
    check(
        &mut vm,
        b(b"ab"),
        "__add__",
        vec![ba(b"c")],
        vec![],
        "b'abc'",
    );
    check(
        &mut vm,
        ba(b"ab"),
        "__add__",
        vec![b(b"c")],
        vec![],
        "bytearray(b'abc')",
    );
    check(
        &mut vm,
        ba(b"ab"),
        "__mul__",
        vec![Value::Int(2)],
        vec![],
        "bytearray(b'abab')",
    );
    check(
        &mut vm,
        ba(b"ab"),
        "__rmul__",
        vec![Value::Int(2)],
        vec![],
        "bytearray(b'abab')",
    );
    check(
        &mut vm,
        b(b"a"),
        "__mul__",
        vec![Value::Int(-1)],
        vec![],
        "b''",
    );
    check(
        &mut vm,
        b(b"abc"),
        "__contains__",
        vec![s("x")],
        vec![],
        "TypeError: a bytes-like object is required, not 'str'",
    );
    check(
        &mut vm,
        b(b"abc"),
        "__contains__",
        vec![Value::Int(300)],
        vec![],
        "ValueError: byte must be in range(0, 256)",
    );
    check(
        &mut vm,
        b(b"abc"),
        "__contains__",
        vec![Value::Int(98)],
        vec![],
        "True",
    );
    check(
        &mut vm,
        b(b"abc"),
        "__contains__",
        vec![b(b"bc")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        b(b"abc"),
        "__contains__",
        vec![ba(b"bc")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        ba(b"abc"),
        "__eq__",
        vec![b(b"abc")],
        vec![],
        "True",
    );
    check(
        &mut vm,
        ba(b"abc"),
        "__lt__",
        vec![b(b"abd")],
        vec![],
        "True",
    );
    check(&mut vm, ba(b"a"), "__eq__", vec![b(b"a")], vec![], "True");
    check(
        &mut vm,
        b(b"a"),
        "__eq__",
        vec![s("a")],
        vec![],
        "NotImplemented",
    );
    check(&mut vm, ba(b"b"), "__ge__", vec![b(b"a")], vec![], "True");
    check(&mut vm, b(b"abc"), "__len__", vec![], vec![], "3");
    check(&mut vm, ba(b"abc"), "__len__", vec![], vec![], "3");
    check(&mut vm, b(b"a'b"), "__repr__", vec![], vec![], "b\"a'b\"");
    check(&mut vm, b(b"a\x22b"), "__repr__", vec![], vec![], "b'a\"b'");
    check(
        &mut vm,
        b(b"a'\x22b"),
        "__repr__",
        vec![],
        vec![],
        "b'a\\'\"b'",
    );
    check(
        &mut vm,
        b(b"\x00\x11\x223DUfw\x88\x99\xaa\xbb\xcc\xdd\xee\xff"),
        "__repr__",
        vec![],
        vec![],
        "b'\\x00\\x11\"3DUfw\\x88\\x99\\xaa\\xbb\\xcc\\xdd\\xee\\xff'",
    );
    check(
        &mut vm,
        b(b"\x09\x0a\x0d\x5c\x00\x7f"),
        "__repr__",
        vec![],
        vec![],
        "b'\\t\\n\\r\\\\\\x00\\x7f'",
    );
    check(
        &mut vm,
        ba(b"x\x00"),
        "__repr__",
        vec![],
        vec![],
        "bytearray(b'x\\x00')",
    );
    check(
        &mut vm,
        ba(b""),
        "__repr__",
        vec![],
        vec![],
        "bytearray(b'')",
    );
    check(&mut vm, b(b""), "__repr__", vec![], vec![], "b''");
    check(&mut vm, b(b"ab"), "__str__", vec![], vec![], "b'ab'");
    check(
        &mut vm,
        ba(b"ab"),
        "__str__",
        vec![],
        vec![],
        "bytearray(b'ab')",
    );
}

#[test]
fn constructors() {
    let mut vm = test_vm();
    check_new(
        &mut vm,
        "bytes",
        vec![Value::Int(-1)],
        vec![],
        "ValueError: negative count",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![s("abc")],
        vec![],
        "TypeError: string argument without an encoding",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![Value::Float(1.5)],
        vec![],
        "TypeError: cannot convert 'float' object to bytes",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![list(vec![Value::Int(256)])],
        vec![],
        "ValueError: bytes must be in range(0, 256)",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![list(vec![s("a")])],
        vec![],
        "TypeError: 'str' object cannot be interpreted as an integer",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![Value::Int(3)],
        vec![],
        "b'\\x00\\x00\\x00'",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![list(vec![Value::Int(1), Value::Int(2), Value::Int(3)])],
        vec![],
        "b'\\x01\\x02\\x03'",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![s("中"), s("utf-8")],
        vec![],
        "b'\\xe4\\xb8\\xad'",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![b(b"x"), s("utf-8")],
        vec![],
        "TypeError: encoding without a string argument",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![Value::Int(5), s("utf-8")],
        vec![],
        "TypeError: encoding without a string argument",
    );
    check_new(&mut vm, "bytes", vec![ba(b"xy")], vec![], "b'xy'");
    check_new(
        &mut vm,
        "bytes",
        vec![tup(vec![Value::Int(1), Value::Int(2)])],
        vec![],
        "b'\\x01\\x02'",
    );
    check_new(&mut vm, "bytes", vec![], vec![], "b''");
    check_new(
        &mut vm,
        "bytes",
        vec![b(b"abc")],
        vec![("errors", s("x"))],
        "TypeError: errors without a string argument",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![],
        vec![("x", Value::Int(1))],
        "TypeError: 'x' is an invalid keyword argument for bytes()",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![list(vec![Value::Bool(true)])],
        vec![],
        "b'\\x01'",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![s("a"), s("ascii"), s("strict")],
        vec![],
        "b'a'",
    );
    check_new(&mut vm, "bytes", vec![s("中"), s("ascii")], vec![], "UnicodeEncodeError: 'ascii' codec can't encode character '\\u4e2d' in position 0: ordinal not in range(128)");
    check_new(
        &mut vm,
        "bytes",
        vec![Value::None],
        vec![],
        "TypeError: cannot convert 'NoneType' object to bytes",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![list(vec![Value::Int(-1)])],
        vec![],
        "ValueError: bytes must be in range(0, 256)",
    );
    check_new(&mut vm, "bytes", vec![Value::Int(0)], vec![], "b''");
    check_new(
        &mut vm,
        "bytes",
        vec![dict(vec![(Value::Int(1), Value::Int(2))])],
        vec![],
        "b'\\x01'",
    );
    check_new(
        &mut vm,
        "bytes",
        vec![s("x")],
        vec![("encoding", s("latin-1"))],
        "b'x'",
    );
    check_new(
        &mut vm,
        "bytearray",
        vec![Value::Int(3)],
        vec![],
        "bytearray(b'\\x00\\x00\\x00')",
    );
    check_new(
        &mut vm,
        "bytearray",
        vec![s("ab")],
        vec![],
        "TypeError: string argument without an encoding",
    );
    check_new(
        &mut vm,
        "bytearray",
        vec![b(b"ab")],
        vec![],
        "bytearray(b'ab')",
    );
    check_new(&mut vm, "bytearray", vec![], vec![], "bytearray(b'')");
    check_new(
        &mut vm,
        "bytearray",
        vec![s("é"), s("latin-1")],
        vec![],
        "bytearray(b'\\xe9')",
    );
    check_new(
        &mut vm,
        "bytearray",
        vec![list(vec![Value::Int(65), Value::Int(66)])],
        vec![],
        "bytearray(b'AB')",
    );
}

fn slice_of(start: Value, stop: Value, step: Value) -> Value {
    Value::from_obj(crate::vm::Object::Slice(crate::vm::object::Slice {
        start,
        stop,
        step,
    }))
}

/// Run the calls on a fresh bytearray; the results and the final value, as CPython shows them.
fn mutate(vm: &mut crate::vm::Vm, start: &[u8], calls: Vec<(&str, Vec<Value>)>, want: &str) {
    let target = ba(start);
    let mut shown = Vec::new();
    for (method, args) in calls {
        shown.push(call_method(vm, target.clone(), method, args, vec![]));
    }
    let r = Ok(target.clone());
    shown.push(show(vm, r));
    assert_eq!(shown.join(" | "), want);
}

#[test]
fn bytearray_mutation() {
    let mut vm = test_vm();
    mutate(
        &mut vm,
        b"ab",
        vec![("append", vec![Value::Int(99)])],
        "None | bytearray(b'abc')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("append", vec![Value::Int(256)])],
        "ValueError: byte must be in range(0, 256) | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("append", vec![s("c")])],
        "TypeError: 'str' object cannot be interpreted as an integer | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("extend", vec![b(b"cd")])],
        "None | bytearray(b'abcd')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("extend", vec![list(vec![Value::Int(1), Value::Int(2)])])],
        "None | bytearray(b'ab\\x01\\x02')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("extend", vec![s("cd")])],
        "TypeError: 'str' object cannot be interpreted as an integer | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("extend", vec![Value::Int(5)])],
        "TypeError: can't extend bytearray with int | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("pop", vec![])],
        "98 | bytearray(b'a')",
    );
    mutate(
        &mut vm,
        b"",
        vec![("pop", vec![])],
        "IndexError: pop from empty bytearray | bytearray(b'')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("pop", vec![Value::Int(0)])],
        "97 | bytearray(b'bc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("pop", vec![Value::Int(5)])],
        "IndexError: pop index out of range | bytearray(b'abc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("__setitem__", vec![Value::Int(0), Value::Int(120)])],
        "None | bytearray(b'xbc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("__setitem__", vec![Value::Int(0), Value::Int(300)])],
        "ValueError: byte must be in range(0, 256) | bytearray(b'abc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("__setitem__", vec![Value::Int(0), b(b"x")])],
        "TypeError: 'bytes' object cannot be interpreted as an integer | bytearray(b'abc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("__setitem__", vec![Value::Int(5), Value::Int(1)])],
        "IndexError: bytearray index out of range | bytearray(b'abc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![(
            "__setitem__",
            vec![
                slice_of(Value::Int(1), Value::Int(2), Value::None),
                b(b"XYZ"),
            ],
        )],
        "None | bytearray(b'aXYZc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![(
            "__setitem__",
            vec![slice_of(Value::None, Value::None, Value::Int(2)), b(b"XY")],
        )],
        "None | bytearray(b'XbY')",
    );
    mutate(&mut vm, b"abc", vec![("__setitem__", vec![slice_of(Value::None, Value::None, Value::Int(2)), b(b"X")])], "ValueError: attempt to assign bytes of size 1 to extended slice of size 2 | bytearray(b'abc')");
    mutate(
        &mut vm,
        b"abc",
        vec![(
            "__setitem__",
            vec![
                slice_of(Value::Int(0), Value::Int(1), Value::None),
                list(vec![Value::Int(65), Value::Int(66)]),
            ],
        )],
        "None | bytearray(b'ABbc')",
    );
    mutate(&mut vm, b"abc", vec![("__setitem__", vec![slice_of(Value::Int(0), Value::Int(1), Value::None), s("x")])], "TypeError: can assign only bytes, buffers, or iterables of ints in range(0, 256) | bytearray(b'abc')");
    mutate(&mut vm, b"abc", vec![("__setitem__", vec![slice_of(Value::Int(0), Value::Int(1), Value::None), Value::Int(5)])], "TypeError: can assign only bytes, buffers, or iterables of ints in range(0, 256) | bytearray(b'abc')");
    mutate(
        &mut vm,
        b"abc",
        vec![("__delitem__", vec![Value::Int(0)])],
        "None | bytearray(b'bc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![(
            "__delitem__",
            vec![slice_of(Value::None, Value::None, Value::Int(2))],
        )],
        "None | bytearray(b'b')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("__delitem__", vec![Value::Int(7)])],
        "IndexError: bytearray index out of range | bytearray(b'abc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("insert", vec![Value::Int(1), Value::Int(120)])],
        "None | bytearray(b'axbc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![
            ("insert", vec![Value::Int(-10), Value::Int(120)]),
            ("insert", vec![Value::Int(10), Value::Int(121)]),
        ],
        "None | None | bytearray(b'xabcy')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("remove", vec![Value::Int(98)])],
        "None | bytearray(b'ac')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("remove", vec![Value::Int(120)])],
        "ValueError: value not found in bytearray | bytearray(b'abc')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("reverse", vec![])],
        "None | bytearray(b'cba')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("clear", vec![])],
        "None | bytearray(b'')",
    );
    mutate(
        &mut vm,
        b"abc",
        vec![("copy", vec![])],
        "bytearray(b'abc') | bytearray(b'abc')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("__iadd__", vec![b(b"cd")])],
        "bytearray(b'abcd') | bytearray(b'abcd')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("__iadd__", vec![s("cd")])],
        "TypeError: can't concat str to bytearray | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("pop", vec![s("x")])],
        "TypeError: 'str' object cannot be interpreted as an integer | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("__setitem__", vec![s("x"), Value::Int(1)])],
        "TypeError: bytearray indices must be integers or slices, not str | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("append", vec![])],
        "TypeError: bytearray.append() takes exactly one argument (0 given) | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("extend", vec![])],
        "TypeError: bytearray.extend() takes exactly one argument (0 given) | bytearray(b'ab')",
    );
    mutate(
        &mut vm,
        b"ab",
        vec![("__setitem__", vec![Value::Int(-1), Value::Int(65)])],
        "None | bytearray(b'aA')",
    );
}

#[test]
fn percent_formatting() {
    let mut vm = test_vm();
    check_mod(&mut vm, b(b"%s"), b(b"x"), "b'x'");
    check_mod(&mut vm, b(b"%s"), s("x"), "TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'str'");
    check_mod(&mut vm, b(b"%b"), ba(b"y"), "b'y'");
    check_mod(&mut vm, b(b"%r"), s("é"), "b\"'\\\\xe9'\"");
    check_mod(&mut vm, b(b"%a"), b(b"x"), "b\"b'x'\"");
    check_mod(&mut vm, b(b"%c"), Value::Int(65), "b'A'");
    check_mod(&mut vm, b(b"%c"), b(b"z"), "b'z'");
    check_mod(
        &mut vm,
        b(b"%c"),
        Value::Int(256),
        "OverflowError: %c arg not in range(256)",
    );
    check_mod(
        &mut vm,
        b(b"%c"),
        s("a"),
        "TypeError: %c requires an integer in range(256) or a single byte",
    );
    check_mod(&mut vm, b(b"%(a)s"), dict(vec![(b(b"a"), b(b"v"))]), "b'v'");
    check_mod(
        &mut vm,
        b(b"%(a)s"),
        dict(vec![(s("a"), b(b"v"))]),
        "KeyError: b'a'",
    );
    check_mod(
        &mut vm,
        b(b"%5.1f|%-4d|%x"),
        tup(vec![Value::Float(2.25), Value::Int(3), Value::Int(255)]),
        "b'  2.2|3   |ff'",
    );
    check_mod(&mut vm, b(b"\xff%s"), b(b"\xfe"), "b'\\xff\\xfe'");
    check_mod(&mut vm, ba(b"%d"), Value::Int(5), "bytearray(b'5')");
    check_mod(&mut vm, b(b"%s"), Value::Int(5), "TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'int'");
    check_mod(
        &mut vm,
        b(b"%z"),
        Value::Int(1),
        "ValueError: unsupported format character 'z' (0x7a) at index 1",
    );
    check_mod(
        &mut vm,
        b(b"%s %s"),
        tup(vec![b(b"a")]),
        "TypeError: not enough arguments for format string",
    );
    check_mod(&mut vm, b(b"%.1b"), b(b"abc"), "b'a'");
    check_mod(&mut vm, b(b"%s"), list(vec![Value::Int(1)]), "TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'list'");
    check_mod(&mut vm, b(b"%d%%"), Value::Int(50), "b'50%'");
    check_mod(
        &mut vm,
        b(b"%s"),
        tup(vec![b(b"a"), b(b"b")]),
        "TypeError: not all arguments converted during bytes formatting",
    );
    check_mod(
        &mut vm,
        b(b"abc"),
        b(b"x"),
        "TypeError: not all arguments converted during bytes formatting",
    );
}

// Hand-written cases (expectations checked against CPython 3.11).

#[test]
fn fromhex_is_a_classmethod() {
    let mut vm = test_vm();
    let (bytes, bytearray) = (
        Value::Obj(vm.rt.types.bytes.clone()),
        Value::Obj(vm.rt.types.bytearray.clone()),
    );
    check(
        &mut vm,
        bytes.clone(),
        "fromhex",
        vec![s("de ad be ef")],
        vec![],
        "b'\\xde\\xad\\xbe\\xef'",
    );
    check(
        &mut vm,
        bytes.clone(),
        "fromhex",
        vec![s("xyz")],
        vec![],
        "ValueError: non-hexadecimal number found in fromhex() arg at position 0",
    );
    check(
        &mut vm,
        bytes,
        "fromhex",
        vec![s("abc")],
        vec![],
        "ValueError: non-hexadecimal number found in fromhex() arg at position 3",
    );
    check(
        &mut vm,
        bytearray,
        "fromhex",
        vec![s("00ff")],
        vec![],
        "bytearray(b'\\x00\\xff')",
    );
}

#[test]
fn iteration_and_slices() {
    let mut vm = test_vm();
    for value in [b(b"ab"), ba(b"ab")] {
        let it = vm
            .getattr_str(&value, "__iter__")
            .and_then(|f| vm.call(&f, Args::default()))
            .unwrap_or(Value::None);
        let mut seen = Vec::new();
        while let Ok(Some(Value::Int(x))) = vm.next(&it) {
            seen.push(x);
        }
        assert_eq!(seen, [97, 98]);
    }
    let reverse = slice_of(Value::None, Value::None, Value::Int(-1));
    check(
        &mut vm,
        b(b"abc"),
        "__getitem__",
        vec![reverse.clone()],
        vec![],
        "b'cba'",
    );
    check(
        &mut vm,
        ba(b"abc"),
        "__getitem__",
        vec![reverse],
        vec![],
        "bytearray(b'cba')",
    );
    check(
        &mut vm,
        ba(b"abc"),
        "__getitem__",
        vec![slice_of(Value::Int(1), Value::None, Value::None)],
        vec![],
        "bytearray(b'bc')",
    );
}

#[test]
fn encode_decode_round_trip() {
    let mut vm = test_vm();
    let encoded = vm
        .getattr_str(&s("中文 text"), "encode")
        .and_then(|f| vm.call(&f, Args::new([s("utf-8")])))
        .unwrap_or(Value::None);
    assert_eq!(
        show(&mut vm, Ok(encoded.clone())),
        "b'\\xe4\\xb8\\xad\\xe6\\x96\\x87 text'"
    );
    assert_eq!(
        call_method(&mut vm, encoded, "decode", vec![s("utf-8")], vec![]),
        "中文 text"
    );
}

#[test]
fn operators_fail_as_cpython() {
    use crate::bytecode::BinaryOperator::{Add, Mul};
    let mut vm = test_vm();
    let cases = [
        (
            Mul,
            b(b"a"),
            s("x"),
            "TypeError: can't multiply sequence by non-int of type 'str'",
        ),
        (
            Mul,
            s("a"),
            s("x"),
            "TypeError: can't multiply sequence by non-int of type 'str'",
        ),
        (
            Mul,
            s("a"),
            Value::Float(1.5),
            "TypeError: can't multiply sequence by non-int of type 'float'",
        ),
        (Mul, Value::Int(2), ba(b"ab"), "bytearray(b'abab')"),
        (Add, b(b"a"), s("x"), "TypeError: can't concat str to bytes"),
        (Add, ba(b"a"), b(b"b"), "bytearray(b'ab')"),
        (
            Add,
            s("a"),
            Value::Int(1),
            "TypeError: can only concatenate str (not \"int\") to str",
        ),
    ];
    for (op, x, y, want) in cases {
        let r = vm.binary_op(op, &x, &y);
        assert_eq!(show(&mut vm, r), want);
    }
}
