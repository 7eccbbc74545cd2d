//! Simple statements: expression statements, assignments and their
//! targets, `del`, `raise`, `assert` and imports. Compound statements are
//! in `control.rs`, definitions in `function.rs`.

use crate::bytecode::{Const, Op};
use crate::diagnostics::Span;
use crate::syntax::ast::{Alias, BinOp, Constant, Expr, ExprKind, Stmt, StmtKind};

use super::expr::inplace_operator;
use super::scope::ScopeKind;
use super::{Access, CompileResult, Compiler, Mode};

impl<'a> Compiler<'a> {
    pub(super) fn compile_body(&mut self, stmts: &'a [Stmt]) -> CompileResult {
        stmts.iter().try_for_each(|s| self.compile_stmt(s))
    }

    /// Compile one statement; its instructions carry the line where it starts.
    pub(super) fn compile_stmt(&mut self, s: &'a Stmt) -> CompileResult {
        let saved = self.set_line(s.span);
        let result = self.compile_stmt_kind(s);
        self.restore_line(saved);
        result
    }

    fn compile_stmt_kind(&mut self, s: &'a Stmt) -> CompileResult {
        match &s.kind {
            StmtKind::Expr(e) => self.compile_expr_stmt(e),
            StmtKind::Assign { targets, value } => self.compile_assign(targets, value),
            StmtKind::AugAssign { target, op, value } => {
                self.compile_aug_assign(target, *op, value)
            }
            StmtKind::AnnAssign { target, value, .. } => {
                self.compile_ann_assign(target, value.as_ref())
            }
            StmtKind::FunctionDef(f) => self.compile_function_def(f, s.span),
            StmtKind::ClassDef(c) => self.compile_class_def(c, s.span),
            StmtKind::Return(value) => self.compile_return(s.span, value.as_ref()),
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.compile_delete(t)),
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => Ok(()),
            StmtKind::Break => self.compile_break(s.span),
            StmtKind::Continue => self.compile_continue(s.span),
            StmtKind::If { test, body, orelse } => self.compile_if(test, body, orelse),
            StmtKind::While { test, body, orelse } => self.compile_while(test, body, orelse),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    return Err(self.error(s.span, "'async for' is not supported"));
                }
                self.compile_for(target, iter, body, orelse)
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async {
                    return Err(self.error(s.span, "'async with' is not supported"));
                }
                self.compile_with(items, body)
            }
            StmtKind::Raise { exc, cause } => self.compile_raise(exc.as_ref(), cause.as_ref()),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.compile_try(body, handlers, orelse, finalbody),
            StmtKind::Assert { test, msg } => self.compile_assert(test, msg.as_ref()),
            StmtKind::Import(aliases) => aliases.iter().try_for_each(|a| self.compile_import(a)),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.compile_import_from(s.span, module.as_deref(), names, *level),
        }
    }

    /// An expression for its effect; echoed by `PrintExpr` at a REPL's top
    /// level. A lone literal does nothing (CPython drops it).
    fn compile_expr_stmt(&mut self, e: &'a Expr) -> CompileResult {
        if self.mode == Mode::Interactive && self.scope().kind == ScopeKind::Module {
            self.compile_expr(e)?;
            self.emit(Op::PrintExpr);
            return Ok(());
        }
        if matches!(e.kind, ExprKind::Constant(_)) {
            return Ok(());
        }
        self.compile_expr(e)?;
        self.emit(Op::Pop);
        Ok(())
    }

    /// `a = b = value`: the value once, duplicated for every target but the last.
    fn compile_assign(&mut self, targets: &'a [Expr], value: &'a Expr) -> CompileResult {
        self.compile_expr(value)?;
        for (i, target) in targets.iter().enumerate() {
            if i + 1 < targets.len() {
                self.emit(Op::DupTop);
            }
            self.compile_store(target)?;
        }
        Ok(())
    }

    /// Store the value on top of the stack into an assignment target.
    pub(super) fn compile_store(&mut self, target: &'a Expr) -> CompileResult {
        let saved = self.set_line(target.span);
        let result = self.compile_store_kind(target);
        self.restore_line(saved);
        result
    }

    fn compile_store_kind(&mut self, target: &'a Expr) -> CompileResult {
        match &target.kind {
            ExprKind::Name(name) => {
                self.name_op(name, Access::Store);
                Ok(())
            }
            ExprKind::Attribute { value, attr } => {
                self.compile_expr(value)?;
                let i = self.attr_index(attr);
                self.emit(Op::StoreAttr(i));
                Ok(())
            }
            ExprKind::Subscript { value, slice } => {
                self.compile_expr(value)?;
                self.compile_expr(slice)?;
                self.emit(Op::StoreSubscr);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                self.compile_unpack(target.span, items)
            }
            ExprKind::Starred(_) => Err(self.error(
                target.span,
                "starred assignment target must be in a list or tuple",
            )),
            other => Err(self.error(target.span, format!("cannot assign to {}", describe(other)))),
        }
    }

    /// `a, *b, c = value`: `UnpackSequence`, or `UnpackEx` around one starred target.
    fn compile_unpack(&mut self, span: Span, items: &'a [Expr]) -> CompileResult {
        let mut starred = items
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.kind, ExprKind::Starred(_)));
        match (starred.next(), starred.next()) {
            (Some(_), Some((_, second))) => {
                return Err(self.error(
                    second.span.to(span),
                    "multiple starred expressions in assignment",
                ))
            }
            (Some((i, _)), None) => self.emit(Op::UnpackEx(i as u32, (items.len() - i - 1) as u32)),
            (None, _) => self.emit(Op::UnpackSequence(items.len() as u32)),
        }
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => self.compile_store(inner)?,
                _ => self.compile_store(item)?,
            }
        }
        Ok(())
    }

    /// `x op= v`: the target's object and key are evaluated once.
    fn compile_aug_assign(
        &mut self,
        target: &'a Expr,
        op: BinOp,
        value: &'a Expr,
    ) -> CompileResult {
        match &target.kind {
            ExprKind::Name(name) => {
                self.name_op(name, Access::Load);
                self.compile_expr(value)?;
                self.emit(inplace_operator(op));
                self.name_op(name, Access::Store);
            }
            ExprKind::Attribute {
                value: object,
                attr,
            } => {
                self.compile_expr(object)?;
                self.emit(Op::DupTop);
                let i = self.attr_index(attr);
                self.emit(Op::LoadAttr(i));
                self.compile_expr(value)?;
                self.emit(inplace_operator(op));
                self.emit(Op::RotTwo);
                self.emit(Op::StoreAttr(i));
            }
            ExprKind::Subscript {
                value: object,
                slice,
            } => {
                self.compile_expr(object)?;
                self.compile_expr(slice)?;
                self.emit(Op::DupTopTwo);
                self.emit(Op::BinarySubscr);
                self.compile_expr(value)?;
                self.emit(inplace_operator(op));
                self.emit(Op::RotThree);
                self.emit(Op::StoreSubscr);
            }
            other => {
                return Err(self.error(
                    target.span,
                    format!(
                        "'{}' is an illegal expression for augmented assignment",
                        describe(other)
                    ),
                ))
            }
        }
        Ok(())
    }

    /// `target: annotation [= value]`: the annotation is not evaluated.
    fn compile_ann_assign(&mut self, target: &'a Expr, value: Option<&'a Expr>) -> CompileResult {
        match &target.kind {
            ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
            ExprKind::Tuple(_) | ExprKind::List(_) => {
                let kind = if matches!(target.kind, ExprKind::Tuple(_)) {
                    "tuple"
                } else {
                    "list"
                };
                return Err(self.error(
                    target.span,
                    format!("only single target (not {kind}) can be annotated"),
                ));
            }
            _ => return Err(self.error(target.span, "illegal target for annotation")),
        }
        if let Some(value) = value {
            self.compile_expr(value)?;
            self.compile_store(target)?;
        }
        Ok(())
    }

    fn compile_delete(&mut self, target: &'a Expr) -> CompileResult {
        match &target.kind {
            ExprKind::Name(name) => self.name_op(name, Access::Delete),
            ExprKind::Attribute { value, attr } => {
                self.compile_expr(value)?;
                let i = self.attr_index(attr);
                self.emit(Op::DeleteAttr(i));
            }
            ExprKind::Subscript { value, slice } => {
                self.compile_expr(value)?;
                self.compile_expr(slice)?;
                self.emit(Op::DeleteSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().try_for_each(|t| self.compile_delete(t))?;
            }
            other => {
                return Err(self.error(target.span, format!("cannot delete {}", describe(other))))
            }
        }
        Ok(())
    }

    fn compile_raise(&mut self, exc: Option<&'a Expr>, cause: Option<&'a Expr>) -> CompileResult {
        let mut count = 0;
        for part in [exc, cause].into_iter().flatten() {
            self.compile_expr(part)?;
            count += 1;
        }
        self.emit(Op::Raise(count));
        Ok(())
    }

    /// `assert test, msg`: `raise AssertionError(msg)` unless `test`.
    fn compile_assert(&mut self, test: &'a Expr, msg: Option<&'a Expr>) -> CompileResult {
        let end = self.new_label();
        self.compile_jump_if(test, end, true)?;
        self.emit(Op::LoadAssertionError);
        if let Some(msg) = msg {
            self.compile_expr(msg)?;
            self.emit(Op::Call(1));
        }
        self.emit(Op::Raise(1));
        self.bind(end);
        Ok(())
    }

    /// `import a.b` binds the top package `a`. `import a.b.c as d` binds the
    /// submodule itself: as CPython, the import returns `a`, and `ImportFrom`
    /// walks down `b` then `c` (each step drops the parent).
    fn compile_import(&mut self, alias: &'a Alias) -> CompileResult {
        let saved = self.set_line(alias.span);
        self.load_const(Const::Int(0));
        self.load_const(Const::None);
        let i = self.unit.code.name_index(&alias.name);
        self.emit(Op::ImportName(i));
        let top = alias.name.split('.').next().unwrap_or(&alias.name);
        match &alias.asname {
            None => self.name_op(top, Access::Store),
            Some(asname) => {
                let mut parts = alias.name.split('.').skip(1).peekable();
                let nested = parts.peek().is_some();
                while let Some(part) = parts.next() {
                    let i = self.unit.code.name_index(part);
                    self.emit(Op::ImportFrom(i));
                    if parts.peek().is_some() {
                        self.emit(Op::RotTwo);
                        self.emit(Op::Pop);
                    }
                }
                self.name_op(asname, Access::Store);
                if nested {
                    self.emit(Op::Pop);
                }
            }
        }
        self.restore_line(saved);
        Ok(())
    }

    /// `from ..m import a as b, c` and `from m import *`.
    fn compile_import_from(
        &mut self,
        span: Span,
        module: Option<&str>,
        names: &'a [Alias],
        level: u32,
    ) -> CompileResult {
        let star = names.iter().any(|a| a.name == "*");
        if star && names.len() > 1 {
            return Err(self.error(span, "invalid syntax"));
        }
        self.load_const(Const::Int(level.into()));
        let fromlist = names
            .iter()
            .map(|a| Const::Str(a.name.as_str().into()))
            .collect::<Vec<_>>();
        self.load_const(Const::Tuple(fromlist.into()));
        let i = self.unit.code.name_index(module.unwrap_or(""));
        self.emit(Op::ImportName(i));
        if star {
            self.emit(Op::ImportStar);
            return Ok(());
        }
        for alias in names {
            let saved = self.set_line(alias.span);
            let i = self.unit.code.name_index(&alias.name);
            self.emit(Op::ImportFrom(i));
            self.name_op(
                alias.asname.as_deref().unwrap_or(&alias.name),
                Access::Store,
            );
            self.restore_line(saved);
        }
        self.emit(Op::Pop);
        Ok(())
    }
}

/// How CPython's messages name an expression that cannot be assigned to or deleted.
fn describe(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Call { .. } => "function call",
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::Bool(true)) => "True",
        ExprKind::Constant(Constant::Bool(false)) => "False",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Name(_) => "name",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        _ => "expression",
    }
}
