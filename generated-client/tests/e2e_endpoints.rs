//! Every spec endpoint that Seam's fake (`@seamapi/fake-seam-connect` 1.86.0)
//! implements, called through the generated client.
//!
//! The fake runs once for this binary, started with `--default-seed`: the fake's own
//! default seed (workspace `seed_workspace_1`, key `seam_apikey1_token`, ids such as
//! `august_device_1`, which are not UUIDs) plus the resources `e2e/fake-seam.mjs`
//! adds for these tests (ACS users, an access group, an entrance, a device and an
//! account to delete, an unmanaged device). Tests run in parallel against it, so each
//! test changes only resources no other test reads.
//!
//! Reads are checked twice: the decoded value (typed fields), and its re-encoding
//! against the server's JSON for the same request, fetched raw (`exact`): nothing
//! added, nothing dropped. Writes are checked through a second call.
//!
//! The calls that still fail are pinned as typed errors at the end of each test, with
//! the reason; `e2e/README.md` has the whole table.
//!
//! Skipped when node or `e2e/node_modules` is missing, unless `CI` is set.

#![allow(deprecated)] // the spec deprecates some of these endpoints and fields

mod support;

use std::sync::OnceLock;
use std::time::Duration;

use futures_util::StreamExt;
use seam_client::runtime::Presence;
use seam_client::types;
use seam_client::{Error, Id, SeamClient, SeamClientBuilder, WaitOptions};
use serde_json::{json, Value};
use support::fake_seam::{self, FakeSeam};

fn shared_fake() -> Option<&'static FakeSeam> {
    static FAKE: OnceLock<Option<FakeSeam>> = OnceLock::new();
    FAKE.get_or_init(|| fake_seam::start_with(&["--default-seed"]))
        .as_ref()
}

/// The ids `fake-seam.mjs --default-seed` reports.
fn seed(fake: &FakeSeam) -> &Value {
    let seed = &fake.seed["default_seed"];
    assert!(seed.is_object(), "no default_seed in {}", fake.seed);
    seed
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string {key} in {value}"))
}

fn client_with(
    fake: &FakeSeam,
    auth: impl FnOnce(SeamClientBuilder) -> SeamClientBuilder,
) -> SeamClient {
    auth(SeamClient::builder())
        .base_url(fake.base_url.clone())
        .timeout(Duration::from_secs(10))
        .max_retries(0)
        .build()
        .expect("client builds")
}

/// A client with the default seed's API key.
fn client(fake: &FakeSeam) -> SeamClient {
    client_with(fake, |b| b.api_key(text(seed(fake), "api_key")))
}

/// Builds a generated request from its JSON form.
fn req<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not fit the request type: {e}"))
}

fn json_of<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("generated values encode")
}

/// The server's JSON for `body` at `path` (with the default seed's key), under `key`.
fn raw(fake: &FakeSeam, path: &str, body: &Value, key: &str) -> Value {
    raw_with(fake, text(seed(fake), "api_key"), path, body, key)
}

fn raw_with(fake: &FakeSeam, token: &str, path: &str, body: &Value, key: &str) -> Value {
    let response = fake.raw_post(path, Some(token), body);
    assert_eq!(
        response.status,
        200,
        "{path}: {:?}",
        String::from_utf8_lossy(&response.body)
    );
    let mut json = response.json();
    json.get_mut(key)
        .map(Value::take)
        .unwrap_or_else(|| panic!("{path} has no {key}: {json}"))
}

/// The decoded value re-encodes to exactly the server's JSON.
fn exact<T: serde::Serialize>(decoded: &T, server: &Value) {
    assert_eq!(
        &json_of(decoded),
        server,
        "decoded then re-encoded != the server's JSON"
    );
}

/// For lists other tests may grow meanwhile: each decoded item re-encodes to exactly
/// the server's item with the same id.
fn exact_items<T: serde::Serialize>(decoded: &[T], server: &Value, id: &str) {
    let server = server.as_array().expect("a list");
    for item in decoded {
        let encoded = json_of(item);
        let same = server
            .iter()
            .find(|s| s[id] == encoded[id])
            .unwrap_or_else(|| panic!("{} not in the server's list", encoded[id]));
        assert_eq!(&encoded, same);
    }
}

fn ids<T: serde::Serialize>(items: &[T], id: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| json_of(i)[id].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A typed decode error at `path` whose message names `field`, with the raw body kept.
fn assert_decode_error(err: &Error, path: &str, field: &str) -> Value {
    match err {
        Error::Decode {
            path: at,
            message,
            status: 200,
            body,
            ..
        } => {
            assert_eq!(at, path, "{err}");
            assert!(message.contains(&format!("`{field}`")), "{message}");
            body.json()
                .unwrap_or_else(|| panic!("the raw body is JSON: {body:?}"))
        }
        other => panic!("expected a Decode error at {path}, got {other:?}"),
    }
}

/// The action type and status of a known action attempt.
fn tags(attempt: &types::ActionAttempt) -> Vec<Option<&str>> {
    assert!(!attempt.is_unknown(), "{attempt:?}");
    attempt.tag_values()
}

/// The action type and status of an action attempt the spec does not list (kept whole).
fn unknown_tags(attempt: &types::ActionAttempt) -> Vec<Option<&str>> {
    assert!(attempt.is_unknown(), "{attempt:?}");
    attempt.tag_values()
}

fn attempt_id(attempt: &types::ActionAttempt) -> Id {
    Id::from(
        json_of(attempt)["action_attempt_id"]
            .as_str()
            .expect("an id"),
    )
}

fn fast_wait() -> WaitOptions {
    WaitOptions {
        timeout: Duration::from_secs(5),
        poll_interval: Duration::from_millis(20),
    }
}

#[tokio::test]
async fn workspaces() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);

    let workspace = c.workspaces().get().await.expect("get");
    assert_eq!(workspace.workspace_id, "seed_workspace_1");
    assert_eq!(workspace.workspace_id.as_uuid(), None);
    assert_eq!(workspace.name, "My Workspace");
    exact(
        &workspace,
        &raw(fake, "/workspaces/get", &json!({}), "workspace"),
    );

    let all = c.workspaces().list().await.expect("list");
    assert_eq!(ids(&all, "workspace_id"), ["seed_workspace_1"]);
    exact(
        &all,
        &raw(fake, "/workspaces/list", &json!({}), "workspaces"),
    );

    // `pat_without_workspace`: a personal access token (the seed's), sent as a bare bearer token.
    let pat = text(&seed(fake)["seed"], "seam_at1_token");
    let created = client_with(fake, |b| b.api_key(pat.to_owned()))
        .workspaces()
        .create(req(
            json!({"name": "Created by Rust", "connect_partner_name": "Acme", "is_sandbox": true}),
        ))
        .await
        .expect("create");
    assert_eq!(created.name, "Created by Rust");
    assert_eq!(created.connect_partner_name.as_deref(), Some("Acme"));
    assert!(created.is_sandbox);

    // Reset the harness's own sandbox workspace (this binary's tests use the default seed's).
    let harness = client_with(fake, |b| b.api_key(fake.api_key.clone()));
    let before = harness
        .connected_accounts()
        .list(types::ConnectedAccountsListRequest::default())
        .await
        .expect("harness accounts");
    assert_eq!(before.len(), 2);
    let attempt = harness.workspaces().reset_sandbox().await.expect("reset");
    assert_eq!(
        tags(&attempt),
        [Some("RESET_SANDBOX_WORKSPACE"), Some("pending")]
    );
    // The fake's reset empties the workspace, its API keys included.
    let err = harness
        .connected_accounts()
        .list(types::ConnectedAccountsListRequest::default())
        .await
        .expect_err("the harness key is gone");
    assert!(matches!(&err, Error::Unauthorized { .. }), "{err:?}");
}

#[tokio::test]
async fn connected_accounts() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);
    let s = seed(fake);

    let accounts = c
        .connected_accounts()
        .list(types::ConnectedAccountsListRequest::default())
        .await
        .expect("list");
    let got = ids(&accounts, "connected_account_id");
    for id in [
        "john_connected_account_id",
        "jane_connected_account_id",
        "account_to_delete",
    ] {
        assert!(got.iter().any(|g| g == id), "{id} in {got:?}");
    }
    // The fake leaves out the required `errors` and `warnings`: empty, and not written back.
    assert!(accounts
        .iter()
        .all(|a| a.errors.is_missing() && a.warnings.is_empty()));
    exact(
        &accounts,
        &raw(
            fake,
            "/connected_accounts/list",
            &json!({}),
            "connected_accounts",
        ),
    );

    let jane: types::ConnectedAccount = c
        .connected_accounts()
        .get(req(
            json!({"connected_account_id": "jane_connected_account_id"}),
        ))
        .await
        .expect("get");
    assert_eq!(jane.connected_account_id, "jane_connected_account_id");
    assert_eq!(jane.extra.get("provider"), Some(&json!("schlage")));
    exact(
        &jane,
        &raw(
            fake,
            "/connected_accounts/get",
            &json!({"connected_account_id": "jane_connected_account_id"}),
            "connected_account",
        ),
    );

    let mut update = types::ConnectedAccountsUpdateRequest::new("jane_connected_account_id");
    update.custom_metadata = Some(req(json!({"tier": "gold"})));
    let updated = c.connected_accounts().update(update).await.expect("update");
    assert_eq!(json_of(&updated.custom_metadata), json!({"tier": "gold"}));
    let again = c
        .connected_accounts()
        .get(req(json!({"email": "jane@example.com"})))
        .await
        .expect("get after update");
    assert_eq!(json_of(&again.custom_metadata), json!({"tier": "gold"}));

    let doomed = text(s, "connected_account_to_delete");
    c.connected_accounts()
        .delete(types::ConnectedAccountsDeleteRequest::new(doomed))
        .await
        .expect("delete");
    let err = c
        .connected_accounts()
        .get(req(json!({"connected_account_id": doomed})))
        .await
        .expect_err("deleted");
    assert!(
        matches!(&err, Error::NotFound { error_type, .. } if error_type == "connected_account_not_found"),
        "{err:?}"
    );

    // `_stream`: one account per page, every page.
    let pages = types::ConnectedAccountsListRequest {
        limit: Some(1),
        ..Default::default()
    };
    let streamed: Vec<types::ConnectedAccount> = c
        .connected_accounts()
        .list_stream(pages)
        .map(|a| a.expect("page"))
        .collect()
        .await;
    let streamed = ids(&streamed, "connected_account_id");
    assert!(!streamed.iter().any(|id| id == doomed));
    assert!(streamed.len() >= 3, "{streamed:?}");
}

#[tokio::test]
async fn devices_locks_and_action_attempts() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);
    let s = seed(fake);

    let devices = c
        .devices()
        .list(types::DevicesListRequest::default())
        .await
        .expect("list");
    let got = ids(&devices, "device_id");
    for id in [
        "august_device_1",
        "august_device_2",
        "ecobee_device_1",
        "minut_device_1",
        "schlage_device_id",
        "device_to_delete",
    ] {
        assert!(got.iter().any(|g| g == id), "{id} in {got:?}");
    }
    assert!(!got.iter().any(|g| g == "unmanaged_device_1"));
    exact(&devices, &raw(fake, "/devices/list", &json!({}), "devices"));
    let streamed: Vec<types::Device> = c
        .devices()
        .list_stream(types::DevicesListRequest::default())
        .map(|d| d.expect("page"))
        .collect()
        .await;
    assert_eq!(ids(&streamed, "device_id"), got);

    let front = c
        .devices()
        .get(req(json!({"device_id": "august_device_1"})))
        .await
        .expect("get");
    assert_eq!(front.device_id, "august_device_1");
    assert_eq!(front.device_type.as_str(), "august_lock");
    exact(
        &front,
        &raw(
            fake,
            "/devices/get",
            &json!({"device_id": "august_device_1"}),
            "device",
        ),
    );

    c.devices()
        .update(req(
            json!({"device_id": "august_device_2", "name": "Renamed Back Door"}),
        ))
        .await
        .expect("update");
    let back = c
        .devices()
        .get(req(json!({"device_id": "august_device_2"})))
        .await
        .expect("get after update");
    assert_eq!(json_of(&back)["properties"]["name"], "Renamed Back Door");

    let providers = c
        .devices()
        .list_device_providers(req(json!({})))
        .await
        .expect("list_device_providers");
    assert!(ids(&providers, "device_provider_name")
        .iter()
        .any(|p| p == "august"));
    exact(
        &providers,
        &raw(
            fake,
            "/devices/list_device_providers",
            &json!({}),
            "device_providers",
        ),
    );

    // Unmanaged devices: the fake's list has no `pagination`, a sibling the method does not return.
    let unmanaged = c
        .devices()
        .unmanaged()
        .list(types::DevicesUnmanagedListRequest::default())
        .await
        .expect("unmanaged list");
    assert_eq!(ids(&unmanaged, "device_id"), ["unmanaged_device_1"]);
    exact(
        &unmanaged,
        &raw(fake, "/devices/unmanaged/list", &json!({}), "devices"),
    );
    let streamed: Vec<types::UnmanagedDevice> = c
        .devices()
        .unmanaged()
        .list_stream(types::DevicesUnmanagedListRequest::default())
        .map(|d| d.expect("a page without pagination is the last"))
        .collect()
        .await;
    assert_eq!(ids(&streamed, "device_id"), ["unmanaged_device_1"]);
    let one = c
        .devices()
        .unmanaged()
        .get(req(json!({"device_id": "unmanaged_device_1"})))
        .await
        .expect("unmanaged get");
    assert_eq!(one.device_id, "unmanaged_device_1");
    exact(
        &one,
        &raw(
            fake,
            "/devices/unmanaged/get",
            &json!({"device_id": "unmanaged_device_1"}),
            "device",
        ),
    );
    c.devices()
        .unmanaged()
        .update(req(
            json!({"device_id": "unmanaged_device_1", "is_managed": true}),
        ))
        .await
        .expect("unmanaged update");
    let managed = c
        .devices()
        .get(req(json!({"device_id": "unmanaged_device_1"})))
        .await
        .expect("now managed");
    assert_eq!(json_of(&managed)["is_managed"], true);

    let doomed = text(s, "device_to_delete");
    c.devices()
        .delete(types::DevicesDeleteRequest::new(doomed))
        .await
        .expect("delete");
    let err = c
        .devices()
        .get(req(json!({"device_id": doomed})))
        .await
        .expect_err("deleted");
    assert!(matches!(&err, Error::NotFound { .. }), "{err:?}");

    // Locks.
    let locks = c
        .locks()
        .list(types::LocksListRequest::default())
        .await
        .expect("locks list");
    let lock_ids = ids(&locks, "device_id");
    assert!(
        lock_ids.iter().any(|l| l == "august_device_1")
            && !lock_ids.iter().any(|l| l == "ecobee_device_1")
    );
    exact(&locks, &raw(fake, "/locks/list", &json!({}), "devices"));
    let lock = c
        .locks()
        .get(req(json!({"device_id": "august_device_1"})))
        .await
        .expect("locks get");
    assert_eq!(lock.device_id, "august_device_1");
    exact(
        &lock,
        &raw(
            fake,
            "/locks/get",
            &json!({"device_id": "august_device_1"}),
            "device",
        ),
    );

    let unlock = c
        .locks()
        .unlock_door(types::LocksUnlockDoorRequest::new("august_device_1"))
        .await
        .expect("unlock");
    assert_eq!(tags(&unlock), [Some("UNLOCK_DOOR"), Some("pending")]);
    let unlocked = c
        .devices()
        .get(req(json!({"device_id": "august_device_1"})))
        .await
        .expect("get");
    assert_eq!(json_of(&unlocked)["properties"]["locked"], false);

    // The fake settles attempts at once, with `"result": null`.
    let id = attempt_id(&unlock);
    assert_eq!(id.as_uuid(), None, "the fake's ids are not UUIDs: {id}");
    let settled = c
        .action_attempts()
        .get(types::ActionAttemptsGetRequest::new(id.clone()))
        .await
        .expect("action_attempts get");
    match &settled {
        types::ActionAttempt::UnlockDoorSuccess(a) => {
            assert_eq!(a.action_attempt_id, id);
            assert_eq!(a.result.presence(), Presence::Null);
            assert_eq!(a.result.was_confirmed_by_device, None);
        }
        other => panic!("expected UnlockDoorSuccess, got {other:?}"),
    }
    exact(
        &settled,
        &raw(
            fake,
            "/action_attempts/get",
            &json!({"action_attempt_id": id}),
            "action_attempt",
        ),
    );

    let locked = c
        .locks()
        .lock_door_and_wait(
            types::LocksLockDoorRequest::new("august_device_1"),
            &fast_wait(),
        )
        .await
        .expect("lock and wait");
    assert_eq!(tags(&locked), [Some("LOCK_DOOR"), Some("success")]);
    let relocked = c
        .devices()
        .get(req(json!({"device_id": "august_device_1"})))
        .await
        .expect("get");
    assert_eq!(json_of(&relocked)["properties"]["locked"], true);
    let unlocked = c
        .locks()
        .unlock_door_and_wait(
            types::LocksUnlockDoorRequest::new("august_device_2"),
            &fast_wait(),
        )
        .await
        .expect("unlock and wait");
    assert!(
        matches!(unlocked, types::ActionAttempt::UnlockDoorSuccess(_)),
        "{unlocked:?}"
    );

    let listed = c
        .action_attempts()
        .list(req(
            json!({"action_attempt_ids": [id, attempt_id(&locked)]}),
        ))
        .await
        .expect("action_attempts list");
    assert_eq!(
        listed.iter().map(tags).collect::<Vec<_>>(),
        [
            [Some("UNLOCK_DOOR"), Some("success")],
            [Some("LOCK_DOOR"), Some("success")]
        ]
    );
    exact(
        &listed,
        &raw(
            fake,
            "/action_attempts/list",
            &json!({"action_attempt_ids": [id, attempt_id(&locked)]}),
            "action_attempts",
        ),
    );
}

#[tokio::test]
async fn thermostats() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);
    let ecobee = "ecobee_device_1";

    // The fake's thermostat attempts (`SET_COOL`, ...) are types the spec does not list
    // (it has `SET_HVAC_MODE`): kept whole as `Unknown`, tags readable, waitable.
    let cool = c
        .thermostats()
        .cool(req(
            json!({"device_id": ecobee, "cooling_set_point_celsius": 22}),
        ))
        .await
        .expect("cool");
    assert_eq!(unknown_tags(&cool), [Some("SET_COOL"), Some("pending")]);
    let heat = c
        .thermostats()
        .heat(req(
            json!({"device_id": ecobee, "heating_set_point_celsius": 20}),
        ))
        .await
        .expect("heat");
    assert_eq!(unknown_tags(&heat), [Some("SET_HEAT"), Some("pending")]);
    let heat_cool = c
        .thermostats()
        .heat_cool(req(json!({"device_id": ecobee, "heating_set_point_celsius": 19, "cooling_set_point_celsius": 25})))
        .await
        .expect("heat_cool");
    assert_eq!(
        unknown_tags(&heat_cool),
        [Some("SET_HEAT_COOL"), Some("pending")]
    );
    let settled = c
        .action_attempts()
        .get(types::ActionAttemptsGetRequest::new(attempt_id(&heat_cool)))
        .await
        .expect("the attempt settles");
    assert_eq!(
        unknown_tags(&settled),
        [Some("SET_HEAT_COOL"), Some("success")]
    );
    let fan = c
        .thermostats()
        .set_fan_mode_and_wait(
            req(json!({"device_id": ecobee, "fan_mode_setting": "on"})),
            &fast_wait(),
        )
        .await
        .expect("set_fan_mode and wait");
    match &fan {
        types::ActionAttempt::SetFanModeSuccess(a) => assert!(a.result.is_null()),
        other => panic!("expected SetFanModeSuccess, got {other:?}"),
    }
    let fan_device = c
        .devices()
        .get(req(json!({"device_id": ecobee})))
        .await
        .expect("get");
    assert_eq!(json_of(&fan_device)["properties"]["fan_mode_setting"], "on");
    let off = c
        .thermostats()
        .off_and_wait(req(json!({"device_id": ecobee})), &fast_wait())
        .await
        .expect("off and wait");
    assert_eq!(
        unknown_tags(&off),
        [Some("SET_THERMOSTAT_OFF"), Some("success")]
    );
    let device = c
        .devices()
        .get(req(json!({"device_id": ecobee})))
        .await
        .expect("get");
    let climate = &json_of(&device)["properties"]["current_climate_setting"];
    assert_eq!(climate["hvac_mode_setting"], "off", "{climate}");

    // The fake answers `thermostats` where the spec's response key is `devices`.
    let err = c
        .thermostats()
        .list(types::ThermostatsListRequest::default())
        .await
        .expect_err("no `devices` key");
    let body = assert_decode_error(&err, ".", "devices");
    assert_eq!(body["thermostats"][0]["device_id"], ecobee);
}

#[tokio::test]
async fn access_codes() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);
    let device = "august_device_1";

    // The spec's body also requires an `action_attempt`, which the fake does not send.
    let created = c
        .access_codes()
        .create(req(
            json!({"device_id": device, "code": "1234", "name": "Front code"}),
        ))
        .await
        .expect("create");
    assert_eq!(created.device_id, device);
    assert_eq!(created.code.as_deref(), Some("1234"));
    let code_id = created.access_code_id.clone();

    let got = c
        .access_codes()
        .get(req(json!({"access_code_id": code_id})))
        .await
        .expect("get");
    assert_eq!(got.name.as_deref(), Some("Front code"));
    exact(
        &got,
        &raw(
            fake,
            "/access_codes/get",
            &json!({"access_code_id": code_id}),
            "access_code",
        ),
    );

    let listed = c
        .access_codes()
        .list(req(json!({"device_id": device})))
        .await
        .expect("list");
    assert!(ids(&listed, "access_code_id").contains(&code_id.to_string()));
    exact_items(
        &listed,
        &raw(
            fake,
            "/access_codes/list",
            &json!({"device_id": device}),
            "access_codes",
        ),
        "access_code_id",
    );

    let update = c
        .access_codes()
        .update(req(
            json!({"access_code_id": code_id, "name": "Renamed code"}),
        ))
        .await
        .expect("update");
    assert_eq!(tags(&update), [Some("UPDATE_ACCESS_CODE"), Some("pending")]);
    let renamed = c
        .access_codes()
        .get(req(json!({"access_code_id": code_id})))
        .await
        .expect("get");
    assert_eq!(renamed.name.as_deref(), Some("Renamed code"));

    let many = c
        .access_codes()
        .create_multiple(req(
            json!({"device_ids": ["august_device_1", "august_device_2"], "code": "5678"}),
        ))
        .await
        .expect("create_multiple");
    assert_eq!(
        many.iter()
            .map(|a| a.device_id.as_str())
            .collect::<Vec<_>>(),
        ["august_device_1", "august_device_2"]
    );
    assert!(many.iter().all(|a| a.code.as_deref() == Some("5678")));

    // The spec types `generated_code` as a whole access code; the fake sends only
    // `{device_id, code}`, without the required `access_code_id`.
    let err = c
        .access_codes()
        .generate_code(req(json!({"device_id": device})))
        .await
        .expect_err("generate_code");
    let body = assert_decode_error(&err, "generated_code", "access_code_id");
    assert_eq!(body["generated_code"]["device_id"], device);
    assert!(body["generated_code"]["code"]
        .as_str()
        .is_some_and(|code| code.chars().all(|ch| ch.is_ascii_digit())));

    let timed = c
        .access_codes()
        .create(req(json!({"device_id": device, "code": "9999", "name": "Timed", "starts_at": "2030-01-01T00:00:00Z", "ends_at": "2030-01-02T00:00:00Z"})))
        .await
        .expect("create time bound");
    // The spec's response key is `access_code`; the fake sends only `backup_access_code`.
    let err = c
        .access_codes()
        .pull_backup_access_code(req(json!({"access_code_id": timed.access_code_id})))
        .await
        .expect_err("pull_backup_access_code");
    let body = assert_decode_error(&err, ".", "access_code");
    assert_eq!(body["backup_access_code"]["is_backup"], true);
    assert_eq!(
        body["backup_access_code"]["ends_at"],
        "2030-01-02T00:00:00.000Z"
    );

    let deleted = c
        .access_codes()
        .delete(req(json!({"access_code_id": many[0].access_code_id})))
        .await
        .expect("delete");
    assert_eq!(
        tags(&deleted),
        [Some("DELETE_ACCESS_CODE"), Some("pending")]
    );
    let err = c
        .access_codes()
        .get(req(json!({"access_code_id": many[0].access_code_id})))
        .await
        .expect_err("deleted");
    assert!(matches!(&err, Error::NotFound { .. }), "{err:?}");

    // The fake's `access_code.deleted` event lacks the spec's required `device_id`.
    let err = c
        .events()
        .list(req(
            json!({"since": "2020-01-01T00:00:00Z", "event_type": "access_code.deleted"}),
        ))
        .await
        .expect_err("events of the deleted code");
    let body = assert_decode_error(&err, "events[0]", "device_id");
    assert_eq!(
        body["events"][0]["access_code_id"],
        json_of(&many[0].access_code_id)
    );

    // Unmanaged codes (the managed ones of this device are not listed).
    let unmanaged = c
        .access_codes()
        .simulate()
        .create_unmanaged_access_code(req(
            json!({"device_id": "august_device_2", "name": "Found on the lock", "code": "4321"}),
        ))
        .await
        .expect("create_unmanaged_access_code");
    assert_eq!(unmanaged.code.as_deref(), Some("4321"));
    let listed = c
        .access_codes()
        .unmanaged()
        .list(req(json!({"device_id": "august_device_2"})))
        .await
        .expect("unmanaged list");
    assert_eq!(
        ids(&listed, "access_code_id"),
        [unmanaged.access_code_id.to_string()]
    );
    exact(
        &listed,
        &raw(
            fake,
            "/access_codes/unmanaged/list",
            &json!({"device_id": "august_device_2"}),
            "access_codes",
        ),
    );
    c.access_codes()
        .unmanaged()
        .update(req(
            json!({"access_code_id": unmanaged.access_code_id, "is_managed": true}),
        ))
        .await
        .expect("unmanaged update");
    let now_managed = c
        .access_codes()
        .get(req(json!({"access_code_id": unmanaged.access_code_id})))
        .await
        .expect("managed now");
    assert_eq!(now_managed.code.as_deref(), Some("4321"));
}

#[tokio::test]
async fn acs() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);
    let s = seed(fake);
    let system = text(s, "acs_system_id");
    let users: Vec<&str> = s["acs_user_ids"]
        .as_array()
        .expect("acs users")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let group = text(s, "acs_access_group_id");
    let entrance = text(s, "acs_entrance_id");

    // The fake's acs_system lacks the spec's required `image_alt_text` (and `image_url`,
    // `is_credential_manager`, `location`).
    let err = c
        .acs()
        .systems()
        .list(req(json!({})))
        .await
        .expect_err("systems list");
    let body = assert_decode_error(&err, "acs_systems[0]", "image_alt_text");
    assert_eq!(body["acs_systems"][0]["acs_system_id"], system);
    let err = c
        .acs()
        .systems()
        .get(req(json!({"acs_system_id": system})))
        .await
        .expect_err("systems get");
    assert_decode_error(&err, "acs_system", "image_alt_text");

    // The fake's acs_entrance lacks the spec's required `connected_account_id`.
    let err = c
        .acs()
        .entrances()
        .list(req(json!({})))
        .await
        .expect_err("entrances list");
    let body = assert_decode_error(&err, "acs_entrances[0]", "connected_account_id");
    assert_eq!(body["acs_entrances"][0]["display_name"], "Main entrance");
    let err = c
        .acs()
        .entrances()
        .get(req(json!({"acs_entrance_id": entrance})))
        .await
        .expect_err("entrances get");
    assert_decode_error(&err, "acs_entrance", "connected_account_id");
    c.acs()
        .entrances()
        .grant_access(req(
            json!({"acs_entrance_id": entrance, "acs_user_id": users[0]}),
        ))
        .await
        .expect("grant_access");

    let err = c
        .acs()
        .users()
        .get(req(json!({"acs_user_id": users[1]})))
        .await
        .expect_err("the fake's acs_user has no connected_account_id");
    assert_decode_error(&err, "acs_user", "connected_account_id");

    let err = c
        .acs()
        .users()
        .list(req(json!({})))
        .await
        .expect_err("same for the list");
    assert_decode_error(&err, "acs_users[0]", "connected_account_id");
    let err = c
        .acs()
        .users()
        .create(req(json!({"acs_system_id": system, "full_name": "Dave New", "email_address": "dave@example.com"})))
        .await
        .expect_err("same for create");
    let body = assert_decode_error(&err, "acs_user", "connected_account_id");
    assert_eq!(body["acs_user"]["full_name"], "Dave New");

    // Writes, checked through the raw JSON (the typed reads fail as above).
    let user_json = |id: &str| {
        raw(
            fake,
            "/acs/users/get",
            &json!({"acs_user_id": id}),
            "acs_user",
        )
    };
    c.acs()
        .users()
        .suspend(req(json!({"acs_user_id": users[1]})))
        .await
        .expect("suspend");
    assert_eq!(user_json(users[1])["is_suspended"], true);
    c.acs()
        .users()
        .unsuspend(req(json!({"acs_user_id": users[1]})))
        .await
        .expect("unsuspend");
    assert_eq!(user_json(users[1])["is_suspended"], false);
    c.acs()
        .users()
        .update(req(json!({"acs_user_id": users[1], "full_name": "Robert"})))
        .await
        .expect("update");
    assert_eq!(user_json(users[1])["full_name"], "Robert");
    c.acs()
        .users()
        .add_to_access_group(req(
            json!({"acs_user_id": users[1], "acs_access_group_id": group}),
        ))
        .await
        .expect("add_to_access_group");
    c.acs()
        .users()
        .remove_from_access_group(req(
            json!({"acs_user_id": users[1], "acs_access_group_id": group}),
        ))
        .await
        .expect("remove_from_access_group");
    c.acs()
        .users()
        .delete(req(json!({"acs_user_id": users[2]})))
        .await
        .expect("delete");
    let gone = fake.raw_post(
        "/acs/users/get",
        Some(text(s, "api_key")),
        &json!({"acs_user_id": users[2]}),
    );
    assert_eq!(
        gone.status,
        404,
        "{:?}",
        String::from_utf8_lossy(&gone.body)
    );
}

#[tokio::test]
async fn noise_thresholds() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);
    let sensor = "minut_device_1";

    let listed = c
        .noise_sensors()
        .noise_thresholds()
        .list(req(json!({"device_id": sensor})))
        .await
        .expect("list");
    assert!(
        listed.iter().any(|t| t.name == "builtin_normal_hours"),
        "{listed:?}"
    );

    let created = c
        .noise_sensors()
        .noise_thresholds()
        .create(req(json!({"device_id": sensor, "starts_daily_at": "20:00:00[America/Los_Angeles]", "ends_daily_at": "08:00:00[America/Los_Angeles]", "noise_threshold_decibels": 50})))
        .await
        .expect("create");
    assert_eq!(created.device_id, sensor);
    assert_eq!(json_of(&created)["noise_threshold_decibels"], 50);
    let id = created.noise_threshold_id.clone();

    let got = c
        .noise_sensors()
        .noise_thresholds()
        .get(req(json!({"noise_threshold_id": id})))
        .await
        .expect("get");
    assert_eq!(got, created);
    exact(
        &got,
        &raw(
            fake,
            "/noise_sensors/noise_thresholds/get",
            &json!({"noise_threshold_id": id}),
            "noise_threshold",
        ),
    );

    let update = c
        .noise_sensors()
        .noise_thresholds()
        .update(req(json!({"device_id": sensor, "noise_threshold_id": id, "name": "night", "noise_threshold_decibels": 55})))
        .await
        .expect("update");
    assert_eq!(
        tags(&update),
        [Some("UPDATE_NOISE_THRESHOLD"), Some("pending")]
    );
    let updated = c
        .noise_sensors()
        .noise_thresholds()
        .get(req(json!({"noise_threshold_id": id})))
        .await
        .expect("get after update");
    assert_eq!(
        (
            updated.name.as_str(),
            json_of(&updated)["noise_threshold_decibels"].clone()
        ),
        ("night", json!(55))
    );

    let deleted = c
        .noise_sensors()
        .noise_thresholds()
        .delete(req(json!({"device_id": sensor, "noise_threshold_id": id})))
        .await
        .expect("delete");
    assert_eq!(
        tags(&deleted),
        [Some("DELETE_NOISE_THRESHOLD"), Some("pending")]
    );
    let remaining = c
        .noise_sensors()
        .noise_thresholds()
        .list(req(json!({"device_id": sensor})))
        .await
        .expect("list after delete");
    assert!(!ids(&remaining, "noise_threshold_id").contains(&id.to_string()));
    exact(
        &remaining,
        &raw(
            fake,
            "/noise_sensors/noise_thresholds/list",
            &json!({"device_id": sensor}),
            "noise_thresholds",
        ),
    );
}

#[tokio::test]
async fn client_sessions_and_connect_webviews() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);

    let session = c
        .client_sessions()
        .create(req(json!({"user_identifier_key": "rust_user_1"})))
        .await
        .expect("create");
    assert_eq!(session.user_identifier_key.as_deref(), Some("rust_user_1"));
    let got = c
        .client_sessions()
        .get(req(json!({"client_session_id": session.client_session_id})))
        .await
        .expect("get");
    assert_eq!(got.client_session_id, session.client_session_id);
    exact(
        &got,
        &raw(
            fake,
            "/client_sessions/get",
            &json!({"client_session_id": session.client_session_id}),
            "client_session",
        ),
    );

    let publishable = text(&seed(fake)["seed"], "seam_pk1_token");
    let same = client_with(fake, |b| b.publishable_key(publishable.to_owned()))
        .client_sessions()
        .get_or_create(req(json!({"user_identifier_key": "rust_user_2"})))
        .await
        .expect("get_or_create");
    assert_eq!(same.user_identifier_key.as_deref(), Some("rust_user_2"));

    let webview = c
        .connect_webviews()
        .create(req(json!({"accepted_providers": ["august"], "custom_redirect_url": "https://example.com/done"})))
        .await
        .expect("create webview");
    assert_eq!(json_of(&webview)["accepted_providers"], json!(["august"]));
    assert_eq!(
        json_of(&webview)["custom_redirect_url"],
        "https://example.com/done"
    );
    let id = webview.connect_webview_id.clone();
    let got = c
        .connect_webviews()
        .get(req(json!({"connect_webview_id": id})))
        .await
        .expect("get webview");
    assert_eq!(got, webview);
    exact(
        &got,
        &raw(
            fake,
            "/connect_webviews/get",
            &json!({"connect_webview_id": id}),
            "connect_webview",
        ),
    );
    let all = c
        .connect_webviews()
        .list(req(json!({})))
        .await
        .expect("list webviews");
    assert!(ids(&all, "connect_webview_id").contains(&id.to_string()));
    exact_items(
        &all,
        &raw(
            fake,
            "/connect_webviews/list",
            &json!({}),
            "connect_webviews",
        ),
        "connect_webview_id",
    );
}

#[tokio::test]
async fn events() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);

    let event = c
        .events()
        .get(req(json!({"event_id": "event1"})))
        .await
        .expect("get")
        .expect("event1 exists");
    match &event {
        types::Event::DeviceConnected(e) => assert_eq!(e.device_id, "august_device_1"),
        other => panic!("expected DeviceConnected, got {other:?}"),
    }
    exact(
        &event,
        &raw(fake, "/events/get", &json!({"event_id": "event1"}), "event"),
    );

    // Filtered, since other tests add events meanwhile (see `access_codes` for one that fails).
    let since = json!({"since": "2020-01-01T00:00:00Z", "event_type": "device.connected"});
    let events = c.events().list(req(since.clone())).await.expect("list");
    assert!(ids(&events, "event_id").contains(&"event1".to_owned()));
    assert!(events.iter().all(|e| !e.is_unknown()), "{events:?}");
    exact_items(
        &events,
        &raw(fake, "/events/list", &since, "events"),
        "event_id",
    );
}

#[tokio::test]
async fn webhooks() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);

    let hook = c
        .webhooks()
        .create(req(
            json!({"url": "https://example.com/rust-hook", "event_types": ["device.connected"]}),
        ))
        .await
        .expect("create");
    assert_eq!(hook.url, "https://example.com/rust-hook");
    let id = hook.webhook_id.clone();
    let got = c
        .webhooks()
        .get(req(json!({"webhook_id": id})))
        .await
        .expect("get");
    assert_eq!(got, hook);
    exact(
        &got,
        &raw(fake, "/webhooks/get", &json!({"webhook_id": id}), "webhook"),
    );
    let all = c.webhooks().list().await.expect("list");
    assert_eq!(ids(&all, "webhook_id"), [id.to_string()]);
    exact(&all, &raw(fake, "/webhooks/list", &json!({}), "webhooks"));
    c.webhooks()
        .delete(req(json!({"webhook_id": id})))
        .await
        .expect("delete");
    assert!(c
        .webhooks()
        .list()
        .await
        .expect("list after delete")
        .is_empty());
}

#[tokio::test]
async fn bridge_client_sessions() {
    let Some(fake) = shared_fake() else { return };
    let token = text(seed(fake), "bridge_client_session_token");
    let bridge = client_with(fake, |b| b.api_key(token.to_owned()));

    bridge
        .seam()
        .bridge()
        .v1()
        .bridge_client_sessions()
        .report_status(req(
            json!({"is_tailscale_connected": true, "tailscale_ip_v4": "100.64.0.1"}),
        ))
        .await
        .expect("report_status");
    let systems = bridge
        .seam()
        .bridge()
        .v1()
        .bridge_connected_systems()
        .list()
        .await
        .expect("bridge_connected_systems list");
    assert!(systems.is_empty());
    exact(
        &systems,
        &raw_with(
            fake,
            token,
            "/seam/bridge/v1/bridge_connected_systems/list",
            &json!({}),
            "bridge_connected_systems",
        ),
    );

    // The fake's session lacks `errors` and the nullable `telemetry_*`: tolerated, not written back.
    let (seam, bridge_group);
    seam = bridge.seam();
    bridge_group = seam.bridge();
    let v1 = bridge_group.v1();
    let sessions = v1.bridge_client_sessions();
    let session = sessions.get().await.expect("get");
    assert_eq!(session.bridge_client_session_id, "bcs1");
    assert!(session.errors.is_missing() && session.telemetry_token.is_missing());
    exact(
        &session,
        &raw_with(
            fake,
            token,
            "/seam/bridge/v1/bridge_client_sessions/get",
            &json!({}),
            "bridge_client_session",
        ),
    );
    let regenerated = sessions
        .regenerate_pairing_code()
        .await
        .expect("regenerate_pairing_code");
    assert_eq!(regenerated.bridge_client_session_id, "bcs1");
    assert_eq!(regenerated.pairing_code.len(), 6);
    let again = sessions.get().await.expect("get after regenerate");
    assert_eq!(again.pairing_code, regenerated.pairing_code);
    let created = sessions
        .create(req(json!({"bridge_client_name": "rust_bridge", "bridge_client_time_zone": "UTC", "bridge_client_machine_identifier_key": "rust_machine"})))
        .await
        .expect("create");
    assert_eq!(
        (
            created.bridge_client_name.as_str(),
            created.bridge_client_time_zone.as_str()
        ),
        ("rust_bridge", "UTC")
    );
    // The new session's token works.
    let own = client_with(fake, |b| {
        b.api_key(created.bridge_client_session_token.clone())
    });
    let (seam, bridge_group);
    seam = own.seam();
    bridge_group = seam.bridge();
    let v1 = bridge_group.v1();
    let mine = v1
        .bridge_client_sessions()
        .get()
        .await
        .expect("get with the new token");
    assert_eq!(
        mine.bridge_client_session_id,
        created.bridge_client_session_id
    );
}

/// The fake registers these routes but answers every call with HTTP 500
/// "Not implemented!": the client reports that as a typed `Http` error.
#[tokio::test]
async fn user_identities_are_not_implemented_by_the_fake() {
    let Some(fake) = shared_fake() else { return };
    let c = client(fake);
    let err = c
        .user_identities()
        .create(req(
            json!({"email_address": "uid@example.com", "full_name": "U Id"}),
        ))
        .await
        .expect_err("create");
    assert!(
        matches!(&err, Error::Http { status: 500, body_excerpt, .. } if body_excerpt == "Not implemented!"),
        "{err:?}"
    );
    let err = c
        .user_identities()
        .add_acs_user(req(json!({"user_identity_id": "8d3c2b1a-7e6f-4a5b-9c8d-0e1f2a3b00aa", "acs_user_id": "8d3c2b1a-7e6f-4a5b-9c8d-0e1f2a3b00bb"})))
        .await
        .expect_err("add_acs_user");
    assert!(
        matches!(&err, Error::Http { status: 500, body_excerpt, .. } if body_excerpt == "Not implemented!"),
        "{err:?}"
    );
}
