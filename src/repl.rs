//! The interactive prompt, as CPython's: `>>> ` for a new statement, `... `
//! while it goes on. A line that leaves the input incomplete (open bracket,
//! open string, `:` at the end) asks for more; a compound statement (`def`,
//! `if`, `for`, ...) ends only at an empty line. Each finished input runs in
//! `__main__` through [`Interpreter::run_interactive`], which echoes the
//! values of expression statements and prints tracebacks itself.
//!
//! rustyline has no continuation prompt, so the loop reads one line at a
//! time and joins them (crates.md §2). Ctrl-C at the prompt cancels the
//! input, Ctrl-D leaves; while code runs, Ctrl-C is a SIGINT that the
//! command line forwards to the interpreter. History lives in
//! `$HOME/.conc_history`, one entry per input (a whole block is one entry).

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::PathBuf;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{CompletionType, Config, Context, EditMode, Editor, Helper};

use crate::cli::print_compile_error;
use crate::{Interpreter, RunError};

const PROMPT: &str = ">>> ";
const CONTINUATION_PROMPT: &str = "... ";
/// What Tab inserts at the start of a line (there is nothing to complete there).
const INDENT: &str = "    ";
/// Words that start a compound statement: its input ends at an empty line,
/// even when it is all on one line (`for i in x: print(i)`).
const COMPOUND_KEYWORDS: &[&str] = &["if", "while", "for", "try", "with", "def", "class", "async"];

/// Run the REPL until Ctrl-D or `exit()`. `Err(RunError::Exit(n))` when the
/// code asked to exit; the caller then finalizes the interpreter.
pub fn run(interp: &Interpreter) -> Result<(), RunError> {
    let mut editor = new_editor(interp)
        .map_err(|e| RunError::Io(format!("can't start the line editor: {e}")))?;
    let history = history_file();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    eprintln!(
        "conc {} (Python-like; type exit() or Ctrl-D to leave)",
        env!("CARGO_PKG_VERSION")
    );

    let outcome = read_eval_print(interp, &mut editor);
    if let Some(path) = &history {
        let _ = editor.save_history(path);
    }
    outcome
}

fn new_editor(interp: &Interpreter) -> rustyline::Result<Editor<ReplHelper<'_>, DefaultHistory>> {
    let config = Config::builder()
        .auto_add_history(false)
        .history_ignore_dups(true)?
        .max_history_size(1000)?
        .completion_type(CompletionType::List)
        .edit_mode(EditMode::Emacs)
        .build();
    let mut editor = Editor::with_config(config)?;
    editor.set_helper(Some(ReplHelper { interp }));
    Ok(editor)
}

fn history_file() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|home| PathBuf::from(home).join(".conc_history"))
}

fn read_eval_print(
    interp: &Interpreter,
    editor: &mut Editor<ReplHelper<'_>, DefaultHistory>,
) -> Result<(), RunError> {
    let mut input = String::new();
    loop {
        let prompt = if input.is_empty() {
            PROMPT
        } else {
            CONTINUATION_PROMPT
        };
        match editor.readline(prompt) {
            Ok(line) => {
                if input.is_empty() && line.trim().is_empty() {
                    continue;
                }
                if !input.is_empty() {
                    input.push('\n');
                }
                input.push_str(&line);
                if needs_more_input(&input, Interpreter::is_incomplete(&input)) {
                    continue;
                }
                let source = std::mem::take(&mut input);
                let _ = editor.add_history_entry(source.trim_end());
                execute(interp, &source)?;
            }
            Err(ReadlineError::Interrupted) => {
                input.clear();
                eprintln!("KeyboardInterrupt");
            }
            Err(ReadlineError::Eof) => {
                println!();
                return Ok(());
            }
            Err(e) => return Err(RunError::Io(format!("can't read the input: {e}"))),
        }
    }
}

/// Run one input; an error is shown and the session goes on, except `exit()`.
fn execute(interp: &Interpreter, source: &str) -> Result<(), RunError> {
    let result = interp.run_interactive(&format!("{source}\n"));
    let _ = io::stdout().flush();
    match result {
        Ok(()) | Err(RunError::Exception { .. }) => Ok(()),
        Err(RunError::Compile(e)) => {
            print_compile_error(&e);
            Ok(())
        }
        Err(RunError::Io(message)) => {
            eprintln!("conc: {message}");
            Ok(())
        }
        Err(exit @ RunError::Exit(_)) => Err(exit),
    }
}

/// Should the REPL read another line before running `input`?
/// `incomplete` is the interpreter's verdict (open block or bracket).
/// An empty line ends a compound statement (unless a bracket or a
/// triple-quoted string is still open); other input runs as soon as it is
/// complete.
pub fn needs_more_input(input: &str, incomplete: bool) -> bool {
    let last_line = input.rsplit('\n').next().unwrap_or("");
    let open = scan(input);
    let compound = open.block_opened || starts_compound_statement(input);
    if last_line.trim().is_empty() {
        if compound {
            open.bracket_depth > 0 || open.in_triple_quote
        } else {
            incomplete
        }
    } else {
        incomplete || compound || open.bracket_depth > 0 || open.in_triple_quote || open.continued
    }
}

fn starts_compound_statement(input: &str) -> bool {
    let first = input.trim_start();
    let word_end = first
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(first.len());
    first.starts_with('@') || COMPOUND_KEYWORDS.contains(&&first[..word_end])
}

/// What is still open at the end of some code.
#[derive(Debug, Default, PartialEq, Eq)]
struct Openness {
    /// Unclosed `(`, `[`, `{`.
    bracket_depth: usize,
    /// Inside a `'''` or `"""` string.
    in_triple_quote: bool,
    /// The last line ends with a backslash.
    continued: bool,
    /// Some line (outside brackets) ends with `:`, so a block follows.
    block_opened: bool,
}

/// A rough tokenizer: enough to skip strings and comments and count brackets.
fn scan(code: &str) -> Openness {
    let mut open = Openness::default();
    let mut chars = code.chars().peekable();
    let mut last_significant = None;
    while let Some(c) = chars.next() {
        match c {
            '#' => while chars.next_if(|&c| c != '\n').is_some() {},
            '\'' | '"' => {
                let mut triple = false;
                if chars.next_if_eq(&c).is_some() {
                    if chars.next_if_eq(&c).is_none() {
                        // `''`: an empty string, not the start of a triple quote.
                        last_significant = Some(c);
                        continue;
                    }
                    triple = true;
                }
                if !skip_string(&mut chars, c, triple) {
                    open.in_triple_quote = triple;
                    break;
                }
                last_significant = Some(c);
            }
            '\\' if chars.peek() == Some(&'\n') => {
                chars.next();
            }
            '(' | '[' | '{' => open.bracket_depth += 1,
            ')' | ']' | '}' => open.bracket_depth = open.bracket_depth.saturating_sub(1),
            '\n' => {
                if open.bracket_depth == 0 && last_significant == Some(':') {
                    open.block_opened = true;
                }
                last_significant = None;
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() && c != '#' && c != '\'' && c != '"' {
            last_significant = Some(c);
        }
    }
    if open.bracket_depth == 0 && last_significant == Some(':') {
        open.block_opened = true;
    }
    open.continued = !open.in_triple_quote && code.trim_end_matches([' ', '\t']).ends_with('\\');
    open
}

/// Skip past the end of a string opened by `quote`; false if the code ends first.
/// A one-quote string also ends at a line end (an error the compiler reports).
fn skip_string(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    quote: char,
    triple: bool,
) -> bool {
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '\n' if !triple => return true,
            c if c == quote => {
                if !triple {
                    return true;
                }
                if chars.next_if_eq(&quote).is_some() && chars.next_if_eq(&quote).is_some() {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The word before the cursor that Tab completes: identifier characters and dots.
fn word_before(line: &str, pos: usize) -> (usize, &str) {
    let before = &line[..pos];
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '_' || c == '.')
        .last()
        .map_or(pos, |(i, _)| i);
    (start, &before[start..])
}

/// Tab completion at `pos`: where the replacement starts and the candidates.
/// `lookup` is [`Interpreter::completions`]; its answers may be whole dotted
/// names (`os.path`) or just the attribute (`path`): both work.
fn complete(line: &str, pos: usize, lookup: impl Fn(&str) -> Vec<String>) -> (usize, Vec<Pair>) {
    let pos = pos.min(line.len());
    if !line.is_char_boundary(pos) {
        return (pos, Vec::new());
    }
    if line[..pos].trim().is_empty() {
        return (
            pos,
            vec![Pair {
                display: INDENT.into(),
                replacement: INDENT.into(),
            }],
        );
    }
    let (start, word) = word_before(line, pos);
    let head = word.rfind('.').map_or("", |dot| &word[..=dot]);
    let mut names: Vec<String> = lookup(word)
        .into_iter()
        .map(|name| {
            if name.starts_with(head) {
                name
            } else {
                format!("{head}{name}")
            }
        })
        .filter(|name| name.starts_with(word))
        .collect();
    names.sort();
    names.dedup();
    let pairs = names
        .into_iter()
        .map(|name| Pair {
            display: name[head.len()..].to_string(),
            replacement: name,
        })
        .collect();
    (start, pairs)
}

/// rustyline's view of the REPL: Tab completion from the interpreter.
struct ReplHelper<'a> {
    interp: &'a Interpreter,
}

impl Completer for ReplHelper<'_> {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(complete(line, pos, |prefix| {
            self.interp.completions(prefix)
        }))
    }
}

impl Hinter for ReplHelper<'_> {
    type Hint = String;
}

impl Highlighter for ReplHelper<'_> {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        Cow::Borrowed(line)
    }
}

impl Validator for ReplHelper<'_> {}

impl Helper for ReplHelper<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simple_statement_runs_at_once() {
        assert!(!needs_more_input("x = 1", false));
        assert!(!needs_more_input("print('a:')", false));
        assert!(!needs_more_input("d = {1: 2}", false));
        assert!(!needs_more_input("f = lambda: 0", false));
    }

    #[test]
    fn an_open_bracket_or_string_asks_for_more() {
        assert!(needs_more_input("x = (1,", true));
        assert!(needs_more_input("x = (1,\n", true));
        assert!(!needs_more_input("x = (1,\n2)", false));
        assert!(needs_more_input("s = '''a", true));
        assert!(needs_more_input("x = 1 + \\", true));
        // Even when the interpreter's check says otherwise.
        assert!(needs_more_input("x = [1,", false));
    }

    #[test]
    fn a_compound_statement_ends_at_an_empty_line() {
        assert!(needs_more_input("if x:", true));
        assert!(needs_more_input("if x:\n    y = 1", false));
        assert!(!needs_more_input("if x:\n    y = 1\n", false));
        assert!(needs_more_input("for i in range(3): print(i)", false));
        assert!(!needs_more_input("for i in range(3): print(i)\n", false));
        assert!(needs_more_input("@decorator", true));
        assert!(needs_more_input(
            "class A:\n    def f(self):\n        return 1\n    def g(self): pass",
            false
        ));
        // `if x:` then an empty line runs, and the compiler says a block was expected.
        assert!(!needs_more_input("if x:\n", true));
    }

    #[test]
    fn an_empty_line_inside_brackets_or_strings_does_not_end_a_block() {
        assert!(needs_more_input("def f():\n    return (1,\n", true));
        assert!(needs_more_input("def f():\n    '''doc\n", true));
        assert!(!needs_more_input("def f():\n    '''doc'''\n", false));
    }

    #[test]
    fn scanning_skips_strings_and_comments() {
        assert_eq!(scan("x = '('  # (").bracket_depth, 0);
        assert_eq!(scan("x = \"[\" + ''").bracket_depth, 0);
        assert_eq!(scan("f(x, 'a\\'b'").bracket_depth, 1);
        assert!(scan("x = '''\n(").in_triple_quote);
        assert!(!scan("x = '''a''' + \"\"\"b\"\"\"").in_triple_quote);
        assert!(scan("while True:  # forever").block_opened);
        assert!(!scan("x = {1:\n").block_opened);
        assert!(!scan("s = 'a:'").block_opened);
        assert!(scan("x = 1 + \\").continued);
    }

    #[test]
    fn compound_keywords_are_whole_words() {
        assert!(starts_compound_statement("  if x: pass"));
        assert!(starts_compound_statement("async def f(): pass"));
        assert!(!starts_compound_statement("iffy = 1"));
        assert!(!starts_compound_statement("x = 1"));
    }

    fn names(list: &[&str]) -> impl Fn(&str) -> Vec<String> {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        move |_| list.clone()
    }

    fn replacements(result: &(usize, Vec<Pair>)) -> Vec<&str> {
        result.1.iter().map(|p| p.replacement.as_str()).collect()
    }

    #[test]
    fn completion_of_a_name() {
        let result = complete("x = pri", 7, names(&["print", "private", "abs"]));
        assert_eq!(result.0, 4);
        assert_eq!(replacements(&result), ["print", "private"]);
    }

    #[test]
    fn completion_after_a_dot_takes_full_or_short_names() {
        let full = complete("os.pa", 5, names(&["os.path", "os.pardir"]));
        let short = complete("os.pa", 5, names(&["path", "pardir", "getcwd"]));
        for result in [&full, &short] {
            assert_eq!(result.0, 0);
            assert_eq!(replacements(result), ["os.pardir", "os.path"]);
            assert_eq!(result.1[1].display, "path");
        }
    }

    #[test]
    fn completion_asks_with_the_word_before_the_cursor() {
        let asked = std::cell::RefCell::new(String::new());
        let _ = complete("f(threading.Th + 1", 14, |p| {
            *asked.borrow_mut() = p.to_string();
            Vec::new()
        });
        assert_eq!(asked.into_inner(), "threading.Th");
    }

    #[test]
    fn tab_at_the_start_of_a_line_indents() {
        let result = complete("  ", 2, names(&["print"]));
        assert_eq!((result.0, replacements(&result)), (2, vec![INDENT]));
    }
}
