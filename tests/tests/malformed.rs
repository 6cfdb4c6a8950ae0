//! Bad input never panics: every fixture under `fixtures/malformed/` goes through the
//! whole pipeline and its diagnostics are snapshotted. Inputs too large to commit
//! (deep nesting, a ~50 MB spec) are built here at test time.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use seam_codegen::{Config, Diagnostics, Severity};

/// The text a snapshot records: `ok` and any warnings, or the errors and warnings.
fn outcome(bytes: &[u8], file_name: &str) -> String {
    match seam_codegen::generate(bytes, file_name, &Config::default()) {
        Ok(generated) => {
            assert!(generated.diagnostics.iter().all(|d| d.severity == Severity::Warning), "errors came back with a generated client");
            // `generate` parses everything it emits with syn before returning it.
            let files: Vec<&str> = generated.files.keys().map(String::as_str).collect();
            assert_eq!(files, ["mod.rs", "routes.rs", "types.rs"], "{file_name}");
            let mut out = format!("ok: {} types, {} endpoints\n", generated.api.types.len(), generated.api.endpoints.len());
            let _ = write!(out, "{}", generated.diagnostics);
            out
        }
        Err(diags) => {
            assert!(diags.has_errors(), "{file_name}: generation failed without an error:\n{diags}");
            diags.to_string()
        }
    }
}

#[test]
fn malformed_fixtures() {
    insta::glob!("../fixtures/malformed", "*.{json,yaml}", |path| {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        insta::assert_snapshot!(outcome(&bytes, name));
    });
}

/// Run `f` on a thread with a normal (2 MiB) stack, so a recursion that would need a
/// bigger one fails the test instead of passing on a generous main-thread stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(2 << 20).spawn(f).unwrap().join().unwrap()
}

fn first_error(diags: &Diagnostics) -> String {
    diags.iter().find(|d| d.severity == Severity::Error).map(|d| d.to_string()).unwrap_or_default()
}

fn wrap_schema(inner: &str) -> String {
    format!(r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{}},"components":{{"schemas":{{"Deep":{inner}}}}}}}"#)
}

#[test]
fn deep_json_nesting_is_a_clean_error() {
    let depth = 10_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let doc = wrap_schema(&format!(r#"{{"type":"object","x-deep":{text}}}"#));
    let result = on_small_stack(move || seam_codegen::generate(doc.as_bytes(), "deep.json", &Config::default()).err());
    let diags = result.expect("10,000-deep JSON must not generate");
    let error = first_error(&diags);
    assert!(error.contains("recursion limit"), "{error}");
    assert!(error.contains("line 1"), "{error}");
}

#[test]
fn deep_yaml_nesting_is_a_clean_error() {
    let depth = 10_000;
    let mut text = String::from("openapi: \"3.0.3\"\ninfo: {title: t, version: \"1\"}\npaths: {}\nx-deep: ");
    text.push_str(&"[".repeat(depth));
    text.push_str(&"]".repeat(depth));
    text.push('\n');
    let result = on_small_stack(move || seam_codegen::generate(text.as_bytes(), "deep.yaml", &Config::default()).err());
    let diags = result.expect("10,000-deep YAML must not generate");
    let error = first_error(&diags);
    assert!(error.contains("recursion limit"), "{error}");
}

#[test]
fn deep_block_yaml_nesting_is_a_clean_error() {
    let mut text = String::from("openapi: \"3.0.3\"\ninfo: {title: t, version: \"1\"}\npaths: {}\nx-deep:\n");
    for depth in 1..10_000 {
        let _ = writeln!(text, "{}- ", " ".repeat(depth));
    }
    let result = on_small_stack(move || seam_codegen::generate(text.as_bytes(), "deep.yaml", &Config::default()).err());
    let diags = result.expect("10,000-deep YAML must not generate");
    assert!(first_error(&diags).contains("recursion limit"), "{diags}");
}

/// Schemas nested as deep as the parser allows, valid and with a bad leaf: both finish
/// quickly (a bad leaf once cost time exponential in its depth) and the error points at the leaf.
#[test]
fn deeply_nested_schemas_are_fast_and_located() {
    for (levels, bad) in [(60, false), (60, true), (40, true)] {
        let mut schema = if bad { r#"{"type":"string","minLength":"five"}"#.to_string() } else { r#"{"type":"string"}"#.to_string() };
        for _ in 0..levels {
            schema = format!(r#"{{"type":"object","properties":{{"a":{schema}}}}}"#);
        }
        let doc = wrap_schema(&schema);
        let started = Instant::now();
        let result = on_small_stack(move || seam_codegen::generate(doc.as_bytes(), "deep.json", &Config::default()).map(|g| g.api.types.len()));
        assert!(started.elapsed() < Duration::from_secs(20), "{levels} levels took {:?}", started.elapsed());
        match (bad, result) {
            (false, Ok(types)) => assert!(types >= levels, "{types} types"),
            (true, Err(diags)) => {
                let error = first_error(&diags);
                let leaf = format!("/components/schemas/Deep{}", "/properties/a".repeat(levels));
                assert!(error.starts_with(&format!("error: {leaf}")), "{error}");
            }
            (bad, other) => panic!("bad leaf: {bad}, got {:?}", other.map_err(|d| d.to_string())),
        }
    }
}

/// Thousands of paths and schemas (~50 MB): it completes, without panicking.
#[test]
fn very_large_spec_completes() {
    let doc = large_spec(50 << 20);
    assert!(doc.len() >= 50 << 20, "{} bytes", doc.len());
    let started = Instant::now();
    let result = seam_codegen::generate(doc.as_bytes(), "large.json", &Config::default());
    let elapsed = started.elapsed();
    let generated = result.map_err(|d| d.to_string()).unwrap();
    assert!(generated.api.endpoints.len() > 1000);
    eprintln!("{} bytes: {} endpoints, {} types in {elapsed:?}", doc.len(), generated.api.endpoints.len(), generated.api.types.len());
}

/// A spec of at least `size` bytes: many schemas with long descriptions, and paths using them.
fn large_spec(size: usize) -> String {
    let filler = "lorem ipsum dolor sit amet ".repeat(40);
    let mut schemas = Vec::new();
    let mut paths = Vec::new();
    let mut total = 0;
    let mut i = 0usize;
    while total < size {
        let schema = format!(
            r##""S{i}":{{"type":"object","description":"{filler}","required":["id"],"properties":{{"id":{{"type":"string","format":"uuid","description":"{filler}"}},"n":{{"type":"integer","minimum":0}},"tags":{{"type":"array","items":{{"type":"string","enum":["a{i}","b{i}","c"]}}}},"prev":{{"$ref":"#/components/schemas/S{prev}"}},"meta":{{"type":"object","additionalProperties":{{"type":"string"}}}}}}}}"##,
            prev = i.saturating_sub(1)
        );
        let path = format!(
            r##""/group{g}/op{i}":{{"post":{{"description":"{filler}","requestBody":{{"content":{{"application/json":{{"schema":{{"type":"object","properties":{{"s":{{"$ref":"#/components/schemas/S{i}"}},"q":{{"type":"string","maxLength":10}}}}}}}}}}}},"responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"type":"object","properties":{{"ok":{{"type":"boolean"}},"item":{{"$ref":"#/components/schemas/S{i}"}}}}}}}}}}}}}}}}}}"##,
            g = i % 50
        );
        total += schema.len() + path.len() + 2;
        schemas.push(schema);
        paths.push(path);
        i += 1;
    }
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"large","version":"1"}},"paths":{{{}}},"components":{{"schemas":{{{}}}}}}}"#,
        paths.join(","),
        schemas.join(",")
    )
}

#[test]
fn fixtures_directory_has_the_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/malformed");
    let count = std::fs::read_dir(dir).unwrap().count();
    assert!(count >= 40, "{count} fixtures");
}
