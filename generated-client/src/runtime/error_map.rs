//! Non-2xx responses → typed errors, by the API's error body shape (from the codegen config).

use super::auth::Auth;
use super::error::{body_excerpt, Error};

/// Where an API puts its error details: `{<object>: {<type_field>, <message_field>, ..}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorShape {
    /// Property of the body holding the error object.
    pub object: &'static str,
    /// Property of the error object holding the error type.
    pub type_field: &'static str,
    /// Property of the error object holding the message.
    pub message_field: &'static str,
    /// Error type of a 400 that is [`Error::InvalidInput`].
    pub invalid_input_type: &'static str,
    /// Property of the error object holding validation details.
    pub details_field: &'static str,
    /// Error types ending with this are [`Error::NotFound`] (as is any 404).
    pub not_found_suffix: &'static str,
}

/// Map a non-2xx response to a typed error.
pub(crate) fn error_from_response<E>(
    shape: Option<&ErrorShape>,
    auth: &Auth,
    status: u16,
    request_id: Option<String>,
    body: &[u8],
) -> Error<E> {
    let api_error = shape.and_then(|shape| {
        let mut parsed = serde_json::from_slice::<serde_json::Value>(body).ok()?;
        let error = parsed.get_mut(shape.object).map(serde_json::Value::take)?;
        error
            .get(shape.type_field)
            .is_some_and(serde_json::Value::is_string)
            .then_some((shape, error))
    });

    let Some((shape, error)) = api_error else {
        if status == 401 {
            return Error::Unauthorized {
                request_id,
                message: "the credentials were rejected".to_owned(),
            };
        }
        return Error::Http {
            status,
            request_id,
            body_excerpt: auth.redact(&body_excerpt(body)),
        };
    };

    let error = auth.redact_json(error);
    let str_field = |name: &str| {
        error
            .get(name)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    let error_type = str_field(shape.type_field).unwrap_or_default();
    let message = str_field(shape.message_field).unwrap_or_default();
    let request_id = request_id.or_else(|| str_field("request_id"));

    if status == 401 {
        Error::Unauthorized {
            request_id,
            message,
        }
    } else if status == 400 && error_type == shape.invalid_input_type {
        let details = match error.get(shape.details_field) {
            Some(v) if !v.is_null() => v.clone(),
            _ => error.clone(),
        };
        Error::InvalidInput {
            message,
            request_id,
            details,
        }
    } else if status == 404 || error_type.ends_with(shape.not_found_suffix) {
        Error::NotFound {
            status,
            error_type,
            message,
            request_id,
        }
    } else {
        Error::Api {
            status,
            error_type,
            message,
            request_id,
            error: Box::new(error),
        }
    }
}
