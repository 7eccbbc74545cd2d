//! Heap objects: one variant per built-in kind of object.
//!
//! Immutable kinds (str, tuple, big int, bytes, code, range) hold plain data.
//! Mutable kinds keep their state in a [`GilCell`]. Instances of user classes
//! are [`Instance`]s; instances of native classes (a regex pattern, a lock, a
//! deque) are `Instance`s too, with their Rust state in [`Payload::Native`], so
//! user classes can subclass them and everything has a `__class__`.

use crate::vm::obj::GilRc;
use std::any::Any;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use num_bigint::BigInt;

use super::code::CodeObj;
use super::dict::{Dict, SetData};
use super::frame::Frame;
use super::gil::GilCell;
use super::shape::Attrs;
use super::value::{Obj, Value};
use super::PyResult;
use super::Vm;

/// Every kind of heap object.
pub enum Object {
    /// `str`.
    Str(Str),
    /// `int` too large for an i64.
    BigInt(BigInt),
    /// `bytes`.
    Bytes(Box<[u8]>),
    /// `bytearray`.
    ByteArray(GilCell<Vec<u8>>),
    /// `tuple`.
    Tuple(Box<[Value]>),
    /// `list`.
    List(GilCell<Vec<Value>>),
    /// `dict`.
    Dict(GilCell<Dict>),
    /// `set`.
    Set(GilCell<SetData>),
    /// `frozenset`.
    FrozenSet(SetData),
    /// A function written in conc.
    Function(Function),
    /// A function written in Rust (builtins, methods of built-in types).
    Native(NativeFunction),
    /// A function or native method bound to its `self`.
    BoundMethod(BoundMethod),
    /// A class (user-defined or built-in).
    Class(Box<Class>),
    /// An instance of a user-defined or native class.
    Instance(Instance),
    /// A module.
    Module(Module),
    /// A compiled code object.
    Code(GilRc<CodeObj>),
    /// A closure cell.
    Cell(GilCell<Option<Value>>),
    /// A generator (or coroutine: `is_coroutine`).
    Generator(Generator),
    /// `range`.
    Range(Range),
    /// `slice`.
    Slice(Slice),
    /// An iterator over a built-in container.
    Iter(GilCell<IterState>),
    /// `property`.
    Property(Property),
    /// `staticmethod`.
    StaticMethod(Value),
    /// `classmethod`.
    ClassMethod(Value),
    /// `super(cls, obj)`.
    Super(Super),
    /// Singletons without state: `NotImplemented`, `Ellipsis`, the LoadMethod marker.
    Singleton(&'static str),
}

impl Object {
    /// A short internal name for debugging.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Object::Str(_) => "str",
            Object::BigInt(_) => "int",
            Object::Bytes(_) => "bytes",
            Object::ByteArray(_) => "bytearray",
            Object::Tuple(_) => "tuple",
            Object::List(_) => "list",
            Object::Dict(_) => "dict",
            Object::Set(_) => "set",
            Object::FrozenSet(_) => "frozenset",
            Object::Function(_) => "function",
            Object::Native(_) => "builtin_function_or_method",
            Object::BoundMethod(_) => "method",
            Object::Class(_) => "type",
            Object::Instance(_) => "instance",
            Object::Module(_) => "module",
            Object::Code(_) => "code",
            Object::Cell(_) => "cell",
            Object::Generator(_) => "generator",
            Object::Range(_) => "range",
            Object::Slice(_) => "slice",
            Object::Iter(_) => "iterator",
            Object::Property(_) => "property",
            Object::StaticMethod(_) => "staticmethod",
            Object::ClassMethod(_) => "classmethod",
            Object::Super(_) => "super",
            Object::Singleton(name) => name,
        }
    }
}

/// An immutable string with a lazily cached hash.
pub struct Str {
    text: Box<str>,
    /// Number of characters (code points); equal to the byte length for ASCII.
    char_len: usize,
    /// 0 until computed.
    hash: AtomicI64,
}

impl Str {
    /// Make a string.
    pub fn new(text: String) -> Str {
        let char_len = if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        Str {
            text: text.into_boxed_str(),
            char_len,
            hash: AtomicI64::new(0),
        }
    }

    /// Make a string whose length in characters is known (built from
    /// strings whose lengths are), skipping the count.
    pub fn with_char_len(text: String, char_len: usize) -> Str {
        debug_assert_eq!(char_len, text.chars().count());
        Str {
            text: text.into_boxed_str(),
            char_len,
            hash: AtomicI64::new(0),
        }
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in characters.
    #[inline]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Is every character ASCII (so byte index = character index)?
    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.char_len == self.text.len()
    }

    /// The hash (FNV-1a over the bytes, never 0 or -1), cached.
    pub fn hash(&self) -> i64 {
        let h = self.hash.load(Ordering::Relaxed);
        if h != 0 {
            return h;
        }
        let h = hash_str(&self.text);
        self.hash.store(h, Ordering::Relaxed);
        h
    }
}

/// The hash of a string's text (FNV-1a; never 0 or -1). `Str::hash` caches it.
pub fn hash_str(text: &str) -> i64 {
    let mut x: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        x ^= b as u64;
        x = x.wrapping_mul(0x100000001b3);
    }
    let h = (x >> 1) as i64;
    if h == 0 || h == -1 {
        2
    } else {
        h
    }
}

/// A function written in conc.
pub struct Function {
    /// The code.
    pub code: GilRc<CodeObj>,
    /// `code.shape.exact_args`, here so the call fast path reads it from
    /// the function object it has just loaded.
    pub exact_args: u32,
    /// The module namespace (an `Object::Dict`) its globals live in.
    pub globals: Obj,
    /// Defaults of the last positional parameters.
    pub defaults: Box<[Value]>,
    /// Defaults of keyword-only parameters (name, value).
    pub kwdefaults: Box<[(Arc<str>, Value)]>,
    /// Cells of the free variables, in `code.freevars` order.
    pub closure: Box<[Obj]>,
    /// `__name__`, `__qualname__`, `__doc__`, `__module__` and user
    /// attributes (`__wrapped__`...). Boxed, like everything rarely used,
    /// to keep `Object`, and so every string and list, small.
    pub attrs: Box<GilCell<FunctionAttrs>>,
}

/// The mutable attributes of a function.
pub struct FunctionAttrs {
    /// `__name__`.
    pub name: Arc<str>,
    /// `__qualname__`.
    pub qualname: Arc<str>,
    /// `__doc__`.
    pub doc: Value,
    /// `__dict__`, created on first use.
    pub dict: Option<Obj>,
}

/// The signature of a Rust function callable from conc.
///
/// Positional arguments come first in `args`; keyword arguments are in `kwargs`.
/// For a method, `args[0]` is `self`.
pub type NativeFn = fn(vm: &mut Vm, args: Args) -> PyResult;

/// Arguments of a native call.
#[derive(Default)]
pub struct Args {
    /// Positional arguments (`self` first for methods).
    pub pos: smallvec::SmallVec<[Value; 4]>,
    /// Keyword arguments, in call order.
    pub kw: Vec<(Arc<str>, Value)>,
}

impl Args {
    /// Only positional arguments.
    pub fn new(pos: impl IntoIterator<Item = Value>) -> Args {
        Args {
            pos: pos.into_iter().collect(),
            kw: Vec::new(),
        }
    }

    /// Number of positional arguments.
    pub fn len(&self) -> usize {
        self.pos.len()
    }

    /// No positional arguments?
    pub fn is_empty(&self) -> bool {
        self.pos.is_empty()
    }

    /// Take the keyword argument `name`, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Value> {
        let i = self.kw.iter().position(|(k, _)| &**k == name)?;
        Some(self.kw.remove(i).1)
    }
}

/// A native function or method.
pub struct NativeFunction {
    /// `__name__`.
    pub name: &'static str,
    /// The implementation.
    pub func: NativeFn,
    /// For a method of a built-in class: `self` is passed as `args[0]`, and
    /// looking it up on an instance binds it.
    pub is_method: bool,
    /// Bound data for closures made at run time (e.g. a module-level helper
    /// that needs its module): passed as `args[0]` when present.
    pub bound: Option<Value>,
    /// The qualified owner name for repr (`str` in `<method 'upper' of 'str' objects>`).
    pub owner: &'static str,
    /// Set on the few natives the loop runs itself (see [`FastNative`]).
    pub fast: Option<FastNative>,
}

/// Natives so common in loops that the interpreter runs them without
/// building `Args`, as CPython 3.11 specializes `len(x)` and
/// `list.append(x)`. Any other call of them takes the ordinary path.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FastNative {
    /// `len(x)`.
    Len,
    /// `list.append(x)` on an exact list.
    ListAppend,
    /// `gen.send(v)`: the generator's frame is entered in the caller's loop.
    GenSend,
    /// `s.lower()` of an ASCII str.
    StrLower,
    /// `d.get(k)` and `d.get(k, default)` on an exact dict.
    DictGet,
}

/// A method bound to its receiver.
pub struct BoundMethod {
    /// The receiver.
    pub receiver: Value,
    /// The function (conc or native).
    pub func: Value,
}

/// What native state instances of a class carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassKind {
    /// Plain objects: a `__dict__` and nothing else.
    Object,
    /// `BaseException` and subclasses: args, traceback, cause, context.
    Exception,
    /// A built-in type whose values are not `Instance`s (int, str, list...):
    /// calling the class runs its native constructor; subclasses store the
    /// built-in value in `Payload::Builtin`.
    Builtin,
}

/// A class.
pub struct Class {
    /// `__name__`.
    pub name: Arc<str>,
    /// `__qualname__`.
    pub qualname: Arc<str>,
    /// `__module__` (`builtins` for built-in types).
    pub module: Arc<str>,
    /// Direct bases.
    pub bases: Vec<Obj>,
    /// The method resolution order without the class itself (C3).
    pub mro: Vec<Obj>,
    /// The class namespace.
    pub dict: GilCell<Dict>,
    /// Instance layout.
    pub kind: ClassKind,
    /// Constructor of a built-in type (`int(x)`, `list(it)`): given the class and the arguments.
    pub native_new: std::sync::OnceLock<NativeFn>,
    /// Which attribute hooks a user class in the MRO defines (decided when the
    /// class is made, so plain attribute access never searches for them).
    pub hooks: AttrHooks,
    /// See `may_have_data_descriptors`; set again if one is added later.
    pub data_descriptors: std::sync::atomic::AtomicBool,
    /// The root of the shape tree of this class's instances (`shape.rs`).
    pub shapes: GilRc<super::shape::Shape>,
    /// Starts a new class epoch when the class dies.
    pub retire: RetireClass,
}

/// Starts a new class epoch when dropped with its class: inline caches
/// identify shapes by address, and a dead class's shapes free theirs.
pub struct RetireClass(pub std::sync::Weak<super::Runtime>);

impl Drop for RetireClass {
    fn drop(&mut self) {
        if let Some(rt) = self.0.upgrade() {
            rt.class_epoch
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// Attribute-access hooks defined by user code on a class or its bases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttrHooks {
    /// `__getattribute__`.
    pub getattribute: bool,
    /// `__setattr__`.
    pub setattr: bool,
    /// `__delattr__`.
    pub delattr: bool,
}

impl Class {
    /// May a class attribute shadow the instance dict (a property or other
    /// data descriptor somewhere in the MRO)? When not, attribute reads
    /// look in the instance dict first and skip the class walk.
    pub fn may_have_data_descriptors(&self) -> bool {
        self.data_descriptors
            .load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// An instance of a class.
pub struct Instance {
    /// `__class__`.
    pub class: Obj,
    /// The attributes (`__dict__`), laid out by shape until a dict is needed.
    pub attrs: GilCell<Attrs>,
    /// Native state.
    pub payload: Payload,
}

impl Instance {
    /// An instance of `class` without attributes.
    pub fn new(class: Obj, payload: Payload) -> Instance {
        Instance {
            class,
            attrs: GilCell::new(Attrs::default()),
            payload,
        }
    }

    /// An instance whose attributes live in `dict` (an `Object::Dict`).
    pub fn with_dict(class: Obj, dict: Obj, payload: Payload) -> Instance {
        Instance {
            class,
            attrs: GilCell::new(Attrs::with_dict(dict)),
            payload,
        }
    }
}

/// Native state of an instance.
pub enum Payload {
    /// Nothing beyond the dict.
    None,
    /// An exception's state.
    Exception(Box<GilCell<ExceptionData>>),
    /// The value of a subclass of a built-in type (`class MyList(list)`).
    Builtin(GilCell<Value>),
    /// State of a native class (lock, pattern, deque...), downcast by its methods.
    Native(Box<dyn Any + Send + Sync>),
}

/// What an exception carries besides its dict.
#[derive(Default)]
pub struct ExceptionData {
    /// `args`.
    pub args: Vec<Value>,
    /// Where it passed, innermost frame first: (code, line).
    pub traceback: Vec<TracebackEntry>,
    /// `__cause__` (`raise ... from`).
    pub cause: Option<Value>,
    /// `__context__` (raised while handling another).
    pub context: Option<Value>,
    /// `__suppress_context__`.
    pub suppress_context: bool,
}

/// One frame of a traceback.
#[derive(Clone)]
pub struct TracebackEntry {
    /// The code that was running.
    pub code: GilRc<CodeObj>,
    /// The line.
    pub line: u32,
}

/// A module.
pub struct Module {
    /// `__name__`.
    pub name: Arc<str>,
    /// The namespace (an `Object::Dict`), shared with its functions as their globals.
    pub dict: Obj,
}

/// Whether a generator can be resumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GenStatus {
    /// Created, not started.
    Created,
    /// Running right now (re-entry is a ValueError).
    Running,
    /// Paused at a yield.
    Suspended,
    /// Returned or raised.
    Closed,
}

/// A generator or coroutine.
pub struct Generator {
    /// The suspended frame (taken out while running, gone when closed).
    pub state: GilCell<GenState>,
    /// `__name__`.
    pub name: Arc<str>,
    /// `__qualname__`.
    pub qualname: Arc<str>,
    /// The code (for repr and `gi_code`).
    pub code: GilRc<CodeObj>,
    /// A coroutine (`async def`) rather than a generator.
    pub is_coroutine: bool,
}

/// The mutable part of a generator.
pub struct GenState {
    /// The frame, while suspended or not yet started.
    pub frame: Option<Box<Frame>>,
    /// Where it is in its life.
    pub status: GenStatus,
}

/// `range(start, stop, step)`.
#[derive(Clone, Copy)]
pub struct Range {
    /// Start.
    pub start: i64,
    /// Stop (exclusive).
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

impl Range {
    /// Number of items.
    pub fn len(&self) -> i64 {
        if self.step > 0 && self.start < self.stop {
            (self.stop - self.start - 1) / self.step + 1
        } else if self.step < 0 && self.start > self.stop {
            (self.start - self.stop - 1) / (-self.step) + 1
        } else {
            0
        }
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `slice(start, stop, step)`.
pub struct Slice {
    /// Start or None.
    pub start: Value,
    /// Stop or None.
    pub stop: Value,
    /// Step or None.
    pub step: Value,
}

/// `property(fget, fset, fdel, doc)`.
pub struct Property {
    /// Getter.
    pub fget: Value,
    /// Setter.
    pub fset: Value,
    /// Deleter.
    pub fdel: Value,
    /// Doc.
    pub doc: Value,
}

/// `super(cls, obj)`: attribute lookup starts after `cls` in `type(obj).__mro__`.
pub struct Super {
    /// The class whose successors are searched.
    pub class: Obj,
    /// The bound object (an instance, or a class for classmethods).
    pub obj: Value,
}

/// The state of an iterator over a built-in object (fields named for what they hold).
#[allow(missing_docs)]
pub enum IterState {
    /// Over a list (live: sees appends, as Python's does).
    List { list: Obj, index: usize },
    /// Over a tuple.
    Tuple { tuple: Obj, index: usize },
    /// Over a range.
    Range { next: i64, stop: i64, step: i64 },
    /// Over a string's characters (byte offset).
    Str { s: Obj, pos: usize },
    /// Over bytes (yields ints).
    Bytes { b: Obj, index: usize },
    /// Over a snapshot of keys/values/items (set iteration, views).
    Snapshot { items: Vec<Value>, index: usize },
    /// Over a dict's keys, live: a change of size is a RuntimeError, as in CPython.
    DictKeys { dict: Obj, index: usize, len: usize },
    /// `enumerate(it, start)`.
    Enumerate { it: Value, count: i64 },
    /// `zip(*its)`.
    Zip { its: Vec<Value> },
    /// `map(f, *its)`.
    Map { func: Value, its: Vec<Value> },
    /// `filter(f, it)`.
    Filter { func: Value, it: Value },
    /// `reversed(seq)` over a list or tuple by index.
    Reversed { seq: Value, index: usize },
    /// `iter(callable, sentinel)`.
    Callable { func: Value, sentinel: Value },
    /// A sequence with `__getitem__` but no `__iter__`.
    GetItem { seq: Value, index: i64 },
    /// Exhausted.
    Done,
}
