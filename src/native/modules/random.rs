//! The `random` module, reproducing CPython 3.11's sequences exactly for a
//! given seed: the MT19937 generator seeded by `init_by_array`, and
//! `random.py`'s algorithms (`_randbelow` via `getrandbits`, `shuffle`,
//! `sample`, `choices`, `gauss`...) step for step.
//!
//! All native rather than a conc `random.py` over a native `_random`: the
//! Python layer is a few dozen lines, and lessons call `randint` and
//! `random()` in tight loops, where native code is many times faster.
//!
//! The generator state lives in `Random` instances (the module functions
//! are bound methods of a hidden instance, as in CPython), so each
//! interpreter has its own.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive};

use super::math::{index, real};
use super::sha512::sha512;
use super::{
    arg, construct, module_dict, native_class, new_native_instance, opt_arg, self_payload, set,
};
use crate::native::{add_method, check_args, set_constructor};
use crate::vm::ops::int_from_big;
use crate::vm::{Args, GilCell, Obj, Object, PyResult, Value, Vm};

// ---------------------------------------------------------------------------
// The Mersenne Twister (as CPython's `_randommodule.c`).

const N: usize = 624;
const M: usize = 397;

/// MT19937 state.
#[derive(Clone)]
struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Mt {
        let mut mt = Mt {
            state: [0; N],
            index: N + 1,
        };
        mt.init_genrand(19650218);
        mt
    }

    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1664525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1566083941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & UPPER) | (self.state[(k + 1) % N] & LOWER);
                let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
                self.state[k] = self.state[(k + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A float in [0, 1) with 53 random bits.
    fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }

    /// `getrandbits(k)` as little-endian 32-bit words.
    fn random_words(&mut self, k: u64) -> Vec<u32> {
        let mut left = k;
        let mut words = Vec::with_capacity(k.div_ceil(32) as usize);
        while left > 0 {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            words.push(r);
            left = left.saturating_sub(32);
        }
        words
    }

    /// `getrandbits(k)` for k <= 64.
    fn bits_u64(&mut self, k: u32) -> u64 {
        let words = self.random_words(k as u64);
        words
            .iter()
            .rev()
            .fold(0u64, |acc, w| (acc << 32) | *w as u64)
    }

    fn getrandbits(&mut self, k: u64) -> BigInt {
        BigInt::from_slice(Sign::Plus, &self.random_words(k))
    }

    /// `_randbelow_with_getrandbits(n)` for n > 0.
    fn below(&mut self, n: &BigInt) -> BigInt {
        if let Some(small) = n.to_u64() {
            return BigInt::from(self.below_u64(small));
        }
        let k = n.bits();
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }

    fn below_u64(&mut self, n: u64) -> u64 {
        let k = 64 - n.leading_zeros();
        loop {
            let r = self.bits_u64(k);
            if r < n {
                return r;
            }
        }
    }
}

/// A `Random` instance's state.
struct RandomState {
    mt: Mt,
    /// The second value of the last Box-Muller pair (`gauss`).
    gauss_next: Option<f64>,
}

type State = GilCell<RandomState>;

// ---------------------------------------------------------------------------
// Seeding.

/// 624 words of OS entropy, for `seed(None)`. The one place randomness
/// enters. In seeded runs (`--seed`) the key comes from the virtual clock
/// instead, so the run repeats exactly.
fn entropy_words(vm: &Vm) -> Vec<u32> {
    if let Some(seed) = vm.rt.sched.seed() {
        let t = vm.clock_unix().to_bits() ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        return vec![t as u32, (t >> 32) as u32, seed as u32, (seed >> 32) as u32];
    }
    match super::os::urandom_bytes(N * 4) {
        Ok(bytes) => bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        Err(_) => {
            // No OS entropy: fall back to the clock and pid, as CPython does.
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            vec![t as u32, (t >> 32) as u32, std::process::id()]
        }
    }
}

/// The little-endian 32-bit words of |n| (at least one).
fn int_words(n: &BigInt) -> Vec<u32> {
    let mut words = n.abs().to_u32_digits().1;
    if words.is_empty() {
        words.push(0);
    }
    words
}

/// CPython's hash of a float (`_Py_HashDouble`), which `seed(float)` uses.
fn cpython_float_hash(v: f64) -> i64 {
    const BITS: u32 = 61;
    const MODULUS: u64 = (1 << BITS) - 1;
    if !v.is_finite() {
        return if v.is_infinite() {
            if v > 0.0 {
                314159
            } else {
                -314159
            }
        } else {
            0
        };
    }
    let (mut m, mut e) = super::math::frexp_parts(v);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
    };
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS as i64
    } else {
        BITS as i64 - 1 - ((-1 - e) % BITS as i64)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let h = (x as i64) * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// The key `seed(a)` feeds to `init_by_array`, following `random.py`
/// (version 2: str and bytes through SHA-512) and `_random.Random.seed`.
fn seed_key(vm: &mut Vm, a: &Value) -> PyResult<Vec<u32>> {
    let text_bytes: Option<Vec<u8>> = match a {
        Value::Obj(o) => match &**o {
            Object::Str(s) => Some(s.as_str().as_bytes().to_vec()),
            Object::Bytes(b) => Some(b.to_vec()),
            Object::ByteArray(b) => Some(b.borrow(&vm.gil).clone()),
            _ => None,
        },
        _ => None,
    };
    if let Some(mut bytes) = text_bytes {
        // a = int.from_bytes(a + sha512(a).digest(), 'big')
        let digest = sha512(&bytes);
        bytes.extend_from_slice(&digest);
        return Ok(int_words(&BigInt::from_bytes_be(Sign::Plus, &bytes)));
    }
    match a {
        Value::Float(f) => {
            // CPython hashes the float and reads the hash as an unsigned size_t.
            let h = cpython_float_hash(*f) as u64;
            Ok(int_words(&BigInt::from(h)))
        }
        _ => match crate::vm::ops::as_bigint(a) {
            Some(n) => Ok(int_words(&n)),
            None => Err(vm.type_error(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
            )),
        },
    }
}

// ---------------------------------------------------------------------------
// The module.

/// Fill the `random` module: the `Random` class and the functions bound to a hidden instance.
pub fn init(vm: &mut Vm, module: &Obj) -> PyResult<()> {
    let d = module_dict(vm, module)?;
    let object = vm.rt.types.object.clone();
    let class = native_class("Random", "random", &object);
    set_constructor(&class, random_new);
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("__init__", random_init),
        ("seed", seed),
        ("random", random),
        ("getrandbits", getrandbits),
        ("randrange", randrange),
        ("randint", randint),
        ("choice", choice),
        ("shuffle", shuffle),
        ("sample", sample),
        ("choices", choices),
        ("uniform", uniform),
        ("triangular", triangular),
        ("gauss", gauss),
        ("normalvariate", normalvariate),
        ("expovariate", expovariate),
        ("lognormvariate", lognormvariate),
        ("paretovariate", paretovariate),
        ("weibullvariate", weibullvariate),
        ("randbytes", randbytes),
        ("getstate", getstate),
        ("setstate", setstate),
    ];
    for (name, f) in methods {
        add_method(vm, &class, name, *f);
    }
    set(vm, &d, "Random", Value::Obj(class.clone()));
    let inst = new_native_instance(&class, fresh_state(vm));
    set(vm, &d, "_inst", inst.clone());
    for (name, _) in methods.iter().filter(|(n, _)| !n.starts_with('_')) {
        let method = vm.getattr_str(&inst, name)?;
        set(vm, &d, name, method);
    }
    Ok(())
}

/// A generator seeded from the OS.
fn fresh_state(vm: &Vm) -> State {
    let mut mt = Mt::new();
    mt.init_by_array(&entropy_words(vm));
    GilCell::new(RandomState {
        mt,
        gauss_next: None,
    })
}

fn random_new(vm: &mut Vm, args: Args) -> PyResult {
    let state = fresh_state(vm);
    construct(vm, args, state)
}

fn state<'a>(vm: &mut Vm, args: &'a Args, method: &str) -> PyResult<&'a State> {
    self_payload::<State>(vm, args, method, "random.Random")
}

/// Run `f` on the generator of `args[0]` (no conc code may run inside).
fn with_mt<R>(vm: &mut Vm, args: &Args, method: &str, f: impl FnOnce(&mut Mt) -> R) -> PyResult<R> {
    let st = state(vm, args, method)?;
    let mut st = st.borrow_mut(&vm.gil);
    Ok(f(&mut st.mt))
}

fn random_init(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "Random", &args, 1, 2)?;
    let x = arg(&mut args, 1, "x").unwrap_or(Value::None);
    args.pos.truncate(1);
    args.pos.push(x);
    seed(vm, args)
}

fn seed(vm: &mut Vm, mut args: Args) -> PyResult {
    let a = arg(&mut args, 1, "a").unwrap_or(Value::None);
    let key = if a.is_none() {
        entropy_words(vm)
    } else {
        seed_key(vm, &a)?
    };
    let st = state(vm, &args, "seed")?;
    let mut st = st.borrow_mut(&vm.gil);
    st.mt.init_by_array(&key);
    st.gauss_next = None;
    Ok(Value::None)
}

fn random(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "random", &args, 1, 1)?;
    Ok(Value::Float(with_mt(vm, &args, "random", Mt::random)?))
}

fn getrandbits(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "getrandbits", &args, 2, 2)?;
    let k = index(vm, &args.pos[1])?;
    if k.is_negative() {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    let Some(k) = k.to_u64().filter(|k| *k < 1 << 40) else {
        return Err(vm.new_error("OverflowError", "Python int too large to convert to C int"));
    };
    let r = with_mt(vm, &args, "getrandbits", |mt| mt.getrandbits(k))?;
    Ok(int_from_big(r))
}

/// An integer argument of `randrange`: ints, and integral floats as 3.11 still allows.
fn range_arg(vm: &mut Vm, v: &Value, what: &str) -> PyResult<BigInt> {
    if let Value::Float(f) = v {
        if f.fract() != 0.0 || !f.is_finite() {
            return Err(vm.value_error(format!("non-integer {what} for randrange()")));
        }
        return Ok(num_traits::FromPrimitive::from_f64(*f).unwrap_or_default());
    }
    index(vm, v)
}

/// `randrange(start, stop=None, step=1)`, as `random.py`.
fn randrange_of(
    vm: &mut Vm,
    args: &Args,
    start: &Value,
    stop: &Value,
    step: Option<&Value>,
) -> PyResult<BigInt> {
    let istart = range_arg(vm, start, "arg 1")?;
    if stop.is_none() {
        if step.is_some() {
            return Err(vm.type_error("Missing a non-None stop argument"));
        }
        if istart.is_positive() {
            return with_mt(vm, args, "randrange", |mt| mt.below(&istart));
        }
        return Err(vm.value_error("empty range for randrange()"));
    }
    let istop = range_arg(vm, stop, "stop")?;
    let width = &istop - &istart;
    let istep = match step {
        Some(s) => range_arg(vm, s, "step")?,
        None => BigInt::one(),
    };
    if istep.is_one() {
        if width.is_positive() {
            let r = with_mt(vm, args, "randrange", |mt| mt.below(&width))?;
            return Ok(istart + r);
        }
        return Err(vm.value_error(format!(
            "empty range for randrange() ({istart}, {istop}, {width})"
        )));
    }
    let n = if istep.is_positive() {
        (&width + &istep - BigInt::one()).div_floor(&istep)
    } else if istep.is_negative() {
        (&width + &istep + BigInt::one()).div_floor(&istep)
    } else {
        return Err(vm.value_error("zero step for randrange()"));
    };
    if !n.is_positive() {
        return Err(vm.value_error("empty range for randrange()"));
    }
    let r = with_mt(vm, args, "randrange", |mt| mt.below(&n))?;
    Ok(istart + istep * r)
}

fn randrange(vm: &mut Vm, mut args: Args) -> PyResult {
    check_args(vm, "randrange", &args, 2, 4)?;
    let start = arg(&mut args, 1, "start").unwrap_or(Value::None);
    let stop = arg(&mut args, 2, "stop").unwrap_or(Value::None);
    let step = arg(&mut args, 3, "step");
    let r = randrange_of(vm, &args, &start, &stop, step.as_ref())?;
    Ok(int_from_big(r))
}

fn randint(vm: &mut Vm, args: Args) -> PyResult {
    if args.pos.len() != 3 {
        let missing = match args.pos.len() {
            1 => "2 required positional arguments: 'a' and 'b'",
            2 => "1 required positional argument: 'b'",
            _ => "",
        };
        if missing.is_empty() {
            let n = args.pos.len();
            return Err(vm.type_error(format!(
                "Random.randint() takes 3 positional arguments but {n} were given"
            )));
        }
        return Err(vm.type_error(format!("Random.randint() missing {missing}")));
    }
    // Fast path for the common small-int case.
    if let (Value::Int(a), Value::Int(b)) = (&args.pos[1], &args.pos[2]) {
        if let Some(width) = b
            .checked_sub(*a)
            .and_then(|w| w.checked_add(1))
            .filter(|w| *w > 0)
        {
            let a = *a;
            let r = with_mt(vm, &args, "randint", |mt| mt.below_u64(width as u64))?;
            return Ok(Value::Int(a + r as i64));
        }
    }
    let b = range_arg(vm, &args.pos[2], "stop")?;
    let stop = int_from_big(b + 1);
    let start = args.pos[1].clone();
    let r = randrange_of(vm, &args, &start, &stop, None)?;
    Ok(int_from_big(r))
}

/// `_randbelow(n)` for a length.
fn below_len(vm: &mut Vm, args: &Args, method: &str, n: usize) -> PyResult<usize> {
    with_mt(vm, args, method, |mt| mt.below_u64(n as u64) as usize)
}

fn choice(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "choice", &args, 2, 2)?;
    let seq = args.pos[1].clone();
    let n = vm.len(&seq)?;
    if n == 0 {
        return Err(vm.index_error("Cannot choose from an empty sequence"));
    }
    let i = below_len(vm, &args, "choice", n)?;
    vm.getitem(&seq, &Value::Int(i as i64))
}

fn shuffle(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "shuffle", &args, 2, 2)?;
    let x = args.pos[1].clone();
    if let Value::Obj(o) = &x {
        if let Object::List(l) = &**o {
            let st = state(vm, &args, "shuffle")?;
            let mut st = st.borrow_mut(&vm.gil);
            let mut items = l.borrow_mut(&vm.gil);
            for i in (1..items.len()).rev() {
                let j = st.mt.below_u64(i as u64 + 1) as usize;
                items.swap(i, j);
            }
            return Ok(Value::None);
        }
    }
    let n = vm.len(&x)?;
    for i in (1..n).rev() {
        let j = below_len(vm, &args, "shuffle", i + 1)?;
        let (vi, vj) = (Value::Int(i as i64), Value::Int(j as i64));
        let a = vm.getitem(&x, &vi)?;
        let b = vm.getitem(&x, &vj)?;
        vm.setitem(&x, &vi, b)?;
        vm.setitem(&x, &vj, a)?;
    }
    Ok(Value::None)
}

/// Is `v` usable as a sequence for `sample` (not a set or dict)?
fn is_sequence(vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Obj(o) => match &**o {
            Object::List(_)
            | Object::Tuple(_)
            | Object::Str(_)
            | Object::Range(_)
            | Object::Bytes(_) => true,
            Object::ByteArray(_) => true,
            Object::Instance(_) => {
                vm.lookup_special(v, "__getitem__").is_some()
                    && vm.lookup_special(v, "__len__").is_some()
            }
            _ => false,
        },
        _ => false,
    }
}

fn sample(vm: &mut Vm, mut args: Args) -> PyResult {
    let counts = args.take_kw("counts").filter(|c| !c.is_none());
    let k = arg(&mut args, 2, "k");
    super::no_extra_kwargs(vm, "sample", &args)?;
    let Some(k) = k else {
        return Err(vm.type_error("Random.sample() missing 1 required positional argument: 'k'"));
    };
    let population = args.pos.get(1).cloned().unwrap_or(Value::None);
    if !is_sequence(vm, &population) {
        return Err(
            vm.type_error("Population must be a sequence.  For dicts or sets, use sorted(d).")
        );
    }
    let n = vm.len(&population)?;
    if let Some(counts) = counts {
        return sample_counts(vm, &args, &population, n, &counts, &k);
    }
    let k = index(vm, &k)?;
    let k = match k.to_usize() {
        Some(k) if k <= n => k,
        _ => return Err(vm.value_error("Sample larger than population or is negative")),
    };
    let mut setsize = 21usize;
    if k > 5 {
        let exp = ((k * 3) as f64).ln() / 4f64.ln();
        setsize += 4usize.saturating_pow(exp.ceil() as u32);
    }
    let mut result = Vec::with_capacity(k);
    if n <= setsize {
        let mut pool = vm.collect(&population)?;
        for i in 0..k {
            let j = below_len(vm, &args, "sample", n - i)?;
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let mut selected = std::collections::HashSet::new();
        for _ in 0..k {
            let mut j = below_len(vm, &args, "sample", n)?;
            while selected.contains(&j) {
                j = below_len(vm, &args, "sample", n)?;
            }
            selected.insert(j);
            result.push(vm.getitem(&population, &Value::Int(j as i64))?);
        }
    }
    Ok(vm.new_list(result))
}

/// `sample(population, k, counts=...)`: sample positions in the repeated population.
fn sample_counts(
    vm: &mut Vm,
    args: &Args,
    population: &Value,
    n: usize,
    counts: &Value,
    k: &Value,
) -> PyResult {
    let counts = vm.collect(counts)?;
    if counts.len() != n {
        return Err(vm.value_error("The number of counts does not match the population"));
    }
    let mut cum = Vec::with_capacity(n);
    let mut total = 0i64;
    for c in &counts {
        let Value::Int(c) = c else {
            return Err(vm.type_error("Counts must be integers"));
        };
        total += c;
        cum.push(total);
    }
    cum.pop();
    if total <= 0 {
        return Err(vm.value_error("Total of counts must be greater than zero"));
    }
    let range = Value::from_obj(Object::Range(crate::vm::object::Range {
        start: 0,
        stop: total,
        step: 1,
    }));
    let mut a = Args::new([args.pos[0].clone(), range, k.clone()]);
    a.kw.clear();
    let selections = sample(vm, a)?;
    let selections = vm.collect(&selections)?;
    let mut out = Vec::with_capacity(selections.len());
    for s in selections {
        let Value::Int(s) = s else { continue };
        let i = cum.partition_point(|c| *c <= s);
        out.push(vm.getitem(population, &Value::Int(i as i64))?);
    }
    Ok(vm.new_list(out))
}

fn choices(vm: &mut Vm, mut args: Args) -> PyResult {
    let weights = opt_arg(&mut args, 2, "weights");
    let cum_weights = args.take_kw("cum_weights").filter(|v| !v.is_none());
    let k = args.take_kw("k").unwrap_or(Value::Int(1));
    super::no_extra_kwargs(vm, "choices", &args)?;
    check_args(vm, "choices", &args, 2, 3)?;
    let population = args.pos[1].clone();
    let n = vm.len(&population)?;
    let k = index(vm, &k)?.to_i64().unwrap_or(0).max(0) as usize;
    let cum: Vec<f64> = match (weights, cum_weights) {
        (None, None) => {
            let nf = n as f64;
            let mut out = Vec::with_capacity(k);
            for _ in 0..k {
                let r = with_mt(vm, &args, "choices", Mt::random)?;
                let i = (r * nf).floor() as i64;
                out.push(vm.getitem(&population, &Value::Int(i))?);
            }
            return Ok(vm.new_list(out));
        }
        (Some(_), Some(_)) => {
            return Err(vm.type_error("Cannot specify both weights and cumulative weights"))
        }
        (Some(w), None) => {
            let mut acc = 0.0;
            let mut cum = Vec::new();
            for x in vm.collect(&w)? {
                acc += real(vm, &x)?;
                cum.push(acc);
            }
            cum
        }
        (None, Some(c)) => {
            let mut cum = Vec::new();
            for x in vm.collect(&c)? {
                cum.push(real(vm, &x)?);
            }
            cum
        }
    };
    if cum.len() != n {
        return Err(vm.value_error("The number of weights does not match the population"));
    }
    let total = cum.last().copied().unwrap_or(0.0);
    if total <= 0.0 {
        return Err(vm.value_error("Total of weights must be greater than zero"));
    }
    if !total.is_finite() {
        return Err(vm.value_error("Total of weights must be finite"));
    }
    let hi = n - 1;
    let mut out = Vec::with_capacity(k);
    for _ in 0..k {
        let x = with_mt(vm, &args, "choices", Mt::random)? * total;
        // bisect_right(cum_weights, x, 0, hi)
        let i = cum[..hi].partition_point(|c| *c <= x);
        out.push(vm.getitem(&population, &Value::Int(i as i64))?);
    }
    Ok(vm.new_list(out))
}

/// `b - a` for `uniform`: exact for ints (as Python's int subtraction), then a float.
fn difference(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<f64> {
    if let (Some(x), Some(y)) = (crate::vm::ops::as_bigint(a), crate::vm::ops::as_bigint(b)) {
        return Ok((y - x).to_f64().unwrap_or(f64::INFINITY));
    }
    Ok(real(vm, b)? - real(vm, a)?)
}

fn uniform(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "uniform", &args, 3, 3)?;
    let (a, b) = (args.pos[1].clone(), args.pos[2].clone());
    let d = difference(vm, &a, &b)?;
    let r = with_mt(vm, &args, "uniform", Mt::random)?;
    Ok(Value::Float(real(vm, &a)? + d * r))
}

fn triangular(vm: &mut Vm, mut args: Args) -> PyResult {
    let low = match arg(&mut args, 1, "low") {
        Some(v) => real(vm, &v)?,
        None => 0.0,
    };
    let high = match arg(&mut args, 2, "high") {
        Some(v) => real(vm, &v)?,
        None => 1.0,
    };
    let mode = match opt_arg(&mut args, 3, "mode") {
        Some(v) => Some(real(vm, &v)?),
        None => None,
    };
    let mut u = with_mt(vm, &args, "triangular", Mt::random)?;
    if high == low {
        return Ok(Value::Float(low));
    }
    let mut c = mode.map(|m| (m - low) / (high - low)).unwrap_or(0.5);
    let (mut lo, mut hi) = (low, high);
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut lo, &mut hi);
    }
    Ok(Value::Float(lo + (hi - lo) * (u * c).sqrt()))
}

/// `mu` and `sigma` arguments (defaults 0 and 1).
fn mu_sigma(vm: &mut Vm, args: &mut Args) -> PyResult<(f64, f64)> {
    let mu = match arg(args, 1, "mu") {
        Some(v) => real(vm, &v)?,
        None => 0.0,
    };
    let sigma = match arg(args, 2, "sigma") {
        Some(v) => real(vm, &v)?,
        None => 1.0,
    };
    Ok((mu, sigma))
}

fn gauss(vm: &mut Vm, mut args: Args) -> PyResult {
    let (mu, sigma) = mu_sigma(vm, &mut args)?;
    let st = state(vm, &args, "gauss")?;
    let mut st = st.borrow_mut(&vm.gil);
    let z = match st.gauss_next.take() {
        Some(z) => z,
        None => {
            let x2pi = st.mt.random() * std::f64::consts::TAU;
            let g2rad = (-2.0 * (1.0 - st.mt.random()).ln()).sqrt();
            st.gauss_next = Some(x2pi.sin() * g2rad);
            x2pi.cos() * g2rad
        }
    };
    Ok(Value::Float(mu + z * sigma))
}

fn normalvariate(vm: &mut Vm, mut args: Args) -> PyResult {
    let (mu, sigma) = mu_sigma(vm, &mut args)?;
    let nv_magicconst = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
    let z = with_mt(vm, &args, "normalvariate", |mt| loop {
        let u1 = mt.random();
        let u2 = 1.0 - mt.random();
        let z = nv_magicconst * (u1 - 0.5) / u2;
        if z * z / 4.0 <= -u2.ln() {
            break z;
        }
    })?;
    Ok(Value::Float(mu + z * sigma))
}

fn expovariate(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "expovariate", &args, 2, 2)?;
    let lambd = real(vm, &args.pos[1])?;
    let r = with_mt(vm, &args, "expovariate", Mt::random)?;
    if lambd == 0.0 {
        return Err(vm.new_error("ZeroDivisionError", "float division by zero"));
    }
    Ok(Value::Float(-(1.0 - r).ln() / lambd))
}

fn lognormvariate(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "lognormvariate", &args, 3, 3)?;
    let Value::Float(z) = normalvariate(vm, args)? else {
        return Ok(Value::None);
    };
    Ok(Value::Float(z.exp()))
}

fn paretovariate(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "paretovariate", &args, 2, 2)?;
    let alpha = real(vm, &args.pos[1])?;
    let u = 1.0 - with_mt(vm, &args, "paretovariate", Mt::random)?;
    Ok(Value::Float(u.powf(-1.0 / alpha)))
}

fn weibullvariate(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "weibullvariate", &args, 3, 3)?;
    let alpha = real(vm, &args.pos[1])?;
    let beta = real(vm, &args.pos[2])?;
    let u = 1.0 - with_mt(vm, &args, "weibullvariate", Mt::random)?;
    Ok(Value::Float(alpha * (-u.ln()).powf(1.0 / beta)))
}

fn randbytes(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "randbytes", &args, 2, 2)?;
    let n = index(vm, &args.pos[1])?;
    let Some(n) = n.to_usize() else {
        return Err(vm.value_error("negative argument not allowed"));
    };
    let words = with_mt(vm, &args, "randbytes", |mt| mt.random_words(n as u64 * 8))?;
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).take(n).collect();
    Ok(Value::from_obj(Object::Bytes(bytes.into_boxed_slice())))
}

fn getstate(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "getstate", &args, 1, 1)?;
    let (words, index, gauss_next) = {
        let st = state(vm, &args, "getstate")?.borrow(&vm.gil);
        (st.mt.state, st.mt.index, st.gauss_next)
    };
    let mut internal: Vec<Value> = words.iter().map(|w| Value::Int(*w as i64)).collect();
    internal.push(Value::Int(index as i64));
    let internal = vm.new_tuple(internal);
    Ok(vm.new_tuple(vec![
        Value::Int(3),
        internal,
        gauss_next.map(Value::Float).unwrap_or(Value::None),
    ]))
}

fn setstate(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "setstate", &args, 2, 2)?;
    let parts = vm.collect(&args.pos[1])?;
    let [version, internal, gauss_next] = parts.as_slice() else {
        return Err(vm.value_error("state vector is the wrong size"));
    };
    if !matches!(version, Value::Int(3)) {
        let v = vm.repr(version)?;
        return Err(vm.value_error(format!(
            "state with version {v} passed to Random.setstate() of version 3"
        )));
    }
    let internal = vm.collect(internal)?;
    if internal.len() != N + 1 {
        return Err(vm.value_error("state vector is the wrong size"));
    }
    let mut mt = Mt {
        state: [0; N],
        index: 0,
    };
    for (slot, v) in mt.state.iter_mut().zip(&internal) {
        let Value::Int(w) = v else {
            return Err(vm.type_error("state vector items must be integers"));
        };
        *slot = *w as u32;
    }
    match &internal[N] {
        Value::Int(i) if (0..=N as i64).contains(i) => mt.index = *i as usize,
        _ => return Err(vm.value_error("invalid state")),
    }
    let gauss_next = match gauss_next {
        Value::None => None,
        v => Some(real(vm, v)?),
    };
    let st = state(vm, &args, "setstate")?;
    let mut st = st.borrow_mut(&vm.gil);
    st.mt = mt;
    st.gauss_next = gauss_next;
    Ok(Value::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::test_vm;

    /// A module-level function of `random`, after importing it.
    fn func(vm: &mut Vm, name: &str) -> Value {
        let m = vm.import_module("random").unwrap();
        vm.getattr_str(&m, name).unwrap()
    }

    fn call(vm: &mut Vm, name: &str, args: Vec<Value>) -> String {
        let f = func(vm, name);
        match vm.call(&f, Args::new(args)) {
            Ok(v) => vm.repr(&v).unwrap(),
            Err(e) => crate::native::modules::error_text(vm, &e),
        }
    }

    fn seed_with(vm: &mut Vm, a: Value) {
        call(vm, "seed", vec![a]);
    }

    #[test]
    fn randint_matches_cpython() {
        let mut vm = test_vm();
        seed_with(&mut vm, Value::Int(42));
        let got: Vec<String> = (0..5)
            .map(|_| call(&mut vm, "randint", vec![Value::Int(1), Value::Int(100)]))
            .collect();
        assert_eq!(got, ["82", "15", "4", "95", "36"]);
    }

    #[test]
    fn random_and_getrandbits_match_cpython() {
        let mut vm = test_vm();
        seed_with(&mut vm, Value::Int(42));
        assert_eq!(call(&mut vm, "random", vec![]), "0.6394267984578837");
        assert_eq!(
            call(&mut vm, "getrandbits", vec![Value::Int(70)]),
            "327273841618135227089"
        );
        assert_eq!(
            call(&mut vm, "getrandbits", vec![Value::Int(32)]),
            "1051802512"
        );
        assert_eq!(call(&mut vm, "getrandbits", vec![Value::Int(5)]), "7");
    }

    #[test]
    fn seeds_of_every_type() {
        let mut vm = test_vm();
        let cases = [
            (
                int_from_big(BigInt::from(2).pow(100) + 7),
                "0.41604161323913513",
            ),
            (Value::Int(-5), "0.6229016948897019"),
            (Value::Float(1.5), "0.551763726942059"),
            (Value::str("hello"), "0.3537754404730722"),
        ];
        for (seed, expected) in cases {
            seed_with(&mut vm, seed);
            assert_eq!(call(&mut vm, "random", vec![]), expected);
        }
        let f = func(&mut vm, "seed");
        let l = vm.new_list(vec![]);
        let e = vm.call(&f, Args::new([l])).unwrap_err();
        assert!(crate::native::modules::error_text(&mut vm, &e)
            .starts_with("TypeError: The only supported seed types"));
    }

    #[test]
    fn shuffle_sample_choices_match_cpython() {
        let mut vm = test_vm();
        seed_with(&mut vm, Value::Int(0));
        let l = vm.new_list((0..10).map(Value::Int).collect());
        call(&mut vm, "shuffle", vec![l.clone()]);
        assert_eq!(vm.repr(&l).unwrap(), "[7, 8, 1, 5, 3, 4, 2, 0, 9, 6]");

        seed_with(&mut vm, Value::Int(0));
        let r = Value::from_obj(Object::Range(crate::vm::object::Range {
            start: 0,
            stop: 100,
            step: 1,
        }));
        assert_eq!(
            call(&mut vm, "sample", vec![r, Value::Int(10)]),
            "[49, 97, 53, 5, 33, 65, 62, 51, 38, 61]"
        );
        assert_eq!(
            call(
                &mut vm,
                "sample",
                vec![Value::str("abcdefg"), Value::Int(3)]
            ),
            "['c', 'e', 'b']"
        );

        seed_with(&mut vm, Value::Int(0));
        let f = func(&mut vm, "choices");
        let mut a = Args::new([Value::str("abc")]);
        a.kw.push(("k".into(), Value::Int(5)));
        let v = vm.call(&f, a).unwrap();
        assert_eq!(vm.repr(&v).unwrap(), "['c', 'c', 'b', 'a', 'b']");
        let w = vm.new_list(vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
        let mut a = Args::new([Value::str("abc"), w]);
        a.kw.push(("k".into(), Value::Int(5)));
        let v = vm.call(&f, a).unwrap();
        assert_eq!(vm.repr(&v).unwrap(), "['b', 'c', 'b', 'b', 'c']");
    }

    #[test]
    fn floats_and_ranges_match_cpython() {
        let mut vm = test_vm();
        seed_with(&mut vm, Value::Int(0));
        assert_eq!(
            call(&mut vm, "uniform", vec![Value::Int(1), Value::Int(10)]),
            "8.599796663725433"
        );
        assert_eq!(call(&mut vm, "gauss", vec![]), "0.05219198828260849");
        assert_eq!(
            call(&mut vm, "gauss", vec![Value::Int(5), Value::Int(2)]),
            "2.9131820515988527"
        );
        assert_eq!(
            call(&mut vm, "normalvariate", vec![Value::Int(0), Value::Int(1)]),
            "-0.8462525427240193"
        );
        assert_eq!(
            call(
                &mut vm,
                "randrange",
                vec![Value::Int(0), Value::Int(100), Value::Int(7)]
            ),
            "42"
        );
        let big = int_from_big(BigInt::from(10).pow(30));
        assert_eq!(
            call(&mut vm, "randrange", vec![big]),
            "382660370606500376139569129395"
        );
        seed_with(&mut vm, Value::Int(0));
        let r = Value::from_obj(Object::Range(crate::vm::object::Range {
            start: 0,
            stop: 1_000_000,
            step: 1,
        }));
        assert_eq!(
            call(&mut vm, "sample", vec![r, Value::Int(7)]),
            "[885440, 403958, 794772, 933488, 441001, 42450, 271493]"
        );
        assert_eq!(call(&mut vm, "triangular", vec![]), "0.8685939239645236");
        assert_eq!(
            call(&mut vm, "expovariate", vec![Value::Int(2)]),
            "0.3326956776270382"
        );
        let f = func(&mut vm, "randbytes");
        let b = vm.call(&f, Args::new([Value::Int(5)])).unwrap();
        let Value::Obj(o) = b else { panic!() };
        let Object::Bytes(b) = &*o else { panic!() };
        assert_eq!(&b[..], b"\xb3g\x11\xeb\xc8");
    }

    #[test]
    fn errors_match_cpython() {
        let mut vm = test_vm();
        assert_eq!(
            call(&mut vm, "randrange", vec![Value::Int(0)]),
            "ValueError: empty range for randrange()"
        );
        assert_eq!(
            call(&mut vm, "randrange", vec![Value::Int(5), Value::Int(2)]),
            "ValueError: empty range for randrange() (5, 2, -3)"
        );
        assert_eq!(
            call(&mut vm, "randrange", vec![Value::Float(1.5)]),
            "ValueError: non-integer arg 1 for randrange()"
        );
        let empty = vm.new_list(vec![]);
        assert_eq!(
            call(&mut vm, "choice", vec![empty]),
            "IndexError: Cannot choose from an empty sequence"
        );
        assert_eq!(
            call(&mut vm, "randint", vec![Value::Int(1)]),
            "TypeError: Random.randint() missing 1 required positional argument: 'b'"
        );
    }

    #[test]
    fn instances_are_independent() {
        let mut vm = test_vm();
        let m = vm.import_module("random").unwrap();
        let class = vm.getattr_str(&m, "Random").unwrap();
        let r = vm.call(&class, Args::new([Value::Int(42)])).unwrap();
        let f = vm.getattr_str(&r, "random").unwrap();
        let v = vm.call(&f, Args::default()).unwrap();
        assert_eq!(vm.repr(&v).unwrap(), "0.6394267984578837");
        let getstate = vm.getattr_str(&r, "getstate").unwrap();
        let setstate = vm.getattr_str(&r, "setstate").unwrap();
        let state = vm.call(&getstate, Args::default()).unwrap();
        let a = vm.call(&f, Args::default()).unwrap();
        vm.call(&setstate, Args::new([state])).unwrap();
        let b = vm.call(&f, Args::default()).unwrap();
        assert_eq!(vm.repr(&a).unwrap(), vm.repr(&b).unwrap());
    }
}
