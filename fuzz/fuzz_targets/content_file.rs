//! The loader on one file: any bytes as a talk, speaker (`.md` and `.yaml`) or conference file
//! give diagnostics, never a panic, and every position named is inside the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use talkgen::load::{check_file, FileKind};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let (kind, name) = match selector % 5 {
        0 => (FileKind::Talk, "content/talks/fuzz.md"),
        1 => (FileKind::Talk, "content/talks/fuzz.yaml"),
        2 => (FileKind::Speaker, "content/speakers/fuzz.md"),
        3 => (FileKind::Speaker, "content/speakers/fuzz.yaml"),
        _ => (FileKind::Conference, "content/conference.yaml"),
    };
    let diags = check_file(kind, Path::new(name), bytes);
    // Lines of the file as talkgen counts them: CRLF, lone CR and LF end a line, and a final
    // line without a line end counts.
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    let lines = text.split(['\n', '\r']).count();
    for d in diags.iter() {
        assert_eq!(d.file, Path::new(name));
        if let Some(p) = d.position {
            assert!(
                p.line >= 1 && p.line <= lines + 1,
                "line {} of a {lines}-line file: {d}",
                p.line
            );
        }
        let _ = d.to_string();
    }
});
