//! A frame: one activation of a code object, with its locals, value stack
//! and block stack. Frames are boxed so a generator can keep its own
//! suspended, and recycled through a pool to keep calls cheap.

use crate::vm::obj::GilRc;

use super::code::CodeObj;
use super::value::{Obj, Value};

/// A handler block (see the scheme in `bytecode/op.rs`).
#[derive(Clone)]
pub enum Block {
    /// `SetupFinally`: on an exception, unwind the stack to `depth` and jump to `handler`.
    Handler {
        /// Where the handler starts.
        handler: u32,
        /// Value-stack depth when the block was entered.
        depth: u32,
    },
    /// Inside an `except`/`finally` handler: the exception handled before it, restored on exit.
    ExceptHandler {
        /// The previously handled exception.
        previous: Option<Value>,
    },
}

/// One activation record.
pub struct Frame {
    /// What runs.
    pub code: GilRc<CodeObj>,
    /// Next instruction.
    pub pc: usize,
    /// Fast locals (`None` = unbound).
    pub fast: Vec<Option<Value>>,
    /// The value stack.
    pub stack: Vec<Value>,
    /// Cells: `code.cellvars` then `code.freevars`.
    pub cells: Vec<Obj>,
    /// Active handler blocks, innermost last.
    pub blocks: Vec<Block>,
    /// The module namespace (an `Object::Dict`).
    pub globals: Obj,
    /// The local namespace of module and class-body code (an `Object::Dict`).
    pub namespace: Option<Obj>,
    /// The generator this frame belongs to, while it runs in its caller's
    /// loop (see `Vm::enter_generator`).
    pub generator: Option<Obj>,
}

impl Frame {
    /// The line being executed (for tracebacks).
    pub fn line(&self) -> u32 {
        self.code.code.line_at(self.pc.saturating_sub(1))
    }

    /// Reset for reuse from the pool (code and globals stay until replaced).
    #[inline(always)]
    pub fn clear(&mut self) {
        // Locals are unbound in place: a recursive call to the same function
        // then finds `fast` at the right length already.
        // Only objects need dropping; the checks skip the drop calls.
        for slot in self.fast.iter_mut() {
            if matches!(slot, Some(Value::Obj(_))) {
                *slot = None;
            } else {
                // Nothing to drop: no call to the destructor.
                std::mem::forget(slot.take());
            }
        }
        if !self.stack.is_empty() {
            self.stack.clear();
        }
        if !self.cells.is_empty() {
            self.cells.clear();
        }
        if !self.blocks.is_empty() {
            self.blocks.clear();
        }
        if self.namespace.is_some() {
            self.namespace = None;
        }
        if self.generator.is_some() {
            self.generator = None;
        }
        self.pc = 0;
    }
}

/// `frames.push(frame)`, inlined: every call and return pushes a frame onto
/// the call stack or the pool, and `Vec::push` is an out-of-line call.
#[inline(always)]
pub fn push_frame_box(frames: &mut Vec<Box<Frame>>, frame: Box<Frame>) {
    frames.reserve(1);
    let n = frames.len();
    // SAFETY: capacity for one more was reserved; the slot is written once.
    unsafe {
        frames.as_mut_ptr().add(n).write(frame);
        frames.set_len(n + 1);
    }
}
