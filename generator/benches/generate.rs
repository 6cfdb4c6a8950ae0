//! Generation time on the full spec: parse → lower → emit, median of repeated runs.
//! Run with `cargo bench -p seam-codegen --bench generate` (or `cargo xtask bench`).

use std::time::{Duration, Instant};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = std::fs::read(root.join("spec/openapi.json")).expect("spec/openapi.json");
    let config_text =
        std::fs::read_to_string(root.join("spec/codegen.yaml")).expect("spec/codegen.yaml");
    let config = seam_codegen::Config::from_yaml(&config_text).expect("valid config");
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);

    let mut parse = Vec::new();
    let mut lower = Vec::new();
    let mut total = Vec::new();
    // One warm-up run, not counted.
    for i in 0..=runs {
        let t0 = Instant::now();
        let doc = seam_codegen::parse::load(&spec, seam_codegen::parse::Format::Json)
            .expect("spec parses");
        let t1 = Instant::now();
        drop(doc);
        let t2 = Instant::now();
        let _ = seam_codegen::lower_spec(&spec, "openapi.json", &config).expect("spec lowers");
        let t3 = Instant::now();
        let out = seam_codegen::generate(&spec, "openapi.json", &config).expect("spec generates");
        let t4 = Instant::now();
        std::hint::black_box(out.files.len());
        if i > 0 {
            parse.push(t1 - t0);
            lower.push(t3 - t2);
            total.push(t4 - t3);
        }
    }
    println!("generate (full spec, {} bytes), {runs} runs:", spec.len());
    report("parse", &mut parse);
    report("parse + lower", &mut lower);
    report("parse + lower + emit", &mut total);
}

fn report(name: &str, samples: &mut [Duration]) {
    samples.sort();
    let median = samples[samples.len() / 2];
    let (min, max) = (samples[0], samples[samples.len() - 1]);
    println!("  {name:<22} median {median:>10.2?}   min {min:>10.2?}   max {max:>10.2?}");
}
