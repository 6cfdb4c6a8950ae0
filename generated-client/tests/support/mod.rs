//! Shared helpers for the integration tests in this directory.
//!
//! Each test file that needs them declares `mod support;`. Not every file uses
//! every helper, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod fake_seam;
