//! `re` checked against CPython 3.11's results (each expectation was printed by python3).

use crate::native::test_vm;
use crate::vm::{Args, Value, Vm};

/// Call `re.<name>(*args)` and show the result's repr (or the error's last traceback line).
fn re_call(vm: &mut Vm, name: &str, args: Vec<Value>) -> String {
    let m = vm.import_module("re").unwrap();
    let f = vm.getattr_str(&m, name).unwrap();
    match vm.call(&f, Args::new(args)) {
        Ok(v) => vm.repr(&v).unwrap(),
        Err(e) => crate::native::modules::error_text(vm, &e),
    }
}

fn s(text: &str) -> Value {
    Value::str(text)
}

#[test]
fn search_match_fullmatch() {
    let mut vm = test_vm();
    assert_eq!(
        re_call(&mut vm, "search", vec![s(r"\d+"), s("ab123c")]),
        "<re.Match object; span=(2, 5), match='123'>"
    );
    assert_eq!(
        re_call(&mut vm, "match", vec![s(r"\d+"), s("ab123c")]),
        "None"
    );
    assert_eq!(
        re_call(&mut vm, "match", vec![s("a(b)?"), s("ac")]),
        "<re.Match object; span=(0, 1), match='a'>"
    );
    assert_eq!(
        re_call(&mut vm, "fullmatch", vec![s("a$"), s("a\n")]),
        "None"
    );
    assert_eq!(
        re_call(&mut vm, "search", vec![s("a$"), s("a\n")]),
        "<re.Match object; span=(0, 1), match='a'>"
    );
    assert_eq!(
        re_call(
            &mut vm,
            "match",
            vec![s(r"[^/]+(/[^ ]*)"), s("GET /index.html HTTP/1.1")]
        ),
        "<re.Match object; span=(0, 15), match='GET /index.html'>"
    );
    assert_eq!(
        re_call(&mut vm, "search", vec![s("é(.)"), s("caféx")]),
        "<re.Match object; span=(3, 5), match='éx'>"
    );
}

#[test]
fn findall_split_sub() {
    let mut vm = test_vm();
    assert_eq!(
        re_call(&mut vm, "findall", vec![s(r"(\w)(\d)?"), s("a1b")]),
        "[('a', '1'), ('b', '')]"
    );
    assert_eq!(
        re_call(&mut vm, "findall", vec![s("$"), s("a\n")]),
        "['', '']"
    );
    assert_eq!(
        re_call(&mut vm, "findall", vec![s(r"\d+"), s("a1b22c333")]),
        "['1', '22', '333']"
    );
    assert_eq!(
        re_call(&mut vm, "split", vec![s(r"\b"), s("a b")]),
        "['', 'a', ' ', 'b', '']"
    );
    assert_eq!(
        re_call(&mut vm, "split", vec![s(r"(,)"), s("a,b,c"), Value::Int(1)]),
        "['a', ',', 'b,c']"
    );
    assert_eq!(
        re_call(&mut vm, "sub", vec![s("x*"), s("-"), s("abxd")]),
        "'-a-b--d-'"
    );
    assert_eq!(
        re_call(
            &mut vm,
            "sub",
            vec![s(r"(?P<w>\w+) (\w+)"), s(r"\2 \g<w>"), s("hello world")]
        ),
        "'world hello'"
    );
    assert_eq!(
        re_call(
            &mut vm,
            "subn",
            vec![s("a"), s("b"), s("aaa"), Value::Int(2)]
        ),
        "('bba', 2)"
    );
    assert_eq!(
        re_call(&mut vm, "escape", vec![s("a.b c-d")]),
        r"'a\\.b\\ c\\-d'"
    );
}

#[test]
fn errors() {
    let mut vm = test_vm();
    assert_eq!(
        re_call(&mut vm, "compile", vec![s(r"\q")]),
        r"re.error: bad escape \q at position 0"
    );
    assert_eq!(
        re_call(&mut vm, "sub", vec![s("a"), s(r"\2"), s("a")]),
        "re.error: invalid group reference 2 at position 1"
    );
    assert_eq!(
        re_call(&mut vm, "sub", vec![s("(?P<x>a)"), s(r"\g<y>"), s("a")]),
        "IndexError: unknown group name 'y'"
    );
    assert_eq!(
        re_call(&mut vm, "compile", vec![s("a\n(")]),
        "re.error: missing ), unterminated subpattern at position 2 (line 2, column 1)"
    );
    let e = re_call(&mut vm, "compile", vec![s(r"(a)\1")]);
    assert!(
        e.starts_with("re.error: backreferences are not supported"),
        "{e}"
    );
}

#[test]
fn pattern_and_match_objects() {
    let mut vm = test_vm();
    let m = vm.import_module("re").unwrap();
    let compile = vm.getattr_str(&m, "compile").unwrap();
    let flags = Value::Int(super::IGNORECASE | super::MULTILINE);
    let p = vm
        .call(&compile, Args::new([s(r"(?P<first>\w+) (\w+)?"), flags]))
        .unwrap();
    assert_eq!(
        vm.repr(&p).unwrap(),
        r"re.compile('(?P<first>\\w+) (\\w+)?', re.IGNORECASE|re.MULTILINE)"
    );
    let groups = vm.getattr_str(&p, "groups").unwrap();
    assert_eq!(vm.repr(&groups).unwrap(), "2");
    let gi = vm.getattr_str(&p, "groupindex").unwrap();
    assert_eq!(vm.repr(&gi).unwrap(), "{'first': 1}");
    let search = vm.getattr_str(&p, "search").unwrap();
    let mt = vm.call(&search, Args::new([s("  Hello  ")])).unwrap();
    let show = |vm: &mut Vm, name: &str, args: Vec<Value>| {
        let f = vm.getattr_str(&mt, name).unwrap();
        let v = vm.call(&f, Args::new(args)).unwrap();
        vm.repr(&v).unwrap()
    };
    assert_eq!(show(&mut vm, "group", vec![]), "'Hello '");
    assert_eq!(
        show(&mut vm, "group", vec![s("first"), Value::Int(2)]),
        "('Hello', None)"
    );
    assert_eq!(show(&mut vm, "groups", vec![s("-")]), "('Hello', '-')");
    assert_eq!(show(&mut vm, "groupdict", vec![]), "{'first': 'Hello'}");
    assert_eq!(show(&mut vm, "span", vec![Value::Int(2)]), "(-1, -1)");
    assert_eq!(show(&mut vm, "start", vec![]), "2");
    let last = vm.getattr_str(&mt, "lastindex").unwrap();
    assert_eq!(vm.repr(&last).unwrap(), "1");
    let item = vm.getitem(&mt, &Value::Int(1)).unwrap();
    assert_eq!(vm.repr(&item).unwrap(), "'Hello'");
    let g = vm.getattr_str(&mt, "group").unwrap();
    let e = vm.call(&g, Args::new([Value::Int(3)])).unwrap_err();
    assert_eq!(
        crate::native::modules::error_text(&mut vm, &e),
        "IndexError: no such group"
    );
}

#[test]
fn lastindex_follows_closing_order() {
    let mut vm = test_vm();
    let m = vm.import_module("re").unwrap();
    let matchf = vm.getattr_str(&m, "match").unwrap();
    for (pat, text, expected) in [
        ("(a)(b)?", "ac", "1"),
        ("(a(b))", "ab", "1"),
        ("(a)()", "a", "2"),
    ] {
        let mt = vm.call(&matchf, Args::new([s(pat), s(text)])).unwrap();
        let li = vm.getattr_str(&mt, "lastindex").unwrap();
        assert_eq!(vm.repr(&li).unwrap(), expected, "{pat}");
    }
}
