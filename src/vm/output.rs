//! Where `print` and tracebacks go: the process's stdout/stderr, or a
//! buffer (embedding, tests).
//!
//! stdout is line-buffered even on a pipe, as a student sees it on a
//! terminal; every write is one call under a lock, so a line printed by a
//! thread comes out whole.

use std::io::{LineWriter, Write};

use parking_lot::Mutex;

/// The output streams of an interpreter.
pub enum Output {
    /// The process's stdout (line-buffered) and stderr (unbuffered).
    Process {
        /// stdout behind a line buffer.
        stdout: Mutex<LineWriter<std::io::Stdout>>,
    },
    /// Everything appended to one buffer.
    Capture(Mutex<String>),
}

impl Output {
    /// Write to the process's streams.
    pub fn process() -> Output {
        Output::Process {
            stdout: Mutex::new(LineWriter::new(std::io::stdout())),
        }
    }

    /// Capture into a buffer.
    pub fn capture() -> Output {
        Output::Capture(Mutex::new(String::new()))
    }

    /// Write text to stdout.
    pub fn write_stdout(&self, text: &str) {
        match self {
            Output::Process { stdout } => {
                let _ = stdout.lock().write_all(text.as_bytes());
            }
            Output::Capture(buf) => buf.lock().push_str(text),
        }
    }

    /// Write text to stderr (flushing stdout first, so the order is kept).
    pub fn write_stderr(&self, text: &str) {
        match self {
            Output::Process { stdout } => {
                let _ = stdout.lock().flush();
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
            Output::Capture(buf) => buf.lock().push_str(text),
        }
    }

    /// Flush stdout.
    pub fn flush(&self) {
        if let Output::Process { stdout } = self {
            let _ = stdout.lock().flush();
        }
    }

    /// Take the captured text (empty when writing to the process).
    pub fn take(&self) -> String {
        match self {
            Output::Capture(buf) => std::mem::take(&mut *buf.lock()),
            Output::Process { .. } => String::new(),
        }
    }
}
