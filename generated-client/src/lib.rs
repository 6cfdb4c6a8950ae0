//! Typed async client for the Seam Connect API.
//!
//! The crate has two halves that meet at this file:
//! - [`runtime`] is hand-written: HTTP, auth, errors, retries, pagination, validation.
//! - `generated` is written only by `cargo xtask codegen` from `spec/openapi.json`:
//!   [`types`] (every schema, request and response) and [`routes`] (one method per
//!   endpoint, grouped by route: `client.connected_accounts().update(..)`).
//!
//! ```no_run
//! # async fn demo(account_id: seam_client::Id) -> Result<(), seam_client::Error> {
//! use std::collections::BTreeMap;
//! use seam_client::{types, SeamClient};
//!
//! let client = SeamClient::from_env()?; // SEAM_API_KEY, optional SEAM_ENDPOINT
//! let mut request = types::ConnectedAccountsUpdateRequest::new(account_id);
//! request.custom_metadata = Some(BTreeMap::from([("id".to_string(), Some("internalId1".into()))]));
//! let account: types::ConnectedAccount = client.connected_accounts().update(request).await?;
//! # Ok(())
//! # }
//! ```

#[rustfmt::skip]
mod generated;
pub mod runtime;

pub use generated::{routes, types, SeamClient, SeamClientBuilder};
pub use runtime::{Auth, Credential, Error, Id, Lenient, Number, Timestamp, WaitOptions};
