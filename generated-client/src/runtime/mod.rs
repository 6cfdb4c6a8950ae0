//! Hand-written runtime used by the generated code, one job per file.
//!
//! - [`Client`] (`client`): shared configuration and the calls generated methods make;
//!   [`ClientBuilder`] (`builder`): credentials, base URL, timeouts, retries.
//! - `transport`: URL, headers, auth placement, retries; `retry`: backoff and `Retry-After`.
//! - [`Request`] / [`Style`] / [`Multipart`] (`request`): parameters per style, bodies per media type.
//! - [`Response`] (`response`), `decode`: success bodies; `error_map`: error bodies → [`Error`].
//! - [`Auth`] / [`Credential`] (`auth`): credentials from the spec's security schemes.
//! - [`Page`] / [`CursorRequest`]: cursor pagination via [`Client::paginate`].
//! - [`AttemptState`] / [`WaitOptions`]: polling via [`Client::wait_for_action_attempt`].
//! - `union`: string enums and evidence unions; `tagged`: tagged unions decoded from raw JSON.
//! - [`Id`]: ids as opaque strings; [`Lenient`]: required fields servers leave out;
//!   `keyed`: decoding only a response's key ([`PageKeys`] for pages).
//! - [`Validate`] / [`Violations`]: client-side checks of request bodies.

pub mod auth;
pub mod builder;
pub mod client;
mod decode;
pub mod error;
pub mod error_map;
pub mod id;
pub mod keyed;
pub mod lenient;
pub mod number;
pub mod pagination;
pub mod request;
pub mod response;
mod retry;
pub mod tagged;
pub mod timestamp;
mod transport;
pub mod union;
pub mod validate;
pub mod wait;

pub use auth::{Auth, Credential};
pub use builder::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY,
    DEFAULT_RETRY_BASE_DELAY, DEFAULT_TIMEOUT,
};
pub use client::Client;
pub use error::{Error, RawBody};
pub use error_map::ErrorShape;
pub use id::Id;
pub use keyed::PageKeys;
pub use lenient::{is_missing, Lenient, Presence};
pub use number::Number;
pub use pagination::{CursorRequest, Page};
pub use request::{path_param, Multipart, Request, Style};
pub use response::Response;
pub use timestamp::Timestamp;
#[allow(unused_imports)]
pub(crate) use union::string_enum;
pub use union::{attempt_state, double_option, json_string_field};
pub use validate::{join_path, Validate, ValidationError, Violation, Violations};
pub use wait::{AttemptState, WaitOptions};
