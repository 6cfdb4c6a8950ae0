//! Decode throughput of the generated types on list responses, as a ratio to
//! decoding the same bytes into `serde_json::Value` (the floor any typed decode pays).
//! Run with `cargo bench -p seam-client --bench decode` (or `cargo xtask bench`).

use std::time::{Duration, Instant};

use seam_client::types;
use serde_json::{json, Value};

fn main() {
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let accounts = list_body("connected_accounts", 2_000, connected_account);
    let events = list_body("events", 2_000, event);
    let attempts = list_body("action_attempts", 2_000, action_attempt);
    println!("decode, {runs} runs each (median; ratio = typed time / serde_json::Value time):");
    bench::<types::ConnectedAccountsListResponse>("connected_accounts/list", &accounts, runs);
    bench::<types::EventsListResponse>("events/list", &events, runs);
    bench::<types::ActionAttemptsListResponse>("action_attempts/list", &attempts, runs);
}

fn bench<T: serde::de::DeserializeOwned>(name: &str, body: &[u8], runs: usize) {
    let typed = median(runs, || {
        let v: T = serde_json::from_slice(body).expect("decodes");
        std::hint::black_box(&v);
    });
    let untyped = median(runs, || {
        let v: Value = serde_json::from_slice(body).expect("decodes");
        std::hint::black_box(&v);
    });
    let mb = body.len() as f64 / 1_000_000.0;
    println!(
        "  {name:<26} {mb:>6.2} MB  typed {typed:>9.2?} ({:>6.1} MB/s)  Value {untyped:>9.2?} ({:>6.1} MB/s)  ratio {:.2}",
        mb / typed.as_secs_f64(),
        mb / untyped.as_secs_f64(),
        typed.as_secs_f64() / untyped.as_secs_f64()
    );
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn list_body(key: &str, n: usize, item: fn(usize) -> Value) -> Vec<u8> {
    let items: Vec<Value> = (0..n).map(item).collect();
    let body = json!({ key: items, "ok": true, "pagination": {"has_next_page": false, "next_page_cursor": null, "next_page_url": null} });
    serde_json::to_vec(&body).expect("serializes")
}

fn uuid(i: usize) -> String {
    format!("{:08x}-1f3c-4f4e-9d8e-2b8a2f0b7a11", i)
}

fn connected_account(i: usize) -> Value {
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

fn event(i: usize) -> Value {
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

fn action_attempt(i: usize) -> Value {
    json!({
        "action_attempt_id": uuid(i),
        "action_type": if i.is_multiple_of(2) { "UNLOCK_DOOR" } else { "LOCK_DOOR" },
        "error": null,
        "result": {"was_confirmed_by_device": true},
        "status": "success"
    })
}
