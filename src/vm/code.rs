//! `CodeObj`: a [`Code`] in the form the loop runs: constants turned into
//! values and names pre-hashed, once, when the code is loaded.

use std::sync::Arc;

use num_bigint::BigInt;

use super::dict::HashKey;
use super::object::{Object, Str};
use super::value::Value;
use crate::bytecode::{Code, Const};

/// A loaded code object.
pub struct CodeObj {
    /// The compiled code.
    pub code: Arc<Code>,
    /// `code.consts` as values.
    pub consts: Vec<Value>,
    /// `code.names` as hashed string keys (globals, attributes, namespaces).
    pub names: Vec<HashKey>,
}

impl CodeObj {
    /// Convert a compiled code object (and, recursively, the ones nested in it).
    pub fn load(code: Arc<Code>) -> Arc<CodeObj> {
        let consts = code.consts.iter().map(const_value).collect();
        let names = code
            .names
            .iter()
            .map(|n| {
                let s = Str::new(n.to_string());
                HashKey { hash: s.hash(), value: Value::from_obj(Object::Str(s)) }
            })
            .collect();
        Arc::new(CodeObj { code, consts, names })
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

fn const_value(c: &Const) -> Value {
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
        Const::Tuple(items) => {
            Value::from_obj(Object::Tuple(items.iter().map(const_value).collect()))
        }
        Const::Code(inner) => Value::from_obj(Object::Code(CodeObj::load(inner.clone()))),
        Const::Ellipsis => Value::from_obj(Object::Singleton("Ellipsis")),
    }
}
