//! Error messages and positions: CPython 3.11's wording, line and column
//! (recorded with CPython 3.11.7; exceptions are commented).

use super::assert_error;

macro_rules! errors {
    ($($name:ident: $source:expr => $class:literal, $line:literal, $col:literal, $message:expr;)*) => {
        $(#[test] fn $name() { assert_error($source, $class, $line, $col, $message); })*
    };
}

errors! {
    invalid_syntax_two_names:
        r#"foo bar baz"#
        => "SyntaxError", 1, 5, r#"invalid syntax"#;
    invalid_syntax_dollar:
        r#"x = $"#
        => "SyntaxError", 1, 5, r#"invalid syntax"#;
    missing_colon_if:
        r#"if x
    pass"#
        => "SyntaxError", 1, 5, r#"expected ':'"#;
    missing_colon_for:
        r#"for i in range(3)
    print(i)"#
        => "SyntaxError", 1, 18, r#"expected ':'"#;
    missing_colon_def:
        r#"def f()
    pass"#
        => "SyntaxError", 1, 8, r#"expected ':'"#;
    missing_colon_def_forced:
        r#"def f() x:
    pass"#
        => "SyntaxError", 1, 9, r#"expected ':'"#;
    missing_colon_class:
        r#"class A
    pass"#
        => "SyntaxError", 1, 8, r#"expected ':'"#;
    missing_colon_while:
        r#"while x
    pass"#
        => "SyntaxError", 1, 8, r#"expected ':'"#;
    missing_colon_else:
        r#"if x:
    pass
else
    pass"#
        => "SyntaxError", 3, 5, r#"expected ':'"#;
    missing_colon_try:
        r#"try
    pass"#
        => "SyntaxError", 1, 4, r#"expected ':'"#;
    missing_lparen_def:
        r#"def f:
    pass"#
        => "SyntaxError", 1, 6, r#"expected '('"#;
    block_after_if:
        r#"if x:
pass"#
        => "IndentationError", 2, 1, r#"expected an indented block after 'if' statement on line 1"#;
    block_after_if_at_eof:
        r#"if x:
"#
        => "IndentationError", 1, 6, r#"expected an indented block after 'if' statement on line 1"#;
    block_after_if_no_newline:
        r#"if x:"#
        => "IndentationError", 1, 6, r#"expected an indented block after 'if' statement on line 1"#;
    block_after_def:
        r#"def f():
return 1"#
        => "IndentationError", 2, 1, r#"expected an indented block after function definition on line 1"#;
    block_after_class:
        r#"class A:

"#
        => "IndentationError", 2, 1, r#"expected an indented block after class definition on line 1"#;
    block_after_elif:
        r#"if a:
    pass
elif b:
x = 1"#
        => "IndentationError", 4, 1, r#"expected an indented block after 'elif' statement on line 3"#;
    block_after_else:
        r#"for a in b:
    pass
else:
x = 1"#
        => "IndentationError", 4, 1, r#"expected an indented block after 'else' statement on line 3"#;
    block_after_while:
        r#"while x:
x = 1"#
        => "IndentationError", 2, 1, r#"expected an indented block after 'while' statement on line 1"#;
    block_after_with:
        r#"with a:
x = 1"#
        => "IndentationError", 2, 1, r#"expected an indented block after 'with' statement on line 1"#;
    block_after_try:
        r#"try:
x = 1"#
        => "IndentationError", 2, 1, r#"expected an indented block after 'try' statement on line 1"#;
    block_after_except:
        r#"try:
    pass
except E:
x = 1"#
        => "IndentationError", 4, 1, r#"expected an indented block after 'except' statement on line 3"#;
    block_after_finally:
        r#"try:
    pass
finally:
x = 1"#
        => "IndentationError", 4, 1, r#"expected an indented block after 'finally' statement on line 3"#;
    block_after_async_def:
        r#"async def f():
x = 1"#
        => "IndentationError", 2, 1, r#"expected an indented block after function definition on line 1"#;
    // CPython reports column 0 here (its DEDENT token); conc points at the token.
    block_after_nested_if:
        r#"if a:
    if b:
x = 1"#
        => "IndentationError", 3, 1, r#"expected an indented block after 'if' statement on line 2"#;
    unexpected_indent:
        r#"x = 1
    y = 2"#
        => "IndentationError", 2, 4, r#"unexpected indent"#;
    unexpected_indent_first_line:
        r#"  x = 1"#
        => "IndentationError", 1, 2, r#"unexpected indent"#;
    unexpected_indent_tab:
        "x = 1\n\ty = 2"
        => "IndentationError", 2, 1, r#"unexpected indent"#;
    unexpected_indent_in_block:
        r#"if x:
  a
    b"#
        => "IndentationError", 3, 4, r#"unexpected indent"#;
    unindent_mismatch:
        r#"if x:
    a
  b"#
        => "IndentationError", 3, 4, r#"unindent does not match any outer indentation level"#;
    unindent_mismatch_else:
        r#"if x:
  pass
 else:
  pass"#
        => "IndentationError", 3, 7, r#"unindent does not match any outer indentation level"#;
    tab_error_spaces_then_tab:
        "if x:\n        a\n\tb"
        => "TabError", 3, 1, r#"inconsistent use of tabs and spaces in indentation"#;
    tab_error_tab_then_spaces:
        "if x:\n\ta\n        b"
        => "TabError", 3, 1, r#"inconsistent use of tabs and spaces in indentation"#;
    tab_error_dedent:
        "def f():\n    return 1\n\treturn 2\n"
        => "TabError", 3, 1, r#"inconsistent use of tabs and spaces in indentation"#;
    unterminated_string:
        r#"x = 'abc"#
        => "SyntaxError", 1, 5, r#"unterminated string literal (detected at line 1)"#;
    unterminated_string_prefix:
        r#"x = f'abc"#
        => "SyntaxError", 1, 5, r#"unterminated string literal (detected at line 1)"#;
    unterminated_string_after_continuation:
        r#"x = 'abc\
def"#
        => "SyntaxError", 1, 5, r#"unterminated string literal (detected at line 2)"#;
    unterminated_triple:
        r#"x = '''abc
d"#
        => "SyntaxError", 1, 5, r#"unterminated triple-quoted string literal (detected at line 2)"#;
    unterminated_triple_trailing_newline:
        r#"x = '''abc
"#
        => "SyntaxError", 1, 5, r#"unterminated triple-quoted string literal (detected at line 1)"#;
    never_closed_paren:
        r#"x = (1,
"#
        => "SyntaxError", 1, 5, r#"'(' was never closed"#;
    never_closed_bracket:
        r#"x = [1, 2"#
        => "SyntaxError", 1, 5, r#"'[' was never closed"#;
    never_closed_later_error:
        r#"x = (1,
2
y = 3 $
"#
        => "SyntaxError", 1, 5, r#"'(' was never closed"#;
    never_closed_comma_at_end:
        r#"f(1 2"#
        => "SyntaxError", 1, 2, r#"'(' was never closed"#;
    unmatched_close:
        r#"x = )"#
        => "SyntaxError", 1, 5, r#"unmatched ')'"#;
    mismatched_close:
        r#"x = (]"#
        => "SyntaxError", 1, 6, r#"closing parenthesis ']' does not match opening parenthesis '('"#;
    mismatched_close_other_line:
        r#"x = (
]"#
        => "SyntaxError", 2, 1, r#"closing parenthesis ']' does not match opening parenthesis '(' on line 1"#;
    invalid_character_fullwidth_comma:
        r#"x = 1，2"#
        => "SyntaxError", 1, 6, r#"invalid character '，' (U+FF0C)"#;
    invalid_character_fullwidth_stop:
        r#"x = 1 。"#
        => "SyntaxError", 1, 7, r#"invalid character '。' (U+3002)"#;
    invalid_character_in_name:
        r#"ab，c = 1"#
        => "SyntaxError", 1, 3, r#"invalid character '，' (U+FF0C)"#;
    invalid_nonprintable:
        "x = 1\x01"
        => "SyntaxError", 1, 6, r#"invalid non-printable character U+0001"#;
    invalid_char_overrides_parser_error:
        r#"if x
    a
z = 1，"#
        => "SyntaxError", 3, 6, r#"invalid character '，' (U+FF0C)"#;
    unexpected_indent_beats_invalid_char:
        r#"x = 1
  y = 2
z = 1，"#
        => "IndentationError", 2, 2, r#"unexpected indent"#;
    invalid_decimal_literal:
        r#"x = 1abc"#
        => "SyntaxError", 1, 5, r#"invalid decimal literal"#;
    invalid_decimal_literal_exponent:
        r#"x = 380e167d69"#
        => "SyntaxError", 1, 11, r#"invalid decimal literal"#;
    invalid_decimal_underscore:
        r#"1_"#
        => "SyntaxError", 1, 2, r#"invalid decimal literal"#;
    invalid_decimal_double_underscore:
        r#"1__0"#
        => "SyntaxError", 1, 2, r#"invalid decimal literal"#;
    invalid_decimal_float_attr:
        r#"x = 1.real"#
        => "SyntaxError", 1, 6, r#"invalid decimal literal"#;
    invalid_hex:
        r#"0x1g"#
        => "SyntaxError", 1, 3, r#"invalid hexadecimal literal"#;
    invalid_binary_digit:
        r#"0b12"#
        => "SyntaxError", 1, 4, r#"invalid digit '2' in binary literal"#;
    invalid_octal_digit:
        r#"0o8"#
        => "SyntaxError", 1, 3, r#"invalid digit '8' in octal literal"#;
    leading_zeros:
        r#"01"#
        => "SyntaxError", 1, 1, r#"leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"#;
    print_statement_string:
        r#"print "x""#
        => "SyntaxError", 1, 1, r#"Missing parentheses in call to 'print'. Did you mean print(...)?"#;
    print_statement_name:
        r#"print x"#
        => "SyntaxError", 1, 1, r#"Missing parentheses in call to 'print'. Did you mean print(...)?"#;
    print_statement_tuple:
        r#"print "x", 1"#
        => "SyntaxError", 1, 1, r#"Missing parentheses in call to 'print'. Did you mean print(...)?"#;
    print_statement_in_assignment:
        r#"x = print "a""#
        => "SyntaxError", 1, 5, r#"Missing parentheses in call to 'print'. Did you mean print(...)?"#;
    exec_statement:
        r#"exec "x""#
        => "SyntaxError", 1, 1, r#"Missing parentheses in call to 'exec'. Did you mean exec(...)?"#;
    forgot_comma_call:
        r#"f(a b)"#
        => "SyntaxError", 1, 3, r#"invalid syntax. Perhaps you forgot a comma?"#;
    forgot_comma_list:
        r#"[a b]"#
        => "SyntaxError", 1, 2, r#"invalid syntax. Perhaps you forgot a comma?"#;
    forgot_comma_second:
        r#"f(a, b c)"#
        => "SyntaxError", 1, 6, r#"invalid syntax. Perhaps you forgot a comma?"#;
    forgot_comma_attributes:
        r#"f(a.b c.d)"#
        => "SyntaxError", 1, 3, r#"invalid syntax. Perhaps you forgot a comma?"#;
    forgot_comma_dict:
        r#"x = {1: 2 3: 4}"#
        => "SyntaxError", 1, 9, r#"invalid syntax. Perhaps you forgot a comma?"#;
    forgot_comma_multiline:
        r#"x = (
  1,
  2 3)"#
        => "SyntaxError", 3, 3, r#"invalid syntax. Perhaps you forgot a comma?"#;
    name_string_not_comma:
        r#"f(a "b")"#
        => "SyntaxError", 1, 5, r#"invalid syntax"#;
    assign_to_call:
        r#"f() = 1"#
        => "SyntaxError", 1, 1, r#"cannot assign to function call here. Maybe you meant '==' instead of '='?"#;
    assign_to_literal:
        r#"1 = x"#
        => "SyntaxError", 1, 1, r#"cannot assign to literal here. Maybe you meant '==' instead of '='?"#;
    assign_to_expression:
        r#"x + 1 = 2"#
        => "SyntaxError", 1, 1, r#"cannot assign to expression here. Maybe you meant '==' instead of '='?"#;
    assign_to_call_in_tuple:
        r#"a, f() = 1"#
        => "SyntaxError", 1, 4, r#"cannot assign to function call here. Maybe you meant '==' instead of '='?"#;
    assign_to_call_chain:
        r#"f() = g() = 1"#
        => "SyntaxError", 1, 1, r#"cannot assign to function call"#;
    assign_typo_name:
        r#"f(), x = 1"#
        => "SyntaxError", 1, 6, r#"invalid syntax. Maybe you meant '==' or ':=' instead of '='?"#;
    assign_to_true:
        r#"True = 1"#
        => "SyntaxError", 1, 1, r#"cannot assign to True"#;
    assign_to_lambda:
        r#"lambda: 1 = 2"#
        => "SyntaxError", 1, 1, r#"cannot assign to lambda"#;
    assign_to_comparison_like:
        r#"a if b else c = 1"#
        => "SyntaxError", 1, 1, r#"cannot assign to conditional expression"#;
    assign_to_yield:
        r#"x = yield = 1"#
        => "SyntaxError", 1, 5, r#"assignment to yield expression not possible"#;
    assign_to_starred_alone:
        r#"*a = b"#
        => "SyntaxError", 1, 1, r#"starred assignment target must be in a list or tuple"#;
    assign_in_if:
        r#"if x = 1:
    pass"#
        => "SyntaxError", 1, 4, r#"invalid syntax. Maybe you meant '==' or ':=' instead of '='?"#;
    aug_assign_tuple:
        r#"a, b += 1"#
        => "SyntaxError", 1, 1, r#"'tuple' is an illegal expression for augmented assignment"#;
    aug_assign_call:
        r#"f() += 1"#
        => "SyntaxError", 1, 1, r#"'function call' is an illegal expression for augmented assignment"#;
    annotate_tuple:
        r#"a, b: int"#
        => "SyntaxError", 1, 1, r#"only single target (not tuple) can be annotated"#;
    annotate_list:
        r#"[a]: int"#
        => "SyntaxError", 1, 1, r#"only single target (not list) can be annotated"#;
    annotate_call:
        r#"f(): int"#
        => "SyntaxError", 1, 1, r#"illegal target for annotation"#;
    for_target_call:
        r#"for f() in y: pass"#
        => "SyntaxError", 1, 5, r#"cannot assign to function call"#;
    with_target_call:
        r#"with a as (b, f()): pass"#
        => "SyntaxError", 1, 15, r#"cannot assign to function call"#;
    comprehension_target_call:
        r#"[x for f() in y]"#
        => "SyntaxError", 1, 8, r#"cannot assign to function call"#;
    del_call:
        r#"del f()"#
        => "SyntaxError", 1, 5, r#"cannot delete function call"#;
    del_literal:
        r#"del 1"#
        => "SyntaxError", 1, 5, r#"cannot delete literal"#;
    del_starred:
        r#"del [a, *b]"#
        => "SyntaxError", 1, 9, r#"cannot delete starred"#;
    starred_group:
        r#"x = (*a)"#
        => "SyntaxError", 1, 6, r#"cannot use starred expression here"#;
    starred_comprehension:
        r#"x = [*a for a in b]"#
        => "SyntaxError", 1, 6, r#"iterable unpacking cannot be used in comprehension"#;
    dict_unpack_comprehension:
        r#"x = {**a for a in b}"#
        => "SyntaxError", 1, 6, r#"dict unpacking cannot be used in dict comprehension"#;
    starred_call_comprehension:
        r#"print(*a for a in b)"#
        => "SyntaxError", 1, 7, r#"iterable unpacking cannot be used in comprehension"#;
    dict_missing_colon:
        r#"x = {a: 1, b}"#
        => "SyntaxError", 1, 12, r#"':' expected after dictionary key"#;
    set_with_colon:
        r#"x = {a, b: 1}"#
        => "SyntaxError", 1, 10, r#"invalid syntax"#;
    genexp_not_sole_argument:
        r#"f(x for x in y, 1)"#
        => "SyntaxError", 1, 3, r#"Generator expression must be parenthesized"#;
    genexp_trailing_comma:
        r#"f(a for a in b, )"#
        => "SyntaxError", 1, 3, r#"Generator expression must be parenthesized"#;
    positional_after_keyword:
        r#"f(x=1, y)"#
        => "SyntaxError", 1, 9, r#"positional argument follows keyword argument"#;
    positional_after_unpacking:
        r#"f(**k, a)"#
        => "SyntaxError", 1, 9, r#"positional argument follows keyword argument unpacking"#;
    iterable_after_kw_unpacking:
        r#"f(**k, *a)"#
        => "SyntaxError", 1, 8, r#"iterable argument unpacking follows keyword argument unpacking"#;
    kwarg_true:
        r#"f(True=1)"#
        => "SyntaxError", 1, 3, r#"cannot assign to True"#;
    kwarg_expression:
        r#"f(a.b=1)"#
        => "SyntaxError", 1, 3, r#"expression cannot contain assignment, perhaps you meant "=="?"#;
    walrus_attribute:
        r#"(a.b := 1)"#
        => "SyntaxError", 1, 2, r#"cannot use assignment expressions with attribute"#;
    non_default_after_default:
        r#"def f(a=1, b): pass"#
        => "SyntaxError", 1, 12, r#"non-default argument follows default argument"#;
    bare_star:
        r#"def f(*): pass"#
        => "SyntaxError", 1, 7, r#"named arguments must follow bare *"#;
    bare_star_lambda:
        r#"lambda *: 1"#
        => "SyntaxError", 1, 9, r#"named arguments must follow bare *"#;
    slash_first:
        r#"def f(/, a): pass"#
        => "SyntaxError", 1, 7, r#"at least one argument must precede /"#;
    slash_twice:
        r#"def f(a, /, b, /): pass"#
        => "SyntaxError", 1, 16, r#"/ may appear only once"#;
    slash_after_star:
        r#"def f(*a, /): pass"#
        => "SyntaxError", 1, 11, r#"/ must be ahead of *"#;
    star_twice:
        r#"def f(a, *, *b): pass"#
        => "SyntaxError", 1, 13, r#"* argument may appear only once"#;
    after_kwargs:
        r#"def f(**a, b): pass"#
        => "SyntaxError", 1, 12, r#"arguments cannot follow var-keyword argument"#;
    vararg_default:
        r#"def f(*a=1): pass"#
        => "SyntaxError", 1, 9, r#"var-positional argument cannot have default value"#;
    kwarg_default:
        r#"def f(**a=1): pass"#
        => "SyntaxError", 1, 10, r#"var-keyword argument cannot have default value"#;
    expected_else:
        r#"x = 1 if y"#
        => "SyntaxError", 1, 5, r#"expected 'else' after 'if' expression"#;
    expected_else_in_parens:
        r#"x = (1 if 2)"#
        => "SyntaxError", 1, 6, r#"expected 'else' after 'if' expression"#;
    expected_except_or_finally:
        r#"try:
    pass
x = 1"#
        => "SyntaxError", 3, 1, r#"expected 'except' or 'finally' block"#;
    else_at_top:
        r#"else:
    pass"#
        => "SyntaxError", 1, 1, r#"invalid syntax"#;
    except_at_top:
        r#"except:
    pass"#
        => "SyntaxError", 1, 1, r#"invalid syntax"#;
    else_without_if_in_block:
        r#"if x:
  pass
  else:
    pass"#
        => "SyntaxError", 3, 3, r#"invalid syntax"#;
    decorator_not_followed_by_def:
        r#"@dec
x = 1"#
        => "SyntaxError", 2, 1, r#"invalid syntax"#;
    lambda_yield:
        r#"lambda: yield"#
        => "SyntaxError", 1, 9, r#"invalid syntax"#;
    await_after_operator:
        r#"x = await -x"#
        => "SyntaxError", 1, 11, r#"invalid syntax"#;
    not_after_comparison:
        r#"x = a == not b"#
        => "SyntaxError", 1, 10, r#"invalid syntax"#;
    import_dot:
        r#"import .a"#
        => "SyntaxError", 1, 8, r#"invalid syntax"#;
    import_trailing_comma:
        r#"from a import b,"#
        => "SyntaxError", 1, 17, r#"trailing comma not allowed without surrounding parentheses"#;
    import_star_parens:
        r#"from a import (*)"#
        => "SyntaxError", 1, 16, r#"invalid syntax"#;
    bytes_non_ascii:
        r#"b'é'"#
        => "SyntaxError", 1, 1, r#"bytes can only contain ASCII literal characters"#;
    bytes_and_str:
        r#"u'a' b'b'"#
        => "SyntaxError", 1, 10, r#"cannot mix bytes and nonbytes literals"#;
    truncated_x_escape:
        r#"x = '\x1'"#
        => "SyntaxError", 1, 10, r#"(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \xXX escape"#;
    truncated_u_escape:
        r#"x = '\u12'"#
        => "SyntaxError", 1, 11, r#"(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \uXXXX escape"#;
    illegal_unicode:
        r#"x = '\U00110000'"#
        => "SyntaxError", 1, 17, r#"(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character"#;
    bytes_bad_x_escape:
        r#"x = b'\xzz'"#
        => "SyntaxError", 1, 12, r#"(value error) invalid \x escape at position 0"#;
    fstring_empty:
        r#"f'{}'"#
        => "SyntaxError", 1, 6, r#"f-string: empty expression not allowed"#;
    fstring_single_brace:
        r#"f'}'"#
        => "SyntaxError", 1, 5, r#"f-string: single '}' is not allowed"#;
    fstring_unclosed_field:
        r#"x = f'{a'"#
        => "SyntaxError", 1, 10, r#"f-string: expecting '}'"#;
    fstring_bad_conversion:
        r#"x = f'{x!z}'"#
        => "SyntaxError", 1, 13, r#"f-string: invalid conversion character: expected 's', 'r', or 'a'"#;
    fstring_comment:
        r#"f'{x#}'"#
        => "SyntaxError", 1, 8, r#"f-string expression part cannot include '#'"#;
    fstring_nested_too_deep:
        r#"x = f'{x:{y:{z}}}'"#
        => "SyntaxError", 1, 19, r#"f-string: expressions nested too deeply"#;
    fstring_bad_bracket:
        r#"x = f'{a[}'"#
        => "SyntaxError", 1, 12, r#"f-string: closing parenthesis '}' does not match opening parenthesis '['"#;
    fstring_conversion_then_debug:
        r#"x = f'{x!r=}'"#
        => "SyntaxError", 1, 14, r#"f-string: expecting '}'"#;
    earlier_statement_error_first:
        r#"f() = 1
x = $"#
        => "SyntaxError", 1, 1, r#"cannot assign to function call here. Maybe you meant '==' instead of '='?"#;
    earlier_statement_error_beats_indent:
        r#"f() = 1
if x:
    a
  b"#
        => "SyntaxError", 1, 1, r#"cannot assign to function call here. Maybe you meant '==' instead of '='?"#;
    backslash_eof:
        r#"x = 1 \"#
        => "SyntaxError", 1, 8, r#"unexpected EOF while parsing"#;
    backslash_then_char:
        r#"x = 1 \ 2"#
        => "SyntaxError", 1, 8, r#"unexpected character after line continuation character"#;
    continuation_ok_then_error:
        r#"x = 1 \
y = 2 $"#
        => "SyntaxError", 2, 1, r#"invalid syntax"#;
    number_attribute:
        r#"x.1"#
        => "SyntaxError", 1, 2, r#"invalid syntax"#;
}
