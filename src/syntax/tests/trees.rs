//! Trees: each source must parse to the tree CPython 3.11 gives
//! (`ast.dump(ast.parse(source))`, recorded with CPython 3.11.7).

use super::assert_tree;

macro_rules! trees {
    ($($name:ident: $source:expr => $dump:expr;)*) => {
        $(#[test] fn $name() { assert_tree($source, $dump); })*
    };
}

trees! {
    assign_chain:
        r#"a = b = 1"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], value=Constant(value=1))], type_ignores=[])"#;
    tuple_without_parens:
        r#"x = 1, 2
return_value = a, b,"#
        => r#"Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load())), Assign(targets=[Name(id='return_value', ctx=Store())], value=Tuple(elts=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()))], type_ignores=[])"#;
    augassign_all:
        r#"a += 1; a -= 1; a *= 1; a @= 1; a /= 1; a //= 1; a %= 1; a **= 1; a <<= 1; a >>= 1; a &= 1; a ^= 1; a |= 1"#
        => r#"Module(body=[AugAssign(target=Name(id='a', ctx=Store()), op=Add(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=Sub(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=Mult(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=MatMult(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=Div(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=FloorDiv(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=Mod(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=Pow(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=LShift(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=RShift(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=BitAnd(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=BitXor(), value=Constant(value=1)), AugAssign(target=Name(id='a', ctx=Store()), op=BitOr(), value=Constant(value=1))], type_ignores=[])"#;
    annassign:
        r#"x: int = 5
y: list[int]
self.z: str = 'a'"#
        => r#"Module(body=[AnnAssign(target=Name(id='x', ctx=Store()), annotation=Name(id='int', ctx=Load()), value=Constant(value=5), simple=1), AnnAssign(target=Name(id='y', ctx=Store()), annotation=Subscript(value=Name(id='list', ctx=Load()), slice=Name(id='int', ctx=Load()), ctx=Load()), simple=1), AnnAssign(target=Attribute(value=Name(id='self', ctx=Load()), attr='z', ctx=Store()), annotation=Name(id='str', ctx=Load()), value=Constant(value='a'), simple=0)], type_ignores=[])"#;
    starred_targets:
        r#"a, *b, c = d
[x, *y] = z
(p, q), r = s"#
        => r#"Module(body=[Assign(targets=[Tuple(elts=[Name(id='a', ctx=Store()), Starred(value=Name(id='b', ctx=Store()), ctx=Store()), Name(id='c', ctx=Store())], ctx=Store())], value=Name(id='d', ctx=Load())), Assign(targets=[List(elts=[Name(id='x', ctx=Store()), Starred(value=Name(id='y', ctx=Store()), ctx=Store())], ctx=Store())], value=Name(id='z', ctx=Load())), Assign(targets=[Tuple(elts=[Tuple(elts=[Name(id='p', ctx=Store()), Name(id='q', ctx=Store())], ctx=Store()), Name(id='r', ctx=Store())], ctx=Store())], value=Name(id='s', ctx=Load()))], type_ignores=[])"#;
    def_params:
        r#"def f(a, b=2, *args, c, d=4, **kw): pass"#
        => r#"Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a'), arg(arg='b')], vararg=arg(arg='args'), kwonlyargs=[arg(arg='c'), arg(arg='d')], kw_defaults=[None, Constant(value=4)], kwarg=arg(arg='kw'), defaults=[Constant(value=2)]), body=[Pass()], decorator_list=[])], type_ignores=[])"#;
    def_posonly:
        r#"def f(a, b=1, /, c=2, *, d, e=3): pass"#
        => r#"Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a'), arg(arg='b')], args=[arg(arg='c')], kwonlyargs=[arg(arg='d'), arg(arg='e')], kw_defaults=[None, Constant(value=3)], defaults=[Constant(value=1), Constant(value=2)]), body=[Pass()], decorator_list=[])], type_ignores=[])"#;
    def_annotations:
        r#"def f(a: int, *b: str, c: 'x' = 1, **d: dict) -> None: pass"#
        => r#"Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[arg(arg='a', annotation=Name(id='int', ctx=Load()))], vararg=arg(arg='b', annotation=Name(id='str', ctx=Load())), kwonlyargs=[arg(arg='c', annotation=Constant(value='x'))], kw_defaults=[Constant(value=1)], kwarg=arg(arg='d', annotation=Name(id='dict', ctx=Load())), defaults=[]), body=[Pass()], decorator_list=[], returns=Constant(value=None))], type_ignores=[])"#;
    decorators:
        r#"@a
@b.c(1)
def f(): pass
@d
class C: pass"#
        => r#"Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[Name(id='a', ctx=Load()), Call(func=Attribute(value=Name(id='b', ctx=Load()), attr='c', ctx=Load()), args=[Constant(value=1)], keywords=[])]), ClassDef(name='C', bases=[], keywords=[], body=[Pass()], decorator_list=[Name(id='d', ctx=Load())])], type_ignores=[])"#;
    async_def:
        r#"async def f():
    await x
    async for a in b: pass
    async with c as d, e: pass
    return [y async for y in z]"#
        => r#"Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=Await(value=Name(id='x', ctx=Load()))), AsyncFor(target=Name(id='a', ctx=Store()), iter=Name(id='b', ctx=Load()), body=[Pass()], orelse=[]), AsyncWith(items=[withitem(context_expr=Name(id='c', ctx=Load()), optional_vars=Name(id='d', ctx=Store())), withitem(context_expr=Name(id='e', ctx=Load()))], body=[Pass()]), Return(value=ListComp(elt=Name(id='y', ctx=Load()), generators=[comprehension(target=Name(id='y', ctx=Store()), iter=Name(id='z', ctx=Load()), ifs=[], is_async=1)]))], decorator_list=[])], type_ignores=[])"#;
    class_def:
        r#"class A(B, C, metaclass=M, **kw):
    x = 1
    def m(self): return self.x"#
        => r#"Module(body=[ClassDef(name='A', bases=[Name(id='B', ctx=Load()), Name(id='C', ctx=Load())], keywords=[keyword(arg='metaclass', value=Name(id='M', ctx=Load())), keyword(value=Name(id='kw', ctx=Load()))], body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1)), FunctionDef(name='m', args=arguments(posonlyargs=[], args=[arg(arg='self')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(value=Attribute(value=Name(id='self', ctx=Load()), attr='x', ctx=Load()))], decorator_list=[])], decorator_list=[])], type_ignores=[])"#;
    lambda:
        r#"f = lambda: 0
g = lambda x, y=1, *a, k, **kw: x + y
h = lambda *, k: k
i = lambda a, /, b: a"#
        => r#"Module(body=[Assign(targets=[Name(id='f', ctx=Store())], value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Constant(value=0))), Assign(targets=[Name(id='g', ctx=Store())], value=Lambda(args=arguments(posonlyargs=[], args=[arg(arg='x'), arg(arg='y')], vararg=arg(arg='a'), kwonlyargs=[arg(arg='k')], kw_defaults=[None], kwarg=arg(arg='kw'), defaults=[Constant(value=1)]), body=BinOp(left=Name(id='x', ctx=Load()), op=Add(), right=Name(id='y', ctx=Load())))), Assign(targets=[Name(id='h', ctx=Store())], value=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[arg(arg='k')], kw_defaults=[None], defaults=[]), body=Name(id='k', ctx=Load()))), Assign(targets=[Name(id='i', ctx=Store())], value=Lambda(args=arguments(posonlyargs=[arg(arg='a')], args=[arg(arg='b')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Name(id='a', ctx=Load())))], type_ignores=[])"#;
    ifexp:
        r#"x = a if b else c if d else e"#
        => r#"Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=IfExp(test=Name(id='d', ctx=Load()), body=Name(id='c', ctx=Load()), orelse=Name(id='e', ctx=Load()))))], type_ignores=[])"#;
    walrus:
        r#"if (n := len(a)) > 10: pass
while chunk := read(): pass
print(y := 5)"#
        => r#"Module(body=[If(test=Compare(left=NamedExpr(target=Name(id='n', ctx=Store()), value=Call(func=Name(id='len', ctx=Load()), args=[Name(id='a', ctx=Load())], keywords=[])), ops=[Gt()], comparators=[Constant(value=10)]), body=[Pass()], orelse=[]), While(test=NamedExpr(target=Name(id='chunk', ctx=Store()), value=Call(func=Name(id='read', ctx=Load()), args=[], keywords=[])), body=[Pass()], orelse=[]), Expr(value=Call(func=Name(id='print', ctx=Load()), args=[NamedExpr(target=Name(id='y', ctx=Store()), value=Constant(value=5))], keywords=[]))], type_ignores=[])"#;
    comprehensions:
        r#"a = [x for x in y if x if not x for z in x]
b = {x for x in y}
c = {k: v for k, v in d.items()}
d = (x for x in y)"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=ListComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[Name(id='x', ctx=Load()), UnaryOp(op=Not(), operand=Name(id='x', ctx=Load()))], is_async=0), comprehension(target=Name(id='z', ctx=Store()), iter=Name(id='x', ctx=Load()), ifs=[], is_async=0)])), Assign(targets=[Name(id='b', ctx=Store())], value=SetComp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])), Assign(targets=[Name(id='c', ctx=Store())], value=DictComp(key=Name(id='k', ctx=Load()), value=Name(id='v', ctx=Load()), generators=[comprehension(target=Tuple(elts=[Name(id='k', ctx=Store()), Name(id='v', ctx=Store())], ctx=Store()), iter=Call(func=Attribute(value=Name(id='d', ctx=Load()), attr='items', ctx=Load()), args=[], keywords=[]), ifs=[], is_async=0)])), Assign(targets=[Name(id='d', ctx=Store())], value=GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)]))], type_ignores=[])"#;
    genexp_sole_argument:
        r#"s = sum(x * 2 for x in y)
t = f(x for x in y)"#
        => r#"Module(body=[Assign(targets=[Name(id='s', ctx=Store())], value=Call(func=Name(id='sum', ctx=Load()), args=[GeneratorExp(elt=BinOp(left=Name(id='x', ctx=Load()), op=Mult(), right=Constant(value=2)), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[])), Assign(targets=[Name(id='t', ctx=Store())], value=Call(func=Name(id='f', ctx=Load()), args=[GeneratorExp(elt=Name(id='x', ctx=Load()), generators=[comprehension(target=Name(id='x', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[], is_async=0)])], keywords=[]))], type_ignores=[])"#;
    yield_forms:
        r#"def g():
    yield
    yield 1
    yield 1, 2
    x = yield
    y = yield z
    w = yield from q
    print((yield))
    await_ = (yield from r)"#
        => r#"Module(body=[FunctionDef(name='g', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Expr(value=Yield()), Expr(value=Yield(value=Constant(value=1))), Expr(value=Yield(value=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load()))), Assign(targets=[Name(id='x', ctx=Store())], value=Yield()), Assign(targets=[Name(id='y', ctx=Store())], value=Yield(value=Name(id='z', ctx=Load()))), Assign(targets=[Name(id='w', ctx=Store())], value=YieldFrom(value=Name(id='q', ctx=Load()))), Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Yield()], keywords=[])), Assign(targets=[Name(id='await_', ctx=Store())], value=YieldFrom(value=Name(id='r', ctx=Load())))], decorator_list=[])], type_ignores=[])"#;
    chained_compare:
        r#"a < b <= c == d != e > f >= g
x in y
x not in y
x is y
x is not y
(a < b) < c"#
        => r#"Module(body=[Expr(value=Compare(left=Name(id='a', ctx=Load()), ops=[Lt(), LtE(), Eq(), NotEq(), Gt(), GtE()], comparators=[Name(id='b', ctx=Load()), Name(id='c', ctx=Load()), Name(id='d', ctx=Load()), Name(id='e', ctx=Load()), Name(id='f', ctx=Load()), Name(id='g', ctx=Load())])), Expr(value=Compare(left=Name(id='x', ctx=Load()), ops=[In()], comparators=[Name(id='y', ctx=Load())])), Expr(value=Compare(left=Name(id='x', ctx=Load()), ops=[NotIn()], comparators=[Name(id='y', ctx=Load())])), Expr(value=Compare(left=Name(id='x', ctx=Load()), ops=[Is()], comparators=[Name(id='y', ctx=Load())])), Expr(value=Compare(left=Name(id='x', ctx=Load()), ops=[IsNot()], comparators=[Name(id='y', ctx=Load())])), Expr(value=Compare(left=Compare(left=Name(id='a', ctx=Load()), ops=[Lt()], comparators=[Name(id='b', ctx=Load())]), ops=[Lt()], comparators=[Name(id='c', ctx=Load())]))], type_ignores=[])"#;
    boolops:
        r#"a and b and c
a or b or c
a and b or c and d
not a and not b
(a and b) and c"#
        => r#"Module(body=[Expr(value=BoolOp(op=And(), values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load()), Name(id='c', ctx=Load())])), Expr(value=BoolOp(op=Or(), values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load()), Name(id='c', ctx=Load())])), Expr(value=BoolOp(op=Or(), values=[BoolOp(op=And(), values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())]), BoolOp(op=And(), values=[Name(id='c', ctx=Load()), Name(id='d', ctx=Load())])])), Expr(value=BoolOp(op=And(), values=[UnaryOp(op=Not(), operand=Name(id='a', ctx=Load())), UnaryOp(op=Not(), operand=Name(id='b', ctx=Load()))])), Expr(value=BoolOp(op=And(), values=[BoolOp(op=And(), values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())]), Name(id='c', ctx=Load())]))], type_ignores=[])"#;
    arith_precedence:
        r#"x = -a ** -b * c + d // e % f - g @ h << i >> j & k ^ l | m
y = ~x
z = +x
w = 2 ** 3 ** 4
v = (await_x) if 0 else -1"#
        => r#"Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=UnaryOp(op=USub(), operand=BinOp(left=Name(id='a', ctx=Load()), op=Pow(), right=UnaryOp(op=USub(), operand=Name(id='b', ctx=Load())))), op=Mult(), right=Name(id='c', ctx=Load())), op=Add(), right=BinOp(left=BinOp(left=Name(id='d', ctx=Load()), op=FloorDiv(), right=Name(id='e', ctx=Load())), op=Mod(), right=Name(id='f', ctx=Load()))), op=Sub(), right=BinOp(left=Name(id='g', ctx=Load()), op=MatMult(), right=Name(id='h', ctx=Load()))), op=LShift(), right=Name(id='i', ctx=Load())), op=RShift(), right=Name(id='j', ctx=Load())), op=BitAnd(), right=Name(id='k', ctx=Load())), op=BitXor(), right=Name(id='l', ctx=Load())), op=BitOr(), right=Name(id='m', ctx=Load()))), Assign(targets=[Name(id='y', ctx=Store())], value=UnaryOp(op=Invert(), operand=Name(id='x', ctx=Load()))), Assign(targets=[Name(id='z', ctx=Store())], value=UnaryOp(op=UAdd(), operand=Name(id='x', ctx=Load()))), Assign(targets=[Name(id='w', ctx=Store())], value=BinOp(left=Constant(value=2), op=Pow(), right=BinOp(left=Constant(value=3), op=Pow(), right=Constant(value=4)))), Assign(targets=[Name(id='v', ctx=Store())], value=IfExp(test=Constant(value=0), body=Name(id='await_x', ctx=Load()), orelse=UnaryOp(op=USub(), operand=Constant(value=1))))], type_ignores=[])"#;
    slices:
        r#"a[1]
a[1:2]
a[::3]
a[1:2:3]
a[:]
a[1:2, ::3, ...]
a[1,]
a[b, *c]"#
        => r#"Module(body=[Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Constant(value=1), ctx=Load())), Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(lower=Constant(value=1), upper=Constant(value=2)), ctx=Load())), Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(step=Constant(value=3)), ctx=Load())), Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(lower=Constant(value=1), upper=Constant(value=2), step=Constant(value=3)), ctx=Load())), Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Slice(), ctx=Load())), Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Slice(lower=Constant(value=1), upper=Constant(value=2)), Slice(step=Constant(value=3)), Constant(value=Ellipsis)], ctx=Load()), ctx=Load())), Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Constant(value=1)], ctx=Load()), ctx=Load())), Expr(value=Subscript(value=Name(id='a', ctx=Load()), slice=Tuple(elts=[Name(id='b', ctx=Load()), Starred(value=Name(id='c', ctx=Load()), ctx=Load())], ctx=Load()), ctx=Load()))], type_ignores=[])"#;
    attribute_chains:
        r#"a.b.c(d).e[f].g"#
        => r#"Module(body=[Expr(value=Attribute(value=Subscript(value=Attribute(value=Call(func=Attribute(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), attr='c', ctx=Load()), args=[Name(id='d', ctx=Load())], keywords=[]), attr='e', ctx=Load()), slice=Name(id='f', ctx=Load()), ctx=Load()), attr='g', ctx=Load()))], type_ignores=[])"#;
    calls:
        r#"f(1, *a, k=2, **kw)
f(*a, *b, c=1, **d, **e)
f(a)(b)(c)
f()"#
        => r#"Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Constant(value=1), Starred(value=Name(id='a', ctx=Load()), ctx=Load())], keywords=[keyword(arg='k', value=Constant(value=2)), keyword(value=Name(id='kw', ctx=Load()))])), Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Starred(value=Name(id='b', ctx=Load()), ctx=Load())], keywords=[keyword(arg='c', value=Constant(value=1)), keyword(value=Name(id='d', ctx=Load())), keyword(value=Name(id='e', ctx=Load()))])), Expr(value=Call(func=Call(func=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load())], keywords=[]), args=[Name(id='b', ctx=Load())], keywords=[]), args=[Name(id='c', ctx=Load())], keywords=[])), Expr(value=Call(func=Name(id='f', ctx=Load()), args=[], keywords=[]))], type_ignores=[])"#;
    displays:
        r#"a = []
b = [1, *c, 2,]
c = ()
d = (1,)
e = {}
f = {1: 2, **g, 3: 4}
h = {1, *i}"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=List(elts=[], ctx=Load())), Assign(targets=[Name(id='b', ctx=Store())], value=List(elts=[Constant(value=1), Starred(value=Name(id='c', ctx=Load()), ctx=Load()), Constant(value=2)], ctx=Load())), Assign(targets=[Name(id='c', ctx=Store())], value=Tuple(elts=[], ctx=Load())), Assign(targets=[Name(id='d', ctx=Store())], value=Tuple(elts=[Constant(value=1)], ctx=Load())), Assign(targets=[Name(id='e', ctx=Store())], value=Dict(keys=[], values=[])), Assign(targets=[Name(id='f', ctx=Store())], value=Dict(keys=[Constant(value=1), None, Constant(value=3)], values=[Constant(value=2), Name(id='g', ctx=Load()), Constant(value=4)])), Assign(targets=[Name(id='h', ctx=Store())], value=Set(elts=[Constant(value=1), Starred(value=Name(id='i', ctx=Load()), ctx=Load())]))], type_ignores=[])"#;
    trailing_commas:
        r#"f(a, b,)
x = [1, 2,]
def g(a, b,): pass
from m import (a, b,)"#
        => r#"Module(body=[Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], keywords=[])), Assign(targets=[Name(id='x', ctx=Store())], value=List(elts=[Constant(value=1), Constant(value=2)], ctx=Load())), FunctionDef(name='g', args=arguments(posonlyargs=[], args=[arg(arg='a'), arg(arg='b')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[]), ImportFrom(module='m', names=[alias(name='a'), alias(name='b')], level=0)], type_ignores=[])"#;
    semicolons:
        r#"a = 1; b = 2;
c = 3"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=Constant(value=1)), Assign(targets=[Name(id='b', ctx=Store())], value=Constant(value=2)), Assign(targets=[Name(id='c', ctx=Store())], value=Constant(value=3))], type_ignores=[])"#;
    one_line_compound:
        r#"if x: pass
while y: break
for a in b: continue
class A: pass
def f(): return
with a: pass
try: pass
except: pass"#
        => r#"Module(body=[If(test=Name(id='x', ctx=Load()), body=[Pass()], orelse=[]), While(test=Name(id='y', ctx=Load()), body=[Break()], orelse=[]), For(target=Name(id='a', ctx=Store()), iter=Name(id='b', ctx=Load()), body=[Continue()], orelse=[]), ClassDef(name='A', bases=[], keywords=[], body=[Pass()], decorator_list=[]), FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return()], decorator_list=[]), With(items=[withitem(context_expr=Name(id='a', ctx=Load()))], body=[Pass()]), Try(body=[Pass()], handlers=[ExceptHandler(body=[Pass()])], orelse=[], finalbody=[])], type_ignores=[])"#;
    if_elif_else:
        r#"if a:
    pass
elif b:
    x = 1
elif c:
    pass
else:
    y = 2"#
        => r#"Module(body=[If(test=Name(id='a', ctx=Load()), body=[Pass()], orelse=[If(test=Name(id='b', ctx=Load()), body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1))], orelse=[If(test=Name(id='c', ctx=Load()), body=[Pass()], orelse=[Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))])])])], type_ignores=[])"#;
    loops_else:
        r#"for a, b in c:
    break
else:
    pass
while x:
    continue
else:
    pass"#
        => r#"Module(body=[For(target=Tuple(elts=[Name(id='a', ctx=Store()), Name(id='b', ctx=Store())], ctx=Store()), iter=Name(id='c', ctx=Load()), body=[Break()], orelse=[Pass()]), While(test=Name(id='x', ctx=Load()), body=[Continue()], orelse=[Pass()])], type_ignores=[])"#;
    try_full:
        r#"try:
    a()
except (A, B) as e:
    pass
except C:
    raise
except:
    raise X from Y
else:
    b()
finally:
    c()"#
        => r#"Module(body=[Try(body=[Expr(value=Call(func=Name(id='a', ctx=Load()), args=[], keywords=[]))], handlers=[ExceptHandler(type=Tuple(elts=[Name(id='A', ctx=Load()), Name(id='B', ctx=Load())], ctx=Load()), name='e', body=[Pass()]), ExceptHandler(type=Name(id='C', ctx=Load()), body=[Raise()]), ExceptHandler(body=[Raise(exc=Name(id='X', ctx=Load()), cause=Name(id='Y', ctx=Load()))])], orelse=[Expr(value=Call(func=Name(id='b', ctx=Load()), args=[], keywords=[]))], finalbody=[Expr(value=Call(func=Name(id='c', ctx=Load()), args=[], keywords=[]))])], type_ignores=[])"#;
    try_finally:
        r#"try:
    pass
finally:
    pass"#
        => r#"Module(body=[Try(body=[Pass()], handlers=[], orelse=[], finalbody=[Pass()])], type_ignores=[])"#;
    with_items:
        r#"with a as b, c as (d, e), f:
    pass
with (open(x) as f, open(y) as g):
    pass
with (a, b):
    pass"#
        => r#"Module(body=[With(items=[withitem(context_expr=Name(id='a', ctx=Load()), optional_vars=Name(id='b', ctx=Store())), withitem(context_expr=Name(id='c', ctx=Load()), optional_vars=Tuple(elts=[Name(id='d', ctx=Store()), Name(id='e', ctx=Store())], ctx=Store())), withitem(context_expr=Name(id='f', ctx=Load()))], body=[Pass()]), With(items=[withitem(context_expr=Call(func=Name(id='open', ctx=Load()), args=[Name(id='x', ctx=Load())], keywords=[]), optional_vars=Name(id='f', ctx=Store())), withitem(context_expr=Call(func=Name(id='open', ctx=Load()), args=[Name(id='y', ctx=Load())], keywords=[]), optional_vars=Name(id='g', ctx=Store()))], body=[Pass()]), With(items=[withitem(context_expr=Name(id='a', ctx=Load())), withitem(context_expr=Name(id='b', ctx=Load()))], body=[Pass()])], type_ignores=[])"#;
    global_nonlocal_del:
        r#"def f():
    global a, b
    def g():
        nonlocal c
    del a, b[0], c.d
    del (x, y), [z]"#
        => r#"Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Global(names=['a', 'b']), FunctionDef(name='g', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Nonlocal(names=['c'])], decorator_list=[]), Delete(targets=[Name(id='a', ctx=Del()), Subscript(value=Name(id='b', ctx=Load()), slice=Constant(value=0), ctx=Del()), Attribute(value=Name(id='c', ctx=Load()), attr='d', ctx=Del())]), Delete(targets=[Tuple(elts=[Name(id='x', ctx=Del()), Name(id='y', ctx=Del())], ctx=Del()), List(elts=[Name(id='z', ctx=Del())], ctx=Del())])], decorator_list=[])], type_ignores=[])"#;
    assert_raise:
        r#"assert x
assert x, 'msg'
raise
raise E
raise E('x') from None"#
        => r#"Module(body=[Assert(test=Name(id='x', ctx=Load())), Assert(test=Name(id='x', ctx=Load()), msg=Constant(value='msg')), Raise(), Raise(exc=Name(id='E', ctx=Load())), Raise(exc=Call(func=Name(id='E', ctx=Load()), args=[Constant(value='x')], keywords=[]), cause=Constant(value=None))], type_ignores=[])"#;
    imports:
        r#"import a
import a.b.c as d, e
from . import x
from .. import y as z
from ..a.b import (c, d as e,)
from a import *
from .a import b"#
        => r#"Module(body=[Import(names=[alias(name='a')]), Import(names=[alias(name='a.b.c', asname='d'), alias(name='e')]), ImportFrom(names=[alias(name='x')], level=1), ImportFrom(names=[alias(name='y', asname='z')], level=2), ImportFrom(module='a.b', names=[alias(name='c'), alias(name='d', asname='e')], level=2), ImportFrom(module='a', names=[alias(name='*')], level=0), ImportFrom(module='a', names=[alias(name='b')], level=1)], type_ignores=[])"#;
    numbers:
        r#"a = 0
b = 123
c = 0x1F
d = 0o17
e = 0b101
f = 1_000_000
g = 0x_ff_ff
h = 1.5
i = .5
j = 5.
k = 1e10
l = 1.5e-3
m = 1_0.0_1e+1_0
n = 00
o = 123456789012345678901234567890
p = 0xFFFFFFFFFFFFFFFFFFFFFFFF
q = 1e400
r = 0.1
s = 1e16
t = 123.456e-7"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=Constant(value=0)), Assign(targets=[Name(id='b', ctx=Store())], value=Constant(value=123)), Assign(targets=[Name(id='c', ctx=Store())], value=Constant(value=31)), Assign(targets=[Name(id='d', ctx=Store())], value=Constant(value=15)), Assign(targets=[Name(id='e', ctx=Store())], value=Constant(value=5)), Assign(targets=[Name(id='f', ctx=Store())], value=Constant(value=1000000)), Assign(targets=[Name(id='g', ctx=Store())], value=Constant(value=65535)), Assign(targets=[Name(id='h', ctx=Store())], value=Constant(value=1.5)), Assign(targets=[Name(id='i', ctx=Store())], value=Constant(value=0.5)), Assign(targets=[Name(id='j', ctx=Store())], value=Constant(value=5.0)), Assign(targets=[Name(id='k', ctx=Store())], value=Constant(value=10000000000.0)), Assign(targets=[Name(id='l', ctx=Store())], value=Constant(value=0.0015)), Assign(targets=[Name(id='m', ctx=Store())], value=Constant(value=100100000000.0)), Assign(targets=[Name(id='n', ctx=Store())], value=Constant(value=0)), Assign(targets=[Name(id='o', ctx=Store())], value=Constant(value=123456789012345678901234567890)), Assign(targets=[Name(id='p', ctx=Store())], value=Constant(value=79228162514264337593543950335)), Assign(targets=[Name(id='q', ctx=Store())], value=Constant(value=inf)), Assign(targets=[Name(id='r', ctx=Store())], value=Constant(value=0.1)), Assign(targets=[Name(id='s', ctx=Store())], value=Constant(value=1e+16)), Assign(targets=[Name(id='t', ctx=Store())], value=Constant(value=1.23456e-05))], type_ignores=[])"#;
    number_then_keyword:
        r#"x = 1if y else 2
z = [0x1for x in y]"#
        => r#"Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=IfExp(test=Name(id='y', ctx=Load()), body=Constant(value=1), orelse=Constant(value=2))), Assign(targets=[Name(id='z', ctx=Store())], value=List(elts=[BoolOp(op=Or(), values=[Constant(value=31), Compare(left=Name(id='x', ctx=Load()), ops=[In()], comparators=[Name(id='y', ctx=Load())])])], ctx=Load()))], type_ignores=[])"#;
    strings_prefixes:
        r#"a = 'x'
b = "y"
c = r'\n'
d = b'\x00\xff'
e = rb'\d'
f = BR'\d'
h = R'raw'
i = '''tri
ple'''
j = """dq""""#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=Constant(value='x')), Assign(targets=[Name(id='b', ctx=Store())], value=Constant(value='y')), Assign(targets=[Name(id='c', ctx=Store())], value=Constant(value='\\n')), Assign(targets=[Name(id='d', ctx=Store())], value=Constant(value=b'\x00\xff')), Assign(targets=[Name(id='e', ctx=Store())], value=Constant(value=b'\\d')), Assign(targets=[Name(id='f', ctx=Store())], value=Constant(value=b'\\d')), Assign(targets=[Name(id='h', ctx=Store())], value=Constant(value='raw')), Assign(targets=[Name(id='i', ctx=Store())], value=Constant(value='tri\nple')), Assign(targets=[Name(id='j', ctx=Store())], value=Constant(value='dq'))], type_ignores=[])"#;
    string_escapes:
        r#"s = '\n\t\\\'\"\a\b\f\v\r\x41\u00e9\U0001F600\101\0\q'
t = b'\n\101\x7f\q'"#
        => r#"Module(body=[Assign(targets=[Name(id='s', ctx=Store())], value=Constant(value='\n\t\\\'"\x07\x08\x0c\x0b\rAé😀A\x00\\q')), Assign(targets=[Name(id='t', ctx=Store())], value=Constant(value=b'\nA\x7f\\q'))], type_ignores=[])"#;
    string_concat:
        r#"s = 'a' 'b' "c"
b = b'a' b'b'
t = ('x'
     'y')"#
        => r#"Module(body=[Assign(targets=[Name(id='s', ctx=Store())], value=Constant(value='abc')), Assign(targets=[Name(id='b', ctx=Store())], value=Constant(value=b'ab')), Assign(targets=[Name(id='t', ctx=Store())], value=Constant(value='xy'))], type_ignores=[])"#;
    line_continuation_in_string:
        r#"s = 'ab\
cd'"#
        => r#"Module(body=[Assign(targets=[Name(id='s', ctx=Store())], value=Constant(value='abcd'))], type_ignores=[])"#;
    fstrings:
        r#"a = f'{x}'
b = f'{x!r} and {y!s:>10} {z!a}'
c = f'{x:{w}.{p}}'
d = f'{{literal}} {x}'
e = f''
f = f'plain'
g = rf'\d{x}'
h = F'{x:}'"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])), Assign(targets=[Name(id='b', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=114), Constant(value=' and '), FormattedValue(value=Name(id='y', ctx=Load()), conversion=115, format_spec=JoinedStr(values=[Constant(value='>10')])), Constant(value=' '), FormattedValue(value=Name(id='z', ctx=Load()), conversion=97)])), Assign(targets=[Name(id='c', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id='w', ctx=Load()), conversion=-1), Constant(value='.'), FormattedValue(value=Name(id='p', ctx=Load()), conversion=-1)]))])), Assign(targets=[Name(id='d', ctx=Store())], value=JoinedStr(values=[Constant(value='{literal} '), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])), Assign(targets=[Name(id='e', ctx=Store())], value=JoinedStr(values=[])), Assign(targets=[Name(id='f', ctx=Store())], value=JoinedStr(values=[Constant(value='plain')])), Assign(targets=[Name(id='g', ctx=Store())], value=JoinedStr(values=[Constant(value='\\d'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])), Assign(targets=[Name(id='h', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[]))]))], type_ignores=[])"#;
    fstring_debug:
        r#"a = f'{x=}'
b = f'{x = }'
c = f'{x=!s}'
d = f'{x=:>10}'
e = f'{a.b()=}'"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])), Assign(targets=[Name(id='b', ctx=Store())], value=JoinedStr(values=[Constant(value='x = '), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114)])), Assign(targets=[Name(id='c', ctx=Store())], value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=115)])), Assign(targets=[Name(id='d', ctx=Store())], value=JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='>10')]))])), Assign(targets=[Name(id='e', ctx=Store())], value=JoinedStr(values=[Constant(value='a.b()='), FormattedValue(value=Call(func=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), args=[], keywords=[]), conversion=114)]))], type_ignores=[])"#;
    fstring_concat:
        r#"a = 'x' f'{y}' 'z'
b = f'{a}' f'{b}'
c = 'p' f'q'"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=JoinedStr(values=[Constant(value='x'), FormattedValue(value=Name(id='y', ctx=Load()), conversion=-1), Constant(value='z')])), Assign(targets=[Name(id='b', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Name(id='a', ctx=Load()), conversion=-1), FormattedValue(value=Name(id='b', ctx=Load()), conversion=-1)])), Assign(targets=[Name(id='c', ctx=Store())], value=JoinedStr(values=[Constant(value='pq')]))], type_ignores=[])"#;
    fstring_nested:
        r#"a = f'{f"{x}"}'
b = f"{d['k']}"
c = f'{x, y}'
d = f'''{
x
}'''
e = f'{(lambda: 1)()}'
f = f'{a if b else c}'"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)]), conversion=-1)])), Assign(targets=[Name(id='b', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id='d', ctx=Load()), slice=Constant(value='k'), ctx=Load()), conversion=-1)])), Assign(targets=[Name(id='c', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Tuple(elts=[Name(id='x', ctx=Load()), Name(id='y', ctx=Load())], ctx=Load()), conversion=-1)])), Assign(targets=[Name(id='d', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])), Assign(targets=[Name(id='e', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=Call(func=Lambda(args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=Constant(value=1)), args=[], keywords=[]), conversion=-1)])), Assign(targets=[Name(id='f', ctx=Store())], value=JoinedStr(values=[FormattedValue(value=IfExp(test=Name(id='b', ctx=Load()), body=Name(id='a', ctx=Load()), orelse=Name(id='c', ctx=Load())), conversion=-1)]))], type_ignores=[])"#;
    unicode:
        r#"名字 = '中文'  # 注释
print(名字, 'é', f'{名字}')
class Ünïcode: pass"#
        => r#"Module(body=[Assign(targets=[Name(id='名字', ctx=Store())], value=Constant(value='中文')), Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Name(id='名字', ctx=Load()), Constant(value='é'), JoinedStr(values=[FormattedValue(value=Name(id='名字', ctx=Load()), conversion=-1)])], keywords=[])), ClassDef(name='Ünïcode', bases=[], keywords=[], body=[Pass()], decorator_list=[])], type_ignores=[])"#;
    comments_blank_lines:
        r#"# top

x = 1  # trailing


   # indented comment
if x:
    # inside

    y = 2
# end"#
        => r#"Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=1)), If(test=Name(id='x', ctx=Load()), body=[Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=2))], orelse=[])], type_ignores=[])"#;
    no_trailing_newline:
        r#"if x:
    y = 1"#
        => r#"Module(body=[If(test=Name(id='x', ctx=Load()), body=[Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=1))], orelse=[])], type_ignores=[])"#;
    backslash_continuation:
        r#"x = 1 + \
    2
if a and \
   b:
    pass"#
        => r#"Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2))), If(test=BoolOp(op=And(), values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())]), body=[Pass()], orelse=[])], type_ignores=[])"#;
    brackets_span_lines:
        r#"x = [
    1,
  2,
        3,
]
f(a,
  b)
def g(
    a,
    b,
): pass"#
        => r#"Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=List(elts=[Constant(value=1), Constant(value=2), Constant(value=3)], ctx=Load())), Expr(value=Call(func=Name(id='f', ctx=Load()), args=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())], keywords=[])), FunctionDef(name='g', args=arguments(posonlyargs=[], args=[arg(arg='a'), arg(arg='b')], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Pass()], decorator_list=[])], type_ignores=[])"#;
    tabs_indentation:
        "if x:\n\tif y:\n\t\tpass\n\telse:\n\t\tpass"
        => r#"Module(body=[If(test=Name(id='x', ctx=Load()), body=[If(test=Name(id='y', ctx=Load()), body=[Pass()], orelse=[Pass()])], orelse=[])], type_ignores=[])"#;
    ellipsis_constants:
        r#"x = ...
y = None
z = True, False"#
        => r#"Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=Ellipsis)), Assign(targets=[Name(id='y', ctx=Store())], value=Constant(value=None)), Assign(targets=[Name(id='z', ctx=Store())], value=Tuple(elts=[Constant(value=True), Constant(value=False)], ctx=Load()))], type_ignores=[])"#;
    print_call:
        r#"print('a', 'b', sep='', end='\n')"#
        => r#"Module(body=[Expr(value=Call(func=Name(id='print', ctx=Load()), args=[Constant(value='a'), Constant(value='b')], keywords=[keyword(arg='sep', value=Constant(value='')), keyword(arg='end', value=Constant(value='\n'))]))], type_ignores=[])"#;
    return_forms:
        r#"def f():
    return
    return 1
    return 1, 2
    return *a, b"#
        => r#"Module(body=[FunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Return(), Return(value=Constant(value=1)), Return(value=Tuple(elts=[Constant(value=1), Constant(value=2)], ctx=Load())), Return(value=Tuple(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()))], decorator_list=[])], type_ignores=[])"#;
    expression_statements:
        r#"x
x.y
f()
1 + 2
'doc'
*a, b"#
        => r#"Module(body=[Expr(value=Name(id='x', ctx=Load())), Expr(value=Attribute(value=Name(id='x', ctx=Load()), attr='y', ctx=Load())), Expr(value=Call(func=Name(id='f', ctx=Load()), args=[], keywords=[])), Expr(value=BinOp(left=Constant(value=1), op=Add(), right=Constant(value=2))), Expr(value=Constant(value='doc')), Expr(value=Tuple(elts=[Starred(value=Name(id='a', ctx=Load()), ctx=Load()), Name(id='b', ctx=Load())], ctx=Load()))], type_ignores=[])"#;
    dict_set_comp_nested:
        r#"a = {(k, v) for k in x for v in y if k != v}
b = [[i * j for j in range(3)] for i in range(3)]"#
        => r#"Module(body=[Assign(targets=[Name(id='a', ctx=Store())], value=SetComp(elt=Tuple(elts=[Name(id='k', ctx=Load()), Name(id='v', ctx=Load())], ctx=Load()), generators=[comprehension(target=Name(id='k', ctx=Store()), iter=Name(id='x', ctx=Load()), ifs=[], is_async=0), comprehension(target=Name(id='v', ctx=Store()), iter=Name(id='y', ctx=Load()), ifs=[Compare(left=Name(id='k', ctx=Load()), ops=[NotEq()], comparators=[Name(id='v', ctx=Load())])], is_async=0)])), Assign(targets=[Name(id='b', ctx=Store())], value=ListComp(elt=ListComp(elt=BinOp(left=Name(id='i', ctx=Load()), op=Mult(), right=Name(id='j', ctx=Load())), generators=[comprehension(target=Name(id='j', ctx=Store()), iter=Call(func=Name(id='range', ctx=Load()), args=[Constant(value=3)], keywords=[]), ifs=[], is_async=0)]), generators=[comprehension(target=Name(id='i', ctx=Store()), iter=Call(func=Name(id='range', ctx=Load()), args=[Constant(value=3)], keywords=[]), ifs=[], is_async=0)]))], type_ignores=[])"#;
    subscript_assign:
        r#"a[1:2] = b
a[i][j] = c
a.b[c].d = e"#
        => r#"Module(body=[Assign(targets=[Subscript(value=Name(id='a', ctx=Load()), slice=Slice(lower=Constant(value=1), upper=Constant(value=2)), ctx=Store())], value=Name(id='b', ctx=Load())), Assign(targets=[Subscript(value=Subscript(value=Name(id='a', ctx=Load()), slice=Name(id='i', ctx=Load()), ctx=Load()), slice=Name(id='j', ctx=Load()), ctx=Store())], value=Name(id='c', ctx=Load())), Assign(targets=[Attribute(value=Subscript(value=Attribute(value=Name(id='a', ctx=Load()), attr='b', ctx=Load()), slice=Name(id='c', ctx=Load()), ctx=Load()), attr='d', ctx=Store())], value=Name(id='e', ctx=Load()))], type_ignores=[])"#;
    await_precedence:
        r#"async def f():
    x = await a ** 2
    y = -await b
    z = await c.d()"#
        => r#"Module(body=[AsyncFunctionDef(name='f', args=arguments(posonlyargs=[], args=[], kwonlyargs=[], kw_defaults=[], defaults=[]), body=[Assign(targets=[Name(id='x', ctx=Store())], value=BinOp(left=Await(value=Name(id='a', ctx=Load())), op=Pow(), right=Constant(value=2))), Assign(targets=[Name(id='y', ctx=Store())], value=UnaryOp(op=USub(), operand=Await(value=Name(id='b', ctx=Load())))), Assign(targets=[Name(id='z', ctx=Store())], value=Await(value=Call(func=Attribute(value=Name(id='c', ctx=Load()), attr='d', ctx=Load()), args=[], keywords=[])))], decorator_list=[])], type_ignores=[])"#;
}
