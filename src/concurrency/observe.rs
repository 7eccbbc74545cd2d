//! What the scheduler recorded, made readable: the `--gil-stats` table, the
//! Chrome trace-event file of `--trace` (opens in Perfetto or
//! chrome://tracing), and the self-contained SVG of `--timeline`.

use std::fmt::Write;

use crate::vm::sched::{ThreadStats, TraceEvent};

/// The `--gil-stats` table.
pub fn stats_table(stats: &[ThreadStats]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<24} {:>14} {:>12} {:>12} {:>8} {:>10}",
        "thread", "instructions", "GIL held s", "GIL wait s", "forced", "voluntary"
    );
    for s in stats {
        let _ = writeln!(
            out,
            "{:<24} {:>14} {:>12.4} {:>12.4} {:>8} {:>10}",
            truncate(&s.name, 24),
            s.instructions,
            s.held.as_secs_f64(),
            s.waited.as_secs_f64(),
            s.forced_switches,
            s.voluntary_switches
        );
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn json_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Chrome trace-event JSON: one complete ("X") event per interval, one track per thread.
pub fn chrome_trace(events: &[TraceEvent], stats: &[ThreadStats], serials: &[u64]) -> String {
    let mut out = String::from("{\"traceEvents\":[\n");
    let mut first = true;
    for (serial, s) in serials.iter().zip(stats) {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        let _ = write!(
            out,
            "{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":{serial},\"args\":{{\"name\":\"{}\"}}}}",
            json_escape(&s.name)
        );
    }
    for e in events {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        let _ = write!(
            out,
            "{{\"name\":\"{}\",\"ph\":\"X\",\"pid\":1,\"tid\":{},\"ts\":{:.1},\"dur\":{:.1}}}",
            json_escape(&e.what),
            e.thread,
            e.start * 1e6,
            (e.end - e.start).max(0.0) * 1e6
        );
    }
    out.push_str("\n],\"displayTimeUnit\":\"ms\"}\n");
    out
}

/// A self-contained SVG: one row per thread, green where it held the GIL,
/// grey where it was blocked or sleeping.
pub fn svg_timeline(events: &[TraceEvent], stats: &[ThreadStats], serials: &[u64]) -> String {
    let end = events
        .iter()
        .map(|e| e.end)
        .fold(0.0f64, f64::max)
        .max(1e-6);
    let (label_w, width, row_h) = (180.0, 1000.0, 28.0);
    let height = 40.0 + row_h * serials.len() as f64 + 30.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" font-family=\"monospace\" font-size=\"12\">",
        label_w + width + 20.0
    );
    let _ = writeln!(out, "<text x=\"10\" y=\"20\">GIL timeline ({:.3} s): green = holds the GIL, grey = blocked/sleeping</text>", end);
    for (row, (serial, s)) in serials.iter().zip(stats).enumerate() {
        let y = 40.0 + row_h * row as f64;
        let _ = writeln!(
            out,
            "<text x=\"10\" y=\"{}\">{}</text>",
            y + 17.0,
            xml_escape(&s.name)
        );
        let _ = writeln!(
            out,
            "<rect x=\"{label_w}\" y=\"{y}\" width=\"{width}\" height=\"{}\" fill=\"#f4f4f4\"/>",
            row_h - 6.0
        );
        for e in events.iter().filter(|e| e.thread == *serial) {
            let x = label_w + width * e.start / end;
            let w = (width * (e.end - e.start) / end).max(0.5);
            let color = if e.what == "GIL" {
                "#2e9d4a"
            } else {
                "#b0b0b0"
            };
            let _ = writeln!(
                out,
                "<rect x=\"{x:.2}\" y=\"{y}\" width=\"{w:.2}\" height=\"{}\" fill=\"{color}\"><title>{} {:.6}-{:.6}s</title></rect>",
                row_h - 6.0,
                xml_escape(&e.what),
                e.start,
                e.end
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
