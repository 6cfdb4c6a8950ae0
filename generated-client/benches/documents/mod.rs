//! The response documents the decode benchmarks use: list responses of `n` items.
//! Shared by `benches/decode.rs` and `cargo xtask bench --peers` (through `#[path]`).

use serde_json::{json, Value};

pub fn list_body(key: &str, n: usize, item: fn(usize) -> Value) -> Vec<u8> {
    let items: Vec<Value> = (0..n).map(item).collect();
    let body = json!({ key: items, "ok": true, "pagination": {"has_next_page": false, "next_page_cursor": null, "next_page_url": null} });
    serde_json::to_vec(&body).expect("serializes")
}

pub fn uuid(i: usize) -> String {
    format!("{:08x}-1f3c-4f4e-9d8e-2b8a2f0b7a11", i)
}

pub fn connected_account(i: usize) -> Value {
    json!({
        "accepted_capabilities": ["lock", "thermostat"],
        "account_type": "august",
        "account_type_display_name": "August",
        "automatically_manage_new_devices": true,
        "connected_account_id": uuid(i),
        "created_at": "2024-01-01T00:00:00.000Z",
        "custom_metadata": {"id": format!("internal{i}"), "vip": i.is_multiple_of(2)},
        "display_name": format!("account {i}"),
        "errors": [{"created_at": "2024-02-01T12:30:00.000Z", "error_code": if i.is_multiple_of(3) { "account_disconnected" } else { "some_future_code" }, "message": "Account is disconnected", "is_connected_account_error": true}],
        "warnings": [{"created_at": "2024-02-03T09:15:00.000Z", "message": "Scheduled maintenance", "warning_code": "scheduled_maintenance_window"}],
        "user_identifier": {"email": "jane@example.com", "exclusive": true},
        "provider": "august"
    })
}

pub fn event(i: usize) -> Value {
    json!({
        "connected_account_custom_metadata": {"id": "internalId1"},
        "connected_account_errors": [],
        "connected_account_id": uuid(i),
        "connected_account_warnings": [],
        "created_at": "2024-02-01T12:30:01.000Z",
        "event_description": "The connected account was disconnected.",
        "event_id": uuid(i + 1),
        "event_type": if i.is_multiple_of(4) { "connected_account.disconnected" } else { "connected_account.connected" },
        "occurred_at": "2024-02-01T12:30:00.000Z",
        "workspace_id": uuid(7)
    })
}

pub fn action_attempt(i: usize) -> Value {
    json!({
        "action_attempt_id": uuid(i),
        "action_type": if i.is_multiple_of(2) { "UNLOCK_DOOR" } else { "LOCK_DOOR" },
        "error": null,
        "result": {"was_confirmed_by_device": true},
        "status": "success"
    })
}
