//! Typed async client for the Seam Connect API.
//!
//! The crate has two halves that meet at this file:
//! - [`runtime`] is hand-written: HTTP, auth, errors, retries, pagination, validation.
//! - `generated` is written only by `cargo xtask codegen` from `spec/openapi.json`:
//!   [`types`] (every schema, request and response) and [`routes`] (one method per
//!   endpoint, grouped by route: `client.connected_accounts().update(..)`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), seam_client::Error> {
//! use seam_client::{types, SeamClient};
//!
//! let client = SeamClient::from_env()?;
//! let mut metadata = std::collections::BTreeMap::new();
//! metadata.insert("id".to_string(), Some(types::CustomMetadataValue::String("internalId1".into())));
//! # Ok(())
//! # }
//! ```

pub mod runtime;
mod generated;

pub use generated::{routes, types};
pub use runtime::{Auth, Error, SeamClient, SeamClientBuilder, Timestamp, WaitOptions};
