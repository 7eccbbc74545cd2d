//! The abstract syntax tree: what the parser produces and the compiler consumes.
//!
//! Every statement and expression carries a [`Span`] (byte offsets into the
//! *original* source, never into the parser's rewritten text), so compile
//! errors and tracebacks can point at the exact line and column.
//! The shapes follow CPython's `ast` module closely, so its documentation
//! is a good reference for what each node means.

use crate::diagnostics::Span;

/// A whole source file (or one REPL input).
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// Top-level statements, in order.
    pub body: Vec<Stmt>,
}

/// A statement with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What kind of statement.
    pub kind: StmtKind,
    /// Where it is in the source (the whole statement, header and body).
    pub span: Span,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// Where it is in the source.
    pub span: Span,
}

/// The statements.
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// An expression evaluated for its effect (`f(x)`), or echoed in the REPL.
    Expr(Expr),
    /// `a = b = value`: every target gets the same value, left to right.
    Assign {
        /// One or more targets (`a = b = 1` has two).
        targets: Vec<Expr>,
        /// The value.
        value: Expr,
    },
    /// `target op= value`.
    AugAssign {
        /// Name, attribute or subscript.
        target: Expr,
        /// The operator (`+` for `+=`).
        op: BinOp,
        /// The right-hand side.
        value: Expr,
    },
    /// `target: annotation = value`; the annotation is parsed and ignored at run time.
    AnnAssign {
        /// The target.
        target: Expr,
        /// The annotation expression (not evaluated).
        annotation: Expr,
        /// The value, if any.
        value: Option<Expr>,
    },
    /// `def` or `async def`.
    FunctionDef(Box<FunctionDef>),
    /// `class Name(bases, kw=...): body`.
    ClassDef(Box<ClassDef>),
    /// `return [value]`.
    Return(Option<Expr>),
    /// `del a, b[0], c.d`.
    Delete(Vec<Expr>),
    /// `pass`.
    Pass,
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `if test: body elif ...: ... else: orelse` (`elif` nests an `If` in `orelse`).
    If {
        /// The condition.
        test: Expr,
        /// Run when true.
        body: Vec<Stmt>,
        /// Run when false (empty when there is no `else`).
        orelse: Vec<Stmt>,
    },
    /// `while test: body else: orelse`.
    While {
        /// The condition.
        test: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// Run when the loop ends without `break`.
        orelse: Vec<Stmt>,
    },
    /// `for target in iter: body else: orelse` (and `async for`).
    For {
        /// The loop variable(s): a name, tuple, list, attribute or subscript.
        target: Expr,
        /// The iterable.
        iter: Expr,
        /// The loop body.
        body: Vec<Stmt>,
        /// Run when the loop ends without `break`.
        orelse: Vec<Stmt>,
        /// `async for`.
        is_async: bool,
    },
    /// `with a as x, b: body` (and `async with`).
    With {
        /// The context managers, outermost first.
        items: Vec<WithItem>,
        /// The body.
        body: Vec<Stmt>,
        /// `async with`.
        is_async: bool,
    },
    /// `raise [exc [from cause]]`.
    Raise {
        /// The exception (class or instance); `None` re-raises the one being handled.
        exc: Option<Expr>,
        /// The `from` clause.
        cause: Option<Expr>,
    },
    /// `try: body except ...: ... else: orelse finally: finalbody`.
    Try {
        /// The protected block.
        body: Vec<Stmt>,
        /// The `except` clauses, in order.
        handlers: Vec<ExceptHandler>,
        /// Run when the body raised nothing.
        orelse: Vec<Stmt>,
        /// Always run.
        finalbody: Vec<Stmt>,
    },
    /// `assert test[, msg]`.
    Assert {
        /// The condition.
        test: Expr,
        /// The message.
        msg: Option<Expr>,
    },
    /// `import a.b as c, d`.
    Import(Vec<Alias>),
    /// `from ..module import a as b, c` or `from module import *` (names is one alias named `*`).
    ImportFrom {
        /// The module path after the dots (`None` for `from . import x`).
        module: Option<String>,
        /// The imported names.
        names: Vec<Alias>,
        /// Number of leading dots (relative import level).
        level: u32,
    },
    /// `global a, b`.
    Global(Vec<String>),
    /// `nonlocal a, b`.
    Nonlocal(Vec<String>),
}

/// A `def` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    /// The function's name.
    pub name: String,
    /// Its parameters.
    pub args: Arguments,
    /// The body.
    pub body: Vec<Stmt>,
    /// Decorators, outermost (first written) first.
    pub decorators: Vec<Expr>,
    /// `async def`.
    pub is_async: bool,
    /// The return annotation (parsed, ignored).
    pub returns: Option<Expr>,
    /// The span of the name, for diagnostics.
    pub name_span: Span,
}

/// A `class` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassDef {
    /// The class name.
    pub name: String,
    /// Base class expressions.
    pub bases: Vec<Expr>,
    /// Keyword arguments of the class statement (`metaclass=...`).
    pub keywords: Vec<Keyword>,
    /// The class body.
    pub body: Vec<Stmt>,
    /// Decorators, outermost first.
    pub decorators: Vec<Expr>,
}

/// The parameter list of a function or lambda.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arguments {
    /// Positional-only parameters (before `/`).
    pub posonlyargs: Vec<Arg>,
    /// Ordinary positional-or-keyword parameters.
    pub args: Vec<Arg>,
    /// `*args`.
    pub vararg: Option<Arg>,
    /// Keyword-only parameters (after `*` or `*args`).
    pub kwonlyargs: Vec<Arg>,
    /// Defaults of the keyword-only parameters, one per kwonly arg (`None`: required).
    pub kw_defaults: Vec<Option<Expr>>,
    /// `**kwargs`.
    pub kwarg: Option<Arg>,
    /// Defaults of the *last* positional parameters (posonly + args), as in CPython.
    pub defaults: Vec<Expr>,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Its name.
    pub name: String,
    /// Its annotation (parsed, ignored).
    pub annotation: Option<Expr>,
    /// Where it is.
    pub span: Span,
}

/// `name=value` in a call, or `**value` when `name` is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    /// The keyword, or `None` for `**mapping`.
    pub name: Option<String>,
    /// The value.
    pub value: Expr,
    /// Where it is.
    pub span: Span,
}

/// `import name as asname` (also used by `from ... import`).
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// The dotted name (`a.b`), or `*`.
    pub name: String,
    /// The `as` name.
    pub asname: Option<String>,
    /// Where it is.
    pub span: Span,
}

/// `expr as target` in a `with`.
#[derive(Debug, Clone, PartialEq)]
pub struct WithItem {
    /// The context manager expression.
    pub context_expr: Expr,
    /// The `as` target.
    pub optional_vars: Option<Expr>,
}

/// `except Type as name: body`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExceptHandler {
    /// The exception type (a class or tuple); `None` for a bare `except:`.
    pub typ: Option<Expr>,
    /// The `as` name.
    pub name: Option<String>,
    /// The handler body.
    pub body: Vec<Stmt>,
    /// Where the `except` clause is.
    pub span: Span,
}

/// The expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `a and b and c` / `a or b` (values has two or more items).
    BoolOp {
        /// `and` or `or`.
        op: BoolOpKind,
        /// The operands.
        values: Vec<Expr>,
    },
    /// `(name := value)`.
    NamedExpr {
        /// A `Name`.
        target: Box<Expr>,
        /// The value.
        value: Box<Expr>,
    },
    /// `left op right`.
    BinOp {
        /// Left operand.
        left: Box<Expr>,
        /// Operator.
        op: BinOp,
        /// Right operand.
        right: Box<Expr>,
    },
    /// `op operand`.
    UnaryOp {
        /// Operator.
        op: UnaryOp,
        /// Operand.
        operand: Box<Expr>,
    },
    /// `lambda args: body`.
    Lambda {
        /// Parameters.
        args: Box<Arguments>,
        /// The body expression.
        body: Box<Expr>,
    },
    /// `body if test else orelse`.
    IfExp {
        /// Condition.
        test: Box<Expr>,
        /// Value when true.
        body: Box<Expr>,
        /// Value when false.
        orelse: Box<Expr>,
    },
    /// `{k: v, **d}`: a `None` key means `**value`.
    Dict {
        /// Keys (`None` for `**` unpacking).
        keys: Vec<Option<Expr>>,
        /// Values.
        values: Vec<Expr>,
    },
    /// `{a, b, *c}`.
    Set(Vec<Expr>),
    /// `[elt for ...]`.
    ListComp {
        /// The element.
        elt: Box<Expr>,
        /// The `for`/`if` clauses.
        generators: Vec<Comprehension>,
    },
    /// `{elt for ...}`.
    SetComp {
        /// The element.
        elt: Box<Expr>,
        /// The clauses.
        generators: Vec<Comprehension>,
    },
    /// `{key: value for ...}`.
    DictComp {
        /// The key.
        key: Box<Expr>,
        /// The value.
        value: Box<Expr>,
        /// The clauses.
        generators: Vec<Comprehension>,
    },
    /// `(elt for ...)`.
    GeneratorExp {
        /// The element.
        elt: Box<Expr>,
        /// The clauses.
        generators: Vec<Comprehension>,
    },
    /// `await value`.
    Await(Box<Expr>),
    /// `yield [value]`.
    Yield(Option<Box<Expr>>),
    /// `yield from value`.
    YieldFrom(Box<Expr>),
    /// `a < b <= c`: `ops.len() == comparators.len()`.
    Compare {
        /// The first operand.
        left: Box<Expr>,
        /// The operators.
        ops: Vec<CmpOp>,
        /// The other operands.
        comparators: Vec<Expr>,
    },
    /// `func(args, kw=v, *a, **k)`.
    Call {
        /// The callee.
        func: Box<Expr>,
        /// Positional arguments, in order; `Starred` for `*a`.
        args: Vec<Expr>,
        /// Keyword arguments, in order; `name: None` for `**k`.
        keywords: Vec<Keyword>,
    },
    /// An f-string: literal parts and `FormattedValue`s, concatenated.
    JoinedStr(Vec<Expr>),
    /// `{value!conversion:format_spec}` inside an f-string.
    FormattedValue {
        /// The expression.
        value: Box<Expr>,
        /// `'s'`, `'r'` or `'a'`, or `None`.
        conversion: Option<char>,
        /// The format spec, itself a `JoinedStr` (it may contain `{...}`).
        format_spec: Option<Box<Expr>>,
    },
    /// A literal: number, string, bytes, `True`, `False`, `None`, `...`.
    Constant(Constant),
    /// `value.attr`.
    Attribute {
        /// The object.
        value: Box<Expr>,
        /// The attribute name.
        attr: String,
    },
    /// `value[slice]`.
    Subscript {
        /// The object.
        value: Box<Expr>,
        /// The index: an expression, a `Slice`, or a `Tuple` of them.
        slice: Box<Expr>,
    },
    /// `*value` (in calls, assignments targets, list/tuple/set displays).
    Starred(Box<Expr>),
    /// A name.
    Name(String),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `(a, b)` or `a, b`.
    Tuple(Vec<Expr>),
    /// `lower:upper:step` inside a subscript.
    Slice {
        /// Start.
        lower: Option<Box<Expr>>,
        /// Stop.
        upper: Option<Box<Expr>>,
        /// Step.
        step: Option<Box<Expr>>,
    },
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Constant {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer literal, as its decimal digits (may exceed i64: `10**30` written out).
    Int(String),
    /// A float literal.
    Float(f64),
    /// A string literal (escapes already decoded; adjacent literals already joined).
    Str(String),
    /// A bytes literal.
    Bytes(Vec<u8>),
    /// `...`.
    Ellipsis,
}

/// One `for target in iter if cond...` clause of a comprehension.
#[derive(Debug, Clone, PartialEq)]
pub struct Comprehension {
    /// The loop target.
    pub target: Expr,
    /// The iterable.
    pub iter: Expr,
    /// The `if` conditions.
    pub ifs: Vec<Expr>,
    /// `async for`.
    pub is_async: bool,
}

/// `and` / `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoolOpKind {
    /// `and`.
    And,
    /// `or`.
    Or,
}

/// Binary operators (also the operator of an augmented assignment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `@`
    MatMul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
    /// `//`
    FloorDiv,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `~`
    Invert,
    /// `not`
    Not,
    /// `+`
    UAdd,
    /// `-`
    USub,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtE,
    /// `>`
    Gt,
    /// `>=`
    GtE,
    /// `is`
    Is,
    /// `is not`
    IsNot,
    /// `in`
    In,
    /// `not in`
    NotIn,
}
