//! talkgen's integration tests, one module per area, built as a single test binary (as mdBook
//! does with `tests/testsuite/`): one link step instead of one per file, and the helpers in
//! `support/` are checked for dead code like any other code.
//!
//! Every test runs the real `talkgen` binary in a child process (or the library on its own
//! folder), with its environment passed through `Command::env` and its own temp folders and
//! ports, so the tests can share this process.

mod support;

mod bad_input;
mod build;
mod build_errors;
mod calendars;
mod cards;
mod check;
mod cli_site;
mod completion;
mod docs_examples;
mod example;
mod hostile_import;
mod hostile_paths;
mod hostile_scale;
mod hostile_serve;
mod hostile_yaml;
mod import_zone;
mod init_cli;
mod init_new;
mod init_site;
mod interop_export;
mod interop_import;
mod interop_reimport;
mod man_pages;
mod messages;
mod offline;
mod outputs_example;
mod outputs_fixtures;
mod planner;
mod programme_checks;
mod release;
mod search;
mod serve_http;
mod serve_incremental;
mod serve_watch;
mod site_keys;
mod synth;
mod versions;
