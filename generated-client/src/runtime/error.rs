//! The error type returned by every client call.

use std::fmt;
use std::time::Duration;

use super::validate::ValidationError;

/// Maximum number of characters of a response body kept in an error.
pub(crate) const BODY_EXCERPT_CHARS: usize = 512;

/// Everything that can go wrong when calling the API. `E` is the type of the error
/// bodies an operation declares ([`Error::Declared`]); any JSON when it declares several.
///
/// Errors never contain the credentials the client was configured with: server
/// supplied text (messages, body excerpts, error objects) is scrubbed of them.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error<E = serde_json::Value> {
    /// The API rejected the credentials (HTTP 401).
    Unauthorized {
        /// Value of the request id response header, if the API has one.
        request_id: Option<String>,
        /// Message from the error body, or a generic message.
        message: String,
    },
    /// The API rejected the request as invalid (HTTP 400 with `error.type == "invalid_input"`).
    InvalidInput {
        /// Message from the error body.
        message: String,
        /// Value of the request id response header, if the API has one.
        request_id: Option<String>,
        /// `error.validation_errors` if the body has it, otherwise the whole `error` object.
        details: serde_json::Value,
    },
    /// A resource was not found (HTTP 404, or an `error.type` ending in `_not_found`).
    NotFound {
        /// HTTP status of the response (usually 404).
        status: u16,
        /// The error type from the body, e.g. `device_not_found`.
        error_type: String,
        /// Message from the error body.
        message: String,
        /// Value of the request id response header, if the API has one.
        request_id: Option<String>,
    },
    /// Any other error reported by the API in its error body shape (for example
    /// `{"error": {"type", "message", ..}}`; the shape comes from the codegen config).
    Api {
        /// HTTP status of the response.
        status: u16,
        /// The error type from the body, e.g. `device_offline`.
        error_type: String,
        /// Message from the error body.
        message: String,
        /// Value of the request id response header, if the API has one.
        request_id: Option<String>,
        /// The whole `error` object of the body (boxed to keep `Error` small).
        error: Box<serde_json::Value>,
    },
    /// A non-2xx response the operation does not declare, whose body is not in the API's
    /// error shape (HTML from a proxy, empty body, ...).
    Http {
        /// HTTP status of the response.
        status: u16,
        /// Value of the request id response header, if the API has one.
        request_id: Option<String>,
        /// The first characters of the body (empty if the body was empty).
        body_excerpt: String,
    },
    /// An error response the operation declares, with its decoded body.
    Declared {
        /// HTTP status of the response.
        status: u16,
        /// Value of the request id response header, if the API has one.
        request_id: Option<String>,
        /// The decoded error body.
        body: E,
    },
    /// The request did not complete within the configured timeout, on every attempt.
    Timeout {
        /// The per-attempt timeout.
        timeout: Duration,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The request could not be sent or its response could not be read.
    Transport {
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },
    /// A 2xx response body could not be decoded into the expected type.
    Decode {
        /// Where in the JSON document decoding failed, e.g. `connected_account.errors[0].created_at`
        /// (`.` for the document root).
        path: String,
        /// What went wrong there.
        message: String,
        /// HTTP status of the response.
        status: u16,
        /// The first characters of the body (empty if the body was empty), with the
        /// client's credentials scrubbed.
        body_excerpt: String,
        /// The whole body as received. Its `Debug` shows only its length, so that
        /// logging the error does not log the body.
        body: RawBody,
    },
    /// The request body could not be serialized to JSON.
    Encode {
        /// What went wrong.
        message: String,
    },
    /// Client-side validation rejected the request; nothing was sent.
    Validation(ValidationError),
    /// The client is misconfigured (bad base URL, missing API key, invalid header value, ...).
    Config(String),
    /// An action attempt finished in its error state.
    ActionAttemptFailed {
        /// The action attempt, as JSON.
        attempt: serde_json::Value,
    },
    /// An action attempt was still pending when the wait timed out.
    ActionAttemptTimeout {
        /// How long was waited.
        timeout: Duration,
        /// The last observed action attempt, as JSON (`null` if none was observed).
        attempt: serde_json::Value,
    },
}

impl<E> Error<E> {
    /// The HTTP status of the response that caused this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { .. } => Some(401),
            Error::InvalidInput { .. } => Some(400),
            Error::NotFound { status, .. }
            | Error::Api { status, .. }
            | Error::Http { status, .. }
            | Error::Declared { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            Error::Transport { source } => source.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The whole body of a 2xx response that could not be decoded ([`Error::Decode`]).
    pub fn body(&self) -> Option<&RawBody> {
        match self {
            Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The request id header of the response that caused this error, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Unauthorized { request_id, .. }
            | Error::InvalidInput { request_id, .. }
            | Error::NotFound { request_id, .. }
            | Error::Api { request_id, .. }
            | Error::Http { request_id, .. }
            | Error::Declared { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

fn write_request_id(f: &mut fmt::Formatter<'_>, request_id: &Option<String>) -> fmt::Result {
    match request_id {
        Some(id) => write!(f, " (request id: {id})"),
        None => Ok(()),
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unauthorized {
                request_id,
                message,
            } => {
                write!(f, "unauthorized (HTTP 401): {message}")?;
                write_request_id(f, request_id)
            }
            Error::InvalidInput {
                message,
                request_id,
                details,
            } => {
                write!(f, "invalid input (HTTP 400): {message}")?;
                if !details.is_null() {
                    write!(f, "; details: {details}")?;
                }
                write_request_id(f, request_id)
            }
            Error::NotFound {
                status,
                error_type,
                message,
                request_id,
            } => {
                write!(f, "not found (HTTP {status}, {error_type}): {message}")?;
                write_request_id(f, request_id)
            }
            Error::Api {
                status,
                error_type,
                message,
                request_id,
                ..
            } => {
                write!(f, "API error (HTTP {status}, {error_type}): {message}")?;
                write_request_id(f, request_id)
            }
            Error::Http {
                status,
                request_id,
                body_excerpt,
            } => {
                if body_excerpt.is_empty() {
                    write!(f, "HTTP {status} with an empty body")?;
                } else {
                    write!(f, "HTTP {status}: {body_excerpt}")?;
                }
                write_request_id(f, request_id)
            }
            Error::Declared {
                status,
                request_id,
                body,
            } => {
                write!(f, "HTTP {status}: {body:?}")?;
                write_request_id(f, request_id)
            }
            Error::Timeout { timeout, attempts } => write!(
                f,
                "request timed out after {} ms ({attempts} attempt{})",
                timeout.as_millis(),
                if *attempts == 1 { "" } else { "s" }
            ),
            Error::Transport { source } => write!(f, "transport error: {source}"),
            Error::Decode {
                path,
                message,
                status,
                body_excerpt,
                ..
            } => write!(
                f,
                "could not decode response (HTTP {status}) at `{path}`: {message}; body starts with: {body_excerpt:?}"
            ),
            Error::Encode { message } => write!(f, "could not encode request body: {message}"),
            Error::Validation(e) => fmt::Display::fmt(e, f),
            Error::Config(message) => write!(f, "client configuration error: {message}"),
            Error::ActionAttemptFailed { attempt } => {
                write!(f, "action attempt failed")?;
                if let Some(id) = attempt.get("action_attempt_id").and_then(|v| v.as_str()) {
                    write!(f, " ({id})")?;
                }
                if let Some(err) = attempt.get("error").filter(|e| !e.is_null()) {
                    let ty = err.get("type").and_then(|v| v.as_str()).unwrap_or("unknown");
                    let msg = err.get("message").and_then(|v| v.as_str()).unwrap_or("");
                    write!(f, ": {ty}: {msg}")?;
                }
                Ok(())
            }
            Error::ActionAttemptTimeout { timeout, attempt } => {
                write!(
                    f,
                    "action attempt still pending after {} ms",
                    timeout.as_millis()
                )?;
                if let Some(id) = attempt.get("action_attempt_id").and_then(|v| v.as_str()) {
                    write!(f, " ({id})")?;
                }
                Ok(())
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // The Display of these already includes their source's message; returning it
            // here too would print it twice in error chains.
            Error::Transport { .. } | Error::Validation(_) => None,
            _ => None,
        }
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

/// A response body kept whole in an error (see [`Error::Decode`]).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct RawBody(Box<[u8]>);

impl RawBody {
    /// The bytes as received.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The body as text (lossy UTF-8).
    pub fn to_text(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.0).ok()
    }
}

impl From<Vec<u8>> for RawBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes.into_boxed_slice())
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawBody({} bytes)", self.0.len())
    }
}

/// First [`BODY_EXCERPT_CHARS`] characters of `bytes` (lossy UTF-8), with `…` appended if cut.
pub(crate) fn body_excerpt(bytes: &[u8]) -> String {
    // A char is at most 4 bytes, so this prefix is enough to produce the excerpt.
    let prefix = bytes.get(..BODY_EXCERPT_CHARS * 4).unwrap_or(bytes);
    let text = String::from_utf8_lossy(prefix);
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(BODY_EXCERPT_CHARS).collect();
    if chars.next().is_some() || prefix.len() < bytes.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_is_char_boundary_safe() {
        let body = "é".repeat(2000);
        let ex = body_excerpt(body.as_bytes());
        assert_eq!(ex.chars().count(), BODY_EXCERPT_CHARS + 1);
        assert!(ex.ends_with('…'));
        assert_eq!(body_excerpt(b""), "");
        assert_eq!(body_excerpt(b"short"), "short");
        // Invalid UTF-8 does not panic.
        let ex = body_excerpt(&[0xff, 0xfe, b'a']);
        assert!(ex.ends_with('a'));
    }
}
