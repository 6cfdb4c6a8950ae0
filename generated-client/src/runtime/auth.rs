//! Credentials and where they go: headers, query parameters, cookies.
//!
//! The generated builder methods (one per security scheme, or per combination the
//! codegen config names) build an [`Auth`] from the spec's `securitySchemes`.

use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

use super::error::Error;

const REDACTED: &str = "<redacted>";

/// One credential, placed as its security scheme declares.
#[derive(Clone, PartialEq, Eq)]
pub enum Credential {
    /// HTTP bearer: `Authorization: Bearer <token>`.
    Bearer(String),
    /// HTTP basic: `Authorization: Basic base64(<username>:<password>)`.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
    /// An API key in a header.
    Header {
        /// Header name.
        name: String,
        /// The key.
        value: String,
    },
    /// An API key in a query parameter.
    Query {
        /// Parameter name.
        name: String,
        /// The key.
        value: String,
    },
    /// An API key in a cookie.
    Cookie {
        /// Cookie name.
        name: String,
        /// The key.
        value: String,
    },
}

/// The credentials a client sends with every request. `Debug` never shows secrets.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Auth {
    credentials: Vec<Credential>,
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for c in &self.credentials {
            match c {
                Credential::Bearer(_) => list.entry(&format_args!("Bearer({REDACTED})")),
                Credential::Basic { username, .. } => {
                    list.entry(&format_args!("Basic({username}, {REDACTED})"))
                }
                Credential::Header { name, .. } => {
                    list.entry(&format_args!("Header({name}: {REDACTED})"))
                }
                Credential::Query { name, .. } => {
                    list.entry(&format_args!("Query({name}={REDACTED})"))
                }
                Credential::Cookie { name, .. } => {
                    list.entry(&format_args!("Cookie({name}={REDACTED})"))
                }
            };
        }
        list.finish()
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

/// Standard base64 with padding (for HTTP basic auth).
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Auth {
    /// No credentials.
    pub fn none() -> Self {
        Self::default()
    }

    /// Add a credential.
    pub fn with(mut self, credential: Credential) -> Self {
        self.credentials.push(credential);
        self
    }

    /// Whether no credential is set.
    pub fn is_empty(&self) -> bool {
        self.credentials.is_empty()
    }

    /// The credentials, in the order they were added.
    pub fn credentials(&self) -> &[Credential] {
        &self.credentials
    }

    fn secrets(&self) -> impl Iterator<Item = &str> {
        self.credentials.iter().map(|c| match c {
            Credential::Bearer(s) => s.as_str(),
            Credential::Basic { password, .. } => password.as_str(),
            Credential::Header { value, .. }
            | Credential::Query { value, .. }
            | Credential::Cookie { value, .. } => value.as_str(),
        })
    }

    /// The headers these credentials add, rejecting empty or non-header-safe values.
    pub(crate) fn headers(&self) -> Result<HeaderMap, Error> {
        let mut map = HeaderMap::new();
        for c in &self.credentials {
            match c {
                Credential::Bearer(token) => {
                    if token.trim().is_empty() {
                        return Err(Error::Config("the bearer token is empty".to_owned()));
                    }
                    map.insert(
                        AUTHORIZATION,
                        sensitive(&format!("Bearer {token}"), "bearer token")?,
                    );
                }
                Credential::Basic { username, password } => {
                    let encoded = base64(format!("{username}:{password}").as_bytes());
                    map.insert(
                        AUTHORIZATION,
                        sensitive(&format!("Basic {encoded}"), "password")?,
                    );
                }
                Credential::Header { name, value } => {
                    if value.trim().is_empty() {
                        return Err(Error::Config(format!(
                            "the value of the `{name}` header is empty"
                        )));
                    }
                    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        Error::Config(format!("`{name}` is not a valid header name"))
                    })?;
                    map.insert(header, sensitive(value, &format!("`{name}` header"))?);
                }
                Credential::Query { .. } | Credential::Cookie { .. } => {}
            }
        }
        Ok(map)
    }

    /// Query pairs (`name=value`, encoded) these credentials add.
    pub(crate) fn query(&self) -> impl Iterator<Item = String> + '_ {
        self.credentials.iter().filter_map(|c| match c {
            Credential::Query { name, value } => Some(format!(
                "{}={}",
                super::request::percent_encode(name),
                super::request::percent_encode(value)
            )),
            _ => None,
        })
    }

    /// Cookies (`name=value`, encoded) these credentials add.
    pub(crate) fn cookies(&self) -> impl Iterator<Item = String> + '_ {
        self.credentials.iter().filter_map(|c| match c {
            Credential::Cookie { name, value } => {
                Some(format!("{name}={}", super::request::percent_encode(value)))
            }
            _ => None,
        })
    }

    /// Replace every occurrence of a secret in server-supplied text.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in self.secrets() {
            if !secret.is_empty() && out.contains(secret) {
                out = out.replace(secret, REDACTED);
            }
        }
        out
    }

    /// Replace every occurrence of a secret in the strings (and keys) of a JSON value.
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
        let auth = Auth::none().with(Credential::Bearer("top_secret".into()));
        assert_eq!(auth.redact("x top_secret y"), "x <redacted> y");
        let v = auth.redact_json(serde_json::json!({"a": ["top_secret"], "top_secret": 1}));
        assert!(!v.to_string().contains("top_secret"));
        assert!(!format!("{auth:?}").contains("top_secret"));
    }

    #[test]
    fn rejects_bad_header_values() {
        let bad = Auth::none().with(Credential::Bearer("bad\nkey".into()));
        assert!(matches!(bad.headers(), Err(Error::Config(m)) if !m.contains("bad")));
        assert!(matches!(
            Auth::none().with(Credential::Bearer(" ".into())).headers(),
            Err(Error::Config(_))
        ));
    }

    #[test]
    fn basic_is_base64() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b""), "");
    }
}
