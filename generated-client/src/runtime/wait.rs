//! Polling an action attempt until it leaves its pending state.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::client::Client;
use super::error::Error;

/// Where an action attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttemptState {
    /// Still running; keep polling.
    Pending,
    /// Finished successfully.
    Success,
    /// Finished with an error.
    Error,
}

/// How long and how often to poll an action attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    /// Give up after this long (default 30 s).
    pub timeout: Duration,
    /// Wait this long between two polls (default 500 ms).
    pub poll_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            poll_interval: Duration::from_millis(500),
        }
    }
}

fn to_json<T: Serialize>(attempt: &T) -> serde_json::Value {
    serde_json::to_value(attempt).unwrap_or(serde_json::Value::Null)
}

impl Client {
    /// Poll until an action attempt leaves its pending state.
    ///
    /// Posts `body` to `path` (e.g. `/action_attempts/get`) every `opts.poll_interval`,
    /// decodes the response as `R`, `extract`s the attempt and asks `state` about it:
    /// a successful attempt is returned, a failed one becomes
    /// [`Error::ActionAttemptFailed`], and one still pending after `opts.timeout`
    /// (counting the requests themselves) becomes [`Error::ActionAttemptTimeout`].
    /// Request errors are returned as they are.
    pub async fn wait_for_action_attempt<R, T>(
        &self,
        path: &str,
        body: &serde_json::Value,
        extract: fn(R) -> T,
        state: fn(&T) -> AttemptState,
        opts: &WaitOptions,
    ) -> Result<T, Error>
    where
        R: DeserializeOwned,
        T: Serialize,
    {
        self.poll(
            || async { self.post_json::<_, R>(path, body).await.map(extract) },
            state,
            opts,
        )
        .await
    }

    /// Like [`Client::wait_for_action_attempt`], decoding only the value under
    /// `key` of each response (see [`Client::post_key`]).
    pub async fn wait_for_action_attempt_key<T>(
        &self,
        path: &str,
        body: &serde_json::Value,
        key: &'static str,
        state: fn(&T) -> AttemptState,
        opts: &WaitOptions,
    ) -> Result<T, Error>
    where
        T: DeserializeOwned + Serialize,
    {
        self.poll(|| self.post_key::<_, T>(path, body, key), state, opts)
            .await
    }

    async fn poll<T, F, Fut>(
        &self,
        fetch: F,
        state: fn(&T) -> AttemptState,
        opts: &WaitOptions,
    ) -> Result<T, Error>
    where
        T: Serialize,
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, Error>>,
    {
        let mut last_seen = serde_json::Value::Null;
        let polling = async {
            loop {
                let attempt = fetch().await?;
                match state(&attempt) {
                    AttemptState::Success => return Ok(attempt),
                    AttemptState::Error => {
                        return Err(Error::ActionAttemptFailed {
                            attempt: to_json(&attempt),
                        })
                    }
                    AttemptState::Pending => last_seen = to_json(&attempt),
                }
                tokio::time::sleep(opts.poll_interval).await;
            }
        };
        let outcome = tokio::time::timeout(opts.timeout, polling).await;
        match outcome {
            Ok(result) => result,
            Err(_elapsed) => Err(Error::ActionAttemptTimeout {
                timeout: opts.timeout,
                attempt: last_seen,
            }),
        }
    }
}
