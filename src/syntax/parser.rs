//! The pest grammar (`grammar/conc.pest`) and the tree builder.
//!
//! [`parse_module`] runs the layout pass, parses its text with pest and
//! turns the pairs into the [`ast`](super::ast). Expressions arrive as flat
//! operand/operator sequences and go through a Pratt parser. On failure it
//! asks `diagnose` for CPython's message and ranks it against the layout
//! pass's own error the way CPython ranks tokenizer and parser errors.
//! This is the only module that knows about pest.

use std::cell::Cell;
use std::num::NonZeroUsize;
use std::sync::{Arc, OnceLock};

use num_bigint::BigUint;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest::Parser as _;

use super::ast::*;
use super::diagnose::{self, Expected, Probe};
use super::layout::{self, Layout, Precedence, DEDENT, INDENT};
use super::strings::{self, FPiece, Literal};
use super::validate::{self, ArgKind, Invalid, ParamItem};
use crate::diagnostics::{CompileError, SourceFile, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/conc.pest"]
struct Grammar;

/// How deeply expressions may nest (each syntactic level counts two or
/// three, and every operator of a chain like `a + b + c` one). Deeper
/// input is refused with an error instead of risking a stack overflow
/// here or in the compiler.
const MAX_NESTING: usize = 1000;

/// The message for input nested too deeply.
const TOO_DEEP: &str = "too many nested expressions (source too complex to parse)";

/// Stack the parse may use on the caller's thread. Deeper input is parsed
/// again on a thread of its own with [`BIG_STACK`].
const CALLER_STACK_BUDGET: usize = 128 * 1024;
/// The stack of that thread (virtual memory: only what is used is touched).
const BIG_STACK: usize = 64 * 1024 * 1024;
/// A generous estimate of the stack one recursion of pest's Pratt parser takes.
const STACK_PER_LEVEL: usize = 2048;

type Res<T> = Result<T, CompileError>;

/// Parse a whole file (or REPL input).
pub(crate) fn parse_module(source: &Arc<SourceFile>) -> Res<Module> {
    if let Some(result) = parse_within(source, CALLER_STACK_BUDGET) {
        return result;
    }
    let on_big_stack = {
        let source = source.clone();
        std::thread::Builder::new()
            .name("conc-parser".into())
            .stack_size(BIG_STACK)
            .spawn(move || parse_within(&source, BIG_STACK - BIG_STACK / 8))
            .ok()
            .and_then(|thread| thread.join().ok())
            .flatten()
    };
    on_big_stack.unwrap_or_else(|| {
        let end = source.text.len();
        Err(CompileError::syntax(source, Span::new(end, end), TOO_DEEP))
    })
}

/// Parse using at most `stack_budget` bytes of stack; `None` if that was not enough.
fn parse_within(source: &Arc<SourceFile>, stack_budget: usize) -> Option<Res<Module>> {
    let limits = Limits::new(stack_budget);
    let layout = layout::layout(&source.text);
    set_call_limit(layout.text.len());
    let result = match Grammar::parse(Rule::file, &layout.text) {
        Ok(pairs) => Builder::new(source, PosMap::Layout(&layout), &limits).module(pairs),
        Err(err) if is_stack_limit(&err) => return None,
        Err(err) => Err(report_failure(source, &layout, &err, &limits)),
    };
    (!limits.out_of_stack.get()).then_some(result)
}

/// Bound pest's work on pathological input (a few hundred rule calls per byte is plenty).
fn set_call_limit(text_len: usize) {
    let limit = text_len.saturating_mul(2000).saturating_add(100_000);
    pest::set_call_limit(NonZeroUsize::new(limit));
}

/// Where pest failed: the furthest position at which a rule was tried.
fn failure_position(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((start, _)) => start,
    }
}

/// pest ran out of native stack (its guard stops it before an overflow).
fn is_stack_limit(err: &pest::error::Error<Rule>) -> bool {
    matches!(&err.variant, ErrorVariant::CustomError { message } if message.contains("stack limit"))
}

/// How much stack the builder may use, measured from where the parse began.
struct Limits {
    /// Address of a local of the parse's entry function.
    base: usize,
    budget: usize,
    /// Set when the budget ran out: the result is then thrown away.
    out_of_stack: Cell<bool>,
}

impl Limits {
    #[inline(never)]
    fn new(budget: usize) -> Limits {
        let marker = 0u8;
        Limits {
            base: std::ptr::addr_of!(marker) as usize,
            budget,
            out_of_stack: Cell::new(false),
        }
    }

    /// Is there stack left for one more level of nesting?
    fn stack_left(&self) -> bool {
        self.stack_left_for(0)
    }

    /// Is there stack left for `levels` recursions of about
    /// [`STACK_PER_LEVEL`] bytes each, plus one more level of nesting?
    #[inline(never)]
    fn stack_left_for(&self, levels: usize) -> bool {
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        let ok = here
            .abs_diff(self.base)
            .saturating_add(levels.saturating_mul(STACK_PER_LEVEL))
            < self.budget;
        if !ok {
            self.out_of_stack.set(true);
        }
        ok
    }
}

// ------------------------------------------------------------------ errors

/// Build the error for a failed parse of the layout text.
fn report_failure(
    source: &Arc<SourceFile>,
    layout: &Layout,
    err: &pest::error::Error<Rule>,
    limits: &Limits,
) -> CompileError {
    let pos = failure_position(err);
    if std::env::var("CONC_PARSE_DEBUG").is_ok() {
        eprintln!(
            "DEBUG pest: {:?} at {:?} text={:?}",
            err.variant, err.location, layout.text
        );
    }
    let stop = layout.error.as_ref().map_or(usize::MAX, |e| e.stop);
    let limit_hit = matches!(&err.variant, ErrorVariant::CustomError { .. });

    // The parser's own error, unless it only failed on the layout's stop mark.
    let mut parser_error = if pos < stop || limit_hit {
        Some(grammar_error(source, layout, pos, err, limits))
    } else {
        None
    };
    // A statement before the failing line may hold an error that the
    // grammar accepts but the builder rejects (`f() = 1`); CPython's
    // parser fails there first.
    if let Some(earlier) = earlier_statement_error(source, layout, pos.min(stop), limits) {
        let token_line = earlier.line_col().0;
        parser_error = Some(Ranked {
            error: earlier,
            token_line,
            reads_to_end: false,
        });
    }
    let Some(layout_error) = &layout.error else {
        return match parser_error {
            Some(p) => p.error,
            None => CompileError::syntax(
                source,
                Span::new(source.text.len(), source.text.len()),
                "invalid syntax",
            ),
        };
    };
    let from_layout = || CompileError {
        kind: layout_error.kind,
        message: layout_error.message.clone(),
        span: layout_error.span,
        source: source.clone(),
        incomplete: layout_error.incomplete,
    };
    let Some(p) = parser_error else {
        return from_layout();
    };
    match layout_error.precedence {
        Precedence::Overrides if p.error.message != "unexpected indent" => from_layout(),
        Precedence::Unclosed { line } if p.reads_to_end || p.token_line > line => from_layout(),
        _ => p.error,
    }
}

/// A parser error, with what decides whether an unclosed bracket beats it.
struct Ranked {
    error: CompileError,
    /// The line of the token the parser failed on.
    token_line: u32,
    /// Reporting it meant reading to the end of the input.
    reads_to_end: bool,
}

/// What the grammar expected at its failure, or `None` when pest stopped
/// on a resource limit instead.
fn expected_from(err: &pest::error::Error<Rule>) -> Option<Expected> {
    let ErrorVariant::ParsingError { positives, .. } = &err.variant else {
        return None;
    };
    let mut expected = Expected::default();
    for rule in positives {
        match rule {
            Rule::header_colon => expected.header_colon = true,
            Rule::forced_colon => expected.forced_colon = true,
            Rule::forced_lparen => expected.forced_lparen = true,
            Rule::INDENT => expected.indent = true,
            Rule::ifexp_else => expected.ifexp_else = true,
            _ => {}
        }
    }
    // After a `try` body both are expected; elsewhere `else` is too.
    expected.except_or_finally = positives.contains(&Rule::kw_except)
        && positives.contains(&Rule::kw_finally)
        && !positives.contains(&Rule::kw_else);
    Some(expected)
}

const LIMIT_MESSAGE: &str = "too many nested expressions or statements";

/// Diagnose a grammar failure at layout offset `pos`.
fn grammar_error(
    source: &Arc<SourceFile>,
    layout: &Layout,
    pos: usize,
    err: &pest::error::Error<Rule>,
    limits: &Limits,
) -> Ranked {
    let Some(expected) = expected_from(err) else {
        let at = layout.to_orig(pos).min(source.text.len());
        let error = CompileError::syntax(source, Span::new(at, at), LIMIT_MESSAGE);
        return Ranked {
            token_line: error.line_col().0,
            error,
            reads_to_end: false,
        };
    };
    let line_of = |layout_pos: usize| source.line_of(layout.to_orig(layout_pos) as u32);
    let d = diagnose::diagnose(layout, pos, expected, &GrammarProbe { limits }, &line_of);
    let mut start = eof_position(source, layout.to_orig(d.start));
    if layout.text.as_bytes().get(d.start) == Some(&b'\n') {
        start = layout.newline_token_start(&source.text, start);
    }
    let end = layout
        .to_orig(d.end)
        .clamp(start, source.text.len().max(start));
    // Like CPython's "incomplete input": the parser wanted more at the end.
    let incomplete = d.at_end;
    let error = CompileError {
        kind: d.kind,
        message: d.message,
        span: Span::new(start, end),
        source: source.clone(),
        incomplete,
    };
    let token_line = source.line_of(layout.to_orig(d.last_read) as u32);
    Ranked {
        error,
        token_line,
        reads_to_end: d.reads_to_end,
    }
}

/// CPython reports errors at the end of the input on the final newline.
fn eof_position(source: &SourceFile, at: usize) -> usize {
    let len = source.text.len();
    if at >= len && source.text.ends_with('\n') {
        len - 1
    } else {
        at.min(len)
    }
}

/// Re-parse the statements before the logical line containing `pos` and
/// build them, to find a builder-level error there.
fn earlier_statement_error(
    source: &Arc<SourceFile>,
    layout: &Layout,
    pos: usize,
    limits: &Limits,
) -> Option<CompileError> {
    let cut = *layout.line_starts.get(layout.logical_line_of(pos))? as usize;
    if cut == 0 || cut > pos {
        return None;
    }
    let prefix = layout.text.get(..cut)?;
    let open_blocks = prefix
        .bytes()
        .filter(|&b| b == INDENT)
        .count()
        .saturating_sub(prefix.bytes().filter(|&b| b == DEDENT).count());
    let mut text = String::with_capacity(cut + open_blocks);
    text.push_str(prefix);
    text.extend(std::iter::repeat_n(DEDENT as char, open_blocks));
    let pairs = Grammar::parse(Rule::file, &text).ok()?;
    let error = Builder::new(source, PosMap::Layout(layout), limits)
        .module(pairs)
        .err()?;
    // CPython's compiler, not its parser, reports these: a parse error
    // anywhere comes first.
    (!validate::is_compiler_check(&error.message)).then_some(error)
}

/// Sub-parses for `diagnose`.
struct GrammarProbe<'a> {
    limits: &'a Limits,
}

impl GrammarProbe<'_> {
    fn parse<'t>(&self, rule: Rule, text: &'t str) -> Option<Pairs<'t, Rule>> {
        Grammar::parse(rule, text)
            .map_err(|err| {
                if is_stack_limit(&err) {
                    self.limits.out_of_stack.set(true);
                }
            })
            .ok()
    }
}

impl Probe for GrammarProbe<'_> {
    fn is_disjunction(&self, text: &str) -> bool {
        self.parse(Rule::probe_disjunction, text).is_some()
    }

    fn expression_len(&self, text: &str) -> Option<usize> {
        let probe = self.parse(Rule::probe_expression, text)?.next()?;
        let expression = probe.into_inner().next()?;
        Some(expression.as_span().end())
    }

    fn expression_reach(&self, text: &str) -> usize {
        match Grammar::parse(Rule::probe_expression, text) {
            Ok(mut pairs) => pairs
                .next()
                .and_then(|p| p.into_inner().next())
                .map_or(0, |e| e.as_span().end()),
            Err(err) => {
                if is_stack_limit(&err) {
                    self.limits.out_of_stack.set(true);
                }
                failure_position(&err)
            }
        }
    }

    fn starts_with_star_expressions(&self, text: &str) -> bool {
        self.parse(Rule::probe_star_expressions, text).is_some()
    }

    fn describe(&self, text: &str) -> Option<(&'static str, bool)> {
        let probe = self.parse(Rule::probe_disjunction, text)?.next()?;
        let disjunction = probe.into_inner().next()?;
        // Only the description matters: positions and file are placeholders.
        let source = SourceFile::new("<probe>", text);
        let expr = Builder::new(&source, PosMap::Offset(0), self.limits)
            .expr(disjunction)
            .ok()?;
        Some((validate::expr_name(&expr), validate::is_bitwise_or(&expr)))
    }
}

// ------------------------------------------------------------------ the builder

/// How pest offsets map to source offsets.
#[derive(Clone, Copy)]
enum PosMap<'a> {
    /// The text is the layout text of the whole source.
    Layout(&'a Layout),
    /// The text is a slice of the source starting at this offset.
    Offset(usize),
    /// The layout text of an f-string field that starts at `base + 1` in
    /// the source (the field was wrapped in parentheses).
    Field { layout: &'a Layout, base: usize },
}

/// Turns pest pairs into AST nodes.
struct Builder<'a> {
    source: &'a Arc<SourceFile>,
    map: PosMap<'a>,
    /// Current expression nesting, against [`MAX_NESTING`].
    depth: Cell<usize>,
    limits: &'a Limits,
}

/// Decrements the builder's nesting depth when dropped.
struct Nested<'b> {
    depth: &'b Cell<usize>,
    by: usize,
}

impl Drop for Nested<'_> {
    fn drop(&mut self) {
        self.depth.set(self.depth.get() - self.by);
    }
}

/// A Pratt-parser result: the expression, which operator chain it is
/// still open to (`a < b` extends to `a < b < c`, but `(a < b)` does not),
/// and its extent including any parentheses around it (a parenthesized
/// node keeps its inner span, as in CPython, but `(a) + b` starts at `(`).
struct Built {
    expr: Expr,
    chain: Chain,
    outer: Span,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Chain {
    Closed,
    Compare,
    Bool(BoolOpKind),
}

impl Built {
    fn closed(expr: Expr) -> Built {
        Built {
            outer: expr.span,
            expr,
            chain: Chain::Closed,
        }
    }
}

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        let left = |rule| Op::infix(rule, Assoc::Left);
        PrattParser::new()
            .op(left(Rule::or_op))
            .op(left(Rule::and_op))
            .op(Op::prefix(Rule::not_op))
            .op(left(Rule::eq)
                | left(Rule::ne)
                | left(Rule::lt)
                | left(Rule::le)
                | left(Rule::gt)
                | left(Rule::ge)
                | left(Rule::in_op)
                | left(Rule::not_in)
                | left(Rule::is_op)
                | left(Rule::is_not))
            .op(left(Rule::bit_or))
            .op(left(Rule::bit_xor))
            .op(left(Rule::bit_and))
            .op(left(Rule::lshift) | left(Rule::rshift))
            .op(left(Rule::add) | left(Rule::sub))
            .op(left(Rule::mul)
                | left(Rule::matmul)
                | left(Rule::div)
                | left(Rule::floordiv)
                | left(Rule::modulo))
            .op(Op::prefix(Rule::neg) | Op::prefix(Rule::pos) | Op::prefix(Rule::invert))
            .op(Op::infix(Rule::pow, Assoc::Right))
            .op(Op::prefix(Rule::await_op))
            .op(Op::postfix(Rule::call)
                | Op::postfix(Rule::subscript)
                | Op::postfix(Rule::attribute))
    })
}

fn is_operator(rule: Rule) -> bool {
    !matches!(
        rule,
        Rule::name
            | Rule::number
            | Rule::strings
            | Rule::kw_none
            | Rule::kw_true
            | Rule::kw_false
            | Rule::ellipsis
            | Rule::paren_form
            | Rule::list_form
            | Rule::brace_form
    )
}

/// Pairs that only mark syntax (keywords, colons, layout markers).
fn is_punctuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::NEWLINE
            | Rule::INDENT
            | Rule::DEDENT
            | Rule::EOI
            | Rule::header_colon
            | Rule::forced_colon
            | Rule::forced_lparen
            | Rule::ifexp_else
            | Rule::kw_as
            | Rule::kw_assert
            | Rule::kw_break
            | Rule::kw_class
            | Rule::kw_continue
            | Rule::kw_def
            | Rule::kw_del
            | Rule::kw_elif
            | Rule::kw_else
            | Rule::kw_except
            | Rule::kw_finally
            | Rule::kw_for
            | Rule::kw_from
            | Rule::kw_global
            | Rule::kw_if
            | Rule::kw_import
            | Rule::kw_in
            | Rule::kw_lambda
            | Rule::kw_nonlocal
            | Rule::kw_pass
            | Rule::kw_raise
            | Rule::kw_return
            | Rule::kw_try
            | Rule::kw_while
            | Rule::kw_with
            | Rule::kw_yield
    )
}

/// The children of `pair` that carry content.
fn parts(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_punctuation(p.as_rule()))
}

fn ends_with_comma(pair: &Pair<'_, Rule>) -> bool {
    pair.as_str().trim_end_matches(' ').ends_with(',')
}

impl<'a> Builder<'a> {
    fn new(source: &'a Arc<SourceFile>, map: PosMap<'a>, limits: &'a Limits) -> Builder<'a> {
        Builder {
            source,
            map,
            depth: Cell::new(0),
            limits,
        }
    }

    fn pos(&self, p: usize) -> usize {
        match self.map {
            PosMap::Layout(layout) => layout.to_orig(p),
            PosMap::Offset(offset) => offset + p,
            PosMap::Field { layout, base } => base + layout.to_orig(p),
        }
    }

    /// Where a pair is in the source. A rule that ends with an optional
    /// part also holds the whitespace pest skipped before trying that part
    /// (`for a, b in`): trailing spaces are not part of the span.
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start();
        let end = start + pair.as_str().trim_end_matches(' ').len();
        Span::new(self.pos(start), self.pos(end))
    }

    fn error(&self, span: Span, message: impl Into<String>) -> CompileError {
        CompileError::syntax(self.source, span, message)
    }

    fn invalid(&self, invalid: Invalid) -> CompileError {
        self.error(invalid.span, invalid.message)
    }

    /// The grammar produced a shape the builder does not expect: a bug, but
    /// reported as a syntax error rather than a panic.
    fn unexpected(&self, pair: &Pair<'_, Rule>) -> CompileError {
        self.error(
            self.span(pair),
            format!("invalid syntax (unexpected {:?})", pair.as_rule()),
        )
    }

    fn missing(&self, span: Span) -> CompileError {
        self.error(span, "invalid syntax (incomplete construct)")
    }

    /// The first token after `span` in the source, past one comma.
    fn token_after(&self, span: Span) -> Span {
        let text = self.source.text.as_bytes();
        let mut i = span.end as usize;
        let skip = |i: &mut usize| {
            while text
                .get(*i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'\\')
            {
                *i += 1;
            }
        };
        skip(&mut i);
        if text.get(i) == Some(&b',') {
            i += 1;
            skip(&mut i);
        }
        let len = self
            .source
            .text
            .get(i..)
            .and_then(|t| t.chars().next())
            .map_or(0, char::len_utf8);
        Span::new(i, i + len)
    }

    fn nest(&self, by: usize) -> Res<Nested<'_>> {
        let depth = self.depth.get() + by;
        if depth > MAX_NESTING || !self.limits.stack_left() {
            return Err(self.error(Span::default(), TOO_DEEP));
        }
        self.depth.set(depth);
        Ok(Nested {
            depth: &self.depth,
            by,
        })
    }

    fn nest_at(&self, by: usize, span: Span) -> Res<Nested<'_>> {
        self.nest(by).map_err(|mut e| {
            e.span = span;
            e
        })
    }

    // -------------------------------------------------------------- statements

    fn module(&self, mut pairs: Pairs<'_, Rule>) -> Res<Module> {
        let file = pairs.next().ok_or_else(|| self.missing(Span::default()))?;
        let mut body = Vec::new();
        for pair in parts(file) {
            self.statement(pair, &mut body)?;
        }
        Ok(Module { body })
    }

    /// One statement pair (a compound statement, or a line of simple ones).
    fn statement(&self, pair: Pair<'_, Rule>, out: &mut Vec<Stmt>) -> Res<()> {
        let start = self.span(&pair).start as usize;
        let kind = match pair.as_rule() {
            Rule::simple_stmts => {
                for simple in parts(pair) {
                    let span = self.span(&simple);
                    let kind = self.simple_statement(simple)?;
                    out.push(Stmt { kind, span });
                }
                return Ok(());
            }
            Rule::if_stmt => self.if_statement(pair)?,
            Rule::while_stmt => self.while_statement(pair)?,
            Rule::for_stmt => self.for_statement(pair)?,
            Rule::with_stmt => self.with_statement(pair)?,
            Rule::try_stmt => self.try_statement(pair)?,
            Rule::function_def => {
                StmtKind::FunctionDef(Box::new(self.function_def(pair, Vec::new())?))
            }
            Rule::class_def => StmtKind::ClassDef(Box::new(self.class_def(pair, Vec::new())?)),
            Rule::decorated => return self.decorated(pair, out),
            _ => return Err(self.unexpected(&pair)),
        };
        out.push(Stmt {
            span: compound_span(start, &kind),
            kind,
        });
        Ok(())
    }

    fn block(&self, pair: Pair<'_, Rule>) -> Res<Vec<Stmt>> {
        let mut body = Vec::new();
        for stmt in parts(pair) {
            self.statement(stmt, &mut body)?;
        }
        Ok(body)
    }

    fn simple_statement(&self, pair: Pair<'_, Rule>) -> Res<StmtKind> {
        let span = self.span(&pair);
        Ok(match pair.as_rule() {
            Rule::pass_stmt => StmtKind::Pass,
            Rule::break_stmt => StmtKind::Break,
            Rule::continue_stmt => StmtKind::Continue,
            Rule::return_stmt => match parts(pair).next() {
                Some(value) => StmtKind::Return(Some(self.value(value)?)),
                None => StmtKind::Return(None),
            },
            Rule::raise_stmt => {
                let mut exprs = parts(pair);
                let exc = exprs.next().map(|e| self.expr(e)).transpose()?;
                let cause = exprs.next().map(|e| self.expr(e)).transpose()?;
                StmtKind::Raise { exc, cause }
            }
            Rule::global_stmt => {
                StmtKind::Global(parts(pair).map(|p| p.as_str().to_string()).collect())
            }
            Rule::nonlocal_stmt => {
                StmtKind::Nonlocal(parts(pair).map(|p| p.as_str().to_string()).collect())
            }
            Rule::del_stmt => {
                let targets = parts(pair).next().ok_or_else(|| self.missing(span))?;
                let targets = self.target_list(targets)?;
                for target in &targets {
                    validate::check_delete_target(target).map_err(|e| self.invalid(e))?;
                }
                StmtKind::Delete(targets)
            }
            Rule::assert_stmt => {
                let mut exprs = parts(pair);
                let test = self.expr(exprs.next().ok_or_else(|| self.missing(span))?)?;
                let msg = exprs.next().map(|e| self.expr(e)).transpose()?;
                StmtKind::Assert { test, msg }
            }
            Rule::import_name => {
                StmtKind::Import(parts(pair).map(|p| self.alias(p)).collect::<Res<_>>()?)
            }
            Rule::import_from => self.import_from(pair)?,
            Rule::expr_stmt => self.expr_statement(pair)?,
            _ => return Err(self.unexpected(&pair)),
        })
    }

    /// `dotted_as_name` or `import_as_name`.
    fn alias(&self, pair: Pair<'_, Rule>) -> Res<Alias> {
        let span = self.span(&pair);
        let mut names = parts(pair);
        let name = names.next().ok_or_else(|| self.missing(span))?;
        let name = match name.as_rule() {
            Rule::dotted_name => parts(name)
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join("."),
            _ => name.as_str().to_string(),
        };
        let asname = names.next().map(|p| p.as_str().to_string());
        Ok(Alias { name, asname, span })
    }

    fn import_from(&self, pair: Pair<'_, Rule>) -> Res<StmtKind> {
        let mut level = 0;
        let mut module = None;
        let mut names = Vec::new();
        for part in parts(pair) {
            match part.as_rule() {
                Rule::import_dots => level = part.as_str().matches('.').count() as u32,
                Rule::dotted_name => {
                    module = Some(
                        parts(part)
                            .map(|p| p.as_str())
                            .collect::<Vec<_>>()
                            .join("."),
                    );
                }
                Rule::import_star => {
                    names.push(Alias {
                        name: "*".into(),
                        asname: None,
                        span: self.span(&part),
                    });
                }
                Rule::import_as_name => names.push(self.alias(part)?),
                Rule::import_trailing_comma => {
                    let end = self.span(&part).end as usize;
                    return Err(self.error(
                        Span::new(end, end),
                        "trailing comma not allowed without surrounding parentheses",
                    ));
                }
                _ => return Err(self.unexpected(&part)),
            }
        }
        Ok(StmtKind::ImportFrom {
            module,
            names,
            level,
        })
    }

    /// Expression statement and the assignments.
    fn expr_statement(&self, pair: Pair<'_, Rule>) -> Res<StmtKind> {
        let span = self.span(&pair);
        let mut items = parts(pair);
        let first = items.next().ok_or_else(|| self.missing(span))?;
        let (first, first_bare) = self.exprs_or_tuple(first)?;
        let Some(tail) = items.next() else {
            validate::check_not_starred(&first).map_err(|e| self.invalid(e))?;
            return Ok(StmtKind::Expr(first));
        };
        match tail.as_rule() {
            Rule::assign_rhs => {
                let mut targets = vec![first];
                let mut bare = vec![first_bare];
                for rhs in std::iter::once(tail).chain(items) {
                    let value = parts(rhs).next().ok_or_else(|| self.missing(span))?;
                    let (value, value_bare) = self.exprs_or_tuple(value)?;
                    targets.push(value);
                    bare.push(value_bare);
                }
                let value = targets.pop().ok_or_else(|| self.missing(span))?;
                validate::check_assignment(&targets, &value, &bare).map_err(|e| self.invalid(e))?;
                validate::check_not_starred(&value).map_err(|e| self.invalid(e))?;
                Ok(StmtKind::Assign { targets, value })
            }
            Rule::augassign => {
                validate::check_aug_target(&first).map_err(|e| self.invalid(e))?;
                let mut tail = parts(tail);
                let op = tail.next().ok_or_else(|| self.missing(span))?;
                let op = aug_operator(op.as_str()).ok_or_else(|| self.unexpected(&op))?;
                let value = self.value(tail.next().ok_or_else(|| self.missing(span))?)?;
                Ok(StmtKind::AugAssign {
                    target: first,
                    op,
                    value,
                })
            }
            Rule::annassign => {
                validate::check_ann_target(&first).map_err(|e| self.invalid(e))?;
                let mut tail = parts(tail);
                let annotation = self.expr(tail.next().ok_or_else(|| self.missing(span))?)?;
                let value = tail.next().map(|v| self.value(v)).transpose()?;
                Ok(StmtKind::AnnAssign {
                    target: first,
                    annotation,
                    value,
                })
            }
            _ => Err(self.unexpected(&tail)),
        }
    }

    fn if_statement(&self, pair: Pair<'_, Rule>) -> Res<StmtKind> {
        let span = self.span(&pair);
        let mut items = parts(pair);
        let test = self.expr(items.next().ok_or_else(|| self.missing(span))?)?;
        let body = self.block(items.next().ok_or_else(|| self.missing(span))?)?;
        let mut elifs = Vec::new();
        let mut orelse = Vec::new();
        for clause in items {
            match clause.as_rule() {
                Rule::elif_clause => {
                    let start = self.span(&clause).start as usize;
                    let mut parts = parts(clause);
                    let test = self.expr(parts.next().ok_or_else(|| self.missing(span))?)?;
                    let body = self.block(parts.next().ok_or_else(|| self.missing(span))?)?;
                    elifs.push((start, test, body));
                }
                _ => orelse = self.else_body(clause)?,
            }
        }
        // `elif` is an `if` nested in the `else` of the one before.
        for (start, test, body) in elifs.into_iter().rev() {
            let kind = StmtKind::If { test, body, orelse };
            orelse = vec![Stmt {
                span: compound_span(start, &kind),
                kind,
            }];
        }
        Ok(StmtKind::If { test, body, orelse })
    }

    fn else_body(&self, clause: Pair<'_, Rule>) -> Res<Vec<Stmt>> {
        let span = self.span(&clause);
        self.block(parts(clause).next().ok_or_else(|| self.missing(span))?)
    }

    fn while_statement(&self, pair: Pair<'_, Rule>) -> Res<StmtKind> {
        let span = self.span(&pair);
        let mut items = parts(pair);
        let test = self.expr(items.next().ok_or_else(|| self.missing(span))?)?;
        let body = self.block(items.next().ok_or_else(|| self.missing(span))?)?;
        let orelse = items
            .next()
            .map(|c| self.else_body(c))
            .transpose()?
            .unwrap_or_default();
        Ok(StmtKind::While { test, body, orelse })
    }

    fn for_statement(&self, pair: Pair<'_, Rule>) -> Res<StmtKind> {
        let span = self.span(&pair);
        let mut items = parts(pair).peekable();
        let is_async = items.next_if(|p| p.as_rule() == Rule::async_kw).is_some();
        let target = self.store_target(items.next().ok_or_else(|| self.missing(span))?)?;
        let iter = self.value(items.next().ok_or_else(|| self.missing(span))?)?;
        let body = self.block(items.next().ok_or_else(|| self.missing(span))?)?;
        let orelse = items
            .next()
            .map(|c| self.else_body(c))
            .transpose()?
            .unwrap_or_default();
        Ok(StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async,
        })
    }

    fn with_statement(&self, pair: Pair<'_, Rule>) -> Res<StmtKind> {
        let mut is_async = false;
        let mut items = Vec::new();
        let mut body = Vec::new();
        for part in parts(pair) {
            match part.as_rule() {
                Rule::async_kw => is_async = true,
                Rule::with_item => {
                    let span = self.span(&part);
                    let mut item = parts(part);
                    let context_expr = self.expr(item.next().ok_or_else(|| self.missing(span))?)?;
                    let optional_vars = item
                        .next()
                        .map(|target| {
                            let target = self.expr(target)?;
                            validate::check_store_target(&target).map_err(|e| self.invalid(e))?;
                            Ok(target)
                        })
                        .transpose()?;
                    items.push(WithItem {
                        context_expr,
                        optional_vars,
                    });
                }
                Rule::block => body = self.block(part)?,
                _ => return Err(self.unexpected(&part)),
            }
        }
        Ok(StmtKind::With {
            items,
            body,
            is_async,
        })
    }

    fn try_statement(&self, pair: Pair<'_, Rule>) -> Res<StmtKind> {
        let mut body = Vec::new();
        let mut handlers = Vec::new();
        let mut orelse = Vec::new();
        let mut finalbody = Vec::new();
        for part in parts(pair) {
            match part.as_rule() {
                Rule::block => body = self.block(part)?,
                Rule::except_clause => {
                    let span = self.span(&part);
                    let mut typ = None;
                    let mut name = None;
                    let mut handler_body = Vec::new();
                    for item in parts(part) {
                        match item.as_rule() {
                            Rule::expression => typ = Some(self.expr(item)?),
                            Rule::name => name = Some(item.as_str().to_string()),
                            Rule::block => handler_body = self.block(item)?,
                            _ => return Err(self.unexpected(&item)),
                        }
                    }
                    let header_end = handler_body.first().map_or(span.end, |s| s.span.start);
                    let span = Span {
                        start: span.start,
                        end: header_end.max(span.start),
                    };
                    handlers.push(ExceptHandler {
                        typ,
                        name,
                        body: handler_body,
                        span,
                    });
                }
                Rule::else_clause => orelse = self.else_body(part)?,
                Rule::finally_clause => finalbody = self.else_body(part)?,
                _ => return Err(self.unexpected(&part)),
            }
        }
        Ok(StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        })
    }

    fn decorated(&self, pair: Pair<'_, Rule>, out: &mut Vec<Stmt>) -> Res<()> {
        let mut decorators = Vec::new();
        for part in parts(pair) {
            let start = self.span(&part).start as usize;
            let kind = match part.as_rule() {
                Rule::decorator => {
                    let span = self.span(&part);
                    let expr = parts(part).next().ok_or_else(|| self.missing(span))?;
                    decorators.push(self.expr(expr)?);
                    continue;
                }
                Rule::function_def => StmtKind::FunctionDef(Box::new(
                    self.function_def(part, std::mem::take(&mut decorators))?,
                )),
                Rule::class_def => StmtKind::ClassDef(Box::new(
                    self.class_def(part, std::mem::take(&mut decorators))?,
                )),
                _ => return Err(self.unexpected(&part)),
            };
            out.push(Stmt {
                span: compound_span(start, &kind),
                kind,
            });
        }
        Ok(())
    }

    fn function_def(&self, pair: Pair<'_, Rule>, decorators: Vec<Expr>) -> Res<FunctionDef> {
        let mut def = FunctionDef {
            name: String::new(),
            args: Arguments::default(),
            body: Vec::new(),
            decorators,
            is_async: false,
            returns: None,
            name_span: Span::default(),
        };
        for part in parts(pair) {
            match part.as_rule() {
                Rule::async_kw => def.is_async = true,
                Rule::name => {
                    def.name_span = self.span(&part);
                    def.name = part.as_str().to_string();
                }
                Rule::params => def.args = self.parameters(part)?,
                Rule::returns => {
                    let span = self.span(&part);
                    def.returns =
                        Some(self.expr(parts(part).next().ok_or_else(|| self.missing(span))?)?);
                }
                Rule::block => def.body = self.block(part)?,
                _ => return Err(self.unexpected(&part)),
            }
        }
        Ok(def)
    }

    fn class_def(&self, pair: Pair<'_, Rule>, decorators: Vec<Expr>) -> Res<ClassDef> {
        let mut class = ClassDef {
            name: String::new(),
            bases: Vec::new(),
            keywords: Vec::new(),
            body: Vec::new(),
            decorators,
        };
        for part in parts(pair) {
            match part.as_rule() {
                Rule::name => class.name = part.as_str().to_string(),
                Rule::arguments => {
                    (class.bases, class.keywords) = self.arguments(part, Span::default(), true)?
                }
                Rule::block => class.body = self.block(part)?,
                _ => return Err(self.unexpected(&part)),
            }
        }
        Ok(class)
    }

    /// `params` or `lambda_params`.
    fn parameters(&self, pair: Pair<'_, Rule>) -> Res<Arguments> {
        let mut args = Arguments::default();
        let mut items = Vec::new();
        let mut after_star = false;
        for item in parts(pair) {
            let span = self.span(&item);
            let rule = item.as_rule();
            if rule == Rule::param_slash {
                args.posonlyargs.append(&mut args.args);
                items.push((ParamItem::Slash, span));
                continue;
            }
            let mut param = None;
            let mut default = None;
            let mut default_span = span;
            for part in parts(item.clone()) {
                match part.as_rule() {
                    Rule::param | Rule::lambda_param => param = Some(self.parameter(part)?),
                    Rule::param_default => {
                        default_span = self.span(&part);
                        default =
                            Some(self.expr(parts(part).next().ok_or_else(|| self.missing(span))?)?);
                    }
                    _ => return Err(self.unexpected(&part)),
                }
            }
            let has_default = default.is_some();
            match rule {
                Rule::param_plain | Rule::lambda_plain => {
                    let param = param.ok_or_else(|| self.missing(span))?;
                    items.push((ParamItem::Plain { has_default }, param.span));
                    if after_star {
                        args.kwonlyargs.push(param);
                        args.kw_defaults.push(default);
                    } else {
                        args.args.push(param);
                        args.defaults.extend(default);
                    }
                }
                Rule::param_star | Rule::lambda_star => {
                    // CPython points at the `=` of a default, and for a bare
                    // `*` in a lambda at the token after it.
                    let at = match (has_default, &param, rule) {
                        (true, _, _) => default_span,
                        (false, None, Rule::lambda_star) => self.token_after(span),
                        _ => span,
                    };
                    items.push((
                        ParamItem::Star {
                            named: param.is_some(),
                            has_default,
                        },
                        at,
                    ));
                    if args.vararg.is_none() {
                        args.vararg = param;
                    }
                    after_star = true;
                }
                Rule::param_double_star | Rule::lambda_double_star => {
                    let param = param.ok_or_else(|| self.missing(span))?;
                    let at = if has_default { default_span } else { span };
                    items.push((ParamItem::DoubleStar { has_default }, at));
                    args.kwarg = Some(param);
                }
                _ => return Err(self.unexpected(&item)),
            }
        }
        validate::check_parameters(&items, &args).map_err(|e| self.invalid(e))?;
        Ok(args)
    }

    fn parameter(&self, pair: Pair<'_, Rule>) -> Res<Arg> {
        let span = self.span(&pair);
        let mut items = parts(pair);
        let name = items.next().ok_or_else(|| self.missing(span))?;
        let name_span = self.span(&name);
        let name = name.as_str().to_string();
        let annotation = items.next().map(|a| self.expr(a)).transpose()?;
        Ok(Arg {
            name,
            annotation,
            span: name_span,
        })
    }

    // -------------------------------------------------------------- expressions

    /// An expression of any rule the grammar produces.
    fn expr(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let _nested = self.nest_at(1, span)?;
        match pair.as_rule() {
            Rule::expression => self.expression(pair),
            Rule::disjunction | Rule::bitwise_or => self.operators(pair),
            Rule::star_expressions | Rule::targets => Ok(self.exprs_or_tuple(pair)?.0),
            Rule::star_expr => {
                let inner = parts(pair).next().ok_or_else(|| self.missing(span))?;
                Ok(Expr {
                    kind: ExprKind::Starred(Box::new(self.expr(inner)?)),
                    span,
                })
            }
            Rule::walrus => {
                let mut items = parts(pair);
                let target = self.atom(items.next().ok_or_else(|| self.missing(span))?)?;
                validate::check_walrus_target(&target).map_err(|e| self.invalid(e))?;
                let value = self.expr(items.next().ok_or_else(|| self.missing(span))?)?;
                Ok(Expr {
                    kind: ExprKind::NamedExpr {
                        target: Box::new(target),
                        value: Box::new(value),
                    },
                    span,
                })
            }
            Rule::yield_expr => self.yield_expr(pair),
            Rule::lambdef => self.lambda(pair),
            _ => self.atom(pair),
        }
    }

    /// A value position: a lone `*x` is not allowed.
    fn value(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let value = self.expr(pair)?;
        validate::check_not_starred(&value).map_err(|e| self.invalid(e))?;
        Ok(value)
    }

    /// `expression`: a lambda, a disjunction, or `a if b else c`.
    fn expression(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let mut items = parts(pair);
        let first = items.next().ok_or_else(|| self.missing(span))?;
        let Some(test) = items.next() else {
            return self.expr(first);
        };
        let body = self.expr(first)?;
        let test = self.expr(test)?;
        let orelse = self.expr(items.next().ok_or_else(|| self.missing(span))?)?;
        Ok(Expr {
            kind: ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
            span,
        })
    }

    /// `star_expressions` or `targets`: one item, or a tuple without
    /// parentheses. The flag says it was such a tuple.
    fn exprs_or_tuple(&self, pair: Pair<'_, Rule>) -> Res<(Expr, bool)> {
        if !matches!(pair.as_rule(), Rule::star_expressions | Rule::targets) {
            return Ok((self.expr(pair)?, false));
        }
        let span = self.span(&pair);
        let mut items = Vec::new();
        let mut trailing_comma = false;
        for part in parts(pair) {
            match part.as_rule() {
                Rule::trailing_comma => trailing_comma = true,
                _ => items.push(self.expr(part)?),
            }
        }
        if items.len() == 1 && !trailing_comma {
            return items
                .pop()
                .map(|e| (e, false))
                .ok_or_else(|| self.missing(span));
        }
        Ok((
            Expr {
                kind: ExprKind::Tuple(items),
                span,
            },
            true,
        ))
    }

    /// A target list (`for`, `del`): the items, not a tuple.
    fn target_list(&self, pair: Pair<'_, Rule>) -> Res<Vec<Expr>> {
        parts(pair)
            .filter(|p| p.as_rule() != Rule::trailing_comma)
            .map(|p| self.expr(p))
            .collect()
    }

    /// A checked store target (`for` and comprehension variables).
    fn store_target(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let target = self.expr(pair)?;
        validate::check_store_target(&target).map_err(|e| self.invalid(e))?;
        Ok(target)
    }

    fn yield_expr(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let kind = match parts(pair).next() {
            None => ExprKind::Yield(None),
            Some(inner) if inner.as_rule() == Rule::yield_from => {
                let value = parts(inner).next().ok_or_else(|| self.missing(span))?;
                ExprKind::YieldFrom(Box::new(self.expr(value)?))
            }
            Some(value) => ExprKind::Yield(Some(Box::new(self.value(value)?))),
        };
        Ok(Expr { kind, span })
    }

    fn lambda(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let mut args = Arguments::default();
        let mut body = None;
        for part in parts(pair) {
            match part.as_rule() {
                Rule::lambda_params => args = self.parameters(part)?,
                _ => body = Some(self.expr(part)?),
            }
        }
        let body = body.ok_or_else(|| self.missing(span))?;
        Ok(Expr {
            kind: ExprKind::Lambda {
                args: Box::new(args),
                body: Box::new(body),
            },
            span,
        })
    }

    /// A flat operand/operator sequence (`disjunction`, `bitwise_or`).
    fn operators(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let items = pair.into_inner();
        let operators = items.clone().filter(|p| is_operator(p.as_rule())).count();
        if operators == 0 {
            let only = items.clone().next().ok_or_else(|| self.missing(span))?;
            return self.atom(only);
        }
        // Every operator can add a level to the tree, so count them all.
        let _nested = self.nest_at(operators, span)?;
        // Prefix operators and `**` recurse in the Pratt parser before any
        // callback runs: make sure that recursion fits.
        let recursions = items
            .clone()
            .filter(|p| {
                matches!(
                    p.as_rule(),
                    Rule::not_op
                        | Rule::neg
                        | Rule::pos
                        | Rule::invert
                        | Rule::await_op
                        | Rule::pow
                )
            })
            .count();
        if !self.limits.stack_left_for(recursions) {
            return Err(self.error(span, TOO_DEEP));
        }
        let built = pratt()
            .map_primary(|p| {
                // The Pratt parser recurses on prefix operators and `**`
                // before it reaches an operand: check the stack here.
                if !self.limits.stack_left() {
                    return Err(self.error(span, TOO_DEEP));
                }
                let outer = self.span(&p);
                self.atom(p).map(|expr| Built {
                    expr,
                    chain: Chain::Closed,
                    outer,
                })
            })
            .map_prefix(|op, rhs| self.prefix(op, rhs?))
            .map_postfix(|lhs, op| self.postfix(lhs?, op))
            .map_infix(|lhs, op, rhs| self.infix(lhs?, op, rhs?))
            .parse(items)?;
        Ok(built.expr)
    }

    fn prefix(&self, op: Pair<'_, Rule>, operand: Built) -> Res<Built> {
        let span = self.span(&op).to(operand.outer);
        let operand = Box::new(operand.expr);
        let kind = match op.as_rule() {
            Rule::await_op => ExprKind::Await(operand),
            rule => {
                let op = match rule {
                    Rule::not_op => UnaryOp::Not,
                    Rule::neg => UnaryOp::USub,
                    Rule::pos => UnaryOp::UAdd,
                    Rule::invert => UnaryOp::Invert,
                    _ => return Err(self.unexpected(&op)),
                };
                ExprKind::UnaryOp { op, operand }
            }
        };
        Ok(Built::closed(Expr { kind, span }))
    }

    fn postfix(&self, value: Built, op: Pair<'_, Rule>) -> Res<Built> {
        let span = value.outer.to(self.span(&op));
        let value = Box::new(value.expr);
        let kind = match op.as_rule() {
            Rule::attribute => {
                let name = parts(op).next().ok_or_else(|| self.missing(span))?;
                ExprKind::Attribute {
                    value,
                    attr: name.as_str().to_string(),
                }
            }
            Rule::subscript => {
                let slices = parts(op).next().ok_or_else(|| self.missing(span))?;
                ExprKind::Subscript {
                    value,
                    slice: Box::new(self.slices(slices)?),
                }
            }
            Rule::call => {
                let call_span = self.span(&op);
                let (args, keywords) = match parts(op).next() {
                    Some(arguments) => self.arguments(arguments, call_span, false)?,
                    None => (Vec::new(), Vec::new()),
                };
                ExprKind::Call {
                    func: value,
                    args,
                    keywords,
                }
            }
            _ => return Err(self.unexpected(&op)),
        };
        Ok(Built::closed(Expr { kind, span }))
    }

    fn infix(&self, left: Built, op: Pair<'_, Rule>, right: Built) -> Res<Built> {
        let span = left.outer.to(right.outer);
        let rule = op.as_rule();
        if let Some(kind) = bool_operator(rule) {
            // `a or b or c` is one BoolOp with three values.
            let right = right.expr;
            return Ok(match left {
                Built {
                    expr:
                        Expr {
                            kind: ExprKind::BoolOp { op, mut values },
                            ..
                        },
                    chain: Chain::Bool(k),
                    ..
                } if k == kind => {
                    values.push(right);
                    let expr = Expr {
                        kind: ExprKind::BoolOp { op, values },
                        span,
                    };
                    Built {
                        expr,
                        chain: Chain::Bool(kind),
                        outer: span,
                    }
                }
                left => Built {
                    expr: Expr {
                        kind: ExprKind::BoolOp {
                            op: kind,
                            values: vec![left.expr, right],
                        },
                        span,
                    },
                    chain: Chain::Bool(kind),
                    outer: span,
                },
            });
        }
        if let Some(cmp) = compare_operator(rule) {
            // `a < b < c` is one Compare with two operators.
            let right = right.expr;
            return Ok(match left {
                Built {
                    expr:
                        Expr {
                            kind:
                                ExprKind::Compare {
                                    left,
                                    mut ops,
                                    mut comparators,
                                },
                            ..
                        },
                    chain: Chain::Compare,
                    ..
                } => {
                    ops.push(cmp);
                    comparators.push(right);
                    let expr = Expr {
                        kind: ExprKind::Compare {
                            left,
                            ops,
                            comparators,
                        },
                        span,
                    };
                    Built {
                        expr,
                        chain: Chain::Compare,
                        outer: span,
                    }
                }
                left => Built {
                    expr: Expr {
                        kind: ExprKind::Compare {
                            left: Box::new(left.expr),
                            ops: vec![cmp],
                            comparators: vec![right],
                        },
                        span,
                    },
                    chain: Chain::Compare,
                    outer: span,
                },
            });
        }
        let op = binary_operator(rule).ok_or_else(|| self.unexpected(&op))?;
        Ok(Built::closed(Expr {
            kind: ExprKind::BinOp {
                left: Box::new(left.expr),
                op,
                right: Box::new(right.expr),
            },
            span,
        }))
    }

    /// An operand: names, literals, displays.
    fn atom(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::name => ExprKind::Name(pair.as_str().to_string()),
            Rule::number => ExprKind::Constant(self.number(&pair)?),
            Rule::strings => return self.strings(pair),
            Rule::kw_none => ExprKind::Constant(Constant::None),
            Rule::kw_true => ExprKind::Constant(Constant::Bool(true)),
            Rule::kw_false => ExprKind::Constant(Constant::Bool(false)),
            Rule::ellipsis => ExprKind::Constant(Constant::Ellipsis),
            Rule::paren_form => return self.paren_form(pair),
            Rule::list_form => self.list_form(pair)?,
            Rule::brace_form => self.brace_form(pair)?,
            _ => return self.expr(pair),
        };
        Ok(Expr { kind, span })
    }

    fn number(&self, pair: &Pair<'_, Rule>) -> Res<Constant> {
        let text: String = pair.as_str().chars().filter(|&c| c != '_').collect();
        let lower = text.to_ascii_lowercase();
        if lower.ends_with('j') {
            return Err(self.error(self.span(pair), "complex numbers are not supported by conc"));
        }
        let radix = match lower.get(..2) {
            Some("0x") => 16,
            Some("0o") => 8,
            Some("0b") => 2,
            _ => 10,
        };
        if radix != 10 {
            let value = BigUint::parse_bytes(&lower.as_bytes()[2..], radix)
                .ok_or_else(|| self.error(self.span(pair), "invalid number"))?;
            return Ok(Constant::Int(value.to_string()));
        }
        if lower.contains(['.', 'e']) {
            let value: f64 = lower
                .parse()
                .map_err(|_| self.error(self.span(pair), "invalid number"))?;
            return Ok(Constant::Float(value));
        }
        let digits = text.trim_start_matches('0');
        Ok(Constant::Int(if digits.is_empty() {
            "0".into()
        } else {
            digits.into()
        }))
    }

    /// Adjacent string literals, joined; any f-string makes a JoinedStr.
    fn strings(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let mut literals = Vec::new();
        for token in pair.into_inner() {
            let offset = self.pos(token.as_span().start());
            let literal = strings::decode(token.as_str(), offset)
                .map_err(|e| self.error(Span::new(e.at, e.at), e.message))?;
            literals.push((literal, self.span(&token)));
        }
        let is_bytes = |l: &Literal| matches!(l, Literal::Bytes(_));
        if let Some(first) = literals.first() {
            let bytes = is_bytes(&first.0);
            if literals.iter().any(|(l, _)| is_bytes(l) != bytes) {
                let end = span.end as usize;
                return Err(self.error(
                    Span::new(end, end),
                    "cannot mix bytes and nonbytes literals",
                ));
            }
        }
        let text_piece = |text: String| Expr {
            kind: ExprKind::Constant(Constant::Str(text)),
            span,
        };
        if !literals
            .iter()
            .any(|(l, _)| matches!(l, Literal::FString(_)))
        {
            let constant = if literals.first().is_some_and(|(l, _)| is_bytes(l)) {
                let mut all = Vec::new();
                for (literal, _) in literals {
                    if let Literal::Bytes(b) = literal {
                        all.extend(b);
                    }
                }
                Constant::Bytes(all)
            } else {
                let mut all = String::new();
                for (literal, _) in literals {
                    if let Literal::Str(s) = literal {
                        all.push_str(&s);
                    }
                }
                Constant::Str(all)
            };
            return Ok(Expr {
                kind: ExprKind::Constant(constant),
                span,
            });
        }
        let mut pieces = Vec::new();
        for (literal, _) in literals {
            match literal {
                Literal::Str(s) => pieces.push(FPiece::Text(s)),
                Literal::FString(parts) => pieces.extend(parts),
                Literal::Bytes(_) => {}
            }
        }
        let values = self.fstring_values(pieces, span, &text_piece)?;
        Ok(Expr {
            kind: ExprKind::JoinedStr(values),
            span,
        })
    }

    /// The values of a JoinedStr: adjacent text merged, fields parsed.
    fn fstring_values(
        &self,
        pieces: Vec<FPiece>,
        span: Span,
        text_piece: &dyn Fn(String) -> Expr,
    ) -> Res<Vec<Expr>> {
        let mut values = Vec::new();
        let mut text = String::new();
        for piece in pieces {
            match piece {
                FPiece::Text(t) => text.push_str(&t),
                FPiece::Field(field) => {
                    if let Some(debug) = &field.debug_text {
                        text.push_str(debug);
                    }
                    if !text.is_empty() {
                        values.push(text_piece(std::mem::take(&mut text)));
                    }
                    let value = self.fstring_field(field.expr.clone())?;
                    let format_spec = match field.format_spec {
                        Some(spec) => {
                            let spec_values = self.fstring_values(spec, span, text_piece)?;
                            Some(Box::new(Expr {
                                kind: ExprKind::JoinedStr(spec_values),
                                span,
                            }))
                        }
                        None => None,
                    };
                    let field_span = Span::new(field.expr.start, field.expr.end);
                    values.push(Expr {
                        kind: ExprKind::FormattedValue {
                            value: Box::new(value),
                            conversion: field.conversion,
                            format_spec,
                        },
                        span: field_span,
                    });
                }
            }
        }
        if !text.is_empty() {
            values.push(text_piece(text));
        }
        Ok(values)
    }

    /// Parse the expression of an f-string field (source range `range`).
    /// Like CPython, parse it in parentheses: `f"{a, b}"` is a tuple and
    /// line breaks are allowed.
    fn fstring_field(&self, range: std::ops::Range<usize>) -> Res<Expr> {
        let field_span = Span::new(range.start, range.end);
        let _nested = self.nest_at(1, field_span)?;
        let text = self.source.text.get(range.clone()).unwrap_or_default();
        let layout = layout::layout(&format!("({text})"));
        let base = range.start.saturating_sub(1);
        let to_source = |p: usize| (base + layout.to_orig(p)).min(self.source.text.len());
        let fail = |message: &str, start: usize, end: usize| {
            let span = Span::new(to_source(start), to_source(end).max(to_source(start)));
            self.error(span, format!("f-string: {message}"))
        };
        if let Some(e) = &layout.error {
            let span = Span::new(base + e.span.start as usize, base + e.span.end as usize);
            return Err(self.error(span, format!("f-string: {}", e.message)));
        }
        let pairs = Grammar::parse(Rule::fstring_field, &layout.text).map_err(|err| {
            if is_stack_limit(&err) {
                self.limits.out_of_stack.set(true);
            }
            let pos = failure_position(&err);
            match expected_from(&err) {
                Some(expected) => {
                    let line_of = |p: usize| self.source.line_of(to_source(p) as u32);
                    let probe = GrammarProbe {
                        limits: self.limits,
                    };
                    let d = diagnose::diagnose(&layout, pos, expected, &probe, &line_of);
                    fail(&d.message, d.start, d.end)
                }
                None => fail(LIMIT_MESSAGE, pos, pos),
            }
        })?;
        let builder = Builder::new(
            self.source,
            PosMap::Field {
                layout: &layout,
                base,
            },
            self.limits,
        );
        builder.depth.set(self.depth.get());
        let field = pairs
            .into_iter()
            .next()
            .ok_or_else(|| self.missing(field_span))?;
        let paren = parts(field)
            .next()
            .ok_or_else(|| self.missing(field_span))?;
        builder.expr(paren)
    }

    /// `(...)`: a parenthesized expression, tuple, generator or yield.
    fn paren_form(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let mut items = Vec::new();
        let mut generators = Vec::new();
        let mut trailing_comma = false;
        for part in parts(pair) {
            match part.as_rule() {
                Rule::comp_for => generators.push(self.comprehension(part)?),
                Rule::trailing_comma => trailing_comma = true,
                Rule::yield_expr => return self.yield_expr(part),
                _ => items.push(self.expr(part)?),
            }
        }
        if !generators.is_empty() {
            let elt = items.pop().ok_or_else(|| self.missing(span))?;
            validate::check_comprehension_element(&elt, false).map_err(|e| self.invalid(e))?;
            return Ok(Expr {
                kind: ExprKind::GeneratorExp {
                    elt: Box::new(elt),
                    generators,
                },
                span,
            });
        }
        if items.len() == 1 && !trailing_comma {
            let only = items.pop().ok_or_else(|| self.missing(span))?;
            if let ExprKind::Starred(_) = only.kind {
                return Err(self.error(only.span, "cannot use starred expression here"));
            }
            return Ok(only);
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span,
        })
    }

    fn list_form(&self, pair: Pair<'_, Rule>) -> Res<ExprKind> {
        let mut items = Vec::new();
        let mut generators = Vec::new();
        for part in parts(pair) {
            match part.as_rule() {
                Rule::comp_for => generators.push(self.comprehension(part)?),
                _ => items.push(self.expr(part)?),
            }
        }
        if generators.is_empty() {
            return Ok(ExprKind::List(items));
        }
        let elt = items.pop().ok_or_else(|| self.missing(Span::default()))?;
        validate::check_comprehension_element(&elt, false).map_err(|e| self.invalid(e))?;
        Ok(ExprKind::ListComp {
            elt: Box::new(elt),
            generators,
        })
    }

    /// `{...}`: the first item decides between a dict and a set.
    fn brace_form(&self, pair: Pair<'_, Rule>) -> Res<ExprKind> {
        let span = self.span(&pair);
        // (key, value): key None for `**mapping`, value None for a set item.
        let mut items: Vec<(Option<Expr>, Option<Expr>, Span)> = Vec::new();
        let mut generators = Vec::new();
        for part in parts(pair) {
            match part.as_rule() {
                Rule::comp_for => generators.push(self.comprehension(part)?),
                Rule::brace_item => {
                    let item_span = self.span(&part);
                    let mut inner = parts(part);
                    let first = inner.next().ok_or_else(|| self.missing(item_span))?;
                    if first.as_rule() == Rule::double_star_item {
                        let value = parts(first).next().ok_or_else(|| self.missing(item_span))?;
                        items.push((None, Some(self.expr(value)?), item_span));
                        continue;
                    }
                    let first = self.expr(first)?;
                    let second = inner.next().map(|v| self.expr(v)).transpose()?;
                    items.push((Some(first), second, item_span));
                }
                _ => return Err(self.unexpected(&part)),
            }
        }
        let Some(first) = items.first() else {
            return Ok(ExprKind::Dict {
                keys: Vec::new(),
                values: Vec::new(),
            });
        };
        let is_dict = first.1.is_some();
        if !generators.is_empty() {
            let (key, value, item_span) =
                items.into_iter().next().ok_or_else(|| self.missing(span))?;
            return match (key, value) {
                (None, _) => Err(self.error(
                    item_span,
                    "dict unpacking cannot be used in dict comprehension",
                )),
                (Some(key), Some(value)) => Ok(ExprKind::DictComp {
                    key: Box::new(key),
                    value: Box::new(value),
                    generators,
                }),
                (Some(elt), None) => {
                    validate::check_comprehension_element(&elt, false)
                        .map_err(|e| self.invalid(e))?;
                    Ok(ExprKind::SetComp {
                        elt: Box::new(elt),
                        generators,
                    })
                }
            };
        }
        if is_dict {
            let mut keys = Vec::new();
            let mut values = Vec::new();
            for (key, value, item_span) in items {
                let value = value
                    .ok_or_else(|| self.error(item_span, "':' expected after dictionary key"))?;
                keys.push(key);
                values.push(value);
            }
            return Ok(ExprKind::Dict { keys, values });
        }
        let mut elements = Vec::new();
        for (key, value, item_span) in items {
            match (key, value) {
                (Some(element), None) => elements.push(element),
                // A `key: value` (or `**m`) among set items: CPython points at the `:`.
                (Some(key), Some(_)) => {
                    return Err(self.error(self.token_after(key.span), "invalid syntax"))
                }
                _ => return Err(self.error(item_span, "invalid syntax")),
            }
        }
        Ok(ExprKind::Set(elements))
    }

    fn comprehension(&self, pair: Pair<'_, Rule>) -> Res<Comprehension> {
        let span = self.span(&pair);
        let mut items = parts(pair).peekable();
        let is_async = items.next_if(|p| p.as_rule() == Rule::async_kw).is_some();
        let target = self.store_target(items.next().ok_or_else(|| self.missing(span))?)?;
        let iter = self.expr(items.next().ok_or_else(|| self.missing(span))?)?;
        let mut ifs = Vec::new();
        for cond in items {
            let cond_span = self.span(&cond);
            ifs.push(self.expr(parts(cond).next().ok_or_else(|| self.missing(cond_span))?)?);
        }
        Ok(Comprehension {
            target,
            iter,
            ifs,
            is_async,
        })
    }

    /// Call (or class) arguments: positional ones and keywords. `parens`
    /// spans the call's parentheses (for CPython's error positions).
    fn arguments(
        &self,
        pair: Pair<'_, Rule>,
        parens: Span,
        class: bool,
    ) -> Res<(Vec<Expr>, Vec<Keyword>)> {
        let trailing_comma = ends_with_comma(&pair);
        let close = if class {
            self.span(&pair)
        } else {
            Span {
                start: parens.end.saturating_sub(1),
                end: parens.end,
            }
        };
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        let mut order = Vec::new();
        for arg in parts(pair) {
            let span = self.span(&arg);
            let rule = arg.as_rule();
            let mut inner = parts(arg);
            let first = inner.next().ok_or_else(|| self.missing(span))?;
            match rule {
                Rule::kwarg => {
                    let name = first.as_str().to_string();
                    let value = self.expr(inner.next().ok_or_else(|| self.missing(span))?)?;
                    order.push((ArgKind::Keyword(name.clone()), span));
                    keywords.push(Keyword {
                        name: Some(name),
                        value,
                        span,
                    });
                }
                Rule::double_star_arg => {
                    order.push((ArgKind::DoubleStar, span));
                    keywords.push(Keyword {
                        name: None,
                        value: self.expr(first)?,
                        span,
                    });
                }
                Rule::star_arg => {
                    if inner.next().is_some() {
                        return Err(
                            self.error(span, "iterable unpacking cannot be used in comprehension")
                        );
                    }
                    order.push((ArgKind::Star, span));
                    args.push(Expr {
                        kind: ExprKind::Starred(Box::new(self.expr(first)?)),
                        span,
                    });
                }
                Rule::positional_arg => {
                    let value = self.expr(first)?;
                    let generators: Vec<Pair<'_, Rule>> = inner.collect();
                    if class {
                        if let Some(comp) = generators.first() {
                            // CPython: a class cannot take an unparenthesized generator.
                            return Err(self.error(self.span(comp), "invalid syntax"));
                        }
                    }
                    let generators = generators
                        .into_iter()
                        .map(|g| self.comprehension(g))
                        .collect::<Res<Vec<_>>>()?;
                    let genexp = !generators.is_empty();
                    order.push((ArgKind::Positional { genexp }, span));
                    if genexp {
                        validate::check_comprehension_element(&value, false)
                            .map_err(|e| self.invalid(e))?;
                        // A generator that is the only argument borrows the call's parentheses.
                        let span = if class { span } else { parens };
                        args.push(Expr {
                            kind: ExprKind::GeneratorExp {
                                elt: Box::new(value),
                                generators,
                            },
                            span,
                        });
                    } else {
                        args.push(value);
                    }
                }
                _ => return Err(self.unexpected(&first)),
            }
        }
        validate::check_call_arguments(&order, trailing_comma, close)
            .map_err(|e| self.invalid(e))?;
        Ok((args, keywords))
    }

    /// A subscript's index: one item, or a tuple of items (slices allowed).
    fn slices(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let mut items = Vec::new();
        let mut trailing_comma = false;
        for item in parts(pair) {
            if item.as_rule() == Rule::trailing_comma {
                trailing_comma = true;
                continue;
            }
            items.push(self.slice_item(item)?);
        }
        if items.len() == 1 && !trailing_comma {
            return items.pop().ok_or_else(|| self.missing(span));
        }
        Ok(Expr {
            kind: ExprKind::Tuple(items),
            span,
        })
    }

    fn slice_item(&self, pair: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&pair);
        let mut lower = None;
        let mut slice = None;
        for part in parts(pair) {
            if part.as_rule() != Rule::slice_tail {
                lower = Some(self.expr(part)?);
                continue;
            }
            let mut upper = None;
            let mut step = None;
            for bound in parts(part) {
                let bound_span = self.span(&bound);
                match bound.as_rule() {
                    Rule::slice_upper => {
                        let e = parts(bound)
                            .next()
                            .ok_or_else(|| self.missing(bound_span))?;
                        upper = Some(Box::new(self.expr(e)?));
                    }
                    _ => {
                        step = parts(bound)
                            .next()
                            .map(|e| self.expr(e))
                            .transpose()?
                            .map(Box::new)
                    }
                }
            }
            slice = Some((upper, step));
        }
        match slice {
            None => lower.ok_or_else(|| self.missing(span)),
            Some((upper, step)) => Ok(Expr {
                kind: ExprKind::Slice {
                    lower: lower.map(Box::new),
                    upper,
                    step,
                },
                span,
            }),
        }
    }
}

/// A compound statement spans from its first keyword to the end of its last body statement.
fn compound_span(start: usize, kind: &StmtKind) -> Span {
    let last_body = match kind {
        StmtKind::If { body, orelse, .. }
        | StmtKind::While { body, orelse, .. }
        | StmtKind::For { body, orelse, .. } => orelse.last().or(body.last()),
        StmtKind::With { body, .. } => body.last(),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => finalbody
            .last()
            .or(orelse.last())
            .or(handlers.last().and_then(|h| h.body.last()))
            .or(body.last()),
        StmtKind::FunctionDef(def) => def.body.last(),
        StmtKind::ClassDef(class) => class.body.last(),
        _ => None,
    };
    let end = last_body.map_or(start as u32, |s| s.span.end);
    Span {
        start: start as u32,
        end: end.max(start as u32),
    }
}

fn bool_operator(rule: Rule) -> Option<BoolOpKind> {
    match rule {
        Rule::or_op => Some(BoolOpKind::Or),
        Rule::and_op => Some(BoolOpKind::And),
        _ => None,
    }
}

fn compare_operator(rule: Rule) -> Option<CmpOp> {
    Some(match rule {
        Rule::eq => CmpOp::Eq,
        Rule::ne => CmpOp::NotEq,
        Rule::lt => CmpOp::Lt,
        Rule::le => CmpOp::LtE,
        Rule::gt => CmpOp::Gt,
        Rule::ge => CmpOp::GtE,
        Rule::in_op => CmpOp::In,
        Rule::not_in => CmpOp::NotIn,
        Rule::is_op => CmpOp::Is,
        Rule::is_not => CmpOp::IsNot,
        _ => return None,
    })
}

fn binary_operator(rule: Rule) -> Option<BinOp> {
    Some(match rule {
        Rule::add => BinOp::Add,
        Rule::sub => BinOp::Sub,
        Rule::mul => BinOp::Mul,
        Rule::matmul => BinOp::MatMul,
        Rule::div => BinOp::Div,
        Rule::floordiv => BinOp::FloorDiv,
        Rule::modulo => BinOp::Mod,
        Rule::pow => BinOp::Pow,
        Rule::lshift => BinOp::LShift,
        Rule::rshift => BinOp::RShift,
        Rule::bit_and => BinOp::BitAnd,
        Rule::bit_xor => BinOp::BitXor,
        Rule::bit_or => BinOp::BitOr,
        _ => return None,
    })
}

fn aug_operator(text: &str) -> Option<BinOp> {
    Some(match text {
        "+=" => BinOp::Add,
        "-=" => BinOp::Sub,
        "*=" => BinOp::Mul,
        "@=" => BinOp::MatMul,
        "/=" => BinOp::Div,
        "//=" => BinOp::FloorDiv,
        "%=" => BinOp::Mod,
        "**=" => BinOp::Pow,
        "<<=" => BinOp::LShift,
        ">>=" => BinOp::RShift,
        "&=" => BinOp::BitAnd,
        "^=" => BinOp::BitXor,
        "|=" => BinOp::BitOr,
        _ => return None,
    })
}
