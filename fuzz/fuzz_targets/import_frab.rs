//! frab's `schedule.xml` reader (also written by pretalx): any bytes give a program or
//! diagnostics naming the file, never a panic (see import_common.rs). The first byte picks the
//! system, as pretalx and frab read texts differently.
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
        System::Frab
    } else {
        System::Pretalx
    };
    // The reader is chosen by the text: XML when it starts with `<`. Make sure it is XML.
    let mut xml = Vec::with_capacity(bytes.len().saturating_add(1));
    if !bytes.starts_with(b"<") {
        xml.push(b'<');
    }
    xml.extend_from_slice(bytes);
    common::check(system, "schedule.xml", &xml);
});
