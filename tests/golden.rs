//! `cargo test --test golden`: one test per golden case (a script with its
//! `.out` beside it) under `scripts/` and `tests/`, named by its path.
//! See `conc::golden` for the case format; `CONC_TEST_FLAGS` and
//! `CONC_BLESS=1` work here as they do for `conc test`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use conc::golden::{self, Settings};
use libtest_mimic::{Arguments, Failed, Trial};

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = Arc::new(PathBuf::from(env!("CARGO_BIN_EXE_conc")));
    let settings = Arc::new(Settings::from_env());
    let dirs: Vec<PathBuf> = ["scripts", "tests"]
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .collect();
    let cases = match golden::discover(&dirs) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("can't find the golden cases: {e}");
            std::process::exit(2);
        }
    };
    let trials = cases
        .into_iter()
        .map(|case| {
            let (binary, settings) = (binary.clone(), settings.clone());
            Trial::test(case.name_relative_to(root), move || {
                golden::run_case(&binary, &case, &settings).map_err(Failed::from)
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
