//! Bytecode: plain data shared by the compiler (which writes it) and the VM
//! (which runs it). No dependency on syntax or runtime values.

pub mod code;
pub mod disasm;
pub mod op;

pub use code::{Code, CodeFlags, Const};
pub use op::{BinaryOperator, Comparison, Op, UnaryOperator};
