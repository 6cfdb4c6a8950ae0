//! HTTP behaviour of the runtime against a local mock server: auth headers, error
//! mapping, retries, timeouts, decoding, pagination, action-attempt polling and
//! validation before sending.

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use seam_client::runtime::{AttemptState, CursorRequest, Page, Validate, Violations, WaitOptions};
use seam_client::{Auth, Error, SeamClient, SeamClientBuilder};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, header_exists, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "seam_test_SECRET_key_123";

fn builder(server: &MockServer) -> SeamClientBuilder {
    SeamClient::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_secs(5))
        .retry_base_delay(Duration::from_millis(1))
        .max_retry_delay(Duration::from_millis(20))
}

fn client(server: &MockServer) -> SeamClient {
    builder(server).build().unwrap()
}

fn no_retry_client(server: &MockServer) -> SeamClient {
    builder(server).max_retries(0).build().unwrap()
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[derive(Debug, Deserialize, PartialEq)]
struct OkBody {
    ok: bool,
}

fn ok_body() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
}

fn seam_error(status: u16, ty: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("seam-request-id", "req_123")
        .set_body_json(json!({"error": {"type": ty, "message": message}, "ok": false}))
}

// ---------------------------------------------------------------- headers and URLs

#[tokio::test]
async fn api_key_sends_bearer_user_agent_and_json_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/devices/list"))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header(
            "user-agent",
            format!("seam-client-rust/{}", env!("CARGO_PKG_VERSION")).as_str(),
        ))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"device_type": "august_lock"})))
        .respond_with(ok_body())
        .expect(1)
        .mount(&server)
        .await;

    let r: OkBody = client(&server)
        .post_json("/devices/list", &json!({"device_type": "august_lock"}))
        .await
        .unwrap();
    assert_eq!(r, OkBody { ok: true });
    let reqs = server.received_requests().await.unwrap();
    assert!(reqs[0].headers.get("seam-workspace").is_none());
    assert!(reqs[0].headers.get("client-session-token").is_none());
}

#[tokio::test]
async fn personal_access_token_sends_workspace_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/workspaces/get"))
        .and(header("authorization", "Bearer seam_at_pat"))
        .and(header("seam-workspace", "ws_42"))
        .respond_with(ok_body())
        .expect(1)
        .mount(&server)
        .await;

    let c = SeamClient::builder()
        .personal_access_token("seam_at_pat", "ws_42")
        .base_url(server.uri())
        .build()
        .unwrap();
    let r: OkBody = c.post_empty("/workspaces/get").await.unwrap();
    assert!(r.ok);
}

#[tokio::test]
async fn client_session_token_sends_bearer_and_session_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/devices/list"))
        .and(header("authorization", "Bearer seam_cst_tok"))
        .and(header("client-session-token", "seam_cst_tok"))
        .respond_with(ok_body())
        .expect(1)
        .mount(&server)
        .await;

    let c = SeamClient::builder()
        .client_session_token("seam_cst_tok")
        .base_url(server.uri())
        .build()
        .unwrap();
    let r: OkBody = c.post_empty("/devices/list").await.unwrap();
    assert!(r.ok);
    let reqs = server.received_requests().await.unwrap();
    assert!(reqs[0].headers.get("seam-workspace").is_none());
}

#[tokio::test]
async fn custom_user_agent_replaces_default() {
    let server = MockServer::start().await;
    Mock::given(header("user-agent", "my-app/1.0"))
        .respond_with(ok_body())
        .expect(1)
        .mount(&server)
        .await;
    let c = builder(&server).user_agent("my-app/1.0").build().unwrap();
    let _: OkBody = c.post_empty("/x").await.unwrap();
}

#[tokio::test]
async fn base_url_override_trailing_slash_and_prefix() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/locks/get"))
        .respond_with(ok_body())
        .expect(2)
        .mount(&server)
        .await;

    let c = builder(&server)
        .base_url(format!("{}/api//", server.uri()))
        .build()
        .unwrap();
    assert_eq!(c.base_url(), format!("{}/api", server.uri()));
    let _: OkBody = c.post_empty("/locks/get").await.unwrap();
    // A path without a leading slash is joined with one.
    let _: OkBody = c.post_empty("locks/get").await.unwrap();
}

#[test]
fn default_base_url_and_bad_config() {
    let c = SeamClient::new(KEY).unwrap();
    assert_eq!(c.base_url(), "https://connect.getseam.com");

    assert!(matches!(
        SeamClient::builder().build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(SeamClient::new(""), Err(Error::Config(_))));
    assert!(matches!(
        SeamClient::builder().api_key(KEY).base_url("nope").build(),
        Err(Error::Config(_))
    ));
    match SeamClient::new(format!("{KEY}\n")) {
        Err(e @ Error::Config(_)) => assert!(!e.to_string().contains(KEY)),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn post_empty_sends_empty_object() {
    let server = MockServer::start().await;
    Mock::given(body_json(json!({})))
        .respond_with(ok_body())
        .expect(1)
        .mount(&server)
        .await;
    let _: OkBody = client(&server).post_empty("/workspaces/get").await.unwrap();
}

// ---------------------------------------------------------------- error mapping

#[tokio::test]
async fn unauthorized_maps_with_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(seam_error(401, "unauthorized", "Unauthorized"))
        .mount(&server)
        .await;
    let err = client(&server).post_empty::<Value>("/x").await.unwrap_err();
    match &err {
        Error::Unauthorized {
            request_id,
            message,
        } => {
            assert_eq!(request_id.as_deref(), Some("req_123"));
            assert_eq!(message, "Unauthorized");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.request_id(), Some("req_123"));
    assert_eq!(request_count(&server).await, 1, "401 is not retried");
}

#[tokio::test]
async fn unauthorized_with_non_json_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string("nope"))
        .mount(&server)
        .await;
    let err = client(&server).post_empty::<Value>("/x").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Unauthorized {
                request_id: None,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn invalid_input_keeps_validation_details() {
    let server = MockServer::start().await;
    let details = json!({"name": {"_errors": ["String must contain at most 100 character(s)"]}});
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("seam-request-id", "req_400")
                .set_body_json(json!({
                    "error": {
                        "type": "invalid_input",
                        "message": "Invalid input",
                        "validation_errors": details,
                    },
                    "ok": false
                })),
        )
        .mount(&server)
        .await;
    let err = client(&server).post_empty::<Value>("/x").await.unwrap_err();
    match &err {
        Error::InvalidInput {
            message,
            request_id,
            details: d,
        } => {
            assert_eq!(message, "Invalid input");
            assert_eq!(request_id.as_deref(), Some("req_400"));
            assert_eq!(d, &details);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), Some(400));
    assert!(err.to_string().contains("at most 100 character"), "{err}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn invalid_input_without_validation_errors_keeps_error_object() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(seam_error(400, "invalid_input", "bad"))
        .mount(&server)
        .await;
    match client(&server).post_empty::<Value>("/x").await.unwrap_err() {
        Error::InvalidInput { details, .. } => {
            assert_eq!(details, json!({"type": "invalid_input", "message": "bad"}))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn not_found_by_status_and_by_type() {
    let server = MockServer::start().await;
    Mock::given(path("/devices/get"))
        .respond_with(seam_error(404, "device_not_found", "Device not found"))
        .mount(&server)
        .await;
    Mock::given(path("/acs/users/get"))
        .respond_with(seam_error(400, "acs_user_not_found", "ACS user not found"))
        .mount(&server)
        .await;
    let c = client(&server);

    let err = c.post_empty::<Value>("/devices/get").await.unwrap_err();
    match &err {
        Error::NotFound {
            status,
            error_type,
            message,
            request_id,
        } => {
            assert_eq!(*status, 404);
            assert_eq!(error_type, "device_not_found");
            assert_eq!(message, "Device not found");
            assert_eq!(request_id.as_deref(), Some("req_123"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), Some(404));

    let err = c.post_empty::<Value>("/acs/users/get").await.unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { status: 400, error_type, .. } if error_type == "acs_user_not_found"),
        "{err:?}"
    );
}

#[tokio::test]
async fn other_seam_error_maps_to_api() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(409)
                .insert_header("seam-request-id", "req_409")
                .set_body_json(json!({
                    "error": {"type": "device_offline", "message": "Device is offline", "data": {"device_id": "d1"}},
                    "ok": false
                })),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .post_empty::<Value>("/locks/unlock_door")
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status,
            error_type,
            message,
            request_id,
            error,
        } => {
            assert_eq!(*status, 409);
            assert_eq!(error_type, "device_offline");
            assert_eq!(message, "Device is offline");
            assert_eq!(request_id.as_deref(), Some("req_409"));
            assert_eq!(error["data"]["device_id"], "d1");
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("409") && text.contains("device_offline") && text.contains("req_409"),
        "{text}"
    );
}

#[tokio::test]
async fn request_id_falls_back_to_error_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({
            "error": {"type": "conflict", "message": "m", "request_id": "req_body"},
            "ok": false
        })))
        .mount(&server)
        .await;
    let err = client(&server).post_empty::<Value>("/x").await.unwrap_err();
    assert_eq!(err.request_id(), Some("req_body"));
}

#[tokio::test]
async fn html_502_is_http_error_with_excerpt() {
    let server = MockServer::start().await;
    let html = format!("<html><body>Bad Gateway{}</body></html>", "x".repeat(5000));
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("seam-request-id", "req_502")
                .set_body_raw(html, "text/html"),
        )
        .mount(&server)
        .await;
    let err = no_retry_client(&server)
        .post_empty::<Value>("/x")
        .await
        .unwrap_err();
    match &err {
        Error::Http {
            status,
            request_id,
            body_excerpt,
        } => {
            assert_eq!(*status, 502);
            assert_eq!(request_id.as_deref(), Some("req_502"));
            assert!(body_excerpt.starts_with("<html><body>Bad Gateway"));
            assert!(
                body_excerpt.chars().count() <= 513,
                "{}",
                body_excerpt.len()
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn empty_503_is_http_error_with_empty_excerpt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = no_retry_client(&server)
        .post_empty::<Value>("/x")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 503, body_excerpt, .. } if body_excerpt.is_empty()),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(503));
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn json_error_body_without_seam_shape_is_http_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(418).set_body_json(json!({"message": "teapot"})))
        .mount(&server)
        .await;
    let err = client(&server).post_empty::<Value>("/x").await.unwrap_err();
    assert!(
        matches!(&err, Error::Http { status: 418, body_excerpt, .. } if body_excerpt.contains("teapot")),
        "{err:?}"
    );
}

// ---------------------------------------------------------------- retries

/// Responds with `failures` in order, then with `success` forever; counts calls.
fn sequence(
    failures: Vec<ResponseTemplate>,
    success: ResponseTemplate,
) -> (impl Fn(&Request) -> ResponseTemplate, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let f = move |_: &Request| {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        failures.get(n).cloned().unwrap_or_else(|| success.clone())
    };
    (f, calls)
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    let server = MockServer::start().await;
    let (responder, calls) = sequence(
        vec![ResponseTemplate::new(503), ResponseTemplate::new(503)],
        ok_body(),
    );
    Mock::given(method("POST"))
        .respond_with(responder)
        .mount(&server)
        .await;
    let r: OkBody = client(&server).post_empty("/x").await.unwrap();
    assert!(r.ok);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    // The body is re-sent on every attempt.
    for req in server.received_requests().await.unwrap() {
        assert_eq!(req.body, b"{}");
    }
}

#[tokio::test]
async fn retries_500_502_504() {
    let server = MockServer::start().await;
    let (responder, calls) = sequence(
        vec![
            ResponseTemplate::new(500),
            ResponseTemplate::new(502),
            ResponseTemplate::new(504),
        ],
        ok_body(),
    );
    Mock::given(method("POST"))
        .respond_with(responder)
        .mount(&server)
        .await;
    let r: OkBody = builder(&server)
        .max_retries(3)
        .build()
        .unwrap()
        .post_empty("/x")
        .await
        .unwrap();
    assert!(r.ok);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn retry_after_is_honoured_on_429() {
    let server = MockServer::start().await;
    let (responder, calls) = sequence(
        vec![seam_error(429, "rate_limited", "slow down").insert_header("retry-after", "1")],
        ok_body(),
    );
    Mock::given(method("POST"))
        .respond_with(responder)
        .mount(&server)
        .await;
    let c = builder(&server)
        .max_retry_delay(Duration::from_secs(5))
        .build()
        .unwrap();
    let start = Instant::now();
    let r: OkBody = c.post_empty("/x").await.unwrap();
    let elapsed = start.elapsed();
    assert!(r.ok);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}");
}

#[tokio::test]
async fn retry_after_is_capped_by_max_retry_delay() {
    let server = MockServer::start().await;
    let (responder, calls) = sequence(
        vec![ResponseTemplate::new(429).insert_header("retry-after", "3600")],
        ok_body(),
    );
    Mock::given(method("POST"))
        .respond_with(responder)
        .mount(&server)
        .await;
    let c = builder(&server)
        .max_retry_delay(Duration::from_millis(50))
        .build()
        .unwrap();
    let start = Instant::now();
    let r: OkBody = c.post_empty("/x").await.unwrap();
    assert!(r.ok);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn retries_are_capped() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(seam_error(503, "service_unavailable", "down"))
        .mount(&server)
        .await;

    let err = client(&server).post_empty::<Value>("/x").await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(matches!(err, Error::Api { status: 503, .. }), "{err:?}");
    assert_eq!(
        request_count(&server).await,
        3,
        "default: 1 attempt + 2 retries"
    );

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let _ = no_retry_client(&server)
        .post_empty::<Value>("/x")
        .await
        .unwrap_err();
    assert_eq!(
        request_count(&server).await,
        1,
        "max_retries(0) disables retries"
    );

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429))
        .mount(&server)
        .await;
    let c = builder(&server).max_retries(4).build().unwrap();
    let err = c.post_empty::<Value>("/x").await.unwrap_err();
    assert!(matches!(err, Error::Http { status: 429, .. }), "{err:?}");
    assert_eq!(request_count(&server).await, 5);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(seam_error(400, "invalid_input", "bad"))
        .mount(&server)
        .await;
    let _ = client(&server).post_empty::<Value>("/x").await.unwrap_err();
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn timeout_maps_to_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_body().set_delay(Duration::from_secs(1)))
        .mount(&server)
        .await;
    let c = builder(&server)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let start = Instant::now();
    let err = c.post_empty::<Value>("/x").await.unwrap_err();
    let elapsed = start.elapsed();
    assert!(
        matches!(err, Error::Timeout { timeout, attempts: 1 } if timeout == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(elapsed >= Duration::from_millis(190), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(900), "{elapsed:?}");
}

#[tokio::test]
async fn timeouts_are_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_body().set_delay(Duration::from_secs(1)))
        .mount(&server)
        .await;
    let c = builder(&server)
        .timeout(Duration::from_millis(150))
        .max_retries(1)
        .build()
        .unwrap();
    let err = c.post_empty::<Value>("/x").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2, .. }), "{err:?}");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn timeout_then_success_recovers() {
    let server = MockServer::start().await;
    let (responder, calls) = sequence(vec![ok_body().set_delay(Duration::from_secs(1))], ok_body());
    Mock::given(method("POST"))
        .respond_with(responder)
        .mount(&server)
        .await;
    let c = builder(&server)
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let r: OkBody = c.post_empty("/x").await.unwrap();
    assert!(r.ok);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn connection_refused_is_transport_error_after_retries() {
    // Reserve a free port, then close it so nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = SeamClient::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_base_delay(Duration::from_millis(1))
        .max_retries(2)
        .build()
        .unwrap();
    let err = c.post_empty::<Value>("/x").await.unwrap_err();
    match &err {
        Error::Transport { source } => assert!(source.is_connect(), "{source:?}"),
        other => panic!("{other:?}"),
    }
    assert!(!err.to_string().contains(KEY));
    // The cause is in the message itself, and not repeated as `source()` (chains would print it twice).
    assert!(err.to_string().starts_with("transport error: "), "{err}");
    assert!(std::error::Error::source(&err).is_none());
}

// ---------------------------------------------------------------- decoding

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct ConnectedAccountResponse {
    connected_account: ConnectedAccount,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct ConnectedAccount {
    connected_account_id: String,
    errors: Vec<AccountError>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AccountError {
    error_code: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

async fn serve_body(body: impl Into<Vec<u8>>) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.into(), "application/json"))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn decode_error_names_json_path_and_has_excerpt() {
    let body = json!({
        "connected_account": {
            "connected_account_id": "ca_1",
            "errors": [{"error_code": "x", "created_at": 12345}]
        },
        "ok": true
    })
    .to_string();
    let server = serve_body(body.clone()).await;
    let err = client(&server)
        .post_empty::<ConnectedAccountResponse>("/connected_accounts/get")
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            path,
            message,
            status,
            body_excerpt,
            body: raw,
        } => {
            assert_eq!(path, "connected_account.errors[0].created_at");
            assert!(message.contains("invalid type"), "{message}");
            assert_eq!(*status, 200);
            assert_eq!(body_excerpt, &body);
            assert_eq!(raw.as_bytes(), body.as_bytes(), "the whole body is kept");
            assert_eq!(format!("{raw:?}"), format!("RawBody({} bytes)", body.len()));
        }
        other => panic!("{other:?}"),
    }
    assert!(err
        .to_string()
        .contains("connected_account.errors[0].created_at"));
    assert_eq!(
        request_count(&server).await,
        1,
        "decode errors are not retried"
    );
}

#[tokio::test]
async fn wrong_json_types_and_missing_fields() {
    let server =
        serve_body(r#"{"connected_account": {"connected_account_id": 7, "errors": []}}"#).await;
    let err = client(&server)
        .post_empty::<ConnectedAccountResponse>("/x")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "connected_account.connected_account_id"),
        "{err:?}"
    );

    let server = serve_body(r#"{"connected_account": {"connected_account_id": "ca"}}"#).await;
    let err = client(&server)
        .post_empty::<ConnectedAccountResponse>("/x")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, message, .. } if path == "connected_account" && message.contains("errors")),
        "{err:?}"
    );

    let server = serve_body(r#""just a string""#).await;
    let err = client(&server)
        .post_empty::<OkBody>("/x")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "."),
        "{err:?}"
    );
}

#[tokio::test]
async fn truncated_json_is_decode_error() {
    let full = r#"{"connected_account": {"connected_account_id": "ca_1", "errors": [{"error_code": "x", "creat"#;
    let server = serve_body(full).await;
    let err = client(&server)
        .post_empty::<ConnectedAccountResponse>("/x")
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            message,
            body_excerpt,
            path,
            ..
        } => {
            assert!(message.contains("EOF"), "{message}");
            assert!(path.starts_with("connected_account.errors[0]"), "{path}");
            assert_eq!(body_excerpt, full);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn trailing_garbage_is_decode_error() {
    let server = serve_body(r#"{"ok": true} trailing"#).await;
    let err = client(&server)
        .post_empty::<OkBody>("/x")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { message, .. } if message.contains("trailing")),
        "{err:?}"
    );
}

#[derive(Debug, Deserialize)]
struct DeviceList {
    devices: Vec<Device>,
}

#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
struct Device {
    device_id: String,
    properties: Value,
}

fn big_device_list(n: usize) -> Value {
    let devices: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "device_id": format!("device_{i:08}"),
                "properties": {"name": "Front door ✓", "battery": 0.5, "tags": ["a", "b", "c"]},
            })
        })
        .collect();
    json!({ "devices": devices, "ok": true })
}

#[tokio::test]
async fn multi_megabyte_body_decodes() {
    let body = big_device_list(40_000).to_string();
    assert!(body.len() > 4_000_000, "{}", body.len());
    let server = serve_body(body).await;
    let list: DeviceList = client(&server).post_empty("/devices/list").await.unwrap();
    assert_eq!(list.devices.len(), 40_000);
    assert_eq!(list.devices[39_999].device_id, "device_00039999");
}

#[tokio::test]
async fn multi_megabyte_bad_body_is_decode_error_with_short_excerpt() {
    let mut body = big_device_list(40_000);
    body["devices"][39_000]["device_id"] = json!(null);
    let body = body.to_string();
    let server = serve_body(body.clone()).await;
    let err = client(&server)
        .post_empty::<DeviceList>("/devices/list")
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            path, body_excerpt, ..
        } => {
            assert_eq!(path, "devices[39000].device_id");
            assert!(body_excerpt.chars().count() <= 513);
            assert!(body.starts_with(body_excerpt.trim_end_matches('…')));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().len() < 2_000);

    // Truncated in the middle of a multi-byte character, several MB in.
    let cut = body
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i > 3_000_000 && body[i..].starts_with('✓'))
        .unwrap();
    let truncated = body.as_bytes()[..cut + 1].to_vec();
    let server = serve_body(truncated).await;
    let err = client(&server)
        .post_empty::<DeviceList>("/devices/list")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[derive(Debug, Deserialize, PartialEq, Default)]
struct AllOptional {
    #[serde(default)]
    ok: Option<bool>,
}

#[tokio::test]
async fn empty_success_body() {
    let server = serve_body(Vec::new()).await;
    let c = client(&server);
    // `()`/`Value` decode from `null`, all-optional structs from `{}`.
    let (): () = c.post_empty("/x").await.unwrap();
    let v: Value = c.post_empty("/x").await.unwrap();
    assert_eq!(v, Value::Null);
    let o: AllOptional = c.post_empty("/x").await.unwrap();
    assert_eq!(o, AllOptional::default());
    // A type with required fields cannot be decoded from nothing.
    let err = c.post_empty::<OkBody>("/x").await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { status: 200, body_excerpt, .. } if body_excerpt.is_empty()),
        "{err:?}"
    );
}

// ---------------------------------------------------------------- pagination

#[derive(Debug, Serialize, Clone)]
struct ListDevicesRequest {
    device_type: String,
    limit: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_cursor: Option<String>,
}

impl Validate for ListDevicesRequest {
    fn validate_at(&self, path: &str, violations: &mut Violations) {
        violations.number(
            &seam_client::runtime::join_path(path, "limit"),
            f64::from(self.limit),
            Some(1.0),
            None,
            false,
            false,
        );
    }
}

impl CursorRequest for ListDevicesRequest {
    fn with_page_cursor(&self, cursor: String) -> Self {
        Self {
            page_cursor: Some(cursor),
            ..self.clone()
        }
    }
}

#[derive(Debug, Deserialize)]
struct ListDevicesPage {
    devices: Vec<Device>,
    pagination: Pagination,
}

#[derive(Debug, Deserialize)]
struct Pagination {
    has_next_page: bool,
    next_page_cursor: Option<String>,
}

impl Page for ListDevicesPage {
    type Item = Device;
    fn into_parts(self) -> (Vec<Device>, Option<String>) {
        let next = if self.pagination.has_next_page {
            self.pagination.next_page_cursor
        } else {
            None
        };
        (self.devices, next)
    }
}

fn device(id: &str) -> Value {
    json!({"device_id": id, "properties": {}})
}

fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    let devices: Vec<Value> = ids.iter().map(|id| device(id)).collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "devices": devices,
        "pagination": {"has_next_page": next.is_some(), "next_page_cursor": next},
        "ok": true
    }))
}

fn list_request() -> ListDevicesRequest {
    ListDevicesRequest {
        device_type: "august_lock".into(),
        limit: 2,
        page_cursor: None,
    }
}

#[tokio::test]
async fn pagination_walks_three_pages() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/devices/list"))
        .respond_with(|req: &Request| {
            let body: Value = req.body_json().unwrap_or(Value::Null);
            match body.get("page_cursor").and_then(Value::as_str) {
                None => page(&["d1", "d2"], Some("cursor_2")),
                Some("cursor_2") => page(&["d3", "d4"], Some("cursor_3")),
                Some("cursor_3") => page(&["d5"], None),
                Some(_) => ResponseTemplate::new(400),
            }
        })
        .mount(&server)
        .await;

    let c = client(&server);
    let stream = c.paginate::<_, ListDevicesPage>("/devices/list", list_request());
    let items: Vec<Device> = stream.map(|r| r.unwrap()).collect().await;
    let ids: Vec<&str> = items.iter().map(|d| d.device_id.as_str()).collect();
    assert_eq!(ids, ["d1", "d2", "d3", "d4", "d5"]);

    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 3);
    let bodies: Vec<Value> = reqs.iter().map(|r| r.body_json().unwrap()).collect();
    assert_eq!(bodies[0], json!({"device_type": "august_lock", "limit": 2}));
    assert_eq!(
        bodies[1],
        json!({"device_type": "august_lock", "limit": 2, "page_cursor": "cursor_2"})
    );
    assert_eq!(bodies[2]["page_cursor"], "cursor_3");
}

#[tokio::test]
async fn pagination_is_lazy_and_stops_after_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(|req: &Request| {
            let body: Value = req.body_json().unwrap_or(Value::Null);
            match body.get("page_cursor").and_then(Value::as_str) {
                None => page(&["d1"], Some("c2")),
                _ => seam_error(500, "internal", "boom"),
            }
        })
        .mount(&server)
        .await;
    let c = no_retry_client(&server);
    let mut stream = c.paginate::<_, ListDevicesPage>("/devices/list", list_request());
    assert_eq!(
        request_count(&server).await,
        0,
        "nothing is sent before polling"
    );
    assert_eq!(stream.next().await.unwrap().unwrap().device_id, "d1");
    assert_eq!(request_count(&server).await, 1);
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
    assert!(stream.next().await.is_none());
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn pagination_stops_when_cursor_repeats() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(page(&["d1"], Some("same")))
        .mount(&server)
        .await;
    let c = client(&server);
    let items: Vec<_> = c
        .paginate::<_, ListDevicesPage>("/devices/list", list_request())
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn pagination_stream_can_be_spawned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(page(&["d1", "d2"], None))
        .mount(&server)
        .await;
    let stream = client(&server).paginate::<_, ListDevicesPage>("/devices/list", list_request());
    let n = tokio::spawn(async move { stream.count().await })
        .await
        .unwrap();
    assert_eq!(n, 2);
}

// ---------------------------------------------------------------- action attempts

#[derive(Debug, Deserialize)]
struct ActionAttemptResponse {
    action_attempt: ActionAttempt,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct ActionAttempt {
    action_attempt_id: String,
    status: String,
    result: Option<Value>,
    error: Option<Value>,
}

fn extract(r: ActionAttemptResponse) -> ActionAttempt {
    r.action_attempt
}

fn attempt_state(a: &ActionAttempt) -> AttemptState {
    match a.status.as_str() {
        "success" => AttemptState::Success,
        "error" => AttemptState::Error,
        _ => AttemptState::Pending,
    }
}

fn attempt(status: &str) -> ResponseTemplate {
    let (result, error) = match status {
        "success" => (json!({}), Value::Null),
        "error" => (
            Value::Null,
            json!({"type": "lock_jammed", "message": "The lock is jammed"}),
        ),
        _ => (Value::Null, Value::Null),
    };
    ResponseTemplate::new(200).set_body_json(json!({
        "action_attempt": {
            "action_attempt_id": "aa_1",
            "action_type": "UNLOCK_DOOR",
            "status": status,
            "result": result,
            "error": error,
        },
        "ok": true
    }))
}

fn fast_wait() -> WaitOptions {
    WaitOptions {
        timeout: Duration::from_secs(5),
        poll_interval: Duration::from_millis(10),
    }
}

#[tokio::test]
async fn wait_pending_then_success() {
    let server = MockServer::start().await;
    let (responder, calls) = sequence(
        vec![attempt("pending"), attempt("pending")],
        attempt("success"),
    );
    Mock::given(method("POST"))
        .and(path("/action_attempts/get"))
        .and(body_json(json!({"action_attempt_id": "aa_1"})))
        .respond_with(responder)
        .mount(&server)
        .await;
    let done = client(&server)
        .wait_for_action_attempt(
            "/action_attempts/get",
            &json!({"action_attempt_id": "aa_1"}),
            extract,
            attempt_state,
            &fast_wait(),
        )
        .await
        .unwrap();
    assert_eq!(done.status, "success");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn wait_pending_then_error() {
    let server = MockServer::start().await;
    let (responder, calls) = sequence(vec![attempt("pending")], attempt("error"));
    Mock::given(method("POST"))
        .respond_with(responder)
        .mount(&server)
        .await;
    let err = client(&server)
        .wait_for_action_attempt(
            "/action_attempts/get",
            &json!({"action_attempt_id": "aa_1"}),
            extract,
            attempt_state,
            &fast_wait(),
        )
        .await
        .unwrap_err();
    match &err {
        Error::ActionAttemptFailed { attempt } => {
            assert_eq!(attempt["action_attempt_id"], "aa_1");
            assert_eq!(attempt["error"]["type"], "lock_jammed");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("lock_jammed"), "{err}");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn wait_times_out_while_pending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(attempt("pending"))
        .mount(&server)
        .await;
    let opts = WaitOptions {
        timeout: Duration::from_millis(200),
        poll_interval: Duration::from_millis(30),
    };
    let start = Instant::now();
    let err = client(&server)
        .wait_for_action_attempt(
            "/action_attempts/get",
            &json!({"action_attempt_id": "aa_1"}),
            extract,
            attempt_state,
            &opts,
        )
        .await
        .unwrap_err();
    let elapsed = start.elapsed();
    match &err {
        Error::ActionAttemptTimeout { timeout, attempt } => {
            assert_eq!(*timeout, Duration::from_millis(200));
            assert_eq!(attempt["status"], "pending");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        elapsed >= Duration::from_millis(190) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
    let polls = request_count(&server).await;
    assert!((1..=10).contains(&polls), "{polls}");
}

#[tokio::test]
async fn wait_returns_request_errors() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(seam_error(404, "action_attempt_not_found", "gone"))
        .mount(&server)
        .await;
    let err = client(&server)
        .wait_for_action_attempt(
            "/action_attempts/get",
            &json!({"action_attempt_id": "aa_1"}),
            extract,
            attempt_state,
            &fast_wait(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[test]
fn wait_options_default() {
    let d = WaitOptions::default();
    assert_eq!(d.timeout, Duration::from_secs(30));
    assert_eq!(d.poll_interval, Duration::from_millis(500));
}

// ---------------------------------------------------------------- validation before send

#[derive(Debug, Serialize)]
struct UpdateRequest {
    name: String,
}

impl Validate for UpdateRequest {
    fn validate_at(&self, path: &str, v: &mut Violations) {
        let field = seam_client::runtime::join_path(path, "name");
        v.str_len(&field, &self.name, Some(1), Some(5));
    }
}

#[tokio::test]
async fn post_validated_rejects_before_sending() {
    let server = MockServer::start().await;
    let c = client(&server);
    let err = c
        .post_validated::<_, Value>(
            "/devices/update",
            &UpdateRequest {
                name: "far too long".into(),
            },
        )
        .await
        .unwrap_err();
    match &err {
        Error::Validation(e) => {
            assert_eq!(e.violations.len(), 1);
            assert_eq!(e.violations[0].field, "name");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .contains("name: must be at most 5 characters long, got 12"),
        "{err}"
    );
    assert_eq!(request_count(&server).await, 0, "no request may be sent");

    Mock::given(body_json(json!({"name": "ok"})))
        .respond_with(ok_body())
        .expect(1)
        .mount(&server)
        .await;
    let r: OkBody = c
        .post_validated("/devices/update", &UpdateRequest { name: "ok".into() })
        .await
        .unwrap();
    assert!(r.ok);
}

#[tokio::test]
async fn post_json_does_not_validate() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_body())
        .expect(1)
        .mount(&server)
        .await;
    let r: OkBody = client(&server)
        .post_json(
            "/devices/update",
            &UpdateRequest {
                name: "far too long".into(),
            },
        )
        .await
        .unwrap();
    assert!(r.ok);
}

// ---------------------------------------------------------------- secrets

#[test]
fn debug_output_never_contains_secrets() {
    let b = SeamClient::builder()
        .api_key(KEY)
        .base_url("http://localhost:1");
    let dbg = format!("{b:?}");
    assert!(!dbg.contains(KEY) && dbg.contains("<redacted>"), "{dbg}");
    let c = b.build().unwrap();
    let dbg = format!("{c:?} {c:#?}");
    assert!(!dbg.contains(KEY) && dbg.contains("<redacted>"), "{dbg}");
    assert!(dbg.contains("http://localhost:1"));

    for builder in [
        SeamClient::builder().api_key(KEY),
        SeamClient::builder().client_session_token(KEY),
        SeamClient::builder().personal_access_token(KEY, "ws_1"),
    ] {
        let dbg = format!("{builder:?} {builder:#?}");
        assert!(!dbg.contains(KEY) && dbg.contains("<redacted>"), "{dbg}");
        let c = builder.build().unwrap();
        assert!(!format!("{c:?}").contains(KEY));
    }
    // Credentials are listed by where they go, never by value.
    let auth = Auth::none().with(seam_client::Credential::Header {
        name: "seam-workspace".into(),
        value: "ws_1".into(),
    });
    assert_eq!(format!("{auth:?}"), "[Header(seam-workspace: <redacted>)]");
}

#[tokio::test]
async fn errors_never_contain_the_key_even_if_the_server_echoes_it() {
    let server = MockServer::start().await;
    // Every response echoes the Authorization header back in some form.
    Mock::given(path("/html"))
        .and(header_exists("authorization"))
        .respond_with(|req: &Request| {
            let auth = req
                .headers
                .get("authorization")
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            ResponseTemplate::new(502).set_body_raw(format!("<pre>{auth}</pre>"), "text/html")
        })
        .mount(&server)
        .await;
    Mock::given(path("/401"))
        .respond_with(seam_error(401, "unauthorized", &format!("bad key {KEY}")))
        .mount(&server)
        .await;
    Mock::given(path("/400"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"type": "invalid_input", "message": KEY, "validation_errors": {"api_key": [KEY]}}
        })))
        .mount(&server)
        .await;
    Mock::given(path("/409"))
        .respond_with(seam_error(409, "x", KEY))
        .mount(&server)
        .await;
    Mock::given(path("/decode"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": KEY})))
        .mount(&server)
        .await;

    let c = no_retry_client(&server);
    for p in ["/html", "/401", "/400", "/409", "/decode"] {
        let err = c.post_empty::<OkBody>(p).await.unwrap_err();
        let shown = format!("{err} | {err:?}");
        assert!(!shown.contains(KEY), "{p}: {shown}");
        assert!(shown.contains("<redacted>"), "{p}: {shown}");
    }
}

// ---------------------------------------------------------------- types

#[test]
fn error_and_client_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Error>();
    assert_send_sync::<SeamClient>();
    assert_send_sync::<SeamClientBuilder>();
}

#[tokio::test]
async fn requests_can_be_spawned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok_body())
        .expect(2)
        .mount(&server)
        .await;
    let c = client(&server);
    let c2 = c.clone();
    let a = tokio::spawn(async move { c2.post_empty::<OkBody>("/a").await });
    let body = json!({"x": 1});
    let b = c.post_json::<_, OkBody>("/b", &body).await.unwrap();
    assert!(a.await.unwrap().unwrap().ok && b.ok);
}
