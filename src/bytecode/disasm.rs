//! `conc dis`: a readable listing of a code object and the ones nested in it.

use std::fmt::Write;

use super::{Code, Const, Op};

/// Disassemble `code` and, after it, every nested code object.
pub fn disassemble(code: &Code) -> String {
    let mut out = String::new();
    disassemble_into(code, &mut out);
    out
}

fn disassemble_into(code: &Code, out: &mut String) {
    let _ = writeln!(
        out,
        "Disassembly of <code {}> (line {}):",
        code.qualname, code.firstlineno
    );
    let mut last_line = 0;
    for (pc, op) in code.ops.iter().enumerate() {
        let line = code.line_at(pc);
        let line_col = if line != last_line {
            format!("{line:>4}")
        } else {
            "    ".to_string()
        };
        last_line = line;
        let _ = writeln!(
            out,
            "{line_col} {pc:>5} {:<22}{}",
            op_name(op),
            describe(code, op)
        );
    }
    let _ = writeln!(out);
    for c in &code.consts {
        if let Const::Code(inner) = c {
            disassemble_into(inner, out);
        }
    }
}

fn op_name(op: &Op) -> String {
    let dbg = format!("{op:?}");
    dbg.split('(').next().unwrap_or(&dbg).to_string()
}

fn describe(code: &Code, op: &Op) -> String {
    let name = |i: u32| {
        code.names
            .get(i as usize)
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let var = |i: u32| {
        code.varnames
            .get(i as usize)
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    let cell = |i: u32| {
        let i = i as usize;
        code.cellvars
            .get(i)
            .or_else(|| code.freevars.get(i - code.cellvars.len().min(i)))
            .map(|s| s.to_string())
            .unwrap_or_default()
    };
    match *op {
        Op::LoadConst(i) => format!("{i} ({})", const_repr(code.consts.get(i as usize))),
        Op::LoadFast(i) | Op::StoreFast(i) | Op::DeleteFast(i) => format!("{i} ({})", var(i)),
        Op::LoadDeref(i) | Op::StoreDeref(i) | Op::DeleteDeref(i) | Op::LoadClosure(i) => {
            format!("{i} ({})", cell(i))
        }
        Op::LoadGlobal(i)
        | Op::StoreGlobal(i)
        | Op::DeleteGlobal(i)
        | Op::LoadName(i)
        | Op::StoreName(i)
        | Op::DeleteName(i)
        | Op::LoadAttr(i)
        | Op::StoreAttr(i)
        | Op::DeleteAttr(i)
        | Op::LoadMethod(i)
        | Op::ImportName(i)
        | Op::ImportFrom(i) => format!("{i} ({})", name(i)),
        Op::BinaryOp(b) | Op::InplaceOp(b) => format!("({})", b.symbol()),
        Op::CompareOp(c) => format!("({})", c.symbol()),
        _ => {
            if let Some(t) = op.jump_target() {
                format!("to {t}")
            } else {
                let dbg = format!("{op:?}");
                dbg.split_once('(')
                    .map(|(_, r)| r.trim_end_matches(')').to_string())
                    .unwrap_or_default()
            }
        }
    }
}

fn const_repr(c: Option<&Const>) -> String {
    match c {
        None => "?".into(),
        Some(Const::None) => "None".into(),
        Some(Const::Bool(b)) => {
            if *b {
                "True".into()
            } else {
                "False".into()
            }
        }
        Some(Const::Int(i)) => i.to_string(),
        Some(Const::BigInt(s)) => s.clone(),
        Some(Const::Float(f)) => format!("{f:?}"),
        Some(Const::Str(s)) => format!("{s:?}"),
        Some(Const::Bytes(b)) => format!("b{:?}", String::from_utf8_lossy(b)),
        Some(Const::Tuple(items)) => {
            let parts: Vec<String> = items.iter().map(|c| const_repr(Some(c))).collect();
            format!("({})", parts.join(", "))
        }
        Some(Const::Code(c)) => format!("<code {}>", c.qualname),
        Some(Const::Ellipsis) => "Ellipsis".into(),
    }
}
