//! `gamma` and `lgamma` as CPython computes them (its own Lanczos
//! approximation, not the C library's), so results agree to the last bit.
// The coefficients are CPython's (Modules/mathmodule.c), digit for digit.
#![allow(clippy::excessive_precision)]

use std::f64::consts::PI;

/// Why a result is not a plain float (CPython's `errno` cases).
#[derive(Debug, PartialEq)]
pub enum MathError {
    /// `EDOM`: math domain error.
    Domain,
    /// `ERANGE` with this result (an overflow, or a harmless underflow).
    Range(f64),
}

const LANCZOS_G: f64 = 6.024680040776729583740234375;
const LANCZOS_G_MINUS_HALF: f64 = 5.524680040776729583740234375;

/// Numerator coefficients of the Lanczos sum (g = 6.02468..., N = 13).
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];

/// Denominator coefficients: x * (x+1) * ... * (x+11) expanded.
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];

/// log(pi).
const LOG_PI: f64 = 1.144729885849400174143427351353058711647;

/// The Lanczos sum for x > 0, evaluated in the direction that keeps it accurate.
fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// sin(pi * x) for finite x, exact at integers and half-integers.
fn sinpi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1.0f64.copysign(x) * r
}

/// Gamma(x).
pub fn tgamma(x: f64) -> Result<f64, MathError> {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return Ok(x);
        }
        return Err(MathError::Domain);
    }
    if x == 0.0 {
        return Err(MathError::Domain);
    }
    if x == x.floor() {
        if x < 0.0 {
            return Err(MathError::Domain);
        }
        if x <= 23.0 {
            // (x-1)! exactly.
            return Ok((1..x as u64).fold(1.0, |acc, k| acc * k as f64));
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return if r.is_infinite() {
            Err(MathError::Range(r))
        } else {
            Ok(r)
        };
    }
    if absx > 200.0 {
        if x < 0.0 {
            return Ok(0.0 / sinpi(x));
        }
        return Err(MathError::Range(f64::INFINITY));
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    // The rounding error of y, corrected for below.
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI / sinpi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r *= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if r.is_infinite() {
        return Err(MathError::Range(r));
    }
    Ok(r)
}

/// log(|Gamma(x)|).
pub fn lgamma(x: f64) -> Result<f64, MathError> {
    if !x.is_finite() {
        return Ok(if x.is_nan() { x } else { f64::INFINITY });
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            return Err(MathError::Domain);
        }
        return Ok(0.0);
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return Ok(-absx.ln());
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        // Reflection formula for negative x.
        r = LOG_PI - sinpi(absx).abs().ln() - absx.ln() - r;
    }
    if r.is_infinite() {
        return Err(MathError::Range(r));
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_match_cpython() {
        // Printed by CPython 3.11's math.gamma / math.lgamma.
        assert_eq!(tgamma(0.5), Ok(1.7724538509055159));
        assert_eq!(tgamma(-0.5), Ok(-3.544907701811032));
        assert_eq!(tgamma(123.456), Ok(8.853149329319216e+203));
        assert_eq!(tgamma(0.1), Ok(9.513507698668732));
        assert_eq!(tgamma(5.0), Ok(24.0));
        assert_eq!(tgamma(-1.0), Err(MathError::Domain));
        assert_eq!(tgamma(300.0), Err(MathError::Range(f64::INFINITY)));
        assert_eq!(lgamma(1.0), Ok(0.0));
        assert_eq!(lgamma(0.0), Err(MathError::Domain));
    }
}
