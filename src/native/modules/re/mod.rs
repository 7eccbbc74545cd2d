//! The `re` module on the `regex` crate's engine (through `regex-automata`,
//! which can anchor a search and bound it without losing the context that
//! `^` and `\b` look at).
//!
//! Python's syntax is translated first (`translate.rs`); features the
//! engine lacks (backreferences, look-around, atomic groups, possessive
//! repeats) raise `re.error` naming what is unsupported. Positions are
//! Python's: character indices, converted from the engine's byte offsets.
//! Matching is leftmost-first like CPython's backtracking engine, so
//! results agree for the supported syntax. Only str patterns and subjects
//! are supported (not bytes). `finditer` collects its matches eagerly.

mod template;
mod translate;

use std::sync::{Arc, OnceLock};

use regex_automata::meta;
use regex_automata::{Anchored, Input, PatternID};

use super::{
    add_property, bind_params, module_dict, native_class, new_native_instance, payload, set,
};
use crate::native::{add_function, add_method, check_args, native_closure};
use crate::vm::object::ClassKind;
use crate::vm::types::new_class;
use crate::vm::{Args, Dict, Exc, Obj, Object, PyResult, Value, Vm};
use template::{Piece, TemplateError};
use translate::{ASCII, DOTALL, IGNORECASE, LOCALE, MULTILINE, UNICODE, VERBOSE};

/// Compiled patterns kept per interpreter, as CPython's `re._cache`.
const MAX_CACHE: usize = 512;

/// Fill the `re` module.
pub fn init(vm: &mut Vm, module: &Obj) -> PyResult<()> {
    let d = module_dict(vm, module)?;
    for (names, value) in [
        (&["I", "IGNORECASE"][..], IGNORECASE),
        (&["L", "LOCALE"], LOCALE),
        (&["M", "MULTILINE"], MULTILINE),
        (&["S", "DOTALL"], DOTALL),
        (&["U", "UNICODE"], UNICODE),
        (&["X", "VERBOSE"], VERBOSE),
        (&["A", "ASCII"], ASCII),
        (&["NOFLAG"], 0),
    ] {
        for name in names {
            set(vm, &d, name, Value::Int(value));
        }
    }
    let object = vm.rt.types.object.clone();
    let pattern = native_class("Pattern", "re", &object);
    let match_ = native_class("Match", "re", &object);
    let exception = vm.rt.types.exc("Exception").clone();
    let error = new_class("error", "re", vec![exception], ClassKind::Exception);
    install_pattern(vm, &pattern);
    install_match(vm, &match_);
    add_method(vm, &error, "__init__", error_init);
    set(vm, &d, "Pattern", Value::Obj(pattern));
    set(vm, &d, "Match", Value::Obj(match_));
    set(vm, &d, "error", Value::Obj(error));
    let cache = vm.new_dict(Dict::new());
    set(vm, &d, "_cache", cache);
    let module_fns: &[(&'static str, crate::vm::NativeFn)] = &[
        ("compile", re_compile),
        ("search", re_search),
        ("match", re_match),
        ("fullmatch", re_fullmatch),
        ("findall", re_findall),
        ("finditer", re_finditer),
        ("sub", re_sub),
        ("subn", re_subn),
        ("split", re_split),
        ("purge", re_purge),
    ];
    // They find the classes and the cache through the module namespace they are bound to.
    for (name, f) in module_fns {
        set(
            vm,
            &d,
            name,
            native_closure(name, *f, Value::Obj(d.clone())),
        );
    }
    add_function(vm, &d, "escape", escape);
    Ok(())
}

// ---------------------------------------------------------------------------
// The engine.

/// How a search is anchored.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Anywhere from the start position (`search`).
    Search,
    /// At the start position (`match`).
    Match,
    /// At the start position and through the end (`fullmatch`).
    Full,
}

/// Byte spans of the groups of one match (index 0: the whole match).
type Spans = Vec<Option<(usize, usize)>>;

/// A compiled pattern and what is needed to report Python's groups.
struct Engine {
    regex: meta::Regex,
    /// The pattern followed by `\z`, compiled on first `fullmatch`.
    full: OnceLock<Option<meta::Regex>>,
    /// The translated pattern (for `full`).
    translated: String,
    /// User group count.
    groups: usize,
    /// Engine group index of each user group.
    engine_index: Vec<usize>,
    /// Engine group indices of the end-of-line markers (see `translate.rs`).
    markers: Vec<usize>,
    /// Named groups.
    names: Vec<(String, usize)>,
    /// Enclosing group of each group, for `lastindex`.
    parents: Vec<Option<usize>>,
}

impl Engine {
    fn new(t: translate::Translation) -> Result<Engine, String> {
        let regex = meta::Regex::new(&t.regex).map_err(|e| engine_error(&e))?;
        let mut engine_index = Vec::with_capacity(t.groups + 1);
        let mut markers = Vec::new();
        for (i, name) in regex
            .group_info()
            .pattern_names(PatternID::ZERO)
            .enumerate()
        {
            match name {
                Some(n) if n.starts_with(translate::EOL_MARKER) => markers.push(i),
                _ => engine_index.push(i),
            }
        }
        Ok(Engine {
            regex,
            full: OnceLock::new(),
            translated: t.regex,
            groups: t.groups,
            engine_index,
            markers,
            names: t.names,
            parents: t.parents,
        })
    }

    fn full_regex(&self) -> Option<&meta::Regex> {
        self.full
            .get_or_init(|| meta::Regex::new(&format!("(?:{})\\z", self.translated)).ok())
            .as_ref()
    }

    /// One match in `hay` (the subject cut at `endpos`) at or after byte `start`.
    fn find(&self, hay: &str, start: usize, mode: Mode) -> Option<Spans> {
        let re = if mode == Mode::Full {
            self.full_regex()?
        } else {
            &self.regex
        };
        let anchored = if mode == Mode::Search {
            Anchored::No
        } else {
            Anchored::Yes
        };
        let input = Input::new(hay)
            .range(start.min(hay.len())..)
            .anchored(anchored);
        let mut caps = re.create_captures();
        re.search_captures(&input, &mut caps);
        if !caps.is_match() {
            return None;
        }
        // A `$` that matched by consuming the final newline gives it back.
        let n = hay.len();
        let give_back = self.markers.iter().any(|&m| caps.get_group(m).is_some());
        let spans: Spans = self
            .engine_index
            .iter()
            .map(|&g| {
                caps.get_group(g).map(|s| {
                    if give_back {
                        (
                            if s.start == n { n - 1 } else { s.start },
                            if s.end == n { n - 1 } else { s.end },
                        )
                    } else {
                        (s.start, s.end)
                    }
                })
            })
            .collect();
        if mode == Mode::Full && spans[0].map(|s| s.1) != Some(n) {
            return None;
        }
        Some(spans)
    }

    /// Successive matches as `finditer` finds them: an empty match may not
    /// start where the previous empty match did (CPython 3.7+). `limit` 0 is unlimited.
    fn find_all(&self, hay: &str, start: usize, limit: usize) -> Vec<Spans> {
        let mut out = Vec::new();
        let mut at = start;
        let mut must_advance = false;
        while at <= hay.len() {
            let Some(mut m) = self.find(hay, at, Mode::Search) else {
                break;
            };
            let (s, e) = m[0].unwrap_or((at, at));
            if must_advance && s == at && e == at {
                let Some(c) = hay[at..].chars().next() else {
                    break;
                };
                match self.find(hay, at + c.len_utf8(), Mode::Search) {
                    Some(next) => m = next,
                    None => break,
                }
            }
            let (s, e) = m[0].unwrap_or((at, at));
            must_advance = s == e;
            at = e;
            out.push(m);
            if limit > 0 && out.len() >= limit {
                break;
            }
        }
        out
    }

    /// The group number of a name.
    fn group_named(&self, name: &str) -> Option<usize> {
        self.names.iter().find(|(n, _)| n == name).map(|(_, i)| *i)
    }

    /// `lastindex`: the matched group that closed last.
    fn last_index(&self, spans: &Spans) -> Option<usize> {
        let end = spans[1..].iter().flatten().map(|s| s.1).max()?;
        let mut best: Option<usize> = None;
        for (g, span) in spans.iter().enumerate().skip(1) {
            if span.map(|s| s.1) != Some(end) {
                continue;
            }
            // The best so far closes after `g` if it encloses it; otherwise `g` closes later.
            let best_encloses = best.is_some_and(|b| self.is_ancestor(b, g));
            if !best_encloses {
                best = Some(g);
            }
        }
        best
    }

    /// Does group `a` enclose group `g`?
    fn is_ancestor(&self, a: usize, g: usize) -> bool {
        let mut p = self.parents.get(g).copied().flatten();
        while let Some(x) = p {
            if x == a {
                return true;
            }
            p = self.parents.get(x).copied().flatten();
        }
        false
    }
}

/// The engine's complaint about a translated pattern, on one line.
fn engine_error(e: &regex_automata::meta::BuildError) -> String {
    let text = e.to_string();
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid pattern")
        .trim()
        .to_string();
    last.trim_start_matches("error: ").to_string()
}

/// A subject string with conversions between character and byte offsets.
struct Subject<'a> {
    s: &'a str,
    /// Byte offset of each character, and the length at the end (non-ASCII text only).
    starts: Option<Vec<usize>>,
}

impl<'a> Subject<'a> {
    fn new(s: &'a str) -> Subject<'a> {
        let starts =
            (!s.is_ascii()).then(|| s.char_indices().map(|(i, _)| i).chain([s.len()]).collect());
        Subject { s, starts }
    }

    fn char_len(&self) -> usize {
        self.starts
            .as_ref()
            .map(|v| v.len() - 1)
            .unwrap_or(self.s.len())
    }

    fn to_byte(&self, c: usize) -> usize {
        match &self.starts {
            Some(v) => v[c.min(v.len() - 1)],
            None => c,
        }
    }

    fn to_char(&self, b: usize) -> usize {
        match &self.starts {
            Some(v) => v.partition_point(|&x| x < b),
            None => b,
        }
    }

    fn chars_of(&self, spans: &Spans) -> Spans {
        spans
            .iter()
            .map(|s| s.map(|(a, b)| (self.to_char(a), self.to_char(b))))
            .collect()
    }
}

/// Python's clamping of `pos`/`endpos` to the string.
fn clamp(v: i64, len: usize) -> usize {
    v.clamp(0, len as i64) as usize
}

// ---------------------------------------------------------------------------
// Pattern objects.

/// The classes a pattern needs to make its results and errors.
struct Classes {
    pattern: Obj,
    match_: Obj,
    error: Obj,
}

/// A `re.Pattern`.
struct PatternData {
    source: Value,
    flags: i64,
    engine: Arc<Engine>,
    classes: Arc<Classes>,
}

/// A `re.Match`.
struct MatchData {
    string: Value,
    pattern: Value,
    /// Byte spans (to slice the string) and character spans (what Python shows).
    bytes: Spans,
    chars: Spans,
    pos: usize,
    endpos: usize,
    engine: Arc<Engine>,
}

fn install_pattern(vm: &mut Vm, class: &Obj) {
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("search", p_search),
        ("match", p_match),
        ("fullmatch", p_fullmatch),
        ("findall", p_findall),
        ("finditer", p_finditer),
        ("sub", p_sub),
        ("subn", p_subn),
        ("split", p_split),
        ("__repr__", p_repr),
        ("__eq__", p_eq),
        ("__hash__", p_hash),
    ];
    for (name, f) in methods {
        add_method(vm, class, name, *f);
    }
    add_property(vm, class, "pattern", |vm, args| {
        Ok(this_pattern(vm, &args)?.source.clone())
    });
    add_property(vm, class, "flags", |vm, args| {
        Ok(Value::Int(this_pattern(vm, &args)?.flags))
    });
    add_property(vm, class, "groups", |vm, args| {
        Ok(Value::Int(this_pattern(vm, &args)?.engine.groups as i64))
    });
    add_property(vm, class, "groupindex", p_groupindex);
}

fn this_pattern<'a>(vm: &mut Vm, args: &'a Args) -> PyResult<&'a PatternData> {
    super::self_payload::<PatternData>(vm, args, "pattern", "re.Pattern")
}

/// Raise `re.error(msg, pattern, pos)`.
fn re_error(vm: &mut Vm, class: &Obj, msg: String, pattern: &Value, pos: Option<usize>) -> Exc {
    let pos = pos.map(|p| Value::Int(p as i64)).unwrap_or(Value::None);
    let pattern = if pos.is_none() {
        Value::None
    } else {
        pattern.clone()
    };
    match vm.call(
        &Value::Obj(class.clone()),
        Args::new([Value::str(msg), pattern, pos]),
    ) {
        Ok(e) => match e {
            Value::Obj(o) => Exc(o),
            _ => vm.type_error("re.error() did not make an exception"),
        },
        Err(e) => e,
    }
}

/// `re.error.__init__(msg, pattern=None, pos=None)`: the message gains the position.
fn error_init(vm: &mut Vm, mut args: Args) -> PyResult {
    let [msg, pattern, pos] = bind_params(vm, "error", &mut args, 1, ["msg", "pattern", "pos"], 1)?;
    let Some(Value::Obj(this)) = args.pos.first().cloned() else {
        return Ok(Value::None);
    };
    let msg = msg.unwrap_or(Value::None);
    let pattern = pattern.unwrap_or(Value::None);
    let pos = pos.unwrap_or(Value::None);
    let mut full = vm.to_str(&msg)?;
    let (mut lineno, mut colno) = (Value::None, Value::None);
    if let (Some(p), Value::Int(at)) = (pattern.as_str(), &pos) {
        full = format!("{full} at position {at}");
        let before: String = p.chars().take(*at as usize).collect();
        let line = before.matches('\n').count() + 1;
        let col = *at as usize
            - before
                .rfind('\n')
                .map(|i| before[..=i].chars().count())
                .unwrap_or(0)
            + 1;
        if p.contains('\n') {
            full = format!("{full} (line {line}, column {col})");
        }
        lineno = Value::Int(line as i64);
        colno = Value::Int(col as i64);
    }
    if let Object::Instance(i) = &*this {
        for (k, v) in [
            ("msg", msg),
            ("pattern", pattern),
            ("pos", pos),
            ("lineno", lineno),
            ("colno", colno),
        ] {
            vm.instance_set_str(i, k, v);
        }
    }
    if let Some(d) = vm.exc_data(&this) {
        d.borrow_mut(&vm.gil).args = vec![Value::str(full)];
    }
    Ok(Value::None)
}

/// The classes and cache reached from the module namespace the functions are bound to.
fn module_classes(vm: &mut Vm, ns: &Value) -> PyResult<(Arc<Classes>, Option<Obj>)> {
    let Value::Obj(d) = ns else {
        return Err(vm.type_error("re: bad module state"));
    };
    let get = |vm: &mut Vm, name: &str| match vm.dict_get_str(d, name) {
        Some(Value::Obj(o)) => Ok(o),
        _ => Err(vm.new_error("RuntimeError", format!("re.{name} is missing"))),
    };
    let classes = Classes {
        pattern: get(vm, "Pattern")?,
        match_: get(vm, "Match")?,
        error: get(vm, "error")?,
    };
    let cache = get(vm, "_cache").ok();
    Ok((Arc::new(classes), cache))
}

/// `compile(pattern, flags)` with the module's cache.
fn compile(vm: &mut Vm, ns: &Value, pattern: &Value, flags: Option<Value>) -> PyResult {
    let flags = match flags {
        Some(f) => crate::native::expect_int(vm, &f, "flags")?,
        None => 0,
    };
    if payload::<PatternData>(pattern).is_some() {
        if flags != 0 {
            return Err(vm.value_error("cannot process flags argument with a compiled pattern"));
        }
        return Ok(pattern.clone());
    }
    let Some(source) = pattern.as_str().map(str::to_string) else {
        let t = vm.type_name(pattern);
        let msg = if t == "bytes" {
            "conc's re module supports str patterns only, not bytes".to_string()
        } else {
            "first argument must be string or compiled pattern".to_string()
        };
        return Err(vm.type_error(msg));
    };
    let (classes, cache) = module_classes(vm, ns)?;
    let key = vm.new_tuple(vec![pattern.clone(), Value::Int(flags)]);
    let key = vm.hash_key(key)?;
    if let Some(cache) = &cache {
        if let Some(p) = vm.dict_get_key(cache, &key) {
            return Ok(p);
        }
    }
    let t = translate::translate(&source, flags)
        .map_err(|e| re_error(vm, &classes.error, e.msg, pattern, Some(e.pos)))?;
    let mut all_flags = t.flags;
    if all_flags & ASCII == 0 {
        all_flags |= UNICODE;
    }
    let engine = Engine::new(t).map_err(|msg| re_error(vm, &classes.error, msg, pattern, None))?;
    let data = PatternData {
        source: pattern.clone(),
        flags: all_flags,
        engine: Arc::new(engine),
        classes: classes.clone(),
    };
    let p = new_native_instance(&classes.pattern, data);
    if let Some(Object::Dict(d)) = cache.as_deref() {
        let mut d = d.borrow_mut(&vm.gil);
        if d.len() >= MAX_CACHE {
            d.clear();
        }
        d.insert(key, p.clone());
    }
    Ok(p)
}

/// A subject argument: str only.
fn subject_text(vm: &mut Vm, v: &Value) -> PyResult<String> {
    match v.as_str() {
        Some(s) => Ok(s.to_string()),
        None => {
            let t = vm.type_name(v);
            if t == "bytes" || t == "bytearray" {
                return Err(vm.type_error("cannot use a string pattern on a bytes-like object"));
            }
            Err(vm.type_error(format!("expected string or bytes-like object, got '{t}'")))
        }
    }
}

/// `pos`/`endpos` arguments (None: the defaults).
fn bounds(
    vm: &mut Vm,
    pos: Option<Value>,
    endpos: Option<Value>,
    len: usize,
) -> PyResult<(usize, usize)> {
    let pos = match pos {
        Some(v) => clamp(crate::native::expect_int(vm, &v, "pos")?, len),
        None => 0,
    };
    let endpos = match endpos {
        Some(v) => clamp(crate::native::expect_int(vm, &v, "endpos")?, len),
        None => len,
    };
    Ok((pos, endpos))
}

/// Run one search of pattern `p` (a Pattern value) on `string`.
fn run_one(
    vm: &mut Vm,
    p: &Value,
    string: &Value,
    pos: Option<Value>,
    endpos: Option<Value>,
    mode: Mode,
) -> PyResult {
    let text = subject_text(vm, string)?;
    let subject = Subject::new(&text);
    let (pos, endpos) = bounds(vm, pos, endpos, subject.char_len())?;
    let Some(data) = payload::<PatternData>(p) else {
        return Err(vm.type_error("not a compiled pattern"));
    };
    if endpos < pos {
        return Ok(Value::None);
    }
    let (pb, eb) = (subject.to_byte(pos), subject.to_byte(endpos));
    match data.engine.find(&text[..eb], pb, mode) {
        Some(spans) => Ok(make_match(data, p, string, &subject, spans, pos, endpos)),
        None => Ok(Value::None),
    }
}

fn make_match(
    data: &PatternData,
    p: &Value,
    string: &Value,
    subject: &Subject,
    bytes: Spans,
    pos: usize,
    endpos: usize,
) -> Value {
    let chars = subject.chars_of(&bytes);
    new_native_instance(
        &data.classes.match_,
        MatchData {
            string: string.clone(),
            pattern: p.clone(),
            bytes,
            chars,
            pos,
            endpos,
            engine: data.engine.clone(),
        },
    )
}

/// Every match of `p` in `string` between `pos` and `endpos`, as Match objects' data.
fn run_all(
    vm: &mut Vm,
    p: &Value,
    string: &Value,
    pos: Option<Value>,
    endpos: Option<Value>,
    limit: usize,
) -> PyResult<(String, Vec<Spans>, usize, usize)> {
    let text = subject_text(vm, string)?;
    let subject = Subject::new(&text);
    let (pos, endpos) = bounds(vm, pos, endpos, subject.char_len())?;
    let Some(data) = payload::<PatternData>(p) else {
        return Err(vm.type_error("not a compiled pattern"));
    };
    if endpos < pos {
        return Ok((text.clone(), Vec::new(), pos, endpos));
    }
    let (pb, eb) = (subject.to_byte(pos), subject.to_byte(endpos));
    let found = data.engine.find_all(&text[..eb], pb, limit);
    Ok((text.clone(), found, pos, endpos))
}

/// `findall`: strings, or tuples of the groups.
fn findall(
    vm: &mut Vm,
    p: &Value,
    string: &Value,
    pos: Option<Value>,
    endpos: Option<Value>,
) -> PyResult {
    let (text, found, _, _) = run_all(vm, p, string, pos, endpos, 0)?;
    let groups = payload::<PatternData>(p)
        .map(|d| d.engine.groups)
        .unwrap_or(0);
    let text_of =
        |s: &Option<(usize, usize)>| Value::str(s.map(|(a, b)| &text[a..b]).unwrap_or(""));
    let items = found
        .iter()
        .map(|spans| match groups {
            0 => text_of(&spans[0]),
            1 => text_of(&spans[1]),
            _ => vm.new_tuple(spans[1..].iter().map(text_of).collect()),
        })
        .collect();
    Ok(vm.new_list(items))
}

fn finditer(
    vm: &mut Vm,
    p: &Value,
    string: &Value,
    pos: Option<Value>,
    endpos: Option<Value>,
) -> PyResult {
    let (text, found, pos, endpos) = run_all(vm, p, string, pos, endpos, 0)?;
    let subject = Subject::new(&text);
    let Some(data) = payload::<PatternData>(p) else {
        return Err(vm.type_error("not a compiled pattern"));
    };
    let matches: Vec<Value> = found
        .into_iter()
        .map(|spans| make_match(data, p, string, &subject, spans, pos, endpos))
        .collect();
    let list = vm.new_list(matches);
    vm.iter(&list)
}

/// `sub`/`subn`: the new string and the number of replacements.
fn substitute(
    vm: &mut Vm,
    p: &Value,
    repl: &Value,
    string: &Value,
    count: Option<Value>,
) -> PyResult<(String, usize)> {
    let count = match count {
        Some(c) => crate::native::expect_int(vm, &c, "count")?.max(0) as usize,
        None => 0,
    };
    let (text, found, pos, endpos) = run_all(vm, p, string, None, None, count)?;
    let Some(data) = payload::<PatternData>(p) else {
        return Err(vm.type_error("not a compiled pattern"));
    };
    let template = match repl.as_str() {
        Some(t) if t.contains('\\') => {
            match template::parse(t, data.engine.groups, &data.engine.names) {
                Ok(pieces) => Some(pieces),
                Err(TemplateError::Index(msg)) => return Err(vm.index_error(msg)),
                Err(TemplateError::Syntax(msg, at)) => {
                    let error = data.classes.error.clone();
                    return Err(re_error(vm, &error, msg, repl, Some(at)));
                }
            }
        }
        Some(t) => Some(vec![Piece::Literal(t.to_string())]),
        None => None,
    };
    let subject = Subject::new(&text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let n = found.len();
    for spans in found {
        let (s, e) = spans[0].unwrap_or((last, last));
        out.push_str(&text[last..s]);
        match &template {
            Some(pieces) => out.push_str(&template::expand(pieces, |g| {
                spans[g].map(|(a, b)| &text[a..b])
            })),
            None => {
                let m = make_match(data, p, string, &subject, spans.clone(), pos, endpos);
                let r = vm.call(repl, Args::new([m]))?;
                match r.as_str() {
                    Some(s) => out.push_str(s),
                    None => {
                        let t = vm.type_name(&r);
                        return Err(vm.type_error(format!("expected str instance, {t} found")));
                    }
                }
            }
        }
        last = e;
    }
    out.push_str(&text[last..]);
    Ok((out, n))
}

fn split(vm: &mut Vm, p: &Value, string: &Value, maxsplit: Option<Value>) -> PyResult {
    let maxsplit = match maxsplit {
        Some(m) => crate::native::expect_int(vm, &m, "maxsplit")?,
        None => 0,
    };
    if maxsplit < 0 {
        return Ok(vm.new_list(vec![string.clone()]));
    }
    let (text, found, _, _) = run_all(vm, p, string, None, None, maxsplit as usize)?;
    let mut out = Vec::new();
    let mut last = 0;
    for spans in found {
        let (s, e) = spans[0].unwrap_or((last, last));
        out.push(Value::str(&text[last..s]));
        for g in &spans[1..] {
            out.push(
                g.map(|(a, b)| Value::str(&text[a..b]))
                    .unwrap_or(Value::None),
            );
        }
        last = e;
    }
    out.push(Value::str(&text[last..]));
    Ok(vm.new_list(out))
}

// Module functions (bound to the module namespace as `args[0]`).

fn re_compile(vm: &mut Vm, mut args: Args) -> PyResult {
    let [pattern, flags] = bind_params(vm, "compile", &mut args, 1, ["pattern", "flags"], 1)?;
    compile(
        vm,
        &args.pos[0].clone(),
        &pattern.unwrap_or(Value::None),
        flags,
    )
}

/// `search`/`match`/`fullmatch(pattern, string, flags=0)`.
fn re_one(vm: &mut Vm, mut args: Args, name: &str, mode: Mode) -> PyResult {
    let [pattern, string, flags] =
        bind_params(vm, name, &mut args, 1, ["pattern", "string", "flags"], 2)?;
    let p = compile(
        vm,
        &args.pos[0].clone(),
        &pattern.unwrap_or(Value::None),
        flags,
    )?;
    run_one(vm, &p, &string.unwrap_or(Value::None), None, None, mode)
}

fn re_search(vm: &mut Vm, args: Args) -> PyResult {
    re_one(vm, args, "search", Mode::Search)
}

fn re_match(vm: &mut Vm, args: Args) -> PyResult {
    re_one(vm, args, "match", Mode::Match)
}

fn re_fullmatch(vm: &mut Vm, args: Args) -> PyResult {
    re_one(vm, args, "fullmatch", Mode::Full)
}

fn re_findall(vm: &mut Vm, mut args: Args) -> PyResult {
    let [pattern, string, flags] = bind_params(
        vm,
        "findall",
        &mut args,
        1,
        ["pattern", "string", "flags"],
        2,
    )?;
    let p = compile(
        vm,
        &args.pos[0].clone(),
        &pattern.unwrap_or(Value::None),
        flags,
    )?;
    findall(vm, &p, &string.unwrap_or(Value::None), None, None)
}

fn re_finditer(vm: &mut Vm, mut args: Args) -> PyResult {
    let [pattern, string, flags] = bind_params(
        vm,
        "finditer",
        &mut args,
        1,
        ["pattern", "string", "flags"],
        2,
    )?;
    let p = compile(
        vm,
        &args.pos[0].clone(),
        &pattern.unwrap_or(Value::None),
        flags,
    )?;
    finditer(vm, &p, &string.unwrap_or(Value::None), None, None)
}

fn re_subn_common(vm: &mut Vm, mut args: Args, name: &str) -> PyResult<(String, usize)> {
    let [pattern, repl, string, count, flags] = bind_params(
        vm,
        name,
        &mut args,
        1,
        ["pattern", "repl", "string", "count", "flags"],
        3,
    )?;
    let p = compile(
        vm,
        &args.pos[0].clone(),
        &pattern.unwrap_or(Value::None),
        flags,
    )?;
    substitute(
        vm,
        &p,
        &repl.unwrap_or(Value::None),
        &string.unwrap_or(Value::None),
        count,
    )
}

fn re_sub(vm: &mut Vm, args: Args) -> PyResult {
    let (s, _) = re_subn_common(vm, args, "sub")?;
    Ok(Value::str(s))
}

fn re_subn(vm: &mut Vm, args: Args) -> PyResult {
    let (s, n) = re_subn_common(vm, args, "subn")?;
    Ok(vm.new_tuple(vec![Value::str(s), Value::Int(n as i64)]))
}

fn re_split(vm: &mut Vm, mut args: Args) -> PyResult {
    let [pattern, string, maxsplit, flags] = bind_params(
        vm,
        "split",
        &mut args,
        1,
        ["pattern", "string", "maxsplit", "flags"],
        2,
    )?;
    let p = compile(
        vm,
        &args.pos[0].clone(),
        &pattern.unwrap_or(Value::None),
        flags,
    )?;
    split(vm, &p, &string.unwrap_or(Value::None), maxsplit)
}

fn re_purge(vm: &mut Vm, args: Args) -> PyResult {
    if let Some(Value::Obj(d)) = args.pos.first() {
        if let Some(Value::Obj(cache)) = vm.dict_get_str(d, "_cache") {
            if let Object::Dict(c) = &*cache {
                c.borrow_mut(&vm.gil).clear();
            }
        }
    }
    Ok(Value::None)
}

fn escape(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "escape", &args, 1, 1)?;
    let text = subject_text(vm, &args.pos[0])?;
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if "()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(Value::str(out))
}

// Pattern methods.

/// `search`/`match`/`fullmatch(string, pos=0, endpos=...)` on a Pattern.
fn p_one(vm: &mut Vm, mut args: Args, name: &str, mode: Mode) -> PyResult {
    this_pattern(vm, &args)?;
    let [string, pos, endpos] =
        bind_params(vm, name, &mut args, 1, ["string", "pos", "endpos"], 1)?;
    let p = args.pos[0].clone();
    run_one(vm, &p, &string.unwrap_or(Value::None), pos, endpos, mode)
}

fn p_search(vm: &mut Vm, args: Args) -> PyResult {
    p_one(vm, args, "search", Mode::Search)
}

fn p_match(vm: &mut Vm, args: Args) -> PyResult {
    p_one(vm, args, "match", Mode::Match)
}

fn p_fullmatch(vm: &mut Vm, args: Args) -> PyResult {
    p_one(vm, args, "fullmatch", Mode::Full)
}

fn p_findall(vm: &mut Vm, mut args: Args) -> PyResult {
    this_pattern(vm, &args)?;
    let [string, pos, endpos] =
        bind_params(vm, "findall", &mut args, 1, ["string", "pos", "endpos"], 1)?;
    let p = args.pos[0].clone();
    findall(vm, &p, &string.unwrap_or(Value::None), pos, endpos)
}

fn p_finditer(vm: &mut Vm, mut args: Args) -> PyResult {
    this_pattern(vm, &args)?;
    let [string, pos, endpos] =
        bind_params(vm, "finditer", &mut args, 1, ["string", "pos", "endpos"], 1)?;
    let p = args.pos[0].clone();
    finditer(vm, &p, &string.unwrap_or(Value::None), pos, endpos)
}

fn p_subn_common(vm: &mut Vm, mut args: Args, name: &str) -> PyResult<(String, usize)> {
    this_pattern(vm, &args)?;
    let [repl, string, count] =
        bind_params(vm, name, &mut args, 1, ["repl", "string", "count"], 2)?;
    let p = args.pos[0].clone();
    substitute(
        vm,
        &p,
        &repl.unwrap_or(Value::None),
        &string.unwrap_or(Value::None),
        count,
    )
}

fn p_sub(vm: &mut Vm, args: Args) -> PyResult {
    let (s, _) = p_subn_common(vm, args, "sub")?;
    Ok(Value::str(s))
}

fn p_subn(vm: &mut Vm, args: Args) -> PyResult {
    let (s, n) = p_subn_common(vm, args, "subn")?;
    Ok(vm.new_tuple(vec![Value::str(s), Value::Int(n as i64)]))
}

fn p_split(vm: &mut Vm, mut args: Args) -> PyResult {
    this_pattern(vm, &args)?;
    let [string, maxsplit] = bind_params(vm, "split", &mut args, 1, ["string", "maxsplit"], 1)?;
    let p = args.pos[0].clone();
    split(vm, &p, &string.unwrap_or(Value::None), maxsplit)
}

fn p_groupindex(vm: &mut Vm, args: Args) -> PyResult {
    let names = this_pattern(vm, &args)?.engine.names.clone();
    let mut d = Dict::new();
    for (name, i) in names {
        d.insert_str(&name, Value::Int(i as i64));
    }
    Ok(vm.new_dict(d))
}

/// `re.IGNORECASE|re.MULTILINE`, as the repr of a pattern shows its flags.
fn flags_repr(flags: i64) -> String {
    let mut shown = flags;
    if flags & (LOCALE | UNICODE | ASCII) == UNICODE {
        shown &= !UNICODE;
    }
    let names = [
        (IGNORECASE, "re.IGNORECASE"),
        (LOCALE, "re.LOCALE"),
        (MULTILINE, "re.MULTILINE"),
        (DOTALL, "re.DOTALL"),
        (UNICODE, "re.UNICODE"),
        (VERBOSE, "re.VERBOSE"),
        (ASCII, "re.ASCII"),
    ];
    let mut parts: Vec<String> = Vec::new();
    for (bit, name) in names {
        if shown & bit != 0 {
            parts.push(name.to_string());
            shown &= !bit;
        }
    }
    if shown != 0 {
        parts.push(format!("{shown:#x}"));
    }
    parts.join("|")
}

fn p_repr(vm: &mut Vm, args: Args) -> PyResult {
    let (source, flags) = {
        let p = this_pattern(vm, &args)?;
        (p.source.clone(), p.flags)
    };
    let mut text = vm.repr(&source)?;
    if text.chars().count() > 200 {
        text = text.chars().take(200).collect();
    }
    let flags = flags_repr(flags);
    Ok(Value::str(if flags.is_empty() {
        format!("re.compile({text})")
    } else {
        format!("re.compile({text}, {flags})")
    }))
}

fn p_eq(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "__eq__", &args, 2, 2)?;
    let (a, b) = (
        payload::<PatternData>(&args.pos[0]),
        payload::<PatternData>(&args.pos[1]),
    );
    match (a, b) {
        (Some(a), Some(b)) => Ok(Value::Bool(
            a.flags == b.flags
                && a.source.as_str().is_some()
                && a.source.as_str() == b.source.as_str(),
        )),
        _ => Ok(vm.rt.types.not_implemented.clone()),
    }
}

fn p_hash(vm: &mut Vm, args: Args) -> PyResult {
    let (source, flags) = {
        let p = this_pattern(vm, &args)?;
        (p.source.clone(), p.flags)
    };
    let h = vm.hash(&source)?;
    Ok(Value::Int(h ^ flags))
}

// ---------------------------------------------------------------------------
// Match objects.

fn install_match(vm: &mut Vm, class: &Obj) {
    let methods: &[(&'static str, crate::vm::NativeFn)] = &[
        ("group", m_group),
        ("__getitem__", m_getitem),
        ("groups", m_groups),
        ("groupdict", m_groupdict),
        ("start", m_start),
        ("end", m_end),
        ("span", m_span),
        ("expand", m_expand),
        ("__repr__", m_repr),
    ];
    for (name, f) in methods {
        add_method(vm, class, name, *f);
    }
    add_property(vm, class, "string", |vm, args| {
        Ok(this_match(vm, &args)?.string.clone())
    });
    add_property(vm, class, "re", |vm, args| {
        Ok(this_match(vm, &args)?.pattern.clone())
    });
    add_property(vm, class, "pos", |vm, args| {
        Ok(Value::Int(this_match(vm, &args)?.pos as i64))
    });
    add_property(vm, class, "endpos", |vm, args| {
        Ok(Value::Int(this_match(vm, &args)?.endpos as i64))
    });
    add_property(vm, class, "lastindex", |vm, args| {
        let m = this_match(vm, &args)?;
        Ok(m.engine
            .last_index(&m.chars)
            .map(|i| Value::Int(i as i64))
            .unwrap_or(Value::None))
    });
    add_property(vm, class, "lastgroup", |vm, args| {
        let m = this_match(vm, &args)?;
        let last = m.engine.last_index(&m.chars);
        let name = last.and_then(|i| {
            m.engine
                .names
                .iter()
                .find(|(_, g)| *g == i)
                .map(|(n, _)| n.clone())
        });
        Ok(name.map(Value::str).unwrap_or(Value::None))
    });
    add_property(vm, class, "regs", |vm, args| {
        let spans = this_match(vm, &args)?.chars.clone();
        let regs = spans.iter().map(|s| span_value(vm, *s)).collect();
        Ok(vm.new_tuple(regs))
    });
}

fn this_match<'a>(vm: &mut Vm, args: &'a Args) -> PyResult<&'a MatchData> {
    super::self_payload::<MatchData>(vm, args, "group", "re.Match")
}

fn span_value(vm: &mut Vm, s: Option<(usize, usize)>) -> Value {
    let (a, b) = s.map(|(a, b)| (a as i64, b as i64)).unwrap_or((-1, -1));
    vm.new_tuple(vec![Value::Int(a), Value::Int(b)])
}

/// A group argument (number or name) as a group number.
fn group_index(vm: &mut Vm, m: &MatchData, g: &Value) -> PyResult<usize> {
    let i = match g {
        Value::Int(i) => usize::try_from(*i).ok(),
        Value::Bool(b) => Some(*b as usize),
        _ => g.as_str().and_then(|n| m.engine.group_named(n)),
    };
    match i {
        Some(i) if i <= m.engine.groups => Ok(i),
        _ => Err(vm.index_error("no such group")),
    }
}

/// The text of group `i`, or `default` when it did not participate.
fn group_value(m: &MatchData, i: usize, default: &Value) -> Value {
    match (m.bytes[i], m.string.as_str()) {
        (Some((a, b)), Some(s)) => Value::str(&s[a..b]),
        _ => default.clone(),
    }
}

fn m_group(vm: &mut Vm, args: Args) -> PyResult {
    let m = this_match(vm, &args)?;
    match args.pos.len() {
        1 => Ok(group_value(m, 0, &Value::None)),
        2 => {
            let i = group_index(vm, m, &args.pos[1])?;
            Ok(group_value(m, i, &Value::None))
        }
        _ => {
            let mut out = Vec::with_capacity(args.pos.len() - 1);
            for g in &args.pos[1..] {
                let i = group_index(vm, m, g)?;
                out.push(group_value(m, i, &Value::None));
            }
            Ok(vm.new_tuple(out))
        }
    }
}

fn m_getitem(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "__getitem__", &args, 2, 2)?;
    let m = this_match(vm, &args)?;
    let i = group_index(vm, m, &args.pos[1])?;
    Ok(group_value(m, i, &Value::None))
}

fn m_groups(vm: &mut Vm, mut args: Args) -> PyResult {
    let [default] = bind_params(vm, "groups", &mut args, 1, ["default"], 0)?;
    let default = default.unwrap_or(Value::None);
    let m = this_match(vm, &args)?;
    let items = (1..=m.engine.groups)
        .map(|i| group_value(m, i, &default))
        .collect();
    Ok(vm.new_tuple(items))
}

fn m_groupdict(vm: &mut Vm, mut args: Args) -> PyResult {
    let [default] = bind_params(vm, "groupdict", &mut args, 1, ["default"], 0)?;
    let default = default.unwrap_or(Value::None);
    let m = this_match(vm, &args)?;
    let mut d = Dict::new();
    for (name, i) in &m.engine.names {
        d.insert_str(name, group_value(m, *i, &default));
    }
    Ok(vm.new_dict(d))
}

/// The character span of the group named by the optional argument.
fn m_group_span(vm: &mut Vm, args: &Args, name: &str) -> PyResult<Option<(usize, usize)>> {
    check_args(vm, name, args, 1, 2)?;
    let m = this_match(vm, args)?;
    let i = match args.pos.get(1) {
        Some(g) => group_index(vm, m, g)?,
        None => 0,
    };
    Ok(m.chars[i])
}

fn m_start(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Int(
        m_group_span(vm, &args, "start")?
            .map(|s| s.0 as i64)
            .unwrap_or(-1),
    ))
}

fn m_end(vm: &mut Vm, args: Args) -> PyResult {
    Ok(Value::Int(
        m_group_span(vm, &args, "end")?
            .map(|s| s.1 as i64)
            .unwrap_or(-1),
    ))
}

fn m_span(vm: &mut Vm, args: Args) -> PyResult {
    let s = m_group_span(vm, &args, "span")?;
    Ok(span_value(vm, s))
}

fn m_expand(vm: &mut Vm, args: Args) -> PyResult {
    check_args(vm, "expand", &args, 2, 2)?;
    let template_value = args.pos[1].clone();
    let template = subject_text(vm, &template_value)?;
    let m = this_match(vm, &args)?;
    let pieces = match template::parse(&template, m.engine.groups, &m.engine.names) {
        Ok(p) => p,
        Err(TemplateError::Index(msg)) => return Err(vm.index_error(msg)),
        Err(TemplateError::Syntax(msg, at)) => {
            let error = payload::<PatternData>(&m.pattern).map(|p| p.classes.error.clone());
            return Err(match error {
                Some(class) => re_error(vm, &class, msg, &template_value, Some(at)),
                None => vm.value_error(msg),
            });
        }
    };
    let s = m.string.as_str().unwrap_or("");
    Ok(Value::str(template::expand(&pieces, |g| {
        m.bytes[g].map(|(a, b)| &s[a..b])
    })))
}

fn m_repr(vm: &mut Vm, args: Args) -> PyResult {
    let (span, text) = {
        let m = this_match(vm, &args)?;
        (
            m.chars[0].unwrap_or((0, 0)),
            group_value(m, 0, &Value::str("")),
        )
    };
    let text = vm.repr(&text)?;
    Ok(Value::str(format!(
        "<re.Match object; span=({}, {}), match={text}>",
        span.0, span.1
    )))
}

#[cfg(test)]
mod tests;
