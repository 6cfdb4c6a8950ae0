//! Hand-written runtime used by the generated code.
//!
//! - [`SeamClient`] / [`SeamClientBuilder`]: configuration, auth headers, retries with
//!   backoff, timeouts, error mapping and response decoding.
//! - [`Error`]: every failure, typed; never contains credentials.
//! - [`Page`] / [`CursorRequest`]: cursor pagination via [`SeamClient::paginate`].
//! - [`AttemptState`] / [`WaitOptions`]: polling via [`SeamClient::wait_for_action_attempt`].
//! - [`Id`]: ids as opaque strings; [`Lenient`]: required fields servers leave out.
//! - [`Validate`] / [`Violations`]: client-side checks of request bodies.

pub mod auth;
pub mod client;
pub mod error;
pub mod id;
pub mod keyed;
pub mod lenient;
pub mod number;
pub mod pagination;
pub mod timestamp;
pub mod union;
pub mod validate;
pub mod wait;

pub use auth::Auth;
pub use client::{
    SeamClient, SeamClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_DELAY,
    DEFAULT_RETRY_BASE_DELAY, DEFAULT_TIMEOUT,
};
pub use error::{Error, RawBody};
pub use id::Id;
pub use keyed::PageKeys;
pub use lenient::{is_missing, Lenient, Presence};
pub use number::Number;
pub use pagination::{CursorRequest, Page};
pub use timestamp::Timestamp;
pub use union::{attempt_state, double_option, json_string_field};
pub(crate) use union::{string_enum, tagged_union};
pub use validate::{join_path, Validate, ValidationError, Violation, Violations};
pub use wait::{AttemptState, WaitOptions};
