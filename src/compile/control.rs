//! Compound statements and the unwinding that `return`, `break` and
//! `continue` do when they leave them.
//!
//! While a loop, `try`, `with` or `except` body is being compiled, an
//! [`FBlock`] on the unit's stack says what leaving it early requires: pop
//! the `for` iterator, pop a handler block, run a `finally` body inline,
//! call `__exit__`, end the handled exception. This is CPython's
//! `compiler_unwind_fblock`, adapted to this VM, where the handled
//! exception lives in a block (not on the value stack) and `PopExcept`
//! leaves the value stack alone.

use crate::bytecode::{Const, Op};
use crate::diagnostics::Span;
use crate::syntax::ast::{Constant, ExceptHandler, Expr, ExprKind, Stmt, WithItem};

use super::builder::Label;
use super::{Access, CompileResult, Compiler};

/// An enclosing construct that an early exit has to clean up after.
#[derive(Debug, Clone, Copy)]
pub(super) enum FBlock<'a> {
    /// A `while` loop: nothing on the stack.
    WhileLoop { start: Label, exit: Label },
    /// A `for` loop: its iterator is on the stack.
    ForLoop { start: Label, exit: Label },
    /// The body of `try ... except`: a handler block is set up.
    TryExcept,
    /// The body of `try ... finally`: leaving runs the finally body inline.
    FinallyTry { finalbody: &'a [Stmt] },
    /// The finally body run for an exception: the exception is on the stack
    /// and being handled.
    FinallyEnd,
    /// A `with` body: `__exit__` is on the stack, a handler block is set up.
    With,
    /// An `except` body: the exception is being handled; a named handler
    /// also has a cleanup block and must unbind its name.
    HandlerCleanup { name: Option<&'a str> },
    /// A value that must be dropped (the return value while a finally body
    /// runs inline).
    PopValue,
}

impl<'a> Compiler<'a> {
    fn push_fblock(&mut self, block: FBlock<'a>) {
        self.unit.fblocks.push(block);
    }

    fn pop_fblock(&mut self) {
        self.unit.fblocks.pop();
    }

    /// Emit what leaving `block` early needs. With `preserve_tos` the value on
    /// top of the stack (a return value) must survive.
    fn unwind_fblock(&mut self, block: FBlock<'a>, preserve_tos: bool) -> CompileResult {
        match block {
            FBlock::WhileLoop { .. } => {}
            FBlock::ForLoop { .. } | FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Op::RotTwo);
                }
                self.emit(Op::Pop);
            }
            FBlock::TryExcept => self.emit(Op::PopBlock),
            FBlock::FinallyTry { finalbody } => {
                self.emit(Op::PopBlock);
                if preserve_tos {
                    self.push_fblock(FBlock::PopValue);
                }
                self.compile_body(finalbody)?;
                if preserve_tos {
                    self.pop_fblock();
                }
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Op::RotTwo);
                }
                self.emit(Op::Pop);
                self.emit(Op::PopExcept);
            }
            FBlock::With => {
                self.emit(Op::PopBlock);
                if preserve_tos {
                    self.emit(Op::RotTwo);
                }
                self.emit(Op::WithExitNormal);
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.emit(Op::PopBlock);
                }
                self.emit(Op::PopExcept);
                if let Some(name) = name {
                    self.unbind_handler_name(name);
                }
            }
        }
        Ok(())
    }

    /// Unwind the blocks from the innermost out: all of them for `return`,
    /// or up to the innermost loop (returned, not unwound) for
    /// `break`/`continue`. Each block is off the stack while its own cleanup
    /// is compiled, so a `finally` body's own jumps see only what encloses it.
    fn unwind_fblocks(
        &mut self,
        preserve_tos: bool,
        to_loop: bool,
    ) -> CompileResult<Option<FBlock<'a>>> {
        let Some(&top) = self.unit.fblocks.last() else {
            return Ok(None);
        };
        if to_loop && matches!(top, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
            return Ok(Some(top));
        }
        self.pop_fblock();
        let result = self
            .unwind_fblock(top, preserve_tos)
            .and_then(|()| self.unwind_fblocks(preserve_tos, to_loop));
        self.push_fblock(top);
        result
    }

    pub(super) fn compile_return(&mut self, span: Span, value: Option<&'a Expr>) -> CompileResult {
        let scope = self.scope();
        if !scope.kind.is_function_like() {
            return Err(self.error(span, "'return' outside function"));
        }
        if value.is_some() && scope.is_async && scope.is_generator {
            return Err(self.error(span, "'return' with value in async generator"));
        }
        // A literal is loaded after the unwinding, so it need not be kept aside.
        let literal = match value {
            None => Some(Const::None),
            Some(Expr {
                kind: ExprKind::Constant(c),
                span,
            }) => Some(self.constant(c, *span)?),
            Some(_) => None,
        };
        if let (None, Some(value)) = (&literal, value) {
            self.compile_expr(value)?;
        }
        self.unwind_fblocks(literal.is_none(), false)?;
        if let Some(c) = literal {
            self.load_const(c);
        }
        self.emit(Op::ReturnValue);
        Ok(())
    }

    pub(super) fn compile_break(&mut self, span: Span) -> CompileResult {
        match self.unwind_fblocks(false, true)? {
            Some(block @ FBlock::ForLoop { exit, .. }) => {
                self.unwind_fblock(block, false)?;
                self.emit_jump(Op::Jump, exit);
            }
            Some(FBlock::WhileLoop { exit, .. }) => self.emit_jump(Op::Jump, exit),
            _ => return Err(self.error(span, "'break' outside loop")),
        }
        Ok(())
    }

    pub(super) fn compile_continue(&mut self, span: Span) -> CompileResult {
        match self.unwind_fblocks(false, true)? {
            Some(FBlock::ForLoop { start, .. } | FBlock::WhileLoop { start, .. }) => {
                self.emit_jump(Op::Jump, start);
                Ok(())
            }
            _ => Err(self.error(span, "'continue' not properly in loop")),
        }
    }

    pub(super) fn compile_if(
        &mut self,
        test: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CompileResult {
        let end = self.new_label();
        if orelse.is_empty() {
            self.compile_jump_if(test, end, false)?;
            self.compile_body(body)?;
        } else {
            let otherwise = self.new_label();
            self.compile_jump_if(test, otherwise, false)?;
            self.compile_body(body)?;
            self.emit_jump(Op::Jump, end);
            self.bind(otherwise);
            self.compile_body(orelse)?;
        }
        self.bind(end);
        Ok(())
    }

    pub(super) fn compile_while(
        &mut self,
        test: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CompileResult {
        let start = self.new_label();
        let otherwise = self.new_label();
        let exit = self.new_label();
        self.bind(start);
        if !is_true_literal(test) {
            self.compile_jump_if(test, otherwise, false)?;
        }
        self.push_fblock(FBlock::WhileLoop { start, exit });
        self.compile_body(body)?;
        self.pop_fblock();
        self.emit_jump(Op::Jump, start);
        self.bind(otherwise);
        self.compile_body(orelse)?;
        self.bind(exit);
        Ok(())
    }

    pub(super) fn compile_for(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> CompileResult {
        let start = self.new_label();
        let exhausted = self.new_label();
        let exit = self.new_label();
        self.compile_expr(iter)?;
        self.emit(Op::GetIter);
        self.bind(start);
        self.emit_jump(Op::ForIter, exhausted);
        self.compile_store(target)?;
        self.push_fblock(FBlock::ForLoop { start, exit });
        self.compile_body(body)?;
        self.pop_fblock();
        self.emit_jump(Op::Jump, start);
        self.bind(exhausted);
        self.compile_body(orelse)?;
        self.bind(exit);
        Ok(())
    }

    /// `with a as x, b: body` is `with a as x: with b: body`; the shape of
    /// one level is documented in `bytecode/op.rs`.
    pub(super) fn compile_with(
        &mut self,
        items: &'a [WithItem],
        body: &'a [Stmt],
    ) -> CompileResult {
        let Some((item, rest)) = items.split_first() else {
            return self.compile_body(body);
        };
        let on_exception = self.new_label();
        let suppress = self.new_label();
        let end = self.new_label();
        self.compile_expr(&item.context_expr)?;
        self.emit(Op::BeforeWith);
        match &item.optional_vars {
            Some(target) => self.compile_store(target)?,
            None => self.emit(Op::Pop),
        }
        self.emit_jump(Op::SetupFinally, on_exception);
        self.push_fblock(FBlock::With);
        self.compile_with(rest, body)?;
        self.pop_fblock();
        self.emit(Op::PopBlock);
        self.emit(Op::WithExitNormal);
        self.emit_jump(Op::Jump, end);

        self.bind(on_exception);
        self.emit(Op::WithExceptStart);
        self.emit_jump(Op::PopJumpIfTrue, suppress);
        self.emit(Op::Reraise);
        self.bind(suppress);
        self.emit(Op::Pop);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.bind(end);
        Ok(())
    }

    pub(super) fn compile_try(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
    ) -> CompileResult {
        match (handlers.is_empty(), finalbody.is_empty()) {
            (true, true) => {
                self.compile_body(body)?;
                self.compile_body(orelse)
            }
            (false, true) => self.compile_try_except(body, handlers, orelse),
            (true, false) => self.compile_try_finally(finalbody, |c| {
                c.compile_body(body)?;
                c.compile_body(orelse)
            }),
            (false, false) => self
                .compile_try_finally(finalbody, |c| c.compile_try_except(body, handlers, orelse)),
        }
    }

    /// The protected part, then the finally body twice: inline on the normal
    /// path and as a handler ending in `Reraise`.
    fn compile_try_finally(
        &mut self,
        finalbody: &'a [Stmt],
        protected: impl FnOnce(&mut Self) -> CompileResult,
    ) -> CompileResult {
        let on_exception = self.new_label();
        let end = self.new_label();
        self.emit_jump(Op::SetupFinally, on_exception);
        self.push_fblock(FBlock::FinallyTry { finalbody });
        protected(self)?;
        self.pop_fblock();
        self.emit(Op::PopBlock);
        self.compile_body(finalbody)?;
        self.emit_jump(Op::Jump, end);

        self.bind(on_exception);
        self.push_fblock(FBlock::FinallyEnd);
        self.compile_body(finalbody)?;
        self.pop_fblock();
        self.emit(Op::Reraise);
        self.bind(end);
        Ok(())
    }

    /// `try`/`except`/`else`, shaped as documented in `bytecode/op.rs`.
    fn compile_try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CompileResult {
        let on_exception = self.new_label();
        let end = self.new_label();
        self.emit_jump(Op::SetupFinally, on_exception);
        self.push_fblock(FBlock::TryExcept);
        self.compile_body(body)?;
        self.pop_fblock();
        self.emit(Op::PopBlock);
        self.compile_body(orelse)?;
        self.emit_jump(Op::Jump, end);

        self.bind(on_exception);
        for (i, handler) in handlers.iter().enumerate() {
            if handler.typ.is_none() && i + 1 < handlers.len() {
                return Err(self.error(handler.span, "default 'except:' must be last"));
            }
            let saved = self.set_line(handler.span);
            self.compile_handler(handler, end)?;
            self.restore_line(saved);
        }
        // No clause matched: the exception goes on up.
        self.emit(Op::Reraise);
        self.bind(end);
        Ok(())
    }

    /// One `except` clause. On entry the exception is on the stack; when the
    /// clause does not match, it jumps to the next one with it still there.
    fn compile_handler(&mut self, handler: &'a ExceptHandler, end: Label) -> CompileResult {
        let next = self.new_label();
        if let Some(typ) = &handler.typ {
            self.compile_expr(typ)?;
            self.emit(Op::CheckExcMatch);
            self.emit_jump(Op::PopJumpIfFalse, next);
        }
        match handler.name.as_deref() {
            None => {
                self.emit(Op::Pop);
                self.push_fblock(FBlock::HandlerCleanup { name: None });
                self.compile_body(&handler.body)?;
                self.pop_fblock();
                self.emit(Op::PopExcept);
                self.emit_jump(Op::Jump, end);
            }
            Some(name) => self.compile_named_handler_body(name, &handler.body, end)?,
        }
        self.bind(next);
        Ok(())
    }

    /// `except E as name: body`: `name` is unbound when the body ends, even
    /// by an exception (so the traceback does not keep the frame alive).
    fn compile_named_handler_body(
        &mut self,
        name: &'a str,
        body: &'a [Stmt],
        end: Label,
    ) -> CompileResult {
        let cleanup = self.new_label();
        self.name_op(name, Access::Store);
        self.emit_jump(Op::SetupFinally, cleanup);
        self.push_fblock(FBlock::HandlerCleanup { name: Some(name) });
        self.compile_body(body)?;
        self.pop_fblock();
        self.emit(Op::PopBlock);
        self.emit(Op::PopExcept);
        self.unbind_handler_name(name);
        self.emit_jump(Op::Jump, end);

        self.bind(cleanup);
        self.unbind_handler_name(name);
        self.emit(Op::Reraise);
        Ok(())
    }

    /// `name = None; del name`, as CPython ends a named handler.
    fn unbind_handler_name(&mut self, name: &str) {
        self.load_const(Const::None);
        self.name_op(name, Access::Store);
        self.name_op(name, Access::Delete);
    }
}

/// `while True:` and `while 1:` need no test.
fn is_true_literal(test: &Expr) -> bool {
    match &test.kind {
        ExprKind::Constant(Constant::Bool(b)) => *b,
        ExprKind::Constant(Constant::Int(digits)) => {
            digits.bytes().any(|b| b.is_ascii_digit() && b != b'0')
        }
        _ => false,
    }
}
