//! Sending a request: URL, headers, auth placement, retries with backoff, timeouts.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE, RETRY_AFTER};

use super::super::generated::settings;
use super::client::Client;
use super::error::Error;
use super::request::Request;
use super::retry::{backoff, is_retryable_status, parse_retry_after};

/// The last attempt's response, fully read: a 2xx, or an error response not retried.
pub(crate) struct Done {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// One attempt's response, before it is judged.
struct Attempt {
    status: u16,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

impl Client {
    fn url(&self, request: &Request) -> String {
        let inner = &*self.inner;
        let sep = if request.path.starts_with('/') {
            ""
        } else {
            "/"
        };
        let mut url = format!("{}{sep}{}", inner.base_url, request.path);
        let query: Vec<String> = request
            .query
            .iter()
            .cloned()
            .chain(inner.auth.query())
            .collect();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query.join("&"));
        }
        url
    }

    /// Send the request, retrying connection errors, 429 and 5xx as configured.
    pub(crate) async fn execute<E>(&self, request: &Request) -> Result<Done, Error<E>> {
        let inner = &*self.inner;
        let url = self.url(request);
        let mut attempt: u32 = 0;
        loop {
            let can_retry = attempt < inner.max_retries;
            match self.attempt(&url, request).await {
                Ok(raw) if can_retry && is_retryable_status(raw.status) => {
                    let delay = match raw.retry_after {
                        Some(after) => after.min(inner.max_retry_delay),
                        None => backoff(inner.retry_base_delay, inner.max_retry_delay, attempt),
                    };
                    tokio::time::sleep(delay).await;
                }
                Ok(raw) => {
                    return Ok(Done {
                        status: raw.status,
                        request_id: raw.request_id,
                        body: raw.body,
                    })
                }
                Err(e) => {
                    let transient =
                        e.is_timeout() || e.is_connect() || e.is_request() || e.is_body();
                    if can_retry && transient {
                        tokio::time::sleep(backoff(
                            inner.retry_base_delay,
                            inner.max_retry_delay,
                            attempt,
                        ))
                        .await;
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
    async fn attempt(&self, url: &str, request: &Request) -> Result<Attempt, reqwest::Error> {
        let inner = &*self.inner;
        let mut builder = inner
            .http
            .request(request.method.clone(), url)
            .headers(inner.headers.clone())
            .timeout(inner.timeout);
        for (name, value) in &request.headers {
            if let (Ok(n), Ok(v)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                builder = builder.header(n, v);
            }
        }
        let cookies: Vec<String> = request
            .cookies
            .iter()
            .cloned()
            .chain(inner.auth.cookies())
            .collect();
        if !cookies.is_empty() {
            if let Ok(v) = HeaderValue::from_str(&cookies.join("; ")) {
                builder = builder.header(COOKIE, v);
            }
        }
        if let Some(accept) = request
            .accept
            .as_deref()
            .and_then(|a| HeaderValue::from_str(a).ok())
        {
            builder = builder.header(ACCEPT, accept);
        }
        if let Some(body) = &request.body {
            if let Ok(ct) = HeaderValue::from_str(&body.content_type) {
                builder = builder.header(CONTENT_TYPE, ct);
            }
            builder = builder.body(body.bytes.clone());
        }
        let resp = builder.send().await?;
        let status = resp.status().as_u16();
        let headers = resp.headers();
        let request_id = settings::REQUEST_ID_HEADER
            .and_then(|h| headers.get(h))
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
}
