//! Quickening: when code is loaded, common instruction sequences get a
//! superinstruction (see the end of `bytecode/op.rs`) that does their work
//! in one dispatch, without pushing and popping in between and without
//! copying (and reference counting) a local only to read its attribute.
//!
//! The instructions a superinstruction stands for stay where they were,
//! right after it: a jump into the middle of a sequence still finds them,
//! and the superinstruction skips them.

use crate::bytecode::Op;

/// The instructions the loop runs for `ops`.
pub fn quicken(ops: &[Op]) -> Box<[Op]> {
    // Every place the loop can reach must be an instruction: jump targets
    // are at most `len`, where `EndOfCode` stands. Code that breaks this
    // (a compiler bug) runs as `EndOfCode` alone.
    if ops
        .iter()
        .any(|op| op.jump_target().is_some_and(|t| t as usize > ops.len()))
    {
        return Box::new([Op::EndOfCode]);
    }
    (0..ops.len())
        .map(|k| superinstruction(&ops[k..]).unwrap_or(ops[k]))
        .chain(std::iter::once(Op::EndOfCode))
        .collect()
}

/// The superinstruction for the sequence at the start of `ops`, if any.
fn superinstruction(ops: &[Op]) -> Option<Op> {
    use Op::*;
    let first = *ops.first()?;
    let second = *ops.get(1)?;
    let third = ops.get(2).copied();
    if let [LoadFast(a), rhs, CompareOp(cmp), PopJumpIfFalse(t), ..] = *ops {
        let made = match (u16::try_from(a), rhs) {
            (Ok(a), LoadConst(c)) => u16::try_from(c)
                .ok()
                .map(|c| FastConstCompareJumpIfFalse(cmp, a, c, t)),
            (Ok(a), LoadFast(b)) => u16::try_from(b)
                .ok()
                .map(|b| FastFastCompareJumpIfFalse(cmp, a, b, t)),
            _ => None,
        };
        if made.is_some() {
            return made;
        }
    }
    let small = |k: u32| u16::try_from(k).ok();
    if let [LoadFast(a), LoadAttr(n), rhs, CompareOp(cmp), PopJumpIfFalse(t), ..] = *ops {
        let made = match (small(a), small(n), rhs) {
            (Some(a), Some(n), LoadConst(c)) => {
                small(c).map(|c| FastAttrConstCompareJumpIfFalse(cmp, a, n, c, t))
            }
            (Some(a), Some(n), LoadFast(b)) => {
                small(b).map(|b| FastAttrFastCompareJumpIfFalse(cmp, a, n, b, t))
            }
            _ => None,
        };
        if made.is_some() {
            return made;
        }
    }
    if let [LoadFast(a), LoadAttr(n), LoadFast(b), LoadAttr(m), BinaryOp(op), ..] = *ops {
        if let (Some(a), Some(n), Some(b), Some(m)) = (small(a), small(n), small(b), small(m)) {
            return Some(FastAttrFastAttrBinary(op, a, n, b, m));
        }
    }
    Some(match (first, second, third) {
        (LoadFast(a), LoadConst(c), Some(BinaryOp(op))) => LoadFastConstBinary(op, a, c),
        (LoadConst(c), CompareOp(cmp), Some(PopJumpIfFalse(t))) => {
            ConstCompareJumpIfFalse(cmp, c, t)
        }
        (LoadFast(a), CompareOp(cmp), Some(PopJumpIfFalse(t))) => FastCompareJumpIfFalse(cmp, a, t),
        (LoadFast(a), LoadAttr(n), _) => LoadFastAttr(a, n),
        (LoadFast(a), StoreAttr(n), _) => LoadFastStoreAttr(a, n),
        (LoadFast(a), LoadMethod(n), _) => LoadFastMethod(a, n),
        (LoadFast(a), LoadFast(b), _) => LoadFastLoadFast(a, b),
        (LoadFast(a), LoadConst(c), _) => LoadFastLoadConst(a, c),
        (StoreFast(a), LoadFast(b), _) => StoreFastLoadFast(a, b),
        (CompareOp(cmp), PopJumpIfFalse(t), _) => CompareJumpIfFalse(cmp, t),
        (ForIter(t), StoreFast(a), _) => ForIterStoreFast(t, a),
        (LoadConst(c), BinaryOp(op), _) => ConstBinary(op, c),
        (LoadFast(a), ReturnValue, _) => ReturnFast(a),
        (LoadConst(c), ReturnValue, _) => ReturnConst(c),
        (BinaryOp(op), ReturnValue, _) => BinaryReturn(op),
        (Pop, Jump(t), _) => PopJump(t),
        (StoreFast(a), Jump(t), _) => StoreFastJump(a, t),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::{BinaryOperator, Comparison};

    #[test]
    fn sequences_become_superinstructions_and_stay_in_place() {
        let ops = [
            Op::LoadFast(0),
            Op::LoadConst(1),
            Op::BinaryOp(BinaryOperator::Sub),
            Op::CompareOp(Comparison::Lt),
            Op::PopJumpIfFalse(7),
            Op::LoadFast(2),
            Op::LoadAttr(3),
        ];
        let q = quicken(&ops);
        assert_eq!(q.len(), ops.len() + 1);
        assert_eq!(q[7], Op::EndOfCode);
        assert_eq!(q[0], Op::LoadFastConstBinary(BinaryOperator::Sub, 0, 1));
        // The covered instructions are still there for jumps into them
        // (quickened in turn where they start a sequence).
        assert_eq!(q[1], Op::ConstBinary(BinaryOperator::Sub, 1));
        assert_eq!(q[2], Op::BinaryOp(BinaryOperator::Sub));
        assert_eq!(q[3], Op::CompareJumpIfFalse(Comparison::Lt, 7));
        assert_eq!(q[4], Op::PopJumpIfFalse(7));
        assert_eq!(q[5], Op::LoadFastAttr(2, 3));
        assert_eq!(q[6], Op::LoadAttr(3));
        let q = quicken(&[
            Op::LoadConst(0),
            Op::CompareOp(Comparison::Ge),
            Op::PopJumpIfFalse(3),
        ]);
        assert_eq!(q[0], Op::ConstCompareJumpIfFalse(Comparison::Ge, 0, 3));
        assert_eq!(q[1], Op::CompareJumpIfFalse(Comparison::Ge, 3));
    }

    #[test]
    fn a_local_compared_with_a_constant_is_one_instruction_when_its_numbers_fit() {
        let seq = |a, c| {
            quicken(&[
                Op::LoadFast(a),
                Op::LoadConst(c),
                Op::CompareOp(Comparison::Lt),
                Op::PopJumpIfFalse(4),
            ])[0]
        };
        assert_eq!(
            seq(1, 2),
            Op::FastConstCompareJumpIfFalse(Comparison::Lt, 1, 2, 4)
        );
        assert_eq!(seq(70000, 2), Op::LoadFastLoadConst(70000, 2));
        let q = quicken(&[
            Op::LoadFast(1),
            Op::LoadFast(2),
            Op::CompareOp(Comparison::Lt),
            Op::PopJumpIfFalse(4),
        ]);
        assert_eq!(
            q[0],
            Op::FastFastCompareJumpIfFalse(Comparison::Lt, 1, 2, 4)
        );
    }

    #[test]
    fn an_attribute_compared_with_a_constant_or_a_local_is_one_instruction() {
        let seq = |rhs| {
            quicken(&[
                Op::LoadFast(0),
                Op::LoadAttr(1),
                rhs,
                Op::CompareOp(Comparison::Ge),
                Op::PopJumpIfFalse(5),
            ])[0]
        };
        assert_eq!(
            seq(Op::LoadConst(2)),
            Op::FastAttrConstCompareJumpIfFalse(Comparison::Ge, 0, 1, 2, 5)
        );
        assert_eq!(
            seq(Op::LoadFast(3)),
            Op::FastAttrFastCompareJumpIfFalse(Comparison::Ge, 0, 1, 3, 5)
        );
        assert_eq!(seq(Op::LoadConst(1 << 20)), Op::LoadFastAttr(0, 1));
    }

    #[test]
    fn code_with_a_jump_past_its_end_runs_as_end_of_code_alone() {
        let q = quicken(&[Op::Jump(2)]);
        assert_eq!(&*q, &[Op::EndOfCode]);
        assert_eq!(&*quicken(&[]), &[Op::EndOfCode]);
    }
}
