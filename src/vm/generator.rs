//! Generators and coroutines: resuming a suspended frame with `send`,
//! `throw` or `close`, and `yield from` delegation.
//!
//! A generator owns its frame while suspended. Resuming takes the frame out,
//! runs it with a nested `run_frame` until it yields (the frame goes back in)
//! or returns (the generator is closed), exactly like CPython's
//! `gen_send_ex`. Re-entering a running generator is a ValueError.

use super::frame::Frame;
use super::object::{FastNative, GenStatus, Generator, IterState, NativeFunction, Object};
use super::value::{push_value, Obj, Value};
use super::{Args, Exc, PyResult, Vm};
use crate::bytecode::Op;
use crate::vm::interp::FrameExit;

/// How `enter_generator` went.
pub enum Entered {
    /// The generator's frame is now the current one.
    Yes,
    /// It cannot run in this loop now (closed, running, recursion limit...):
    /// take the general path (`gen_resume`), which says why.
    No,
}

/// What a resumed generator did.
pub enum GenOutcome {
    /// It yielded this value.
    Yielded(Value),
    /// It returned this value (StopIteration's `value`).
    Returned(Value),
}

/// How to resume a generator.
pub enum Resume {
    /// `send(v)` (`next()` is `send(None)`).
    Send(Value),
    /// `throw(exc)`.
    Throw(Exc),
}

fn as_generator(o: &Obj) -> Option<&Generator> {
    match &**o {
        Object::Generator(g) => Some(g),
        _ => None,
    }
}

impl Vm {
    /// Resume a generator.
    pub fn gen_resume(&mut self, gen: &Obj, how: Resume) -> PyResult<GenOutcome> {
        let Some(g) = as_generator(gen) else {
            return Err(self.type_error("not a generator"));
        };
        let kind = if g.is_coroutine {
            "coroutine"
        } else {
            "generator"
        };
        let (frame, status) = {
            let mut st = g.state.borrow_mut(&self.gil);
            match st.status {
                GenStatus::Running => {
                    drop(st);
                    return Err(self.value_error(format!("{kind} already executing")));
                }
                GenStatus::Closed => {
                    drop(st);
                    return match how {
                        Resume::Send(_) => {
                            if g.is_coroutine {
                                Err(self.new_error(
                                    "RuntimeError",
                                    "cannot reuse already awaited coroutine",
                                ))
                            } else {
                                Ok(GenOutcome::Returned(Value::None))
                            }
                        }
                        Resume::Throw(e) => Err(e),
                    };
                }
                _ => {}
            }
            let status = st.status;
            st.status = GenStatus::Running;
            (st.frame.take(), status)
        };
        let Some(mut frame) = frame else {
            g.state.borrow_mut(&self.gil).status = GenStatus::Closed;
            return Ok(GenOutcome::Returned(Value::None));
        };
        let throw = match how {
            Resume::Send(v) => {
                if status == GenStatus::Created {
                    if !v.is_none() {
                        let mut st = g.state.borrow_mut(&self.gil);
                        st.frame = Some(frame);
                        st.status = GenStatus::Created;
                        drop(st);
                        return Err(self.type_error(format!(
                            "can't send non-None value to a just-started {kind}"
                        )));
                    }
                } else {
                    push_value(&mut frame.stack, v);
                }
                None
            }
            Resume::Throw(e) => {
                if status == GenStatus::Created {
                    // Never started: the exception ends it before its first line.
                    g.state.borrow_mut(&self.gil).status = GenStatus::Closed;
                    self.recycle_frame(frame);
                    return Err(e);
                }
                match self.throw_into_delegate(&mut frame, e)? {
                    DelegateResult::Yielded(v) => {
                        let mut st = g.state.borrow_mut(&self.gil);
                        st.frame = Some(frame);
                        st.status = GenStatus::Suspended;
                        return Ok(GenOutcome::Yielded(v));
                    }
                    DelegateResult::Resume(r) => {
                        push_value(&mut frame.stack, r);
                        None
                    }
                    DelegateResult::Raise(e) => Some(e),
                }
            }
        };
        let result = self.run_frame(frame, throw);
        match result {
            Ok(FrameExit::Yield(v, frame)) => {
                let mut st = g.state.borrow_mut(&self.gil);
                st.frame = Some(frame);
                st.status = GenStatus::Suspended;
                Ok(GenOutcome::Yielded(v))
            }
            Ok(FrameExit::Return(v)) => {
                g.state.borrow_mut(&self.gil).status = GenStatus::Closed;
                Ok(GenOutcome::Returned(v))
            }
            Err(e) => {
                g.state.borrow_mut(&self.gil).status = GenStatus::Closed;
                if self.exc_is(&e, "StopIteration") {
                    return Err(self.stop_iteration_escaped(g.is_coroutine, e));
                }
                Err(e)
            }
        }
    }

    /// Resume `gen` with `sent` inside the running loop, as CPython 3.11
    /// does: its frame becomes the current one, above the caller's (whose
    /// stack is first cut to `caller_depth`). It goes back into the
    /// generator when it yields (`generator_yielded`) and is dropped when it
    /// returns (`generator_returned`) or fails (`generator_failed`). No
    /// nested `run_frame`, no native call in between.
    pub(crate) fn enter_generator(
        &mut self,
        frame: &mut Box<Frame>,
        gen: &Obj,
        sent: &Value,
        caller_depth: usize,
    ) -> Entered {
        let Some(g) = as_generator(gen) else {
            return Entered::No;
        };
        if self.depth
            >= self
                .rt
                .recursion_limit
                .load(std::sync::atomic::Ordering::Relaxed)
        {
            return Entered::No;
        }
        let mut st = g.state.borrow_mut(&self.gil);
        let started = match st.status {
            GenStatus::Suspended => true,
            GenStatus::Created if sent.is_none() => false,
            _ => return Entered::No,
        };
        let Some(mut callee) = st.frame.take() else {
            return Entered::No;
        };
        st.status = GenStatus::Running;
        drop(st);
        if started {
            push_value(&mut callee.stack, sent.clone());
        }
        callee.generator = Some(gen.clone());
        frame.stack.truncate(caller_depth);
        self.depth += 1;
        let caller = std::mem::replace(frame, callee);
        super::frame::push_frame_box(&mut self.frames, caller);
        Entered::Yes
    }

    /// `gen.send(v)` called from the loop, with `send, gen, v` on the stack
    /// from `fpos`: enter the generator's frame in this loop, moving the
    /// generator and the value off the stack (no reference counted twice).
    /// `false` (nothing done) when it cannot be entered that way.
    pub(crate) fn send_from_stack(&mut self, frame: &mut Box<Frame>, fpos: usize) -> bool {
        let (mut callee, started) = {
            let [_, Value::Obj(gen), sent] = &frame.stack[fpos..] else {
                return false;
            };
            let Some(g) = as_generator(gen) else {
                return false;
            };
            let limit = self
                .rt
                .recursion_limit
                .load(std::sync::atomic::Ordering::Relaxed);
            if self.depth >= limit {
                return false;
            }
            let mut st = g.state.borrow_mut(&self.gil);
            let started = match st.status {
                GenStatus::Suspended => true,
                GenStatus::Created if sent.is_none() => false,
                _ => return false,
            };
            let Some(callee) = st.frame.take() else {
                return false;
            };
            st.status = GenStatus::Running;
            (callee, started)
        };
        let sent = frame.stack.pop().expect("sent value");
        let Some(Value::Obj(gen)) = frame.stack.pop() else {
            unreachable!("checked above")
        };
        if started {
            push_value(&mut callee.stack, sent);
        }
        callee.generator = Some(gen);
        // What is left above `fpos` is `send` itself: popped rather than
        // truncated, which would call out to drop a slice of one.
        debug_assert_eq!(frame.stack.len(), fpos + 1);
        let send = frame.stack.pop();
        drop(send);
        self.depth += 1;
        let caller = std::mem::replace(frame, callee);
        super::frame::push_frame_box(&mut self.frames, caller);
        true
    }

    /// The generator frame entered by `enter_generator` yielded `v`: it goes
    /// back into its generator, and the caller continues with `v` pushed.
    #[inline(always)]
    pub(crate) fn generator_yielded(&mut self, frame: &mut Box<Frame>, gen: Obj, v: Value) {
        let Some(suspended) = self.back_to_caller(frame) else {
            return;
        };
        if let Some(g) = as_generator(&gen) {
            let mut st = g.state.borrow_mut(&self.gil);
            st.frame = Some(suspended);
            st.status = GenStatus::Suspended;
        }
        push_value(&mut frame.stack, v);
    }

    /// The generator frame entered by `enter_generator` returned `v`: the
    /// generator is closed, and the caller either leaves its `for` loop or,
    /// for `send`, sees StopIteration(v).
    pub(crate) fn generator_returned(
        &mut self,
        frame: &mut Box<Frame>,
        gen: Obj,
        v: Value,
    ) -> PyResult<()> {
        let Some(finished) = self.back_to_caller(frame) else {
            return Ok(());
        };
        self.recycle_frame(finished);
        if let Some(g) = as_generator(&gen) {
            g.state.borrow_mut(&self.gil).status = GenStatus::Closed;
        }
        match frame.code.ops.get(frame.pc.wrapping_sub(1)) {
            Some(Op::ForIter(end)) | Some(Op::ForIterStoreFast(end, _)) => {
                frame.stack.pop();
                frame.pc = *end as usize;
                Ok(())
            }
            _ => Err(self.stop_iteration(v)),
        }
    }

    /// An exception leaves a generator frame entered by `enter_generator`:
    /// the generator is closed, and a StopIteration becomes a RuntimeError
    /// (PEP 479), as in `gen_resume`.
    pub(crate) fn generator_failed(&mut self, gen: &Obj, e: Exc) -> Exc {
        let Some(g) = as_generator(gen) else {
            return e;
        };
        g.state.borrow_mut(&self.gil).status = GenStatus::Closed;
        if !self.exc_is(&e, "StopIteration") {
            return e;
        }
        self.stop_iteration_escaped(g.is_coroutine, e)
    }

    /// PEP 479: a StopIteration escaping a generator is a bug, not its end.
    fn stop_iteration_escaped(&mut self, is_coroutine: bool, e: Exc) -> Exc {
        let kind = if is_coroutine {
            "coroutine"
        } else {
            "generator"
        };
        let new = self.new_error("RuntimeError", format!("{kind} raised StopIteration"));
        if let Some(d) = self.exc_data(&new.0) {
            let mut d = d.borrow_mut(&self.gil);
            d.cause = Some(e.value());
            d.context = Some(e.value());
        }
        new
    }

    /// A suspended frame paused in `yield from`: pass a thrown exception to
    /// the sub-iterator first, as CPython does.
    fn throw_into_delegate(&mut self, frame: &mut Frame, exc: Exc) -> PyResult<DelegateResult> {
        let at_yield_from = matches!(frame.code.code.ops.get(frame.pc), Some(Op::YieldFrom));
        let Some(sub) = frame.stack.last().cloned().filter(|_| at_yield_from) else {
            return Ok(DelegateResult::Raise(exc));
        };
        if self.exc_is(&exc, "GeneratorExit") {
            // close() the sub-iterator, then raise GeneratorExit here.
            self.close_iterator(&sub)?;
            return Ok(DelegateResult::Raise(exc));
        }
        let outcome = match &sub {
            Value::Obj(o) if as_generator(o).is_some() => self.gen_resume(o, Resume::Throw(exc)),
            _ => match self.lookup_special(&sub, "throw") {
                Some(throw) => match self.call(&throw, Args::new([sub.clone(), exc.value()])) {
                    Ok(v) => Ok(GenOutcome::Yielded(v)),
                    Err(e) if self.exc_is(&e, "StopIteration") => {
                        let v = self.stop_value(&e);
                        Ok(GenOutcome::Returned(v))
                    }
                    Err(e) => Err(e),
                },
                None => return Ok(DelegateResult::Raise(exc)),
            },
        };
        match outcome {
            Ok(GenOutcome::Yielded(v)) => Ok(DelegateResult::Yielded(v)),
            Ok(GenOutcome::Returned(r)) => {
                frame.stack.pop();
                frame.pc += 1;
                Ok(DelegateResult::Resume(r))
            }
            Err(e) => {
                frame.stack.pop();
                frame.pc += 1;
                Ok(DelegateResult::Raise(e))
            }
        }
    }

    fn close_iterator(&mut self, it: &Value) -> PyResult<()> {
        match it {
            Value::Obj(o) if as_generator(o).is_some() => self.gen_close(o),
            _ => {
                if let Some(close) = self.lookup_special(it, "close") {
                    self.call(&close, Args::new([it.clone()]))?;
                }
                Ok(())
            }
        }
    }

    /// `gen.close()`.
    pub fn gen_close(&mut self, gen: &Obj) -> PyResult<()> {
        let Some(g) = as_generator(gen) else {
            return Ok(());
        };
        let status = g.state.borrow(&self.gil).status;
        if status == GenStatus::Closed {
            return Ok(());
        }
        if status == GenStatus::Created {
            let mut st = g.state.borrow_mut(&self.gil);
            st.status = GenStatus::Closed;
            st.frame = None;
            return Ok(());
        }
        let class = self.rt.types.exc("GeneratorExit").clone();
        let exit = self.new_exception(&class, vec![]);
        match self.gen_resume(gen, Resume::Throw(exit)) {
            Ok(GenOutcome::Yielded(_)) => {
                let kind = if g.is_coroutine {
                    "coroutine"
                } else {
                    "generator"
                };
                Err(self.new_error("RuntimeError", format!("{kind} ignored GeneratorExit")))
            }
            Ok(GenOutcome::Returned(_)) => Ok(()),
            Err(e) if self.exc_is(&e, "GeneratorExit") || self.exc_is(&e, "StopIteration") => {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `next(gen)` for the iteration protocol: `None` when it returns.
    pub fn generator_next(&mut self, gen: &Obj) -> PyResult<Option<Value>> {
        if let Some(g) = as_generator(gen) {
            if g.is_coroutine {
                return Err(self.type_error("'coroutine' object is not an iterator"));
            }
        }
        match self.gen_resume(gen, Resume::Send(Value::None))? {
            GenOutcome::Yielded(v) => Ok(Some(v)),
            GenOutcome::Returned(_) => Ok(None),
        }
    }

    /// The `value` of a StopIteration.
    pub fn stop_value(&self, e: &Exc) -> Value {
        self.exc_args(&e.0)
            .into_iter()
            .next()
            .unwrap_or(Value::None)
    }

    /// One step of `yield from it` / `await it`: send `v` into the sub-iterator.
    pub fn delegate_send(&mut self, it: &Value, v: Value) -> PyResult<GenOutcome> {
        if let Value::Obj(o) = it {
            if as_generator(o).is_some() {
                return self.gen_resume(o, Resume::Send(v));
            }
            if let Object::Iter(_) = &**o {
                return Ok(match self.next(it)? {
                    Some(x) => GenOutcome::Yielded(x),
                    None => GenOutcome::Returned(Value::None),
                });
            }
        }
        let r = if v.is_none() {
            match self.lookup_special(it, "__next__") {
                Some(f) => self.call(&f, Args::new([it.clone()])),
                None => {
                    let t = self.type_name(it);
                    return Err(self.type_error(format!("'{t}' object is not an iterator")));
                }
            }
        } else {
            let send = self.getattr_str(it, "send")?;
            self.call(&send, Args::new([v]))
        };
        match r {
            Ok(x) => Ok(GenOutcome::Yielded(x)),
            Err(e) if self.exc_is(&e, "StopIteration") => {
                let v = self.stop_value(&e);
                Ok(GenOutcome::Returned(v))
            }
            Err(e) => Err(e),
        }
    }

    /// `await obj`: a coroutine itself, or the iterator `__await__` returns.
    pub fn get_awaitable(&mut self, v: &Value) -> PyResult {
        if let Value::Obj(o) = v {
            if let Some(g) = as_generator(o) {
                // Generator-based coroutines (`@asyncio.coroutine`, `yield from` style) are awaitable too.
                let _ = g;
                return Ok(v.clone());
            }
        }
        if let Some(f) = self.lookup_special(v, "__await__") {
            let it = self.call(&f, Args::new([v.clone()]))?;
            return Ok(it);
        }
        let t = self.type_name(v);
        Err(self.type_error(format!("object {t} can't be used in 'await' expression")))
    }

    /// Install the methods of generator and coroutine objects.
    pub fn install_generator_methods(&mut self) {
        let methods: &[(&'static str, super::NativeFn)] = &[
            ("__next__", gen_next),
            ("send", gen_send),
            ("throw", gen_throw),
            ("close", gen_close_method),
            ("__iter__", gen_iter),
            ("__repr__", gen_repr),
            ("__await__", gen_iter),
        ];
        for class in [
            self.rt.types.generator.clone(),
            self.rt.types.coroutine.clone(),
        ] {
            let Object::Class(c) = &*class else { continue };
            let mut d = c.dict.borrow_mut(&self.gil);
            for (name, func) in methods {
                let f = Object::Native(NativeFunction {
                    name,
                    func: *func,
                    is_method: true,
                    bound: None,
                    owner: "generator",
                    fast: (*name == "send").then_some(FastNative::GenSend),
                });
                d.insert_str(name, Value::from_obj(f));
            }
        }
        let iter_methods: &[(&'static str, super::NativeFn)] =
            &[("__next__", iter_next), ("__iter__", gen_iter)];
        if let Object::Class(c) = &*self.rt.types.iterator {
            let mut d = c.dict.borrow_mut(&self.gil);
            for (name, func) in iter_methods {
                let f = Object::Native(NativeFunction {
                    name,
                    func: *func,
                    is_method: true,
                    bound: None,
                    owner: "iterator",
                    fast: None,
                });
                d.insert_str(name, Value::from_obj(f));
            }
        }
    }
}

enum DelegateResult {
    Yielded(Value),
    Resume(Value),
    Raise(Exc),
}

fn self_gen(vm: &mut Vm, args: &Args) -> PyResult<Obj> {
    match args.pos.first() {
        Some(Value::Obj(o)) if as_generator(o).is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("descriptor requires a 'generator' object")),
    }
}

fn outcome_to_result(vm: &mut Vm, o: GenOutcome) -> PyResult {
    match o {
        GenOutcome::Yielded(v) => Ok(v),
        GenOutcome::Returned(v) => Err(vm.stop_iteration(v)),
    }
}

fn gen_next(vm: &mut Vm, args: Args) -> PyResult {
    let g = self_gen(vm, &args)?;
    let o = vm.gen_resume(&g, Resume::Send(Value::None))?;
    outcome_to_result(vm, o)
}

/// `gen.send(v)` called as a method object (the loop enters the generator
/// itself when it can: `send_from_stack`).
fn gen_send(vm: &mut Vm, args: Args) -> PyResult {
    let g = self_gen(vm, &args)?;
    if args.pos.len() != 2 || !args.kw.is_empty() {
        let kind = match as_generator(&g) {
            Some(c) if c.is_coroutine => "coroutine",
            _ => "generator",
        };
        let given = args.pos.len() - 1;
        return Err(vm.type_error(if args.kw.is_empty() {
            format!("{kind}.send() takes exactly one argument ({given} given)")
        } else {
            format!("{kind}.send() takes no keyword arguments")
        }));
    }
    let v = args.pos[1].clone();
    let o = vm.gen_resume(&g, Resume::Send(v))?;
    outcome_to_result(vm, o)
}

fn gen_throw(vm: &mut Vm, args: Args) -> PyResult {
    let g = self_gen(vm, &args)?;
    let Some(typ) = args.pos.get(1).cloned() else {
        return Err(vm.type_error("throw expected at least 1 argument, got 0"));
    };
    // throw(type, value) form: instantiate with the value.
    let exc = match (args.pos.get(2), &typ) {
        (Some(val), Value::Obj(o)) if matches!(&**o, Object::Class(_)) && !val.is_none() => {
            if vm.is_instance(val, o) {
                vm.make_raisable(val.clone())?
            } else {
                let inst = vm.call(&typ, Args::new([val.clone()]))?;
                vm.make_raisable(inst)?
            }
        }
        _ => vm.make_raisable(typ)?,
    };
    let o = vm.gen_resume(&g, Resume::Throw(exc))?;
    outcome_to_result(vm, o)
}

fn gen_close_method(vm: &mut Vm, args: Args) -> PyResult {
    let g = self_gen(vm, &args)?;
    vm.gen_close(&g)?;
    Ok(Value::None)
}

fn gen_iter(_vm: &mut Vm, args: Args) -> PyResult {
    Ok(args.pos.first().cloned().unwrap_or(Value::None))
}

fn gen_repr(vm: &mut Vm, args: Args) -> PyResult {
    let g = self_gen(vm, &args)?;
    let Some(gen) = as_generator(&g) else {
        return Ok(Value::None);
    };
    let kind = if gen.is_coroutine {
        "coroutine"
    } else {
        "generator"
    };
    Ok(Value::str(format!(
        "<{kind} object {} at {:#x}>",
        gen.qualname,
        Value::Obj(g.clone()).id()
    )))
}

fn iter_next(vm: &mut Vm, args: Args) -> PyResult {
    let it = args.pos.first().cloned().unwrap_or(Value::None);
    match vm.next(&it)? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration(Value::None)),
    }
}

/// `inspect.getgeneratorstate(gen)`.
pub fn generator_state(vm: &Vm, gen: &Obj) -> Option<&'static str> {
    let g = as_generator(gen)?;
    let st = g.state.borrow(&vm.gil);
    Some(match st.status {
        GenStatus::Created => "GEN_CREATED",
        GenStatus::Running => "GEN_RUNNING",
        GenStatus::Suspended => "GEN_SUSPENDED",
        GenStatus::Closed => "GEN_CLOSED",
    })
}

/// Keep the `IterState` import meaningful for readers: generators are not `IterState`s.
#[allow(dead_code)]
fn _doc(_: IterState) {}
