//! Typed async client for the Seam Connect API.
//!
//! The crate has two halves that meet at this file:
//! - [`runtime`] is hand-written: HTTP, auth, errors, retries, pagination, validation.
//! - `generated` is written only by `cargo xtask codegen` from `spec/openapi.json`:
//!   [`types`] (every schema), request/response types and one method per endpoint,
//!   grouped by route (`client.connected_accounts().update(..)`).

pub mod runtime;

pub use runtime::{Auth, Error, SeamClient, SeamClientBuilder};
