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

/// Fixtures called as declared (the default codegen config): IR, code and diagnostics.
#[test]
fn declared() {
    insta::glob!("../fixtures/declared", "*.yaml", |path| {
        let bytes = std::fs::read(path).expect("fixture is readable");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
        let generated = match seam_codegen::generate(&bytes, name, &seam_codegen::Config::default())
        {
            Ok(g) => g,
            Err(d) => panic!("{} failed:\n{d}", path.display()),
        };
        let mut code = String::new();
        for (file, text) in &generated.files {
            code.push_str(&format!("==> {file}\n{text}\n"));
        }
        insta::assert_yaml_snapshot!("declared_ir", generated.api);
        insta::assert_snapshot!("declared_code", code);
        insta::assert_snapshot!("declared_diagnostics", generated.diagnostics.to_string());
    });
}
