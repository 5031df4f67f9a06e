//! `talkgen import`: a call-for-papers export (pretalx, frab, Sessionize) → talk and speaker files.
//!
//! Each reader turns its format into one neutral [`Program`], collecting every problem it finds
//! with the entry it belongs to. [`plan()`] then merges the program into the site's files (keeping
//! what the organiser wrote by hand) and checks that the result loads; only then does
//! [`Plan::apply`] write. Nothing is written unless the whole export is valid.
//!
//! Every value here comes from an export or a site's files, so arithmetic is checked and nothing
//! unwraps: a hostile number gets an error naming the file and the field, never a panic. Where
//! an `allow` is right (a bounded counter), it says why.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used
)]

pub mod c3voc;
pub mod frab_xml;
pub mod sessionize;

mod apply;
mod conference;
mod fields;
mod files;
mod merge;
mod plan;
mod program;
mod report;
mod slugs;
mod state;
mod zone;

pub use fields::{parse_duration, BadDuration};
pub use merge::{CONFERENCE_KEYS, SPEAKER_KEYS, TALK_KEYS};
pub use plan::{plan, ImportOptions, Plan};
pub use program::{
    check_span, html_to_markdown, is_break_kind, looks_like_html, text_field, BadSpan, Problems,
    Program, SourceBreak, SourceSlot, SourceSpeaker, SourceTalk, SourceTime, System, MAX_MINUTES,
};
pub use report::{Action, Change, Report};
pub use state::STATE_FILE;

use std::path::Path;

use crate::diagnostics::{Diagnostics, Error, Result};

/// The largest export talkgen reads: 32 MiB. Real exports are a few megabytes (a
/// four-day congress with 400 talks is about 3 MB of JSON); reading is bounded so that a huge
/// or endless file (a sparse file, `/dev/zero`) is refused instead of exhausting memory.
pub const MAX_EXPORT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads the export named in `opts` into a [`Program`], with the warnings found.
pub fn read(opts: &ImportOptions) -> Result<(Program, Diagnostics)> {
    use std::io::Read;
    let file = std::fs::File::open(&opts.file).map_err(|e| Error::io(&opts.file, e))?;
    // Read one byte more than allowed, to tell a file of exactly the limit from a larger one;
    // `take` bounds pipes and files that grow while being read, not only what `metadata` says.
    let mut bytes = Vec::new();
    file.take(MAX_EXPORT_BYTES.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&opts.file, e))?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > MAX_EXPORT_BYTES) {
        let mut problems = Problems::new(&opts.file);
        problems.error(format!(
            "the export is larger than {} MiB, the most talkgen reads; is this the \
             schedule export?",
            MAX_EXPORT_BYTES / (1024 * 1024)
        ));
        return problems.into_result(Program::default());
    }
    read_bytes(opts.system, &opts.file, &bytes)
}

/// Reads an export already in memory; `file` names it in messages.
pub fn read_bytes(system: System, file: &Path, bytes: &[u8]) -> Result<(Program, Diagnostics)> {
    let mut problems = Problems::new(file);
    let text = match crate::fsutil::decode(bytes) {
        Ok(t) => t,
        Err((line, col)) => {
            problems.error_at("the export is not valid UTF-8", line, col);
            return problems.into_result(Program::default());
        }
    };
    let is_xml = text.trim_start().starts_with('<');
    let mut program = match system {
        System::Pretalx | System::Frab if is_xml => frab_xml::read(&text, system, &mut problems),
        System::Pretalx | System::Frab => c3voc::read(&text, system, &mut problems),
        System::Sessionize => sessionize::read(&text, &mut problems),
    };
    program.merge_breaks();
    check_program(&program, &mut problems);
    problems.into_result(program)
}

/// Checks that hold for every format: ids unique, talks titled, speakers known.
fn check_program(p: &Program, problems: &mut Problems) {
    let mut seen = std::collections::HashSet::new();
    let speaker_ids: std::collections::HashSet<&str> =
        p.speakers.iter().map(|x| x.id.as_str()).collect();
    for t in &p.talks {
        if !seen.insert(t.id.as_str()) {
            problems.error(format!(
                "talk `{}` (id {}): the id is used by another talk too; ids must be unique",
                t.title, t.id
            ));
        }
        for s in &t.speakers {
            if !speaker_ids.contains(s.as_str()) {
                problems.error(format!(
                    "talk `{}` (id {}): speaker id `{s}` is not in the export's speakers",
                    t.title, t.id
                ));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for s in &p.speakers {
        if !seen.insert(s.id.as_str()) {
            problems.error(format!(
                "speaker `{}` (id {}): the id is used by another speaker too",
                s.name, s.id
            ));
        }
    }
}

/// `talkgen import`: read, merge, check, then write (or only print, with `--dry-run`).
pub fn run(opts: &ImportOptions) -> Result<Report> {
    let (mut program, warnings) = read(opts)?;
    zone::infer(&mut program, &opts.root);
    let plan = plan(&program, opts)?;
    let mut report = plan.report(warnings);
    if !opts.dry_run {
        plan.apply(&opts.root)?;
        report.written = true;
    }
    Ok(report)
}
