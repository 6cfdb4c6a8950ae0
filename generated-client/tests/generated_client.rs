//! Generated route methods against a local mock server (no fake Seam): malformed,
//! empty, huge and newer-than-the-spec responses, dead and silent servers,
//! validation before sending, and the exact request that goes on the wire.
//!
//! Every error must be typed (never a panic), and neither its `Display` nor its
//! `Debug` form may contain the API key, even when the server echoes the key back.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use seam_client::types::{self, ConnectedAccountErrorsItem};
use seam_client::{Error, SeamClient, SeamClientBuilder};
use serde_json::{json, Value};
use uuid::Uuid;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "seam_testkey_SECRET_b4d7e1a9";
const ACCOUNT_ID: &str = "8d3c2b1a-7e6f-4a5b-9c8d-0e1f2a3b0001";

fn builder(base_url: &str) -> SeamClientBuilder {
    SeamClient::builder()
        .api_key(KEY)
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .retry_base_delay(Duration::from_millis(1))
        .max_retry_delay(Duration::from_millis(5))
}

fn client(server: &MockServer) -> SeamClient {
    builder(&server.uri()).build().expect("client builds")
}

fn account_id() -> Uuid {
    Uuid::parse_str(ACCOUNT_ID).unwrap()
}

fn numbered_id(prefix: &str, n: usize) -> String {
    format!("{prefix}-0000-4000-8000-{n:012x}")
}

/// A connected account with every property the spec requires and a few optional ones.
fn account_json(id: &str) -> Value {
    json!({
        "connected_account_id": id,
        "account_type": "august",
        "account_type_display_name": "August",
        "automatically_manage_new_devices": true,
        "display_name": "john@example.com",
        "created_at": "2024-01-01T00:00:00.000Z",
        "user_identifier": {"email": "john@example.com"},
        "custom_metadata": {"id": "internalId1", "vip": true},
        "accepted_capabilities": ["lock"],
        "errors": [],
        "warnings": []
    })
}

/// A device shaped like the ones fake Seam returns.
fn device_json(id: &str, account: &str) -> Value {
    json!({
        "device_id": id,
        "is_managed": true,
        "device_type": "august_lock",
        "display_name": "Front Door",
        "connected_account_id": account,
        "workspace_id": "5b9f1c2e-0e0a-4c1a-9d51-6a1f6b7e0001",
        "capabilities_supported": ["lock", "access_code"],
        "created_at": "2024-01-01T00:00:01.000Z",
        "properties": {
            "name": "Front Door",
            "appearance": {"name": "Front Door"},
            "online": true,
            "manufacturer": "august",
            "locked": true,
            "model": {"display_name": "Device", "manufacturer_display_name": "Generic"},
            "battery": {"level": 1, "status": "full"}
        },
        "errors": [],
        "warnings": [],
        "custom_metadata": {"room": "lobby"},
        "can_remotely_lock": true,
        "can_remotely_unlock": true,
        "space_ids": []
    })
}

fn last_page(key: &str, items: Value) -> Value {
    json!({
        key: items,
        "pagination": {"has_next_page": false, "next_page_cursor": null, "next_page_url": null},
        "ok": true
    })
}

async fn respond(server: &MockServer, route: &str, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

fn assert_hides_key(err: &Error) {
    for shown in [format!("{err}"), format!("{err:?}")] {
        assert!(!shown.contains(KEY), "the API key leaked: {shown}");
    }
}

fn list_all() -> types::ConnectedAccountsListRequest {
    types::ConnectedAccountsListRequest::default()
}

/// Builds a generated value from its JSON form. Used where the generated type's
/// name comes from schema deduplication and may change between codegen runs
/// (metadata values, the untagged `get` request).
fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not fit the generated type: {e}"))
}

fn get_account() -> types::ConnectedAccountsGetRequest {
    from_json(json!({ "connected_account_id": ACCOUNT_ID }))
}

// ------------------------------------------------------------ malformed responses

#[tokio::test]
async fn wrong_json_types_are_decode_errors() {
    let server = MockServer::start().await;
    let mut second = account_json(&numbered_id("8d3c2b1a", 2));
    // The server echoes the key in the wrongly typed value; the error must not show it.
    second["automatically_manage_new_devices"] = json!(KEY);
    let body = last_page(
        "connected_accounts",
        json!([account_json(&numbered_id("8d3c2b1a", 1)), second]),
    );
    respond(
        &server,
        "/connected_accounts/list",
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let bad_list = json!({"devices": {"not": "an array"}, "pagination": {"has_next_page": false}});
    respond(
        &server,
        "/devices/list",
        ResponseTemplate::new(200).set_body_json(bad_list),
    )
    .await;
    let mut bad_id = account_json(ACCOUNT_ID);
    bad_id["connected_account_id"] = json!(12345);
    respond(
        &server,
        "/connected_accounts/get",
        ResponseTemplate::new(200).set_body_json(json!({"connected_account": bad_id, "ok": true})),
    )
    .await;
    let client = client(&server);

    let err = client
        .connected_accounts()
        .list(list_all())
        .await
        .expect_err("bool field holds a string");
    match &err {
        Error::Decode {
            path,
            message,
            status,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(
                path,
                "connected_accounts[1].automatically_manage_new_devices"
            );
            assert!(message.contains("bool"), "message: {message}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_hides_key(&err);

    let err = client
        .devices()
        .list(types::DevicesListRequest::default())
        .await
        .expect_err("`devices` is an object");
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "devices"),
        "{err:?}"
    );
    assert_hides_key(&err);

    let err = client
        .connected_accounts()
        .get(get_account())
        .await
        .expect_err("numeric id");
    match &err {
        Error::Decode { path, .. } => assert_eq!(path, "connected_account.connected_account_id"),
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_hides_key(&err);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error() {
    let server = MockServer::start().await;
    let mut account = account_json(ACCOUNT_ID);
    account["display_name"] = json!(KEY);
    let full = serde_json::to_string(&json!({"connected_account": account, "ok": true})).unwrap();
    let cut = full.find(KEY).unwrap() + KEY.len() + 3;
    respond(
        &server,
        "/connected_accounts/get",
        ResponseTemplate::new(200).set_body_raw(full[..cut].to_owned(), "application/json"),
    )
    .await;

    let err = client(&server)
        .connected_accounts()
        .get(get_account())
        .await
        .expect_err("truncated");
    match &err {
        Error::Decode {
            status,
            message,
            body_excerpt,
            ..
        } => {
            assert_eq!(*status, 200);
            assert!(message.contains("EOF"), "message: {message}");
            assert!(
                body_excerpt.starts_with("{\"connected_account\""),
                "{body_excerpt}"
            );
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_hides_key(&err);
}

#[tokio::test]
async fn empty_body_with_200() {
    let server = MockServer::start().await;
    respond(
        &server,
        "/connected_accounts/list",
        ResponseTemplate::new(200),
    )
    .await;
    respond(
        &server,
        "/connected_accounts/delete",
        ResponseTemplate::new(200),
    )
    .await;
    let client = client(&server);

    let err = client
        .connected_accounts()
        .list(list_all())
        .await
        .expect_err("no body to decode");
    match &err {
        Error::Decode {
            path,
            message,
            status,
            body_excerpt,
        } => {
            assert_eq!(
                (path.as_str(), *status, body_excerpt.as_str()),
                (".", 200, "")
            );
            assert!(message.contains("empty"), "message: {message}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_hides_key(&err);

    // An endpoint whose response carries nothing the method returns accepts it.
    client
        .connected_accounts()
        .delete(types::ConnectedAccountsDeleteRequest::new(account_id()))
        .await
        .expect("empty 200 on delete is success");
}

#[tokio::test]
async fn html_502_is_an_http_error_after_retries() {
    let server = MockServer::start().await;
    let html = format!(
        "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1>\
         <p>upstream rejected Authorization: Bearer {KEY}</p></body></html>"
    );
    respond(
        &server,
        "/devices/list",
        ResponseTemplate::new(502).set_body_raw(html, "text/html"),
    )
    .await;
    let client = builder(&server.uri()).max_retries(1).build().unwrap();

    let err = client
        .devices()
        .list(types::DevicesListRequest::default())
        .await
        .expect_err("502");
    match &err {
        Error::Http {
            status,
            body_excerpt,
            request_id,
        } => {
            assert_eq!(*status, 502);
            assert!(body_excerpt.contains("Bad Gateway"), "{body_excerpt}");
            assert!(request_id.is_none());
        }
        other => panic!("expected Http, got {other:?}"),
    }
    assert_eq!(err.status(), Some(502));
    assert_hides_key(&err);
    assert_eq!(
        request_count(&server).await,
        2,
        "a 502 is retried once, then reported"
    );
}

#[tokio::test]
async fn several_megabytes_of_devices_decode() {
    const COUNT: usize = 5_000;
    let server = MockServer::start().await;
    let account = numbered_id("8d3c2b1a", 1);
    let devices: Vec<Value> = (0..COUNT)
        .map(|i| {
            let mut device = device_json(&numbered_id("c0ffee00", i), &account);
            device["properties"]["firmware_blob"] = json!("f".repeat(600));
            device
        })
        .collect();
    let body = serde_json::to_vec(&last_page("devices", Value::Array(devices))).unwrap();
    assert!(body.len() > 4_000_000, "body is only {} bytes", body.len());
    respond(
        &server,
        "/devices/list",
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;

    let started = Instant::now();
    let devices = client(&server)
        .devices()
        .list(types::DevicesListRequest::default())
        .await
        .expect("a large list decodes");
    assert_eq!(devices.len(), COUNT);
    assert_eq!(
        devices[COUNT - 1].device_id.to_string(),
        numbered_id("c0ffee00", COUNT - 1)
    );
    assert!(devices
        .iter()
        .all(|d| d.properties.extra.contains_key("firmware_blob")));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

// ------------------------------------------------------ newer-than-the-spec data

#[tokio::test]
async fn unknown_fields_everywhere_are_kept_and_round_trip() {
    let server = MockServer::start().await;
    let mut account = account_json(ACCOUNT_ID);
    account["provider"] = json!("august");
    account["future_settings"] = json!({"nested": [1, 2, {"deep": null}]});
    account["user_identifier"]["slack_handle"] = json!("@john");
    account["errors"] = json!([{
        "error_code": "account_disconnected",
        "message": "Account disconnected",
        "created_at": "2024-02-01T00:00:00Z",
        "is_connected_account_error": true,
        "hint": "reconnect"
    }]);
    let response = json!({"connected_account": account, "ok": true, "served_by": "edge-7"});
    respond(
        &server,
        "/connected_accounts/get",
        ResponseTemplate::new(200).set_body_json(&response),
    )
    .await;
    let page = json!({
        "connected_accounts": [account],
        "pagination": {"has_next_page": false, "next_page_cursor": null, "next_page_url": null, "total": 1},
        "ok": true
    });
    respond(
        &server,
        "/connected_accounts/list",
        ResponseTemplate::new(200).set_body_json(page),
    )
    .await;
    let client = client(&server);

    let got = client
        .connected_accounts()
        .get(get_account())
        .await
        .expect("unknown fields decode");
    assert_eq!(got.extra.get("provider"), Some(&json!("august")));
    assert_eq!(
        got.extra.get("future_settings"),
        Some(&account["future_settings"])
    );
    #[allow(deprecated)]
    let slack = got
        .user_identifier
        .as_ref()
        .and_then(|u| u.extra.get("slack_handle"));
    assert_eq!(slack, Some(&json!("@john")));
    match &got.errors[..] {
        [ConnectedAccountErrorsItem::AccountDisconnected(error)] => {
            assert_eq!(error.message, "Account disconnected");
            assert_eq!(error.extra.get("hint"), Some(&json!("reconnect")));
        }
        other => panic!("expected one known error, got {other:?}"),
    }
    assert_eq!(
        serde_json::to_value(&got).unwrap(),
        account,
        "re-encodes to the same JSON"
    );

    // Response-level extras, through the generated response type.
    let whole: types::ConnectedAccountsGetResponse = client
        .post_json("/connected_accounts/get", &get_account())
        .await
        .expect("response decodes");
    assert_eq!(whole.extra.get("served_by"), Some(&json!("edge-7")));
    assert_eq!(serde_json::to_value(&whole).unwrap(), response);

    let listed: Vec<_> = Box::pin(client.connected_accounts().list_stream(list_all()))
        .collect()
        .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].as_ref().expect("page decodes"), &got);
}

#[tokio::test]
async fn unknown_enum_values_and_union_tags_decode_and_round_trip() {
    let server = MockServer::start().await;
    let unknown_error = json!({
        "error_code": "quantum_flux_detected",
        "message": "Something new",
        "created_at": "2025-06-01T12:00:00+02:00",
        "flux_level": 11
    });
    let known_error = json!({
        "error_code": "account_disconnected",
        "message": "Account disconnected",
        "created_at": "2024-02-01T00:00:00.000Z",
        "is_connected_account_error": true
    });
    let unknown_warning = json!({
        "warning_code": "solar_flare",
        "message": "Expect delays",
        "created_at": "2024-03-01T00:00:00Z"
    });
    let mut account = account_json(ACCOUNT_ID);
    account["errors"] = json!([unknown_error, known_error]);
    account["warnings"] = json!([unknown_warning]);
    account["accepted_capabilities"] = json!(["lock", "teleporter"]);
    respond(
        &server,
        "/connected_accounts/get",
        ResponseTemplate::new(200).set_body_json(json!({"connected_account": account, "ok": true})),
    )
    .await;
    let mut device = device_json(&numbered_id("c0ffee00", 1), ACCOUNT_ID);
    // Integral numbers in `number` fields do not round-trip (see below).
    device["properties"]["battery"]["level"] = json!(0.5);
    device["device_type"] = json!("hoverboard_lock");
    device["capabilities_supported"] = json!(["lock", "levitation"]);
    device["errors"] = json!([{"error_code": "device_on_fire", "message": "Hot", "created_at": "2024-01-01T00:00:00Z"}]);
    respond(
        &server,
        "/devices/list",
        ResponseTemplate::new(200).set_body_json(last_page("devices", json!([device]))),
    )
    .await;
    let client = client(&server);

    let got = client
        .connected_accounts()
        .get(get_account())
        .await
        .expect("decodes");
    assert_eq!(got.errors.len(), 2);
    assert_eq!(
        got.errors[0],
        ConnectedAccountErrorsItem::Unknown(unknown_error)
    );
    assert!(got.errors[0].is_unknown());
    assert_eq!(
        got.errors[0].tag_values(),
        vec![Some("quantum_flux_detected")]
    );
    match &got.errors[1] {
        ConnectedAccountErrorsItem::AccountDisconnected(error) => {
            assert_eq!(error.message, "Account disconnected");
            assert_eq!(error.is_connected_account_error, Some(true));
        }
        other => panic!("expected AccountDisconnected, got {other:?}"),
    }
    assert!(got.warnings[0].is_unknown(), "{:?}", got.warnings[0]);
    let capabilities: Vec<(&str, bool)> = got
        .accepted_capabilities
        .iter()
        .map(|c| (c.as_str(), c.is_unknown()))
        .collect();
    assert_eq!(capabilities, [("lock", false), ("teleporter", true)]);
    assert_eq!(serde_json::to_value(&got).unwrap(), account);

    let devices = client
        .devices()
        .list(types::DevicesListRequest::default())
        .await
        .expect("decodes");
    assert_eq!(devices.len(), 1);
    let got = &devices[0];
    assert!(got.device_type.is_unknown(), "{:?}", got.device_type);
    assert_eq!(got.device_type.as_str(), "hoverboard_lock");
    assert_eq!(got.device_type.to_string(), "hoverboard_lock");
    let capabilities: Vec<(&str, bool)> = got
        .capabilities_supported
        .iter()
        .map(|c| (c.as_str(), c.is_unknown()))
        .collect();
    assert_eq!(capabilities, [("lock", false), ("levitation", true)]);
    assert!(got.errors[0].is_unknown());
    assert_eq!(serde_json::to_value(got).unwrap(), device);
}

/// The tag of a known union variant belongs to the variant, not to its payload's
/// bag of undeclared properties.
#[tokio::test]
async fn known_union_variant_does_not_keep_its_tag_in_extra() {
    let server = MockServer::start().await;
    let mut account = account_json(ACCOUNT_ID);
    account["errors"] = json!([{
        "error_code": "account_disconnected",
        "message": "Account disconnected",
        "created_at": "2024-02-01T00:00:00.000Z"
    }]);
    respond(
        &server,
        "/connected_accounts/get",
        ResponseTemplate::new(200).set_body_json(json!({"connected_account": account})),
    )
    .await;
    let got = client(&server)
        .connected_accounts()
        .get(get_account())
        .await
        .expect("decodes");
    let ConnectedAccountErrorsItem::AccountDisconnected(error) = &got.errors[0] else {
        panic!("expected AccountDisconnected, got {:?}", got.errors[0]);
    };
    assert!(error.extra.is_empty(), "extra: {:?}", error.extra);
}

/// `"level": 1` (as fake Seam sends it) is decoded into an `f64` and comes back as `1.0`.
#[tokio::test]
async fn integral_numbers_round_trip_unchanged() {
    let server = MockServer::start().await;
    let device = device_json(&numbered_id("c0ffee00", 1), ACCOUNT_ID);
    respond(
        &server,
        "/devices/list",
        ResponseTemplate::new(200).set_body_json(last_page("devices", json!([device]))),
    )
    .await;
    let devices = client(&server)
        .devices()
        .list(types::DevicesListRequest::default())
        .await
        .expect("decodes");
    let encoded = serde_json::to_string(&devices[0]).unwrap();
    assert!(encoded.contains(r#""level":1,"#), "{encoded}");
}

/// A list response without its list (here `{"pagination": ..}` only, as a
/// different endpoint or a broken proxy might send) is not an empty list.
#[tokio::test]
async fn list_response_without_its_list_is_a_decode_error() {
    let server = MockServer::start().await;
    let body =
        json!({"connected_accounts": [], "pagination": {"has_next_page": false}, "ok": true});
    respond(
        &server,
        "/devices/list",
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let result = client(&server)
        .devices()
        .list(types::DevicesListRequest::default())
        .await;
    assert!(matches!(&result, Err(Error::Decode { .. })), "{result:?}");
}

// ----------------------------------------------------------- silent and dead servers

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let timeout = Duration::from_millis(150);
    let client = builder(&server.uri())
        .timeout(timeout)
        .max_retries(1)
        .build()
        .unwrap();

    let started = Instant::now();
    let err = client
        .connected_accounts()
        .list(list_all())
        .await
        .expect_err("no answer");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    match &err {
        Error::Timeout {
            timeout: t,
            attempts,
        } => assert_eq!((*t, *attempts), (timeout, 2)),
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert_hides_key(&err);
}

/// A raw listener on 127.0.0.1 that handles every connection with `handle`,
/// counting connections.
fn raw_server(handle: fn(std::net::TcpStream)) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    // The thread stays blocked in accept once the test is done; it dies with the process.
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { break };
            counter.fetch_add(1, Ordering::SeqCst);
            handle(stream);
        }
    });
    (base_url, connections)
}

#[tokio::test]
async fn connection_reset_is_a_transport_error() {
    // Closing a socket with unread input makes the kernel send a RST.
    let (base_url, connections) = raw_server(|mut stream| {
        let mut byte = [0u8; 1];
        let _ = stream.read(&mut byte);
        drop(stream);
    });
    let client = builder(&base_url).max_retries(1).build().unwrap();

    let err = client
        .connected_accounts()
        .list(list_all())
        .await
        .expect_err("reset");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(err.status(), None);
    assert_hides_key(&err);
    assert_eq!(
        connections.load(Ordering::SeqCst),
        2,
        "a reset is retried once"
    );
}

#[tokio::test]
async fn connection_closed_mid_body_is_a_transport_error() {
    let (base_url, _) = raw_server(|mut stream| {
        let mut head = [0u8; 4096];
        let _ = stream.read(&mut head);
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"connected_accounts\":[",
        );
        let _ = stream.flush();
        std::thread::sleep(Duration::from_millis(20));
    });
    let client = builder(&base_url).build().unwrap();

    let err = client
        .connected_accounts()
        .list(list_all())
        .await
        .expect_err("short body");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_hides_key(&err);
}

// ------------------------------------------------------ what goes (or not) on the wire

#[tokio::test]
async fn validation_failures_send_nothing() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let client = client(&server);
    let update = |pairs: Vec<(String, String)>| {
        let metadata: serde_json::Map<String, Value> = pairs
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        let mut request = types::ConnectedAccountsUpdateRequest::new(account_id());
        request.custom_metadata = Some(from_json(Value::Object(metadata)));
        request
    };
    let mut empty_name = types::ConnectedAccountsUpdateRequest::new(account_id());
    empty_name.display_name = Some(String::new());
    let cases = [
        (
            update((0..51).map(|i| (format!("k{i}"), "v".into())).collect()),
            "custom_metadata",
            "50",
        ),
        (
            update(vec![("x".repeat(41), "v".into())]),
            "custom_metadata",
            "40",
        ),
        (
            update(vec![("note".into(), "y".repeat(501))]),
            "custom_metadata.note",
            "500",
        ),
        (empty_name, "display_name", "1"),
    ];
    for (request, field, limit) in cases {
        let err = client
            .connected_accounts()
            .update(request)
            .await
            .expect_err(field);
        let Error::Validation(e) = &err else {
            panic!("{field}: expected Validation, got {err:?}")
        };
        assert_eq!(e.violations[0].field, field);
        assert!(
            e.violations[0].message.contains(limit),
            "{:?}",
            e.violations
        );
        assert_hides_key(&err);
    }

    for request in [
        types::ConnectedAccountsListRequest {
            limit: Some(0),
            ..Default::default()
        },
        types::ConnectedAccountsListRequest {
            search: Some(String::new()),
            ..Default::default()
        },
    ] {
        let err = client
            .connected_accounts()
            .list(request)
            .await
            .expect_err("invalid list");
        assert!(matches!(err, Error::Validation(_)), "{err:?}");
        assert_hides_key(&err);
    }

    assert_eq!(
        request_count(&server).await,
        0,
        "nothing reached the server"
    );
}

/// `list` validates its request; `list_stream` should too.
#[tokio::test]
async fn list_stream_validates_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(last_page("connected_accounts", json!([]))),
        )
        .mount(&server)
        .await;
    let request = types::ConnectedAccountsListRequest {
        limit: Some(0),
        ..Default::default()
    };
    let mut stream = Box::pin(client(&server).connected_accounts().list_stream(request));
    let first = stream.next().await;
    let sent = request_count(&server).await;
    assert!(
        matches!(first, Some(Err(Error::Validation(_)))),
        "{first:?} after {sent} request(s)"
    );
    assert_eq!(sent, 0);
}

#[tokio::test]
async fn update_sends_empty_map_and_empty_list_with_post_and_bearer() {
    let server = MockServer::start().await;
    respond(
        &server,
        "/connected_accounts/update",
        ResponseTemplate::new(200)
            .set_body_json(json!({"connected_account": account_json(ACCOUNT_ID), "ok": true})),
    )
    .await;

    let mut request = types::ConnectedAccountsUpdateRequest::new(account_id());
    request.custom_metadata = Some(BTreeMap::new());
    request.accepted_capabilities = Some(vec![]);
    let updated = client(&server)
        .connected_accounts()
        .update(request)
        .await
        .expect("update");
    assert_eq!(updated.connected_account_id, account_id());

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), "/connected_accounts/update");
    let header = |name: &str| sent.headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(
        header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&sent.body).expect("JSON body");
    assert_eq!(
        body,
        json!({"connected_account_id": ACCOUNT_ID, "custom_metadata": {}, "accepted_capabilities": []}),
        "empty collections are sent, unset options are not"
    );
}

fn attempt(id: &str, status: &str) -> Value {
    json!({
        "action_attempt_id": id,
        "action_type": "UNLOCK_DOOR",
        "error": if status == "error" { json!({"type": "device_offline", "message": "offline"}) } else { Value::Null },
        "result": if status == "success" { json!({"was_confirmed_by_device": true}) } else { Value::Null },
        "status": status
    })
}

/// `unlock_door_and_wait`: the call returns a pending attempt, then `/action_attempts/get`
/// is polled with its id until the attempt succeeds (returned) or fails (an error).
#[tokio::test]
async fn unlock_door_and_wait_polls_until_the_attempt_settles() {
    let server = MockServer::start().await;
    let id = "5fd2f6a1-2c6d-4a3f-8d6e-5c0e4e3f2a10";
    respond(
        &server,
        "/locks/unlock_door",
        ResponseTemplate::new(200)
            .set_body_json(json!({"action_attempt": attempt(id, "pending"), "ok": true})),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/action_attempts/get"))
        .and(wiremock::matchers::body_json(
            json!({"action_attempt_id": id}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"action_attempt": attempt(id, "pending"), "ok": true})),
        )
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/action_attempts/get"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"action_attempt": attempt(id, "success"), "ok": true})),
        )
        .mount(&server)
        .await;
    let options = seam_client::WaitOptions {
        timeout: Duration::from_secs(5),
        poll_interval: Duration::from_millis(10),
    };
    let done = client(&server)
        .locks()
        .unlock_door_and_wait(types::LocksUnlockDoorRequest::new(Uuid::nil()), &options)
        .await
        .expect("the attempt succeeds");
    match done {
        types::ActionAttempt::UnlockDoorSuccess(a) => {
            assert_eq!(a.result.was_confirmed_by_device, Some(true))
        }
        other => panic!("wrong variant {other:?}"),
    }
    // One call, two pending polls, one successful poll.
    assert_eq!(request_count(&server).await, 4);
}

#[tokio::test]
async fn unlock_door_and_wait_reports_a_failed_attempt() {
    let server = MockServer::start().await;
    let id = "6fd2f6a1-2c6d-4a3f-8d6e-5c0e4e3f2a11";
    respond(
        &server,
        "/locks/unlock_door",
        ResponseTemplate::new(200)
            .set_body_json(json!({"action_attempt": attempt(id, "pending"), "ok": true})),
    )
    .await;
    respond(
        &server,
        "/action_attempts/get",
        ResponseTemplate::new(200)
            .set_body_json(json!({"action_attempt": attempt(id, "error"), "ok": true})),
    )
    .await;
    let options = seam_client::WaitOptions {
        timeout: Duration::from_secs(5),
        poll_interval: Duration::from_millis(10),
    };
    let err = client(&server)
        .locks()
        .unlock_door_and_wait(types::LocksUnlockDoorRequest::new(Uuid::nil()), &options)
        .await
        .expect_err("the attempt failed");
    match err {
        Error::ActionAttemptFailed { attempt } => {
            assert_eq!(attempt["error"]["type"], "device_offline")
        }
        other => panic!("expected ActionAttemptFailed, got {other:?}"),
    }
}
