//! Parser unit tests. `trees` and `errors` are tables recorded from CPython
//! 3.11; this file holds the helpers and the checks that are conc's own
//! (spans, the REPL's `incomplete` flag, limits, the layout pass).

mod errors;
mod trees;

use super::ast::{ExprKind, Module, StmtKind};
use super::dump::{dump, float_repr};
use super::layout::{layout, DEDENT, INDENT};
use super::parse;
use crate::diagnostics::{CompileError, CompileErrorKind, SourceFile, Span};

fn parse_str(text: &str) -> Result<Module, CompileError> {
    parse(&SourceFile::new("<test>", text))
}

fn assert_tree(source: &str, expected: &str) {
    match parse_str(source) {
        Ok(module) => assert_eq!(dump(&module), expected, "\nsource: {source:?}"),
        Err(e) => panic!("{source:?} failed to parse: {e}"),
    }
}

fn error_of(source: &str) -> CompileError {
    match parse_str(source) {
        Ok(module) => panic!("{source:?} parsed: {}", dump(&module)),
        Err(e) => e,
    }
}

fn assert_error(source: &str, class: &str, line: u32, col: u32, message: &str) {
    let e = error_of(source);
    assert_eq!(
        (e.kind.class_name(), e.line_col(), e.message.as_str()),
        (class, (line, col), message),
        "\nsource: {source:?}"
    );
}

/// The source text a span covers.
fn text_of(source: &str, span: Span) -> &str {
    &source[span.start as usize..span.end as usize]
}

// ---------------------------------------------------------------- the REPL's flag

#[test]
fn incomplete_when_more_input_could_finish_it() {
    for source in [
        "if x:",
        "if x:\n",
        "def f():\n",
        "class A:\n    def f(self):\n",
        "for x in y:\n    pass\nelse:",
        "x = (1,",
        "f(a,\n  b",
        "x = '''abc",
        "x = \"\"\"abc\n\ndef",
        "x = 1 + \\",
        "x = [\n",
        "@decorator\n",
        "try:\n    pass\n",
        "if x:\n    pass\nelif y:",
    ] {
        assert!(
            error_of(source).incomplete,
            "{source:?} should be incomplete"
        );
    }
}

#[test]
fn not_incomplete_when_the_input_is_wrong() {
    for source in [
        "x = 1 +",
        "x = )",
        "print 'x'",
        "if x y:",
        "x = 'abc",
        "f(a b)\n",
        "  x = 1",
        "if x:\npass",
    ] {
        assert!(
            !error_of(source).incomplete,
            "{source:?} should not be incomplete"
        );
    }
}

#[test]
fn a_finished_block_parses_without_its_closing_blank_line() {
    // The REPL itself waits for the blank line; the parser accepts the block.
    assert!(parse_str("if x:\n    pass").is_ok());
    assert!(parse_str("while x:\n    y()\n").is_ok());
}

// ---------------------------------------------------------------- odd but valid input

#[test]
fn empty_and_comment_only_files() {
    for source in [
        "",
        "\n",
        "   ",
        "# just a comment",
        "\n\n# a\n   # b\n\n",
        "\t\n",
        "\x0c\n",
    ] {
        let module = parse_str(source).unwrap_or_else(|e| panic!("{source:?}: {e}"));
        assert!(module.body.is_empty(), "{source:?}");
    }
}

#[test]
fn windows_and_old_mac_line_endings() {
    let unix = dump(&parse_str("if x:\n    y = '''a\nb'''\nz = 1\n").unwrap());
    assert_eq!(
        dump(&parse_str("if x:\r\n    y = '''a\r\nb'''\r\nz = 1\r\n").unwrap()),
        unix
    );
    assert_eq!(
        dump(&parse_str("if x:\r    y = '''a\rb'''\rz = 1\r").unwrap()),
        unix
    );
}

#[test]
fn form_feed_and_tabs_in_indentation() {
    assert!(parse_str("if x:\n\x0c    y = 1\n").is_ok());
    assert!(parse_str("if x:\n\ty = 1\n\tz = 2\n").is_ok());
    // A tab is 8 columns, and "8 spaces + tab" is consistent with "2 tabs".
    assert!(parse_str("if x:\n\tif y:\n        \tpass\n\tz = 1\n").is_ok());
}

#[test]
fn the_u_prefix_is_accepted() {
    // CPython records `kind='u'` on such constants; the conc AST has no such field.
    assert_tree("x = u'a' U\"b\"", "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value='ab'))], type_ignores=[])");
}

#[test]
fn identifiers_may_be_unicode() {
    let module = parse_str("变量 = 1\nπ = 3.14\nclass Ünïcode: pass\n").unwrap();
    let StmtKind::Assign { targets, .. } = &module.body[0].kind else {
        panic!()
    };
    assert_eq!(targets[0].kind, ExprKind::Name("变量".into()));
}

// ---------------------------------------------------------------- spans

#[test]
fn spans_are_byte_offsets_into_the_original_source() {
    // Markers are inserted before `y` and before `z`: spans must not shift.
    let source = "if 中文:\n    y = '字'\nz = f(a, b)\n";
    let module = parse_str(source).unwrap();
    let StmtKind::If { test, body, .. } = &module.body[0].kind else {
        panic!()
    };
    assert_eq!(text_of(source, test.span), "中文");
    assert_eq!(text_of(source, body[0].span), "y = '字'");
    assert_eq!(
        text_of(source, module.body[0].span),
        "if 中文:\n    y = '字'"
    );
    let StmtKind::Assign { value, .. } = &module.body[1].kind else {
        panic!()
    };
    assert_eq!(text_of(source, value.span), "f(a, b)");
    let ExprKind::Call { args, .. } = &value.kind else {
        panic!()
    };
    assert_eq!(text_of(source, args[1].span), "b");
}

#[test]
fn spans_of_operators_and_parenthesized_expressions() {
    let source = "x = (a + b) * -c.d[1]\n";
    let module = parse_str(source).unwrap();
    let StmtKind::Assign { value, .. } = &module.body[0].kind else {
        panic!()
    };
    assert_eq!(text_of(source, value.span), "(a + b) * -c.d[1]");
    let ExprKind::BinOp { left, right, .. } = &value.kind else {
        panic!()
    };
    assert_eq!(text_of(source, left.span), "a + b");
    assert_eq!(text_of(source, right.span), "-c.d[1]");
}

#[test]
fn spans_inside_fstring_fields_point_into_the_string() {
    let source = "s = f'x{a.b + 1!r:>{w}}y'\n";
    let module = parse_str(source).unwrap();
    let StmtKind::Assign { value, .. } = &module.body[0].kind else {
        panic!()
    };
    let ExprKind::JoinedStr(values) = &value.kind else {
        panic!()
    };
    let ExprKind::FormattedValue {
        value: field,
        format_spec,
        ..
    } = &values[1].kind
    else {
        panic!()
    };
    assert_eq!(text_of(source, field.span), "a.b + 1");
    let Some(spec) = format_spec else { panic!() };
    let ExprKind::JoinedStr(spec_values) = &spec.kind else {
        panic!()
    };
    let ExprKind::FormattedValue { value: width, .. } = &spec_values[1].kind else {
        panic!()
    };
    assert_eq!(text_of(source, width.span), "w");
}

#[test]
fn function_name_and_argument_spans() {
    let source = "@dec\ndef run(self, n=1):\n    pass\n";
    let module = parse_str(source).unwrap();
    let StmtKind::FunctionDef(def) = &module.body[0].kind else {
        panic!()
    };
    assert_eq!(text_of(source, def.name_span), "run");
    assert_eq!(text_of(source, def.args.args[1].span), "n");
    assert_eq!(
        text_of(source, module.body[0].span),
        "def run(self, n=1):\n    pass"
    );
    assert_eq!(text_of(source, def.decorators[0].span), "dec");
}

#[test]
fn error_spans_cover_the_offending_text() {
    let source = "x = 1\nf(a, b) = 2\n";
    let e = error_of(source);
    assert_eq!(text_of(source, e.span), "f(a, b)");
}

// ---------------------------------------------------------------- limits

#[test]
fn too_many_nested_parentheses() {
    let source = format!("x = {}1{}", "(".repeat(201), ")".repeat(201));
    assert_error(
        &source,
        "SyntaxError",
        1,
        205,
        "too many nested parentheses",
    );
    let ok = format!("x = {}1{}", "(".repeat(199), ")".repeat(199));
    assert!(parse_str(&ok).is_ok());
}

#[test]
fn too_many_levels_of_indentation() {
    let mut source = String::new();
    for depth in 0..101 {
        source.push_str(&" ".repeat(depth));
        source.push_str("if x:\n");
    }
    source.push_str(&" ".repeat(101));
    source.push_str("pass\n");
    assert_error(
        &source,
        "IndentationError",
        101,
        1,
        "too many levels of indentation",
    );
}

#[test]
fn deep_expressions_are_errors_not_crashes() {
    for source in [
        format!("x = {}1", "-".repeat(100_000)),
        format!("x = {}1", "lambda: ".repeat(5000)),
        format!("x = {}1", "not ".repeat(5000)),
        format!("x = a{}", ".b".repeat(50_000)),
        format!("x = {}1", "1 + ".repeat(50_000)),
    ] {
        let e = error_of(&source);
        assert_eq!(e.kind, CompileErrorKind::Syntax);
        assert!(
            e.message.starts_with("too many nested expressions"),
            "{}",
            e.message
        );
    }
}

#[test]
fn moderately_deep_expressions_parse_even_on_a_small_stack() {
    let sources = [
        format!("x = {}0{}", "f(".repeat(199), ")".repeat(199)),
        format!("x = {}0{}", "[".repeat(199), "]".repeat(199)),
        format!("x = {}1", "-".repeat(500)),
        format!("x = {}1", "2 ** ".repeat(300)),
        format!("x = {}1", "lambda: ".repeat(200)),
    ];
    // The parser moves deep work to a thread of its own: 256 KiB is enough here.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            sources
                .iter()
                .map(|s| parse_str(s).map(|_| ()).map_err(|e| e.message))
                .collect::<Vec<_>>()
        })
        .unwrap();
    for result in handle.join().unwrap() {
        assert_eq!(result, Ok(()));
    }
}

// ---------------------------------------------------------------- where conc differs

#[test]
fn conc_refuses_what_it_cannot_represent() {
    assert_error(
        "x = 1j",
        "SyntaxError",
        1,
        5,
        "complex numbers are not supported by conc",
    );
    let e = error_of("x = '\\N{NO SUCH CHARACTER NAME}'");
    assert!(
        e.message.contains("unknown Unicode character name"),
        "{}",
        e.message
    );
    let e = error_of("x = '\\ud800'");
    assert!(e.message.contains("surrogate"), "{}", e.message);
}

#[test]
fn compile_time_checks_done_early() {
    // CPython's compiler (not its parser) reports these; conc's parser does.
    assert_error(
        "*a = b",
        "SyntaxError",
        1,
        1,
        "starred assignment target must be in a list or tuple",
    );
    assert_error(
        "[a, *b, *c] = 1",
        "SyntaxError",
        1,
        9,
        "multiple starred expressions in assignment",
    );
    assert_error(
        "x = *a",
        "SyntaxError",
        1,
        5,
        "can't use starred expression here",
    );
    assert_error(
        "def f(a, a): pass",
        "SyntaxError",
        1,
        10,
        "duplicate argument 'a' in function definition",
    );
    assert_error(
        "f(a=1, a=2)",
        "SyntaxError",
        1,
        8,
        "keyword argument repeated: a",
    );
}

#[test]
fn compiler_checks_left_to_the_compiler() {
    for source in [
        "return 1",
        "yield x",
        "await x",
        "nonlocal x",
        "break",
        "continue",
        "x = yield",
    ] {
        assert!(
            parse_str(source).is_ok(),
            "{source:?} should parse (the compiler rejects it)"
        );
    }
}

// ---------------------------------------------------------------- the pieces

#[test]
fn layout_marks_indentation_and_maps_back() {
    let source = "if x:\n    y\nz\n";
    let l = layout(source);
    assert!(l.error.is_none());
    let expected = format!("if x:\n    {}y\n{}z\n", INDENT as char, DEDENT as char);
    assert_eq!(l.text, expected);
    let y = l.text.find('y').unwrap();
    assert_eq!(l.to_orig(y), source.find('y').unwrap());
    let z = l.text.find('z').unwrap();
    assert_eq!(l.to_orig(z), source.find('z').unwrap());
}

#[test]
fn layout_joins_bracketed_lines_and_blanks_comments() {
    let l = layout("f(a, # c\n  b)\n# x\n");
    assert_eq!(l.text, "f(a,       b)\n    ");
}

#[test]
fn layout_closes_blocks_and_the_last_line() {
    let l = layout("if x:\n  if y:\n    z");
    assert!(l.text.ends_with(&format!("z\n{0}{0}", DEDENT as char)));
}

#[test]
fn float_repr_matches_python() {
    for (value, text) in [
        (1e16, "1e+16"),
        (1e15, "1000000000000000.0"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1.5, "1.5"),
        (-0.0, "-0.0"),
        (123456.789, "123456.789"),
        (f64::INFINITY, "inf"),
        (2.5e-300, "2.5e-300"),
    ] {
        assert_eq!(float_repr(value), text);
    }
}

#[test]
fn the_source_file_is_shared_not_copied() {
    let source = SourceFile::new("<test>", "x = (");
    let e = parse(&source).unwrap_err();
    assert!(std::sync::Arc::ptr_eq(&e.source, &source));
}
