//! Cursor pagination over list endpoints.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::client::Client;
use super::error::Error;

/// One page of a paginated list response.
pub trait Page: DeserializeOwned {
    /// The type of the listed items.
    type Item;

    /// Split the page into its items and the cursor of the next page
    /// (`None` when the response says there is no next page).
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

/// A list request that can ask for a specific page. It is validated (like every
/// request) before the first page is fetched.
pub trait CursorRequest: Serialize + Clone + super::validate::Validate {
    /// A copy of this request asking for the page at `cursor` (sent as `page_cursor`).
    fn with_page_cursor(&self, cursor: String) -> Self;
}

enum Next {
    /// Fetch the first page (the request as given).
    First,
    /// Fetch the page at this cursor.
    Cursor(String),
    /// No page left to fetch.
    Done,
}

struct State<Req, Item> {
    client: Client,
    path: &'static str,
    request: Req,
    buffer: VecDeque<Item>,
    next: Next,
}

type StepFuture<Req, Item> =
    Pin<Box<dyn Future<Output = Option<(Result<Item, Error>, State<Req, Item>)>> + Send>>;

fn step<Req, P>(mut state: State<Req, P::Item>) -> StepFuture<Req, P::Item>
where
    Req: CursorRequest + Send + Sync + 'static,
    P: Page + Send + 'static,
    P::Item: Send + 'static,
{
    Box::pin(async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            let sent_cursor = match std::mem::replace(&mut state.next, Next::Done) {
                Next::Done => return None,
                Next::First => None,
                Next::Cursor(c) => Some(c),
            };
            let page: Result<P, Error> = match &sent_cursor {
                None => {
                    state
                        .client
                        .post_validated(state.path, &state.request)
                        .await
                }
                Some(c) => {
                    let req = state.request.with_page_cursor(c.clone());
                    state.client.post_json(state.path, &req).await
                }
            };
            match page {
                // After an error the stream ends (`next` is already `Done`).
                Err(e) => return Some((Err(e), state)),
                Ok(page) => {
                    let (items, cursor) = page.into_parts();
                    state.buffer.extend(items);
                    state.next = match cursor {
                        // A server that hands back the cursor it was given would loop forever.
                        Some(c) if Some(&c) != sent_cursor.as_ref() => Next::Cursor(c),
                        _ => Next::Done,
                    };
                }
            }
        }
    })
}

impl Client {
    /// Walk all pages of a list endpoint: post `req` to `path`, yield every item of
    /// the page, then repeat with the page's next cursor until there is none.
    ///
    /// The stream ends after the first error. It stops too if the server returns the
    /// same cursor it was sent. The stream is `Unpin`, so `StreamExt::next` works directly.
    pub fn paginate<Req, P>(
        &self,
        path: &'static str,
        req: Req,
    ) -> impl Stream<Item = Result<P::Item, Error>> + Send + Unpin + 'static
    where
        Req: CursorRequest + Send + Sync + 'static,
        P: Page + Send + 'static,
        P::Item: Send + 'static,
    {
        let state = State {
            client: self.clone(),
            path,
            request: req,
            buffer: VecDeque::new(),
            next: Next::First,
        };
        futures_util::stream::unfold(state, step::<Req, P>)
    }
}
