//! The `time` module: clocks, `sleep`, and calendar time (`localtime`,
//! `gmtime`, `strftime`, `ctime`) through the C library, as CPython does.
//!
//! Every reading of a clock goes through [`now`], so a virtual clock (for
//! reproducible runs) can replace them all in one place.

use super::{arg, module_dict, native_class, new_native_instance, opt_arg, payload, set};
use crate::native::{add_function, add_method, check_args, expect_int, set_constructor};
use crate::vm::ops::{as_f64, norm_index};
use crate::vm::{Args, Obj, Object, PyResult, Value, Vm};

/// The clocks conc reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Seconds since the Unix epoch (`time.time()`).
    Wall,
    /// Never goes back (`time.monotonic()`, `perf_counter()`, deadlines).
    Monotonic,
    /// CPU time of the process (`time.process_time()`).
    Process,
    /// CPU time of the calling thread (`time.thread_time()`).
    Thread,
}

/// The current reading of `clock`, in nanoseconds. The one place conc
/// reads a clock: in seeded runs (`--seed`) every clock is the scheduler's
/// virtual one, so programs see the same times on every run.
pub fn now(vm: &Vm, clock: Clock) -> i64 {
    if vm.rt.sched.is_seeded() {
        let secs = match clock {
            Clock::Wall => vm.clock_unix(),
            _ => vm.clock_monotonic(),
        };
        return (secs * 1e9) as i64;
    }
    let id = match clock {
        Clock::Wall => libc::CLOCK_REALTIME,
        Clock::Monotonic => libc::CLOCK_MONOTONIC,
        Clock::Process => libc::CLOCK_PROCESS_CPUTIME_ID,
        Clock::Thread => libc::CLOCK_THREAD_CPUTIME_ID,
    };
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock ids are supported on Linux.
    unsafe { libc::clock_gettime(id, &mut ts) };
    ts.tv_sec * 1_000_000_000 + ts.tv_nsec
}

/// Fill the `time` module.
pub fn init(vm: &mut Vm, module: &Obj) -> PyResult<()> {
    let d = module_dict(vm, module)?;
    add_function(vm, &d, "time", time);
    add_function(vm, &d, "time_ns", time_ns);
    add_function(vm, &d, "sleep", sleep);
    add_function(vm, &d, "monotonic", monotonic);
    add_function(vm, &d, "monotonic_ns", monotonic_ns);
    add_function(vm, &d, "perf_counter", monotonic);
    add_function(vm, &d, "perf_counter_ns", monotonic_ns);
    add_function(vm, &d, "process_time", process_time);
    add_function(vm, &d, "process_time_ns", process_time_ns);
    add_function(vm, &d, "thread_time", thread_time);
    add_function(vm, &d, "thread_time_ns", thread_time_ns);
    add_function(vm, &d, "ctime", ctime);
    add_function(vm, &d, "asctime", asctime);
    add_function(vm, &d, "localtime", localtime);
    add_function(vm, &d, "gmtime", gmtime);
    add_function(vm, &d, "mktime", mktime);
    add_function(vm, &d, "strftime", strftime);
    let class = struct_time_class(vm);
    set(vm, &d, "struct_time", Value::Obj(class));
    let (timezone, altzone, daylight, names) = zone_info(vm);
    set(vm, &d, "timezone", Value::Int(timezone));
    set(vm, &d, "altzone", Value::Int(altzone));
    set(vm, &d, "daylight", Value::Int(daylight));
    let names = vm.new_tuple(names.into_iter().map(Value::str).collect());
    set(vm, &d, "tzname", names);
    Ok(())
}

fn seconds(ns: i64) -> Value {
    Value::Float(ns as f64 / 1e9)
}

fn time(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "time", &args, 0, 0)?;
    Ok(seconds(now(vm, Clock::Wall)))
}

fn time_ns(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "time_ns", &args, 0, 0)?;
    Ok(Value::Int(now(vm, Clock::Wall)))
}

fn monotonic(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "monotonic", &args, 0, 0)?;
    Ok(seconds(now(vm, Clock::Monotonic)))
}

fn monotonic_ns(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "monotonic_ns", &args, 0, 0)?;
    Ok(Value::Int(now(vm, Clock::Monotonic)))
}

fn process_time(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "process_time", &args, 0, 0)?;
    Ok(seconds(now(vm, Clock::Process)))
}

fn process_time_ns(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "process_time_ns", &args, 0, 0)?;
    Ok(Value::Int(now(vm, Clock::Process)))
}

fn thread_time(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "thread_time", &args, 0, 0)?;
    Ok(seconds(now(vm, Clock::Thread)))
}

fn thread_time_ns(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "thread_time_ns", &args, 0, 0)?;
    Ok(Value::Int(now(vm, Clock::Thread)))
}

/// A number of seconds as a float (int or float only, as CPython).
fn seconds_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Int(_) | Value::Bool(_) | Value::Float(_) => Ok(as_f64(v).unwrap_or(0.0)),
        Value::Obj(o) if matches!(&**o, Object::BigInt(_)) => {
            Ok(as_f64(v).unwrap_or(f64::INFINITY))
        }
        _ => {
            let t = vm.type_name(v);
            Err(vm.type_error(format!("'{t}' object cannot be interpreted as an integer")))
        }
    }
}

fn sleep(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "sleep", &args, 1, 1)?;
    let secs = seconds_arg(vm, &args.pos[0])?;
    if secs.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    if secs * 1e9 >= i64::MAX as f64 {
        return Err(vm.new_error(
            "OverflowError",
            "timestamp too large to convert to C _PyTime_t",
        ));
    }
    // Through the scheduler: the GIL is released, Ctrl-C wakes it, virtual time may jump.
    vm.sleep(secs)?;
    Ok(Value::None)
}

// ---------------------------------------------------------------------------
// Calendar time.

/// The fields of a `struct_time`, in tuple order.
const FIELDS: [&str; 9] = [
    "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst",
];

/// A broken-down time as Python shows it (`tm_wday` 0 = Monday, `tm_yday` from 1).
#[derive(Debug, Clone, PartialEq)]
struct StructTime {
    fields: [i64; 9],
    zone: String,
    gmtoff: i64,
}

impl StructTime {
    fn from_tm(tm: &libc::tm) -> StructTime {
        let zone = if tm.tm_zone.is_null() {
            String::new()
        } else {
            // SAFETY: a non-null tm_zone from localtime_r/gmtime_r points to a NUL-terminated static string.
            unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
                .to_string_lossy()
                .into_owned()
        };
        StructTime {
            fields: [
                tm.tm_year as i64 + 1900,
                tm.tm_mon as i64 + 1,
                tm.tm_mday as i64,
                tm.tm_hour as i64,
                tm.tm_min as i64,
                tm.tm_sec as i64,
                (tm.tm_wday as i64 + 6) % 7,
                tm.tm_yday as i64 + 1,
                tm.tm_isdst as i64,
            ],
            zone,
            gmtoff: tm.tm_gmtoff,
        }
    }

    fn to_tm(&self) -> libc::tm {
        let f = &self.fields;
        // SAFETY: an all-zero `tm` is a valid value (null tm_zone included).
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        tm.tm_year = (f[0] - 1900) as i32;
        tm.tm_mon = (f[1] - 1) as i32;
        tm.tm_mday = f[2] as i32;
        tm.tm_hour = f[3] as i32;
        tm.tm_min = f[4] as i32;
        tm.tm_sec = f[5] as i32;
        tm.tm_wday = ((f[6] + 1) % 7) as i32;
        tm.tm_yday = (f[7] - 1) as i32;
        tm.tm_isdst = f[8] as i32;
        tm.tm_gmtoff = self.gmtoff;
        tm
    }

    /// C's `asctime` layout: `Sun Nov  2 00:35:02 2026`.
    fn asctime(&self) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let f = &self.fields;
        let day = DAYS[f[6].rem_euclid(7) as usize];
        let month = MONTHS[(f[1] - 1).rem_euclid(12) as usize];
        format!(
            "{day} {month} {:>2} {:02}:{:02}:{:02} {}",
            f[2], f[3], f[4], f[5], f[0]
        )
    }
}

/// Seconds since the epoch as a `time_t` (floor, as CPython), or the current time.
fn timestamp_arg(vm: &mut Vm, v: Option<Value>) -> PyResult<libc::time_t> {
    let Some(v) = v else {
        return Ok((now(vm, Clock::Wall).div_euclid(1_000_000_000)) as libc::time_t);
    };
    let secs = seconds_arg(vm, &v)?;
    if secs.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    let secs = secs.floor();
    if !(i64::MIN as f64..i64::MAX as f64).contains(&secs) {
        return Err(vm.new_error(
            "OverflowError",
            "timestamp out of range for platform time_t",
        ));
    }
    Ok(secs as libc::time_t)
}

extern "C" {
    /// Re-read the `TZ` environment variable (POSIX; not exported by the libc crate).
    fn tzset();
}

/// Broken-down local time (`local`) or UTC.
fn broken_down(vm: &mut Vm, t: libc::time_t, local: bool) -> PyResult<StructTime> {
    // SAFETY: an all-zero `tm` is valid; localtime_r/gmtime_r only write into it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are valid for the duration of the call.
    let ok = unsafe {
        if local {
            tzset();
            !libc::localtime_r(&t, &mut tm).is_null()
        } else {
            !libc::gmtime_r(&t, &mut tm).is_null()
        }
    };
    if !ok {
        return Err(vm.new_error(
            "OverflowError",
            "timestamp out of range for platform time_t",
        ));
    }
    Ok(StructTime::from_tm(&tm))
}

fn localtime(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "localtime", &args, 0, 1)?;
    let t = timestamp_arg(vm, opt_arg(&mut args, 0, "seconds"))?;
    let st = broken_down(vm, t, true)?;
    Ok(make_struct_time(vm, st))
}

fn gmtime(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "gmtime", &args, 0, 1)?;
    let t = timestamp_arg(vm, opt_arg(&mut args, 0, "seconds"))?;
    let st = broken_down(vm, t, false)?;
    Ok(make_struct_time(vm, st))
}

fn ctime(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "ctime", &args, 0, 1)?;
    let t = timestamp_arg(vm, opt_arg(&mut args, 0, "seconds"))?;
    let st = broken_down(vm, t, true)?;
    Ok(Value::str(st.asctime()))
}

/// A `struct_time` or 9-tuple argument, or the current local time.
fn time_tuple_arg(vm: &mut Vm, v: Option<Value>, func: &str) -> PyResult<StructTime> {
    let Some(v) = v else {
        let t = timestamp_arg(vm, None)?;
        return broken_down(vm, t, true);
    };
    if let Some(st) = payload::<StructTime>(&v) {
        return Ok(st.clone());
    }
    let items = match &v {
        Value::Obj(o) if matches!(&**o, Object::Tuple(_)) => vm.collect(&v)?,
        _ => {
            let t = vm.type_name(&v);
            return Err(vm.type_error(format!("Tuple or struct_time argument required, not {t}")));
        }
    };
    if items.len() != 9 {
        return Err(vm.type_error(format!("{func}(): illegal time tuple argument")));
    }
    let mut fields = [0i64; 9];
    for (f, item) in fields.iter_mut().zip(&items) {
        *f = expect_int(vm, item, "an integer is required")?;
    }
    Ok(StructTime {
        fields,
        zone: String::new(),
        gmtoff: 0,
    })
}

fn asctime(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "asctime", &args, 0, 1)?;
    let st = time_tuple_arg(vm, arg(&mut args, 0, "t"), "asctime")?;
    Ok(Value::str(st.asctime()))
}

fn mktime(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "mktime", &args, 1, 1)?;
    let st = time_tuple_arg(vm, args.pos.first().cloned(), "mktime")?;
    let mut tm = st.to_tm();
    tm.tm_wday = -1;
    // SAFETY: `tm` is a valid struct tm.
    let t = unsafe {
        tzset();
        libc::mktime(&mut tm)
    };
    if t == -1 && tm.tm_wday == -1 {
        return Err(vm.new_error("OverflowError", "mktime argument out of range"));
    }
    Ok(Value::Float(t as f64))
}

fn strftime(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "strftime", &args, 1, 2)?;
    let format = match args.pos[0].as_str() {
        Some(s) => s.to_string(),
        None => {
            let t = vm.type_name(&args.pos[0]);
            return Err(vm.type_error(format!("strftime() argument 1 must be str, not {t}")));
        }
    };
    let st = time_tuple_arg(vm, arg(&mut args, 1, "t"), "strftime")?;
    check_time_ranges(vm, &st)?;
    let Ok(cformat) = std::ffi::CString::new(format.clone()) else {
        return Err(vm.value_error("embedded null character"));
    };
    let tm = st.to_tm();
    // CPython grows the buffer until the result fits (an empty result is ambiguous).
    let mut size = 1024usize.max(format.len() * 4);
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: `buf` has `size` writable bytes, `cformat` is NUL-terminated, `tm` is valid.
        let n = unsafe {
            libc::strftime(
                buf.as_mut_ptr() as *mut libc::c_char,
                size,
                cformat.as_ptr(),
                &tm,
            )
        };
        if n > 0 || size >= 256 * format.len().max(1) {
            buf.truncate(n);
            return Ok(Value::str(String::from_utf8_lossy(&buf).into_owned()));
        }
        size *= 2;
    }
}

/// CPython's checks before calling the C library with a time tuple.
fn check_time_ranges(vm: &mut Vm, st: &StructTime) -> PyResult<()> {
    let f = &st.fields;
    let checks: [(bool, &str); 6] = [
        ((1..=12).contains(&f[1]) || f[1] == 0, "month out of range"),
        ((0..=31).contains(&f[2]), "day of month out of range"),
        ((0..=23).contains(&f[3]), "hour out of range"),
        ((0..=59).contains(&f[4]), "minute out of range"),
        ((0..=61).contains(&f[5]), "seconds out of range"),
        ((0..=366).contains(&f[7]), "day of year out of range"),
    ];
    for (ok, msg) in checks {
        if !ok {
            return Err(vm.value_error(msg));
        }
    }
    Ok(())
}

/// `time.timezone`, `altzone`, `daylight`, `tzname`, computed as CPython
/// does without the C globals: from January and July of this year.
fn zone_info(vm: &mut Vm) -> (i64, i64, i64, Vec<String>) {
    let now_s = now(vm, Clock::Wall).div_euclid(1_000_000_000);
    let year_start = now_s - now_s.rem_euclid(365 * 86400);
    let jan = broken_down(vm, year_start as libc::time_t, true).ok();
    let jul = broken_down(vm, (year_start + 182 * 86400) as libc::time_t, true).ok();
    match (jan, jul) {
        (Some(jan), Some(jul)) => {
            let (janzone, julzone) = (-jan.gmtoff, -jul.gmtoff);
            if janzone < julzone {
                // Southern hemisphere: DST in January.
                (
                    julzone,
                    janzone,
                    (janzone != julzone) as i64,
                    vec![jul.zone, jan.zone],
                )
            } else {
                (
                    janzone,
                    julzone,
                    (janzone != julzone) as i64,
                    vec![jan.zone, jul.zone],
                )
            }
        }
        _ => (0, 0, 0, vec!["UTC".into(), "UTC".into()]),
    }
}

// ---------------------------------------------------------------------------
// `struct_time`: a read-only 9-sequence with named fields.

fn struct_time_class(vm: &mut Vm) -> Obj {
    let object = vm.rt.types.object.clone();
    let class = native_class("struct_time", "time", &object);
    add_method(vm, &class, "__getitem__", st_getitem);
    add_method(vm, &class, "__len__", st_len);
    add_method(vm, &class, "__iter__", st_iter);
    add_method(vm, &class, "__repr__", st_repr);
    add_method(vm, &class, "__eq__", st_eq);
    add_method(vm, &class, "__hash__", st_hash);
    set_constructor(&class, st_new);
    class
}

/// A `struct_time` instance: the fields are also plain attributes.
fn make_struct_time(vm: &mut Vm, st: StructTime) -> Value {
    let class = match vm.loaded_module("time").and_then(|m| {
        let Value::Obj(m) = m else { return None };
        let d = vm.module_dict(&m)?;
        vm.dict_get_str(&d, "struct_time")
    }) {
        Some(Value::Obj(c)) => c,
        _ => struct_time_class(vm),
    };
    let fields = st.fields;
    let zone = st.zone.clone();
    let gmtoff = st.gmtoff;
    let inst = new_native_instance(&class, st);
    if let Value::Obj(o) = &inst {
        if let Object::Instance(i) = &**o {
            for (name, v) in FIELDS.iter().zip(fields) {
                vm.instance_set_str(i, name, Value::Int(v));
            }
            vm.instance_set_str(i, "tm_zone", Value::str(zone));
            vm.instance_set_str(i, "tm_gmtoff", Value::Int(gmtoff));
        }
    }
    inst
}

fn st_self(vm: &mut Vm, args: &Args) -> PyResult<StructTime> {
    super::self_payload::<StructTime>(vm, args, "struct_time", "time.struct_time").cloned()
}

fn st_tuple(vm: &mut Vm, st: &StructTime) -> Value {
    vm.new_tuple(st.fields.iter().map(|f| Value::Int(*f)).collect())
}

fn st_new(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "struct_time", &args, 2, 2)?;
    let items = vm.collect(&args.pos[1])?;
    if items.len() < 9 {
        let n = items.len();
        return Err(vm.type_error(format!(
            "time.struct_time() takes an at least 9-sequence ({n}-sequence given)"
        )));
    }
    let mut fields = [0i64; 9];
    for (f, item) in fields.iter_mut().zip(&items) {
        *f = expect_int(vm, item, "an integer is required")?;
    }
    Ok(make_struct_time(
        vm,
        StructTime {
            fields,
            zone: String::new(),
            gmtoff: 0,
        },
    ))
}

fn st_getitem(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "__getitem__", &args, 2, 2)?;
    let st = st_self(vm, &args)?;
    match &args.pos[1] {
        Value::Int(i) => match norm_index(*i, 9) {
            Some(i) => Ok(Value::Int(st.fields[i])),
            None => Err(vm.index_error("tuple index out of range")),
        },
        key => {
            let t = st_tuple(vm, &st);
            vm.getitem(&t, key)
        }
    }
}

fn st_len(vm: &mut Vm, args: Args) -> PyResult {
    st_self(vm, &args)?;
    Ok(Value::Int(9))
}

fn st_iter(vm: &mut Vm, args: Args) -> PyResult {
    let st = st_self(vm, &args)?;
    let t = st_tuple(vm, &st);
    vm.iter(&t)
}

fn st_repr(vm: &mut Vm, args: Args) -> PyResult {
    let st = st_self(vm, &args)?;
    let parts: Vec<String> = FIELDS
        .iter()
        .zip(st.fields)
        .map(|(n, v)| format!("{n}={v}"))
        .collect();
    Ok(Value::str(format!(
        "time.struct_time({})",
        parts.join(", ")
    )))
}

fn st_eq(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "__eq__", &args, 2, 2)?;
    let st = st_self(vm, &args)?;
    if let Some(other) = payload::<StructTime>(&args.pos[1]) {
        return Ok(Value::Bool(other.fields == st.fields));
    }
    let t = st_tuple(vm, &st);
    Ok(Value::Bool(vm.eq(&t, &args.pos[1])?))
}

fn st_hash(vm: &mut Vm, args: Args) -> PyResult {
    let st = st_self(vm, &args)?;
    let t = st_tuple(vm, &st);
    Ok(Value::Int(vm.hash(&t)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;

    fn call(vm: &mut Vm, f: crate::vm::NativeFn, args: Vec<Value>) -> PyResult {
        f(vm, Args::new(args))
    }

    #[test]
    fn clocks_advance() {
        let mut vm = test_vm();
        let a = now(&vm, Clock::Monotonic);
        call(&mut vm, sleep, vec![Value::Float(0.002)]).unwrap();
        assert!(now(&vm, Clock::Monotonic) - a >= 2_000_000);
        let Value::Float(t) = call(&mut vm, time, vec![]).unwrap() else {
            panic!()
        };
        assert!(t > 1.6e9);
    }

    #[test]
    fn sleep_rejects_negative_and_wakes_on_interrupt() {
        let mut vm = test_vm();
        let e = call(&mut vm, sleep, vec![Value::Int(-1)]).unwrap_err();
        assert_eq!(
            crate::native::modules::error_text(&mut vm, &e),
            "ValueError: sleep length must be non-negative"
        );
        vm.rt
            .interrupted
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let e = call(&mut vm, sleep, vec![Value::Int(100)]).unwrap_err();
        assert!(vm.exc_is(&e, "KeyboardInterrupt"));
    }

    #[test]
    fn gmtime_and_asctime() {
        let mut vm = test_vm();
        let t = call(&mut vm, gmtime, vec![Value::Int(0)]).unwrap();
        assert_eq!(
            vm.repr(&t).unwrap(),
            "time.struct_time(tm_year=1970, tm_mon=1, tm_mday=1, tm_hour=0, tm_min=0, tm_sec=0, tm_wday=3, tm_yday=1, tm_isdst=0)"
        );
        let s = call(&mut vm, asctime, vec![t.clone()]).unwrap();
        assert_eq!(s.as_str(), Some("Thu Jan  1 00:00:00 1970"));
        let f = call(
            &mut vm,
            strftime,
            vec![Value::str("%Y-%m-%d %H:%M:%S %a"), t.clone()],
        )
        .unwrap();
        assert_eq!(f.as_str(), Some("1970-01-01 00:00:00 Thu"));
        let year = vm.getattr_str(&t, "tm_year").unwrap();
        assert!(matches!(year, Value::Int(1970)));
        let wday = vm.getitem(&t, &Value::Int(-3)).unwrap();
        assert!(matches!(wday, Value::Int(3)));
    }

    #[test]
    fn ctime_has_c_layout() {
        let mut vm = test_vm();
        let s = call(&mut vm, ctime, vec![Value::Int(1_000_000_000)]).unwrap();
        let s = s.as_str().unwrap().to_string();
        assert_eq!(s.len(), 24, "{s}");
        assert!(s.ends_with("2001"), "{s}");
    }
}
