//! The generated types of every spec in `tests/fixtures/bugreports/`, compiled with
//! the client runtime: `cases::case_<file stem>::types::<Type>`. `build.rs` runs the
//! generator; `tests/bugreports.rs` decodes each case's documents and checks the
//! decoded values.

#[path = "../../../generated-client/src/runtime/mod.rs"]
pub mod runtime;

/// One module per fixture spec (`cases::case_<stem>::types`), and `cases::generated`,
/// the first spec's whole generated code, whose client settings the runtime reads.
#[rustfmt::skip]
pub mod cases {
    include!(concat!(env!("OUT_DIR"), "/cases.rs"));
}

// The runtime reaches its settings as `crate::generated::settings`.
use cases::generated;
