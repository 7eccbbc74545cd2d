//! The `re` module (in progress).

use crate::vm::{Obj, PyResult, Vm};

/// Fill the `re` module.
pub fn init(_vm: &mut Vm, _module: &Obj) -> PyResult<()> {
    Ok(())
}
