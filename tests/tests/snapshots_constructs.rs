//! One small fixture spec per construct: the IR (YAML) and the emitted code are
//! snapshotted, so a diff shows which layer changed.

use codegen_tests::{generate_file, root};

#[test]
fn constructs() {
    insta::glob!("../fixtures/constructs", "*.yaml", |path| {
        let generated = generate_file(path);
        let mut code = String::new();
        for (file, text) in &generated.files {
            code.push_str(&format!("==> {file}\n{text}\n"));
        }
        insta::assert_yaml_snapshot!("ir", generated.api);
        insta::assert_snapshot!("code", code);
        insta::assert_snapshot!("diagnostics", generated.diagnostics.to_string());
    });
}

#[test]
fn excerpt_connected_accounts_update() {
    let generated =
        generate_file(&root().join("tests/fixtures/connected-accounts-update-excerpt.yaml"));
    insta::assert_yaml_snapshot!(generated.api);
    insta::assert_snapshot!(generated.files.get("types.rs").cloned().unwrap_or_default());
    insta::assert_snapshot!(generated
        .files
        .get("routes.rs")
        .cloned()
        .unwrap_or_default());
}
