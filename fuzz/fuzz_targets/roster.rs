#![no_main]
//! Any bytes as a roster file (CSV in any encoding, or XLSX): a report or one error, no panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cunxin_core::intake::roster::check_roster_bytes(data.to_vec());
});
