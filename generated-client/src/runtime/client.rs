//! The HTTP client: configuration, auth headers, retries, error mapping and decoding.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use super::auth::Auth;
use super::error::{body_excerpt, Error, RawBody};
use super::validate::Validate;

/// Base URL used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://connect.getseam.com";
/// Per-attempt timeout used when none is configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Number of retries used when none is configured.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Base delay of the exponential backoff used when none is configured.
pub const DEFAULT_RETRY_BASE_DELAY: Duration = Duration::from_millis(500);
/// Longest wait between two attempts used when none is configured.
pub const DEFAULT_MAX_RETRY_DELAY: Duration = Duration::from_secs(10);

const REQUEST_ID_HEADER: &str = "seam-request-id";

fn default_user_agent() -> String {
    format!("seam-client-rust/{}", env!("CARGO_PKG_VERSION"))
}

/// A client for the Seam Connect API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct SeamClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Auth,
    headers: HeaderMap,
    timeout: Duration,
    max_retries: u32,
    retry_base_delay: Duration,
    max_retry_delay: Duration,
}

impl fmt::Debug for SeamClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("SeamClient")
            .field("base_url", &i.base_url)
            .field("auth", &i.auth)
            .field("timeout", &i.timeout)
            .field("max_retries", &i.max_retries)
            .field("retry_base_delay", &i.retry_base_delay)
            .field("max_retry_delay", &i.max_retry_delay)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`SeamClient`].
#[derive(Clone)]
pub struct SeamClientBuilder {
    auth: Option<Auth>,
    base_url: Option<String>,
    timeout: Duration,
    max_retries: u32,
    retry_base_delay: Duration,
    max_retry_delay: Duration,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
}

impl Default for SeamClientBuilder {
    fn default() -> Self {
        Self {
            auth: None,
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

impl fmt::Debug for SeamClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeamClientBuilder")
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

impl SeamClientBuilder {
    /// Authenticate with a workspace API key.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.auth = Some(Auth::ApiKey(api_key.into()));
        self
    }

    /// Authenticate with a personal access token acting in `workspace_id`.
    pub fn personal_access_token(
        mut self,
        token: impl Into<String>,
        workspace_id: impl Into<String>,
    ) -> Self {
        self.auth = Some(Auth::PersonalAccessToken {
            token: token.into(),
            workspace_id: workspace_id.into(),
        });
        self
    }

    /// Authenticate with a client session token.
    pub fn client_session_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::ClientSessionToken(token.into()));
        self
    }

    /// Authenticate with any [`Auth`].
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// Override the base URL (default [`DEFAULT_BASE_URL`]). Trailing slashes are ignored.
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

    /// Replace the `User-Agent` header (default `seam-client-rust/<version>`).
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
    pub fn build(self) -> Result<SeamClient, Error> {
        let auth = self.auth.ok_or_else(|| {
            Error::Config(
                "no credentials: set an API key, personal access token or client session token"
                    .to_owned(),
            )
        })?;
        let base_url = normalize_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;

        let mut headers = auth.headers()?;
        let ua = self.user_agent.unwrap_or_else(default_user_agent);
        let ua = HeaderValue::from_str(&ua).map_err(|_| {
            Error::Config(
                "the user agent contains characters that are not allowed in an HTTP header"
                    .to_owned(),
            )
        })?;
        headers.insert(USER_AGENT, ua);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));

        let http = match self.http_client {
            Some(c) => c,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?,
        };

        Ok(SeamClient {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
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
fn normalize_base_url(raw: &str) -> Result<String, Error> {
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

/// Read the client configuration from a variable lookup (the environment in [`SeamClient::from_env`]).
pub(crate) fn builder_from_vars(
    get: impl Fn(&str) -> Option<String>,
) -> Result<SeamClientBuilder, Error> {
    let non_empty = |name: &str| get(name).filter(|v| !v.trim().is_empty());
    let key = non_empty("SEAM_API_KEY").ok_or_else(|| {
        Error::Config("the SEAM_API_KEY environment variable is not set".to_owned())
    })?;
    let mut builder = SeamClient::builder().api_key(key);
    if let Some(endpoint) = non_empty("SEAM_ENDPOINT") {
        builder = builder.base_url(endpoint);
    }
    Ok(builder)
}

/// A successful (2xx) response, fully read.
pub(crate) struct RawResponse {
    status: u16,
    body: Vec<u8>,
}

impl SeamClient {
    /// A client authenticated with an API key, talking to [`DEFAULT_BASE_URL`].
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build()
    }

    /// A client configured from the environment: `SEAM_API_KEY` (required) and
    /// `SEAM_ENDPOINT` (optional base URL override).
    pub fn from_env() -> Result<Self, Error> {
        builder_from_vars(|name| std::env::var(name).ok())?.build()
    }

    /// A builder for a client with non-default settings.
    pub fn builder() -> SeamClientBuilder {
        SeamClientBuilder::default()
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// POST `body` as JSON to `path` (e.g. `"/connected_accounts/update"`), retrying
    /// transient failures, and decode a 2xx response as `R`. Non-2xx responses become
    /// typed errors. Does not validate `body`; see [`SeamClient::post_validated`].
    pub async fn post_json<B, R>(&self, path: &str, body: &B) -> Result<R, Error>
    where
        B: Serialize + ?Sized + Sync,
        R: DeserializeOwned,
    {
        let raw = self.send_json(path, body).await?;
        self.decode(raw)
    }

    /// Encode `body`, send it to `path` (retrying as configured) and return the 2xx response.
    pub(crate) async fn send_json<B>(&self, path: &str, body: &B) -> Result<RawResponse, Error>
    where
        B: Serialize + ?Sized + Sync,
    {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Encode {
            message: e.to_string(),
        })?;
        self.execute(path, bytes).await
    }

    /// Like [`SeamClient::post_json`], but validates `body` first; an invalid body
    /// returns [`Error::Validation`] and nothing is sent.
    pub async fn post_validated<B, R>(&self, path: &str, body: &B) -> Result<R, Error>
    where
        B: Serialize + Validate + ?Sized + Sync,
        R: DeserializeOwned,
    {
        body.validate()?;
        self.post_json(path, body).await
    }

    /// Like [`SeamClient::post_json`] for operations without a request body (sends `{}`).
    pub async fn post_empty<R: DeserializeOwned>(&self, path: &str) -> Result<R, Error> {
        let raw = self.execute(path, b"{}".to_vec()).await?;
        self.decode(raw)
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{}", self.inner.base_url, path)
        } else {
            format!("{}/{}", self.inner.base_url, path)
        }
    }

    /// Send the request, retrying as configured; return the body of a 2xx response.
    async fn execute(&self, path: &str, body: Vec<u8>) -> Result<RawResponse, Error> {
        let inner = &*self.inner;
        let url = self.url(path);
        let mut attempt: u32 = 0;
        loop {
            let can_retry = attempt < inner.max_retries;
            match self.attempt(&url, body.clone()).await {
                Ok(raw) if (200..300).contains(&raw.status) => {
                    return Ok(RawResponse {
                        status: raw.status,
                        body: raw.body,
                    })
                }
                Ok(raw) => {
                    if can_retry && is_retryable_status(raw.status) {
                        let delay = match raw.retry_after {
                            Some(after) => after.min(inner.max_retry_delay),
                            None => self.backoff(attempt),
                        };
                        tokio::time::sleep(delay).await;
                    } else {
                        return Err(self.error_from_response(
                            raw.status,
                            raw.request_id,
                            &raw.body,
                        ));
                    }
                }
                Err(e) => {
                    let transient =
                        e.is_timeout() || e.is_connect() || e.is_request() || e.is_body();
                    if can_retry && transient {
                        tokio::time::sleep(self.backoff(attempt)).await;
                    } else if e.is_timeout() {
                        return Err(Error::Timeout {
                            timeout: inner.timeout,
                            attempts: attempt + 1,
                        });
                    } else {
                        return Err(Error::Transport { source: e });
                    }
                }
            }
            attempt += 1;
        }
    }

    /// One attempt: send and read the whole body.
    async fn attempt(&self, url: &str, body: Vec<u8>) -> Result<Attempt, reqwest::Error> {
        let inner = &*self.inner;
        let resp = inner
            .http
            .post(url)
            .headers(inner.headers.clone())
            .timeout(inner.timeout)
            .body(body)
            .send()
            .await?;
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let request_id = headers
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let retry_after = headers.get(RETRY_AFTER).and_then(parse_retry_after);
        let body = resp.bytes().await?.to_vec();
        Ok(Attempt {
            status,
            request_id,
            retry_after,
            body,
        })
    }

    /// Exponential backoff with full jitter: uniform in `[0, min(max, base * 2^attempt)]`.
    fn backoff(&self, attempt: u32) -> Duration {
        let inner = &*self.inner;
        let factor = 1u32.checked_shl(attempt).unwrap_or(u32::MAX);
        let cap = inner
            .retry_base_delay
            .saturating_mul(factor)
            .min(inner.max_retry_delay);
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=cap_nanos))
    }

    /// Map a non-2xx response to a typed error.
    fn error_from_response(&self, status: u16, request_id: Option<String>, body: &[u8]) -> Error {
        let auth = &self.inner.auth;
        let parsed = serde_json::from_slice::<serde_json::Value>(body).ok();
        let seam_error = parsed
            .and_then(|mut v| v.get_mut("error").map(serde_json::Value::take))
            .filter(|e| e.get("type").is_some_and(serde_json::Value::is_string));

        let Some(error) = seam_error else {
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
        let error_type = str_field("type").unwrap_or_default();
        let message = str_field("message").unwrap_or_default();
        let request_id = request_id.or_else(|| str_field("request_id"));

        if status == 401 {
            Error::Unauthorized {
                request_id,
                message,
            }
        } else if status == 400 && error_type == "invalid_input" {
            let details = match error.get("validation_errors") {
                Some(v) if !v.is_null() => v.clone(),
                _ => error.clone(),
            };
            Error::InvalidInput {
                message,
                request_id,
                details,
            }
        } else if status == 404 || error_type.ends_with("_not_found") {
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

    /// Decode a 2xx body as `R`, reporting the JSON path of any failure.
    fn decode<R: DeserializeOwned>(&self, raw: RawResponse) -> Result<R, Error> {
        if raw.body.iter().all(u8::is_ascii_whitespace) {
            // Empty body: accept it only if `R` can be built from `null` or `{}`.
            for empty in [&b"null"[..], &b"{}"[..]] {
                if let Ok(r) = serde_json::from_slice::<R>(empty) {
                    return Ok(r);
                }
            }
        }
        self.decode_seed(raw, std::marker::PhantomData::<R>)
    }

    /// Decode a 2xx body with `seed`, reporting the JSON path of any failure. A failure
    /// keeps the whole body ([`Error::Decode`]'s `body`).
    pub(crate) fn decode_seed<S, V>(&self, raw: RawResponse, seed: S) -> Result<V, Error>
    where
        S: for<'de> serde::de::DeserializeSeed<'de, Value = V>,
    {
        if raw.body.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::Decode {
                path: ".".to_owned(),
                message: "the response body is empty".to_owned(),
                status: raw.status,
                body_excerpt: String::new(),
                body: RawBody::from(raw.body),
            });
        }
        let mut de = serde_json::Deserializer::from_slice(&raw.body);
        let mut track = serde_path_to_error::Track::new();
        let result = seed.deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
        let failure = match result {
            Ok(value) => match de.end() {
                Ok(()) => return Ok(value),
                Err(e) => (".".to_owned(), e.to_string()),
            },
            Err(e) => (track.path().to_string(), e.to_string()),
        };
        let (path, message) = failure;
        Err(Error::Decode {
            path,
            message: self.inner.auth.redact(&message),
            status: raw.status,
            body_excerpt: self.inner.auth.redact(&body_excerpt(&raw.body)),
            body: RawBody::from(raw.body),
        })
    }
}

/// One attempt's response, before it is judged.
struct Attempt {
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` as delay-seconds or an HTTP date.
fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let s = value.to_str().ok()?.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = s.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Duration::try_from_secs_f64(secs).ok();
        }
        return None;
    }
    let when = chrono::DateTime::parse_from_rfc2822(s).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

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
                Err(Error::Config(m)) => {
                    assert!(!m.contains("secret") && !m.contains("pw"), "{m}")
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn retry_after_parsing() {
        let h = |s: &str| HeaderValue::from_str(s).unwrap();
        assert_eq!(parse_retry_after(&h("3")), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after(&h("0.5")),
            Some(Duration::from_millis(500))
        );
        assert_eq!(parse_retry_after(&h("-1")), None);
        assert_eq!(parse_retry_after(&h("soon")), None);
        assert_eq!(
            parse_retry_after(&h("Sun, 06 Nov 1994 08:49:37 GMT")),
            Some(Duration::ZERO)
        );
        let future = (chrono::Utc::now() + chrono::Duration::seconds(100)).to_rfc2822();
        let d = parse_retry_after(&h(&future)).unwrap();
        assert!(d > Duration::from_secs(90) && d <= Duration::from_secs(100));
    }

    #[test]
    fn backoff_is_bounded() {
        let client = SeamClient::builder()
            .api_key("k")
            .retry_base_delay(Duration::from_millis(100))
            .max_retry_delay(Duration::from_millis(250))
            .build()
            .unwrap();
        for attempt in [0, 1, 2, 40, u32::MAX] {
            let d = client.backoff(attempt);
            assert!(d <= Duration::from_millis(250), "{attempt}: {d:?}");
            if attempt == 0 {
                assert!(d <= Duration::from_millis(100));
            }
        }
    }

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
        assert!(matches!(
            builder_from_vars(vars(&[])),
            Err(Error::Config(m)) if m.contains("SEAM_API_KEY")
        ));
        assert!(matches!(
            builder_from_vars(vars(&[("SEAM_API_KEY", "  ")])),
            Err(Error::Config(_))
        ));
        let c = builder_from_vars(vars(&[("SEAM_API_KEY", "k"), ("SEAM_ENDPOINT", "")]))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(c.base_url(), DEFAULT_BASE_URL);
        let c = builder_from_vars(vars(&[
            ("SEAM_API_KEY", "k"),
            ("SEAM_ENDPOINT", "http://localhost:9/"),
        ]))
        .unwrap()
        .build()
        .unwrap();
        assert_eq!(c.base_url(), "http://localhost:9");
    }
}
