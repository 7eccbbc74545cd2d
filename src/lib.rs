//! conc: a small Python-like language with a real GIL, generators and an
//! event loop, made to show what Python concurrency lessons describe.
//!
//! Layers, each using only those listed before it:
//! `diagnostics` → `syntax` → `bytecode` → `compile` → `vm` → `native` → `repl`, `cli`.
#![warn(missing_docs)]

pub mod diagnostics;
pub mod syntax;
pub mod bytecode;
pub mod compile;
pub mod interpreter;
pub mod cli;
pub mod repl;
pub mod golden;

pub use interpreter::{Config, InterruptHandle, Interpreter, RunError};
pub mod vm;
pub mod concurrency;
pub mod native;
