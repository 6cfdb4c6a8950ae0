//! The client: shared configuration, and the entry points generated methods call.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::super::generated::settings;
use super::auth::Auth;
use super::builder::{builder_from_vars, ClientBuilder};
use super::error::Error;
use super::request::Request;
use super::response::Response;
use super::validate::Validate;

/// A client for the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) auth: Auth,
    pub(crate) headers: HeaderMap,
    pub(crate) timeout: Duration,
    pub(crate) max_retries: u32,
    pub(crate) retry_base_delay: Duration,
    pub(crate) max_retry_delay: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct(settings::CLIENT_NAME)
            .field("base_url", &i.base_url)
            .field("auth", &i.auth)
            .field("timeout", &i.timeout)
            .field("max_retries", &i.max_retries)
            .field("retry_base_delay", &i.retry_base_delay)
            .field("max_retry_delay", &i.max_retry_delay)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with the API's main credential (the one the environment variable
    /// holds, see [`Client::from_env`]), talking to the default base URL.
    pub fn new(credential: impl Into<String>) -> Result<Self, Error> {
        settings::with_credential(Self::builder(), credential.into()).build()
    }

    /// A client configured from the environment: the credential variable and the
    /// optional base URL variable named in the codegen config.
    pub fn from_env() -> Result<Self, Error> {
        builder_from_vars(|name| std::env::var(name).ok())?.build()
    }

    /// A builder for a client with non-default settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// POST `body` as JSON to `path` (e.g. `"/connected_accounts/update"`), retrying
    /// transient failures, and decode a 2xx response as `R`. Non-2xx responses become
    /// typed errors. Does not validate `body`; see [`Client::post_validated`].
    pub async fn post_json<B, R>(&self, path: &str, body: &B) -> Result<R, Error>
    where
        B: Serialize + ?Sized + Sync,
        R: DeserializeOwned,
    {
        self.post_raw(path, body).await?.json()
    }

    /// POST `body` as JSON to `path` and return the 2xx response undecoded.
    pub(crate) async fn post_raw<B>(&self, path: &str, body: &B) -> Result<Response, Error>
    where
        B: Serialize + ?Sized + Sync,
    {
        let mut request = Request::new("POST", path.to_owned())?;
        request.json("application/json", body)?;
        self.send::<serde_json::Value>(request, &[]).await
    }

    /// Like [`Client::post_json`], but validates `body` first; an invalid body
    /// returns [`Error::Validation`] and nothing is sent.
    pub async fn post_validated<B, R>(&self, path: &str, body: &B) -> Result<R, Error>
    where
        B: Serialize + Validate + ?Sized + Sync,
        R: DeserializeOwned,
    {
        body.validate()?;
        self.post_json(path, body).await
    }

    /// Like [`Client::post_json`] for operations without a request body (sends `{}`).
    pub async fn post_empty<R: DeserializeOwned>(&self, path: &str) -> Result<R, Error> {
        self.post_json(path, &serde_json::json!({})).await
    }

    /// Send a request built by a generated method, retrying as configured. A 2xx
    /// response is returned; an error response whose status is one of `declared`
    /// (`404`, `4XX`, `default`) and whose body decodes as `E` is [`Error::Declared`];
    /// any other becomes a typed error by the API's error shape.
    pub async fn send<E: DeserializeOwned>(
        &self,
        request: Request,
        declared: &[&str],
    ) -> Result<Response, Error<E>> {
        let inner = &*self.inner;
        let done = self.execute(&request).await?;
        if (200..300).contains(&done.status) {
            return Ok(Response {
                status: done.status,
                body: done.body,
                auth: inner.auth.clone(),
            });
        }
        let matches = |d: &&str| {
            *d == "default"
                || *d == done.status.to_string()
                || (d.len() == 3
                    && d.ends_with("XX")
                    && d.as_bytes()[0] == b'0' + (done.status / 100) as u8)
        };
        if declared.iter().any(matches) {
            if let Ok(body) =
                super::decode::decode_json::<E, E>(done.status, &done.body, &inner.auth)
            {
                return Err(Error::Declared {
                    status: done.status,
                    request_id: done.request_id,
                    body,
                });
            }
        }
        Err(super::error_map::error_from_response(
            settings::ERROR_SHAPE.as_ref(),
            &inner.auth,
            done.status,
            done.request_id,
            &done.body,
        ))
    }
}
