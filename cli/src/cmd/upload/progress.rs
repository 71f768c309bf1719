//! Upload progress on stderr: one line redrawn on a terminal, a line per tenth otherwise.

use cunxin_core::upload::Progress;
use std::io::{IsTerminal, Write};

pub struct ProgressLine {
    label: String,
    terminal: bool,
    last_tenth: u64,
}

impl ProgressLine {
    pub fn new(label: &str) -> ProgressLine {
        ProgressLine {
            label: label.to_string(),
            terminal: std::io::stderr().is_terminal(),
            last_tenth: 0,
        }
    }

    pub fn show(&mut self, p: Progress) {
        let percent = (p.offset * 100).checked_div(p.length).unwrap_or(100);
        let line = format!(
            "上传 uploading {}: {percent:>3}% ({:.1} / {:.1} MB)",
            self.label,
            p.offset as f64 / 1e6,
            p.length as f64 / 1e6
        );
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let _ = write!(err, "\r{line}");
            if p.offset == p.length {
                let _ = writeln!(err);
            }
        } else if percent / 10 > self.last_tenth || p.offset == p.length {
            self.last_tenth = percent / 10;
            let _ = writeln!(err, "{line}");
        }
    }
}
