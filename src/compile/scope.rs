//! Symbol tables: where every name of every scope lives.
//!
//! A pre-pass over the whole module, as CPython's `Python/symtable.c`.
//! First each scope (module, class body, function, lambda, comprehension)
//! records how it uses each name: assigned, a parameter, read, declared
//! `global`/`nonlocal`. Then [`analyze`] walks the tree of scopes once,
//! top-down with the names bound by the enclosing functions, and decides a
//! [`Binding`] for every name: a fast local, a cell (a local captured by an
//! inner function), a free variable (captured from outside), or a global.
//! Along the way it marks generators and the `__class__` cell a class body
//! needs when one of its methods uses `super()` or `__class__`.
//!
//! The compiler finds the scope of a `def`, `class`, lambda or comprehension
//! node by the node's address (the AST is not moved between the two passes).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use indexmap::IndexMap;

use crate::diagnostics::{CompileError, SourceFile, Span};
use crate::syntax::ast::{
    Arguments, ClassDef, Comprehension, Expr, ExprKind, FunctionDef, Module, Stmt, StmtKind,
};

/// Index of a scope in the [`SymbolTable`].
pub type ScopeId = usize;

/// What kind of block a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// The module's top level.
    Module,
    /// A class body.
    Class,
    /// A `def` (or `async def`).
    Function,
    /// A `lambda`.
    Lambda,
    /// A comprehension or generator expression (compiled as a function).
    Comprehension(ComprehensionKind),
}

impl ScopeKind {
    /// Does this scope run as a function frame (fast locals, cells)?
    pub fn is_function_like(self) -> bool {
        !matches!(self, ScopeKind::Module | ScopeKind::Class)
    }
}

/// The four comprehension forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComprehensionKind {
    /// `[x for ...]`
    List,
    /// `{x for ...}`
    Set,
    /// `{k: v for ...}`
    Dict,
    /// `(x for ...)`
    Generator,
}

impl ComprehensionKind {
    /// The code object's name.
    pub fn code_name(self) -> &'static str {
        match self {
            ComprehensionKind::List => "<listcomp>",
            ComprehensionKind::Set => "<setcomp>",
            ComprehensionKind::Dict => "<dictcomp>",
            ComprehensionKind::Generator => "<genexpr>",
        }
    }

    /// How CPython's messages call it.
    fn description(self) -> &'static str {
        match self {
            ComprehensionKind::List => "list comprehension",
            ComprehensionKind::Set => "set comprehension",
            ComprehensionKind::Dict => "dict comprehension",
            ComprehensionKind::Generator => "generator expression",
        }
    }
}

/// Where a name lives, which decides the instructions that access it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binding {
    /// A local of this scope (fast local in a function, namespace entry elsewhere).
    Local,
    /// A local of this function that inner functions capture.
    Cell,
    /// Captured from an enclosing function.
    Free,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound anywhere around: a global or builtin.
    GlobalImplicit,
}

/// Bits recording how a scope uses a name (CPython's `DEF_*`).
mod usage {
    pub const GLOBAL: u16 = 1;
    pub const LOCAL: u16 = 1 << 1;
    pub const PARAM: u16 = 1 << 2;
    pub const NONLOCAL: u16 = 1 << 3;
    pub const USE: u16 = 1 << 4;
    /// Bound in a class body and also free in one of its methods.
    pub const FREE_CLASS: u16 = 1 << 5;
    pub const IMPORT: u16 = 1 << 6;
    pub const ANNOT: u16 = 1 << 7;
    /// A comprehension's own loop variable.
    pub const COMP_ITER: u16 = 1 << 8;
    pub const BOUND: u16 = LOCAL | PARAM | IMPORT;
}

/// One name of one scope.
#[derive(Debug, Clone, Copy)]
pub struct Symbol {
    flags: u16,
    /// Decided by the analysis.
    pub binding: Binding,
}

/// One scope.
#[derive(Debug, Clone)]
pub struct Scope {
    /// What kind of block.
    pub kind: ScopeKind,
    /// Every name used, in order of first use (already mangled).
    pub symbols: IndexMap<String, Symbol>,
    /// Parameter names in `varnames` order.
    pub params: Vec<String>,
    /// Nested scopes, in source order.
    pub children: Vec<ScopeId>,
    /// Contains `yield` (or is a generator expression).
    pub is_generator: bool,
    /// `async def`.
    pub is_async: bool,
    /// A class body whose methods use `super()`/`__class__`.
    pub needs_class_cell: bool,
    /// The class name used for name mangling inside this scope, if any.
    pub private: Option<String>,
    /// Where each name was declared `global`/`nonlocal` (for error spans).
    directives: HashMap<String, Span>,
}

impl Scope {
    fn new(kind: ScopeKind, private: Option<String>) -> Scope {
        Scope {
            kind,
            symbols: IndexMap::new(),
            params: Vec::new(),
            children: Vec::new(),
            is_generator: false,
            is_async: false,
            needs_class_cell: false,
            private,
            directives: HashMap::new(),
        }
    }

    /// Where `name` (already mangled) lives; names never seen are globals.
    pub fn binding(&self, name: &str) -> Binding {
        self.symbols
            .get(name)
            .map_or(Binding::GlobalImplicit, |s| s.binding)
    }

    /// The names of the cells this scope creates, in cell order.
    pub fn cellvars(&self) -> Vec<String> {
        let mut cells = self.names_where(|s| s.binding == Binding::Cell);
        if self.needs_class_cell {
            cells.push("__class__".to_string());
        }
        cells
    }

    /// The names this scope receives in its closure, in closure order. A class
    /// body also passes through names it binds itself that a method captures
    /// from the enclosing function.
    pub fn freevars(&self) -> Vec<String> {
        self.names_where(|s| s.binding == Binding::Free || s.flags & usage::FREE_CLASS != 0)
    }

    fn names_where(&self, keep: impl Fn(&Symbol) -> bool) -> Vec<String> {
        self.symbols
            .iter()
            .filter(|(_, s)| keep(s))
            .map(|(n, _)| n.clone())
            .collect()
    }

    fn flags(&self, name: &str) -> u16 {
        self.symbols.get(name).map_or(0, |s| s.flags)
    }
}

/// Identity of an AST node that opens a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NodeKey {
    Function(usize),
    Class(usize),
    Expr(usize),
}

/// All the scopes of a module.
#[derive(Debug)]
pub struct SymbolTable {
    scopes: Vec<Scope>,
    by_node: HashMap<NodeKey, ScopeId>,
}

impl SymbolTable {
    /// The module's own scope.
    pub const ROOT: ScopeId = 0;

    /// Build and analyze the symbol table of a module.
    pub fn build(module: &Module, source: &Arc<SourceFile>) -> Result<SymbolTable, CompileError> {
        let mut builder = TableBuilder {
            source,
            table: SymbolTable {
                scopes: vec![Scope::new(ScopeKind::Module, None)],
                by_node: HashMap::new(),
            },
            stack: vec![SymbolTable::ROOT],
            comp_target: false,
            comp_iter_expr: 0,
            depth: 0,
        };
        builder.visit_stmts(&module.body)?;
        let mut table = builder.table;
        analyze(&mut table, source)?;
        Ok(table)
    }

    /// A scope by id.
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id]
    }

    /// The scope of a `def`.
    pub fn function_scope(&self, f: &FunctionDef) -> Option<ScopeId> {
        self.by_node.get(&NodeKey::Function(address(f))).copied()
    }

    /// The scope of a class body.
    pub fn class_scope(&self, c: &ClassDef) -> Option<ScopeId> {
        self.by_node.get(&NodeKey::Class(address(c))).copied()
    }

    /// The scope of a lambda or comprehension expression.
    pub fn expr_scope(&self, e: &Expr) -> Option<ScopeId> {
        self.by_node.get(&NodeKey::Expr(address(e))).copied()
    }
}

fn address<T>(node: &T) -> usize {
    node as *const T as usize
}

/// CPython's private name mangling: inside `class C`, `__x` becomes `_C__x`
/// (not dunder names, not dotted names, not when the class name is all underscores).
pub fn mangle<'n>(private: Option<&str>, name: &'n str) -> std::borrow::Cow<'n, str> {
    let Some(class) = private else {
        return name.into();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.into();
    }
    let class = class.trim_start_matches('_');
    if class.is_empty() {
        return name.into();
    }
    format!("_{class}{name}").into()
}

// ---------------------------------------------------------------------------
// Pass 1: record how each scope uses each name.

struct TableBuilder<'s> {
    source: &'s Arc<SourceFile>,
    table: SymbolTable,
    /// The scopes being visited, innermost last.
    stack: Vec<ScopeId>,
    /// Visiting a comprehension's loop target.
    comp_target: bool,
    /// Depth of comprehension iterables being visited (no walrus there).
    comp_iter_expr: u32,
    /// How deep in the tree the visit is (see [`MAX_NESTING`]).
    depth: u32,
}

type Visit = Result<(), CompileError>;

/// How deeply statements and expressions may nest. Both passes recurse on
/// the tree, so this bounds their Rust stack use (a few hundred bytes per
/// level) well inside a 2 MB thread stack; CPython also gives up on very
/// deep trees.
const MAX_NESTING: u32 = 1000;

impl TableBuilder<'_> {
    fn error(&self, span: Span, message: impl Into<String>) -> CompileError {
        CompileError::syntax(self.source, span, message)
    }

    fn current(&self) -> ScopeId {
        *self.stack.last().unwrap_or(&SymbolTable::ROOT)
    }

    fn scope(&mut self) -> &mut Scope {
        let id = self.current();
        &mut self.table.scopes[id]
    }

    fn enter(&mut self, kind: ScopeKind, name: &str, key: NodeKey) {
        let private = if kind == ScopeKind::Class {
            Some(name.to_string())
        } else {
            self.table.scopes[self.current()].private.clone()
        };
        let id = self.table.scopes.len();
        self.table.scopes.push(Scope::new(kind, private));
        self.scope().children.push(id);
        self.table.by_node.insert(key, id);
        self.stack.push(id);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    /// Record a use of `name` in the current scope.
    fn add_def(&mut self, name: &str, flag: u16, span: Span) -> Visit {
        let id = self.current();
        self.add_def_in(id, name, flag, span)
    }

    fn add_def_in(&mut self, id: ScopeId, name: &str, flag: u16, span: Span) -> Visit {
        let scope = &mut self.table.scopes[id];
        let name = mangle(scope.private.as_deref(), name).into_owned();
        let old = scope.flags(&name);
        if flag & usage::PARAM != 0 && old & usage::PARAM != 0 {
            return Err(self.error(
                span,
                format!("duplicate argument '{name}' in function definition"),
            ));
        }
        if flag & usage::PARAM != 0 {
            scope.params.push(name.clone());
        }
        let symbol = scope.symbols.entry(name).or_insert(Symbol {
            flags: 0,
            binding: Binding::GlobalImplicit,
        });
        symbol.flags |= flag;
        Ok(())
    }

    fn visit_stmts(&mut self, stmts: &[Stmt]) -> Visit {
        stmts.iter().try_for_each(|s| self.visit_stmt(s))
    }

    fn visit_exprs<'e>(&mut self, exprs: impl IntoIterator<Item = &'e Expr>) -> Visit {
        exprs.into_iter().try_for_each(|e| self.visit_expr(e))
    }

    /// Visit one level deeper in the tree, or fail when it is too deep.
    fn nested(&mut self, span: Span, visit: impl FnOnce(&mut Self) -> Visit) -> Visit {
        if self.depth >= MAX_NESTING {
            return Err(self.error(span, "maximum recursion depth exceeded during compilation"));
        }
        self.depth += 1;
        let result = visit(self);
        self.depth -= 1;
        result
    }

    fn visit_stmt(&mut self, s: &Stmt) -> Visit {
        self.nested(s.span, |v| v.visit_stmt_kind(s))
    }

    fn visit_stmt_kind(&mut self, s: &Stmt) -> Visit {
        match &s.kind {
            StmtKind::Expr(e) => self.visit_expr(e),
            StmtKind::Assign { targets, value } => {
                targets.iter().try_for_each(|t| self.visit_target(t))?;
                self.visit_expr(value)
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.visit_target(target)?;
                self.visit_expr(value)
            }
            StmtKind::AnnAssign { target, value, .. } => {
                self.visit_ann_assign(target, value.as_ref())
            }
            StmtKind::FunctionDef(f) => self.visit_function(f),
            StmtKind::ClassDef(c) => self.visit_class(c, s.span),
            StmtKind::Return(value) => self.visit_exprs(value),
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.visit_target(t)),
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => Ok(()),
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.visit_expr(test)?;
                self.visit_stmts(body)?;
                self.visit_stmts(orelse)
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.visit_target(target)?;
                self.visit_expr(iter)?;
                self.visit_stmts(body)?;
                self.visit_stmts(orelse)
            }
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.visit_expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.visit_target(v)?;
                    }
                }
                self.visit_stmts(body)
            }
            StmtKind::Raise { exc, cause } => {
                self.visit_exprs(exc)?;
                self.visit_exprs(cause)
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.visit_stmts(body)?;
                for h in handlers {
                    self.visit_exprs(&h.typ)?;
                    if let Some(name) = &h.name {
                        self.add_def(name, usage::LOCAL, h.span)?;
                    }
                    self.visit_stmts(&h.body)?;
                }
                self.visit_stmts(orelse)?;
                self.visit_stmts(finalbody)
            }
            StmtKind::Assert { test, msg } => {
                self.visit_expr(test)?;
                self.visit_exprs(msg)
            }
            StmtKind::Import(aliases) | StmtKind::ImportFrom { names: aliases, .. } => {
                for a in aliases {
                    self.visit_import_alias(a, s.span)?;
                }
                Ok(())
            }
            StmtKind::Global(names) => self.visit_declarations(names, usage::GLOBAL, s.span),
            StmtKind::Nonlocal(names) => self.visit_declarations(names, usage::NONLOCAL, s.span),
        }
    }

    fn visit_ann_assign(&mut self, target: &Expr, value: Option<&Expr>) -> Visit {
        if let ExprKind::Name(name) = &target.kind {
            let flags = self.table.scopes[self.current()].flags(name);
            if flags & (usage::GLOBAL | usage::NONLOCAL) != 0 {
                let which = if flags & usage::GLOBAL != 0 {
                    "global"
                } else {
                    "nonlocal"
                };
                return Err(self.error(
                    target.span,
                    format!("annotated name '{name}' can't be {which}"),
                ));
            }
            self.add_def(name, usage::LOCAL | usage::ANNOT, target.span)?;
        } else {
            self.visit_target(target)?;
        }
        self.visit_exprs(value)
    }

    fn visit_import_alias(&mut self, alias: &crate::syntax::ast::Alias, span: Span) -> Visit {
        if alias.name == "*" {
            if self.table.scopes[self.current()].kind != ScopeKind::Module {
                return Err(self.error(span, "import * only allowed at module level"));
            }
            return Ok(());
        }
        let bound = match &alias.asname {
            Some(asname) => asname.as_str(),
            None => alias.name.split('.').next().unwrap_or(&alias.name),
        };
        self.add_def(bound, usage::IMPORT, alias.span)
    }

    /// `global`/`nonlocal` statements, with CPython's checks.
    fn visit_declarations(&mut self, names: &[String], flag: u16, span: Span) -> Visit {
        let is_global = flag == usage::GLOBAL;
        let which = if is_global { "global" } else { "nonlocal" };
        if !is_global && self.table.scopes[self.current()].kind == ScopeKind::Module {
            return Err(self.error(span, "nonlocal declaration not allowed at module level"));
        }
        for name in names {
            let scope = &self.table.scopes[self.current()];
            let mangled = mangle(scope.private.as_deref(), name).into_owned();
            let old = scope.flags(&mangled);
            let problem = if old & usage::PARAM != 0 {
                Some(format!("name '{name}' is parameter and {which}"))
            } else if old & usage::USE != 0 {
                Some(format!(
                    "name '{name}' is used prior to {which} declaration"
                ))
            } else if old & usage::ANNOT != 0 {
                Some(format!("annotated name '{name}' can't be {which}"))
            } else if old & usage::LOCAL != 0 {
                Some(format!(
                    "name '{name}' is assigned to before {which} declaration"
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                return Err(self.error(span, message));
            }
            self.add_def(name, flag, span)?;
            if is_global {
                // As CPython: the module then treats the name as an explicit
                // global too (LoadGlobal/StoreGlobal at top level).
                self.add_def_in(SymbolTable::ROOT, &mangled, usage::GLOBAL, span)?;
            }
            self.scope().directives.entry(mangled).or_insert(span);
        }
        Ok(())
    }

    fn visit_function(&mut self, f: &FunctionDef) -> Visit {
        self.add_def(&f.name, usage::LOCAL, f.name_span)?;
        self.visit_defaults(&f.args)?;
        self.visit_exprs(&f.decorators)?;
        self.enter(ScopeKind::Function, &f.name, NodeKey::Function(address(f)));
        self.scope().is_async = f.is_async;
        self.visit_params(&f.args)?;
        self.visit_stmts(&f.body)?;
        self.exit();
        Ok(())
    }

    fn visit_class(&mut self, c: &ClassDef, span: Span) -> Visit {
        self.add_def(&c.name, usage::LOCAL, span)?;
        self.visit_exprs(&c.bases)?;
        self.visit_exprs(c.keywords.iter().map(|k| &k.value))?;
        self.visit_exprs(&c.decorators)?;
        self.enter(ScopeKind::Class, &c.name, NodeKey::Class(address(c)));
        self.visit_stmts(&c.body)?;
        self.exit();
        Ok(())
    }

    fn visit_lambda(&mut self, e: &Expr, args: &Arguments, body: &Expr) -> Visit {
        self.visit_defaults(args)?;
        self.enter(ScopeKind::Lambda, "<lambda>", NodeKey::Expr(address(e)));
        self.visit_params(args)?;
        self.visit_expr(body)?;
        self.exit();
        Ok(())
    }

    /// Defaults are evaluated in the enclosing scope (annotations are never evaluated).
    fn visit_defaults(&mut self, args: &Arguments) -> Visit {
        self.visit_exprs(&args.defaults)?;
        self.visit_exprs(args.kw_defaults.iter().flatten())
    }

    /// Parameters in `varnames` order: positional, keyword-only, `*args`, `**kwargs`.
    fn visit_params(&mut self, args: &Arguments) -> Visit {
        let ordered = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
            .chain(&args.vararg)
            .chain(&args.kwarg);
        for arg in ordered {
            self.add_def(&arg.name, usage::PARAM, arg.span)?;
        }
        Ok(())
    }

    /// A comprehension: the first iterable belongs to the enclosing scope, the
    /// rest (targets, conditions, later iterables, element) to a new function
    /// scope whose only parameter `.0` is the first iterator.
    fn visit_comprehension(
        &mut self,
        e: &Expr,
        kind: ComprehensionKind,
        generators: &[Comprehension],
        elements: &[&Expr],
    ) -> Visit {
        let Some((first, rest)) = generators.split_first() else {
            return Ok(());
        };
        self.visit_comp_iter(&first.iter)?;
        self.enter(
            ScopeKind::Comprehension(kind),
            kind.code_name(),
            NodeKey::Expr(address(e)),
        );
        self.scope().is_generator = kind == ComprehensionKind::Generator;
        self.add_def(".0", usage::PARAM, e.span)?;
        self.visit_comp_target(&first.target)?;
        self.visit_exprs(&first.ifs)?;
        for g in rest {
            self.visit_comp_target(&g.target)?;
            self.visit_comp_iter(&g.iter)?;
            self.visit_exprs(&g.ifs)?;
        }
        self.visit_exprs(elements.iter().copied())?;
        self.exit();
        Ok(())
    }

    fn visit_comp_iter(&mut self, iter: &Expr) -> Visit {
        self.comp_iter_expr += 1;
        let result = self.visit_expr(iter);
        self.comp_iter_expr -= 1;
        result
    }

    fn visit_comp_target(&mut self, target: &Expr) -> Visit {
        self.comp_target = true;
        let result = self.visit_target(target);
        self.comp_target = false;
        result
    }

    /// An assignment (or `del`) target.
    fn visit_target(&mut self, e: &Expr) -> Visit {
        self.nested(e.span, |v| v.visit_target_kind(e))
    }

    fn visit_target_kind(&mut self, e: &Expr) -> Visit {
        match &e.kind {
            ExprKind::Name(name) => {
                let comp = if self.comp_target {
                    usage::COMP_ITER
                } else {
                    0
                };
                self.add_def(name, usage::LOCAL | comp, e.span)
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().try_for_each(|t| self.visit_target(t))
            }
            ExprKind::Starred(inner) => self.visit_target(inner),
            // Attribute and subscript targets only read names; anything else
            // is reported by the compiler.
            _ => self.visit_expr(e),
        }
    }

    fn visit_expr(&mut self, e: &Expr) -> Visit {
        self.nested(e.span, |v| v.visit_expr_kind(e))
    }

    fn visit_expr_kind(&mut self, e: &Expr) -> Visit {
        match &e.kind {
            ExprKind::Name(name) => self.visit_name_load(name, e.span),
            ExprKind::NamedExpr { target, value } => self.visit_named_expr(target, value),
            ExprKind::Lambda { args, body } => self.visit_lambda(e, args, body),
            ExprKind::ListComp { elt, generators } => {
                self.visit_comprehension(e, ComprehensionKind::List, generators, &[elt])
            }
            ExprKind::SetComp { elt, generators } => {
                self.visit_comprehension(e, ComprehensionKind::Set, generators, &[elt])
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.visit_comprehension(e, ComprehensionKind::Generator, generators, &[elt])
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.visit_comprehension(e, ComprehensionKind::Dict, generators, &[key, value]),
            ExprKind::Yield(value) => {
                self.mark_generator(e.span, "yield")?;
                self.visit_exprs(value.as_deref())
            }
            ExprKind::YieldFrom(value) => {
                self.mark_generator(e.span, "yield from")?;
                if self.table.scopes[self.current()].is_async {
                    return Err(self.error(e.span, "'yield from' inside async function"));
                }
                self.visit_expr(value)
            }
            _ => self.visit_children(e),
        }
    }

    /// The sub-expressions of a node that opens no scope and binds nothing.
    fn visit_children(&mut self, e: &Expr) -> Visit {
        match &e.kind {
            ExprKind::BoolOp { values, .. } => self.visit_exprs(values),
            ExprKind::BinOp { left, right, .. } => self.visit_exprs([&**left, &**right]),
            ExprKind::UnaryOp { operand, .. } => self.visit_expr(operand),
            ExprKind::IfExp { test, body, orelse } => {
                self.visit_exprs([&**test, &**body, &**orelse])
            }
            ExprKind::Dict { keys, values } => {
                self.visit_exprs(keys.iter().flatten())?;
                self.visit_exprs(values)
            }
            ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
                self.visit_exprs(items)
            }
            ExprKind::JoinedStr(parts) => self.visit_exprs(parts),
            ExprKind::Await(value) | ExprKind::Starred(value) => self.visit_expr(value),
            ExprKind::Attribute { value, .. } => self.visit_expr(value),
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.visit_expr(left)?;
                self.visit_exprs(comparators)
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.visit_expr(func)?;
                self.visit_exprs(args)?;
                self.visit_exprs(keywords.iter().map(|k| &k.value))
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.visit_expr(value)?;
                self.visit_exprs(format_spec.as_deref())
            }
            ExprKind::Subscript { value, slice } => self.visit_exprs([&**value, &**slice]),
            ExprKind::Slice { lower, upper, step } => {
                self.visit_exprs([lower, upper, step].into_iter().flatten().map(|b| &**b))
            }
            ExprKind::Constant(_) => Ok(()),
            // Handled by `visit_expr`.
            ExprKind::Name(_)
            | ExprKind::NamedExpr { .. }
            | ExprKind::Lambda { .. }
            | ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::DictComp { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Yield(_)
            | ExprKind::YieldFrom(_) => self.visit_expr_kind(e),
        }
    }

    fn visit_name_load(&mut self, name: &str, span: Span) -> Visit {
        self.add_def(name, usage::USE, span)?;
        // Zero-argument `super()` needs the class the method was defined in.
        if name == "super" && self.table.scopes[self.current()].kind.is_function_like() {
            self.add_def("__class__", usage::USE, span)?;
        }
        Ok(())
    }

    fn mark_generator(&mut self, span: Span, what: &str) -> Visit {
        match self.table.scopes[self.current()].kind {
            ScopeKind::Module | ScopeKind::Class => {
                Err(self.error(span, format!("'{what}' outside function")))
            }
            ScopeKind::Comprehension(kind) => {
                Err(self.error(span, format!("'{what}' inside {}", kind.description())))
            }
            ScopeKind::Function | ScopeKind::Lambda => {
                self.scope().is_generator = true;
                Ok(())
            }
        }
    }

    /// `(name := value)`: inside a comprehension the name belongs to the
    /// nearest enclosing function (or the module), as PEP 572 says.
    fn visit_named_expr(&mut self, target: &Expr, value: &Expr) -> Visit {
        if self.comp_iter_expr > 0 {
            return Err(self.error(
                target.span,
                "assignment expression cannot be used in a comprehension iterable expression",
            ));
        }
        if let ExprKind::Name(name) = &target.kind {
            if matches!(
                self.table.scopes[self.current()].kind,
                ScopeKind::Comprehension(_)
            ) {
                self.extend_named_expr_scope(name, target.span)?;
            }
        }
        self.visit_expr(value)?;
        self.visit_target(target)
    }

    fn extend_named_expr_scope(&mut self, name: &str, span: Span) -> Visit {
        for &id in self.stack.iter().rev() {
            let scope = &self.table.scopes[id];
            match scope.kind {
                ScopeKind::Comprehension(_) => {
                    if scope.flags(name) & usage::COMP_ITER != 0 {
                        return Err(self.error(
                            span,
                            format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                        ));
                    }
                }
                ScopeKind::Function | ScopeKind::Lambda => {
                    let declared_global = scope.flags(name) & usage::GLOBAL != 0;
                    let here = if declared_global {
                        usage::GLOBAL
                    } else {
                        usage::NONLOCAL
                    };
                    self.add_def(name, here, span)?;
                    return self.add_def_in(id, name, usage::LOCAL, span);
                }
                ScopeKind::Module => {
                    self.add_def(name, usage::GLOBAL, span)?;
                    return self.add_def_in(id, name, usage::GLOBAL, span);
                }
                ScopeKind::Class => {
                    return Err(self.error(
                        span,
                        "assignment expression within a comprehension cannot be used in a class body",
                    ));
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Pass 2: decide bindings (CPython's analyze_block / analyze_name).

type NameSet = HashSet<String>;

fn analyze(table: &mut SymbolTable, source: &Arc<SourceFile>) -> Result<(), CompileError> {
    let mut bound = NameSet::new();
    let mut global = NameSet::new();
    Analyzer { table, source }.block(SymbolTable::ROOT, &mut bound, &mut global)?;
    Ok(())
}

struct Analyzer<'t> {
    table: &'t mut SymbolTable,
    source: &'t Arc<SourceFile>,
}

impl Analyzer<'_> {
    /// Decide every binding in scope `id` and below. `bound` holds the names
    /// bound by enclosing functions, `global` the names declared global
    /// around; both are this block's own copies. Returns the names free in
    /// this block that an enclosing function must provide.
    fn block(
        &mut self,
        id: ScopeId,
        bound: &mut NameSet,
        global: &mut NameSet,
    ) -> Result<NameSet, CompileError> {
        let kind = self.table.scopes[id].kind;
        let mut local = NameSet::new();
        let mut free = NameSet::new();
        let mut bindings = Vec::new();
        // A class body's children see what was bound around the class, plus
        // the implicit `__class__` cell; names the class binds are not visible
        // to its methods.
        let class_view = (kind == ScopeKind::Class).then(|| {
            let mut b = bound.clone();
            b.insert("__class__".to_string());
            (b, global.clone())
        });
        let names: Vec<(String, u16)> = self.table.scopes[id]
            .symbols
            .iter()
            .map(|(n, s)| (n.clone(), s.flags))
            .collect();
        for (name, flags) in &names {
            let binding = self.name(id, name, *flags, bound, &mut local, &mut free, global)?;
            bindings.push(binding);
        }

        // A function's children also see its locals.
        let (child_bound, child_global) = class_view.unwrap_or_else(|| {
            let mut b = bound.clone();
            if kind.is_function_like() {
                b.extend(local.iter().cloned());
            }
            (b, global.clone())
        });

        let mut child_free = NameSet::new();
        for child in self.table.scopes[id].children.clone() {
            let mut b = child_bound.clone();
            let mut g = child_global.clone();
            child_free.extend(self.block(child, &mut b, &mut g)?);
        }

        let scope = &mut self.table.scopes[id];
        for ((_, symbol), binding) in scope.symbols.iter_mut().zip(bindings) {
            symbol.binding = binding;
        }
        if kind.is_function_like() {
            // Locals captured by inner functions become cells.
            for (name, symbol) in scope.symbols.iter_mut() {
                if symbol.binding == Binding::Local && child_free.remove(name) {
                    symbol.binding = Binding::Cell;
                }
            }
        } else if kind == ScopeKind::Class && child_free.remove("__class__") {
            scope.needs_class_cell = true;
        }
        for name in &child_free {
            if let Some(symbol) = scope.symbols.get_mut(name) {
                if kind == ScopeKind::Class && symbol.flags & (usage::BOUND | usage::GLOBAL) != 0 {
                    symbol.flags |= usage::FREE_CLASS;
                }
            } else if bound.contains(name) {
                // Free in a child and bound further out: pass it through.
                scope.symbols.insert(
                    name.clone(),
                    Symbol {
                        flags: 0,
                        binding: Binding::Free,
                    },
                );
            }
        }
        free.extend(child_free);
        Ok(free)
    }

    /// CPython's `analyze_name`.
    #[allow(clippy::too_many_arguments)]
    fn name(
        &self,
        id: ScopeId,
        name: &str,
        flags: u16,
        bound: &mut NameSet,
        local: &mut NameSet,
        free: &mut NameSet,
        global: &mut NameSet,
    ) -> Result<Binding, CompileError> {
        let scope = &self.table.scopes[id];
        let span = scope.directives.get(name).copied().unwrap_or_default();
        if flags & usage::GLOBAL != 0 {
            if flags & usage::NONLOCAL != 0 {
                return Err(CompileError::syntax(
                    self.source,
                    span,
                    format!("name '{name}' is nonlocal and global"),
                ));
            }
            global.insert(name.to_string());
            bound.remove(name);
            return Ok(Binding::GlobalExplicit);
        }
        if flags & usage::NONLOCAL != 0 {
            if !bound.contains(name) {
                return Err(CompileError::syntax(
                    self.source,
                    span,
                    format!("no binding for nonlocal '{name}' found"),
                ));
            }
            free.insert(name.to_string());
            return Ok(Binding::Free);
        }
        if flags & usage::BOUND != 0 {
            local.insert(name.to_string());
            global.remove(name);
            return Ok(Binding::Local);
        }
        if bound.contains(name) {
            free.insert(name.to_string());
            return Ok(Binding::Free);
        }
        Ok(Binding::GlobalImplicit)
    }
}
