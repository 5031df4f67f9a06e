//! The front-matter splitter: any bytes are decoded and split without panicking, and a split
//! gives back parts of the text whose line numbers add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkgen::load::{decode, split};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else { return };
    assert!(!text.contains('\r'), "a CR survived decoding");
    if let Ok(s) = split(&text) {
        // Both parts are slices of the text, in order, and the body starts on the line after
        // the closing fence.
        let yaml_at = s.yaml.as_ptr() as usize - text.as_ptr() as usize;
        let body_at = s.body.as_ptr() as usize - text.as_ptr() as usize;
        assert!(yaml_at <= body_at && body_at <= text.len());
        let lines_before_body = text[..body_at].matches('\n').count();
        assert!(
            s.body_first_line == lines_before_body + 1
                || (s.body.is_empty() && s.body_first_line == lines_before_body + 2),
            "body_first_line {} but {} lines before the body",
            s.body_first_line,
            lines_before_body
        );
        assert_eq!(s.yaml_first_line, 2);
        assert!(
            !s.yaml.lines().any(|l| l.trim_end() == "---"),
            "a fence inside the YAML part"
        );
    }
});
