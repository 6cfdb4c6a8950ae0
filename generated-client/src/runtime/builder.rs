//! Configuring a [`Client`]: credentials, base URL, timeouts, retries.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderValue, USER_AGENT};

use super::super::generated::settings;
use super::auth::{Auth, Credential};
use super::client::{Client, Inner};
use super::error::Error;

/// Base URL used when none is configured (the spec's first server), if the spec has one.
pub const DEFAULT_BASE_URL: Option<&str> = settings::DEFAULT_BASE_URL;
/// Per-attempt timeout used when none is configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Number of retries used when none is configured.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Base delay of the exponential backoff used when none is configured.
pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(500);
/// Longest wait between two attempts used when none is configured.
pub const DEFAULT_MAX_RETRY_DELAY: Duration = Duration::from_secs(10);

fn default_user_agent() -> String {
    format!("{}/{}", settings::USER_AGENT, env!("CARGO_PKG_VERSION"))
}

/// Configures and builds a [`Client`]. The credential methods (one per security
/// scheme of the API) are generated.
#[derive(Clone)]
pub struct ClientBuilder {
    auth: Auth,
    base_url: Option<String>,
    timeout: Duration,
    max_retries: u32,
    retry_base_delay: Duration,
    max_retry_delay: Duration,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            auth: Auth::none(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            retry_base_delay: DEFAULT_RETRY_BASE_DELAY,
            max_retry_delay: DEFAULT_MAX_RETRY_DELAY,
            user_agent: None,
            http_client: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(&format!("{}Builder", settings::CLIENT_NAME))
            .field("auth", &self.auth)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("max_retry_delay", &self.max_retry_delay)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.http_client.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// Replace the credentials with `auth`.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Add one credential to those already set.
    pub fn credential(mut self, credential: Credential) -> Self {
        self.auth = self.auth.with(credential);
        self
    }

    /// Override the base URL (default: the spec's first server). Trailing slashes are ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Timeout of one attempt, from sending the request to reading the whole body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed attempt is retried (default 2; 0 disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Base delay of the exponential backoff (default 500 ms).
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// Longest wait between two attempts, also capping `Retry-After` (default 10 s).
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.max_retry_delay = delay;
        self
    }

    /// Replace the `User-Agent` header (default `<client>/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Use this `reqwest` client (for proxies, custom TLS roots, ...). The timeout,
    /// retries and headers configured here still apply to each request.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Check the configuration and build the client.
    pub fn build(self) -> Result<Client, Error> {
        if settings::AUTH_REQUIRED && self.auth.is_empty() {
            return Err(Error::Config(format!(
                "no credentials: set {}",
                settings::CREDENTIALS_HINT
            )));
        }
        let base_url = match self.base_url.as_deref().or(DEFAULT_BASE_URL) {
            Some(url) => normalize_base_url(url)?,
            None => {
                return Err(Error::Config(
                    "no base URL: the spec declares no server, set one".to_owned(),
                ))
            }
        };
        let mut headers = self.auth.headers()?;
        let ua = self.user_agent.unwrap_or_else(default_user_agent);
        let ua = HeaderValue::from_str(&ua).map_err(|_| {
            Error::Config(
                "the user agent contains characters that are not allowed in an HTTP header"
                    .to_owned(),
            )
        })?;
        headers.insert(USER_AGENT, ua);
        let http = match self.http_client {
            Some(c) => c,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth: self.auth,
                headers,
                timeout: self.timeout,
                max_retries: self.max_retries,
                retry_base_delay: self.retry_base_delay,
                max_retry_delay: self.max_retry_delay,
            }),
        })
    }
}

/// Validate a base URL and strip its trailing slashes. The URL itself is left out of
/// error messages, since a malformed one could carry credentials.
pub(crate) fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed)
        .map_err(|e| Error::Config(format!("the base URL is not a valid URL ({e})")))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(Error::Config(format!(
            "the base URL must use http or https, not `{}`",
            url.scheme()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the base URL must not contain credentials".to_owned(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(
            "the base URL must not have a query or fragment".to_owned(),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::Config("the base URL has no host".to_owned()));
    }
    Ok(trimmed.to_owned())
}

/// Read the client configuration from a variable lookup (the environment in
/// [`Client::from_env`]): the credential variable and the base URL variable the
/// codegen config names.
pub(crate) fn builder_from_vars(
    get: impl Fn(&str) -> Option<String>,
) -> Result<ClientBuilder, Error> {
    let non_empty = |name: &str| get(name).filter(|v| !v.trim().is_empty());
    let mut builder = Client::builder();
    if let Some(var) = settings::CREDENTIAL_ENV {
        let value = non_empty(var)
            .ok_or_else(|| Error::Config(format!("the {var} environment variable is not set")))?;
        builder = settings::with_credential(builder, value);
    }
    if let Some(endpoint) = settings::BASE_URL_ENV.and_then(non_empty) {
        builder = builder.base_url(endpoint);
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_vars() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        match settings::CREDENTIAL_ENV {
            // The credential variable is required, and blank counts as unset.
            Some(var) => {
                assert!(
                    matches!(builder_from_vars(vars(&[])), Err(Error::Config(m)) if m.contains(var))
                );
                let blank: &'static [(&'static str, &'static str)] =
                    Box::leak(Box::new([(var, "  ")]));
                assert!(matches!(
                    builder_from_vars(vars(blank)),
                    Err(Error::Config(_))
                ));
            }
            None => assert!(builder_from_vars(vars(&[])).is_ok()),
        }
        if let (Some(key), Some(url)) = (settings::CREDENTIAL_ENV, settings::BASE_URL_ENV) {
            let set: &'static [(&'static str, &'static str)] =
                Box::leak(Box::new([(key, "k"), (url, "http://localhost:9/")]));
            let c = builder_from_vars(vars(set)).unwrap().build().unwrap();
            assert_eq!(c.base_url(), "http://localhost:9");
        }
    }

    #[test]
    fn base_url_normalization() {
        assert_eq!(
            normalize_base_url("https://example.com/").ok().as_deref(),
            Some("https://example.com")
        );
        assert_eq!(
            normalize_base_url("http://127.0.0.1:8080/api//")
                .ok()
                .as_deref(),
            Some("http://127.0.0.1:8080/api")
        );
        for bad in [
            "not a url",
            "ftp://example.com",
            "https://user:pw@example.com",
            "https://example.com?key=secret",
            "",
        ] {
            match normalize_base_url(bad) {
                Err(Error::Config(m)) => assert!(!m.contains("secret") && !m.contains("pw"), "{m}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
