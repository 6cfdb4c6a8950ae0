//! End-to-end tests of the generated client against Seam's own fake server
//! (`@seamapi/fake-seam-connect`, see `e2e/README.md`), using only the public
//! client API.
//!
//! One fake process is shared by the whole test binary (each test has its own
//! tokio runtime, so each test builds its own client). The test that counts
//! requests starts a private fake, because the shared one sees the other tests'
//! requests. Tests that change data only touch the second seeded account.
//!
//! Skipped when node or `e2e/node_modules` is missing, unless `CI` is set.

mod support;

use std::sync::OnceLock;
use std::time::Duration;

use futures_util::StreamExt;
use seam_client::types;
use seam_client::{Error, SeamClient};
use serde_json::{json, Value};
use support::fake_seam::{self, FakeSeam};
use uuid::Uuid;

/// The fake shared by every test of this binary; `None` when it is skipped.
///
/// A static is never dropped, so the process is not killed by `Drop`: it exits
/// on its own when this test process ends and its stdin pipe closes.
fn shared_fake() -> Option<&'static FakeSeam> {
    static FAKE: OnceLock<Option<FakeSeam>> = OnceLock::new();
    FAKE.get_or_init(fake_seam::start).as_ref()
}

fn client_for(fake: &FakeSeam, api_key: &str) -> SeamClient {
    SeamClient::builder()
        .api_key(api_key)
        .base_url(fake.base_url.clone())
        .timeout(Duration::from_secs(10))
        .max_retries(0)
        .build()
        .expect("client builds")
}

fn client(fake: &FakeSeam) -> SeamClient {
    client_for(fake, &fake.api_key)
}

fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).unwrap_or_else(|e| panic!("seed id {text:?} is not a UUID: {e}"))
}

fn seeded_account_ids(fake: &FakeSeam) -> Vec<Uuid> {
    fake.connected_account_ids
        .iter()
        .map(|id| uuid(id))
        .collect()
}

fn seeded_device_ids(fake: &FakeSeam) -> Vec<Uuid> {
    fake.seed["device_ids"]
        .as_array()
        .unwrap_or_else(|| panic!("seed has no device_ids: {}", fake.seed))
        .iter()
        .map(|id| uuid(id.as_str().expect("device id is a string")))
        .collect()
}

/// Builds a generated value from its JSON form. Used where the generated type's
/// name comes from schema deduplication and may change between codegen runs
/// (metadata values, the untagged `get` request).
fn from_json<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not fit the generated type: {e}"))
}

fn get_by_id(id: Uuid) -> types::ConnectedAccountsGetRequest {
    from_json(json!({ "connected_account_id": id }))
}

fn metadata_update(
    id: Uuid,
    pairs: impl IntoIterator<Item = (String, String)>,
) -> types::ConnectedAccountsUpdateRequest {
    let metadata: serde_json::Map<String, Value> = pairs
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    let mut request = types::ConnectedAccountsUpdateRequest::new(id);
    request.custom_metadata = Some(from_json(Value::Object(metadata)));
    request
}

fn json_of<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("generated values encode")
}

fn capabilities(account: &types::ConnectedAccount) -> Vec<&str> {
    account
        .accepted_capabilities
        .iter()
        .map(|c| c.as_str())
        .collect()
}

/// The number in a fake request id (`request7` → 7); the fake numbers every
/// request that reaches an API route.
fn request_number(err: &Error) -> u64 {
    let id = err
        .request_id()
        .unwrap_or_else(|| panic!("no request id on {err:?}"));
    id.strip_prefix("request")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected request id format {id:?}"))
}

#[tokio::test]
async fn list_returns_the_seeded_accounts() {
    let Some(fake) = shared_fake() else { return };
    let accounts = client(fake)
        .connected_accounts()
        .list(types::ConnectedAccountsListRequest::default())
        .await
        .unwrap_or_else(|e| panic!("list failed: {e}\nfake stderr:\n{}", fake.stderr_tail()));

    let got: Vec<Uuid> = accounts.iter().map(|a| a.connected_account_id).collect();
    assert_eq!(
        got,
        seeded_account_ids(fake),
        "oldest first, this workspace only"
    );

    let first = &accounts[0];
    assert_eq!(first.account_type.as_deref(), Some("august"));
    assert_eq!(capabilities(first), ["lock"]);
    assert!(first.accepted_capabilities.iter().all(|c| !c.is_unknown()));
    assert!(first.automatically_manage_new_devices);
    let metadata = json_of(&first.custom_metadata);
    assert_eq!(
        (&metadata["tier"], &metadata["vip"]),
        (&json!("gold"), &json!(true))
    );
    assert_eq!(first.display_name, "john@example.com");
    assert_eq!(
        first.created_at.as_ref().map(|t| t.as_str()),
        Some("2024-01-01T00:00:00.000Z")
    );
    #[allow(deprecated)]
    let email = first
        .user_identifier
        .as_ref()
        .and_then(|u| u.email.as_deref());
    assert_eq!(email, Some("john@example.com"));

    let second = &accounts[1];
    assert_eq!(
        second.account_type, None,
        "not seeded, so the fake leaves it out"
    );
    assert_eq!(second.account_type_display_name, "Unknown");
    assert!(!second.automatically_manage_new_devices);
    assert!(capabilities(second).is_empty());
}

/// The fake leaves out `errors`/`warnings` (required by the spec) and adds
/// fields the spec does not list; both must decode, the extras kept in `extra`.
#[tokio::test]
async fn fake_deviations_from_the_spec_decode_and_extras_are_kept() {
    let Some(fake) = shared_fake() else { return };
    let accounts = client(fake)
        .connected_accounts()
        .list(types::ConnectedAccountsListRequest::default())
        .await
        .expect("list");
    assert_eq!(accounts.len(), 2);
    let providers = ["august", "schlage"];
    for (account, provider) in accounts.iter().zip(providers) {
        assert!(account.errors.is_empty(), "{account:?}");
        assert!(account.warnings.is_empty(), "{account:?}");
        assert_eq!(account.extra.get("provider"), Some(&json!(provider)));
        assert_eq!(
            account.extra.get("workspace_id"),
            Some(&json!(fake.workspace_id))
        );
        assert_eq!(account.extra.get("bridge_id"), Some(&Value::Null));
        for declared in ["connected_account_id", "display_name", "custom_metadata"] {
            assert!(
                !account.extra.contains_key(declared),
                "{declared} is declared"
            );
        }
        // Re-encoding keeps the unknown fields.
        let encoded = serde_json::to_value(account).expect("encode");
        assert_eq!(encoded["provider"], json!(provider));
        assert_eq!(encoded["workspace_id"], json!(fake.workspace_id));
    }
}

#[tokio::test]
async fn get_by_id_and_by_email() {
    let Some(fake) = shared_fake() else { return };
    let client = client(fake);
    let ids = seeded_account_ids(fake);

    let by_id = client
        .connected_accounts()
        .get(get_by_id(ids[0]))
        .await
        .expect("get by id");
    assert_eq!(by_id.connected_account_id, ids[0]);
    assert_eq!(by_id.extra.get("provider"), Some(&json!("august")));

    let by_email = client
        .connected_accounts()
        .get(from_json(json!({"email": "jane@example.com"})))
        .await
        .expect("get by email");
    assert_eq!(by_email.connected_account_id, ids[1]);
}

#[tokio::test]
async fn update_custom_metadata_then_get_shows_it() {
    let Some(fake) = shared_fake() else { return };
    let client = client(fake);
    // The second account starts without metadata, so the result is the same
    // whether the server merges (the fake) or replaces (the spec).
    let id = seeded_account_ids(fake)[1];

    let updated = client
        .connected_accounts()
        .update(metadata_update(
            id,
            [("id".to_owned(), "internalId1".to_owned())],
        ))
        .await
        .expect("update");
    assert_eq!(updated.connected_account_id, id);
    assert_eq!(
        json_of(&updated.custom_metadata),
        json!({"id": "internalId1"})
    );

    let fetched = client
        .connected_accounts()
        .get(get_by_id(id))
        .await
        .expect("get");
    assert_eq!(
        json_of(&fetched.custom_metadata),
        json!({"id": "internalId1"})
    );
    assert_eq!(fetched.display_name, updated.display_name);
}

#[tokio::test]
async fn list_stream_with_limit_1_walks_every_page() {
    let Some(fake) = shared_fake() else { return };
    let client = client(fake);
    let one_per_page = types::ConnectedAccountsListRequest {
        limit: Some(1),
        ..Default::default()
    };

    let first_page = client
        .connected_accounts()
        .list(one_per_page.clone())
        .await
        .expect("first page");
    assert_eq!(first_page.len(), 1, "the fake honours limit");

    let stream = client.connected_accounts().list_stream(one_per_page);
    let items: Vec<Result<types::ConnectedAccount, Error>> = Box::pin(stream).collect().await;
    let ids: Vec<Uuid> = items
        .into_iter()
        .map(|item| item.expect("page").connected_account_id)
        .collect();
    assert_eq!(ids, seeded_account_ids(fake));
}

#[tokio::test]
async fn wrong_api_key_is_unauthorized_with_request_id() {
    let Some(fake) = shared_fake() else { return };
    let bogus = "seam_bogus_e2eWrongKey123";
    let err = client_for(fake, bogus)
        .connected_accounts()
        .list(types::ConnectedAccountsListRequest::default())
        .await
        .expect_err("a wrong key is rejected");
    match &err {
        Error::Unauthorized {
            request_id,
            message,
        } => {
            assert!(
                request_id.as_deref().is_some_and(|id| !id.is_empty()),
                "{err:?}"
            );
            assert!(!message.is_empty());
        }
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    assert_eq!(err.status(), Some(401));
    for shown in [format!("{err}"), format!("{err:?}")] {
        assert!(!shown.contains(bogus), "key leaked: {shown}");
    }
}

#[tokio::test]
async fn invalid_input_keeps_validation_details() {
    let Some(fake) = shared_fake() else { return };
    let client = client(fake);

    // Missing required field: the typed request cannot express it.
    let err = client
        .post_json::<Value, Value>("/connected_accounts/update", &json!({}))
        .await
        .expect_err("missing id is rejected");
    match &err {
        Error::InvalidInput {
            details,
            request_id,
            ..
        } => {
            assert!(request_id.is_some(), "{err:?}");
            let problems = &details["connected_account_id"]["_errors"];
            assert!(
                problems.as_array().is_some_and(|p| !p.is_empty()),
                "details: {details}"
            );
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }

    // Wrong field type.
    let err = client
        .post_json::<Value, Value>(
            "/connected_accounts/update",
            &json!({"connected_account_id": 5, "custom_metadata": {"id": "x"}}),
        )
        .await
        .expect_err("a number id is rejected");
    match &err {
        Error::InvalidInput { details, .. } => {
            assert!(
                details["connected_account_id"]["_errors"]
                    .to_string()
                    .contains("string"),
                "details: {details}"
            );
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }

    // A typed request that passes client-side validation but the fake rejects.
    let err = client
        .connected_accounts()
        .list(types::ConnectedAccountsListRequest {
            page_cursor: Some(Some("garbage".to_owned())),
            ..Default::default()
        })
        .await
        .expect_err("a garbage cursor is rejected");
    match &err {
        Error::InvalidInput { details, .. } => {
            assert!(details.get("page_cursor").is_some(), "details: {details}")
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert_eq!(err.status(), Some(400));
}

#[tokio::test]
async fn unknown_id_is_not_found() {
    let Some(fake) = shared_fake() else { return };
    let client = client(fake);
    let unknown = Uuid::parse_str("00000000-0000-4000-8000-00000000dead").unwrap();

    let err = client
        .connected_accounts()
        .get(get_by_id(unknown))
        .await
        .expect_err("unknown id on get");
    assert!(
        matches!(&err, Error::NotFound { status: 404, error_type, request_id: Some(_), .. }
            if error_type == "connected_account_not_found"),
        "{err:?}"
    );

    let err = client
        .connected_accounts()
        .update(metadata_update(
            unknown,
            [("id".to_owned(), "x".to_owned())],
        ))
        .await
        .expect_err("unknown id on update");
    assert!(
        matches!(&err, Error::NotFound { status: 404, error_type, .. }
            if error_type == "connected_account_not_found"),
        "{err:?}"
    );
}

#[tokio::test]
async fn devices_list_decodes_every_seeded_device() {
    let Some(fake) = shared_fake() else { return };
    let devices = client(fake)
        .devices()
        .list(types::DevicesListRequest::default())
        .await
        .unwrap_or_else(|e| panic!("devices list: {e}\nfake stderr:\n{}", fake.stderr_tail()));

    let mut got: Vec<Uuid> = devices.iter().map(|d| d.device_id).collect();
    let mut want = seeded_device_ids(fake);
    got.sort();
    want.sort();
    assert_eq!(got, want);

    let accounts = seeded_account_ids(fake);
    let workspace = uuid(&fake.workspace_id);
    for device in &devices {
        assert!(!device.device_type.is_unknown(), "{:?}", device.device_type);
        assert!(accounts.contains(&device.connected_account_id));
        assert_eq!(device.workspace_id, workspace);
        assert!(device.properties.online);
        assert!(device.errors.is_empty() && device.warnings.is_empty());
        assert!(device
            .capabilities_supported
            .iter()
            .all(|c| !c.is_unknown()));
    }
    let front = devices
        .iter()
        .find(|d| d.device_id == want[0])
        .expect("first seeded device");
    assert_eq!(front.device_type.as_str(), "august_lock");
    assert_eq!(json_of(&front.custom_metadata), json!({"room": "lobby"}));
    let bathroom = devices
        .iter()
        .find(|d| d.device_id == want[2])
        .expect("third seeded device");
    assert_eq!(bathroom.device_type.as_str(), "schlage_lock");
    assert_eq!(bathroom.connected_account_id, accounts[1]);
}

/// Client-side limits of `connected_accounts/update` (at most 50 metadata keys,
/// keys of at most 40 characters, string values of at most 500) fail before
/// sending. A private fake counts requests through its `seam-request-id`s.
#[tokio::test]
async fn validation_fails_before_anything_is_sent() {
    let Some(fake) = fake_seam::start() else {
        return;
    };
    let client = client(&fake);
    let id = seeded_account_ids(&fake)[0];
    let unknown = Uuid::parse_str("00000000-0000-4000-8000-00000000beef").unwrap();
    let probe = || async {
        client
            .connected_accounts()
            .get(get_by_id(unknown))
            .await
            .expect_err("probe hits an unknown id")
    };

    let before = request_number(&probe().await);

    let too_many = metadata_update(id, (0..51).map(|i| (format!("key{i}"), "v".to_owned())));
    let long_key = metadata_update(id, [("k".repeat(41), "v".to_owned())]);
    let long_value = metadata_update(id, [("note".to_owned(), "x".repeat(501))]);
    let cases = [
        (too_many, "custom_metadata", "50"),
        (long_key, "custom_metadata", "40"),
        (long_value, "custom_metadata.note", "500"),
    ];
    for (request, field, limit) in cases {
        let err = client
            .connected_accounts()
            .update(request)
            .await
            .expect_err("invalid request");
        let Error::Validation(validation) = &err else {
            panic!("expected Validation for {field}, got {err:?}");
        };
        assert_eq!(validation.violations.len(), 1, "{validation:?}");
        let violation = &validation.violations[0];
        assert_eq!(violation.field, field);
        assert!(violation.message.contains(limit), "{violation:?}");
        let shown = err.to_string();
        assert!(shown.contains(field) && shown.contains(limit), "{shown}");
    }

    let after = request_number(&probe().await);
    assert_eq!(after, before + 1, "only the probes reached the fake");
}

/// The fake answers `/locks/unlock_door` with an action attempt whose id is
/// `"action_attempt1"`, where the spec (and the real API) has a UUID. That drift is a
/// typed decode error naming the path and showing the body, never a panic. (The
/// `_and_wait` flow is tested against a mock server in `generated_client.rs`.)
#[tokio::test]
async fn unlock_door_on_the_fake_is_a_typed_decode_error_for_its_non_uuid_attempt_id() {
    let Some(fake) = shared_fake() else { return };
    let client = client(fake);
    let device_id = seeded_device_ids(fake)[0];
    let err = client
        .locks()
        .unlock_door(seam_client::types::LocksUnlockDoorRequest::new(device_id))
        .await
        .expect_err("the fake's attempt id is not a UUID");
    match &err {
        Error::Decode {
            path,
            message,
            status,
            body_excerpt,
        } => {
            assert_eq!(path, "action_attempt");
            assert!(
                message.contains("action_attempt_id") && message.contains("UnlockDoorPending"),
                "{message}"
            );
            assert_eq!(*status, 200);
            assert!(
                body_excerpt.contains("\"action_type\":\"UNLOCK_DOOR\""),
                "{body_excerpt}"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}
