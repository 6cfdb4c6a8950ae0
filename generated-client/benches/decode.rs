//! Decode throughput of the generated types on list responses, as a ratio to
//! decoding the same bytes into `serde_json::Value` (the floor any typed decode pays).
//! Run with `cargo bench -p seam-client --bench decode` (or `cargo xtask bench`).

use std::time::{Duration, Instant};

use seam_client::types;
use serde_json::Value;

// The documents, shared with `cargo xtask bench --peers` (which decodes them into the
// peers' generated types too).
mod documents;
use documents::{action_attempt, connected_account, event, list_body};

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
