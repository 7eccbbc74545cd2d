//! `conc explore --runs N FILE`: run a script under N seeded schedules
//! (`--seed 0..N`) and report each distinct outcome with a seed that
//! reproduces it — e.g. which seeds lose updates in a race and which do not.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

/// One distinct outcome: the exit status and the combined output.
type Outcome = (i32, String);

/// Run the exploration; prints the report and returns the exit status
/// (0, or 2 when the script could not be run at all).
pub fn explore(conc: &Path, file: &Path, runs: u64) -> i32 {
    let mut outcomes: BTreeMap<Outcome, Vec<u64>> = BTreeMap::new();
    for seed in 0..runs {
        let out = Command::new(conc)
            .arg("run")
            .arg("--seed")
            .arg(seed.to_string())
            .arg(file)
            .stdin(Stdio::null())
            .env("NO_COLOR", "1")
            .output();
        let out = match out {
            Ok(o) => o,
            Err(e) => {
                eprintln!("conc explore: can't run {}: {e}", conc.display());
                return 2;
            }
        };
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        let status = out.status.code().unwrap_or(-1);
        outcomes.entry((status, text)).or_default().push(seed);
    }
    let mut ranked: Vec<(&Outcome, &Vec<u64>)> = outcomes.iter().collect();
    ranked.sort_by_key(|(_, seeds)| std::cmp::Reverse(seeds.len()));
    println!(
        "{} distinct outcome{} in {runs} run{} of {}",
        ranked.len(),
        if ranked.len() == 1 { "" } else { "s" },
        if runs == 1 { "" } else { "s" },
        file.display()
    );
    for (i, ((status, text), seeds)) in ranked.iter().enumerate() {
        let shown: Vec<String> = seeds.iter().take(8).map(|s| s.to_string()).collect();
        let more = if seeds.len() > 8 { ", ..." } else { "" };
        println!(
            "\n== outcome {} ({} run{}, exit status {status}); reproduce with: conc run --seed {} {}",
            i + 1,
            seeds.len(),
            if seeds.len() == 1 { "" } else { "s" },
            seeds[0],
            file.display()
        );
        println!("   seeds: {}{more}", shown.join(", "));
        for line in text.lines().take(20) {
            println!("   | {line}");
        }
        let n = text.lines().count();
        if n > 20 {
            println!("   | ... ({} more lines)", n - 20);
        }
    }
    0
}
