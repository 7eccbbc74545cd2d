//! The built-in classes of one interpreter: `object`, `type`, `int`, `str`,
//! ..., and the exception hierarchy. They are created empty here; their
//! methods are installed by `native/` (the VM never names native code).

use std::collections::HashMap;
use std::sync::Arc;

use super::dict::Dict;
use super::gil::GilCell;
use super::object::{Class, ClassKind, Object};
use super::value::{Obj, Value};

/// Handles to the built-in classes.
pub struct Types {
    /// `object`.
    pub object: Obj,
    /// `type`.
    pub type_: Obj,
    /// `NoneType`.
    pub none: Obj,
    /// `bool`.
    pub bool_: Obj,
    /// `int`.
    pub int: Obj,
    /// `float`.
    pub float: Obj,
    /// `str`.
    pub str_: Obj,
    /// `bytes`.
    pub bytes: Obj,
    /// `bytearray`.
    pub bytearray: Obj,
    /// `tuple`.
    pub tuple: Obj,
    /// `list`.
    pub list: Obj,
    /// `dict`.
    pub dict: Obj,
    /// `set`.
    pub set: Obj,
    /// `frozenset`.
    pub frozenset: Obj,
    /// `function`.
    pub function: Obj,
    /// `builtin_function_or_method`.
    pub builtin_function: Obj,
    /// `method`.
    pub method: Obj,
    /// `module`.
    pub module: Obj,
    /// `code`.
    pub code: Obj,
    /// `cell`.
    pub cell: Obj,
    /// `generator`.
    pub generator: Obj,
    /// `coroutine`.
    pub coroutine: Obj,
    /// `range`.
    pub range: Obj,
    /// `slice`.
    pub slice: Obj,
    /// The generic iterator class (over a sequence with `__getitem__`).
    pub iterator: Obj,
    /// One class per kind of built-in iterator, indexed by `iterator_kind`.
    pub iterator_kinds: Vec<Obj>,
    /// `property`.
    pub property: Obj,
    /// `staticmethod`.
    pub staticmethod: Obj,
    /// `classmethod`.
    pub classmethod: Obj,
    /// `super`.
    pub super_: Obj,
    /// `traceback` (what `exc.__traceback__` is).
    pub traceback: Obj,
    /// `NotImplementedType`.
    pub not_implemented_type: Obj,
    /// `ellipsis`.
    pub ellipsis_type: Obj,
    /// The exception classes by name.
    pub exceptions: HashMap<&'static str, Obj>,
    /// `NotImplemented`.
    pub not_implemented: Value,
    /// `Ellipsis`.
    pub ellipsis: Value,
    /// The marker `LoadMethod` pushes when it found a plain attribute.
    pub null_marker: Value,
}

/// The exception hierarchy: (name, base). Order matters: bases first.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("SystemExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("Exception", "BaseException"),
    ("StopIteration", "Exception"),
    ("StopAsyncIteration", "Exception"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("Warning", "Exception"),
    ("DeprecationWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("UserWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("BytesWarning", "Warning"),
    ("ResourceWarning", "Warning"),
];

/// Names of the built-in iterator classes, in `iterator_kind` order.
pub const ITERATOR_KINDS: [&str; 14] = [
    "list_iterator",
    "tuple_iterator",
    "range_iterator",
    "str_ascii_iterator",
    "bytes_iterator",
    "set_iterator",
    "dict_keyiterator",
    "enumerate",
    "zip",
    "map",
    "filter",
    "list_reverseiterator",
    "callable_iterator",
    "iterator",
];

/// Which of `ITERATOR_KINDS` an iterator state is.
pub fn iterator_kind(state: &super::object::IterState) -> usize {
    use super::object::IterState::*;
    match state {
        List { .. } => 0,
        Tuple { .. } => 1,
        Range { .. } => 2,
        Str { .. } => 3,
        Bytes { .. } => 4,
        Snapshot { .. } => 5,
        DictKeys { .. } => 6,
        Enumerate { .. } => 7,
        Zip { .. } => 8,
        Map { .. } => 9,
        Filter { .. } => 10,
        Reversed { .. } => 11,
        Callable { .. } => 12,
        GetItem { .. } | Done => 13,
    }
}

/// Make a class object. `mro` is computed for single inheritance chains;
/// user classes with several bases get C3 from `vm::class`.
pub fn new_class(name: &str, module: &str, bases: Vec<Obj>, kind: ClassKind) -> Obj {
    let mut mro = Vec::new();
    if let Some(first) = bases.first() {
        mro.push(first.clone());
        if let Object::Class(c) = &**first {
            mro.extend(c.mro.iter().cloned());
        }
    }
    Obj::new(Object::Class(Box::new(Class {
        name: Arc::from(name),
        qualname: Arc::from(name),
        module: Arc::from(module),
        bases,
        mro,
        dict: GilCell::new(Dict::new()),
        kind,
        native_new: std::sync::OnceLock::new(),
        hooks: Default::default(),
        // Built-in classes: conservative (their instances have no dict anyway).
        data_descriptors: std::sync::atomic::AtomicBool::new(true),
        // Built-in classes live as long as the runtime.
        shapes: crate::vm::obj::GilRc::new(super::shape::Shape::root()),
        retire: super::object::RetireClass(std::sync::Weak::new()),
    })))
}

impl Types {
    /// Create the built-in classes (without methods).
    pub fn new() -> Types {
        let object = new_class("object", "builtins", vec![], ClassKind::Object);
        let builtin =
            |name: &str| new_class(name, "builtins", vec![object.clone()], ClassKind::Builtin);
        let int = builtin("int");
        let bool_ = new_class("bool", "builtins", vec![int.clone()], ClassKind::Builtin);
        let mut exceptions: HashMap<&'static str, Obj> = HashMap::new();
        for (name, base) in EXCEPTIONS {
            let base = if base.is_empty() {
                object.clone()
            } else {
                exceptions[*base].clone()
            };
            exceptions.insert(
                *name,
                new_class(name, "builtins", vec![base], ClassKind::Exception),
            );
        }
        let iterator = builtin("iterator");
        // The kinds of built-in iterators share `iterator`'s methods.
        let iterator_kinds = ITERATOR_KINDS
            .iter()
            .map(|n| new_class(n, "builtins", vec![iterator.clone()], ClassKind::Builtin))
            .collect();
        let not_implemented_type = builtin("NotImplementedType");
        let ellipsis_type = builtin("ellipsis");
        Types {
            type_: builtin("type"),
            none: builtin("NoneType"),
            bool_,
            int,
            float: builtin("float"),
            str_: builtin("str"),
            bytes: builtin("bytes"),
            bytearray: builtin("bytearray"),
            tuple: builtin("tuple"),
            list: builtin("list"),
            dict: builtin("dict"),
            set: builtin("set"),
            frozenset: builtin("frozenset"),
            function: builtin("function"),
            builtin_function: builtin("builtin_function_or_method"),
            method: builtin("method"),
            module: builtin("module"),
            code: builtin("code"),
            cell: builtin("cell"),
            generator: builtin("generator"),
            coroutine: builtin("coroutine"),
            range: builtin("range"),
            slice: builtin("slice"),
            iterator,
            iterator_kinds,
            property: builtin("property"),
            staticmethod: builtin("staticmethod"),
            classmethod: builtin("classmethod"),
            super_: builtin("super"),
            traceback: new_class(
                "traceback",
                "builtins",
                vec![object.clone()],
                ClassKind::Object,
            ),
            not_implemented_type,
            ellipsis_type,
            exceptions,
            not_implemented: Value::from_obj(Object::Singleton("NotImplemented")),
            ellipsis: Value::from_obj(Object::Singleton("Ellipsis")),
            null_marker: Value::from_obj(Object::Singleton("<null>")),
            object,
        }
    }

    /// An exception class by name (panics only on a typo in conc's own source).
    pub fn exc(&self, name: &str) -> &Obj {
        self.exceptions
            .get(name)
            .unwrap_or_else(|| panic!("no built-in exception {name}"))
    }

    /// Every built-in class with its name, for the `builtins` module.
    pub fn all(&self) -> Vec<(&str, &Obj)> {
        let mut v: Vec<(&str, &Obj)> = vec![
            ("object", &self.object),
            ("type", &self.type_),
            ("bool", &self.bool_),
            ("int", &self.int),
            ("float", &self.float),
            ("str", &self.str_),
            ("bytes", &self.bytes),
            ("bytearray", &self.bytearray),
            ("tuple", &self.tuple),
            ("list", &self.list),
            ("dict", &self.dict),
            ("set", &self.set),
            ("frozenset", &self.frozenset),
            ("range", &self.range),
            ("slice", &self.slice),
            ("property", &self.property),
            ("staticmethod", &self.staticmethod),
            ("classmethod", &self.classmethod),
            ("super", &self.super_),
        ];
        v.extend(self.exceptions.iter().map(|(k, c)| (*k, c)));
        v
    }
}

impl Default for Types {
    fn default() -> Self {
        Types::new()
    }
}
