//! Expressions: each leaves exactly one value on the stack.

use crate::bytecode::{BinaryOperator, Comparison, Const, Op, UnaryOperator};
use crate::diagnostics::Span;
use crate::syntax::ast::{BinOp, BoolOpKind, CmpOp, Constant, Expr, ExprKind, Keyword, UnaryOp};

use super::builder::Label;
use super::scope::{ComprehensionKind, ScopeKind};
use super::{Access, CompileResult, Compiler};

/// A list, tuple or set display (or the positional arguments of a `CallEx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sequence {
    List,
    Tuple,
    Set,
}

/// One entry of a dict display or of a call's keyword arguments.
enum MapEntry<'e> {
    /// `key: value`.
    Pair(&'e Expr, &'e Expr),
    /// `name=value`.
    Keyword(&'e str, &'e Expr),
    /// `**mapping`.
    Spread(&'e Expr),
}

impl<'a> Compiler<'a> {
    /// Compile `e`, its instructions carrying its line.
    pub(super) fn compile_expr(&mut self, e: &'a Expr) -> CompileResult {
        let saved = self.set_line(e.span);
        let result = self.compile_expr_kind(e);
        self.restore_line(saved);
        result
    }

    pub(super) fn compile_exprs(&mut self, exprs: &'a [Expr]) -> CompileResult {
        exprs.iter().try_for_each(|e| self.compile_expr(e))
    }

    fn compile_expr_kind(&mut self, e: &'a Expr) -> CompileResult {
        match &e.kind {
            ExprKind::BoolOp { op, values } => self.compile_bool_op(*op, values),
            ExprKind::NamedExpr { target, value } => {
                self.compile_expr(value)?;
                self.emit(Op::DupTop);
                self.compile_store(target)
            }
            ExprKind::BinOp { left, op, right } => {
                self.compile_expr(left)?;
                self.compile_expr(right)?;
                self.emit(Op::BinaryOp(binary_operator(*op)));
                Ok(())
            }
            ExprKind::UnaryOp { op, operand } => self.compile_unary(e, *op, operand),
            ExprKind::Lambda { args, body } => self.compile_lambda(e, args, body),
            ExprKind::IfExp { test, body, orelse } => self.compile_if_exp(test, body, orelse),
            ExprKind::Dict { keys, values } => self.compile_dict(keys, values),
            ExprKind::Set(items) => self.compile_sequence(Sequence::Set, items, 0),
            ExprKind::List(items) => self.compile_sequence(Sequence::List, items, 0),
            ExprKind::Tuple(items) => match self.const_value(e) {
                Some(c) => {
                    self.load_const(c);
                    Ok(())
                }
                None => self.compile_sequence(Sequence::Tuple, items, 0),
            },
            ExprKind::ListComp { elt, generators } => {
                self.compile_comprehension(e, ComprehensionKind::List, generators, elt, None)
            }
            ExprKind::SetComp { elt, generators } => {
                self.compile_comprehension(e, ComprehensionKind::Set, generators, elt, None)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.compile_comprehension(e, ComprehensionKind::Dict, generators, key, Some(value))
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.compile_comprehension(e, ComprehensionKind::Generator, generators, elt, None)
            }
            ExprKind::Await(value) => self.compile_await(e.span, value),
            ExprKind::Yield(value) => {
                match value {
                    Some(v) => self.compile_expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.emit(Op::YieldValue);
                Ok(())
            }
            ExprKind::YieldFrom(value) => {
                self.compile_expr(value)?;
                self.emit(Op::GetYieldFromIter);
                self.load_const(Const::None);
                self.emit(Op::YieldFrom);
                Ok(())
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compile_compare(left, ops, comparators),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.compile_call(func, args, keywords),
            ExprKind::JoinedStr(parts) => self.compile_joined_str(parts),
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => self.compile_formatted_value(e.span, value, *conversion, format_spec.as_deref()),
            ExprKind::Constant(c) => {
                let c = self.constant(c, e.span)?;
                self.load_const(c);
                Ok(())
            }
            ExprKind::Attribute { value, attr } => {
                self.compile_expr(value)?;
                let i = self.attr_index(attr);
                self.emit(Op::LoadAttr(i));
                Ok(())
            }
            ExprKind::Subscript { value, slice } => {
                self.compile_expr(value)?;
                self.compile_expr(slice)?;
                self.emit(Op::BinarySubscr);
                Ok(())
            }
            ExprKind::Starred(_) => Err(self.error(e.span, "can't use starred expression here")),
            ExprKind::Name(name) => {
                self.name_op(name, Access::Load);
                Ok(())
            }
            ExprKind::Slice { lower, upper, step } => {
                self.compile_slice(lower.as_deref(), upper.as_deref(), step.as_deref())
            }
        }
    }

    /// A literal as a constant.
    pub(super) fn constant(&self, c: &Constant, span: Span) -> CompileResult<Const> {
        Ok(match c {
            Constant::None => Const::None,
            Constant::Bool(b) => Const::Bool(*b),
            Constant::Int(digits) => int_const(digits)
                .ok_or_else(|| self.error(span, format!("invalid integer literal '{digits}'")))?,
            Constant::Float(f) => Const::Float(*f),
            Constant::Str(s) => Const::Str(s.as_str().into()),
            Constant::Bytes(b) => Const::Bytes(b.as_slice().into()),
            Constant::Ellipsis => Const::Ellipsis,
        })
    }

    /// The value of an expression made only of literals: a literal, a
    /// negated number, or a tuple of such (folded as CPython does).
    pub(super) fn const_value(&self, e: &Expr) -> Option<Const> {
        match &e.kind {
            ExprKind::Constant(c) => self.constant(c, e.span).ok(),
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand,
            } => match &operand.kind {
                ExprKind::Constant(c @ (Constant::Int(_) | Constant::Float(_))) => {
                    negate(self.constant(c, operand.span).ok()?)
                }
                _ => None,
            },
            ExprKind::Tuple(items) => {
                let items = items
                    .iter()
                    .map(|i| self.const_value(i))
                    .collect::<Option<Vec<_>>>()?;
                Some(Const::Tuple(items.into()))
            }
            _ => None,
        }
    }

    fn compile_unary(&mut self, e: &'a Expr, op: UnaryOp, operand: &'a Expr) -> CompileResult {
        if let Some(c) = self.const_value(e) {
            self.load_const(c);
            return Ok(());
        }
        self.compile_expr(operand)?;
        let op = match op {
            UnaryOp::Invert => UnaryOperator::Invert,
            UnaryOp::Not => UnaryOperator::Not,
            UnaryOp::UAdd => UnaryOperator::Pos,
            UnaryOp::USub => UnaryOperator::Neg,
        };
        self.emit(Op::UnaryOp(op));
        Ok(())
    }

    /// `a and b`: `JumpIfFalseOrPop` past the rest, keeping the deciding value.
    fn compile_bool_op(&mut self, op: BoolOpKind, values: &'a [Expr]) -> CompileResult {
        let Some((last, init)) = values.split_last() else {
            self.load_const(Const::None);
            return Ok(());
        };
        let end = self.new_label();
        let jump = match op {
            BoolOpKind::And => Op::JumpIfFalseOrPop,
            BoolOpKind::Or => Op::JumpIfTrueOrPop,
        };
        for v in init {
            self.compile_expr(v)?;
            self.emit_jump(jump, end);
        }
        self.compile_expr(last)?;
        self.bind(end);
        Ok(())
    }

    fn compile_if_exp(
        &mut self,
        test: &'a Expr,
        body: &'a Expr,
        orelse: &'a Expr,
    ) -> CompileResult {
        let otherwise = self.new_label();
        let end = self.new_label();
        self.compile_jump_if(test, otherwise, false)?;
        self.compile_expr(body)?;
        self.emit_jump(Op::Jump, end);
        self.bind(otherwise);
        self.compile_expr(orelse)?;
        self.bind(end);
        Ok(())
    }

    /// Jump to `target` when `e` is truthy (`when` true) or falsy, consuming
    /// it either way. `not`, `and` and `or` become jumps instead of values.
    pub(super) fn compile_jump_if(
        &mut self,
        e: &'a Expr,
        target: Label,
        when: bool,
    ) -> CompileResult {
        let saved = self.set_line(e.span);
        let result = match &e.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => self.compile_jump_if(operand, target, !when),
            ExprKind::BoolOp { op, values } => {
                self.compile_jump_if_bool_op(*op, values, target, when)
            }
            _ => self.compile_expr(e).map(|()| {
                let jump = if when {
                    Op::PopJumpIfTrue
                } else {
                    Op::PopJumpIfFalse
                };
                self.emit_jump(jump, target);
            }),
        };
        self.restore_line(saved);
        result
    }

    fn compile_jump_if_bool_op(
        &mut self,
        op: BoolOpKind,
        values: &'a [Expr],
        target: Label,
        when: bool,
    ) -> CompileResult {
        let Some((last, init)) = values.split_last() else {
            return Ok(());
        };
        // `a or b` jumping when true (or `a and b` jumping when false): any
        // operand can decide. Otherwise all must agree, and the first that
        // does not skips the rest.
        if (op == BoolOpKind::Or) == when {
            for v in values {
                self.compile_jump_if(v, target, when)?;
            }
            return Ok(());
        }
        let skip = self.new_label();
        for v in init {
            self.compile_jump_if(v, skip, !when)?;
        }
        self.compile_jump_if(last, target, when)?;
        self.bind(skip);
        Ok(())
    }

    /// `a < b < c` is `a < b and b < c` with `b` evaluated once.
    fn compile_compare(
        &mut self,
        left: &'a Expr,
        ops: &[CmpOp],
        comparators: &'a [Expr],
    ) -> CompileResult {
        self.compile_expr(left)?;
        let pairs: Vec<(CmpOp, &'a Expr)> = ops.iter().copied().zip(comparators).collect();
        let Some((&(last_op, last), init)) = pairs.split_last() else {
            return Ok(());
        };
        if init.is_empty() {
            self.compile_expr(last)?;
            self.emit(compare_op(last_op));
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        for &(op, operand) in init {
            self.compile_expr(operand)?;
            self.emit(Op::DupTop);
            self.emit(Op::RotThree);
            self.emit(compare_op(op));
            self.emit_jump(Op::JumpIfFalseOrPop, cleanup);
        }
        self.compile_expr(last)?;
        self.emit(compare_op(last_op));
        self.emit_jump(Op::Jump, end);
        self.bind(cleanup);
        self.emit(Op::RotTwo);
        self.emit(Op::Pop);
        self.bind(end);
        Ok(())
    }

    /// `[a, *b, c]`: a plain `Build*` when nothing is starred, else a list
    /// built from the leading items and extended. `pushed` items are already
    /// on the stack and belong at the front (the class-building call).
    pub(super) fn compile_sequence(
        &mut self,
        kind: Sequence,
        items: &'a [Expr],
        pushed: u32,
    ) -> CompileResult {
        let is_starred = |e: &Expr| matches!(e.kind, ExprKind::Starred(_));
        let prefix = items.iter().take_while(|e| !is_starred(e)).count();
        let build = match kind {
            Sequence::List => Op::BuildList,
            Sequence::Tuple => Op::BuildTuple,
            Sequence::Set => Op::BuildSet,
        };
        self.compile_exprs(&items[..prefix])?;
        if prefix == items.len() {
            self.emit(build(pushed + prefix as u32));
            return Ok(());
        }
        let (start, add, extend): (fn(u32) -> Op, Op, Op) = match kind {
            Sequence::Set => (Op::BuildSet, Op::SetAdd(1), Op::SetUpdate(1)),
            _ => (Op::BuildList, Op::ListAppend(1), Op::ListExtend(1)),
        };
        self.emit(start(pushed + prefix as u32));
        for item in &items[prefix..] {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    self.compile_expr(inner)?;
                    self.emit(extend);
                }
                _ => {
                    self.compile_expr(item)?;
                    self.emit(add);
                }
            }
        }
        if kind == Sequence::Tuple {
            self.emit(Op::ListToTuple);
        }
        Ok(())
    }

    fn compile_dict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> CompileResult {
        let entries = keys.iter().zip(values).map(|(k, v)| match k {
            Some(k) => MapEntry::Pair(k, v),
            None => MapEntry::Spread(v),
        });
        self.compile_map(entries.collect(), Op::DictUpdate)
    }

    /// Build one dict from entries: runs of pairs become `BuildMap`, and each
    /// run or `**mapping` after the first is merged in with `merge`
    /// (`DictUpdate` for displays, `DictMerge` for calls, which rejects
    /// repeated keys).
    fn compile_map(&mut self, entries: Vec<MapEntry<'a>>, merge: fn(u32) -> Op) -> CompileResult {
        let mut have_dict = false;
        let mut run = 0u32;
        for entry in entries {
            match entry {
                MapEntry::Pair(k, v) => {
                    self.compile_expr(k)?;
                    self.compile_expr(v)?;
                    run += 1;
                }
                MapEntry::Keyword(name, v) => {
                    self.load_str(name);
                    self.compile_expr(v)?;
                    run += 1;
                }
                MapEntry::Spread(mapping) => {
                    self.flush_map_run(&mut run, &mut have_dict, merge);
                    if !have_dict {
                        self.emit(Op::BuildMap(0));
                        have_dict = true;
                    }
                    self.compile_expr(mapping)?;
                    self.emit(merge(1));
                }
            }
        }
        self.flush_map_run(&mut run, &mut have_dict, merge);
        if !have_dict {
            self.emit(Op::BuildMap(0));
        }
        Ok(())
    }

    fn flush_map_run(&mut self, run: &mut u32, have_dict: &mut bool, merge: fn(u32) -> Op) {
        if *run == 0 {
            return;
        }
        self.emit(Op::BuildMap(*run));
        if *have_dict {
            self.emit(merge(1));
        }
        *have_dict = true;
        *run = 0;
    }

    fn compile_slice(
        &mut self,
        lower: Option<&'a Expr>,
        upper: Option<&'a Expr>,
        step: Option<&'a Expr>,
    ) -> CompileResult {
        for part in [lower, upper] {
            match part {
                Some(e) => self.compile_expr(e)?,
                None => self.load_const(Const::None),
            }
        }
        match step {
            Some(step) => {
                self.compile_expr(step)?;
                self.emit(Op::BuildSlice(3));
            }
            None => self.emit(Op::BuildSlice(2)),
        }
        Ok(())
    }

    fn compile_await(&mut self, span: Span, value: &'a Expr) -> CompileResult {
        let scope = self.scope();
        match scope.kind {
            ScopeKind::Module | ScopeKind::Class => {
                return Err(self.error(span, "'await' outside function"))
            }
            ScopeKind::Comprehension(_) => {
                return Err(self.error(span, "asynchronous comprehensions are not supported"))
            }
            ScopeKind::Function | ScopeKind::Lambda if !scope.is_async => {
                return Err(self.error(span, "'await' outside async function"))
            }
            _ => {}
        }
        self.compile_expr(value)?;
        self.emit(Op::GetAwaitable);
        self.load_const(Const::None);
        self.emit(Op::YieldFrom);
        Ok(())
    }

    /// Calls: `LoadMethod`/`CallMethod` for `obj.m(positional...)`, `Call`
    /// for positional arguments, `CallKw` with keywords, `CallEx` when
    /// anything is unpacked with `*` or `**`.
    fn compile_call(
        &mut self,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> CompileResult {
        let plain =
            keywords.is_empty() && !args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)));
        if let (ExprKind::Attribute { value, attr }, true) = (&func.kind, plain) {
            self.compile_expr(value)?;
            let i = self.attr_index(attr);
            self.emit(Op::LoadMethod(i));
            self.compile_exprs(args)?;
            self.emit(Op::CallMethod(args.len() as u32));
            return Ok(());
        }
        self.compile_expr(func)?;
        self.compile_call_args(args, keywords, 0)
    }

    /// The arguments and the call instruction; `pushed` positional
    /// arguments are already on the stack.
    pub(super) fn compile_call_args(
        &mut self,
        args: &'a [Expr],
        keywords: &'a [Keyword],
        pushed: u32,
    ) -> CompileResult {
        self.check_repeated_keywords(keywords)?;
        let starred = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)));
        let double_starred = keywords.iter().any(|k| k.name.is_none());
        if starred || double_starred {
            self.compile_sequence(Sequence::Tuple, args, pushed)?;
            if keywords.is_empty() {
                self.emit(Op::CallEx(0));
                return Ok(());
            }
            let entries = keywords.iter().map(|k| match &k.name {
                Some(name) => MapEntry::Keyword(name, &k.value),
                None => MapEntry::Spread(&k.value),
            });
            self.compile_map(entries.collect(), Op::DictMerge)?;
            self.emit(Op::CallEx(1));
            return Ok(());
        }
        self.compile_exprs(args)?;
        let count = pushed + (args.len() + keywords.len()) as u32;
        if keywords.is_empty() {
            self.emit(Op::Call(count));
            return Ok(());
        }
        let mut names = Vec::with_capacity(keywords.len());
        for k in keywords {
            self.compile_expr(&k.value)?;
            names.push(Const::Str(k.name.as_deref().unwrap_or_default().into()));
        }
        self.load_const(Const::Tuple(names.into()));
        self.emit(Op::CallKw(count));
        Ok(())
    }

    fn check_repeated_keywords(&self, keywords: &[Keyword]) -> CompileResult {
        for (i, k) in keywords.iter().enumerate() {
            let Some(name) = &k.name else { continue };
            if keywords[..i]
                .iter()
                .any(|earlier| earlier.name.as_ref() == Some(name))
            {
                return Err(self.error(k.span, format!("keyword argument repeated: {name}")));
            }
        }
        Ok(())
    }

    /// An f-string: its parts, then `BuildString` (none for a single part).
    fn compile_joined_str(&mut self, parts: &'a [Expr]) -> CompileResult {
        match parts {
            [] => self.load_str(""),
            [part] => {
                self.compile_expr(part)?;
                if !matches!(
                    part.kind,
                    ExprKind::Constant(Constant::Str(_)) | ExprKind::FormattedValue { .. }
                ) {
                    self.emit(Op::BuildString(1));
                }
            }
            _ => {
                self.compile_exprs(parts)?;
                self.emit(Op::BuildString(parts.len() as u32));
            }
        }
        Ok(())
    }

    fn compile_formatted_value(
        &mut self,
        span: Span,
        value: &'a Expr,
        conversion: Option<char>,
        spec: Option<&'a Expr>,
    ) -> CompileResult {
        self.compile_expr(value)?;
        let mut bits = match conversion {
            None => 0,
            Some('s') => 1,
            Some('r') => 2,
            Some('a') => 3,
            Some(c) => {
                return Err(self.error(
                    span,
                    format!(
                        "f-string: invalid conversion character '{c}': expected 's', 'r', or 'a'"
                    ),
                ))
            }
        };
        if let Some(spec) = spec {
            self.compile_expr(spec)?;
            bits |= 4;
        }
        self.emit(Op::FormatValue(bits));
        Ok(())
    }
}

/// An integer literal's digits as a constant: `Int` when it fits in i64.
fn int_const(digits: &str) -> Option<Const> {
    let digits: String = digits.chars().filter(|&c| c != '_').collect();
    let (sign, magnitude) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits.as_str()),
    };
    if magnitude.is_empty() || !magnitude.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Ok(i) = digits.parse::<i64>() {
        return Some(Const::Int(i));
    }
    let magnitude = magnitude.trim_start_matches('0');
    Some(Const::BigInt(format!("{sign}{magnitude}")))
}

/// `-c` for a numeric constant.
fn negate(c: Const) -> Option<Const> {
    match c {
        Const::Int(i) => Some(
            i.checked_neg()
                .map_or_else(|| Const::BigInt(format!("{}", -(i as i128))), Const::Int),
        ),
        Const::BigInt(digits) => match digits.strip_prefix('-') {
            Some(positive) => int_const(positive),
            None => int_const(&format!("-{digits}")),
        },
        Const::Float(f) => Some(Const::Float(-f)),
        _ => None,
    }
}

fn binary_operator(op: BinOp) -> BinaryOperator {
    match op {
        BinOp::Add => BinaryOperator::Add,
        BinOp::Sub => BinaryOperator::Sub,
        BinOp::Mul => BinaryOperator::Mul,
        BinOp::MatMul => BinaryOperator::MatMul,
        BinOp::Div => BinaryOperator::TrueDiv,
        BinOp::Mod => BinaryOperator::Mod,
        BinOp::Pow => BinaryOperator::Pow,
        BinOp::LShift => BinaryOperator::LShift,
        BinOp::RShift => BinaryOperator::RShift,
        BinOp::BitOr => BinaryOperator::Or,
        BinOp::BitXor => BinaryOperator::Xor,
        BinOp::BitAnd => BinaryOperator::And,
        BinOp::FloorDiv => BinaryOperator::FloorDiv,
    }
}

/// The in-place variant used by augmented assignment.
pub(super) fn inplace_operator(op: BinOp) -> Op {
    Op::InplaceOp(binary_operator(op))
}

fn compare_op(op: CmpOp) -> Op {
    match op {
        CmpOp::Eq => Op::CompareOp(Comparison::Eq),
        CmpOp::NotEq => Op::CompareOp(Comparison::Ne),
        CmpOp::Lt => Op::CompareOp(Comparison::Lt),
        CmpOp::LtE => Op::CompareOp(Comparison::Le),
        CmpOp::Gt => Op::CompareOp(Comparison::Gt),
        CmpOp::GtE => Op::CompareOp(Comparison::Ge),
        CmpOp::Is => Op::IsOp(false),
        CmpOp::IsNot => Op::IsOp(true),
        CmpOp::In => Op::ContainsOp(false),
        CmpOp::NotIn => Op::ContainsOp(true),
    }
}
