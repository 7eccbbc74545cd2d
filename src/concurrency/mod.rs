//! Threads and the primitives they share, as native builtins: `spawn`,
//! `lock`, `queue`. Everything else (`threading`, `queue`,
//! `concurrent.futures`) is written in conc on top of them, in `std/`.
//!
//! Their state lives under the GIL; a thread that must wait calls
//! `Vm::block_on`, and a thread that makes progress possible calls
//! `Sched::notify`, both holding the GIL, so no wake-up is lost and seeded
//! runs stay deterministic.

pub mod lock;
pub mod observe;
pub mod queue;
pub mod thread;

use crate::vm::Vm;

/// Install the builtins `spawn`, `lock`, `queue` and the native modules `_thread`, `_queue`.
pub fn install(vm: &mut Vm) {
    lock::install(vm);
    queue::install(vm);
    thread::install(vm);
}

/// The address of an object: its identity as a wait target.
pub(crate) fn key_of(obj: &crate::vm::Obj) -> usize {
    std::sync::Arc::as_ptr(obj) as *const u8 as usize
}

/// A `timeout=` argument: None or negative means "wait forever".
pub(crate) fn timeout_arg(
    vm: &mut Vm,
    v: Option<&crate::vm::Value>,
) -> crate::vm::PyResult<Option<f64>> {
    match v {
        None | Some(crate::vm::Value::None) => Ok(None),
        Some(v) => {
            let t = crate::native::expect_f64(vm, v, "timeout")?;
            Ok(if t < 0.0 { None } else { Some(t) })
        }
    }
}
