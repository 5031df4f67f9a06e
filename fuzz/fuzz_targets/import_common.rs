//! What every importer fuzz target asserts about one export, besides "no panic": a refused
//! export names the file in every diagnostic; an accepted one has only slots and breaks that
//! end after they start and last at most 99:59, unique ids, known speakers, and times that
//! convert to slot text in the export's zone.

use std::collections::HashSet;
use std::path::Path;

use talkgen::import::{check_span, read_bytes, System};

pub fn check(system: System, name: &str, bytes: &[u8]) {
    let file = Path::new(name);
    let (program, warnings) = match read_bytes(system, file, bytes) {
        Ok(read) => read,
        Err(talkgen::diagnostics::Error::Content(diags)) => {
            assert!(diags.has_errors());
            for d in diags.iter() {
                assert_eq!(d.file, file, "{d}");
                let _ = d.to_string();
            }
            return;
        }
        Err(e) => panic!("reading an export in memory gave a non-content error: {e}"),
    };
    for d in warnings.iter() {
        assert_eq!(d.file, file, "{d}");
    }
    let tz = program.zone();
    let mut ids = HashSet::new();
    let speakers: HashSet<&str> = program.speakers.iter().map(|s| s.id.as_str()).collect();
    for t in &program.talks {
        assert!(
            !t.id.is_empty() && ids.insert(t.id.as_str()),
            "id {:?}",
            t.id
        );
        assert!(!t.title.trim().is_empty());
        for s in &t.speakers {
            assert!(speakers.contains(s.as_str()), "unknown speaker {s}");
        }
        if let Some(slot) = &t.slot {
            assert_eq!(check_span(slot.start, slot.end), Ok(()), "{slot:?}");
            let _ = slot.start.to_slot_text(tz.as_ref());
            let _ = slot.end.to_slot_text(tz.as_ref());
        }
    }
    for b in &program.breaks {
        assert_eq!(check_span(b.start, b.end), Ok(()), "{b:?}");
        let _ = b.start.to_slot_text(tz.as_ref());
    }
}
