//! The interpreter loop.
//!
//! `run_frame` runs one frame and every conc frame it calls, without
//! recursing on the Rust stack: a call pushes the caller onto `Vm::frames`
//! and makes the callee current; a return pops it back. Native code that
//! calls back into conc (`sorted(key=...)`, `__repr__`, a generator's
//! `send`) starts a nested `run_frame`, bounded by the recursion limit.
//!
//! Exceptions unwind here and only here (`unwind`): each frame they leave
//! adds itself to the traceback; a `SetupFinally` block catches them.
//!
//! Between instructions the loop counts down (`ticks.rs`); at zero it reads
//! the eval breaker, which Ctrl-C and the GIL's drop requests set, and makes
//! the forced switches of a tick policy.

use crate::vm::obj::GilRc;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::code::CodeObj;
use super::fast_ops;
use super::frame::{Block, Frame};
use super::generator::Entered;
use super::object::{FastNative, IterState, Object, Slice};
use super::value::{push_clone, push_value, set_value, Obj, Value};
use super::{Args, Exc, GilCell, PyResult, Vm};
use crate::bytecode::{BinaryOperator, Comparison, Op};

/// The serial number of the main thread's state.
pub const MAIN_THREAD: u64 = 1;

/// How a frame stopped.
pub enum FrameExit {
    /// It returned a value.
    Return(Value),
    /// A generator frame yielded a value; here is the frame to resume later.
    Yield(Value, Box<Frame>),
}

/// One step of a `for` loop.
enum ForStep {
    /// The next value.
    Next(Value),
    /// The iterator is exhausted and the loop left.
    Done,
    /// A generator's frame was entered to make the next value.
    Entered,
}

/// What the instruction loop reports to `run_frame`.
enum Step {
    /// The base frame returned.
    Return(Value),
    /// The base frame yielded.
    Yield(Value),
}

impl Vm {
    /// Run `frame` (and everything it calls) until it returns or yields.
    /// With `throw`, the exception is raised inside the frame first (a
    /// generator's `throw()`).
    pub fn run_frame(&mut self, frame: Box<Frame>, throw: Option<Exc>) -> PyResult<FrameExit> {
        self.check_recursion()?;
        self.depth += 1;
        let base = self.frames.len();
        let saved_current = self.current_frame;
        let mut frame = frame;
        let mut pending = throw;
        let result = loop {
            let outcome = match pending.take() {
                Some(exc) => Err(exc),
                None => self.execute(&mut frame, base),
            };
            match outcome {
                Ok(Step::Return(v)) => break Ok(FrameExit::Return(v)),
                Ok(Step::Yield(v)) => {
                    self.depth -= 1;
                    self.current_frame = saved_current;
                    return Ok(FrameExit::Yield(v, frame));
                }
                Err(exc) => match self.unwind(&mut frame, base, exc) {
                    Ok(()) => continue,
                    Err(exc) => break Err(exc),
                },
            }
        };
        self.depth -= 1;
        self.current_frame = saved_current;
        self.recycle_frame(frame);
        result
    }

    /// Find a handler for `exc`, in the current frame or its callers down to
    /// `base`. `Ok` means execution continues (in `frame`, which may now be a
    /// caller); `Err` means the exception leaves the base frame.
    fn unwind(&mut self, frame: &mut Box<Frame>, base: usize, mut exc: Exc) -> Result<(), Exc> {
        if self.reraising {
            self.reraising = false;
        } else {
            self.chain_context(&exc);
            self.add_traceback(&exc, &frame.code, frame.line());
        }
        loop {
            while let Some(block) = frame.blocks.pop() {
                match block {
                    Block::Handler { handler, depth } => {
                        frame.stack.truncate(depth as usize);
                        let previous = self.handled.take();
                        frame.blocks.push(Block::ExceptHandler { previous });
                        self.handled = Some(exc.value());
                        push_value(&mut frame.stack, exc.value());
                        frame.pc = handler as usize;
                        return Ok(());
                    }
                    Block::ExceptHandler { previous } => {
                        self.handled = previous;
                    }
                }
            }
            if self.frames.len() <= base {
                return Err(exc);
            }
            let Some(mut finished) = self.back_to_caller(frame) else {
                return Err(exc);
            };
            if let Some(gen) = finished.generator.take() {
                exc = self.generator_failed(&gen, exc);
            }
            self.recycle_frame(finished);
            self.add_traceback(&exc, &frame.code, frame.line());
        }
    }

    /// Leave the current frame with a return value: back to the caller in
    /// this loop, or out of `run_frame` when it is the base frame.
    #[inline(always)]
    fn pop_frame(&mut self, frame: &mut Box<Frame>, base: usize, value: Value) -> Option<Value> {
        if self.frames.len() <= base {
            return Some(value);
        }
        let Some(finished) = self.back_to_caller(frame) else {
            return Some(value);
        };
        self.recycle_frame(finished);
        push_value(&mut frame.stack, value);
        None
    }

    /// Make the caller of the current frame current again; the frame that
    /// was running is returned (`None`: there is no caller).
    #[inline]
    pub(crate) fn back_to_caller(&mut self, frame: &mut Box<Frame>) -> Option<Box<Frame>> {
        let caller = self.frames.pop()?;
        self.depth -= 1;
        Some(std::mem::replace(frame, caller))
    }

    /// Enter a callee frame in this loop.
    #[inline(always)]
    fn push_frame(&mut self, frame: &mut Box<Frame>, callee: Box<Frame>) -> PyResult<()> {
        if self.depth >= self.rt.recursion_limit.load(Ordering::Relaxed) {
            self.recycle_frame(callee);
            return Err(self.new_error("RecursionError", "maximum recursion depth exceeded"));
        }
        self.depth += 1;
        let caller = std::mem::replace(frame, callee);
        super::frame::push_frame_box(&mut self.frames, caller);
        Ok(())
    }

    /// The countdown reached zero: forced switches, Ctrl-C, GIL drop requests.
    #[cold]
    fn handle_eval_breaker(&mut self) -> PyResult<()> {
        if self.ticks.expired() {
            let n = self.take_instructions();
            self.new_quantum();
            self.rt
                .sched
                .yield_gil(self.serial, n, &self.rt.eval_breaker);
        } else {
            self.ticks.next();
        }
        if !self.rt.eval_breaker.load(Ordering::Relaxed) {
            return Ok(());
        }
        self.rt.eval_breaker.store(false, Ordering::SeqCst);
        if self.serial == MAIN_THREAD && self.rt.interrupted.swap(false, Ordering::SeqCst) {
            let class = self.rt.types.exc("KeyboardInterrupt").clone();
            return Err(self.new_exception(&class, vec![]));
        }
        if self.rt.interrupted.load(Ordering::SeqCst) {
            // Only the main thread takes Ctrl-C: keep the breaker up for it.
            self.rt.eval_breaker.store(true, Ordering::SeqCst);
        }
        if self.rt.sched.take_drop_request() {
            let n = self.take_instructions();
            self.rt
                .sched
                .yield_gil(self.serial, n, &self.rt.eval_breaker);
        }
        Ok(())
    }

    /// Call `f` with `n` positional arguments from the stack (below them:
    /// `f` itself), entering conc functions in this loop. The fast path (a
    /// conc function given exactly its positional arguments) is inlined into
    /// the loop; everything else is `call_from_stack_slow`.
    #[inline(always)]
    fn call_from_stack(&mut self, frame: &mut Box<Frame>, n: usize) -> PyResult<()> {
        let fpos = frame.stack.len() - n - 1;
        if let Value::Obj(o) = &frame.stack[fpos] {
            if let Object::Function(func) = &**o {
                if func.exact_args as usize == n {
                    // SAFETY: the function stays alive on the stack (slot `fpos`)
                    // until the pop below, after its last use.
                    let func: *const super::object::Function = func;
                    let func = unsafe { &*func };
                    let mut callee = self.alloc_frame(&func.code, &func.globals);
                    // SAFETY: `n` fast slots exist (argcount == n <= nlocals); the
                    // arguments are moved into them (dropping what the pooled frame
                    // left there: nothing, it was cleared) and forgotten by the stack.
                    unsafe {
                        let args = frame.stack.as_ptr().add(fpos + 1);
                        for k in 0..n {
                            let v = std::ptr::read(args.add(k));
                            store_fast(callee.fast.get_unchecked_mut(k), v);
                        }
                        frame.stack.set_len(fpos + 1);
                    }
                    self.init_cells(&mut callee, &func.closure);
                    frame.stack.pop();
                    return self.push_frame(frame, callee);
                }
            } else if let Object::Native(f) = &**o {
                // `gen.send(v)`, the coroutine lessons' switch: straight into
                // the generator's frame.
                if f.fast == Some(FastNative::GenSend)
                    && n == 2
                    && self.send_from_stack(frame, fpos)
                {
                    return Ok(());
                }
            }
        }
        self.call_from_stack_slow(frame, n, None)
    }

    /// `call_from_stack` for any callable; `kwnames` names the last arguments.
    #[inline(never)]
    fn call_from_stack_slow(
        &mut self,
        frame: &mut Box<Frame>,
        n: usize,
        kwnames: Option<Value>,
    ) -> PyResult<()> {
        let len = frame.stack.len();
        let fpos = len - n - 1;
        let native = match &frame.stack[fpos] {
            Value::Obj(o) if kwnames.is_none() => match &**o {
                Object::Native(f) => Some((f.func, f.bound.is_none(), f.fast)),
                _ => None,
            },
            _ => None,
        };
        if let Some((func, unbound, fast)) = native {
            if let Some(fast) = fast {
                if self.run_fast_native(frame, fast, fpos)? {
                    return Ok(());
                }
            }
            if unbound {
                return self.call_native_from_stack(frame, func, fpos);
            }
        }
        let mut args = Args::default();
        // Keyword values are the last arguments; take them first.
        if let Some(Value::Obj(names)) = kwnames {
            if let Object::Tuple(names) = &*names {
                let split = frame.stack.len() - names.len();
                args.kw = names
                    .iter()
                    .zip(frame.stack.drain(split..))
                    .map(|(k, v)| (Arc::from(k.as_str().unwrap_or("")), v))
                    .collect();
            }
        }
        args.pos = take_values(&mut frame.stack, fpos + 1);
        let f = frame.stack.pop().expect("callable");
        self.call_value_in_loop(frame, f, args)
    }

    /// Run a [`FastNative`] called with the arguments above `fpos` in place
    /// of its function; `false` (nothing done) when these arguments need
    /// the ordinary call.
    #[inline]
    fn run_fast_native(
        &mut self,
        frame: &mut Frame,
        fast: FastNative,
        fpos: usize,
    ) -> PyResult<bool> {
        let nargs = frame.stack.len() - fpos - 1;
        // (`GenSend` is entered by `call_from_stack` itself.)
        let result = match fast {
            FastNative::Len if nargs == 1 => Value::Int(self.len(&frame.stack[fpos + 1])? as i64),
            FastNative::ListAppend if nargs == 2 => {
                let [list, item] = &mut frame.stack[fpos + 1..] else {
                    return Ok(false);
                };
                let Value::Obj(l) = list else {
                    return Ok(false);
                };
                let Object::List(items) = &**l else {
                    return Ok(false);
                };
                let item = std::mem::replace(item, Value::None);
                items.borrow_mut(&self.gil).push(item);
                Value::None
            }
            FastNative::StrLower if nargs == 1 => {
                match crate::native::types::str::lower_ascii(&frame.stack[fpos + 1]) {
                    Some(v) => v,
                    None => return Ok(false),
                }
            }
            FastNative::DictGet if nargs == 2 || nargs == 3 => {
                let Value::Obj(d) = &frame.stack[fpos + 1] else {
                    return Ok(false);
                };
                let Object::Dict(cells) = &**d else {
                    return Ok(false);
                };
                let key = self.hash_key(frame.stack[fpos + 2].clone())?;
                let found = cells.borrow(&self.gil).get(&key).cloned();
                match found {
                    Some(v) => v,
                    None if nargs == 3 => frame.stack[fpos + 3].clone(),
                    None => Value::None,
                }
            }
            _ => return Ok(false),
        };
        // The callable and its arguments, popped one by one: a truncate
        // would call out to drop the slice.
        while frame.stack.len() > fpos {
            drop(frame.stack.pop());
        }
        push_value(&mut frame.stack, result);
        Ok(true)
    }

    /// Call the native function at `frame.stack[fpos]` (without bound data)
    /// with the positional arguments above it. The arguments go straight
    /// from the stack into the `Args` the function receives: no
    /// intermediate copies of the (large) `Args` value.
    #[inline(never)]
    fn call_native_from_stack(
        &mut self,
        frame: &mut Box<Frame>,
        func: super::NativeFn,
        fpos: usize,
    ) -> PyResult<()> {
        let args = Args {
            pos: take_values(&mut frame.stack, fpos + 1),
            kw: Vec::new(),
        };
        let r = func(self, args);
        // The callable is dropped only now: `func` came from it.
        let callable = frame.stack.pop();
        drop(callable);
        push_value(&mut frame.stack, r?);
        Ok(())
    }

    /// Call `f`: conc functions get a frame in this loop; anything else runs now.
    fn call_value_in_loop(
        &mut self,
        frame: &mut Box<Frame>,
        f: Value,
        mut args: Args,
    ) -> PyResult<()> {
        if let Value::Obj(o) = &f {
            match &**o {
                Object::Function(func) => {
                    let callee = self.frame_for_call(func, args)?;
                    if func.code.code.flags.has(
                        crate::bytecode::CodeFlags::GENERATOR
                            | crate::bytecode::CodeFlags::COROUTINE
                            | crate::bytecode::CodeFlags::ASYNC_GENERATOR,
                    ) {
                        let g = self.make_generator(func, callee);
                        push_value(&mut frame.stack, g);
                        return Ok(());
                    }
                    return self.push_frame(frame, callee);
                }
                Object::BoundMethod(m) => {
                    args.pos.insert(0, m.receiver.clone());
                    let func = m.func.clone();
                    return self.call_value_in_loop(frame, func, args);
                }
                _ => {}
            }
        }
        // Natives see this frame as their caller: the loop keeps
        // `current_frame` on it, and nested runs restore it when they end.
        let r = self.call(&f, args)?;
        push_value(&mut frame.stack, r);
        Ok(())
    }

    /// The instruction loop proper. Returns when the base frame returns or
    /// yields, or with the first exception (which `run_frame` unwinds).
    ///
    /// The program counter and the instruction countdown live in registers
    /// while the loop runs (`run_ops`); `frame.pc` and `self.ticks.left`
    /// are brought up to date before anything outside the loop can look at
    /// them (`sync!`: calls, frame switches, the eval breaker) and on the
    /// way out, here, which is also how a traceback learns the line.
    fn execute(&mut self, frame: &mut Box<Frame>, base: usize) -> PyResult<Step> {
        let mut pc = frame.pc;
        let mut ticks = self.ticks.left;
        let r = self.run_ops(frame, base, &mut pc, &mut ticks);
        frame.pc = pc;
        self.ticks.left = ticks;
        r
    }

    /// `execute`'s loop, with its registers: `pc`, the next instruction of
    /// the current frame, and `ticks`, the countdown (`ticks.rs`).
    #[inline(always)]
    fn run_ops(
        &mut self,
        frame: &mut Box<Frame>,
        base: usize,
        pc: &mut usize,
        ticks: &mut i64,
    ) -> PyResult<Step> {
        macro_rules! jump {
            ($t:expr) => {{
                *pc = $t;
            }};
        }
        // Before code outside the loop runs or looks at this thread's
        // frames: store the registers where it looks.
        macro_rules! sync {
            () => {{
                frame.pc = *pc;
                self.ticks.left = *ticks;
            }};
        }
        // Run `$e`, which may run other code (a call, a dunder method, a
        // blocking wait): sync first, and take the countdown back after,
        // as that code counted on.
        macro_rules! out {
            ($e:expr) => {{
                sync!();
                let r = $e;
                *ticks = self.ticks.left;
                r
            }};
        }
        macro_rules! pop {
            () => {
                match frame.stack.pop() {
                    Some(v) => v,
                    None => return Err(self.new_error("SystemError", "value stack underflow")),
                }
            };
        }
        // A superinstruction moves past the `$n` instructions it also stands
        // for, and counts them for the switch policy.
        macro_rules! skip {
            ($n:expr) => {{
                let n: usize = $n;
                *pc += n;
                *ticks -= n as i64;
            }};
        }
        macro_rules! top {
            () => {
                match frame.stack.last() {
                    Some(v) => v,
                    None => return Err(self.new_error("SystemError", "value stack underflow")),
                }
            };
        }
        // The current frame's code, re-pointed whenever a call or return switches
        // frames. A raw pointer rather than a counted reference: no count to
        // touch per instruction.
        let mut code_ptr: *const CodeObj = GilRc::as_ptr(&frame.code);
        // Its instructions, for the dispatch: one load fewer per instruction
        // when the register allocator keeps this one and spills `code_ptr`.
        let mut ops_ptr: *const Op = frame.code.ops.as_ptr();
        // Natives called from here (directly or through an operator) see
        // their caller; `run_frame` restores the outer value on the way out.
        self.current_frame = &**frame;
        // After every frame switch (a call, a return, a generator entered or
        // left): re-aim the code pointer and the caller seen by natives.
        macro_rules! frame_switched {
            () => {{
                code_ptr = GilRc::as_ptr(&frame.code);
                ops_ptr = frame.code.ops.as_ptr();
                *pc = frame.pc;
                self.current_frame = &**frame;
            }};
        }
        // Return `v` from the current frame: to the caller frame in this
        // loop, out of the loop, or out of a generator.
        macro_rules! return_value {
            ($v:expr) => {{
                let v = $v;
                if let Some(gen) = frame.generator.take() {
                    let left = self.generator_returned(frame, gen, v);
                    frame_switched!();
                    left?;
                    continue;
                }
                if let Some(v) = self.pop_frame(frame, base, v) {
                    return Ok(Step::Return(v));
                }
                frame_switched!();
            }};
        }
        // `a op b` for the two values on top of the stack.
        macro_rules! binary_on_stack {
            ($bop:expr) => {{
                if !fast_binary_on_stack(&mut frame.stack, $bop) {
                    let b = pop!();
                    let a = pop!();
                    let r = out!(self.binary_op($bop, &a, &b))?;
                    push_value(&mut frame.stack, r);
                }
            }};
        }
        // `obj.name` (name slot `$n`): the cache hit here, the rest outside.
        macro_rules! load_attr {
            ($code:expr, $n:expr, $obj:expr) => {{
                match self.cached_attr($code, $n, $obj) {
                    Some(v) => v,
                    None => out!(self.attr_uncached($code, $n, $obj))?,
                }
            }};
        }
        // `obj.name` pushed.
        macro_rules! push_attr {
            ($code:expr, $n:expr, $obj:expr) => {{
                let v = load_attr!($code, $n, $obj);
                push_value(&mut frame.stack, v);
            }};
        }
        // `obj.name = v`: the cache hit here, the rest outside.
        macro_rules! store_attr {
            ($code:expr, $n:expr, $obj:expr, $v:expr) => {{
                if let Some(v) = self.store_cached_slot($code, $n, $obj, $v) {
                    out!(self.store_attr_uncached($code, $n, $obj, v))?;
                }
            }};
        }
        // `obj.name` for a call pushed as callable and receiver (`LoadMethod`).
        macro_rules! push_method {
            ($code:expr, $n:expr, $obj:expr) => {{
                let obj = $obj;
                let (f, receiver) = match self.cached_method_of_known_shape($code, $n, &obj) {
                    Some(f) => (f, obj),
                    None => out!(self.load_method_uncached($code, $n, obj))?,
                };
                push_value(&mut frame.stack, f);
                push_value(&mut frame.stack, receiver);
            }};
        }
        // `a cmp b` as a condition: numbers here, the rest outside.
        macro_rules! compare_truth {
            ($cmp:expr, $a:expr, $b:expr) => {{
                match fast_ops::compare($cmp, $a, $b) {
                    Some(r) => r,
                    None => out!(self.compare_truth_slow($cmp, $a, $b))?,
                }
            }};
        }
        // `a op b` with a fast path for numbers and str.
        macro_rules! binary {
            ($bop:expr, $a:expr, $b:expr) => {{
                match fast_ops::binary($bop, $a, $b) {
                    Some(r) => r,
                    None => out!(self.binary_op($bop, $a, $b))?,
                }
            }};
        }
        // The truth of a popped condition.
        macro_rules! truth {
            ($v:expr) => {{
                match $v {
                    Value::Bool(b) => b,
                    v => out!(self.truthy(&v))?,
                }
            }};
        }
        // `LoadFast(a) LoadAttr(n)`, a right-hand side (`$rhs`: `None` when
        // it is the unbound local `$b`), `CompareOp(cmp) PopJumpIfFalse(t)`.
        // pc moves past each covered instruction before it runs.
        macro_rules! attr_compare_jump {
            ($code:ident, $cmp:expr, $a:expr, $n:expr, $t:expr, $rhs:expr, $b:expr) => {{
                skip!(1);
                let lhs = match &frame.fast[$a as usize] {
                    Some(obj) => load_attr!($code, $n as usize, obj),
                    None => return Err(self.unbound_local($code, $a as u32)),
                };
                skip!(1);
                let truth = match $rhs {
                    Some(rhs) => compare_truth!($cmp, &lhs, rhs),
                    None => return Err(self.unbound_local($code, $b as u32)),
                };
                skip!(2);
                if !truth {
                    jump!($t as usize);
                }
            }};
        }
        loop {
            // SAFETY: `code_ptr` points into the `GilRc<CodeObj>` owned by the current
            // `frame`, which lives (boxed) at least until the pointer is re-aimed
            // after the next frame switch.
            let code: &CodeObj = unsafe { &*code_ptr };
            *ticks -= 1;
            if *ticks <= 0 {
                out!(self.handle_eval_breaker())?;
            }
            // SAFETY: `ops_ptr` is `code.ops` (see `code_ptr`), and `pc` only
            // ever holds 0, a jump target, a resumed `pc` or
            // one past an instruction that is not `EndOfCode`; quickened code
            // ends with `EndOfCode` and has no target beyond it (`quicken`).
            let op = unsafe { *ops_ptr.add(*pc) };
            *pc += 1;
            match op {
                Op::Nop => {}
                Op::Pop => {
                    pop!();
                }
                Op::DupTop => {
                    let v = top!().clone();
                    push_value(&mut frame.stack, v);
                }
                Op::DupTopTwo => {
                    let n = frame.stack.len();
                    if n < 2 {
                        return Err(self.new_error("SystemError", "value stack underflow"));
                    }
                    let (a, b) = (frame.stack[n - 2].clone(), frame.stack[n - 1].clone());
                    push_value(&mut frame.stack, a);
                    push_value(&mut frame.stack, b);
                }
                Op::RotTwo => {
                    let n = frame.stack.len();
                    frame.stack.swap(n - 1, n - 2);
                }
                Op::RotThree => {
                    let v = pop!();
                    let n = frame.stack.len();
                    frame.stack.insert(n - 2, v);
                }
                Op::RotFour => {
                    let v = pop!();
                    let n = frame.stack.len();
                    frame.stack.insert(n - 3, v);
                }
                Op::LoadConst(i) => push_clone(&mut frame.stack, &code.consts[i as usize]),
                Op::LoadFast(i) => self.push_fast(frame, code, i)?,
                Op::StoreFast(i) => {
                    let v = pop!();
                    store_fast(&mut frame.fast[i as usize], v);
                }
                Op::DeleteFast(i) => {
                    if frame.fast[i as usize].take().is_none() {
                        return Err(self.unbound_local(code, i));
                    }
                }
                Op::LoadDeref(i) => {
                    let v = self.cell_get(frame, i)?;
                    push_value(&mut frame.stack, v);
                }
                Op::StoreDeref(i) => {
                    let v = pop!();
                    self.cell_set(frame, i, Some(v));
                }
                Op::DeleteDeref(i) => {
                    self.cell_get(frame, i)?;
                    self.cell_set(frame, i, None);
                }
                Op::LoadClosure(i) => {
                    let cell = frame.cells[i as usize].clone();
                    push_value(&mut frame.stack, Value::Obj(cell));
                }
                Op::LoadGlobal(i) => self.push_global(frame, code, i as usize)?,
                Op::StoreGlobal(i) => {
                    let v = pop!();
                    if let Object::Dict(d) = &*frame.globals {
                        d.borrow_mut(&self.gil)
                            .insert(code.names[i as usize].clone(), v);
                    }
                }
                Op::DeleteGlobal(i) => {
                    let key = &code.names[i as usize];
                    let removed = match &*frame.globals {
                        Object::Dict(d) => d.borrow_mut(&self.gil).remove(key),
                        _ => None,
                    };
                    if removed.is_none() {
                        let name = key.value.as_str().unwrap_or("?").to_string();
                        return Err(
                            self.new_error("NameError", format!("name '{name}' is not defined"))
                        );
                    }
                }
                Op::LoadName(i) => {
                    let key = &code.names[i as usize];
                    let v = match out!(self.local_name(frame, key))? {
                        Some(v) => v,
                        None => out!(self.load_global(frame, key))?,
                    };
                    push_value(&mut frame.stack, v);
                }
                Op::StoreName(i) => {
                    let v = pop!();
                    let key = code.names[i as usize].clone();
                    let ns = frame
                        .namespace
                        .clone()
                        .unwrap_or_else(|| frame.globals.clone());
                    out!(self.namespace_set(&ns, key, v))?;
                }
                Op::DeleteName(i) => {
                    let key = &code.names[i as usize];
                    let ns = frame
                        .namespace
                        .clone()
                        .unwrap_or_else(|| frame.globals.clone());
                    let removed = match &*ns {
                        Object::Dict(d) => d.borrow_mut(&self.gil).remove(key).is_some(),
                        _ => {
                            out!(self.delitem(&Value::Obj(ns.clone()), &key.value))?;
                            true
                        }
                    };
                    if !removed {
                        let name = key.value.as_str().unwrap_or("?").to_string();
                        return Err(
                            self.new_error("NameError", format!("name '{name}' is not defined"))
                        );
                    }
                }
                Op::LoadClassDeref(name, cell) => {
                    let key = &code.names[name as usize];
                    let v = match out!(self.local_name(frame, key))? {
                        Some(v) => v,
                        None => self.cell_get(frame, cell)?,
                    };
                    push_value(&mut frame.stack, v);
                }
                Op::LoadAttr(i) => {
                    let obj = pop!();
                    push_attr!(code, i as usize, &obj);
                }
                Op::StoreAttr(i) => {
                    let obj = pop!();
                    let v = pop!();
                    store_attr!(code, i as usize, &obj, v);
                }
                Op::DeleteAttr(i) => {
                    let obj = pop!();
                    out!(self.delattr(&obj, &code.names[i as usize]))?;
                }
                Op::LoadMethod(i) => {
                    let obj = pop!();
                    push_method!(code, i as usize, obj);
                }
                Op::CallMethod(n) => {
                    let n = n as usize;
                    let len = frame.stack.len();
                    let recv_pos = len - n - 1;
                    let nargs = if frame.stack[recv_pos].is_same_object(&self.rt.types.null_marker)
                    {
                        frame.stack.remove(recv_pos);
                        n
                    } else {
                        n + 1
                    };
                    out!(self.call_from_stack(frame, nargs))?;
                    frame_switched!();
                }
                Op::BinarySubscr => {
                    let key = pop!();
                    let container = pop!();
                    let v = out!(self.getitem(&container, &key))?;
                    push_value(&mut frame.stack, v);
                }
                Op::StoreSubscr => {
                    let key = pop!();
                    let container = pop!();
                    let v = pop!();
                    out!(self.setitem(&container, &key, v))?;
                }
                Op::DeleteSubscr => {
                    let key = pop!();
                    let container = pop!();
                    out!(self.delitem(&container, &key))?;
                }
                Op::BuildSlice(n) => {
                    let step = if n == 3 { pop!() } else { Value::None };
                    let stop = pop!();
                    let start = pop!();
                    push_value(
                        &mut frame.stack,
                        Value::from_obj(Object::Slice(Slice { start, stop, step })),
                    );
                }
                Op::BinaryOp(bop) => {
                    binary_on_stack!(bop);
                }
                Op::InplaceOp(bop) => {
                    // Small ints and floats are immutable: in place is the plain operator.
                    if !fast_binary_on_stack(&mut frame.stack, bop) {
                        let b = pop!();
                        let a = pop!();
                        let r = out!(self.inplace_op(bop, &a, &b))?;
                        push_value(&mut frame.stack, r);
                    }
                }
                Op::UnaryOp(uop) => {
                    let a = pop!();
                    let r = out!(self.unary_op(uop, &a))?;
                    push_value(&mut frame.stack, r);
                }
                Op::CompareOp(cmp) => {
                    let b = pop!();
                    let a = pop!();
                    let r = match fast_ops::compare(cmp, &a, &b) {
                        Some(r) => Value::Bool(r),
                        None => out!(self.compare_op(cmp, &a, &b))?,
                    };
                    push_value(&mut frame.stack, r);
                }
                Op::IsOp(invert) => {
                    let b = pop!();
                    let a = pop!();
                    push_value(&mut frame.stack, Value::Bool(a.is(&b) != invert));
                }
                Op::ContainsOp(invert) => {
                    let container = pop!();
                    let item = pop!();
                    let r = out!(self.contains(&container, &item))?;
                    push_value(&mut frame.stack, Value::Bool(r != invert));
                }
                Op::Jump(t) => jump!(t as usize),
                Op::PopJumpIfFalse(t) => {
                    let v = pop!();
                    let truth = truth!(v);
                    if !truth {
                        jump!(t as usize);
                    }
                }
                Op::PopJumpIfTrue(t) => {
                    let v = pop!();
                    let truth = truth!(v);
                    if truth {
                        jump!(t as usize);
                    }
                }
                Op::JumpIfFalseOrPop(t) => {
                    let v = top!().clone();
                    if !out!(self.truthy(&v))? {
                        jump!(t as usize);
                    } else {
                        frame.stack.pop();
                    }
                }
                Op::JumpIfTrueOrPop(t) => {
                    let v = top!().clone();
                    if out!(self.truthy(&v))? {
                        jump!(t as usize);
                    } else {
                        frame.stack.pop();
                    }
                }
                Op::GetIter => {
                    let v = pop!();
                    let it = out!(self.iter(&v))?;
                    push_value(&mut frame.stack, it);
                }
                Op::ForIter(t) => match out!(self.for_iter(frame, t))? {
                    ForStep::Next(v) => push_value(&mut frame.stack, v),
                    ForStep::Done => *pc = frame.pc,
                    ForStep::Entered => frame_switched!(),
                },
                Op::BuildTuple(n) => {
                    let at = frame.stack.len() - n as usize;
                    let items: Vec<Value> = frame.stack.drain(at..).collect();
                    push_value(&mut frame.stack, self.new_tuple(items));
                }
                Op::BuildList(n) => {
                    let at = frame.stack.len() - n as usize;
                    let items: Vec<Value> = frame.stack.drain(at..).collect();
                    push_value(&mut frame.stack, self.new_list(items));
                }
                Op::BuildSet(n) => {
                    let at = frame.stack.len() - n as usize;
                    let items: Vec<Value> = frame.stack.drain(at..).collect();
                    let mut set = super::SetData::new();
                    for v in items {
                        set.insert(out!(self.hash_key(v))?);
                    }
                    push_value(
                        &mut frame.stack,
                        Value::from_obj(Object::Set(GilCell::new(set))),
                    );
                }
                Op::BuildMap(n) => {
                    let at = frame.stack.len() - 2 * n as usize;
                    let items: Vec<Value> = frame.stack.drain(at..).collect();
                    let mut d = super::Dict::new();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        d.insert(out!(self.hash_key(k))?, v);
                    }
                    push_value(&mut frame.stack, self.new_dict(d));
                }
                Op::BuildString(n) => {
                    let at = frame.stack.len() - n as usize;
                    let mut s = String::new();
                    for v in frame.stack.drain(at..) {
                        if let Some(t) = v.as_str() {
                            s.push_str(t);
                        }
                    }
                    push_value(&mut frame.stack, Value::str(s));
                }
                Op::ListAppend(i) => {
                    let v = pop!();
                    let idx = frame.stack.len() - i as usize;
                    if let Value::Obj(o) = &frame.stack[idx] {
                        if let Object::List(l) = &**o {
                            l.borrow_mut(&self.gil).push(v);
                        }
                    }
                }
                Op::SetAdd(i) => {
                    let v = pop!();
                    let k = out!(self.hash_key(v))?;
                    let idx = frame.stack.len() - i as usize;
                    if let Value::Obj(o) = &frame.stack[idx] {
                        if let Object::Set(s) = &**o {
                            s.borrow_mut(&self.gil).insert(k);
                        }
                    }
                }
                Op::MapAdd(i) => {
                    let v = pop!();
                    let k = pop!();
                    let k = out!(self.hash_key(k))?;
                    let idx = frame.stack.len() - i as usize;
                    if let Value::Obj(o) = &frame.stack[idx] {
                        if let Object::Dict(d) = &**o {
                            d.borrow_mut(&self.gil).insert(k, v);
                        }
                    }
                }
                Op::ListExtend(i) => {
                    let iterable = pop!();
                    if !self.is_iterable(&iterable) {
                        // `f(*x)` builds its argument list here: say so as CPython does.
                        let t = self.type_name(&iterable);
                        let ops = &code.code.ops;
                        let for_call = matches!(ops.get(*pc), Some(Op::ListToTuple))
                            && matches!(ops.get(*pc + 1), Some(Op::CallEx(_)));
                        let msg = if for_call {
                            let f = frame.stack[frame.stack.len() - i as usize - 1].clone();
                            format!(
                                "{} argument after * must be an iterable, not {t}",
                                self.callable_name(&f)
                            )
                        } else {
                            format!("Value after * must be an iterable, not {t}")
                        };
                        return Err(self.type_error(msg));
                    }
                    let items = out!(self.collect(&iterable))?;
                    let idx = frame.stack.len() - i as usize;
                    if let Value::Obj(o) = &frame.stack[idx] {
                        if let Object::List(l) = &**o {
                            l.borrow_mut(&self.gil).extend(items);
                        }
                    }
                }
                Op::SetUpdate(i) => {
                    let iterable = pop!();
                    let items = out!(self.collect(&iterable))?;
                    let mut keys = Vec::with_capacity(items.len());
                    for v in items {
                        keys.push(out!(self.hash_key(v))?);
                    }
                    let idx = frame.stack.len() - i as usize;
                    if let Value::Obj(o) = &frame.stack[idx] {
                        if let Object::Set(s) = &**o {
                            let mut s = s.borrow_mut(&self.gil);
                            for k in keys {
                                s.insert(k);
                            }
                        }
                    }
                }
                Op::DictUpdate(i) | Op::DictMerge(i) => {
                    let mapping = pop!();
                    if !self.is_mapping(&mapping) {
                        let t = self.type_name(&mapping);
                        let msg = if matches!(op, Op::DictMerge(_)) {
                            // `f(**x)`: below the dict are the positional tuple and the callable.
                            let f = frame.stack[frame.stack.len() - i as usize - 2].clone();
                            format!(
                                "{} argument after ** must be a mapping, not {t}",
                                self.callable_name(&f)
                            )
                        } else {
                            format!("'{t}' object is not a mapping")
                        };
                        return Err(self.type_error(msg));
                    }
                    let pairs = out!(self.mapping_items(&mapping))?;
                    let idx = frame.stack.len() - i as usize;
                    let target = frame.stack[idx].clone();
                    if let Value::Obj(o) = &target {
                        if let Object::Dict(d) = &**o {
                            for (k, v) in pairs {
                                let k = out!(self.hash_key(k))?;
                                if matches!(op, Op::DictMerge(_))
                                    && d.borrow(&self.gil).contains(&k)
                                {
                                    let name = self.to_str(&k.value)?;
                                    return Err(self.type_error(format!(
                                        "got multiple values for keyword argument '{name}'"
                                    )));
                                }
                                d.borrow_mut(&self.gil).insert(k, v);
                            }
                        }
                    }
                }
                Op::ListToTuple => {
                    let l = pop!();
                    let items = out!(self.collect(&l))?;
                    push_value(&mut frame.stack, self.new_tuple(items));
                }
                Op::FormatValue(flags) => {
                    let spec = if flags & 4 != 0 { pop!() } else { Value::None };
                    let v = pop!();
                    let s = out!(self.format_value_flags(v, flags, &spec))?;
                    push_value(&mut frame.stack, Value::str(s));
                }
                Op::UnpackSequence(n) => {
                    let seq = pop!();
                    let items = out!(self.unpack(&seq, n as usize))?;
                    frame.stack.extend(items.into_iter().rev());
                }
                Op::UnpackEx(before, after) => {
                    let seq = pop!();
                    let mut items = out!(self.collect(&seq))?;
                    let (before, after) = (before as usize, after as usize);
                    if items.len() < before + after {
                        return Err(self.value_error(format!(
                            "not enough values to unpack (expected at least {}, got {})",
                            before + after,
                            items.len()
                        )));
                    }
                    let tail = items.split_off(items.len() - after);
                    let middle = items.split_off(before);
                    for v in tail.into_iter().rev() {
                        push_value(&mut frame.stack, v);
                    }
                    push_value(&mut frame.stack, self.new_list(middle));
                    for v in items.into_iter().rev() {
                        push_value(&mut frame.stack, v);
                    }
                }
                Op::MakeFunction(flags) => {
                    let code_v = pop!();
                    let closure = if flags & 4 != 0 {
                        self.cells_of(pop!())
                    } else {
                        Vec::new()
                    };
                    let kwdefaults = if flags & 2 != 0 {
                        self.kwdefaults_of(pop!())?
                    } else {
                        Vec::new()
                    };
                    let defaults = if flags & 1 != 0 {
                        out!(self.collect(&pop!()))?
                    } else {
                        Vec::new()
                    };
                    let Some(Object::Code(c)) = code_v.as_obj().map(|o| &**o) else {
                        return Err(self.new_error("SystemError", "MakeFunction without code"));
                    };
                    let f = self.make_function(
                        c.clone(),
                        frame.globals.clone(),
                        defaults,
                        kwdefaults,
                        closure,
                    );
                    push_value(&mut frame.stack, f);
                }
                Op::Call(n) => {
                    out!(self.call_from_stack(frame, n as usize))?;
                    frame_switched!();
                }
                Op::CallKw(n) => {
                    let names = pop!();
                    out!(self.call_from_stack_slow(frame, n as usize, Some(names)))?;
                    frame_switched!();
                }
                Op::CallEx(has_kw) => {
                    let kwargs = if has_kw != 0 { Some(pop!()) } else { None };
                    let pos = pop!();
                    let f = pop!();
                    let positional = match out!(self.collect(&pos)) {
                        Ok(items) => items,
                        Err(e) if self.exc_is(&e, "TypeError") && !self.is_iterable(&pos) => {
                            let (name, t) = (self.callable_name(&f), self.type_name(&pos));
                            return Err(self.type_error(format!(
                                "{name} argument after * must be an iterable, not {t}"
                            )));
                        }
                        Err(e) => return Err(e),
                    };
                    let mut args = Args::new(positional);
                    if let Some(kw) = kwargs {
                        if !self.is_mapping(&kw) {
                            let (name, t) = (self.callable_name(&f), self.type_name(&kw));
                            return Err(self.type_error(format!(
                                "{name} argument after ** must be a mapping, not {t}"
                            )));
                        }
                        for (k, v) in out!(self.mapping_items(&kw))? {
                            let Some(name) = k.as_str() else {
                                return Err(self.type_error("keywords must be strings"));
                            };
                            args.kw.push((Arc::from(name), v));
                        }
                    }
                    out!(self.call_value_in_loop(frame, f, args))?;
                    frame_switched!();
                }
                Op::ReturnValue => {
                    let v = pop!();
                    return_value!(v);
                }
                Op::ReturnFast(a) => {
                    skip!(1);
                    let v = match &frame.fast[a as usize] {
                        Some(v) => v.clone(),
                        None => return Err(self.unbound_local(code, a)),
                    };
                    return_value!(v);
                }
                Op::BinaryReturn(bop) => {
                    binary_on_stack!(bop);
                    skip!(1);
                    let v = pop!();
                    return_value!(v);
                }
                Op::ReturnConst(c) => {
                    skip!(1);
                    let v = code.consts[c as usize].clone();
                    return_value!(v);
                }
                Op::LoadBuildClass => {
                    let v = self.builtin_named("__build_class__")?;
                    push_value(&mut frame.stack, v);
                }
                Op::LoadAssertionError => {
                    push_value(
                        &mut frame.stack,
                        Value::Obj(self.rt.types.exc("AssertionError").clone()),
                    );
                }
                Op::YieldValue => {
                    let v = pop!();
                    if let Some(gen) = frame.generator.take() {
                        sync!();
                        self.generator_yielded(frame, gen, v);
                        frame_switched!();
                        continue;
                    }
                    if self.frames.len() > base {
                        return Err(self.new_error("SystemError", "yield from a non-base frame"));
                    }
                    return Ok(Step::Yield(v));
                }
                Op::GetYieldFromIter => {
                    let v = pop!();
                    let it = match &v {
                        Value::Obj(o) if matches!(&**o, Object::Generator(_)) => v.clone(),
                        _ => out!(self.iter(&v))?,
                    };
                    push_value(&mut frame.stack, it);
                }
                Op::GetAwaitable => {
                    let v = pop!();
                    let it = out!(self.get_awaitable(&v))?;
                    push_value(&mut frame.stack, it);
                }
                Op::YieldFrom => {
                    let sent = pop!();
                    let it = top!().clone();
                    match out!(self.delegate_send(&it, sent))? {
                        super::generator::GenOutcome::Yielded(v) => {
                            // Re-run this instruction with the next value sent in.
                            *pc -= 1;
                            if let Some(gen) = frame.generator.take() {
                                sync!();
                                self.generator_yielded(frame, gen, v);
                                frame_switched!();
                                continue;
                            }
                            if self.frames.len() > base {
                                return Err(
                                    self.new_error("SystemError", "yield from a non-base frame")
                                );
                            }
                            return Ok(Step::Yield(v));
                        }
                        super::generator::GenOutcome::Returned(r) => {
                            frame.stack.pop();
                            push_value(&mut frame.stack, r);
                        }
                    }
                }
                Op::SetupFinally(h) => {
                    let depth = frame.stack.len() as u32;
                    frame.blocks.push(Block::Handler { handler: h, depth });
                }
                Op::PopBlock => {
                    frame.blocks.pop();
                }
                Op::PopExcept => {
                    if let Some(Block::ExceptHandler { previous }) = frame.blocks.pop() {
                        self.handled = previous;
                    }
                }
                Op::Raise(n) => {
                    let exc = match n {
                        0 => match self.handled.clone() {
                            Some(Value::Obj(e)) => {
                                self.reraising = true;
                                Exc(e)
                            }
                            _ => self.new_error("RuntimeError", "No active exception to reraise"),
                        },
                        1 => {
                            let v = pop!();
                            out!(self.make_raisable(v))?
                        }
                        _ => {
                            let cause = pop!();
                            let v = pop!();
                            let exc = out!(self.make_raisable(v))?;
                            let cause = if cause.is_none() {
                                Value::None
                            } else {
                                match out!(self.make_raisable(cause)) {
                                    Ok(c) => c.value(),
                                    Err(e) if self.exc_is(&e, "TypeError") => {
                                        return Err(self.type_error(
                                            "exception causes must derive from BaseException",
                                        ))
                                    }
                                    Err(e) => return Err(e),
                                }
                            };
                            if let Some(d) = self.exc_data(&exc.0) {
                                let mut d = d.borrow_mut(&self.gil);
                                d.cause = Some(cause);
                                d.suppress_context = true;
                            }
                            exc
                        }
                    };
                    return Err(exc);
                }
                Op::Reraise => {
                    let v = pop!();
                    let Value::Obj(e) = v else {
                        return Err(self.new_error("SystemError", "Reraise of a non-exception"));
                    };
                    self.reraising = true;
                    return Err(Exc(e));
                }
                Op::CheckExcMatch => {
                    let spec = pop!();
                    let exc = top!().clone();
                    let m = out!(self.exception_matches(&exc, &spec))?;
                    push_value(&mut frame.stack, Value::Bool(m));
                }
                Op::BeforeWith => {
                    let mgr = pop!();
                    let Some(enter) = self.lookup_special(&mgr, "__enter__") else {
                        let t = self.type_name(&mgr);
                        return Err(self.type_error(format!(
                            "'{t}' object does not support the context manager protocol"
                        )));
                    };
                    let Some(exit) = self.lookup_special(&mgr, "__exit__") else {
                        let t = self.type_name(&mgr);
                        return Err(self.type_error(format!(
                            "'{t}' object does not support the context manager protocol (missed __exit__ method)"
                        )));
                    };
                    let class = self.class_of(&mgr).clone();
                    let exit = out!(self.bind(exit, &mgr, &class))?;
                    push_value(&mut frame.stack, exit);
                    let r = out!(self.call(&enter, Args::new([mgr])))?;
                    push_value(&mut frame.stack, r);
                }
                Op::WithExitNormal => {
                    let exit = pop!();
                    out!(self.call(&exit, Args::new([Value::None, Value::None, Value::None])))?;
                }
                Op::WithExceptStart => {
                    let exc = top!().clone();
                    let n = frame.stack.len();
                    let exit = frame.stack[n - 2].clone();
                    let class = Value::Obj(self.class_of(&exc).clone());
                    let tb = match &exc {
                        Value::Obj(o) => self.traceback_object(o),
                        _ => Value::None,
                    };
                    let r = out!(self.call(&exit, Args::new([class, exc, tb])))?;
                    push_value(&mut frame.stack, r);
                }
                Op::ImportName(i) => {
                    let fromlist = pop!();
                    let level = pop!();
                    let level = if let Value::Int(l) = level {
                        l as usize
                    } else {
                        0
                    };
                    let name = code.names[i as usize]
                        .value
                        .as_str()
                        .unwrap_or("")
                        .to_string();
                    let m = out!(self.import_name(&name, level, &fromlist, &frame.globals))?;
                    push_value(&mut frame.stack, m);
                }
                Op::ImportFrom(i) => {
                    let module = top!().clone();
                    let v = out!(self.import_from(&module, &code.names[i as usize]))?;
                    push_value(&mut frame.stack, v);
                }
                Op::ImportStar => {
                    let module = pop!();
                    let ns = frame
                        .namespace
                        .clone()
                        .unwrap_or_else(|| frame.globals.clone());
                    out!(self.import_star(&module, &ns))?;
                }
                Op::PrintExpr => {
                    let v = pop!();
                    if !v.is_none() {
                        let s = out!(self.repr(&v))?;
                        self.rt.output.write_stdout(&format!("{s}\n"));
                        self.set_builtin("_", v);
                    }
                }
                // ---- superinstructions (see quicken.rs): each skips the
                // instructions it stands for, which follow it ----
                Op::LoadFastAttr(a, n) => {
                    skip!(1);
                    match &frame.fast[a as usize] {
                        Some(obj) => push_attr!(code, n as usize, obj),
                        None => return Err(self.unbound_local(code, a)),
                    }
                }
                Op::FastAttrFastAttrBinary(bop, a, n, b, m) => {
                    // pc moves past each covered LoadAttr before it runs, as
                    // LoadFastAttr does, so an error points at the right place.
                    skip!(1);
                    let x = match &frame.fast[a as usize] {
                        Some(obj) => load_attr!(code, n as usize, obj),
                        None => return Err(self.unbound_local(code, a as u32)),
                    };
                    skip!(2);
                    let y = match &frame.fast[b as usize] {
                        Some(obj) => load_attr!(code, m as usize, obj),
                        None => return Err(self.unbound_local(code, b as u32)),
                    };
                    skip!(1);
                    let r = binary!(bop, &x, &y);
                    push_value(&mut frame.stack, r);
                }
                Op::LoadFastStoreAttr(a, n) => {
                    skip!(1);
                    let v = pop!();
                    match &frame.fast[a as usize] {
                        Some(obj) => store_attr!(code, n as usize, obj, v),
                        None => return Err(self.unbound_local(code, a)),
                    }
                }
                Op::LoadFastMethod(a, n) => {
                    skip!(1);
                    let obj = self.load_fast(frame, code, a)?;
                    push_method!(code, n as usize, obj);
                }
                Op::LoadFastLoadFast(a, b) => {
                    skip!(1);
                    self.push_fast(frame, code, a)?;
                    self.push_fast(frame, code, b)?;
                }
                Op::LoadFastLoadConst(a, c) => {
                    skip!(1);
                    self.push_fast(frame, code, a)?;
                    push_clone(&mut frame.stack, &code.consts[c as usize]);
                }
                Op::StoreFastLoadFast(a, b) => {
                    skip!(1);
                    let v = pop!();
                    store_fast(&mut frame.fast[a as usize], v);
                    self.push_fast(frame, code, b)?;
                }
                Op::LoadFastConstBinary(bop, a, c) => {
                    skip!(2);
                    let k = &code.consts[c as usize];
                    let r = match &frame.fast[a as usize] {
                        Some(x) => binary!(bop, x, k),
                        None => return Err(self.unbound_local(code, a)),
                    };
                    push_value(&mut frame.stack, r);
                }
                Op::ConstBinary(bop, c) => {
                    skip!(1);
                    let k = &code.consts[c as usize];
                    let fast = fast_ops::binary(bop, top!(), k);
                    match fast {
                        Some(r) => {
                            let top = frame.stack.last_mut().expect("checked by top!");
                            set_value(top, r);
                        }
                        None => {
                            let a = pop!();
                            let r = out!(self.binary_op(bop, &a, k))?;
                            push_value(&mut frame.stack, r);
                        }
                    }
                }
                Op::StoreFastJump(a, t) => {
                    let v = pop!();
                    store_fast(&mut frame.fast[a as usize], v);
                    skip!(1);
                    jump!(t as usize);
                }
                Op::PopJump(t) => {
                    pop!();
                    skip!(1);
                    jump!(t as usize);
                }
                Op::CompareJumpIfFalse(cmp, t) => {
                    let b = pop!();
                    let a = pop!();
                    let truth = compare_truth!(cmp, &a, &b);
                    skip!(1);
                    if !truth {
                        jump!(t as usize);
                    }
                }
                Op::ConstCompareJumpIfFalse(cmp, c, t) => {
                    let a = pop!();
                    let truth = compare_truth!(cmp, &a, &code.consts[c as usize]);
                    skip!(2);
                    if !truth {
                        jump!(t as usize);
                    }
                }
                Op::FastCompareJumpIfFalse(cmp, b, t) => {
                    let a = pop!();
                    let truth = match &frame.fast[b as usize] {
                        Some(b) => compare_truth!(cmp, &a, b),
                        None => return Err(self.unbound_local(code, b)),
                    };
                    skip!(2);
                    if !truth {
                        jump!(t as usize);
                    }
                }
                Op::FastAttrConstCompareJumpIfFalse(cmp, a, n, c, t) => {
                    attr_compare_jump!(code, cmp, a, n, t, Some(&code.consts[c as usize]), 0);
                }
                Op::FastAttrFastCompareJumpIfFalse(cmp, a, n, b, t) => {
                    attr_compare_jump!(code, cmp, a, n, t, frame.fast[b as usize].as_ref(), b);
                }
                Op::FastFastCompareJumpIfFalse(cmp, a, b, t) => {
                    let truth = match (&frame.fast[a as usize], &frame.fast[b as usize]) {
                        (Some(x), Some(y)) => compare_truth!(cmp, x, y),
                        (None, _) => return Err(self.unbound_local(code, a as u32)),
                        (_, None) => {
                            skip!(1);
                            return Err(self.unbound_local(code, b as u32));
                        }
                    };
                    skip!(3);
                    if !truth {
                        jump!(t as usize);
                    }
                }
                Op::FastConstCompareJumpIfFalse(cmp, a, c, t) => {
                    let truth = match &frame.fast[a as usize] {
                        Some(x) => compare_truth!(cmp, x, &code.consts[c as usize]),
                        None => return Err(self.unbound_local(code, a as u32)),
                    };
                    skip!(3);
                    if !truth {
                        jump!(t as usize);
                    }
                }
                Op::EndOfCode => {
                    *pc -= 1;
                    return Err(self.new_error("SystemError", "fell off the end of the code"));
                }
                Op::ForIterStoreFast(t, a) => {
                    if let Some(v) = self.for_iter_fast(frame) {
                        skip!(1);
                        store_fast(&mut frame.fast[a as usize], v);
                        continue;
                    }
                    match out!(self.for_iter(frame, t))? {
                        ForStep::Next(v) => {
                            skip!(1);
                            store_fast(&mut frame.fast[a as usize], v);
                        }
                        ForStep::Done => *pc = frame.pc,
                        // The generator's value will be stored by the `StoreFast` after this.
                        ForStep::Entered => frame_switched!(),
                    }
                }
            }
        }
    }

    /// Push a local's value, or raise UnboundLocalError.
    #[inline(always)]
    fn push_fast(&mut self, frame: &mut Frame, code: &CodeObj, i: u32) -> PyResult<()> {
        match &frame.fast[i as usize] {
            Some(v) => {
                push_clone(&mut frame.stack, v);
                Ok(())
            }
            None => Err(self.unbound_local(code, i)),
        }
    }

    /// A local's value, or UnboundLocalError.
    #[inline]
    fn load_fast(&mut self, frame: &Frame, code: &CodeObj, i: u32) -> PyResult {
        match &frame.fast[i as usize] {
            Some(v) => Ok(v.clone()),
            None => Err(self.unbound_local(code, i)),
        }
    }

    #[cold]
    fn unbound_local(&mut self, code: &CodeObj, i: u32) -> Exc {
        let name = code.code.varnames[i as usize].to_string();
        self.new_error(
            "UnboundLocalError",
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    /// The text `FormatValue` pushes: `v` converted as `flags` say (1 str,
    /// 2 repr, 3 ascii), then formatted with `spec`.
    fn format_value_flags(&mut self, v: Value, flags: u32, spec: &Value) -> PyResult<String> {
        let v = match flags & 3 {
            1 => Value::str(self.to_str(&v)?),
            2 => Value::str(self.repr(&v)?),
            3 => Value::str(ascii_escape(&self.repr(&v)?)),
            _ => v,
        };
        self.format_value(&v, spec.as_str().unwrap_or(""))
    }

    /// `a cmp b` as a condition, for what `fast_ops::compare` leaves.
    #[cold]
    #[inline(never)]
    fn compare_truth_slow(&mut self, cmp: Comparison, a: &Value, b: &Value) -> PyResult<bool> {
        match self.compare_op(cmp, a, b)? {
            Value::Bool(r) => Ok(r),
            r => self.truthy(&r),
        }
    }

    /// `CompareOp` for everything `fast_ops::compare` leaves.
    fn compare_op(&mut self, cmp: Comparison, a: &Value, b: &Value) -> PyResult {
        Ok(match cmp {
            Comparison::Eq => Value::Bool(self.eq(a, b)?),
            // An instance's `__ne__` may say something else than `not __eq__`.
            Comparison::Ne if !matches!(a, Value::Obj(o) if matches!(&**o, Object::Instance(_))) => {
                Value::Bool(!self.eq(a, b)?)
            }
            _ => self.compare(cmp, a, b)?,
        })
    }

    /// One step of a `for` loop over the iterator on top of the stack.
    #[inline]
    fn for_iter(&mut self, frame: &mut Box<Frame>, end: u32) -> PyResult<ForStep> {
        // `for i in range(...)` and `for x in a_list` without the general protocol.
        if let Some(v) = self.for_iter_fast(frame) {
            return Ok(ForStep::Next(v));
        }
        let Some(it) = frame.stack.last() else {
            return Err(self.new_error("SystemError", "value stack underflow"));
        };
        if let Value::Obj(o) = it {
            if let Object::Generator(g) = &**o {
                if !g.is_coroutine {
                    let gen = o.clone();
                    let depth = frame.stack.len();
                    if let Entered::Yes = self.enter_generator(frame, &gen, &Value::None, depth) {
                        return Ok(ForStep::Entered);
                    }
                }
            }
        }
        let Some(it) = frame.stack.last() else {
            return Err(self.new_error("SystemError", "value stack underflow"));
        };
        match self.next(it)? {
            Some(v) => Ok(ForStep::Next(v)),
            None => Ok(self.end_for(frame, end)),
        }
    }

    /// The next value of a `for` over a range or a list, taken in the loop
    /// itself; `None` for any other iterator, and at the end (`for_iter`
    /// then decides).
    #[inline(always)]
    fn for_iter_fast(&self, frame: &Frame) -> Option<Value> {
        let Some(Value::Obj(o)) = frame.stack.last() else {
            return None;
        };
        let Object::Iter(state) = &**o else {
            return None;
        };
        match &mut *state.try_borrow_mut(&self.gil)? {
            IterState::Range { next, stop, step } => {
                super::ops::step_range(next, *stop, *step).map(Value::Int)
            }
            IterState::List { list, index } => {
                let Object::List(items) = &**list else {
                    return None;
                };
                let v = items.borrow(&self.gil).get(*index)?.clone();
                *index += 1;
                Some(v)
            }
            _ => None,
        }
    }

    /// The iterator is exhausted: pop it and leave the loop.
    fn end_for(&mut self, frame: &mut Frame, end: u32) -> ForStep {
        frame.stack.pop();
        frame.pc = end as usize;
        ForStep::Done
    }

    fn cell_get(&mut self, frame: &Frame, i: u32) -> PyResult {
        if let Some(cell) = frame.cells.get(i as usize) {
            if let Object::Cell(c) = &**cell {
                if let Some(v) = c.borrow(&self.gil).as_ref() {
                    return Ok(v.clone());
                }
            }
        }
        let code = &frame.code.code;
        let idx = i as usize;
        let name = code
            .cellvars
            .get(idx)
            .or_else(|| code.freevars.get(idx.wrapping_sub(code.cellvars.len())))
            .map(|s| s.to_string())
            .unwrap_or_default();
        if idx < code.cellvars.len() {
            Err(self.new_error(
                "UnboundLocalError",
                format!(
                    "cannot access local variable '{name}' where it is not associated with a value"
                ),
            ))
        } else {
            Err(self.new_error(
                "NameError",
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            ))
        }
    }

    fn cell_set(&mut self, frame: &Frame, i: u32, v: Option<Value>) {
        if let Some(cell) = frame.cells.get(i as usize) {
            if let Object::Cell(c) = &**cell {
                *c.borrow_mut(&self.gil) = v;
            }
        }
    }

    /// `LoadGlobal` through the code object's inline cache: push the value.
    #[inline]
    fn push_global(&mut self, frame: &mut Frame, code: &CodeObj, i: usize) -> PyResult<()> {
        let (Object::Dict(g), Object::Dict(b)) = (&*frame.globals, &*self.rt.builtins) else {
            let v = self.load_global(frame, &code.names[i])?;
            push_value(&mut frame.stack, v);
            return Ok(());
        };
        let name = &code.names[i];
        let g = g.borrow(&self.gil);
        let (gv, bv) = (g.version(), b.borrow(&self.gil).version());
        if let Some(Some(c)) = code.global_cache.borrow(&self.gil).get(i) {
            if Obj::ptr_eq(&c.globals, &frame.globals) {
                if c.globals_version == gv && c.builtins_version == bv {
                    push_clone(&mut frame.stack, &c.value);
                    return Ok(());
                }
                // Rebound since: still where it was?
                if let Some((k, v)) = c.index.and_then(|at| g.get_index(at as usize)) {
                    if k.value.is_same_object(&name.value) {
                        push_clone(&mut frame.stack, v);
                        return Ok(());
                    }
                }
            }
        }
        let (index, v) = match g.get_full(name) {
            Some((at, v)) => (u32::try_from(at).ok(), v.clone()),
            None => {
                drop(g);
                (None, self.load_global(frame, name)?)
            }
        };
        if let Some(slot) = code.global_cache.borrow_mut(&self.gil).get_mut(i) {
            *slot = Some(super::code::GlobalCache {
                globals: frame.globals.clone(),
                index,
                globals_version: gv,
                builtins_version: bv,
                value: v.clone(),
            });
        }
        push_value(&mut frame.stack, v);
        Ok(())
    }

    /// A global, then a builtin; NameError when neither exists.
    fn load_global(&mut self, frame: &Frame, key: &super::HashKey) -> PyResult {
        if let Object::Dict(d) = &*frame.globals {
            if let Some(v) = d.borrow(&self.gil).get(key) {
                return Ok(v.clone());
            }
        }
        if let Object::Dict(d) = &*self.rt.builtins {
            if let Some(v) = d.borrow(&self.gil).get(key) {
                return Ok(v.clone());
            }
        }
        let name = key.value.as_str().unwrap_or("?").to_string();
        Err(self.new_error("NameError", format!("name '{name}' is not defined")))
    }

    /// A name in the frame's own namespace (module or class body), if it has one.
    fn local_name(&mut self, frame: &Frame, key: &super::HashKey) -> PyResult<Option<Value>> {
        match &frame.namespace {
            Some(ns) => self.namespace_get(ns, key),
            None => Ok(None),
        }
    }

    fn namespace_get(&mut self, ns: &Obj, key: &super::HashKey) -> PyResult<Option<Value>> {
        match &**ns {
            Object::Dict(d) => Ok(d.borrow(&self.gil).get(key).cloned()),
            _ => match self.getitem(&Value::Obj(ns.clone()), &key.value) {
                Ok(v) => Ok(Some(v)),
                Err(e) if self.exc_is(&e, "KeyError") => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    fn namespace_set(&mut self, ns: &Obj, key: super::HashKey, v: Value) -> PyResult<()> {
        match &**ns {
            Object::Dict(d) => {
                d.borrow_mut(&self.gil).insert(key, v);
                Ok(())
            }
            _ => self.setitem(&Value::Obj(ns.clone()), &key.value, v),
        }
    }

    /// A builtin by name.
    pub fn builtin_named(&mut self, name: &str) -> PyResult {
        match self.dict_get_str(&self.rt.builtins.clone(), name) {
            Some(v) => Ok(v),
            None => Err(self.new_error("NameError", format!("name '{name}' is not defined"))),
        }
    }

    /// Exactly `n` items of an iterable, for unpacking.
    fn unpack(&mut self, seq: &Value, n: usize) -> PyResult<Vec<Value>> {
        if let Value::Obj(o) = seq {
            if let Object::Tuple(t) = &**o {
                if t.len() == n {
                    return Ok(t.to_vec());
                }
            }
        }
        let it = match self.iter(seq) {
            Ok(it) => it,
            Err(e) if self.exc_is(&e, "TypeError") => {
                let t = self.type_name(seq);
                return Err(self.type_error(format!("cannot unpack non-iterable {t} object")));
            }
            Err(e) => return Err(e),
        };
        let mut items = Vec::with_capacity(n);
        while let Some(v) = self.next(&it)? {
            if items.len() == n {
                return Err(self.value_error(format!("too many values to unpack (expected {n})")));
            }
            items.push(v);
        }
        if items.len() < n {
            return Err(self.value_error(format!(
                "not enough values to unpack (expected {n}, got {})",
                items.len()
            )));
        }
        Ok(items)
    }

    /// Can `v` be iterated (without trying)?
    fn is_iterable(&self, v: &Value) -> bool {
        match v {
            Value::Obj(o) => {
                !matches!(&**o, Object::Instance(_))
                    && matches!(
                        &**o,
                        Object::List(_)
                            | Object::Tuple(_)
                            | Object::Str(_)
                            | Object::Dict(_)
                            | Object::Set(_)
                            | Object::FrozenSet(_)
                            | Object::Range(_)
                            | Object::Bytes(_)
                            | Object::Iter(_)
                            | Object::Generator(_)
                            | Object::ByteArray(_)
                    )
                    || self.lookup_special(v, "__iter__").is_some()
                    || self.lookup_special(v, "__getitem__").is_some()
            }
            _ => false,
        }
    }

    /// Is `v` a mapping (a dict, or has `keys` and `__getitem__`)?
    fn is_mapping(&self, v: &Value) -> bool {
        match v {
            Value::Obj(o) if matches!(&**o, Object::Dict(_)) => true,
            _ => {
                self.lookup_special(v, "keys").is_some()
                    && self.lookup_special(v, "__getitem__").is_some()
            }
        }
    }

    /// `module.qualname()` as CPython names a callable in call errors.
    fn callable_name(&mut self, f: &Value) -> String {
        if let Value::Obj(o) = f {
            match &**o {
                Object::Function(func) => {
                    let q = func.attrs.borrow(&self.gil).qualname.clone();
                    let m = self.dict_get_str(&func.globals, "__name__");
                    return match m.as_ref().and_then(|m| m.as_str()) {
                        Some(m) if m != "builtins" => format!("{m}.{q}()"),
                        _ => format!("{q}()"),
                    };
                }
                Object::Native(n) => return format!("{}()", n.name),
                _ => {}
            }
        }
        format!("{}()", self.type_name(f))
    }

    /// The (key, value) pairs of a mapping (`**m`).
    pub fn mapping_items(&mut self, m: &Value) -> PyResult<Vec<(Value, Value)>> {
        if let Value::Obj(o) = m {
            if let Object::Dict(d) = &**o {
                return Ok(d
                    .borrow(&self.gil)
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.clone()))
                    .collect());
            }
        }
        let keys = self.getattr_str(m, "keys")?;
        let keys = self.call(&keys, Args::default())?;
        let keys = self.collect(&keys)?;
        let mut out = Vec::with_capacity(keys.len());
        for k in keys {
            let v = self.getitem(m, &k)?;
            out.push((k, v));
        }
        Ok(out)
    }

    fn cells_of(&mut self, v: Value) -> Vec<Obj> {
        match &v {
            Value::Obj(o) => match &**o {
                Object::Tuple(t) => t.iter().filter_map(|c| c.as_obj().cloned()).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn kwdefaults_of(&mut self, v: Value) -> PyResult<Vec<(Arc<str>, Value)>> {
        Ok(self
            .mapping_items(&v)?
            .into_iter()
            .map(|(k, v)| (Arc::from(k.as_str().unwrap_or("")), v))
            .collect())
    }

    /// `format(v, spec)`: `__format__` of the value's class.
    pub fn format_value(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        if spec.is_empty() {
            if let Some(s) = v.as_str() {
                return Ok(s.to_string());
            }
            if let Value::Int(i) = v {
                return Ok(i.to_string());
            }
        }
        if let Some(f) = self.lookup_special(v, "__format__") {
            let r = self.call(&f, Args::new([v.clone(), Value::str(spec)]))?;
            return match r.as_str() {
                Some(s) => Ok(s.to_string()),
                None => Err(self.type_error("__format__ must return a str")),
            };
        }
        if spec.is_empty() {
            return self.to_str(v);
        }
        let t = self.type_name(v);
        Err(self.type_error(format!(
            "unsupported format string passed to {t}.__format__"
        )))
    }
}

/// `ascii()` of a repr: non-ASCII characters escaped.
fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

/// `BinaryOp` done in place on the two values on top of the stack, when
/// `fast_ops` can; `false` leaves the stack as it was.
#[inline(always)]
fn fast_binary_on_stack(stack: &mut Vec<Value>, op: BinaryOperator) -> bool {
    let n = stack.len();
    if n < 2 {
        return false;
    }
    match fast_ops::binary(op, &stack[n - 2], &stack[n - 1]) {
        Some(r) => {
            // SAFETY: `fast_ops::binary` succeeds only on ints and floats,
            // which own nothing: forgetting the top leaks nothing.
            unsafe { stack.set_len(n - 1) };
            set_value(&mut stack[n - 2], r);
            true
        }
        None => false,
    }
}

/// Bind a fast local (see `set_value`).
#[inline(always)]
fn store_fast(slot: &mut Option<Value>, v: Value) {
    match slot {
        Some(old) => set_value(old, v),
        None => *slot = Some(v),
    }
}

/// Move the values from `from` on off the stack into an argument vector
/// (inline for a few arguments): one copy, no per-element iteration.
#[inline(always)]
fn take_values(stack: &mut Vec<Value>, from: usize) -> smallvec::SmallVec<[Value; 4]> {
    let n = stack.len().saturating_sub(from);
    let mut out = smallvec::SmallVec::with_capacity(n);
    // SAFETY: the `n` values are moved: copied into `out`'s capacity, then
    // forgotten by the stack (its length cut back to `from`).
    unsafe {
        std::ptr::copy_nonoverlapping(stack.as_ptr().add(from), out.as_mut_ptr(), n);
        out.set_len(n);
        stack.set_len(from);
    }
    out
}
