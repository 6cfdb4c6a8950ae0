//! Decoding a JSON response body, reporting where it failed.

use serde::de::{DeserializeOwned, DeserializeSeed};

use super::auth::Auth;
use super::error::{body_excerpt, Error, RawBody};

/// Decode a 2xx body as `R`, reporting the JSON path of any failure. Secrets are
/// scrubbed from the error text; the whole body is kept in the error ([`RawBody`]).
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
    }
    decode_seed(status, body, auth, std::marker::PhantomData::<R>)
}

/// Decode a 2xx body with `seed` (which may read only part of it, see `keyed`),
/// reporting the JSON path of any failure and keeping the whole body in the error.
pub(crate) fn decode_seed<S, V, E>(
    status: u16,
    body: &[u8],
    auth: &Auth,
    seed: S,
) -> Result<V, Error<E>>
where
    S: for<'de> DeserializeSeed<'de, Value = V>,
{
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Decode {
            path: ".".to_owned(),
            message: "the response body is empty".to_owned(),
            status,
            body_excerpt: String::new(),
            body: RawBody::from(body.to_vec()),
        });
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut track = serde_path_to_error::Track::new();
    let result = seed.deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    let (path, message) = match result {
        Ok(value) => match de.end() {
            Ok(()) => return Ok(value),
            Err(e) => (".".to_owned(), e.to_string()),
        },
        Err(e) => (track.path().to_string(), e.to_string()),
    };
    Err(Error::Decode {
        path,
        message: auth.redact(&message),
        status,
        body_excerpt: auth.redact(&body_excerpt(body)),
        body: RawBody::from(body.to_vec()),
    })
}
