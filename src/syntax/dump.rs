//! A textual dump of the AST in the exact format of CPython 3.11's
//! `ast.dump(ast.parse(source))`, so a conc parse can be compared with
//! CPython's (the parser tests do that for every lesson snippet).
//!
//! The conc AST has no expression contexts; they are derived here
//! (`Store()` for assignment targets, `Del()` for `del` targets).

use std::fmt::Write as _;
use std::ops::{Deref, DerefMut};

use super::ast::*;
use super::layout::is_printable;
use crate::diagnostics::{SourceFile, Span};

/// Dump a module like `ast.dump(ast.parse(source))`.
pub fn dump(module: &Module) -> String {
    dump_module(module, None)
}

/// Like [`dump`], with `@line:col-line:col` after every statement and
/// expression (outside f-strings), in CPython's terms: 1-based lines,
/// 0-based columns counted in UTF-8 bytes. For checking spans.
pub fn dump_with_positions(module: &Module, source: &SourceFile) -> String {
    dump_module(module, Some(source))
}

fn dump_module(module: &Module, source: Option<&SourceFile>) -> String {
    let mut out = Out {
        text: String::from("Module(body="),
        source,
        in_fstring: false,
    };
    stmts(&mut out, &module.body);
    out.push_str(", type_ignores=[])");
    out.text
}

/// The text being built, and whether to add positions.
struct Out<'a> {
    text: String,
    source: Option<&'a SourceFile>,
    in_fstring: bool,
}

impl Deref for Out<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        &self.text
    }
}

impl DerefMut for Out<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.text
    }
}

impl Out<'_> {
    fn position(&mut self, span: Span) {
        let Some(source) = self.source else { return };
        if self.in_fstring {
            return;
        }
        let place = |offset: u32| {
            let before = source.text.get(..offset as usize).unwrap_or("");
            let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
            (source.line_of(offset), col)
        };
        let (l1, c1) = place(span.start);
        let (l2, c2) = place(span.end);
        let _ = write!(self.text, "@{l1}:{c1}-{l2}:{c2}");
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Load,
    Store,
    Del,
}

fn list<T>(out: &mut Out, items: &[T], mut each: impl FnMut(&mut Out, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(out, item);
    }
    out.push(']');
}

fn stmts(out: &mut Out, body: &[Stmt]) {
    list(out, body, stmt);
}

fn exprs(out: &mut Out, items: &[Expr], ctx: Ctx) {
    list(out, items, |out, e| expr(out, e, ctx));
}

fn load(out: &mut Out, e: &Expr) {
    expr(out, e, Ctx::Load);
}

/// `, name=value` for an optional field, omitted when absent (as `ast.dump` does).
fn opt(out: &mut Out, name: &str, e: Option<&Expr>, ctx: Ctx) {
    if let Some(e) = e {
        let _ = write!(out, ", {name}=");
        expr(out, e, ctx);
    }
}

fn stmt(out: &mut Out, s: &Stmt) {
    stmt_fields(out, s);
    out.position(s.span);
}

fn stmt_fields(out: &mut Out, s: &Stmt) {
    match &s.kind {
        StmtKind::Expr(e) => {
            out.push_str("Expr(value=");
            load(out, e);
            out.push(')');
        }
        StmtKind::Assign { targets, value } => {
            out.push_str("Assign(targets=");
            exprs(out, targets, Ctx::Store);
            out.push_str(", value=");
            load(out, value);
            out.push(')');
        }
        StmtKind::AugAssign { target, op, value } => {
            out.push_str("AugAssign(target=");
            expr(out, target, Ctx::Store);
            let _ = write!(out, ", op={}(), value=", binop_name(*op));
            load(out, value);
            out.push(')');
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => {
            out.push_str("AnnAssign(target=");
            expr(out, target, Ctx::Store);
            out.push_str(", annotation=");
            load(out, annotation);
            opt(out, "value", value.as_ref(), Ctx::Load);
            let simple = matches!(target.kind, ExprKind::Name(_));
            let _ = write!(out, ", simple={})", u8::from(simple));
        }
        StmtKind::FunctionDef(def) => {
            let _ = write!(
                out,
                "{}(name={}, args=",
                if def.is_async {
                    "AsyncFunctionDef"
                } else {
                    "FunctionDef"
                },
                str_repr(&def.name)
            );
            arguments(out, &def.args);
            out.push_str(", body=");
            stmts(out, &def.body);
            out.push_str(", decorator_list=");
            exprs(out, &def.decorators, Ctx::Load);
            opt(out, "returns", def.returns.as_ref(), Ctx::Load);
            out.push(')');
        }
        StmtKind::ClassDef(class) => {
            let _ = write!(out, "ClassDef(name={}, bases=", str_repr(&class.name));
            exprs(out, &class.bases, Ctx::Load);
            out.push_str(", keywords=");
            list(out, &class.keywords, keyword);
            out.push_str(", body=");
            stmts(out, &class.body);
            out.push_str(", decorator_list=");
            exprs(out, &class.decorators, Ctx::Load);
            out.push(')');
        }
        StmtKind::Return(value) => {
            out.push_str("Return(");
            if let Some(v) = value {
                out.push_str("value=");
                load(out, v);
            }
            out.push(')');
        }
        StmtKind::Delete(targets) => {
            out.push_str("Delete(targets=");
            exprs(out, targets, Ctx::Del);
            out.push(')');
        }
        StmtKind::Pass => out.push_str("Pass()"),
        StmtKind::Break => out.push_str("Break()"),
        StmtKind::Continue => out.push_str("Continue()"),
        StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
            out.push_str(if matches!(s.kind, StmtKind::If { .. }) {
                "If(test="
            } else {
                "While(test="
            });
            load(out, test);
            out.push_str(", body=");
            stmts(out, body);
            out.push_str(", orelse=");
            stmts(out, orelse);
            out.push(')');
        }
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async,
        } => {
            out.push_str(if *is_async {
                "AsyncFor(target="
            } else {
                "For(target="
            });
            expr(out, target, Ctx::Store);
            out.push_str(", iter=");
            load(out, iter);
            out.push_str(", body=");
            stmts(out, body);
            out.push_str(", orelse=");
            stmts(out, orelse);
            out.push(')');
        }
        StmtKind::With {
            items,
            body,
            is_async,
        } => {
            out.push_str(if *is_async {
                "AsyncWith(items="
            } else {
                "With(items="
            });
            list(out, items, |out, item| {
                out.push_str("withitem(context_expr=");
                load(out, &item.context_expr);
                opt(
                    out,
                    "optional_vars",
                    item.optional_vars.as_ref(),
                    Ctx::Store,
                );
                out.push(')');
            });
            out.push_str(", body=");
            stmts(out, body);
            out.push(')');
        }
        StmtKind::Raise { exc, cause } => {
            out.push_str("Raise(");
            if let Some(e) = exc {
                out.push_str("exc=");
                load(out, e);
                opt(out, "cause", cause.as_ref(), Ctx::Load);
            } else if let Some(c) = cause {
                out.push_str("cause=");
                load(out, c);
            }
            out.push(')');
        }
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            out.push_str("Try(body=");
            stmts(out, body);
            out.push_str(", handlers=");
            list(out, handlers, |out, h| {
                out.push_str("ExceptHandler(");
                let mut sep = "";
                if let Some(t) = &h.typ {
                    out.push_str("type=");
                    load(out, t);
                    sep = ", ";
                }
                if let Some(name) = &h.name {
                    let _ = write!(out, "{sep}name={}", str_repr(name));
                    sep = ", ";
                }
                let _ = write!(out, "{sep}body=");
                stmts(out, &h.body);
                out.push(')');
            });
            out.push_str(", orelse=");
            stmts(out, orelse);
            out.push_str(", finalbody=");
            stmts(out, finalbody);
            out.push(')');
        }
        StmtKind::Assert { test, msg } => {
            out.push_str("Assert(test=");
            load(out, test);
            opt(out, "msg", msg.as_ref(), Ctx::Load);
            out.push(')');
        }
        StmtKind::Import(names) => {
            out.push_str("Import(names=");
            list(out, names, alias);
            out.push(')');
        }
        StmtKind::ImportFrom {
            module,
            names,
            level,
        } => {
            out.push_str("ImportFrom(");
            if let Some(m) = module {
                let _ = write!(out, "module={}, ", str_repr(m));
            }
            out.push_str("names=");
            list(out, names, alias);
            let _ = write!(out, ", level={level})");
        }
        StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
            out.push_str(if matches!(s.kind, StmtKind::Global(_)) {
                "Global(names="
            } else {
                "Nonlocal(names="
            });
            list(out, names, |out, n| out.push_str(&str_repr(n)));
            out.push(')');
        }
    }
}

fn alias(out: &mut Out, a: &Alias) {
    let _ = write!(out, "alias(name={}", str_repr(&a.name));
    if let Some(asname) = &a.asname {
        let _ = write!(out, ", asname={}", str_repr(asname));
    }
    out.push(')');
}

fn keyword(out: &mut Out, k: &Keyword) {
    out.push_str("keyword(");
    if let Some(name) = &k.name {
        let _ = write!(out, "arg={}, ", str_repr(name));
    }
    out.push_str("value=");
    load(out, &k.value);
    out.push(')');
}

fn arg(out: &mut Out, a: &Arg) {
    let _ = write!(out, "arg(arg={}", str_repr(&a.name));
    opt(out, "annotation", a.annotation.as_ref(), Ctx::Load);
    out.push(')');
}

fn arguments(out: &mut Out, args: &Arguments) {
    out.push_str("arguments(posonlyargs=");
    list(out, &args.posonlyargs, arg);
    out.push_str(", args=");
    list(out, &args.args, arg);
    if let Some(v) = &args.vararg {
        out.push_str(", vararg=");
        arg(out, v);
    }
    out.push_str(", kwonlyargs=");
    list(out, &args.kwonlyargs, arg);
    out.push_str(", kw_defaults=");
    list(out, &args.kw_defaults, |out, d| match d {
        Some(e) => load(out, e),
        None => out.push_str("None"),
    });
    if let Some(k) = &args.kwarg {
        out.push_str(", kwarg=");
        arg(out, k);
    }
    out.push_str(", defaults=");
    exprs(out, &args.defaults, Ctx::Load);
    out.push(')');
}

fn comprehensions(out: &mut Out, generators: &[Comprehension]) {
    list(out, generators, |out, c| {
        out.push_str("comprehension(target=");
        expr(out, &c.target, Ctx::Store);
        out.push_str(", iter=");
        load(out, &c.iter);
        out.push_str(", ifs=");
        exprs(out, &c.ifs, Ctx::Load);
        let _ = write!(out, ", is_async={})", u8::from(c.is_async));
    });
}

fn ctx_name(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Load => "Load()",
        Ctx::Store => "Store()",
        Ctx::Del => "Del()",
    }
}

fn expr(out: &mut Out, e: &Expr, ctx: Ctx) {
    expr_fields(out, e, ctx);
    out.position(e.span);
}

fn expr_fields(out: &mut Out, e: &Expr, ctx: Ctx) {
    match &e.kind {
        ExprKind::BoolOp { op, values } => {
            let op = match op {
                BoolOpKind::And => "And",
                BoolOpKind::Or => "Or",
            };
            let _ = write!(out, "BoolOp(op={op}(), values=");
            exprs(out, values, Ctx::Load);
            out.push(')');
        }
        ExprKind::NamedExpr { target, value } => {
            out.push_str("NamedExpr(target=");
            expr(out, target, Ctx::Store);
            out.push_str(", value=");
            load(out, value);
            out.push(')');
        }
        ExprKind::BinOp { left, op, right } => {
            out.push_str("BinOp(left=");
            load(out, left);
            let _ = write!(out, ", op={}(), right=", binop_name(*op));
            load(out, right);
            out.push(')');
        }
        ExprKind::UnaryOp { op, operand } => {
            let op = match op {
                UnaryOp::Invert => "Invert",
                UnaryOp::Not => "Not",
                UnaryOp::UAdd => "UAdd",
                UnaryOp::USub => "USub",
            };
            let _ = write!(out, "UnaryOp(op={op}(), operand=");
            load(out, operand);
            out.push(')');
        }
        ExprKind::Lambda { args, body } => {
            out.push_str("Lambda(args=");
            arguments(out, args);
            out.push_str(", body=");
            load(out, body);
            out.push(')');
        }
        ExprKind::IfExp { test, body, orelse } => {
            out.push_str("IfExp(test=");
            load(out, test);
            out.push_str(", body=");
            load(out, body);
            out.push_str(", orelse=");
            load(out, orelse);
            out.push(')');
        }
        ExprKind::Dict { keys, values } => {
            out.push_str("Dict(keys=");
            list(out, keys, |out, k| match k {
                Some(k) => load(out, k),
                None => out.push_str("None"),
            });
            out.push_str(", values=");
            exprs(out, values, Ctx::Load);
            out.push(')');
        }
        ExprKind::Set(elts) => {
            out.push_str("Set(elts=");
            exprs(out, elts, Ctx::Load);
            out.push(')');
        }
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            let name = match e.kind {
                ExprKind::ListComp { .. } => "ListComp",
                ExprKind::SetComp { .. } => "SetComp",
                _ => "GeneratorExp",
            };
            let _ = write!(out, "{name}(elt=");
            load(out, elt);
            out.push_str(", generators=");
            comprehensions(out, generators);
            out.push(')');
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            out.push_str("DictComp(key=");
            load(out, key);
            out.push_str(", value=");
            load(out, value);
            out.push_str(", generators=");
            comprehensions(out, generators);
            out.push(')');
        }
        ExprKind::Await(value) => {
            out.push_str("Await(value=");
            load(out, value);
            out.push(')');
        }
        ExprKind::Yield(value) => {
            out.push_str("Yield(");
            if let Some(v) = value {
                out.push_str("value=");
                load(out, v);
            }
            out.push(')');
        }
        ExprKind::YieldFrom(value) => {
            out.push_str("YieldFrom(value=");
            load(out, value);
            out.push(')');
        }
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => {
            out.push_str("Compare(left=");
            load(out, left);
            out.push_str(", ops=");
            list(out, ops, |out, op| {
                let name = match op {
                    CmpOp::Eq => "Eq",
                    CmpOp::NotEq => "NotEq",
                    CmpOp::Lt => "Lt",
                    CmpOp::LtE => "LtE",
                    CmpOp::Gt => "Gt",
                    CmpOp::GtE => "GtE",
                    CmpOp::Is => "Is",
                    CmpOp::IsNot => "IsNot",
                    CmpOp::In => "In",
                    CmpOp::NotIn => "NotIn",
                };
                let _ = write!(out, "{name}()");
            });
            out.push_str(", comparators=");
            exprs(out, comparators, Ctx::Load);
            out.push(')');
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            out.push_str("Call(func=");
            load(out, func);
            out.push_str(", args=");
            exprs(out, args, Ctx::Load);
            out.push_str(", keywords=");
            list(out, keywords, keyword);
            out.push(')');
        }
        ExprKind::JoinedStr(values) => {
            out.push_str("JoinedStr(values=");
            let outside = out.in_fstring;
            out.in_fstring = true;
            exprs(out, values, Ctx::Load);
            out.in_fstring = outside;
            out.push(')');
        }
        ExprKind::FormattedValue {
            value,
            conversion,
            format_spec,
        } => {
            out.push_str("FormattedValue(value=");
            load(out, value);
            let conversion = conversion.map_or(-1, |c| c as i32);
            let _ = write!(out, ", conversion={conversion}");
            opt(out, "format_spec", format_spec.as_deref(), Ctx::Load);
            out.push(')');
        }
        ExprKind::Constant(c) => {
            out.push_str("Constant(value=");
            constant(out, c);
            out.push(')');
        }
        ExprKind::Attribute { value, attr } => {
            out.push_str("Attribute(value=");
            load(out, value);
            let _ = write!(out, ", attr={}, ctx={})", str_repr(attr), ctx_name(ctx));
        }
        ExprKind::Subscript { value, slice } => {
            out.push_str("Subscript(value=");
            load(out, value);
            out.push_str(", slice=");
            load(out, slice);
            let _ = write!(out, ", ctx={})", ctx_name(ctx));
        }
        ExprKind::Starred(value) => {
            out.push_str("Starred(value=");
            expr(out, value, ctx);
            let _ = write!(out, ", ctx={})", ctx_name(ctx));
        }
        ExprKind::Name(id) => {
            let _ = write!(out, "Name(id={}, ctx={})", str_repr(id), ctx_name(ctx));
        }
        ExprKind::List(elts) | ExprKind::Tuple(elts) => {
            out.push_str(if matches!(e.kind, ExprKind::List(_)) {
                "List(elts="
            } else {
                "Tuple(elts="
            });
            exprs(out, elts, ctx);
            let _ = write!(out, ", ctx={})", ctx_name(ctx));
        }
        ExprKind::Slice { lower, upper, step } => {
            out.push_str("Slice(");
            let mut sep = "";
            for (name, part) in [("lower", lower), ("upper", upper), ("step", step)] {
                if let Some(p) = part {
                    let _ = write!(out, "{sep}{name}=");
                    load(out, p);
                    sep = ", ";
                }
            }
            out.push(')');
        }
    }
}

fn binop_name(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "Add",
        BinOp::Sub => "Sub",
        BinOp::Mul => "Mult",
        BinOp::MatMul => "MatMult",
        BinOp::Div => "Div",
        BinOp::Mod => "Mod",
        BinOp::Pow => "Pow",
        BinOp::LShift => "LShift",
        BinOp::RShift => "RShift",
        BinOp::BitOr => "BitOr",
        BinOp::BitXor => "BitXor",
        BinOp::BitAnd => "BitAnd",
        BinOp::FloorDiv => "FloorDiv",
    }
}

fn constant(out: &mut Out, c: &Constant) {
    match c {
        Constant::None => out.push_str("None"),
        Constant::Bool(true) => out.push_str("True"),
        Constant::Bool(false) => out.push_str("False"),
        Constant::Int(digits) => out.push_str(digits),
        Constant::Float(f) => out.push_str(&float_repr(*f)),
        Constant::Str(s) => out.push_str(&str_repr(s)),
        Constant::Bytes(b) => out.push_str(&bytes_repr(b)),
        Constant::Ellipsis => out.push_str("Ellipsis"),
    }
}

/// Python's `repr(float)`: the shortest round-trip digits, in exponent
/// notation below 1e-4 and from 1e16 up.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let body = if exp >= 0 {
            let int_len = exp as usize + 1;
            let padded = format!("{digits:0<int_len$}");
            let (int, frac) = padded.split_at(int_len);
            format!("{int}.{}", if frac.is_empty() { "0" } else { frac })
        } else {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        };
        return format!("{sign}{body}");
    }
    let (first, rest) = digits.split_at(1);
    let dot = if rest.is_empty() {
        String::new()
    } else {
        format!(".{rest}")
    };
    let exp_sign = if exp < 0 { '-' } else { '+' };
    format!("{sign}{first}{dot}e{exp_sign}{:02}", exp.abs())
}

/// Python's `repr(str)`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7F => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_ascii() || is_printable(c) => out.push(c),
            c if (c as u32) <= 0xFF => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push(quote);
    out
}

/// Python's `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            q if q == quote => {
                out.push('\\');
                out.push(q as char);
            }
            0x20..=0x7E => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
    }
    out.push(quote as char);
    out
}
