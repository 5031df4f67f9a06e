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
}
