//! Checks the fake Seam harness itself (tests/support/fake_seam.rs +
//! e2e/fake-seam.mjs) with plain HTTP, without the generated client.
//!
//! Skipped when node or `e2e/node_modules` is missing, unless `CI` is set.

mod support;

use serde_json::{json, Value};
use support::fake_seam;

fn ids_of(list: &Value, key: &str, id_field: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap_or_else(|| panic!("no `{key}` array in {list}"))
        .iter()
        .map(|item| item[id_field].as_str().expect("id is a string").to_owned())
        .collect()
}

#[test]
fn lists_the_seeded_connected_accounts() {
    let Some(fake) = fake_seam::start() else {
        return;
    };
    assert!(
        fake.base_url.starts_with("http://127.0.0.1:"),
        "fake must listen on loopback only, got {}",
        fake.base_url
    );
    assert!(fake.connected_account_ids.len() >= 2, "seed: {}", fake.seed);

    let response = fake.raw_post("/connected_accounts/list", Some(&fake.api_key), &json!({}));
    let body = response.json();
    assert_eq!(
        response.status,
        200,
        "body: {body}\nfake stderr:\n{}",
        fake.stderr_tail()
    );
    assert_eq!(body["ok"], json!(true));
    assert!(
        response.header("seam-request-id").is_some(),
        "headers: {:?}",
        response.headers
    );

    let mut got = ids_of(&body, "connected_accounts", "connected_account_id");
    let mut want = fake.connected_account_ids.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want, "only the seeded workspace's accounts come back");

    let first = &body["connected_accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|ca| ca["connected_account_id"] == json!(fake.connected_account_ids[0]))
        .expect("first seeded account listed");
    assert_eq!(
        first["custom_metadata"], fake.seed["custom_metadata"][&fake.connected_account_ids[0]],
        "custom_metadata seeded on the first account"
    );
    assert_eq!(first["workspace_id"], json!(fake.workspace_id));
}

#[test]
fn seeded_devices_and_auth_errors() {
    let Some(fake) = fake_seam::start() else {
        return;
    };

    let response = fake.raw_post("/devices/list", Some(&fake.api_key), &json!({}));
    assert_eq!(
        response.status,
        200,
        "body: {}",
        String::from_utf8_lossy(&response.body)
    );
    let mut got = ids_of(&response.json(), "devices", "device_id");
    let mut want: Vec<String> = serde_json::from_value(fake.seed["device_ids"].clone()).unwrap();
    got.sort();
    want.sort();
    assert_eq!(got, want);

    let response = fake.raw_post(
        "/connected_accounts/list",
        Some("seam_bogus_key"),
        &json!({}),
    );
    assert_eq!(response.status, 401);
    let body = response.json();
    assert_eq!(body["ok"], json!(false));
    assert_eq!(body["error"]["type"], json!("unauthorized"));

    let response = fake.raw_post(
        "/connected_accounts/update",
        Some(&fake.api_key),
        &json!({}),
    );
    assert_eq!(response.status, 400);
    assert_eq!(response.json()["error"]["type"], json!("invalid_input"));
}

#[test]
fn dropping_the_harness_stops_the_fake() {
    let Some(fake) = fake_seam::start() else {
        return;
    };
    let authority = fake.authority().to_owned();
    std::net::TcpStream::connect(&authority).expect("fake accepts connections while alive");
    drop(fake);
    assert!(
        std::net::TcpStream::connect(&authority).is_err(),
        "fake still listening on {authority} after drop"
    );
}
