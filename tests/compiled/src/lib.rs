//! The generated types of every spec in `tests/fixtures/bugreports/`, compiled with
//! the client runtime: `cases::case_<file stem>::types::<Type>`. `build.rs` runs the
//! generator; `tests/bugreports.rs` decodes each case's documents and checks the
//! decoded values.

#[path = "../../../generated-client/src/runtime/mod.rs"]
pub mod runtime;

/// One module per fixture spec.
#[rustfmt::skip]
pub mod cases {
    include!(concat!(env!("OUT_DIR"), "/cases.rs"));
}
