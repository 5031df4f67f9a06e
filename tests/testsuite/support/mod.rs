//! Helpers of the test suite: running the real binary on copies of fixture sites (`common`),
//! reading built outputs with real parsers (`outputs`), and driving `talkgen serve` (`serve`).

pub mod common;
pub mod outputs;
pub mod serve;
