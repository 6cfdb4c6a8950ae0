//! Real-shaped documents decode into the generated types, unknown codes and tags
//! included, and re-encode to the same JSON (compared as values).

use serde_json::Value;

use seam_client::types::{
    ActionAttempt, ConnectedAccount, ConnectedAccountAcceptedCapabilitiesItem,
    ConnectedAccountErrorsItem, ConnectedAccountWarningsItem, Event,
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
        *account.accepted_capabilities,
        vec![
            ConnectedAccountAcceptedCapabilitiesItem::Lock,
            ConnectedAccountAcceptedCapabilitiesItem::Thermostat
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
        ConnectedAccountAcceptedCapabilitiesItem::Unknown("teleporter".into())
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
fn ids_are_kept_as_sent_and_invalid_timestamps_rejected() {
    let mut input = document("action_attempt_unlock_success.json");
    input["action_attempt_id"] = Value::from("action_attempt1");
    let attempt: ActionAttempt = serde_json::from_value(input.clone()).unwrap();
    match &attempt {
        ActionAttempt::UnlockDoorSuccess(a) => {
            assert_eq!(a.action_attempt_id.as_str(), "action_attempt1");
            assert_eq!(a.action_attempt_id.as_uuid(), None);
        }
        other => panic!("wrong variant {other:?}"),
    }
    assert_eq!(serde_json::to_value(&attempt).unwrap(), input);
    let uuid = "5fd2f6a1-2c6d-4a3f-8d6e-5c0e4e3f2a10";
    let success: ActionAttempt = round_trip("action_attempt_unlock_success.json");
    match &success {
        ActionAttempt::UnlockDoorSuccess(a) => assert_eq!(
            a.action_attempt_id
                .as_uuid()
                .map(|u| u.to_string())
                .as_deref(),
            Some(uuid)
        ),
        other => panic!("wrong variant {other:?}"),
    }
    let bad = serde_json::json!({"created_at": "yesterday", "error_code": "account_disconnected", "message": "m"});
    assert!(serde_json::from_value::<ConnectedAccountErrorsItem>(bad).is_err());
}

/// Decode an inline document, re-encode it, and check nothing was lost or changed.
fn round_trip_value<T: serde::de::DeserializeOwned + serde::Serialize>(input: Value) -> T {
    let value: T = serde_path_to_error::deserialize(&input)
        .unwrap_or_else(|e| panic!("{input}: {} at {}", e.inner(), e.path()));
    assert_eq!(
        normalize(serde_json::to_value(&value).unwrap()),
        normalize(input),
        "did not survive a round trip"
    );
    value
}

/// Decode and re-encode an inline document; the JSON must come back unchanged.
fn exact<T: serde::de::DeserializeOwned + serde::Serialize>(input: Value) -> T {
    let value: T = serde_path_to_error::deserialize(&input)
        .unwrap_or_else(|e| panic!("{input}: {} at {}", e.inner(), e.path()));
    assert_eq!(serde_json::to_value(&value).unwrap(), input, "round trip");
    value
}

#[test]
fn code_constraints_decode_by_their_constraint_type_values() {
    use seam_client::types::DevicePropertiesCodeConstraintsItem as Item;
    // Both alternatives require only `constraint_type`; their enums are disjoint.
    let item: Item = round_trip_value(
        serde_json::json!({"constraint_type": "name_length", "min_length": 1, "max_length": 20}),
    );
    let Item::ConstraintType2(rule) = &item else {
        panic!("decoded as {item:?}")
    };
    assert_eq!(rule.constraint_type.as_str(), "name_length");
    assert!(!rule.constraint_type.is_unknown());
    assert_eq!(rule.min_length.as_ref().and_then(|n| n.as_i64()), Some(1));
    assert_eq!(rule.max_length.as_ref().and_then(|n| n.as_i64()), Some(20));
    assert!(
        rule.extra.is_empty(),
        "typed fields landed in extra: {:?}",
        rule.extra
    );

    let item: Item = round_trip_value(serde_json::json!({"constraint_type": "no_zeros"}));
    let Item::ConstraintType(rule) = &item else {
        panic!("decoded as {item:?}")
    };
    assert_eq!(rule.constraint_type.as_str(), "no_zeros");

    // A value neither alternative declares is kept whole, not forced into the first.
    let item: Item =
        round_trip_value(serde_json::json!({"constraint_type": "brand_new_rule", "limit": 3}));
    assert!(
        matches!(&item, Item::Unknown(v) if v["limit"] == 3),
        "{item:?}"
    );
}

#[test]
fn encoded_credentials_decode_by_is_managed() {
    use seam_client::types::ActionAttemptEncodeCredentialSuccessResult as Result_;
    let credential = |managed: bool| {
        serde_json::json!({
            "access_method": "card",
            "acs_credential_id": "7c0c7d67-2b4c-4b8e-9d6f-1f7d3f1c2a11",
            "acs_system_id": "0a8d6c0e-6b5a-4f43-8a11-3c5e2b7d9f00",
            "connected_account_id": "5e7e2c43-0c7b-4f1e-9a35-c4c8e3f8b6d2",
            "created_at": "2025-06-15T16:54:17.946Z",
            "display_name": "Front desk card",
            "errors": [],
            "is_managed": managed,
            "warnings": [],
            "workspace_id": "b1d1f1e2-8f0a-4a52-9d4f-6f1b7c2e3d44"
        })
    };
    let managed: Result_ = round_trip_value(credential(true));
    assert!(
        matches!(&managed, Result_::AcsCredentialIdAndConnectedAccountIdAndAcsSystemId(c) if c.display_name == "Front desk card"),
        "{managed:?}"
    );
    // Before evidence, the unmanaged credential decoded as the first (managed) alternative.
    let unmanaged: Result_ = round_trip_value(credential(false));
    assert!(
        matches!(&unmanaged, Result_::AcsCredentialIdAndConnectedAccountIdAndAcsSystemId2(c) if c.display_name == "Front desk card"),
        "{unmanaged:?}"
    );
}

#[test]
fn a_null_result_of_all_optional_fields_is_empty_and_stays_null() {
    let input = serde_json::json!({"action_attempt_id": "action_attempt2", "action_type": "UNLOCK_DOOR", "error": null, "result": null, "status": "success"});
    let attempt: ActionAttempt = exact(input);
    let ActionAttempt::UnlockDoorSuccess(a) = &attempt else {
        panic!("wrong variant {attempt:?}")
    };
    assert_eq!(a.result.was_confirmed_by_device, None);
    assert!(a.result.is_null());
    // Missing altogether: empty too, and not written back.
    let input = serde_json::json!({"action_attempt_id": "action_attempt3", "action_type": "UNLOCK_DOOR", "error": null, "status": "success"});
    let attempt: ActionAttempt = exact(input);
    let ActionAttempt::UnlockDoorSuccess(a) = &attempt else {
        panic!("wrong variant {attempt:?}")
    };
    assert!(a.result.is_missing());
}

#[test]
fn missing_required_collections_are_empty_and_not_written_back() {
    let mut input = document("connected_account_docs_example.json");
    let object = input.as_object_mut().unwrap();
    object.remove("errors");
    object.remove("warnings");
    let account: ConnectedAccount = exact(input.clone());
    assert!(account.errors.is_empty() && account.errors.is_missing());
    assert!(account.warnings.is_missing());
    // `null` is tolerated the same way, and written back as `null`.
    input["errors"] = Value::Null;
    let account: ConnectedAccount = exact(input.clone());
    assert!(account.errors.is_null() && account.errors.is_empty());
    // A value set in code is written.
    let mut account = account;
    account.warnings.clear();
    assert_eq!(
        serde_json::to_value(&account).unwrap()["warnings"],
        serde_json::json!([])
    );
    // A required scalar is still required.
    input
        .as_object_mut()
        .unwrap()
        .remove("connected_account_id");
    let err = serde_json::from_value::<ConnectedAccount>(input)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("missing field `connected_account_id`"),
        "{err}"
    );
}
