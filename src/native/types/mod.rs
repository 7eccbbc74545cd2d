//! Methods and constructors of the built-in types, one file per type.

pub mod bytes;
pub mod str;

use crate::vm::Vm;

/// Install every built-in type's methods and constructor.
pub fn install(vm: &mut Vm) {
    str::install(vm);
    bytes::install(vm);
    crate::native::format::install(vm);
}
