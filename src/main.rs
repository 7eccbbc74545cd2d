//! The `conc` command: see [`conc::cli`].

/// Native code that calls back into conc (a `__repr__`, a key function, a
/// generator's `send`) nests on the Rust stack; a large stack keeps the
/// recursion limit, not the OS, in charge of how deep that may go.
const MAIN_STACK_BYTES: usize = 256 << 20;

/// Every str, list and frame is a heap allocation: mimalloc makes them
/// markedly cheaper than the system allocator (measured on the wordcount
/// benchmark). The library leaves the choice to programs that embed it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let runner = std::thread::Builder::new()
        .name("main".into())
        .stack_size(MAIN_STACK_BYTES)
        .spawn(conc::cli::main);
    let code = match runner.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => 70, // a panic: a bug in conc, already reported on stderr
        Err(e) => {
            eprintln!("conc: cannot start the interpreter thread: {e}");
            70
        }
    };
    std::process::exit(code);
}
