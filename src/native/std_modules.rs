//! The modules of `std/`, written in conc, compiled into the binary so a
//! `conc` executable needs no files beside it. Add a line per module.

use crate::vm::{EmbeddedModule, Vm};

macro_rules! std_module {
    ($name:literal, $file:literal, $package:literal) => {
        EmbeddedModule {
            name: $name,
            // A stable name (not the build machine's path), so tracebacks through
            // std modules read the same in every checkout.
            file: concat!("<std>/", $file),
            source: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/std/", $file)),
            is_package: $package,
        }
    };
}

/// Every embedded module.
const STD_MODULES: &[EmbeddedModule] = &[
    std_module!("atexit", "atexit.conc", false),
    std_module!("collections", "collections/__init__.conc", true),
    std_module!("collections.abc", "collections/abc.conc", false),
    std_module!("concurrent", "concurrent/__init__.conc", true),
    std_module!(
        "concurrent.futures",
        "concurrent/futures/__init__.conc",
        true
    ),
    std_module!("copy", "copy.conc", false),
    std_module!("functools", "functools.conc", false),
    std_module!("heapq", "heapq.conc", false),
    std_module!("itertools", "itertools.conc", false),
    std_module!("keyword", "keyword.conc", false),
    std_module!("operator", "operator.conc", false),
    std_module!("queue", "queue.conc", false),
    std_module!("string", "string.conc", false),
    std_module!("threading", "threading.conc", false),
];

/// Register the embedded modules with the importer.
pub fn register(vm: &mut Vm) {
    vm.rt
        .embedded_modules
        .borrow_mut(&vm.gil)
        .extend_from_slice(STD_MODULES);
}
