//! Methods and constructors of the built-in types, one file per type.

use crate::vm::Vm;

/// Install every built-in type's methods and constructor.
pub fn install(vm: &mut Vm) {
    let _ = vm;
}
