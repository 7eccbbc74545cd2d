//! `cargo test --test switch_ticks`: the thread goldens again, with a forced
//! GIL switch after every instruction (`--switch-ticks 1`, added after the
//! header's flags), compared with the same `.out`/`.err` files.
//!
//! A program whose output is right must not depend on where the switches
//! fall: code that is correct only because a switch never comes between two
//! particular instructions (a hidden assumption of atomicity in conc's own
//! `std/` modules, a wake-up that is lost if the waker is preempted...) fails
//! here loudly instead of once in a while.
//!
//! Skipped: the goldens whose header fixes a switch policy itself
//! (`--switch-ticks` or `--switch-interval`). Those show a race on purpose
//! (lost updates, who printed first): their output *is* the interleaving,
//! so it rightly changes with the policy.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use conc::golden::{self, Settings};
use libtest_mimic::{Arguments, Failed, Trial};

/// Where the thread goldens are.
const DIRS: &[&str] = &["tests/threads", "scripts/lessons/threads", "scripts/demos"];

/// Header flags that fix the switch policy.
const POLICY_FLAGS: &[&str] = &["--switch-ticks", "--switch-interval"];

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = Arc::new(PathBuf::from(env!("CARGO_BIN_EXE_conc")));
    let settings = Arc::new(Settings {
        extra_flags: vec!["--switch-ticks".into(), "1".into()],
        bless: false,
    });
    let dirs: Vec<PathBuf> = DIRS.iter().map(|d| root.join(d)).collect();
    let cases = match golden::discover(&dirs) {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("can't find the thread goldens: {e}");
            std::process::exit(2);
        }
    };
    let trials = cases
        .into_iter()
        .map(|case| {
            let name = case.name_relative_to(root);
            let fixed = fixes_switch_policy(&case.script);
            let (binary, settings) = (binary.clone(), settings.clone());
            Trial::test(name, move || {
                golden::run_case(&binary, &case, &settings).map_err(Failed::from)
            })
            .with_ignored_flag(fixed)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// Does the script's header set a switch policy of its own?
fn fixes_switch_policy(script: &Path) -> bool {
    let source = std::fs::read_to_string(script).unwrap_or_default();
    golden::parse_header(&source)
        .map(|h| h.flags.iter().any(|f| POLICY_FLAGS.contains(&f.as_str())))
        .unwrap_or(false)
}
