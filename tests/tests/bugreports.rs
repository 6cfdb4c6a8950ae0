//! The bug-report specs (`tests/fixtures/bugreports/`) generate with the diagnostics
//! each case expects: the decoding of their documents is checked in `tests/bugreports`.

use seam_codegen::Config;

#[test]
fn bug_report_specs_generate_without_warnings() {
    let dir = codegen_tests::root().join("tests/fixtures/bugreports");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty());
    for spec in specs {
        let bytes = std::fs::read(&spec).unwrap();
        let name = spec.file_name().unwrap().to_str().unwrap();
        match seam_codegen::generate(&bytes, name, &Config::default()) {
            Ok(g) => assert!(g.diagnostics.is_empty(), "{name}:\n{}", g.diagnostics),
            Err(d) => panic!("{name} does not generate:\n{d}"),
        }
    }
}
