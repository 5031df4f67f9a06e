//! The YAML bounds: any text read as a content file's YAML (`load::bounded_yaml`: size,
//! nesting depth, alias expansion, characters) gives a value or diagnostics, never a panic, a
//! stall or a runaway allocation (libFuzzer's `-timeout` and `-rss_limit_mb` catch those). A
//! value it returns holds no character XML cannot hold and counts within the expansion limit
//! (aliases written out); every diagnostic's line lies inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use talkgen::load::bounded_yaml;
use talkgen::load::yaml_limits::{is_forbidden, Value, MAX_EXPANDED_BYTES};

/// The value's size as the bound counts it, and whether a string in it has a forbidden
/// character. Iterative: the value may nest as deep as serde_yaml allows.
fn measure(v: &Value) -> (usize, bool) {
    let mut cost = 0usize;
    let mut bad = false;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => {
                cost += s.len() + 1;
                bad |= s.chars().any(is_forbidden);
            }
            Value::Sequence(items) => {
                cost += 2;
                stack.extend(items);
            }
            Value::Mapping(map) => {
                cost += 2;
                for (k, v) in map {
                    stack.push(k);
                    stack.push(v);
                }
            }
            Value::Tagged(t) => stack.push(&t.value),
            _ => cost += 1,
        }
    }
    (cost, bad)
}

fuzz_target!(|data: &[u8]| {
    let Ok(yaml) = std::str::from_utf8(data) else {
        return;
    };
    match bounded_yaml(yaml) {
        Ok(v) => {
            let (cost, bad) = measure(&v);
            assert!(!bad, "a forbidden character passed");
            // A Value's tags are not counted by the bound; everything else is, at most once.
            assert!(cost <= MAX_EXPANDED_BYTES, "{cost} bytes expanded");
        }
        Err(diags) => {
            // Lines as talkgen counts them: CRLF, a lone CR and LF each end one.
            let lines = yaml.replace("\r\n", "\n").split(['\n', '\r']).count();
            for d in diags.iter() {
                if let Some(p) = d.position {
                    assert!(p.line >= 1 && p.line <= lines + 1, "{d}");
                }
            }
        }
    }
});
