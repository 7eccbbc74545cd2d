//! The instruction set: the contract between the compiler and the VM.
//!
//! A stack machine in the style of CPython 3.8-3.10. Each instruction is one
//! `Op` value (8 bytes); jump targets are absolute instruction indexes.
//! Every variant's doc gives its stack effect as `(before -- after)`, top of
//! stack on the right.
//!
//! Adding an instruction: add the variant here with its stack effect, teach
//! `Op::stack_effect` about it, emit it in `compile/`, execute it in
//! `vm/interp.rs`, and show it in `bytecode/disasm.rs` (the `Debug` form is
//! used by default).
//!
//! ## Compile schemes the VM relies on
//!
//! **Blocks and exceptions.** `SetupFinally(h)` pushes a handler block that
//! records the current stack depth. When an exception propagates to it, the
//! VM truncates the value stack to that depth, pushes an "except handler"
//! marker block that remembers the previously handled exception, sets the
//! new exception as the one being handled (`sys.exc_info()`, bare `raise`,
//! implicit `__context__`), pushes the exception object and jumps to `h`.
//! `PopExcept` pops that marker and restores the previously handled one.
//! `PopBlock` removes a `SetupFinally` block on the normal path.
//!
//! `try: B except E as e: H` compiles to:
//! ```text
//!     SetupFinally L_handler
//!     <B>
//!     PopBlock
//!     <else body>
//!     Jump L_end
//! L_handler:                      # stack: exc
//!     <E>
//!     CheckExcMatch               # exc bool
//!     PopJumpIfFalse L_next       # exc
//!     StoreFast/StoreName e       # (or Pop when there is no `as`)
//!     SetupFinally L_cleanup      # (only with `as`)
//!     <H>
//!     PopBlock                    # (only with `as`)
//!     PopExcept
//!     LoadConst None; Store e; Delete e   # (only with `as`)
//!     Jump L_end
//! L_cleanup:                      # (only with `as`) H raised: stack: exc2
//!     LoadConst None; Store e; Delete e
//!     Reraise                     # the unwinder pops both except-handler markers
//! L_next:                         # the next clause, or:
//!     Reraise                     # no handler matched: exc goes on up
//! L_end:
//! ```
//! A `return`/`break`/`continue` leaving `H` emits the same `PopBlock`,
//! `PopExcept` and unbinding first.
//!
//! `finally` bodies are emitted twice, as CPython does: inline on every
//! normal exit (fall-through, `return`, `break`, `continue` leaving the
//! block) and once in a handler (entered with `exc` on the stack) that ends
//! with `Reraise`. Leaving that handler copy early pops the pending
//! exception (`Pop`, after `RotTwo` to keep a return value) and then
//! `PopExcept`.
//!
//! **with.** `with m as x: B`:
//! ```text
//!     <m>
//!     BeforeWith                  # exit enter_result
//!     StoreFast x                 # (or Pop): before the setup, so the handler finds `exit exc`
//!     SetupFinally L_exc
//!     <B>
//!     PopBlock
//!     WithExitNormal              # calls exit(None, None, None)
//!     Jump L_end
//! L_exc:                          # exit exc
//!     WithExceptStart             # exit exc suppress?
//!     PopJumpIfTrue L_suppress
//!     Reraise                     # exit is dropped by the unwinder
//! L_suppress:                     # exit exc
//!     Pop
//!     PopExcept
//!     Pop
//! L_end:
//! ```
//!
//! **Generators.** A code object flagged `GENERATOR` is not run by a call: the
//! call builds its frame and returns a generator. `yield v` is `<v> YieldValue`
//! (the value sent in is left on the stack); `yield from it` is
//! `<it> GetYieldFromIter LoadConst None YieldFrom`.
//!
//! **Classes.** `class C(B): body` is `LoadBuildClass <MakeFunction of body> LoadConst "C"
//! <B> Call 3`, as in CPython. The body's code is flagged `CLASS_BODY` and runs
//! with a namespace dict (`LoadName`/`StoreName`). When a method uses `super()`
//! or `__class__`, the body has a cell `__class__`, and just before it returns
//! it does `LoadClosure __class__; StoreName __classcell__`; the VM fills the
//! cell with the new class.

use std::fmt;

/// A binary operator of `BinaryOp` / `InplaceOp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOperator {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `@`
    MatMul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
}

impl BinaryOperator {
    /// The operator as written (`+`).
    pub fn symbol(self) -> &'static str {
        use BinaryOperator::*;
        match self {
            Add => "+",
            Sub => "-",
            Mul => "*",
            MatMul => "@",
            TrueDiv => "/",
            FloorDiv => "//",
            Mod => "%",
            Pow => "** or pow()",
            LShift => "<<",
            RShift => ">>",
            And => "&",
            Or => "|",
            Xor => "^",
        }
    }
}

/// A unary operator of `UnaryOp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOperator {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `not x`
    Not,
    /// `~x`
    Invert,
}

/// A rich comparison of `CompareOp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Comparison {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Eq => "==",
            Comparison::Ne => "!=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }
}

/// One instruction. `u32` operands index the code object's tables
/// (`consts`, `names`, `varnames`, cells) or are jump targets / counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Does nothing. `( -- )`
    Nop,

    // ---- stack shuffling ----
    /// `(a -- )`
    Pop,
    /// `(a -- a a)`
    DupTop,
    /// `(a b -- a b a b)`
    DupTopTwo,
    /// `(a b -- b a)`
    RotTwo,
    /// `(a b c -- c a b)`
    RotThree,
    /// `(a b c d -- d a b c)`
    RotFour,

    // ---- constants and variables ----
    /// Push `consts[i]`. `( -- v)`
    LoadConst(u32),
    /// Push local `varnames[i]`; UnboundLocalError if unset. `( -- v)`
    LoadFast(u32),
    /// `(v -- )`
    StoreFast(u32),
    /// `( -- )`
    DeleteFast(u32),
    /// Push the contents of cell `i` (cellvars first, then freevars); NameError/UnboundLocalError if empty. `( -- v)`
    LoadDeref(u32),
    /// `(v -- )`
    StoreDeref(u32),
    /// `( -- )`
    DeleteDeref(u32),
    /// Push the cell object `i` itself (to build a closure). `( -- cell)`
    LoadClosure(u32),
    /// Global `names[i]`, then builtins; NameError if neither. `( -- v)`
    LoadGlobal(u32),
    /// `(v -- )`
    StoreGlobal(u32),
    /// `( -- )`
    DeleteGlobal(u32),
    /// Module/class scope lookup of `names[i]`: the frame's namespace, then globals, then builtins. `( -- v)`
    LoadName(u32),
    /// `(v -- )`
    StoreName(u32),
    /// `( -- )`
    DeleteName(u32),
    /// In a class body: `names[i]` from the class namespace, else the enclosing function's cell `j`.
    /// Operands are (name index, cell index). `( -- v)`
    LoadClassDeref(u32, u32),

    // ---- attributes and items ----
    /// `(obj -- obj.names[i])`
    LoadAttr(u32),
    /// `(v obj -- )` sets `obj.names[i] = v`
    StoreAttr(u32),
    /// `(obj -- )`
    DeleteAttr(u32),
    /// Look up method `names[i]` for a call without building a bound method:
    /// `(obj -- meth obj)` when found on the type as a plain function,
    /// else `(obj -- attr NULL)`; `CallMethod` handles both shapes.
    LoadMethod(u32),
    /// `(container key -- container[key])`
    BinarySubscr,
    /// `(v container key -- )`
    StoreSubscr,
    /// `(container key -- )`
    DeleteSubscr,
    /// Build a slice from 2 or 3 values: `(start stop -- slice)` / `(start stop step -- slice)`.
    BuildSlice(u32),

    // ---- operators ----
    /// `(a b -- a op b)`
    BinaryOp(BinaryOperator),
    /// In-place form for `a op= b`: tries `__iop__` first. `(a b -- result)`
    InplaceOp(BinaryOperator),
    /// `(a -- op a)`
    UnaryOp(UnaryOperator),
    /// `(a b -- a cmp b)`
    CompareOp(Comparison),
    /// `is` (`true`: `is not`). `(a b -- bool)`
    IsOp(bool),
    /// `in` (`true`: `not in`). `(a b -- bool)`
    ContainsOp(bool),

    // ---- control flow ----
    /// Jump to instruction `t`. `( -- )`
    Jump(u32),
    /// `(v -- )` jump if falsy.
    PopJumpIfFalse(u32),
    /// `(v -- )` jump if truthy.
    PopJumpIfTrue(u32),
    /// If falsy jump and keep `v`, else pop it (`and`). `(v -- v?)`
    JumpIfFalseOrPop(u32),
    /// If truthy jump and keep `v`, else pop it (`or`). `(v -- v?)`
    JumpIfTrueOrPop(u32),
    /// `(iterable -- iterator)`
    GetIter,
    /// `(it -- it next)`, or when exhausted pop `it` and jump to `t`.
    ForIter(u32),

    // ---- building values ----
    /// `(a1 .. an -- (a1, .., an))`
    BuildTuple(u32),
    /// `(a1 .. an -- [a1, .., an])`
    BuildList(u32),
    /// `(a1 .. an -- {a1, .., an})`
    BuildSet(u32),
    /// `(k1 v1 .. kn vn -- {k1: v1, ..})`
    BuildMap(u32),
    /// Concatenate `n` strings (f-strings). `(s1 .. sn -- s)`
    BuildString(u32),
    /// `(list ... x -- list ...)`: append `x` to the list `i` items below (comprehensions; i >= 1).
    ListAppend(u32),
    /// `(set ... x -- set ...)` as ListAppend.
    SetAdd(u32),
    /// `(dict ... k v -- dict ...)` as ListAppend.
    MapAdd(u32),
    /// `(list ... iterable -- list ...)` extend the list `i` below (`[*a, *b]`).
    ListExtend(u32),
    /// `(set ... iterable -- set ...)`
    SetUpdate(u32),
    /// `(dict ... mapping -- dict ...)` (`{**a}`).
    DictUpdate(u32),
    /// As DictUpdate, but a repeated key is a TypeError (`f(**a, **b)`).
    DictMerge(u32),
    /// `(list -- tuple)`
    ListToTuple,
    /// f-string field. Operand bits: 0-1 conversion (0 none, 1 str, 2 repr, 3 ascii),
    /// bit 2 a format spec is on the stack. `(v [spec] -- str)`
    FormatValue(u32),
    /// `(seq -- vn .. v1)`: v1 on top; ValueError when the length is not `n`.
    UnpackSequence(u32),
    /// `a, *b, c = seq` with (before, after) counts: `(seq -- vlast .. list .. v1)`.
    UnpackEx(u32, u32),

    // ---- functions and calls ----
    /// Build a function. Operand flag bits: 1 defaults tuple, 2 kw-defaults dict,
    /// 4 closure tuple of cells. `([defaults] [kwdefaults] [closure] code -- function)`
    MakeFunction(u32),
    /// `(f a1 .. an -- result)`
    Call(u32),
    /// `(f a1 .. an kwnames -- result)`: the last `len(kwnames)` args are keyword args.
    CallKw(u32),
    /// `(f args_tuple [kwargs_dict] -- result)`; operand 1 when kwargs is present.
    CallEx(u32),
    /// `(meth obj a1 .. an -- result)` or `(attr NULL a1 .. an -- result)`: see LoadMethod.
    CallMethod(u32),
    /// Return from the frame. `(v -- )`
    ReturnValue,
    /// Push the `__build_class__` builtin. `( -- f)`
    LoadBuildClass,
    /// Push the `AssertionError` class (immune to shadowing). `( -- cls)`
    LoadAssertionError,

    // ---- generators and coroutines ----
    /// Suspend the generator, yielding `v`; on resume push the sent value. `(v -- sent)`
    YieldValue,
    /// `iter()` for `yield from`, or the object itself when it is a generator or coroutine.
    /// `(iterable -- iter)`
    GetYieldFromIter,
    /// Delegate to a sub-iterator: send `v` into `it` (send/throw/close go through);
    /// while it yields, this frame yields the same value and re-executes this
    /// instruction with the next value sent. When it returns `r`: `(it v -- r)`.
    YieldFrom,
    /// `(obj -- awaitable_iter)` for `await obj`.
    GetAwaitable,

    // ---- exceptions ----
    /// Push a handler block for handler at `t`, recording the stack depth. `( -- )`
    SetupFinally(u32),
    /// Pop the innermost handler block (normal exit from the protected region). `( -- )`
    PopBlock,
    /// Leave an `except` body: pop the except-handler marker and restore the
    /// previously handled exception. `( -- )`
    PopExcept,
    /// `raise`: 0 re-raise the handled exception, 1 `(exc -- )`, 2 `(exc cause -- )`.
    Raise(u32),
    /// Re-raise `exc` keeping its traceback (end of finally / no except matched). `(exc -- )`
    Reraise,
    /// `(exc type -- exc bool)`: isinstance check of an except clause (type may be a tuple).
    CheckExcMatch,
    /// `(mgr -- exit enter_result)`: look up `__exit__` (bound), call `__enter__`.
    BeforeWith,
    /// `(exit -- )`: call `exit(None, None, None)` and discard the result.
    WithExitNormal,
    /// `(exit exc -- exit exc result)`: call `exit(type(exc), exc, exc.__traceback__)`.
    WithExceptStart,

    // ---- imports ----
    /// Import module `names[i]`. `(level fromlist -- module)`: as `__import__`,
    /// the top package when `fromlist` is None, else the named module itself.
    ImportName(u32),
    /// `(module -- module value)`: attribute or submodule `names[i]`; ImportError if missing.
    ImportFrom(u32),
    /// `(module -- )`: copy public names into the current namespace.
    ImportStar,

    // ---- misc ----
    /// REPL echo: print `repr(v)` unless None and bind `_`. `(v -- )`
    PrintExpr,

    // ---- superinstructions ----
    // Made by the VM when it loads code (`vm/quicken.rs`), never by the
    // compiler. Each stands for the instructions it is named after, which
    // stay in place after it (a jump may land on them); running it runs them
    // all and continues after the last one.
    /// `LoadFast(a) LoadAttr(n)`: `self.x` without copying `self`.
    LoadFastAttr(u32, u32),
    /// `LoadFast(a) StoreAttr(n)`: `self.x = v`. `(v -- )`
    LoadFastStoreAttr(u32, u32),
    /// `LoadFast(a) LoadMethod(n)`.
    LoadFastMethod(u32, u32),
    /// `LoadFast(a) LoadFast(b)`.
    LoadFastLoadFast(u32, u32),
    /// `LoadFast(a) LoadConst(c)`.
    LoadFastLoadConst(u32, u32),
    /// `StoreFast(a) LoadFast(b)`.
    StoreFastLoadFast(u32, u32),
    /// `LoadFast(a) LoadConst(c) BinaryOp(op)`: `n - 1`.
    LoadFastConstBinary(BinaryOperator, u32, u32),
    /// `CompareOp(cmp) PopJumpIfFalse(t)`.
    CompareJumpIfFalse(Comparison, u32),
    /// `LoadConst(c) CompareOp(cmp) PopJumpIfFalse(t)`: `if x < 0:`.
    ConstCompareJumpIfFalse(Comparison, u32, u32),
    /// `LoadFast(a) CompareOp(cmp) PopJumpIfFalse(t)`: `if x >= size:`.
    FastCompareJumpIfFalse(Comparison, u32, u32),
    /// `ForIter(t) StoreFast(a)`.
    ForIterStoreFast(u32, u32),
    /// `LoadFast(a) LoadConst(c) CompareOp(cmp) PopJumpIfFalse(t)`: `if n < 2:`
    /// (made only when `a` and `c` fit in 16 bits, to keep `Op` small).
    FastConstCompareJumpIfFalse(Comparison, u16, u16, u32),
    /// `LoadFast(a) LoadAttr(n) LoadFast(b) LoadAttr(m) BinaryOp(op)`:
    /// `self.x + self.vx` (made only when all four fit in 16 bits).
    FastAttrFastAttrBinary(BinaryOperator, u16, u16, u16, u16),
    /// `LoadFast(a) ReturnValue`: `return n`.
    ReturnFast(u32),
    /// `LoadConst(c) ReturnValue`: `return None` at the end of a function.
    ReturnConst(u32),
    /// `BinaryOp(op) ReturnValue`: `return a + b`.
    BinaryReturn(BinaryOperator),
    /// `LoadFast(a) LoadFast(b) CompareOp(cmp) PopJumpIfFalse(t)`: `while i < n:`
    /// (made only when `a` and `b` fit in 16 bits).
    FastFastCompareJumpIfFalse(Comparison, u16, u16, u32),
    /// `LoadFast(a) LoadAttr(n) LoadConst(c) CompareOp(cmp) PopJumpIfFalse(t)`:
    /// `if self.x < 0:` (made only when `a`, `n`, `c` fit in 16 bits).
    FastAttrConstCompareJumpIfFalse(Comparison, u16, u16, u16, u32),
    /// `LoadFast(a) LoadAttr(n) LoadFast(b) CompareOp(cmp) PopJumpIfFalse(t)`:
    /// `if self.x >= size:` (made only when `a`, `n`, `b` fit in 16 bits).
    FastAttrFastCompareJumpIfFalse(Comparison, u16, u16, u16, u32),
    /// `LoadConst(c) BinaryOp(op)`: `... + 3`.
    ConstBinary(BinaryOperator, u32),
    /// `Pop Jump(t)`: the end of a loop body.
    PopJump(u32),
    /// `StoreFast(a) Jump(t)`: a loop body ending in an assignment.
    StoreFastJump(u32, u32),
    /// Put by the VM after the last instruction (`vm/quicken.rs`), so the
    /// loop needs no bounds check: reaching it is a compiler bug, reported
    /// as SystemError.
    EndOfCode,
}

impl Op {
    /// The jump target, for instructions that have one.
    pub fn jump_target(&self) -> Option<u32> {
        use Op::*;
        match *self {
            Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | JumpIfFalseOrPop(t)
            | JumpIfTrueOrPop(t) | ForIter(t) | SetupFinally(t) => Some(t),
            CompareJumpIfFalse(_, t) | ForIterStoreFast(t, _) | PopJump(t) => Some(t),
            StoreFastJump(_, t) => Some(t),
            FastConstCompareJumpIfFalse(_, _, _, t) | FastFastCompareJumpIfFalse(_, _, _, t) => {
                Some(t)
            }
            FastAttrConstCompareJumpIfFalse(.., t) | FastAttrFastCompareJumpIfFalse(.., t) => {
                Some(t)
            }
            ConstCompareJumpIfFalse(_, _, t) | FastCompareJumpIfFalse(_, _, t) => Some(t),
            _ => None,
        }
    }

    /// Net change of the value-stack depth when this instruction runs: along
    /// its jump when `jump` is true, else when it falls through. For
    /// `SetupFinally` the jump is the entry into its handler, which finds the
    /// stack cut back to the depth at setup plus the exception. The compiler
    /// uses it to compute `Code::stacksize`.
    pub fn stack_effect(&self, jump: bool) -> i32 {
        use Op::*;
        let n = |k: u32| k as i32;
        match *self {
            Nop | RotTwo | RotThree | RotFour => 0,
            Pop => -1,
            DupTop => 1,
            DupTopTwo => 2,
            LoadConst(_) | LoadFast(_) | LoadDeref(_) | LoadClosure(_) | LoadGlobal(_)
            | LoadName(_) | LoadClassDeref(..) => 1,
            StoreFast(_) | StoreDeref(_) | StoreGlobal(_) | StoreName(_) => -1,
            DeleteFast(_) | DeleteDeref(_) | DeleteGlobal(_) | DeleteName(_) => 0,
            LoadAttr(_) => 0,
            StoreAttr(_) => -2,
            DeleteAttr(_) => -1,
            LoadMethod(_) => 1,
            BinarySubscr => -1,
            StoreSubscr => -3,
            DeleteSubscr => -2,
            BuildSlice(k) => 1 - n(k),
            BinaryOp(_) | InplaceOp(_) | CompareOp(_) | IsOp(_) | ContainsOp(_) => -1,
            UnaryOp(_) => 0,
            Jump(_) => 0,
            PopJumpIfFalse(_) | PopJumpIfTrue(_) => -1,
            JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => {
                if jump {
                    0
                } else {
                    -1
                }
            }
            GetIter => 0,
            ForIter(_) => {
                if jump {
                    -1
                } else {
                    1
                }
            }
            BuildTuple(k) | BuildList(k) | BuildSet(k) | BuildString(k) => 1 - n(k),
            BuildMap(k) => 1 - 2 * n(k),
            ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_)
            | DictMerge(_) => -1,
            MapAdd(_) => -2,
            ListToTuple => 0,
            FormatValue(bits) => -n((bits >> 2) & 1),
            UnpackSequence(k) => n(k) - 1,
            UnpackEx(before, after) => n(before) + n(after),
            MakeFunction(flags) => -n(flags.count_ones()),
            Call(k) => -n(k),
            CallKw(k) => -n(k) - 1,
            CallEx(flags) => -1 - n(flags & 1),
            CallMethod(k) => -n(k) - 1,
            ReturnValue => -1,
            LoadBuildClass | LoadAssertionError => 1,
            YieldValue | GetYieldFromIter | GetAwaitable => 0,
            YieldFrom => -1,
            SetupFinally(_) => {
                if jump {
                    1
                } else {
                    0
                }
            }
            PopBlock | PopExcept => 0,
            Raise(k) => -n(k),
            Reraise => -1,
            CheckExcMatch => 0,
            BeforeWith => 1,
            WithExitNormal => -1,
            WithExceptStart => 1,
            ImportName(_) => -1,
            ImportFrom(_) => 1,
            ImportStar => -1,
            PrintExpr => -1,
            LoadFastAttr(..) => 1,
            LoadFastStoreAttr(..) => -1,
            LoadFastMethod(..) | LoadFastLoadFast(..) | LoadFastLoadConst(..) => 2,
            StoreFastLoadFast(..) => 0,
            LoadFastConstBinary(..) => 1,
            CompareJumpIfFalse(..) => -2,
            ConstCompareJumpIfFalse(..) | FastCompareJumpIfFalse(..) => -1,
            ForIterStoreFast(..) => {
                if jump {
                    -1
                } else {
                    0
                }
            }
            ConstBinary(..) | EndOfCode | FastConstCompareJumpIfFalse(..) => 0,
            FastFastCompareJumpIfFalse(..) => 0,
            FastAttrConstCompareJumpIfFalse(..) | FastAttrFastCompareJumpIfFalse(..) => 0,
            ReturnFast(_) | ReturnConst(_) => 0,
            BinaryReturn(_) => -2,
            FastAttrFastAttrBinary(..) => 1,
            PopJump(_) | StoreFastJump(..) => -1,
        }
    }

    /// Does control never continue to the next instruction?
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            Op::Jump(_) | Op::ReturnValue | Op::Raise(_) | Op::Reraise
        )
    }

    /// Set the jump target (the compiler's back-patching).
    pub fn set_jump_target(&mut self, target: u32) {
        use Op::*;
        match self {
            Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | JumpIfFalseOrPop(t)
            | JumpIfTrueOrPop(t) | ForIter(t) | SetupFinally(t) => *t = target,
            _ => panic!("set_jump_target on {self:?}"),
        }
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn op_is_small() {
        assert!(std::mem::size_of::<Op>() <= 12);
    }
}
