//! The digits of a float in Python's presentation styles (`f`, `e`, `g`,
//! and the `repr`-like style of an empty type), without sign or padding.
//!
//! Rust's `{:.N}` and `{:.Ne}` print the exact binary value correctly
//! rounded (ties to even), as CPython's `PyOS_double_to_string` does; this
//! module lays the result out with Python's exponent format (`e+05`), its
//! `g` thresholds and trailing-zero rules.

use crate::vm::ops::float_repr;

/// How to lay out the digits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Style {
    /// `f`: fixed point with `precision` decimals.
    Fixed,
    /// `e`: one digit, point, `precision` decimals, exponent.
    Exponent,
    /// `g`: `precision` significant digits, fixed or exponent by magnitude.
    General,
    /// No type and no precision: the shortest repr (`1e+16`, `0.1`).
    Repr,
}

/// What to print besides the style.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Decimals (`f`, `e`) or significant digits (`g`); ignored by `Repr`.
    pub precision: usize,
    /// `#`: keep trailing zeros (`g`) and always print a decimal point.
    pub alternate: bool,
    /// Empty type with a precision: `g` that keeps a `.0` and switches to
    /// exponent one digit earlier (CPython's `Py_DTSF_ADD_DOT_0`).
    pub add_dot_0: bool,
    /// `E`, `F`, `G`: upper-case `E`, `INF`, `NAN`.
    pub upper: bool,
}

/// Rust's float formatting refuses precisions above `u16::MAX`; a double's
/// exact decimal expansion never needs more than this many digits, so
/// anything beyond is zeros appended by hand.
const MAX_DIGITS: usize = 1100;

/// The text of `|x|` in `style` (`inf`/`nan` for non-finite values).
pub fn digits(x: f64, style: Style, opts: Options) -> String {
    let x = x.abs();
    let text = if !x.is_finite() {
        if x.is_nan() { "nan" } else { "inf" }.to_string()
    } else {
        match style {
            Style::Fixed => fixed(x, opts.precision, opts.alternate),
            Style::Exponent => exponent(x, opts.precision, opts.alternate),
            Style::General => general(x, opts),
            Style::Repr => repr(x, opts),
        }
    };
    if opts.upper {
        text.to_ascii_uppercase()
    } else {
        text
    }
}

fn fixed(x: f64, precision: usize, alternate: bool) -> String {
    let mut s = format!("{:.*}", precision.min(MAX_DIGITS), x);
    s.extend(std::iter::repeat_n(
        '0',
        precision.saturating_sub(MAX_DIGITS),
    ));
    if alternate && precision == 0 {
        s.push('.');
    }
    s
}

/// Mantissa digits (with point) and decimal exponent, `precision` decimals.
fn split_exponent(x: f64, precision: usize) -> (String, i32) {
    let sci = format!("{:.*e}", precision.min(MAX_DIGITS), x);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let mut mantissa = mantissa.to_string();
    mantissa.extend(std::iter::repeat_n(
        '0',
        precision.saturating_sub(MAX_DIGITS),
    ));
    (mantissa, exp.parse().unwrap_or(0))
}

/// `e+05`, `e-10`, `e+100`: sign and at least two digits.
fn exponent_suffix(exp: i32) -> String {
    format!(
        "e{}{:02}",
        if exp < 0 { '-' } else { '+' },
        exp.unsigned_abs()
    )
}

fn exponent(x: f64, precision: usize, alternate: bool) -> String {
    let (mut mantissa, exp) = split_exponent(x, precision);
    if alternate && precision == 0 {
        mantissa.push('.');
    }
    mantissa + &exponent_suffix(exp)
}

/// Drop trailing zeros after the point, and the point if nothing follows it.
fn strip_zeros(s: &mut String) {
    if s.contains('.') {
        let kept = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(kept);
    }
}

fn general(x: f64, opts: Options) -> String {
    let p = opts.precision.max(1);
    let (mut mantissa, exp) = split_exponent(x, p - 1);
    // `decpt > precision` in CPython's terms, one digit earlier with add_dot_0.
    let limit = if opts.add_dot_0 {
        p as i64 - 1
    } else {
        p as i64
    };
    let use_exponent = exp < -4 || exp as i64 >= limit;
    let mut s = if use_exponent {
        if !opts.alternate {
            strip_zeros(&mut mantissa);
        } else if !mantissa.contains('.') {
            mantissa.push('.');
        }
        mantissa + &exponent_suffix(exp)
    } else {
        let decimals = (p as i64 - 1 - exp as i64).max(0) as usize;
        let mut s = fixed(x, decimals, opts.alternate);
        if !opts.alternate {
            strip_zeros(&mut s);
        }
        s
    };
    if opts.add_dot_0 && !use_exponent && !s.contains('.') {
        s.push_str(".0");
    }
    s
}

fn repr(x: f64, opts: Options) -> String {
    let mut s = float_repr(x);
    if opts.alternate && !s.contains('.') {
        if let Some(e) = s.find('e') {
            s.insert(e, '.');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(precision: usize) -> Options {
        Options {
            precision,
            alternate: false,
            add_dot_0: false,
            upper: false,
        }
    }

    #[test]
    fn fixed_rounds_the_exact_value() {
        assert_eq!(digits(2.675, Style::Fixed, opts(2)), "2.67");
        assert_eq!(digits(0.125, Style::Fixed, opts(2)), "0.12");
        assert_eq!(digits(2.5, Style::Fixed, opts(0)), "2");
        assert_eq!(
            digits(1e300, Style::Fixed, opts(0))[..20],
            *"10000000000000000525"
        );
        assert_eq!(digits(1.5, Style::Fixed, opts(1200)).len(), 1202);
    }

    #[test]
    fn exponent_layout() {
        assert_eq!(digits(12345.678, Style::Exponent, opts(6)), "1.234568e+04");
        assert_eq!(
            digits(
                0.000123,
                Style::Exponent,
                Options {
                    upper: true,
                    ..opts(6)
                }
            ),
            "1.230000E-04"
        );
        assert_eq!(digits(1e100, Style::Exponent, opts(2)), "1.00e+100");
        assert_eq!(
            digits(
                12345.0,
                Style::Exponent,
                Options {
                    alternate: true,
                    ..opts(0)
                }
            ),
            "1.e+04"
        );
        assert_eq!(digits(0.0, Style::Exponent, opts(6)), "0.000000e+00");
    }

    #[test]
    fn general_thresholds() {
        let g = |x: f64, p: usize| digits(x, Style::General, opts(p));
        assert_eq!(g(1e-5, 6), "1e-05");
        assert_eq!(g(123456789.0, 6), "1.23457e+08");
        assert_eq!(g(0.0001, 6), "0.0001");
        assert_eq!(g(100000.0, 6), "100000");
        assert_eq!(g(1e6, 6), "1e+06");
        assert_eq!(g(1234567.0, 3), "1.23e+06");
        assert_eq!(g(1.0 / 3.0, 10), "0.3333333333");
        assert_eq!(g(0.0, 6), "0");
        assert_eq!(g(1e16, 6), "1e+16");
        let alt = |x: f64, p: usize| {
            digits(
                x,
                Style::General,
                Options {
                    alternate: true,
                    ..opts(p)
                },
            )
        };
        assert_eq!(alt(1.0, 6), "1.00000");
        assert_eq!(alt(100000.0, 6), "100000.");
        assert_eq!(alt(1e6, 6), "1.00000e+06");
        assert_eq!(alt(1.0, 3), "1.00");
    }

    #[test]
    fn empty_type_with_precision() {
        let d = |x: f64, p: usize| {
            digits(
                x,
                Style::General,
                Options {
                    add_dot_0: true,
                    ..opts(p)
                },
            )
        };
        assert_eq!(d(100.0, 3), "1e+02");
        assert_eq!(d(1.5, 3), "1.5");
        assert_eq!(d(123.0, 2), "1.2e+02");
        assert_eq!(d(1.5, 0), "2e+00");
        assert_eq!(d(0.1, 17), "0.10000000000000001");
        assert_eq!(d(100.0, 4), "100.0");
    }

    #[test]
    fn repr_style() {
        let r = |x: f64, alternate: bool| {
            digits(
                x,
                Style::Repr,
                Options {
                    alternate,
                    ..opts(0)
                },
            )
        };
        assert_eq!(r(1e16, false), "1e+16");
        assert_eq!(r(0.1, false), "0.1");
        assert_eq!(r(1e16, true), "1.e+16");
        assert_eq!(r(1e-7, true), "1.e-07");
        assert_eq!(r(3.0, true), "3.0");
        assert_eq!(
            digits(
                f64::NAN,
                Style::Fixed,
                Options {
                    upper: true,
                    ..opts(6)
                }
            ),
            "NAN"
        );
    }
}
