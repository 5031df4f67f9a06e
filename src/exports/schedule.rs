//! Writing `schedule.json` and `schedule.xml` together: one [`Schedule`], both files, and the
//! version they share (a digest of the JSON).

use super::programme::{Schedule, UNVERSIONED};
use sha1::{Digest, Sha1};

use super::{c3voc, frab_xml, hex};
use crate::diagnostics::{Error, Result};
use crate::layout::{self, Urls};
use crate::model::Site;
use crate::staging::{FileWriter, Staging};

/// Writes `schedule.json` and `schedule.xml` into `out`, when the site has a schedule. A file
/// of the same name in `static/` replaces the build's own, so it is not written (the JSON is
/// still made: the XML takes its version).
///
/// The two are written at the same time, one per core. The version (a digest of the JSON) is
/// only known once the JSON is written, so both carry a placeholder that is then written over
/// in the head of each file: the 66 MB of a 20,000-talk schedule are made and hashed once.
pub fn write(site: &Site, urls: &Urls, out: &Staging) -> Result<usize> {
    let history = crate::model::versions::History::new(site);
    let Some(schedule) = Schedule::new(site, urls, &history) else {
        return Ok(0);
    };
    // A released version names the schedule: nothing to hash or write over.
    let named = history.is_versioned();
    let (json, xml) = rayon::join(
        || -> Result<(FileWriter, String)> {
            let mut w = out.create(layout::SCHEDULE_JSON)?;
            let version = if named {
                let mut buf = std::io::BufWriter::new(&mut w);
                let written = c3voc::write_json(&schedule, &mut buf).and_then(|()| {
                    use std::io::Write;
                    buf.flush()
                });
                drop(buf);
                written.map_err(|e| Error::io(w.path(), e))?;
                schedule.version.clone()
            } else {
                write_versioned_json(&schedule, &mut w).map_err(|e| Error::io(w.path(), e))?
            };
            Ok((w, version))
        },
        || -> Result<Option<FileWriter>> {
            if site.has_static(layout::SCHEDULE_XML) {
                return Ok(None);
            }
            let mut w = out.create(layout::SCHEDULE_XML)?;
            frab_xml::write_xml(&schedule, &mut w).map_err(|e| Error::io(w.path(), e))?;
            Ok(Some(w))
        },
    );
    let (mut json, version) = json?;
    if !named {
        patch_file(&mut json, JSON_VERSION, &version)?;
    }
    let mut files = 0;
    if site.has_static(layout::SCHEDULE_JSON) {
        out.discard(json)?;
    } else {
        out.finish(json)?;
        files += 1;
    }
    if let Some(mut xml) = xml? {
        if !named {
            patch_file(&mut xml, XML_VERSION, &version)?;
        }
        out.finish(xml)?;
        files += 1;
    }
    Ok(files)
}

/// Streams the c3voc JSON of `schedule` (its version still [`UNVERSIONED`]) into `w`, hashing
/// it on the way, and returns the version: the digest. The caller writes it over the
/// placeholder in what was written ([`patch_version`]).
///
/// The version is the first 12 hex digits of the SHA-1 of the JSON as written with the
/// placeholder: it changes exactly when what apps show changes, and identical builds stay
/// byte-identical.
fn write_versioned_json(schedule: &Schedule, w: impl std::io::Write) -> std::io::Result<String> {
    // The buffer goes before the hash: the serializer's many small writes reach SHA-1 as
    // large blocks (hashing them one by one cost as much as writing the JSON).
    let mut buf = std::io::BufWriter::with_capacity(64 * 1024, Tee(w, Sha1::new()));
    c3voc::write_json(schedule, &mut buf)?;
    let tee = buf.into_inner().map_err(|e| e.into_error())?;
    Ok(hex(&tee.1.finalize()[..6]))
}

/// What comes just before the version's placeholder in each format.
const JSON_VERSION: &str = "\"version\": \"";
const XML_VERSION: &str = "<version>";

/// Writes `version` over the first placeholder after `before` in `head` (the schedule's own
/// version, which comes before any text of the programme). Returns where it wrote, if the
/// placeholder was found.
fn patch_version(head: &mut [u8], before: &str, version: &str) -> Option<usize> {
    let needle = format!("{before}{UNVERSIONED}");
    let at = head
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())?;
    let start = at + before.len();
    head[start..start + version.len()].copy_from_slice(version.as_bytes());
    Some(start)
}

/// [`patch_version`] on the head of a written file.
fn patch_file(w: &mut FileWriter, before: &str, version: &str) -> Result<()> {
    let path = w.path().to_path_buf();
    let file = w.file().map_err(|e| Error::io(&path, e))?;
    patch_head(file, before, version).map_err(|e| Error::io(&path, e))
}

fn patch_head(file: &mut std::fs::File, before: &str, version: &str) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom, Write};
    let mut head = Vec::new();
    file.seek(SeekFrom::Start(0))?;
    Read::by_ref(file).take(4096).read_to_end(&mut head)?;
    if let Some(at) = patch_version(&mut head, before, version) {
        file.seek(SeekFrom::Start(at as u64))?;
        file.write_all(version.as_bytes())?;
    }
    Ok(())
}

/// Writes to `.0` and hashes what it writes.
struct Tee<W>(W, Sha1);

impl<W: std::io::Write> std::io::Write for Tee<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.0.write(buf)?;
        self.1.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_written_over_the_placeholder_only() {
        let mut json = format!(
            "{{\"generator\": {{\"version\": \"0.1.0\"}}, \"version\": \"{UNVERSIONED}\", \"title\": \"\\\"version\\\": \\\"{UNVERSIONED}\\\"\"}}"
        )
        .into_bytes();
        let before = String::from_utf8(json.clone()).unwrap();
        assert!(patch_version(&mut json, JSON_VERSION, "0123456789ab").is_some());
        let after = String::from_utf8(json).unwrap();
        assert_eq!(
            after,
            before.replacen(UNVERSIONED, "0123456789ab", 1),
            "only the first placeholder changes"
        );
        assert!(patch_version(&mut b"{}".to_vec(), JSON_VERSION, "0123456789ab").is_none());
    }
}
