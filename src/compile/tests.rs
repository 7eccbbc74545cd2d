//! Compiler tests: small programs compiled from source and checked on the
//! disassembly of the code object that matters, plus no-panic sweeps over
//! the lesson snippets and over generated ASTs.

use std::sync::Arc;

use super::{compile_module, Mode};
use crate::bytecode::disasm::disassemble;
use crate::bytecode::{Code, CodeFlags, Const};
use crate::diagnostics::{CompileError, SourceFile};
use crate::syntax;

fn try_compile(src: &str, mode: Mode) -> Result<Arc<Code>, CompileError> {
    let source = SourceFile::new("<test>", src);
    let module = match syntax::parse(&source) {
        Ok(m) => m,
        Err(e) => panic!("test source does not parse: {e}\n{src}"),
    };
    compile_module(&module, &source, mode)
}

fn compile(src: &str) -> Arc<Code> {
    match try_compile(src, Mode::Exec) {
        Ok(code) => code,
        Err(e) => panic!("compile error: {e}\n{src}"),
    }
}

/// The message of the error CPython reports for `src`, whether the parser
/// (which makes some of CPython's compiler checks) or the compiler finds it.
fn compile_error(src: &str) -> String {
    let source = SourceFile::new("<test>", src);
    let parsed = syntax::parse(&source).and_then(|m| compile_module(&m, &source, Mode::Exec));
    match parsed {
        Ok(code) => panic!("expected an error, got\n{}", disassemble(&code)),
        Err(e) => e.message,
    }
}

/// The nested code object with this qualified name.
fn find<'c>(code: &'c Code, qualname: &str) -> &'c Code {
    fn search<'c>(code: &'c Code, qualname: &str) -> Option<&'c Code> {
        if &*code.qualname == qualname {
            return Some(code);
        }
        code.consts.iter().find_map(|c| match c {
            Const::Code(inner) => search(inner, qualname),
            _ => None,
        })
    }
    search(code, qualname).unwrap_or_else(|| panic!("no code {qualname} in\n{}", disassemble(code)))
}

/// One code object's instructions as `Name operands`, without lines and pcs.
fn listing(code: &Code) -> Vec<String> {
    disassemble(code)
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| {
            l.get(11..)
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Assert that `code`'s listing is exactly `expected`.
fn assert_listing(code: &Code, expected: &[&str]) {
    let got = listing(code);
    assert_eq!(got, expected, "\n{}", disassemble(code));
}

/// Assert that `code`'s listing contains `expected` as a contiguous run.
fn assert_contains(code: &Code, expected: &[&str]) {
    let got = listing(code);
    let found = got.windows(expected.len()).any(|w| w == expected);
    assert!(found, "missing {expected:#?} in\n{}", disassemble(code));
}

fn names(v: &[Arc<str>]) -> Vec<&str> {
    v.iter().map(|s| &**s).collect()
}

// ---- assignment -----------------------------------------------------------

#[test]
fn assignment_targets() {
    let code = compile("a = b = 1\nx.y = 2\nd[k] = 3\na, (b, c) = t\n");
    assert_listing(
        &code,
        &[
            "LoadConst 0 (1)",
            "DupTop",
            "StoreName 0 (a)",
            "StoreName 1 (b)",
            "LoadConst 1 (2)",
            "LoadName 2 (x)",
            "StoreAttr 3 (y)",
            "LoadConst 2 (3)",
            "LoadName 4 (d)",
            "LoadName 5 (k)",
            "StoreSubscr",
            "LoadName 6 (t)",
            "UnpackSequence 2",
            "StoreName 0 (a)",
            "UnpackSequence 2",
            "StoreName 1 (b)",
            "StoreName 7 (c)",
            "LoadConst 3 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn starred_assignment() {
    let code = compile("first, *rest = s\n[*a, b, c] = s\n");
    assert_contains(
        &code,
        &[
            "LoadName 0 (s)",
            "UnpackEx 1, 0",
            "StoreName 1 (first)",
            "StoreName 2 (rest)",
        ],
    );
    assert_contains(&code, &["UnpackEx 0, 2", "StoreName 3 (a)"]);
}

#[test]
fn augmented_assignment() {
    let code = compile("n += 1\no.x *= 2\no[i] -= 3\n");
    assert_listing(
        &code,
        &[
            "LoadName 0 (n)",
            "LoadConst 0 (1)",
            "InplaceOp (+)",
            "StoreName 0 (n)",
            "LoadName 1 (o)",
            "DupTop",
            "LoadAttr 2 (x)",
            "LoadConst 1 (2)",
            "InplaceOp (*)",
            "RotTwo",
            "StoreAttr 2 (x)",
            "LoadName 1 (o)",
            "LoadName 3 (i)",
            "DupTopTwo",
            "BinarySubscr",
            "LoadConst 2 (3)",
            "InplaceOp (-)",
            "RotThree",
            "StoreSubscr",
            "LoadConst 3 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn annotated_assignment_does_not_evaluate_the_annotation() {
    let code = compile("x: SomeType = 5\ny: Other\n");
    assert_listing(
        &code,
        &[
            "LoadConst 0 (5)",
            "StoreName 0 (x)",
            "LoadConst 1 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn walrus_in_comprehension_binds_in_the_function() {
    let code =
        compile("def f(data):\n    if any((hit := x) > 3 for x in data):\n        return hit\n");
    let f = find(&code, "f");
    assert_eq!(names(&f.cellvars), ["hit"]);
    let genexpr = find(&code, "f.<locals>.<genexpr>");
    assert_eq!(names(&genexpr.freevars), ["hit"]);
    assert_contains(genexpr, &["LoadFast 1 (x)", "DupTop", "StoreDeref 0 (hit)"]);
}

#[test]
fn delete_targets() {
    let code = compile("def f(a):\n    del a, o.x, o[1]\n    global g\n    del g\n");
    assert_listing(
        find(&code, "f"),
        &[
            "DeleteFast 0 (a)",
            "LoadGlobal 0 (o)",
            "DeleteAttr 1 (x)",
            "LoadGlobal 0 (o)",
            "LoadConst 0 (1)",
            "DeleteSubscr",
            "DeleteGlobal 2 (g)",
            "LoadConst 1 (None)",
            "ReturnValue",
        ],
    );
}

// ---- expressions ----------------------------------------------------------

#[test]
fn chained_comparison() {
    let code = compile("r = a < b <= c\n");
    assert_listing(
        &code,
        &[
            "LoadName 0 (a)",
            "LoadName 1 (b)",
            "DupTop",
            "RotThree",
            "CompareOp (<)",
            "JumpIfFalseOrPop to 9",
            "LoadName 2 (c)",
            "CompareOp (<=)",
            "Jump to 11",
            "RotTwo",
            "Pop",
            "StoreName 3 (r)",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn identity_membership_and_boolean_operators() {
    let code = compile("r = a is not None or b in c and d not in e\n");
    assert_listing(
        &code,
        &[
            "LoadName 0 (a)",
            "LoadConst 0 (None)",
            "IsOp true",
            "JumpIfTrueOrPop to 11",
            "LoadName 1 (b)",
            "LoadName 2 (c)",
            "ContainsOp false",
            "JumpIfFalseOrPop to 11",
            "LoadName 3 (d)",
            "LoadName 4 (e)",
            "ContainsOp true",
            "StoreName 5 (r)",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn calls() {
    let code = compile("f(1, x=2)\nobj.m(a, b)\nf(*args, k=1, **kw)\nobj.m(*a)\n");
    assert_contains(
        &code,
        &[
            "LoadName 0 (f)",
            "LoadConst 0 (1)",
            "LoadConst 1 (2)",
            "LoadConst 2 ((\"x\"))",
            "CallKw 2",
            "Pop",
        ],
    );
    assert_contains(
        &code,
        &[
            "LoadName 1 (obj)",
            "LoadMethod 2 (m)",
            "LoadName 3 (a)",
            "LoadName 4 (b)",
            "CallMethod 2",
        ],
    );
    assert_contains(
        &code,
        &[
            "LoadName 0 (f)",
            "BuildList 0",
            "LoadName 5 (args)",
            "ListExtend 1",
            "ListToTuple",
            "LoadConst 3 (\"k\")",
            "LoadConst 0 (1)",
            "BuildMap 1",
            "LoadName 6 (kw)",
            "DictMerge 1",
            "CallEx 1",
        ],
    );
    assert_contains(
        &code,
        &[
            "LoadName 1 (obj)",
            "LoadAttr 2 (m)",
            "BuildList 0",
            "LoadName 3 (a)",
            "ListExtend 1",
        ],
    );
}

#[test]
fn repeated_keyword_is_an_error() {
    assert_eq!(
        compile_error("f(a=1, a=2)\n"),
        "keyword argument repeated: a"
    );
}

#[test]
fn displays_with_unpacking() {
    let code = compile("l = [1, *a, 2]\ns = {*a}\nd = {'k': 1, **m, 'j': 2}\nt = (1, 2)\n");
    assert_contains(
        &code,
        &[
            "LoadConst 0 (1)",
            "BuildList 1",
            "LoadName 0 (a)",
            "ListExtend 1",
            "LoadConst 1 (2)",
            "ListAppend 1",
        ],
    );
    assert_contains(
        &code,
        &[
            "BuildSet 0",
            "LoadName 0 (a)",
            "SetUpdate 1",
            "StoreName 2 (s)",
        ],
    );
    assert_contains(
        &code,
        &[
            "LoadConst 2 (\"k\")",
            "LoadConst 0 (1)",
            "BuildMap 1",
            "LoadName 3 (m)",
            "DictUpdate 1",
            "LoadConst 3 (\"j\")",
            "LoadConst 1 (2)",
            "BuildMap 1",
            "DictUpdate 1",
        ],
    );
    assert_contains(&code, &["LoadConst 4 ((1, 2))", "StoreName 5 (t)"]);
}

#[test]
fn constants_and_big_integers() {
    let code = compile("x = 123456789012345678901234567890\ny = -5\nz = -9223372036854775808\n");
    assert!(matches!(&code.consts[0], Const::BigInt(d) if d == "123456789012345678901234567890"));
    assert!(matches!(code.consts[1], Const::Int(-5)));
    assert!(matches!(code.consts[2], Const::Int(i64::MIN)));
}

#[test]
fn slices() {
    let code = compile("a[1:2]\na[::3]\na[1:2, 3]\n");
    assert_contains(
        &code,
        &[
            "LoadName 0 (a)",
            "LoadConst 0 (1)",
            "LoadConst 1 (2)",
            "BuildSlice 2",
            "BinarySubscr",
        ],
    );
    assert_contains(
        &code,
        &[
            "LoadConst 2 (None)",
            "LoadConst 2 (None)",
            "LoadConst 3 (3)",
            "BuildSlice 3",
        ],
    );
    assert_contains(
        &code,
        &[
            "BuildSlice 2",
            "LoadConst 3 (3)",
            "BuildTuple 2",
            "BinarySubscr",
        ],
    );
}

#[test]
fn f_strings() {
    let code = compile("s = f'a{x!r:>{w}}b{y}'\n");
    assert_listing(
        &code,
        &[
            "LoadConst 0 (\"a\")",
            "LoadName 0 (x)",
            "LoadConst 1 (\">\")",
            "LoadName 1 (w)",
            "FormatValue 0",
            "BuildString 2",
            "FormatValue 6",
            "LoadConst 2 (\"b\")",
            "LoadName 2 (y)",
            "FormatValue 0",
            "BuildString 4",
            "StoreName 3 (s)",
            "LoadConst 3 (None)",
            "ReturnValue",
        ],
    );
}

// ---- control flow ---------------------------------------------------------

#[test]
fn while_with_break_continue_and_else() {
    let code = compile("while x:\n    if y:\n        break\n    continue\nelse:\n    z()\n");
    assert_listing(
        &code,
        &[
            "LoadName 0 (x)",
            "PopJumpIfFalse to 7",
            "LoadName 1 (y)",
            "PopJumpIfFalse to 5",
            "Jump to 10",
            "Jump to 0",
            "Jump to 0",
            "LoadName 2 (z)",
            "Call 0",
            "Pop",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn while_true_has_no_test() {
    let code = compile("while True:\n    f()\n");
    assert_listing(
        &code,
        &[
            "LoadName 0 (f)",
            "Call 0",
            "Pop",
            "Jump to 0",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn for_else() {
    let code = compile("for i in r:\n    f(i)\nelse:\n    g()\n");
    assert_listing(
        &code,
        &[
            "LoadName 0 (r)",
            "GetIter",
            "ForIter to 9",
            "StoreName 1 (i)",
            "LoadName 2 (f)",
            "LoadName 1 (i)",
            "Call 1",
            "Pop",
            "Jump to 2",
            "LoadName 3 (g)",
            "Call 0",
            "Pop",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn return_from_inside_for_pops_the_iterator() {
    let code = compile("def f(xs):\n    for x in xs:\n        return x\n");
    assert_contains(
        find(&code, "f"),
        &[
            "StoreFast 1 (x)",
            "LoadFast 1 (x)",
            "RotTwo",
            "Pop",
            "ReturnValue",
        ],
    );
}

#[test]
fn break_through_try_finally_runs_the_finally_body() {
    let src = "def f(xs):\n    for x in xs:\n        try:\n            break\n        finally:\n            g()\n";
    let code = compile(src);
    assert_listing(
        find(&code, "f"),
        &[
            "LoadFast 0 (xs)",
            "GetIter",
            "ForIter to 21",
            "StoreFast 1 (x)",
            "SetupFinally to 16",
            // break: leave the try, run the finally body, drop the iterator
            "PopBlock",
            "LoadGlobal 0 (g)",
            "Call 0",
            "Pop",
            "Pop",
            "Jump to 21",
            // the try body's normal end
            "PopBlock",
            "LoadGlobal 0 (g)",
            "Call 0",
            "Pop",
            "Jump to 20",
            // the finally body for an exception
            "LoadGlobal 0 (g)",
            "Call 0",
            "Pop",
            "Reraise",
            "Jump to 2",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn continue_through_with_calls_exit() {
    let code = compile("for x in xs:\n    with lock:\n        continue\n");
    assert_contains(
        &code,
        &[
            "LoadName 2 (lock)",
            "BeforeWith",
            "Pop",
            "SetupFinally to 14",
            "PopBlock",
            "WithExitNormal",
            "Jump to 2",
        ],
    );
}

#[test]
fn return_inside_with_keeps_the_value() {
    let code = compile("def f():\n    with m() as v:\n        return v\n");
    assert_contains(
        find(&code, "f"),
        &[
            "StoreFast 0 (v)",
            "SetupFinally to 13",
            "LoadFast 0 (v)",
            "PopBlock",
            "RotTwo",
            "WithExitNormal",
            "ReturnValue",
        ],
    );
}

#[test]
fn with_statement_shape() {
    let code = compile("with a as x:\n    b()\n");
    assert_listing(
        &code,
        &[
            "LoadName 0 (a)",
            "BeforeWith",
            "StoreName 1 (x)",
            "SetupFinally to 10",
            "LoadName 2 (b)",
            "Call 0",
            "Pop",
            "PopBlock",
            "WithExitNormal",
            "Jump to 16",
            "WithExceptStart",
            "PopJumpIfTrue to 13",
            "Reraise",
            "Pop",
            "PopExcept",
            "Pop",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn try_except_named_handler_deletes_the_name() {
    let code =
        compile("try:\n    f()\nexcept E as e:\n    g(e)\nexcept:\n    pass\nelse:\n    h()\n");
    assert_listing(
        &code,
        &[
            "SetupFinally to 9",
            "LoadName 0 (f)",
            "Call 0",
            "Pop",
            "PopBlock",
            "LoadName 1 (h)",
            "Call 0",
            "Pop",
            "Jump to 32",
            // except E as e:
            "LoadName 2 (E)",
            "CheckExcMatch",
            "PopJumpIfFalse to 28",
            "StoreName 3 (e)",
            "SetupFinally to 24",
            "LoadName 4 (g)",
            "LoadName 3 (e)",
            "Call 1",
            "Pop",
            "PopBlock",
            "PopExcept",
            "LoadConst 0 (None)",
            "StoreName 3 (e)",
            "DeleteName 3 (e)",
            "Jump to 32",
            // the handler body raised: unbind e, re-raise
            "LoadConst 0 (None)",
            "StoreName 3 (e)",
            "DeleteName 3 (e)",
            "Reraise",
            // except:
            "Pop",
            "PopExcept",
            "Jump to 32",
            // (no clause matched)
            "Reraise",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn return_in_handler_and_in_finally() {
    let src = "def f():\n    try:\n        g()\n    except E:\n        return 1\n    finally:\n        return 2\n";
    let code = compile(src);
    let f = find(&code, "f");
    // return 1 from the handler: end the handled exception, leave the outer
    // try, and run the finally body inline (whose own return wins).
    assert_contains(
        f,
        &[
            "Pop",
            "PopExcept",
            "PopBlock",
            "LoadConst 0 (2)",
            "ReturnValue",
            "LoadConst 1 (1)",
            "ReturnValue",
        ],
    );
    // return 2 in the exceptional finally body drops the pending exception.
    assert_contains(
        f,
        &[
            "Pop",
            "PopExcept",
            "LoadConst 0 (2)",
            "ReturnValue",
            "Reraise",
        ],
    );
}

#[test]
fn bare_except_must_be_last() {
    assert_eq!(
        compile_error("try:\n    f()\nexcept:\n    pass\nexcept E:\n    pass\n"),
        "default 'except:' must be last"
    );
}

#[test]
fn raise_forms_and_assert() {
    let code = compile("raise\nraise E\nraise E from c\nassert x, 'm'\n");
    assert_contains(
        &code,
        &[
            "Raise 0",
            "LoadName 0 (E)",
            "Raise 1",
            "LoadName 0 (E)",
            "LoadName 1 (c)",
            "Raise 2",
        ],
    );
    assert_contains(
        &code,
        &[
            "LoadName 2 (x)",
            "PopJumpIfTrue to 12",
            "LoadAssertionError",
            "LoadConst 0 (\"m\")",
            "Call 1",
            "Raise 1",
        ],
    );
}

// ---- imports --------------------------------------------------------------

#[test]
fn imports() {
    let code =
        compile("import a.b\nimport a.b.c as d\nfrom ..p import x as y, z\nfrom m import *\n");
    assert_listing(
        &code,
        &[
            "LoadConst 0 (0)",
            "LoadConst 1 (None)",
            "ImportName 0 (a.b)",
            "StoreName 1 (a)",
            "LoadConst 0 (0)",
            "LoadConst 1 (None)",
            "ImportName 2 (a.b.c)",
            "ImportFrom 3 (b)",
            "RotTwo",
            "Pop",
            "ImportFrom 4 (c)",
            "StoreName 5 (d)",
            "Pop",
            "LoadConst 2 (2)",
            "LoadConst 3 ((\"x\", \"z\"))",
            "ImportName 6 (p)",
            "ImportFrom 7 (x)",
            "StoreName 8 (y)",
            "ImportFrom 9 (z)",
            "StoreName 9 (z)",
            "Pop",
            "LoadConst 0 (0)",
            "LoadConst 4 ((\"*\"))",
            "ImportName 10 (m)",
            "ImportStar",
            "LoadConst 1 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn import_star_in_function_is_an_error() {
    assert_eq!(
        compile_error("def f():\n    from m import *\n"),
        "import * only allowed at module level"
    );
}

// ---- functions, closures, classes -----------------------------------------

#[test]
fn function_parameters_defaults_and_flags() {
    let code = compile("def f(a, /, b=1, *args, c, d=2, **kw):\n    'doc'\n    return a\n");
    assert_contains(
        &code,
        &[
            "LoadConst 0 ((1))",
            "LoadConst 1 (\"d\")",
            "LoadConst 2 (2)",
            "BuildMap 1",
            "LoadConst 3 (<code f>)",
            "MakeFunction 3",
        ],
    );
    let f = find(&code, "f");
    assert_eq!(names(&f.varnames), ["a", "b", "c", "d", "args", "kw"]);
    assert_eq!((f.argcount, f.posonlyargcount, f.kwonlyargcount), (2, 1, 2));
    assert!(f.flags.has(CodeFlags::VARARGS) && f.flags.has(CodeFlags::VARKEYWORDS));
    assert_eq!(f.doc.as_deref(), Some("doc"));
    assert_listing(f, &["LoadFast 0 (a)", "ReturnValue"]);
}

#[test]
fn decorators_apply_innermost_first() {
    let code = compile("@outer\n@inner(1)\ndef f():\n    pass\n");
    assert_listing(
        &code,
        &[
            "LoadName 0 (outer)",
            "LoadName 1 (inner)",
            "LoadConst 0 (1)",
            "Call 1",
            "LoadConst 1 (<code f>)",
            "MakeFunction 0",
            "Call 1",
            "Call 1",
            "StoreName 2 (f)",
            "LoadConst 2 (None)",
            "ReturnValue",
        ],
    );
    assert_eq!(find(&code, "f").firstlineno, 1);
}

#[test]
fn closures_cells_and_nonlocal() {
    let src = "def counter(start):\n    def inc():\n        nonlocal start\n        start += 1\n        return start\n    return inc\n";
    let code = compile(src);
    let counter = find(&code, "counter");
    assert_eq!(names(&counter.cellvars), ["start"]);
    assert_eq!(counter.cell_args, vec![(0, 0)]);
    assert_contains(
        counter,
        &[
            "LoadClosure 0 (start)",
            "BuildTuple 1",
            "LoadConst 0 (<code counter.<locals>.inc>)",
            "MakeFunction 4",
            "StoreFast 1 (inc)",
        ],
    );
    let inc = find(&code, "counter.<locals>.inc");
    assert_eq!(names(&inc.freevars), ["start"]);
    assert_listing(
        inc,
        &[
            "LoadDeref 0 (start)",
            "LoadConst 0 (1)",
            "InplaceOp (+)",
            "StoreDeref 0 (start)",
            "LoadDeref 0 (start)",
            "ReturnValue",
        ],
    );
}

#[test]
fn globals_in_functions() {
    let code = compile("x = 0\ndef f():\n    global x\n    x = len(y)\n");
    // as CPython, the module then uses the global instructions for `x` too
    assert_contains(&code, &["LoadConst 0 (0)", "StoreGlobal 0 (x)"]);
    assert_listing(
        find(&code, "f"),
        &[
            "LoadGlobal 0 (len)",
            "LoadGlobal 1 (y)",
            "Call 1",
            "StoreGlobal 2 (x)",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn class_with_super_and_keywords() {
    let src =
        "class C(Base, metaclass=Meta):\n    'doc'\n    def m(self):\n        return super().m()\n";
    let code = compile(src);
    assert_listing(
        &code,
        &[
            "LoadBuildClass",
            "LoadConst 0 (<code C>)",
            "MakeFunction 0",
            "LoadConst 1 (\"C\")",
            "LoadName 0 (Base)",
            "LoadName 1 (Meta)",
            "LoadConst 2 ((\"metaclass\"))",
            "CallKw 4",
            "StoreName 2 (C)",
            "LoadConst 3 (None)",
            "ReturnValue",
        ],
    );
    let body = find(&code, "C");
    assert!(body.flags.has(CodeFlags::CLASS_BODY) && body.flags.has(CodeFlags::NAMESPACE));
    assert_eq!(names(&body.cellvars), ["__class__"]);
    assert_listing(
        body,
        &[
            "LoadName 0 (__name__)",
            "StoreName 1 (__module__)",
            "LoadConst 0 (\"C\")",
            "StoreName 2 (__qualname__)",
            "LoadConst 1 (\"doc\")",
            "StoreName 3 (__doc__)",
            "LoadClosure 0 (__class__)",
            "BuildTuple 1",
            "LoadConst 2 (<code C.m>)",
            "MakeFunction 4",
            "StoreName 4 (m)",
            "LoadClosure 0 (__class__)",
            "StoreName 5 (__classcell__)",
            "LoadConst 3 (None)",
            "ReturnValue",
        ],
    );
    let m = find(&code, "C.m");
    assert_eq!(names(&m.freevars), ["__class__"]);
    assert_listing(
        m,
        &[
            "LoadGlobal 0 (super)",
            "Call 0",
            "LoadMethod 1 (m)",
            "CallMethod 0",
            "ReturnValue",
        ],
    );
}

#[test]
fn class_body_reads_enclosing_function_variables_with_class_deref() {
    let src = "def f():\n    v = 1\n    class D:\n        w = v\n        v = 2\n        def get(self):\n            return v\n    return D\n";
    let code = compile(src);
    let d = find(&code, "f.<locals>.D");
    assert_eq!(names(&d.freevars), ["v"]);
    // `v` is assigned in the class, so it is a namespace name there, but the
    // method still sees f's `v` through the class's closure.
    assert_contains(d, &["LoadName 3 (v)", "StoreName 4 (w)"]);
    assert_contains(d, &["LoadClosure 0 (v)", "BuildTuple 1"]);
    let src = "def f():\n    v = 1\n    class D:\n        w = v\n    return D\n";
    let d = compile(src);
    assert_contains(
        find(&d, "f.<locals>.D"),
        &["LoadClassDeref 3, 0", "StoreName 4 (w)"],
    );
}

#[test]
fn qualified_names() {
    let src = "def f():\n    def g():\n        return lambda: [x for x in y]\n    class C:\n        def m(self): pass\ndef h():\n    global k\n    def k(): pass\n";
    let code = compile(src);
    find(&code, "f.<locals>.g.<locals>.<lambda>.<locals>.<listcomp>");
    find(&code, "f.<locals>.C.m");
    find(&code, "k");
}

#[test]
fn private_names_are_mangled() {
    let code = compile("class C:\n    __x = 1\n    def m(self):\n        return self.__y\n");
    assert_contains(
        find(&code, "C"),
        &["LoadConst 1 (1)", "StoreName 3 (_C__x)"],
    );
    assert_contains(find(&code, "C.m"), &["LoadAttr 0 (_C__y)"]);
}

// ---- comprehensions and generators ----------------------------------------

#[test]
fn list_comprehension_nesting() {
    let code = compile("r = [x * y for x in a if x for y in x]\n");
    assert_contains(
        &code,
        &[
            "LoadConst 0 (<code <listcomp>>)",
            "MakeFunction 0",
            "LoadName 0 (a)",
            "GetIter",
            "Call 1",
            "StoreName 1 (r)",
        ],
    );
    let comp = find(&code, "<listcomp>");
    assert_eq!(comp.argcount, 1);
    assert_eq!(names(&comp.varnames), [".0", "x", "y"]);
    assert_listing(
        comp,
        &[
            "BuildList 0",
            "LoadFast 0 (.0)",
            "ForIter to 16",
            "StoreFast 1 (x)",
            "LoadFast 1 (x)",
            "PopJumpIfFalse to 15",
            "LoadFast 1 (x)",
            "GetIter",
            "ForIter to 15",
            "StoreFast 2 (y)",
            "LoadFast 1 (x)",
            "LoadFast 2 (y)",
            "BinaryOp (*)",
            "ListAppend 3",
            "Jump to 8",
            "Jump to 2",
            "ReturnValue",
        ],
    );
}

#[test]
fn dict_set_comprehensions_and_generator_expressions() {
    let code = compile("d = {k: v for k, v in items}\ns = {x for x in xs}\ng = (x for x in xs)\n");
    assert_contains(
        find(&code, "<dictcomp>"),
        &["LoadFast 1 (k)", "LoadFast 2 (v)", "MapAdd 2"],
    );
    assert_contains(find(&code, "<setcomp>"), &["LoadFast 1 (x)", "SetAdd 2"]);
    let genexpr = find(&code, "<genexpr>");
    assert!(genexpr.flags.has(CodeFlags::GENERATOR));
    assert_contains(
        genexpr,
        &[
            "LoadFast 1 (x)",
            "YieldValue",
            "Pop",
            "Jump to 1",
            "LoadConst 0 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn comprehension_in_method_captures_self() {
    let code =
        compile("class C:\n    def m(self):\n        return [self.k + i for i in range(3)]\n");
    let m = find(&code, "C.m");
    assert_eq!(names(&m.cellvars), ["self"]);
    assert_eq!(m.cell_args, vec![(0, 0)]);
    let comp = find(&code, "C.m.<locals>.<listcomp>");
    assert_contains(comp, &["LoadDeref 0 (self)", "LoadAttr 0 (k)"]);
}

#[test]
fn generators() {
    let src = "def g(n):\n    x = yield n\n    yield from h()\n    return x\n";
    let code = compile(src);
    let g = find(&code, "g");
    assert!(g.flags.has(CodeFlags::GENERATOR));
    assert_listing(
        g,
        &[
            "LoadFast 0 (n)",
            "YieldValue",
            "StoreFast 1 (x)",
            "LoadGlobal 0 (h)",
            "Call 0",
            "GetYieldFromIter",
            "LoadConst 0 (None)",
            "YieldFrom",
            "Pop",
            "LoadFast 1 (x)",
            "ReturnValue",
        ],
    );
    // a yield inside a nested function does not make the outer one a generator
    let code = compile("def f():\n    def inner():\n        yield 1\n    return inner\n");
    assert!(!find(&code, "f").flags.has(CodeFlags::GENERATOR));
    assert!(find(&code, "f.<locals>.inner")
        .flags
        .has(CodeFlags::GENERATOR));
}

#[test]
fn coroutines() {
    let code =
        compile("async def f(q):\n    return await q.get()\nasync def agen():\n    yield 1\n");
    let f = find(&code, "f");
    assert!(f.flags.has(CodeFlags::COROUTINE) && !f.flags.has(CodeFlags::GENERATOR));
    assert_listing(
        f,
        &[
            "LoadFast 0 (q)",
            "LoadMethod 0 (get)",
            "CallMethod 0",
            "GetAwaitable",
            "LoadConst 0 (None)",
            "YieldFrom",
            "ReturnValue",
        ],
    );
    let agen = find(&code, "agen");
    assert!(agen.flags.has(CodeFlags::ASYNC_GENERATOR) && !agen.flags.has(CodeFlags::COROUTINE));
}

#[test]
fn lambda() {
    let code = compile("f = lambda a, b=2: a + b\n");
    let lam = find(&code, "<lambda>");
    assert_eq!(lam.argcount, 2);
    assert_listing(
        lam,
        &[
            "LoadFast 0 (a)",
            "LoadFast 1 (b)",
            "BinaryOp (+)",
            "ReturnValue",
        ],
    );
}

// ---- modes, lines, errors -------------------------------------------------

#[test]
fn interactive_mode_echoes_expressions() {
    let code = try_compile("x = 1\nx\nfor i in r: i\n", Mode::Interactive).expect("compiles");
    assert_contains(&code, &["LoadName 0 (x)", "PrintExpr"]);
    assert_contains(&code, &["LoadName 2 (i)", "PrintExpr", "Jump to 6"]);
    let code = try_compile("def f():\n    x\n", Mode::Interactive).expect("compiles");
    assert_contains(find(&code, "f"), &["LoadGlobal 0 (x)", "Pop"]);
}

#[test]
fn eval_mode_returns_the_expression() {
    let code = try_compile("1 + x\n", Mode::Eval).expect("compiles");
    assert_listing(
        &code,
        &[
            "LoadConst 0 (1)",
            "LoadName 0 (x)",
            "BinaryOp (+)",
            "ReturnValue",
        ],
    );
    assert!(try_compile("x = 1\n", Mode::Eval).is_err());
}

#[test]
fn module_docstring_and_lone_literals() {
    let code = compile("'module doc'\n42\n");
    assert_eq!(code.doc.as_deref(), Some("module doc"));
    assert_listing(
        &code,
        &[
            "LoadConst 0 (\"module doc\")",
            "StoreName 0 (__doc__)",
            "LoadConst 1 (None)",
            "ReturnValue",
        ],
    );
}

#[test]
fn calls_carry_the_line_of_their_expression() {
    let code = compile("x = [\n    f(1),\n    g(2),\n]\n");
    let lines: Vec<(String, u32)> = listing(&code)
        .into_iter()
        .zip(code.lines.iter().copied())
        .collect();
    assert!(lines.contains(&("Call 1".to_string(), 2)), "{lines:?}");
    assert!(
        lines.contains(&("LoadName 1 (g)".to_string(), 3)),
        "{lines:?}"
    );
    assert!(lines.contains(&("BuildList 2".to_string(), 1)), "{lines:?}");
}

#[test]
fn stack_size_is_the_deepest_point() {
    let code = compile("f(a, b, (c, d))\n");
    // f a b c d -> 5
    assert_eq!(code.stacksize, 5);
    let code = compile("for x in y:\n    for z in x:\n        pass\n");
    assert_eq!(code.stacksize, 3);
}

#[test]
fn errors_with_cpython_wording() {
    let cases: &[(&str, &str)] = &[
        ("return 1\n", "'return' outside function"),
        ("break\n", "'break' outside loop"),
        ("continue\n", "'continue' not properly in loop"),
        (
            "def f():\n    def g():\n        break\n    while x:\n        g()\n",
            "'break' outside loop",
        ),
        ("yield 1\n", "'yield' outside function"),
        ("class C:\n    yield 1\n", "'yield' outside function"),
        (
            "def f():\n    return [(yield x) for x in y]\n",
            "'yield' inside list comprehension",
        ),
        ("await x\n", "'await' outside function"),
        ("def f():\n    await x\n", "'await' outside async function"),
        (
            "def f():\n    nonlocal x\n",
            "no binding for nonlocal 'x' found",
        ),
        (
            "nonlocal x\n",
            "nonlocal declaration not allowed at module level",
        ),
        (
            "def f():\n    print(x)\n    global x\n",
            "name 'x' is used prior to global declaration",
        ),
        (
            "def f():\n    x = 1\n    global x\n",
            "name 'x' is assigned to before global declaration",
        ),
        (
            "def f(x):\n    global x\n",
            "name 'x' is parameter and global",
        ),
        (
            "def f(a, a):\n    pass\n",
            "duplicate argument 'a' in function definition",
        ),
        (
            "*a = b\n",
            "starred assignment target must be in a list or tuple",
        ),
        (
            "a, *b, *c = d\n",
            "multiple starred expressions in assignment",
        ),
        (
            "async def f():\n    yield 1\n    return 2\n",
            "'return' with value in async generator",
        ),
        (
            "async def f():\n    yield from x\n",
            "'yield from' inside async function",
        ),
        (
            "x = [*a]\nprint(*a)\ny = *a\n",
            "can't use starred expression here",
        ),
        (
            "class C:\n    [(y := 1) for x in z]\n",
            "assignment expression within a comprehension cannot be used in a class body",
        ),
        (
            "[(x := 1) for x in z]\n",
            "assignment expression cannot rebind comprehension iteration variable 'x'",
        ),
    ];
    for (src, message) in cases {
        assert_eq!(&compile_error(src), message, "for {src:?}");
    }
}

// ---- no panics --------------------------------------------------------------

/// Every lesson snippet that parses compiles (or reports a compile error)
/// without panicking; in debug builds the builder also checks that every
/// path reaches each instruction with the same stack depth.
#[test]
fn snippets_compile_without_panicking() {
    let Ok(dir) = std::fs::read_dir("/work/shared/snippets") else {
        return;
    };
    let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
    {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let source = SourceFile::new(path.display().to_string(), text);
        let Ok(module) = syntax::parse(&source) else {
            continue;
        };
        for mode in [Mode::Exec, Mode::Interactive] {
            let _ = compile_module(&module, &source, mode);
        }
    }
}

/// Generated programs: every statement form nested in every other, with
/// valid and invalid targets, jumps in and out of handlers, and so on.
#[test]
fn generated_programs_compile_without_panicking() {
    let mut rng = Rng(0x5eed);
    for _ in 0..3000 {
        let src = random_program(&mut rng);
        let source = SourceFile::new("<gen>", src.clone());
        let Ok(module) = syntax::parse(&source) else {
            continue;
        };
        for mode in [Mode::Exec, Mode::Interactive] {
            let _ = compile_module(&module, &source, mode);
        }
    }
}

/// A tiny deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.below(items.len())]
    }
}

/// Mostly inside a method's loop, where `return`, `yield`, `break` and
/// `super()` are all valid; sometimes at module level.
fn random_program(rng: &mut Rng) -> String {
    let (mut out, depth) = match rng.below(4) {
        0 => (String::new(), 0),
        1 => ("async def co(x):\n    while x:\n".to_string(), 2),
        _ => (
            "class K:\n    def m(self, x):\n        for i in x:\n".to_string(),
            3,
        ),
    };
    for _ in 0..1 + rng.below(4) {
        random_stmt(rng, depth, &mut out);
    }
    out
}

fn random_expr(rng: &mut Rng, depth: usize) -> String {
    const LEAVES: &[&str] = &[
        "x",
        "y",
        "(1)",
        "\"s\"",
        "None",
        "self",
        "super",
        "__class__",
        "x.a",
        "x[0]",
    ];
    if depth > 2 {
        return rng.pick(LEAVES).to_string();
    }
    let a = random_expr(rng, depth + 1);
    let b = random_expr(rng, depth + 1);
    let e = match rng.below(18) {
        0 => format!("{a} and {b} or not {a}"),
        1 => format!("{a} < {b} <= {a}"),
        2 => format!("f({a}, *{b}, k={a}, **{b})"),
        3 => format!("{a}.m({b})"),
        4 => format!("[{a} for x in {b} if x for y in x]"),
        5 => format!("{{{a}: {b} for x in {b}}}"),
        6 => format!("({a} for x in {b})"),
        7 => format!("lambda x, *a, k=1: {a}"),
        8 => format!("yield {a}"),
        9 => format!("w := {a}"),
        10 => format!("[(w := y) for y in {b}]"),
        11 => format!("f'{{{a}!r:>{{{b}}}}}'"),
        12 => format!("await {a}"),
        13 => format!("{a} if {b} else {a}"),
        14 => format!("[*{a}, {b}]"),
        15 => format!("{{**{a}, 1: {b}}}"),
        16 => format!("{a}[1:{b}:2]"),
        _ => format!("super().m({a})"),
    };
    format!("({e})")
}

fn random_stmt(rng: &mut Rng, depth: usize, out: &mut String) {
    let indent = "    ".repeat(depth);
    let e = random_expr(rng, 0);
    let simple = [
        e.clone(),
        format!("x = y = {e}"),
        format!("a, *b = {e}"),
        format!("x.a += {e}"),
        format!("x[0] -= {e}"),
        format!("f() = {e}"),
        "return".to_string(),
        format!("return {e}"),
        "break".to_string(),
        "continue".to_string(),
        "del x, x.a, x[0]".to_string(),
        "global g".to_string(),
        "nonlocal x".to_string(),
        format!("raise {e} from None"),
        format!("assert {e}, 'm'"),
        "import a.b.c as d".to_string(),
        "from . import x as y".to_string(),
        "pass".to_string(),
    ];
    if depth > 4 || rng.below(3) == 0 {
        let line = &simple[rng.below(simple.len())];
        out.push_str(&format!("{indent}{line}\n"));
        return;
    }
    let header = match rng.below(11) {
        0 => format!("if {e}:"),
        1 => format!("while {e}:"),
        2 => format!("for x in {e}:"),
        3 => format!("with {e} as x, y:"),
        4 => "def f(self, a, b=1, *args, k, **kw):".to_string(),
        5 => "async def f(x):".to_string(),
        6 => "class C(B, metaclass=M):".to_string(),
        7 => "try:".to_string(),
        8 => "def g():".to_string(),
        9 => "for y in x:".to_string(),
        _ => "while True:".to_string(),
    };
    out.push_str(&format!("{indent}{header}\n"));
    for _ in 0..1 + rng.below(3) {
        random_stmt(rng, depth + 1, out);
    }
    if header == "try:" {
        let clauses = [
            ["except E as e:", "else:"],
            ["except:", "finally:"],
            ["finally:", "finally:"],
        ];
        let chosen = clauses[rng.below(clauses.len())];
        let mut seen = std::collections::HashSet::new();
        for clause in chosen {
            if !seen.insert(clause) {
                continue;
            }
            out.push_str(&format!("{indent}{clause}\n"));
            for _ in 0..1 + rng.below(2) {
                random_stmt(rng, depth + 1, out);
            }
        }
    }
}

/// A very deep tree is a compile error, not a stack overflow (checked in a
/// thread with a small stack).
#[test]
fn deep_nesting_is_an_error() {
    use crate::diagnostics::Span;
    use crate::syntax::ast::{BinOp, Expr, ExprKind, Module, Stmt, StmtKind};
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let leaf = |n: &str| Expr {
                kind: ExprKind::Name(n.into()),
                span: Span::default(),
            };
            let mut e = leaf("a");
            for _ in 0..5000 {
                let kind = ExprKind::BinOp {
                    left: Box::new(e),
                    op: BinOp::Add,
                    right: Box::new(leaf("b")),
                };
                e = Expr {
                    kind,
                    span: Span::default(),
                };
            }
            let module = Module {
                body: vec![Stmt {
                    kind: StmtKind::Expr(e),
                    span: Span::default(),
                }],
            };
            let result = compile_module(&module, &SourceFile::new("<deep>", ""), Mode::Exec);
            // Dropping the tree recursively would need a big stack too.
            std::mem::forget(module);
            result.map(|_| ()).map_err(|e| e.message)
        })
        .and_then(|t| t.join().map_err(|_| std::io::Error::other("panicked")));
    match outcome {
        Ok(Err(message)) => assert_eq!(
            message,
            "maximum recursion depth exceeded during compilation"
        ),
        other => panic!("unexpected {other:?}"),
    }
}
