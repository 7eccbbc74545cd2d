//! `_collections` (in progress).

use crate::vm::{Obj, PyResult, Vm};

/// Fill the `_collections` module.
pub fn init(_vm: &mut Vm, _module: &Obj) -> PyResult<()> {
    Ok(())
}
