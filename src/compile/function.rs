//! Everything that makes a new code object: `def`, `lambda`, `class` and
//! comprehensions. Each compiles its body into a nested unit, then, back in
//! the enclosing code, builds the function with `MakeFunction` (defaults,
//! keyword defaults and the closure cells first).

use std::sync::Arc;

use crate::bytecode::{Code, CodeFlags, Const, Op};
use crate::diagnostics::Span;
use crate::syntax::ast::{Arguments, ClassDef, Comprehension, Expr, FunctionDef, Stmt};

use super::builder::CodeHeader;
use super::scope::{Binding, ComprehensionKind, ScopeId, ScopeKind};
use super::{docstring, Access, CompileResult, Compiler};

/// `MakeFunction` flag: a tuple of positional defaults is on the stack.
const HAS_DEFAULTS: u32 = 1;
/// `MakeFunction` flag: a dict of keyword-only defaults is on the stack.
const HAS_KW_DEFAULTS: u32 = 2;
/// `MakeFunction` flag: a tuple of closure cells is on the stack.
const HAS_CLOSURE: u32 = 4;

impl<'a> Compiler<'a> {
    /// `@d def f(...): body`: decorators, defaults, the function, then the
    /// decorators applied innermost first, then the binding of `f`.
    pub(super) fn compile_function_def(&mut self, f: &'a FunctionDef, span: Span) -> CompileResult {
        let scope = self.scope_id(self.symbols.function_scope(f), span)?;
        self.compile_exprs(&f.decorators)?;
        let flags = self.compile_defaults(&f.args)?;
        let firstlineno = self.first_line(span, &f.decorators);
        let mut header = self.function_header(&f.name, scope, &f.args, firstlineno);
        let body = match docstring(&f.body) {
            Some(doc) => {
                header.doc = Some(doc.into());
                &f.body[1..]
            }
            None => &f.body[..],
        };
        self.enter_unit(scope, header);
        self.compile_body(body)?;
        self.return_none_if_reachable();
        let code = self.exit_unit(span)?;
        self.make_function(code, flags, span)?;
        self.apply_decorators(&f.decorators);
        self.name_op(&f.name, Access::Store);
        Ok(())
    }

    pub(super) fn compile_lambda(
        &mut self,
        e: &'a Expr,
        args: &'a Arguments,
        body: &'a Expr,
    ) -> CompileResult {
        let scope = self.scope_id(self.symbols.expr_scope(e), e.span)?;
        let flags = self.compile_defaults(args)?;
        let header = self.function_header("<lambda>", scope, args, self.line_of(e.span));
        self.enter_unit(scope, header);
        self.compile_expr(body)?;
        if self.scope().is_generator {
            // A generator lambda's value is what it yields; it returns None.
            self.emit(Op::Pop);
            self.load_const(Const::None);
        }
        self.emit(Op::ReturnValue);
        let code = self.exit_unit(e.span)?;
        self.make_function(code, flags, e.span)
    }

    /// `class C(bases, kw=v): body` is `__build_class__(<body function>, "C", bases, kw=v)`.
    pub(super) fn compile_class_def(&mut self, c: &'a ClassDef, span: Span) -> CompileResult {
        let scope = self.scope_id(self.symbols.class_scope(c), span)?;
        self.compile_exprs(&c.decorators)?;
        self.emit(Op::LoadBuildClass);
        let header = CodeHeader {
            name: c.name.as_str().into(),
            qualname: self.qualname(&c.name, true).into(),
            flags: CodeFlags(CodeFlags::CLASS_BODY | CodeFlags::NAMESPACE),
            firstlineno: self.first_line(span, &c.decorators),
            ..CodeHeader::default()
        };
        self.enter_unit(scope, header);
        self.compile_class_body(&c.body)?;
        let code = self.exit_unit(span)?;
        self.make_function(code, 0, span)?;
        self.load_str(&c.name);
        self.compile_call_args(&c.bases, &c.keywords, 2)?;
        self.apply_decorators(&c.decorators);
        self.name_op(&c.name, Access::Store);
        Ok(())
    }

    /// The class body sets `__module__`, `__qualname__` (and `__doc__`),
    /// runs, and hands its `__class__` cell to `__build_class__` through
    /// `__classcell__` when a method needs it.
    fn compile_class_body(&mut self, body: &'a [Stmt]) -> CompileResult {
        let name_index = self.unit.code.name_index("__name__");
        self.emit(Op::LoadName(name_index));
        let module_index = self.unit.code.name_index("__module__");
        self.emit(Op::StoreName(module_index));
        let qualname = self.unit.code.header.qualname.clone();
        self.load_const(Const::Str(qualname));
        let qualname_index = self.unit.code.name_index("__qualname__");
        self.emit(Op::StoreName(qualname_index));
        let body = self.store_docstring(body);
        self.compile_body(body)?;
        if self.scope().needs_class_cell {
            let Some(cell) = self.unit.code.cell_index("__class__") else {
                return Err(
                    self.internal_error(Span::default(), "class body without its __class__ cell")
                );
            };
            self.emit(Op::LoadClosure(cell));
            let i = self.unit.code.name_index("__classcell__");
            self.emit(Op::StoreName(i));
        }
        self.load_const(Const::None);
        self.emit(Op::ReturnValue);
        Ok(())
    }

    /// `[elt for x in it if c ...]` is a call of a nested function on
    /// `iter(it)`; the function loops and appends (or yields, for a
    /// generator expression).
    pub(super) fn compile_comprehension(
        &mut self,
        e: &'a Expr,
        kind: ComprehensionKind,
        generators: &'a [Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> CompileResult {
        let Some(first) = generators.first() else {
            return Err(self.error(e.span, "comprehension without 'for'"));
        };
        if generators.iter().any(|g| g.is_async) {
            return Err(self.error(e.span, "asynchronous comprehensions are not supported"));
        }
        let scope = self.scope_id(self.symbols.expr_scope(e), e.span)?;
        let generator = kind == ComprehensionKind::Generator;
        let header = CodeHeader {
            name: kind.code_name().into(),
            qualname: self.qualname(kind.code_name(), false).into(),
            argcount: 1,
            flags: CodeFlags(if generator { CodeFlags::GENERATOR } else { 0 }),
            firstlineno: self.line_of(e.span),
            ..CodeHeader::default()
        };
        self.enter_unit(scope, header);
        match kind {
            ComprehensionKind::List => self.emit(Op::BuildList(0)),
            ComprehensionKind::Set => self.emit(Op::BuildSet(0)),
            ComprehensionKind::Dict => self.emit(Op::BuildMap(0)),
            ComprehensionKind::Generator => {}
        }
        self.compile_comprehension_loop(kind, generators, 0, elt, value)?;
        if generator {
            self.load_const(Const::None);
        }
        self.emit(Op::ReturnValue);
        let code = self.exit_unit(e.span)?;
        self.make_function(code, 0, e.span)?;
        self.compile_expr(&first.iter)?;
        self.emit(Op::GetIter);
        self.emit(Op::Call(1));
        Ok(())
    }

    /// The loop of generator clause `index`, with the later clauses (and
    /// finally the element) nested inside it.
    fn compile_comprehension_loop(
        &mut self,
        kind: ComprehensionKind,
        generators: &'a [Comprehension],
        index: usize,
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> CompileResult {
        let g = &generators[index];
        let start = self.new_label();
        let skip = self.new_label();
        let exhausted = self.new_label();
        if index == 0 {
            // The first iterator is the argument `.0`.
            let i = self.unit.code.varname_index(".0");
            self.emit(Op::LoadFast(i));
        } else {
            self.compile_expr(&g.iter)?;
            self.emit(Op::GetIter);
        }
        self.bind(start);
        self.emit_jump(Op::ForIter, exhausted);
        self.compile_store(&g.target)?;
        for condition in &g.ifs {
            self.compile_jump_if(condition, skip, false)?;
        }
        if index + 1 < generators.len() {
            self.compile_comprehension_loop(kind, generators, index + 1, elt, value)?;
        } else {
            self.compile_comprehension_element(kind, generators.len() as u32 + 1, elt, value)?;
        }
        self.bind(skip);
        self.emit_jump(Op::Jump, start);
        self.bind(exhausted);
        Ok(())
    }

    /// Add the element to the result, which is `depth` items down the stack
    /// (under one iterator per clause), or yield it.
    fn compile_comprehension_element(
        &mut self,
        kind: ComprehensionKind,
        depth: u32,
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> CompileResult {
        self.compile_expr(elt)?;
        match (kind, value) {
            (ComprehensionKind::List, _) => self.emit(Op::ListAppend(depth)),
            (ComprehensionKind::Set, _) => self.emit(Op::SetAdd(depth)),
            (ComprehensionKind::Dict, Some(value)) => {
                self.compile_expr(value)?;
                self.emit(Op::MapAdd(depth));
            }
            (ComprehensionKind::Dict, None) => {
                return Err(self.internal_error(elt.span, "dict comprehension without a value"))
            }
            (ComprehensionKind::Generator, _) => {
                self.emit(Op::YieldValue);
                self.emit(Op::Pop);
            }
        }
        Ok(())
    }

    fn scope_id(&self, id: Option<ScopeId>, span: Span) -> CompileResult<ScopeId> {
        id.ok_or_else(|| self.internal_error(span, "no symbol table entry"))
    }

    /// The line a definition starts on: CPython uses its first decorator's.
    fn first_line(&self, span: Span, decorators: &[Expr]) -> u32 {
        self.line_of(decorators.first().map_or(span, |d| d.span))
    }

    fn function_header(
        &self,
        name: &str,
        scope: ScopeId,
        args: &Arguments,
        firstlineno: u32,
    ) -> CodeHeader {
        let s = self.symbols.scope(scope);
        let mut flags = 0;
        if args.vararg.is_some() {
            flags |= CodeFlags::VARARGS;
        }
        if args.kwarg.is_some() {
            flags |= CodeFlags::VARKEYWORDS;
        }
        flags |= match (s.is_async, s.is_generator) {
            (false, false) => 0,
            (false, true) => CodeFlags::GENERATOR,
            (true, false) => CodeFlags::COROUTINE,
            (true, true) => CodeFlags::ASYNC_GENERATOR,
        };
        let is_def = s.kind == ScopeKind::Function;
        CodeHeader {
            name: name.into(),
            qualname: self.qualname(name, is_def).into(),
            argcount: (args.posonlyargs.len() + args.args.len()) as u32,
            posonlyargcount: args.posonlyargs.len() as u32,
            kwonlyargcount: args.kwonlyargs.len() as u32,
            flags: CodeFlags(flags),
            firstlineno,
            doc: None,
        }
    }

    /// CPython's qualified name of a code object defined in the current unit:
    /// `f.<locals>.g` inside a function, `C.m` inside a class, the bare
    /// name at module level or for a `def`/`class` declared `global`.
    fn qualname(&self, name: &str, is_def_or_class: bool) -> String {
        let parent = self.scope();
        if parent.kind == ScopeKind::Module {
            return name.to_string();
        }
        if is_def_or_class && parent.binding(&self.mangled(name)) == Binding::GlobalExplicit {
            return name.to_string();
        }
        let base = &self.unit.code.header.qualname;
        match parent.kind {
            ScopeKind::Function | ScopeKind::Lambda => format!("{base}.<locals>.{name}"),
            _ => format!("{base}.{name}"),
        }
    }

    /// Push the positional defaults tuple and the keyword-only defaults dict;
    /// returns the matching `MakeFunction` flags.
    fn compile_defaults(&mut self, args: &'a Arguments) -> CompileResult<u32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            let folded: Option<Vec<Const>> =
                args.defaults.iter().map(|d| self.const_value(d)).collect();
            match folded {
                Some(values) => self.load_const(Const::Tuple(values.into())),
                None => {
                    self.compile_exprs(&args.defaults)?;
                    self.emit(Op::BuildTuple(args.defaults.len() as u32));
                }
            }
            flags |= HAS_DEFAULTS;
        }
        let mut count = 0;
        for (arg, default) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            let Some(default) = default else { continue };
            let name = self.mangled(&arg.name).into_owned();
            self.load_str(&name);
            self.compile_expr(default)?;
            count += 1;
        }
        if count > 0 {
            self.emit(Op::BuildMap(count));
            flags |= HAS_KW_DEFAULTS;
        }
        Ok(flags)
    }

    /// Build a function from `code`: its closure is this unit's cells (or
    /// free variables) of the same names.
    fn make_function(&mut self, code: Code, mut flags: u32, span: Span) -> CompileResult {
        if !code.freevars.is_empty() {
            for name in &code.freevars {
                let Some(cell) = self.unit.code.cell_index(name) else {
                    return Err(
                        self.internal_error(span, &format!("no cell for free variable '{name}'"))
                    );
                };
                self.emit(Op::LoadClosure(cell));
            }
            self.emit(Op::BuildTuple(code.freevars.len() as u32));
            flags |= HAS_CLOSURE;
        }
        self.load_const(Const::Code(Arc::new(code)));
        self.emit(Op::MakeFunction(flags));
        Ok(())
    }

    /// The decorators were pushed outermost first, so calling them in turn
    /// applies the innermost first.
    fn apply_decorators(&mut self, decorators: &[Expr]) {
        for _ in decorators {
            self.emit(Op::Call(1));
        }
    }
}
