//! The `conc` command: see [`conc::cli`].

fn main() {
    std::process::exit(conc::cli::main());
}
