//! Text machinery shared by `str`, `bytes` and the formatting code:
//! Python's character classes, codecs, substring search on byte slices,
//! and argument binding for the native methods.

pub mod chars;
pub mod codec;
pub mod search;
pub mod signature;

use crate::vm::{PyResult, Value, Vm};

/// The largest text or bytes result (in bytes) the text methods and the
/// formatters build: beyond it they raise MemoryError rather than let an
/// allocation abort the process (`'a' * 10**12`, `format(x, '9999999999')`).
pub const MAX_SIZE: u128 = 1 << 31;

/// MemoryError when a result of `size` bytes would exceed [`MAX_SIZE`].
pub fn check_size(vm: &mut Vm, size: u128) -> PyResult<()> {
    if size > MAX_SIZE {
        return Err(vm.new_error("MemoryError", ""));
    }
    Ok(())
}

/// NotImplemented when `other`'s class defines `reflected` itself (so the VM
/// calls it next), else the TypeError CPython raises.
pub fn defer_or_fail(vm: &mut Vm, other: &Value, reflected: &str, message: String) -> PyResult {
    let class = vm.class_of(other).clone();
    if vm.class_defines(&class, reflected) {
        return Ok(vm.rt.types.not_implemented.clone());
    }
    Err(vm.type_error(message))
}

#[cfg(test)]
pub(crate) mod testing;
