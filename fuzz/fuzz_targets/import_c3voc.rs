//! The c3voc schedule JSON reader (pretalx and frab `schedule.json`, versions 1 and 2): any
//! bytes give a program or diagnostics naming the file, never a panic (see import_common.rs).
//! The first byte picks the system, as pretalx and frab read ids and texts differently.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkgen::import::System;

#[path = "import_common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let system = if selector % 2 == 0 {
        System::Pretalx
    } else {
        System::Frab
    };
    common::check(system, "schedule.json", bytes);
});
