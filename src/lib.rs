//! conc: a small Python-like language with a real GIL, generators and an
//! event loop, made to show what Python concurrency lessons describe.
//!
//! Layers, each using only those listed before it:
//! `diagnostics` → `syntax` → `bytecode` → `compile` → `vm` → `native` → `repl`, `cli`.
#![warn(missing_docs)]

pub mod bytecode;
pub mod cli;
pub mod compile;
pub mod diagnostics;
pub mod explore;
pub mod golden;
pub mod interpreter;
pub mod repl;
pub mod syntax;

pub use interpreter::{Config, Interpreter, InterruptHandle, RunError};
pub mod concurrency;
pub mod native;
pub mod vm;
