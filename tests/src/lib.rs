//! Shared helpers for the codegen tests.
