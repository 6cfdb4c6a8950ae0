//! Credentials and the headers they produce.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

use super::error::Error;

const REDACTED: &str = "<redacted>";

/// How the client authenticates to Seam.
///
/// `Debug` never shows secrets.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// A workspace API key (`Authorization: Bearer <key>`).
    ApiKey(String),
    /// A personal access token plus the workspace to act in
    /// (`Authorization: Bearer <token>` and `seam-workspace: <workspace_id>`).
    PersonalAccessToken {
        /// The personal access token.
        token: String,
        /// The workspace the requests act in (not secret).
        workspace_id: String,
    },
    /// A client session token (`Authorization: Bearer <token>` and `client-session-token: <token>`).
    ClientSessionToken(String),
    /// A workspace's publishable key (`seam-publishable-key: <key>`, no `Authorization`),
    /// for `/client_sessions/get_or_create` from apps that hold no secret key.
    PublishableKey(String),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::ApiKey(_) => f.debug_tuple("ApiKey").field(&REDACTED).finish(),
            Auth::PersonalAccessToken { workspace_id, .. } => f
                .debug_struct("PersonalAccessToken")
                .field("token", &REDACTED)
                .field("workspace_id", workspace_id)
                .finish(),
            Auth::ClientSessionToken(_) => f
                .debug_tuple("ClientSessionToken")
                .field(&REDACTED)
                .finish(),
            Auth::PublishableKey(_) => f.debug_tuple("PublishableKey").field(&REDACTED).finish(),
        }
    }
}

fn sensitive(value: &str, what: &str) -> Result<HeaderValue, Error> {
    let mut v = HeaderValue::from_str(value).map_err(|_| {
        Error::Config(format!(
            "the {what} contains characters that are not allowed in an HTTP header"
        ))
    })?;
    v.set_sensitive(true);
    Ok(v)
}

impl Auth {
    /// The secret itself (the key or token).
    fn secret(&self) -> &str {
        match self {
            Auth::ApiKey(s) | Auth::ClientSessionToken(s) | Auth::PublishableKey(s) => s,
            Auth::PersonalAccessToken { token, .. } => token,
        }
    }

    /// Build the headers for this credential, rejecting empty or non-header-safe values.
    pub(crate) fn headers(&self) -> Result<HeaderMap, Error> {
        let what = match self {
            Auth::ApiKey(_) => "API key",
            Auth::PersonalAccessToken { .. } => "personal access token",
            Auth::ClientSessionToken(_) => "client session token",
            Auth::PublishableKey(_) => "publishable key",
        };
        let secret = self.secret();
        if secret.trim().is_empty() {
            return Err(Error::Config(format!("the {what} is empty")));
        }
        let mut map = HeaderMap::new();
        if let Auth::PublishableKey(key) = self {
            map.insert(
                HeaderName::from_static("seam-publishable-key"),
                sensitive(key, what)?,
            );
            return Ok(map);
        }
        map.insert(AUTHORIZATION, sensitive(&format!("Bearer {secret}"), what)?);
        match self {
            Auth::ApiKey(_) | Auth::PublishableKey(_) => {}
            Auth::PersonalAccessToken { workspace_id, .. } => {
                if workspace_id.trim().is_empty() {
                    return Err(Error::Config("the workspace id is empty".to_owned()));
                }
                let ws = HeaderValue::from_str(workspace_id).map_err(|_| {
                    Error::Config(
                        "the workspace id contains characters that are not allowed in an HTTP header"
                            .to_owned(),
                    )
                })?;
                map.insert(HeaderName::from_static("seam-workspace"), ws);
            }
            Auth::ClientSessionToken(token) => {
                map.insert(
                    HeaderName::from_static("client-session-token"),
                    sensitive(token, what)?,
                );
            }
        }
        Ok(map)
    }

    /// Replace every occurrence of the secret in server-supplied text.
    pub(crate) fn redact(&self, text: &str) -> String {
        let secret = self.secret();
        if secret.is_empty() || !text.contains(secret) {
            text.to_owned()
        } else {
            text.replace(secret, REDACTED)
        }
    }

    /// Replace every occurrence of the secret in the strings (and keys) of a JSON value.
    pub(crate) fn redact_json(&self, value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(s) => Value::String(self.redact(&s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.redact_json(v)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (self.redact(&k), self.redact_json(v)))
                    .collect(),
            ),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_strings_and_json() {
        let auth = Auth::ApiKey("seam_secret".into());
        assert_eq!(auth.redact("x seam_secret y"), "x <redacted> y");
        let v = auth.redact_json(serde_json::json!({"a": ["seam_secret"], "seam_secret": 1}));
        assert!(!v.to_string().contains("seam_secret"));
    }

    #[test]
    fn rejects_bad_header_values() {
        assert!(matches!(
            Auth::ApiKey("bad\nkey".into()).headers(),
            Err(Error::Config(m)) if !m.contains("bad")
        ));
        assert!(matches!(
            Auth::ApiKey(" ".into()).headers(),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn publishable_key_header_only() {
        let headers = Auth::PublishableKey("seam_pk1".into()).headers().unwrap();
        assert_eq!(
            headers.get("seam-publishable-key").map(|v| v.as_bytes()),
            Some(&b"seam_pk1"[..])
        );
        assert!(headers.get(AUTHORIZATION).is_none());
        assert_eq!(
            format!("{:?}", Auth::PublishableKey("seam_pk1".into())),
            "PublishableKey(\"<redacted>\")"
        );
    }
}
