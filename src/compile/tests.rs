//! Compiler tests: small programs compiled and checked on their disassembly.

use std::sync::Arc;

use super::{compile_module, Mode};
use crate::bytecode::disasm::disassemble;
use crate::bytecode::{Code, CodeFlags, Const, Op};
use crate::diagnostics::{SourceFile, Span};
use crate::syntax::ast::*;

/// Hand-built ASTs, for tests that do not depend on the parser.
mod build {
    use super::*;

    pub fn e(kind: ExprKind) -> Expr {
        Expr {
            kind,
            span: Span::default(),
        }
    }
    pub fn s(kind: StmtKind) -> Stmt {
        Stmt {
            kind,
            span: Span::default(),
        }
    }
    pub fn name(n: &str) -> Expr {
        e(ExprKind::Name(n.into()))
    }
    pub fn int(i: i64) -> Expr {
        e(ExprKind::Constant(Constant::Int(i.to_string())))
    }
    pub fn string(v: &str) -> Expr {
        e(ExprKind::Constant(Constant::Str(v.into())))
    }
    pub fn attr(value: Expr, a: &str) -> Expr {
        e(ExprKind::Attribute {
            value: Box::new(value),
            attr: a.into(),
        })
    }
    pub fn call(func: Expr, args: Vec<Expr>) -> Expr {
        e(ExprKind::Call {
            func: Box::new(func),
            args,
            keywords: vec![],
        })
    }
    pub fn tuple(items: Vec<Expr>) -> Expr {
        e(ExprKind::Tuple(items))
    }
    pub fn add(left: Expr, right: Expr) -> Expr {
        e(ExprKind::BinOp {
            left: Box::new(left),
            op: BinOp::Add,
            right: Box::new(right),
        })
    }
    pub fn expr(x: Expr) -> Stmt {
        s(StmtKind::Expr(x))
    }
    pub fn assign(target: Expr, value: Expr) -> Stmt {
        s(StmtKind::Assign {
            targets: vec![target],
            value,
        })
    }
    pub fn ret(value: Expr) -> Stmt {
        s(StmtKind::Return(Some(value)))
    }
    pub fn arg(n: &str) -> Arg {
        Arg {
            name: n.into(),
            annotation: None,
            span: Span::default(),
        }
    }
    pub fn def(n: &str, params: &[&str], body: Vec<Stmt>) -> Stmt {
        let args = Arguments {
            args: params.iter().map(|p| arg(p)).collect(),
            ..Arguments::default()
        };
        s(StmtKind::FunctionDef(Box::new(FunctionDef {
            name: n.into(),
            args,
            body,
            decorators: vec![],
            is_async: false,
            returns: None,
            name_span: Span::default(),
        })))
    }
    pub fn class(n: &str, body: Vec<Stmt>) -> Stmt {
        s(StmtKind::ClassDef(Box::new(ClassDef {
            name: n.into(),
            bases: vec![],
            keywords: vec![],
            body,
            decorators: vec![],
        })))
    }
}

use build::*;

fn compile_ast(body: Vec<Stmt>) -> Arc<Code> {
    let source = SourceFile::new("<test>", "");
    match compile_module(&Module { body }, &source, Mode::Exec) {
        Ok(code) => code,
        Err(e) => panic!("compile error: {e}"),
    }
}

fn compile_ast_err(body: Vec<Stmt>) -> String {
    let source = SourceFile::new("<test>", "");
    match compile_module(&Module { body }, &source, Mode::Exec) {
        Ok(code) => panic!("expected an error, got\n{}", disassemble(&code)),
        Err(e) => e.message,
    }
}

/// The nested code object named `qualname`.
fn find<'c>(code: &'c Code, qualname: &str) -> Option<&'c Code> {
    if &*code.qualname == qualname {
        return Some(code);
    }
    code.consts.iter().find_map(|c| match c {
        Const::Code(inner) => find(inner, qualname),
        _ => None,
    })
}

/// Op names only (the disassembly without lines and operands), to assert on shapes.
fn shape(code: &Code) -> Vec<String> {
    code.ops.iter().map(|op| format!("{op:?}")).collect()
}

#[test]
fn ast_closure_and_cells() {
    // def outer(a):
    //     def inner(): return a + b
    //     b = 1
    //     return inner
    let code = compile_ast(vec![def(
        "outer",
        &["a"],
        vec![
            def("inner", &[], vec![ret(add(name("a"), name("b")))]),
            assign(name("b"), int(1)),
            ret(name("inner")),
        ],
    )]);
    let text = disassemble(&code);
    let outer = find(&code, "outer").expect(&text);
    let inner = find(&code, "outer.<locals>.inner").expect(&text);
    assert_eq!(outer.cellvars.len(), 2, "{text}");
    assert_eq!(outer.cell_args, vec![(0, 0)], "{text}");
    assert_eq!(&*inner.freevars[0], "a");
    assert!(shape(inner).contains(&"LoadDeref(0)".to_string()), "{text}");
    assert!(
        shape(outer).contains(&"MakeFunction(4)".to_string()),
        "{text}"
    );
}

#[test]
fn ast_class_with_super_gets_class_cell() {
    let code = compile_ast(vec![class(
        "C",
        vec![def(
            "m",
            &["self"],
            vec![ret(call(attr(call(name("super"), vec![]), "m"), vec![]))],
        )],
    )]);
    let text = disassemble(&code);
    let body = find(&code, "C").expect(&text);
    let m = find(&code, "C.m").expect(&text);
    assert_eq!(
        body.cellvars.iter().map(|s| &**s).collect::<Vec<_>>(),
        ["__class__"],
        "{text}"
    );
    assert_eq!(
        m.freevars.iter().map(|s| &**s).collect::<Vec<_>>(),
        ["__class__"],
        "{text}"
    );
    assert!(text.contains("__classcell__"), "{text}");
    assert!(body.flags.has(CodeFlags::CLASS_BODY));
    let ops = shape(&code);
    assert_eq!(ops[0], "LoadBuildClass");
    assert_eq!(
        ops.iter().filter(|o| o.starts_with("Call(2)")).count(),
        1,
        "{text}"
    );
}

#[test]
fn ast_return_outside_function() {
    assert_eq!(
        compile_ast_err(vec![ret(int(1))]),
        "'return' outside function"
    );
}

#[test]
fn ast_tuple_folds_to_constant() {
    let code = compile_ast(vec![assign(name("t"), tuple(vec![int(1), string("a")]))]);
    assert!(matches!(code.ops[0], Op::LoadConst(_)));
    assert!(matches!(code.consts[0], Const::Tuple(_)));
}
