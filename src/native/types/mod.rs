//! Methods and constructors of the built-in types, one file per type.

pub mod bytes;
pub mod descriptors;
pub mod dict;
pub mod exception;
pub mod float;
pub mod function;
pub mod int;
pub mod list;
pub mod object;
pub mod range;
pub mod set;
pub mod slice;
pub mod str;
mod support;
pub mod tuple;
pub mod type_;

use crate::vm::Vm;

/// Install every built-in type's methods and constructor.
pub fn install(vm: &mut Vm) {
    object::install(vm);
    type_::install(vm);
    int::install(vm);
    float::install(vm);
    list::install(vm);
    tuple::install(vm);
    dict::install(vm);
    set::install(vm);
    range::install(vm);
    slice::install(vm);
    function::install(vm);
    descriptors::install(vm);
    exception::install(vm);
    // Text last: it also installs `__format__` on int, float and bool.
    str::install(vm);
    bytes::install(vm);
    crate::native::format::install(vm);
}
