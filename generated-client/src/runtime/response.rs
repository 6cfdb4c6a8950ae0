//! A successful response of an operation called as declared.

use serde::de::DeserializeOwned;

use super::auth::Auth;
use super::error::Error;

/// A 2xx response, fully read.
#[derive(Debug)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) auth: Auth,
}

impl Response {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Whether the body is empty (or only whitespace).
    pub fn is_empty(&self) -> bool {
        self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// The body decoded from JSON.
    pub fn json<R: DeserializeOwned, E>(&self) -> Result<R, Error<E>> {
        super::decode::decode_json(self.status, &self.body, &self.auth)
    }

    /// The body as text (invalid UTF-8 is an error).
    pub fn text<E>(self) -> Result<String, Error<E>> {
        let status = self.status;
        String::from_utf8(self.body).map_err(|e| Error::Decode {
            path: ".".to_owned(),
            message: format!("the response body is not UTF-8: {e}"),
            status,
            body_excerpt: String::new(),
            body: super::error::RawBody::from(e.into_bytes()),
        })
    }

    /// The body as bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.body
    }
}
