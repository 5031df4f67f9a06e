//! `talkgen man`: a man page for every command (`talkgen.1`, `talkgen-build.1`, …,
//! `talkgen-new-talk.1`), made from the clap definitions in [`super::args`] so the options cannot
//! drift, plus what clap does not know: a longer description, EXIT STATUS, ENVIRONMENT, EXAMPLES
//! and SEE ALSO. tests/testsuite/man_pages.rs renders each page with groff (no warnings), checks
//! that it names every option `--help` names, and runs every example with `--help`.

use clap::CommandFactory;
use clap_mangen::roff::{bold, roman, Roff};

use super::args::Cli;

/// One man page: its file name (`talkgen-build.1`) and its roff source.
pub(crate) struct Page {
    pub file: String,
    pub roff: Vec<u8>,
}

/// Every command's page, the top-level `talkgen.1` first.
pub(crate) fn pages() -> Vec<Page> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut out = Vec::new();
    collect(&cmd, &mut out);
    out
}

/// The page of `cmd` (built, so it knows its display name `talkgen-new-talk` and its global
/// options), then those of its subcommands.
fn collect(cmd: &clap::Command, out: &mut Vec<Page>) {
    let name = cmd.get_display_name().unwrap_or(cmd.get_name()).to_string();
    let text = text_of(&name);
    let man = clap_mangen::Man::new(cmd.clone())
        .title(name.clone())
        .source(format!("talkgen {}", env!("CARGO_PKG_VERSION")))
        .manual("talkgen manual");
    // Writing into a Vec cannot fail.
    const IN_MEMORY: &str = "writing into memory";
    let mut roff = Vec::new();
    man.render_title(&mut roff).expect(IN_MEMORY);
    // No hyphenation: option names, variables and paths must be read (and copied) whole.
    roff.extend_from_slice(Roff::new().control("nh", []).render().as_bytes());
    man.render_name_section(&mut roff).expect(IN_MEMORY);
    man.render_synopsis_section(&mut roff).expect(IN_MEMORY);
    man.render_description_section(&mut roff).expect(IN_MEMORY);
    let mut extra = Roff::new();
    for paragraph in text.description {
        extra.control("PP", []).text([roman(*paragraph)]);
    }
    roff.extend_from_slice(extra.render().as_bytes());
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut roff).expect(IN_MEMORY);
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut roff).expect(IN_MEMORY);
    }
    roff.extend_from_slice(sections(cmd, &name, &text).render().as_bytes());
    if cmd.get_version().is_some() {
        man.render_version_section(&mut roff).expect(IN_MEMORY);
    }
    out.push(Page {
        file: format!("{name}.1"),
        roff: once_preamble(roff),
    });
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, out);
    }
}

/// The roff crate starts every piece it renders with the same two lines defining `\*(Aq`; a
/// page needs them once, at the top.
fn once_preamble(roff: Vec<u8>) -> Vec<u8> {
    const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let text = String::from_utf8(roff).expect("roff is UTF-8");
    match text.strip_prefix(PREAMBLE) {
        Some(rest) => format!("{PREAMBLE}{}", rest.replace(PREAMBLE, "")).into_bytes(),
        None => text.into_bytes(),
    }
}

/// EXIT STATUS, ENVIRONMENT, EXAMPLES and SEE ALSO of the page `name`.
fn sections(cmd: &clap::Command, name: &str, text: &Text) -> Roff {
    let mut r = Roff::new();
    r.control("SH", ["EXIT STATUS"]);
    // The top-level page gives `--help`'s summary; each command's page says which codes it uses.
    if let Some(summary) = cmd.get_after_help() {
        r.text([roman(format!(
            "{summary} Each command's page says when it gives which."
        ))]);
    }
    for (code, meaning) in text.exit {
        r.control("TP", [])
            .text([bold(*code)])
            .text([roman(*meaning)]);
    }

    r.control("SH", ["ENVIRONMENT"]);
    for (var, meaning) in ENVIRONMENT {
        r.control("TP", [])
            .text([bold(*var)])
            .text([roman(*meaning)]);
    }
    if name == "talkgen-completions" {
        r.control("TP", []).text([bold("COMPLETE")]).text([roman(
            "Set by the completion script (bash, zsh, fish, elvish, powershell): talkgen then \
             prints the candidates for the words after --, or with no words the script itself, \
             and does nothing else. Empty or 0: ignored.",
        )]);
    }
    if name == "talkgen-serve" {
        r.control("TP", []).text([bold("TMPDIR")]).text([roman(
            "Where the preview folder (talkgen-serve-*/site) is made; it is removed when serve \
             stops.",
        )]);
    }

    r.control("SH", ["EXAMPLES"]);
    for (what, command) in text.examples {
        r.control("PP", []).text([roman(*what)]);
        r.control("PP", []).control("RS", ["4"]).control("nf", []);
        for line in command.lines() {
            r.text([roman(line)]);
        }
        r.control("fi", []).control("RE", []);
    }

    r.control("SH", ["SEE ALSO"]);
    let mut see: Vec<String> = std::iter::once("talkgen".to_string())
        .chain(COMMANDS.iter().map(|c| format!("talkgen-{c}")))
        .filter(|p| p != name)
        .collect();
    if name.starts_with("talkgen-new") {
        see.extend(
            ["talk", "speaker", "template"]
                .iter()
                .map(|s| format!("talkgen-new-{s}"))
                .filter(|p| p != name),
        );
    }
    let mut refs = Vec::new();
    for (i, page) in see.iter().enumerate() {
        refs.push(bold(page.clone()));
        refs.push(roman(if i + 1 < see.len() { "(1), " } else { "(1)" }));
    }
    r.text(refs);
    r.control("PP", []).text([roman(
        "The documentation of the site format, the templates, the outputs and deploying is in \
         the docs/ folder of talkgen's repository, ",
    )]);
    r.text([roman(concat!(
        env!("CARGO_PKG_REPOSITORY"),
        "/tree/main/docs"
    ))]);
    r
}

/// The top-level commands, in `--help` order, for SEE ALSO.
const COMMANDS: &[&str] = &[
    "build",
    "check",
    "init",
    "new",
    "completions",
    "man",
    "import",
    "release",
    "serve",
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "NO_COLOR",
        "When set to a non-empty value, no colour is used, even with CLICOLOR_FORCE.",
    ),
    (
        "CLICOLOR_FORCE",
        "When set to a non-empty value, problems and the summary are coloured even when stderr \
         is not a terminal (a CI log that shows colours). CLICOLOR=0 turns colour off.",
    ),
    (
        "SOURCE_DATE_EPOCH",
        "Seconds since 1970 (the reproducible-builds convention): no talk is dated later than \
         this in the calendars (DTSTAMP, LAST-MODIFIED) and the feed, so two builds of the same \
         content write the same files. talkgen release stamps the version with it instead of \
         the current time.",
    ),
];

/// What a page says beyond the clap definitions.
struct Text {
    description: &'static [&'static str],
    exit: &'static [(&'static str, &'static str)],
    /// (what it does, the command line).
    examples: &'static [(&'static str, &'static str)],
}

const EXIT_ANY: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "1",
        "Problems in the content or templates; all of them are listed on stderr, each with file, \
         line and column.",
    ),
    (
        "2",
        "Usage or I/O errors: an unknown option, a folder or file that cannot be read or written, \
         an output folder talkgen refuses to replace.",
    ),
];

const EXIT_NO_CONTENT: &[(&str, &str)] = &[
    ("0", "Success."),
    (
        "2",
        "Usage or I/O errors: an unknown option or value, a folder that cannot be written. A \
         closed stdout (talkgen man | head) is not an error.",
    ),
];

const EXIT_NEW: &[(&str, &str)] = &[
    ("0", "The file was written; its path is printed on stdout."),
    (
        "2",
        "A file with that slug exists (in any subfolder, as .md or .yaml) and is never replaced; \
         an unknown speaker, track or template name (the nearest one is suggested); no slug can \
         be made from the title; no readable content/conference.yaml; usage or I/O errors.",
    ),
];

fn text_of(name: &str) -> Text {
    match name {
        "talkgen" => Text {
            exit: &[],
            description: &[
                "talkgen turns one file per talk and one per speaker (YAML front matter and a \
                 Markdown abstract) into a plain-HTML conference website: an overview, topic \
                 pages, a page per talk, speaker, track, level and tag, the schedule grid, \
                 calendars, feeds and an offline search. Every link works under any base URL.",
                "A site folder holds content/conference.yaml, content/talks/, \
                 content/speakers/, and optionally templates/ (overrides of the built-in theme) \
                 and static/ (files copied verbatim). Each command has its own page: \
                 talkgen-build(1), talkgen-serve(1) and the others listed below.",
                "Results go to stdout; progress, warnings and errors go to stderr. Problems are \
                 shown with the source line and a caret under the mistake.",
            ],
            examples: &[
                (
                    "Start a site, add a speaker, and build it:",
                    "talkgen init my-conference\ncd my-conference\n\
                     talkgen new speaker \"Ada Lovelace\"\ntalkgen build",
                ),
                (
                    "Preview it with live reload while you edit:",
                    "talkgen serve --open",
                ),
                (
                    "Build it for the address it is published at:",
                    "talkgen build --base-url https://example.org/pybay/2016/",
                ),
            ],
        },
        "talkgen-build" => Text {
            description: &[
                "The site is built in a temporary folder beside the output and swapped into \
                 place only when the whole build succeeded: a failed build leaves the previous \
                 output exactly as it was. talkgen replaces only an output folder it created \
                 itself (it leaves a .talkgen-output marker there) or an empty one; --force \
                 overrides that, but never for the site folder, a parent of it, the home folder \
                 or the site's content/, templates/, static/ and src/.",
                "One summary line is printed on stdout: the talks, speakers, tracks and pages \
                 written, the output folder and the time taken. Warnings are printed and fail \
                 the build only with --strict.",
            ],
            exit: EXIT_ANY,
            examples: &[
                ("Build the site in the current folder into public/:", "talkgen build"),
                (
                    "Build for a site published under a sub-path of a domain:",
                    "talkgen build --base-url https://example.org/pybay/2016/",
                ),
                (
                    "Build a copy that can be clicked through opened from disk:",
                    "talkgen build --file-links --output /tmp/conference",
                ),
                (
                    "Fail on warnings too, as a CI job would:",
                    "talkgen build --strict --root site",
                ),
            ],
        },
        "talkgen-check" => Text {
            description: &[
                "Loads and checks the whole site as talkgen build does, reports every problem \
                 and writes nothing. With --format json one JSON document goes to stdout, for \
                 editors and CI (its form is described at https://github.com/talkgen/talkgen/blob/main/docs/diagnostics.md).",
            ],
            exit: &[
                ("0", "No errors (warnings, if any, are printed)."),
                (
                    "1",
                    "Errors were found, or warnings with --strict; all of them are listed.",
                ),
                ("2", "Usage or I/O errors."),
            ],
            examples: &[
                ("Check the site in the current folder:", "talkgen check"),
                (
                    "Give the problems to a script, failing on warnings too:",
                    "talkgen check --strict --format json > problems.json",
                ),
            ],
        },
        "talkgen-init" => Text {
            description: &[
                "Creates a starter site: content/conference.yaml with two tracks and a topic \
                 page, two talks, two speakers and a .gitignore. talkgen init refuses a folder \
                 that holds anything but hidden files; with --force it adds only the starter \
                 files that are missing and lists those it kept. A folder that already has \
                 content/conference.yaml is refused even with --force.",
            ],
            exit: &[
                ("0", "The starter site was written."),
                (
                    "2",
                    "The folder is not empty (without --force) or already holds a site; usage \
                     or I/O errors.",
                ),
            ],
            examples: &[
                ("Create a site in a new folder:", "talkgen init my-conference"),
                (
                    "Add the starter files to the current folder, a fresh git clone:",
                    "talkgen init --force",
                ),
            ],
        },
        "talkgen-new" => Text {
            description: &[
                "Writes one new file: a talk, a speaker, or a copy of a built-in template to \
                 edit. Each has its own page: talkgen-new-talk(1), talkgen-new-speaker(1), \
                 talkgen-new-template(1). talkgen new never replaces a file.",
            ],
            exit: EXIT_NEW,
            examples: &[
                (
                    "Add a speaker, then a talk of theirs:",
                    "talkgen new speaker \"Ada Lovelace\"\n\
                     talkgen new talk \"Notes on the Analytical Engine\" --speaker ada-lovelace",
                ),
                (
                    "Copy the talk page's template to change it:",
                    "talkgen new template talk.html",
                ),
            ],
        },
        "talkgen-new-talk" => Text {
            description: &[
                "Writes content/talks/SLUG.md, the slug made from the title (accented letters \
                 transliterated, so a title with an e-diaeresis gets a plain e). Each --speaker and the --track must exist; a \
                 misspelt slug gets the nearest one suggested. Without --track the talk goes \
                 into the first track of conference.yaml, and the command says so.",
            ],
            exit: EXIT_NEW,
            examples: &[
                (
                    "A talk by two speakers in the track main:",
                    "talkgen new talk \"Tracing in production\" --speaker ada-lovelace \
                     --speaker sam-sample --track main",
                ),
                (
                    "A title that makes a poor slug:",
                    "talkgen new talk \"C++ & C#\" --slug cpp-and-csharp",
                ),
            ],
        },
        "talkgen-new-speaker" => Text {
            description: &[
                "Writes content/speakers/SLUG.md, the slug made from the name (accented letters \
                 transliterated).",
            ],
            exit: EXIT_NEW,
            examples: &[
                (
                    "Add a speaker; the file is content/speakers/grace-hopper.md:",
                    "talkgen new speaker \"Grace Hopper\"",
                ),
                (
                    "Add one to the site in another folder:",
                    "talkgen new speaker \"Ada Lovelace\" --root my-conference",
                ),
            ],
        },
        "talkgen-new-template" => Text {
            description: &[
                "Copies the built-in template NAME into templates/ (style.css into static/), \
                 where it overrides the built-in one; https://github.com/talkgen/talkgen/blob/main/docs/templates.md describes each \
                 template and its variables.",
            ],
            exit: EXIT_NEW,
            examples: &[
                ("Change the talk page:", "talkgen new template talk.html"),
                (
                    "Change the footer of every page:",
                    "talkgen new template partials/footer.html",
                ),
            ],
        },
        "talkgen-completions" => Text {
            description: &[
                "Prints the completion script for the shell on stdout. At each Tab the script \
                 asks talkgen itself (COMPLETE=SHELL talkgen -- WORDS), so besides commands and \
                 options it offers the names of the site being typed in: the speaker slugs for \
                 --speaker (the files in content/speakers/), the track slugs of \
                 content/conference.yaml for --track, and the built-in templates the site has \
                 no copy of yet for new template. The site is --root on the command line, or \
                 the current folder or the nearest one above holding content/conference.yaml; \
                 where there is none, or it cannot be read, nothing is offered and nothing is \
                 printed.",
                "The script calls talkgen by the name or path it was run with. Loading it at \
                 each shell start keeps it in step with the installed talkgen; a script saved \
                 to a file should be written again after upgrading. With --static the script \
                 is self-contained instead: it never runs talkgen, and completes commands and \
                 options but no site names.",
            ],
            exit: EXIT_NO_CONTENT,
            examples: &[
                (
                    "bash, loaded at each shell start (add the line to ~/.bashrc):",
                    "source <(talkgen completions bash)",
                ),
                (
                    "bash, installed as a file:",
                    "talkgen completions bash > ~/.local/share/bash-completion/completions/talkgen",
                ),
                (
                    "zsh, with fpath+=(~/.zfunc) in ~/.zshrc:",
                    "talkgen completions zsh > ~/.zfunc/_talkgen",
                ),
                (
                    "fish:",
                    "talkgen completions fish > ~/.config/fish/completions/talkgen.fish",
                ),
                (
                    "A script that never runs talkgen, e.g. for a package:",
                    "talkgen completions --static bash > talkgen.bash",
                ),
            ],
        },
        "talkgen-man" => Text {
            description: &[
                "Prints the talkgen(1) page as roff on stdout, or with --dir writes a page for \
                 every command: talkgen.1, talkgen-build.1, ..., talkgen-new-talk.1.",
            ],
            exit: EXIT_NO_CONTENT,
            examples: &[
                ("Read the page without installing it:", "talkgen man | man -l -"),
                (
                    "Install every page for your user, then read one:",
                    "talkgen man --dir ~/.local/share/man/man1\nman talkgen-build",
                ),
            ],
        },
        "talkgen-import" => Text {
            description: &[
                "Turns a call-for-papers export (pretalx or frab schedule, Sessionize \"All\" \
                 JSON) into content/conference.yaml and one file per talk and speaker. Run it \
                 again when the CFP changes: talks are matched by their id in the CFP system, \
                 the export's changes are applied, your own edits and keys are kept, and \
                 withdrawn talks are reported. A broken export is refused with every problem \
                 named, and nothing is written. The details: https://github.com/talkgen/talkgen/blob/main/docs/import.md.",
            ],
            exit: EXIT_ANY,
            examples: &[
                (
                    "Import a pretalx schedule into the current site:",
                    "talkgen import pretalx schedule.json",
                ),
                (
                    "See what a newer frab export would change, writing nothing:",
                    "talkgen import frab schedule.xml --dry-run",
                ),
                (
                    "Apply a Sessionize export and remove the talks gone from it:",
                    "talkgen import sessionize all.json --prune --root site",
                ),
            ],
        },
        "talkgen-release" => Text {
            description: &[
                "Freezes the programme as it is now as the next version: writes \
                 content/versions/<n>-<name>.yaml with, per talk, its stable id, slug, title, \
                 time, room, speakers and track. Commit the file with the site. Every build then \
                 writes the changes page (changes/) and its feed (changes.xml), marks the talks \
                 the latest version changed, gives schedule.json and schedule.xml the version's \
                 name, and gives each calendar event a SEQUENCE, so calendars and schedule apps \
                 update their events instead of adding new ones. When nothing changed since the \
                 latest version, nothing is written. https://github.com/talkgen/talkgen/blob/main/docs/versions.md has the workflow.",
            ],
            exit: EXIT_ANY,
            examples: &[
                (
                    "Release the programme after the CFP's second import:",
                    "talkgen import pretalx schedule.json\ntalkgen release \"Second draft\"\ngit add content && git commit -m \"Second draft\"",
                ),
            ],
        },
        "talkgen-serve" => Text {
            description: &[
                "Builds the site into a temporary folder of its own (never your public/), \
                 serves it, and on every save under content/, templates/ or static/ rebuilds \
                 and reloads the open pages. When a save breaks the site, the last good build \
                 stays served and the problems are shown in the terminal and on every open \
                 page. Links use the local address as base URL.",
                "Only requests whose Host is a loopback name or the bound address are \
                 answered. --bind with anything but a loopback address exposes the preview, \
                 drafts included with --drafts, to your network, and serve warns about it. \
                 Ctrl-C or SIGTERM stops it and removes the preview folder.",
            ],
            exit: &[
                ("0", "Stopped with Ctrl-C or SIGTERM."),
                (
                    "2",
                    "The folder is not a talkgen site; the port is busy (an explicit --port) \
                     or no port from 1111 to 1120 is free; usage or I/O errors. A site with \
                     problems is not an error: serve keeps running and shows them.",
                ),
            ],
            examples: &[
                (
                    "Preview the site in the current folder in your browser:",
                    "talkgen serve --open",
                ),
                (
                    "Preview with drafts on any free port:",
                    "talkgen serve --drafts --port 0 --root my-conference",
                ),
            ],
        },
        _ => Text {
            description: &[],
            exit: EXIT_ANY,
            examples: &[],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_its_own_text() {
        let pages = pages();
        let names: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(names.len(), 13, "{names:?}");
        for page in &pages {
            let name = page.file.trim_end_matches(".1");
            assert!(!text_of(name).examples.is_empty(), "{name} has no EXAMPLES");
        }
    }
}
