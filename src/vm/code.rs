//! `CodeObj`: a [`Code`] in the form the loop runs: constants turned into
//! values and names pre-hashed, once, when the code is loaded.

use crate::vm::obj::GilRc;
use std::collections::HashMap;
use std::sync::Arc;

use num_bigint::BigInt;

use super::dict::HashKey;
use super::gil::GilCell;
use super::object::{Object, Str};
use super::value::Value;
use crate::bytecode::{Code, Const};

/// A loaded code object.
pub struct CodeObj {
    /// The compiled code.
    pub code: Arc<Code>,
    /// The instructions the loop runs: `code.ops` with superinstructions
    /// (`quicken.rs`).
    pub ops: Box<[crate::bytecode::Op]>,
    /// `code.consts` as values.
    pub consts: Vec<Value>,
    /// `code.names` as hashed string keys (globals, attributes, namespaces),
    /// interned: the same name is the same object everywhere, so dictionary
    /// lookups usually succeed on pointer equality.
    pub names: Vec<HashKey>,
    /// `LoadGlobal` inline caches, one per name (see `GlobalCache`).
    pub global_cache: GilCell<Vec<Option<GlobalCache>>>,
    /// Attribute and method inline caches, one per name.
    pub attr_caches: super::inline_cache::AttrCaches,
    /// What a call needs to know, one load away from the code object
    /// rather than three (`code.code.varnames.len()`...).
    pub shape: CallShape,
}

/// The facts about a code object that every call of it reads.
#[derive(Debug, Clone, Copy)]
pub struct CallShape {
    /// The number of positional arguments of a call that binds them slot by
    /// slot into a new frame: `argcount` for a plain function (no `*args`,
    /// `**kwargs` or keyword-only parameters, not a generator), else
    /// `u32::MAX`, which no call matches.
    pub exact_args: u32,
    /// Fast local slots (`varnames`).
    pub nlocals: u32,
    /// Does a frame need cells of its own (`cellvars`)?
    pub has_cellvars: bool,
    /// The value stack depth the code needs.
    pub stacksize: u32,
}

impl CallShape {
    fn of(code: &Code) -> CallShape {
        use crate::bytecode::CodeFlags;
        const SLOW: u32 = CodeFlags::VARARGS
            | CodeFlags::VARKEYWORDS
            | CodeFlags::GENERATOR
            | CodeFlags::COROUTINE
            | CodeFlags::ASYNC_GENERATOR;
        let plain = code.kwonlyargcount == 0 && code.flags.0 & SLOW == 0;
        CallShape {
            exact_args: if plain { code.argcount } else { u32::MAX },
            nlocals: code.varnames.len() as u32,
            has_cellvars: !code.cellvars.is_empty(),
            stacksize: code.stacksize,
        }
    }
}

/// A cached global lookup, for one globals dict.
///
/// The value found is valid while neither the globals nor the builtins
/// changed (their version numbers say so). A name found in the globals is
/// also remembered by its position there: while the entry at that position
/// still has the name as its key, its value is the global, however often
/// globals were rebound since (`counter += 1` in a loop).
#[derive(Clone)]
pub struct GlobalCache {
    /// Which globals dict (held, so its address cannot be reused by another).
    pub globals: super::value::Obj,
    /// Where the name is in the globals; `None` for a builtin.
    pub index: Option<u32>,
    /// The globals' version when cached.
    pub globals_version: u64,
    /// The builtins' version when cached.
    pub builtins_version: u64,
    /// The value found.
    pub value: Value,
}

/// Interns names for code objects (one `Str` object per distinct name).
#[derive(Default)]
pub struct Interner {
    table: parking_lot::Mutex<HashMap<Arc<str>, HashKey>>,
}

impl Interner {
    /// The interned key for `name`.
    pub fn key(&self, name: &Arc<str>) -> HashKey {
        let mut t = self.table.lock();
        if let Some(k) = t.get(name) {
            return k.clone();
        }
        let s = Str::new(name.to_string());
        let k = HashKey {
            hash: s.hash(),
            value: Value::from_obj(Object::Str(s)),
        };
        t.insert(name.clone(), k.clone());
        k
    }
}

impl CodeObj {
    /// Convert a compiled code object (and, recursively, the ones nested in it).
    pub fn load(code: Arc<Code>, interner: &Interner) -> GilRc<CodeObj> {
        let consts = code
            .consts
            .iter()
            .map(|c| const_value(c, interner))
            .collect();
        let names: Vec<HashKey> = code.names.iter().map(|n| interner.key(n)).collect();
        let global_cache = GilCell::new(vec![None; names.len()]);
        let attr_caches = super::inline_cache::AttrCaches::new(names.len());
        GilRc::new(CodeObj {
            shape: CallShape::of(&code),
            ops: super::quicken::quicken(&code.ops),
            code,
            consts,
            names,
            global_cache,
            attr_caches,
        })
    }

    /// The function name.
    pub fn name(&self) -> &str {
        &self.code.name
    }

    /// The file name shown in tracebacks.
    pub fn filename(&self) -> &str {
        &self.code.source.name
    }
}

fn const_value(c: &Const, interner: &Interner) -> Value {
    match c {
        Const::None => Value::None,
        Const::Bool(b) => Value::Bool(*b),
        Const::Int(i) => Value::Int(*i),
        Const::BigInt(digits) => match digits.parse::<BigInt>() {
            Ok(b) => Value::from_obj(Object::BigInt(b)),
            Err(_) => Value::Int(0),
        },
        Const::Float(f) => Value::Float(*f),
        Const::Str(s) => Value::str(s.to_string()),
        Const::Bytes(b) => Value::from_obj(Object::Bytes(b.to_vec().into_boxed_slice())),
        Const::Tuple(items) => Value::from_obj(Object::Tuple(
            items.iter().map(|c| const_value(c, interner)).collect(),
        )),
        Const::Code(inner) => Value::from_obj(Object::Code(CodeObj::load(inner.clone(), interner))),
        Const::Ellipsis => Value::from_obj(Object::Singleton("Ellipsis")),
    }
}
