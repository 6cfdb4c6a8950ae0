//! Decoding a JSON response body, reporting where it failed.

use serde::de::DeserializeOwned;

use super::auth::Auth;
use super::error::{body_excerpt, Error};

/// Decode a 2xx body as `R`, reporting the JSON path of any failure. Secrets are
/// scrubbed from the error text.
pub(crate) fn decode_json<R: DeserializeOwned, E>(
    status: u16,
    body: &[u8],
    auth: &Auth,
) -> Result<R, Error<E>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        // Empty body: accept it only if `R` can be built from `null` or `{}`.
        for empty in [&b"null"[..], &b"{}"[..]] {
            if let Ok(r) = serde_json::from_slice::<R>(empty) {
                return Ok(r);
            }
        }
        return Err(Error::Decode {
            path: ".".to_owned(),
            message: "the response body is empty".to_owned(),
            status,
            body_excerpt: String::new(),
        });
    }
    let decode_error = |path: String, message: String| Error::Decode {
        path,
        message: auth.redact(&message),
        status,
        body_excerpt: auth.redact(&body_excerpt(body)),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value: R = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| decode_error(e.path().to_string(), e.inner().to_string()))?;
    de.end()
        .map_err(|e| decode_error(".".to_owned(), e.to_string()))?;
    Ok(value)
}
