//! The Sessionize "All" JSON reader: any bytes give a program or diagnostics naming the file,
//! never a panic (see import_common.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkgen::import::System;

#[path = "import_common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::check(System::Sessionize, "all.json", data);
});
