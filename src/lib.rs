//! talkgen: a static site generator for conference talk listings.
//!
//! The data goes one way, each stage importing only the ones before it:
//!
//! ```text
//! model ← layout ← load ← render ← exports ← build ← serve, import, scaffold ← the binary
//! ```
//!
//! [`model`] is the validated conference; [`layout`] says where every page and file goes;
//! [`load`] reads `content/` into a [`model::Site`]; [`render`] turns it into HTML pages through
//! Tera; [`exports`] writes the machine-readable files (iCalendar, JSON, Atom, sitemap, search
//! index, c3voc and frab schedules); [`build`] runs the whole way into a [`staging::Staging`]
//! folder swapped into place; [`serve`] rebuilds on every save. Beneath them all: [`diagnostics`]
//! (problems with file and position), [`markdown`], [`fsutil`], [`theme`] (the built-in templates)
//! and [`progress`] (what the library tells its front-end; it never prints). [`release`] freezes
//! the programme as a named version under `content/versions/`, which builds compare with.

pub mod build;
pub mod colors;
pub mod diagnostics;
pub mod exports;
pub mod fsutil;
pub mod i18n;
pub mod import;
pub mod layout;
pub mod load;
pub mod markdown;
pub mod model;
pub mod progress;
pub mod release;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod staging;
pub mod theme;

pub use build::{build, check, load_site, BuildOptions, BuildSummary, CheckOptions};
pub use diagnostics::{Diagnostic, Diagnostics, Error, Result};
pub use progress::{Progress, ProgressHook};
