//! Real-shaped documents decode into the generated types, unknown codes and tags
//! included, and re-encode to the same JSON (compared as values).

use serde_json::Value;

use seam_client::types::{
    AcceptedCapabilitiesItem, ActionAttempt, ConnectedAccount, ConnectedAccountErrorsItem,
    ConnectedAccountWarningsItem, Event,
};

fn document(name: &str) -> Value {
    let path = format!("{}/tests/documents/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Decode, re-encode, and check nothing was lost or changed.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str) -> T {
    let input = document(name);
    let value: T = serde_path_to_error::deserialize(&input)
        .unwrap_or_else(|e| panic!("{name}: {} at {}", e.inner(), e.path()));
    let output = serde_json::to_value(&value).unwrap();
    assert_eq!(
        normalize(output),
        normalize(input),
        "{name} did not survive a round trip"
    );
    value
}

/// JSON numbers compared by value (`1` and `1.0` are the same number).
fn normalize(v: Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .map(|f| serde_json::json!(f))
            .unwrap_or(Value::Number(n)),
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

#[test]
fn connected_account_from_the_docs() {
    let account: ConnectedAccount = round_trip("connected_account_docs_example.json");
    assert_eq!(account.account_type.as_deref(), Some("salto_space"));
    assert_eq!(
        account.accepted_capabilities,
        vec![
            AcceptedCapabilitiesItem::Lock,
            AcceptedCapabilitiesItem::Thermostat
        ]
    );
    assert_eq!(
        account.created_at.as_ref().map(|t| t.to_utc().timestamp()),
        Some(1_750_006_457)
    );
    assert_eq!(
        account.connected_account_id.to_string(),
        "a289aa54-5488-4707-9a4b-eeea4edf311d"
    );
    assert!(account.errors.is_empty() && account.warnings.is_empty());
    assert_eq!(account.custom_metadata.len(), 2);
}

#[test]
fn connected_account_with_known_and_unknown_codes() {
    let account: ConnectedAccount = round_trip("connected_account_mixed_codes.json");
    assert!(
        matches!(&account.errors[0], ConnectedAccountErrorsItem::AccountDisconnected(e) if e.message == "Account is disconnected")
    );
    match &account.errors[1] {
        ConnectedAccountErrorsItem::Unknown(raw) => {
            assert_eq!(raw["error_code"], "brand_new_error_code_from_2027")
        }
        other => panic!("expected the unknown code to be kept, got {other:?}"),
    }
    assert_eq!(
        account.errors[1].tag_values(),
        vec![Some("brand_new_error_code_from_2027")]
    );
    assert!(matches!(
        account.warnings[0],
        ConnectedAccountWarningsItem::ScheduledMaintenanceWindow(_)
    ));
    assert!(account.warnings[1].is_unknown());
    // An unknown enum value is kept, not an error.
    assert_eq!(
        account.accepted_capabilities[2],
        AcceptedCapabilitiesItem::Unknown("teleporter".into())
    );
    // Fields the spec does not list are kept.
    assert_eq!(account.extra.get("provider"), Some(&Value::from("august")));
}

#[test]
fn event_known_and_unknown_types() {
    let event: Event = round_trip("event_connected_account_disconnected.json");
    match &event {
        Event::ConnectedAccountDisconnected(e) => {
            assert_eq!(e.connected_account_errors.len(), 1);
            assert_eq!(
                e.event_description.as_deref(),
                Some("The connected account was disconnected.")
            );
        }
        other => panic!("wrong variant {other:?}"),
    }
    let unknown: Event = round_trip("event_unknown_type.json");
    assert!(unknown.is_unknown());
    assert_eq!(unknown.tag_values(), vec![Some("hoverboard.levitated")]);
}

#[test]
fn action_attempts_by_type_and_status() {
    let success: ActionAttempt = round_trip("action_attempt_unlock_success.json");
    match &success {
        ActionAttempt::UnlockDoorSuccess(a) => {
            assert_eq!(a.result.was_confirmed_by_device, Some(true))
        }
        other => panic!("wrong variant {other:?}"),
    }
    let pending: ActionAttempt = round_trip("action_attempt_lock_pending.json");
    assert!(matches!(pending, ActionAttempt::LockDoorPending(_)));
    let unknown: ActionAttempt = round_trip("action_attempt_unknown_pair.json");
    assert_eq!(
        unknown.tag_values(),
        vec![Some("OPEN_POD_BAY_DOORS"), Some("success")]
    );
}

#[test]
fn a_known_tag_with_a_broken_payload_is_an_error_naming_the_variant() {
    let input = serde_json::json!({"error_code": "account_disconnected", "message": 5, "created_at": "2024-01-01T00:00:00Z"});
    let err = serde_json::from_value::<ConnectedAccountErrorsItem>(input)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("AccountDisconnected") && err.contains("message"),
        "{err}"
    );
}

#[test]
fn invalid_timestamps_are_rejected() {
    let mut input = document("action_attempt_unlock_success.json");
    input["action_attempt_id"] = Value::from("not-a-uuid");
    assert!(serde_json::from_value::<ActionAttempt>(input).is_err());
    let bad = serde_json::json!({"created_at": "yesterday", "error_code": "account_disconnected", "message": "m"});
    assert!(serde_json::from_value::<ConnectedAccountErrorsItem>(bad).is_err());
}
