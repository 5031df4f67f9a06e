//! Splitting a talk or speaker file into its YAML front matter and its Markdown body.

/// The two parts of a `.md` content file, borrowed from the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line (1-based) of the first YAML line, to re-base YAML error positions.
    pub yaml_first_line: usize,
    pub body: &'a str,
    /// File line (1-based) of the first body line.
    pub body_first_line: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    Missing,
    /// The opening `---` has no closing `---`.
    Unterminated,
}

/// Normalises file bytes: UTF-8 only, a leading BOM dropped, CRLF and lone CR turned into LF.
/// Returns the 1-based line and column of the first invalid byte on failure.
pub fn decode(bytes: &[u8]) -> Result<String, (usize, usize)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // A lone CR is a line end too, for YAML and CommonMark alike (and most editors), so it
        // becomes LF as well: line numbers then agree between the parsers and the messages.
        Ok(text) if text.contains('\r') => Ok(text.replace("\r\n", "\n").replace('\r', "\n")),
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
            // Columns count characters; `good` is valid UTF-8 up to the bad byte.
            let col = std::str::from_utf8(&good[line_start..])
                .map_or(good.len() - line_start, |s| s.chars().count());
            Err((line, col + 1))
        }
    }
}

/// [`decode`] of bytes read for the purpose: the usual file (UTF-8, no BOM, LF line ends)
/// becomes its `String` without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.contains(&b'\r') {
        return decode(&bytes);
    }
    String::from_utf8(bytes).map_err(|e| match decode(e.as_bytes()) {
        Err(at) => at,
        // Not reached: the bytes are not UTF-8, so `decode` fails on them too.
        Ok(_) => (1, 1),
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Finds the front matter: the first line is `---`, and it runs to the next line that is `---`.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line_no = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if is_fence(&text[pos..end]) {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_first_line: 2,
                body: &text[body_start..],
                body_first_line: line_no + 1,
            });
        }
        pos = end + 1;
        line_no += 1;
    }
    Err(SplitError::Unterminated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\nBody\n\n---\nmore").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n\n---\nmore");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn dashes_inside_a_value_do_not_close() {
        let s = split("---\ntitle: \"a --- b\"\n---\n").unwrap();
        assert_eq!(s.yaml, "title: \"a --- b\"\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(split("title: a\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::Unterminated));
    }

    #[test]
    fn decode_owned_agrees_with_decode() {
        for bytes in [
            &b"plain\ntext"[..],
            b"\xEF\xBB\xBFa\r\nb",
            b"a\r\r\nb\rc",
            b"ab\ncd\xFFe",
            b"\xFF\xFEa\0",
            b"",
        ] {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn decode_handles_bom_crlf_and_bad_bytes() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb").unwrap(), "a\nb");
        // Found by the frontmatter fuzz target: CR CR LF left a CRLF behind.
        assert_eq!(decode(b"a\r\r\nb\rc").unwrap(), "a\n\nb\nc");
        assert_eq!(decode(b"ab\ncd\xFFe"), Err((2, 3)));
        assert_eq!(decode(b"\xFF\xFEa\0"), Err((1, 1)));
        assert_eq!(
            decode(
                "é\nçé"
                    .as_bytes()
                    .iter()
                    .copied()
                    .chain([0xFF])
                    .collect::<Vec<u8>>()
                    .as_slice()
            ),
            Err((2, 3))
        );
    }
}
