//! Cursor pagination over list endpoints.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::client::Client;
use super::error::Error;
use super::keyed::PageKeys;

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

/// How a page is fetched and split into items and the next cursor.
enum Source<P> {
    /// Decode the whole body as `P` ([`Page`]).
    Whole(std::marker::PhantomData<fn() -> P>),
    /// Decode only the items and the page object ([`PageKeys`]).
    Keys(&'static PageKeys),
}

struct State<Req, Item, P> {
    client: Client,
    path: &'static str,
    request: Req,
    buffer: VecDeque<Item>,
    next: Next,
    source: Source<P>,
}

type StepFuture<Req, Item, P> =
    Pin<Box<dyn Future<Output = Option<(Result<Item, Error>, State<Req, Item, P>)>> + Send>>;

async fn fetch<Req, Item, P>(
    client: &Client,
    path: &'static str,
    request: &Req,
    source: &Source<P>,
    cursor: Option<&String>,
) -> Result<(Vec<Item>, Option<String>), Error>
where
    Req: CursorRequest + Send + Sync + 'static,
    P: Page<Item = Item> + Send + 'static,
    Item: for<'de> Deserialize<'de> + Send + 'static,
{
    // The first request is validated; later ones only change the cursor.
    let next_request;
    let request = match cursor {
        None => {
            request.validate()?;
            request
        }
        Some(c) => {
            next_request = request.with_page_cursor(c.clone());
            &next_request
        }
    };
    match source {
        Source::Whole(_) => client
            .post_json::<_, P>(path, request)
            .await
            .map(Page::into_parts),
        Source::Keys(keys) => client.post_page(path, request, keys).await,
    }
}

fn step<Req, Item, P>(mut state: State<Req, Item, P>) -> StepFuture<Req, Item, P>
where
    Req: CursorRequest + Send + Sync + 'static,
    P: Page<Item = Item> + Send + 'static,
    Item: for<'de> Deserialize<'de> + Send + 'static,
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
            let fetched = fetch(
                &state.client,
                state.path,
                &state.request,
                &state.source,
                sent_cursor.as_ref(),
            )
            .await;
            match fetched {
                // After an error the stream ends (`next` is already `Done`).
                Err(e) => return Some((Err(e), state)),
                Ok((items, cursor)) => {
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

/// The [`Page`] of [`Client::paginate_keys`], which never decodes a whole body.
struct NoPage<Item>(std::marker::PhantomData<Item>);

impl<'de, Item> Deserialize<'de> for NoPage<Item> {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("not decoded as a whole"))
    }
}

impl<Item> Page for NoPage<Item> {
    type Item = Item;
    fn into_parts(self) -> (Vec<Item>, Option<String>) {
        (Vec::new(), None)
    }
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
        P::Item: for<'de> Deserialize<'de> + Send + 'static,
    {
        self.stream(path, req, Source::<P>::Whole(std::marker::PhantomData))
    }

    /// Like [`Client::paginate`], decoding only the items and the page object of
    /// each body, as `keys` names them. A body without a page object is the last page.
    pub fn paginate_keys<Req, Item>(
        &self,
        path: &'static str,
        req: Req,
        keys: &'static PageKeys,
    ) -> impl Stream<Item = Result<Item, Error>> + Send + Unpin + 'static
    where
        Req: CursorRequest + Send + Sync + 'static,
        Item: for<'de> Deserialize<'de> + Send + 'static,
    {
        self.stream(path, req, Source::<NoPage<Item>>::Keys(keys))
    }

    fn stream<Req, Item, P>(
        &self,
        path: &'static str,
        req: Req,
        source: Source<P>,
    ) -> impl Stream<Item = Result<Item, Error>> + Send + Unpin + 'static
    where
        Req: CursorRequest + Send + Sync + 'static,
        P: Page<Item = Item> + Send + 'static,
        Item: for<'de> Deserialize<'de> + Send + 'static,
    {
        let state = State {
            client: self.clone(),
            path,
            request: req,
            buffer: VecDeque::new(),
            next: Next::First,
            source,
        };
        futures_util::stream::unfold(state, step::<Req, Item, P>)
    }
}
