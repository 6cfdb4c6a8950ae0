//! The change summary between two specs (`cargo xtask diff`, and `cargo xtask codegen`
//! when the spec changed) names endpoints, types, fields, enum values and variants.

use codegen_tests::{repo_config, root};

fn lower(name: &str) -> seam_codegen::ir::Api {
    let path = root().join("tests/fixtures/diff").join(name);
    let bytes = std::fs::read(&path).unwrap();
    seam_codegen::lower_spec(&bytes, name, &repo_config())
        .unwrap()
        .0
}

#[test]
fn summary_of_a_spec_change() {
    let summary = seam_codegen::diff::summarize(&lower("old.yaml"), &lower("new.yaml"));
    insta::assert_snapshot!(summary);
    for expected in [
        "/things/fetch",
        "/things/delete",
        "now deprecated",
        "+field color",
        "field name now required",
        "+value c",
        "-value b",
        "+variant melted",
        "Fresh",
        "Gone",
    ] {
        assert!(
            summary.contains(expected),
            "summary lacks {expected:?}:\n{summary}"
        );
    }
}

#[test]
fn identical_specs_have_an_empty_summary() {
    let summary = seam_codegen::diff::summarize(&lower("old.yaml"), &lower("old.yaml"));
    assert!(
        summary.lines().skip(1).all(|l| l.ends_with(": 0")),
        "{summary}"
    );
}
