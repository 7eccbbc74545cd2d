//! The table of native modules (`sys`, `time`, `math`, ...): each is created
//! on first import by its init function.

use crate::vm::Vm;

/// Register the native modules so `import` can find them.
pub fn register(vm: &mut Vm) {
    let _ = vm;
}
