//! Checks on parsed pieces that the grammar accepts too broadly.
//!
//! The grammar parses assignment targets, call arguments and parameter
//! lists loosely (any expression on the left of `=`, arguments in any
//! order); these functions reject what CPython rejects, with its messages.

use super::ast::{Arguments, Constant, Expr, ExprKind, UnaryOp};
use crate::diagnostics::Span;

/// A rejected construct: where and CPython's message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Invalid {
    /// What to point at.
    pub span: Span,
    /// The message.
    pub message: String,
}

fn invalid(span: Span, message: impl Into<String>) -> Invalid {
    Invalid {
        span,
        message: message.into(),
    }
}

type Check = Result<(), Invalid>;

/// Messages of checks that CPython makes in its compiler rather than its
/// parser (conc's parser makes them too, so the compiler need not).
const COMPILER_CHECKS: [&str; 6] = [
    "starred assignment target must be in a list or tuple",
    "multiple starred expressions in assignment",
    "can't use starred expression here",
    "duplicate argument",
    "keyword argument repeated",
    "cannot assign to __debug__",
];

/// Is this message one of CPython's compiler checks (see [`COMPILER_CHECKS`])?
pub(crate) fn is_compiler_check(message: &str) -> bool {
    COMPILER_CHECKS.iter().any(|m| message.starts_with(m))
}

/// CPython's name for an expression in error messages (`_PyPegen_get_expr_name`).
pub(crate) fn expr_name(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::Name(_) => "name",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::Bool(true)) => "True",
        ExprKind::Constant(Constant::Bool(false)) => "False",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// The first part of `e` that cannot be a target (`_PyPegen_get_invalid_target`).
fn invalid_target(e: &Expr, deleting: bool) -> Option<&Expr> {
    match &e.kind {
        ExprKind::List(items) | ExprKind::Tuple(items) => {
            items.iter().find_map(|item| invalid_target(item, deleting))
        }
        ExprKind::Starred(inner) if !deleting => invalid_target(inner, deleting),
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        _ => Some(e),
    }
}

/// Does `e` begin with what CPython's grammar calls a `bitwise_or`
/// (that is, not with `not`, `lambda`, `*` or `yield`)?
fn starts_with_bitwise_or(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Compare { left, .. } => starts_with_bitwise_or(left),
        ExprKind::BoolOp { values, .. } => values.first().is_some_and(starts_with_bitwise_or),
        ExprKind::IfExp { body, .. } => starts_with_bitwise_or(body),
        ExprKind::Tuple(items) => items.first().is_some_and(starts_with_bitwise_or),
        ExprKind::UnaryOp {
            op: UnaryOp::Not, ..
        }
        | ExprKind::Lambda { .. }
        | ExprKind::Starred(_)
        | ExprKind::Yield(_)
        | ExprKind::YieldFrom(_) => false,
        _ => true,
    }
}

/// Can `e` be what CPython's grammar calls a `bitwise_or` (an operand of
/// a comparison)? Parenthesized forms are, but the AST does not record
/// parentheses, so this answers for the unparenthesized form.
pub(crate) fn is_bitwise_or(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::Yield(_)
            | ExprKind::YieldFrom(_)
            | ExprKind::Compare { .. }
            | ExprKind::BoolOp { .. }
            | ExprKind::UnaryOp {
                op: UnaryOp::Not,
                ..
            }
            | ExprKind::Lambda { .. }
            | ExprKind::IfExp { .. }
            | ExprKind::Starred(_)
    )
}

/// A store target: names, attributes, subscripts, and lists or tuples of
/// them with at most one starred item each; `*a` alone only inside one.
pub(crate) fn check_store_target(target: &Expr) -> Check {
    if let Some(bad) = invalid_target(target, false) {
        return Err(cannot_assign(bad));
    }
    if let ExprKind::Starred(_) = target.kind {
        return Err(invalid(
            target.span,
            "starred assignment target must be in a list or tuple",
        ));
    }
    check_starred_and_names(target)
}

fn cannot_assign(bad: &Expr) -> Invalid {
    if matches!(bad.kind, ExprKind::Yield(_) | ExprKind::YieldFrom(_)) {
        return invalid(bad.span, "assignment to yield expression not possible");
    }
    invalid(bad.span, format!("cannot assign to {}", expr_name(bad)))
}

fn check_starred_and_names(target: &Expr) -> Check {
    match &target.kind {
        ExprKind::List(items) | ExprKind::Tuple(items) => {
            let mut starred = items
                .iter()
                .filter(|e| matches!(e.kind, ExprKind::Starred(_)));
            if let (Some(_), Some(second)) = (starred.next(), starred.next()) {
                return Err(invalid(
                    second.span,
                    "multiple starred expressions in assignment",
                ));
            }
            items.iter().try_for_each(check_starred_and_names)
        }
        ExprKind::Starred(inner) => check_starred_and_names(inner),
        ExprKind::Name(name) if name == "__debug__" => {
            Err(invalid(target.span, "cannot assign to __debug__"))
        }
        _ => Ok(()),
    }
}

/// `t1 = t2 = value`. `bare[i]` says target i (and `bare[targets.len()]`
/// the value) was a tuple written without parentheses (`a, b = ...`),
/// which decides CPython's wording.
pub(crate) fn check_assignment(targets: &[Expr], value: &Expr, bare: &[bool]) -> Check {
    let Some(bad_index) = targets
        .iter()
        .position(|t| invalid_target(t, false).is_some())
    else {
        return targets.iter().try_for_each(check_store_target);
    };
    if let Some(typo) = equals_typo(targets, value, bare) {
        return Err(typo);
    }
    let bad = invalid_target(&targets[bad_index], false).unwrap_or(&targets[bad_index]);
    Err(cannot_assign(bad))
}

/// CPython's `invalid_named_expression`, tried when an assignment is bad:
/// the last item of the first target, followed by `= <bitwise_or>` that is
/// not itself followed by `=`, looks like a mistyped `==`.
fn equals_typo(targets: &[Expr], value: &Expr, bare: &[bool]) -> Option<Invalid> {
    let first = targets.first()?;
    let e = match &first.kind {
        ExprKind::Tuple(items) if bare.first() == Some(&true) => items.last()?,
        _ => first,
    };
    let next = targets.get(1).unwrap_or(value);
    let next_is_value = targets.len() == 1;
    let next_is_one_operand = is_bitwise_or(next) && bare.get(1) != Some(&true);
    if !starts_with_bitwise_or(next) || (next_is_one_operand && !next_is_value) {
        return None;
    }
    let excluded = matches!(
        e.kind,
        ExprKind::List(_)
            | ExprKind::Tuple(_)
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Constant(Constant::None | Constant::Bool(_))
    );
    match &e.kind {
        ExprKind::Name(_) => Some(invalid(
            e.span,
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
        )),
        _ if is_bitwise_or(e) && !excluded => Some(invalid(
            e.span,
            format!(
                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                expr_name(e)
            ),
        )),
        _ => None,
    }
}

/// `target op= value`: only a name, attribute or subscript.
pub(crate) fn check_aug_target(target: &Expr) -> Check {
    match &target.kind {
        ExprKind::Name(name) if name == "__debug__" => {
            Err(invalid(target.span, "cannot assign to __debug__"))
        }
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        _ => Err(invalid(
            target.span,
            format!(
                "'{}' is an illegal expression for augmented assignment",
                expr_name(target)
            ),
        )),
    }
}

/// `target: annotation`: a single name, attribute or subscript.
pub(crate) fn check_ann_target(target: &Expr) -> Check {
    match &target.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
            check_starred_and_names(target)
        }
        ExprKind::Tuple(_) | ExprKind::List(_) => Err(invalid(
            target.span,
            format!(
                "only single target (not {}) can be annotated",
                expr_name(target)
            ),
        )),
        _ => Err(invalid(target.span, "illegal target for annotation")),
    }
}

/// `del a, b[0], c.d`.
pub(crate) fn check_delete_target(target: &Expr) -> Check {
    match invalid_target(target, true) {
        Some(bad) => Err(invalid(
            bad.span,
            format!("cannot delete {}", expr_name(bad)),
        )),
        None => Ok(()),
    }
}

/// A value where a lone `*x` is not allowed (`x = *a`, `return *a`).
pub(crate) fn check_not_starred(value: &Expr) -> Check {
    match value.kind {
        ExprKind::Starred(_) => Err(invalid(value.span, "can't use starred expression here")),
        _ => Ok(()),
    }
}

/// `(name := value)`: the target must be a plain name.
pub(crate) fn check_walrus_target(target: &Expr) -> Check {
    match target.kind {
        ExprKind::Name(_) => Ok(()),
        _ => Err(invalid(
            target.span,
            format!(
                "cannot use assignment expressions with {}",
                expr_name(target)
            ),
        )),
    }
}

/// One argument of a call, in source order, as the grammar found it.
#[derive(Debug)]
pub(crate) enum ArgKind {
    /// `x` (or an unparenthesized generator expression when `genexp`).
    Positional { genexp: bool },
    /// `*x`.
    Star,
    /// `name=x`.
    Keyword(String),
    /// `**x`.
    DoubleStar,
}

/// Argument order and the sole-generator rule of a call. CPython reports
/// misplaced positional arguments at the closing parenthesis (`close`).
pub(crate) fn check_call_arguments(
    args: &[(ArgKind, Span)],
    trailing_comma: bool,
    close: Span,
) -> Check {
    let mut seen_keyword = false;
    let mut seen_double_star = false;
    let mut keywords: Vec<&str> = Vec::new();
    for (kind, span) in args {
        match kind {
            ArgKind::Positional { genexp } => {
                if *genexp && (args.len() > 1 || trailing_comma) {
                    return Err(invalid(*span, "Generator expression must be parenthesized"));
                }
                if seen_double_star {
                    return Err(invalid(
                        close,
                        "positional argument follows keyword argument unpacking",
                    ));
                }
                if seen_keyword {
                    return Err(invalid(
                        close,
                        "positional argument follows keyword argument",
                    ));
                }
            }
            ArgKind::Star => {
                if seen_double_star {
                    return Err(invalid(
                        *span,
                        "iterable argument unpacking follows keyword argument unpacking",
                    ));
                }
            }
            ArgKind::Keyword(name) => {
                if keywords.contains(&name.as_str()) {
                    return Err(invalid(*span, format!("keyword argument repeated: {name}")));
                }
                keywords.push(name);
                seen_keyword = true;
            }
            ArgKind::DoubleStar => seen_double_star = true,
        }
    }
    Ok(())
}

/// One item of a parameter list, in source order.
#[derive(Debug)]
pub(crate) enum ParamItem {
    /// `a`, `a: T`, `a=1`.
    Plain { has_default: bool },
    /// `*` (`named: false`) or `*args`.
    Star { named: bool, has_default: bool },
    /// `**kwargs`.
    DoubleStar { has_default: bool },
    /// `/`.
    Slash,
}

/// The ordering rules of a `def` or `lambda` parameter list. `items` and
/// `spans` run in parallel; `args` is the list built from them.
pub(crate) fn check_parameters(items: &[(ParamItem, Span)], args: &Arguments) -> Check {
    let mut seen_default = false;
    let mut seen_star: Option<(bool, Span)> = None;
    let mut seen_slash = false;
    let mut seen_double_star = false;
    let mut named_since_star = false;
    for (index, (item, span)) in items.iter().enumerate() {
        if seen_double_star {
            return Err(invalid(
                *span,
                "arguments cannot follow var-keyword argument",
            ));
        }
        match item {
            ParamItem::Plain { has_default } => {
                if seen_star.is_some() {
                    named_since_star = true;
                } else if *has_default {
                    seen_default = true;
                } else if seen_default {
                    return Err(invalid(
                        *span,
                        "non-default argument follows default argument",
                    ));
                }
            }
            ParamItem::Slash => {
                if seen_slash {
                    return Err(invalid(*span, "/ may appear only once"));
                }
                if seen_star.is_some() {
                    return Err(invalid(*span, "/ must be ahead of *"));
                }
                if index == 0 {
                    return Err(invalid(*span, "at least one argument must precede /"));
                }
                seen_slash = true;
            }
            ParamItem::Star { named, has_default } => {
                if seen_star.is_some() {
                    return Err(invalid(*span, "* argument may appear only once"));
                }
                if *has_default {
                    return Err(invalid(
                        *span,
                        "var-positional argument cannot have default value",
                    ));
                }
                seen_star = Some((*named, *span));
            }
            ParamItem::DoubleStar { has_default } => {
                if *has_default {
                    return Err(invalid(
                        *span,
                        "var-keyword argument cannot have default value",
                    ));
                }
                if let Some((false, star_span)) = seen_star {
                    if !named_since_star {
                        return Err(invalid(star_span, "named arguments must follow bare *"));
                    }
                }
                seen_double_star = true;
            }
        }
    }
    if let Some((false, star_span)) = seen_star {
        if !named_since_star {
            return Err(invalid(star_span, "named arguments must follow bare *"));
        }
    }
    let all = args
        .posonlyargs
        .iter()
        .chain(&args.args)
        .chain(&args.vararg)
        .chain(&args.kwonlyargs)
        .chain(&args.kwarg);
    let mut names: Vec<&str> = Vec::new();
    for arg in all {
        if names.contains(&arg.name.as_str()) {
            return Err(invalid(
                arg.span,
                format!("duplicate argument '{}' in function definition", arg.name),
            ));
        }
        names.push(&arg.name);
    }
    Ok(())
}

/// `[*a for ...]` and `{**a for ...}` are not allowed.
pub(crate) fn check_comprehension_element(elt: &Expr, dict: bool) -> Check {
    match elt.kind {
        ExprKind::Starred(_) if dict => Err(invalid(
            elt.span,
            "dict unpacking cannot be used in dict comprehension",
        )),
        ExprKind::Starred(_) => Err(invalid(
            elt.span,
            "iterable unpacking cannot be used in comprehension",
        )),
        _ => Ok(()),
    }
}
