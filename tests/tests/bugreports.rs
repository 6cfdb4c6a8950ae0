//! The bug-report specs (`tests/fixtures/bugreports/`) generate with the diagnostics
//! each case expects: the decoding of their documents is checked in `tests/bugreports`.

use seam_codegen::Config;

/// The warnings a case expects (pointer, start of the message); every other case has none.
const EXPECTED: &[(&str, &[(&str, &str)])] = &[(
    "51-scalar-wrappers-in-unions.yaml",
    &[(
        "/components/schemas/Content/oneOf/0",
        "alternative of a union with discriminator \"type\" is not an object",
    )],
)];

#[test]
fn bug_report_specs_generate_with_only_the_warnings_they_expect() {
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
            Ok(g) => {
                let expected = EXPECTED
                    .iter()
                    .find(|(case, _)| *case == name)
                    .map_or(&[][..], |(_, w)| *w);
                let got: Vec<(String, String)> = g
                    .diagnostics
                    .0
                    .iter()
                    .map(|d| (d.pointer.clone(), d.message.clone()))
                    .collect();
                assert_eq!(got.len(), expected.len(), "{name}:\n{}", g.diagnostics);
                for ((pointer, message), (want_pointer, want_start)) in got.iter().zip(expected) {
                    assert_eq!(pointer, want_pointer, "{name}");
                    assert!(message.starts_with(want_start), "{name}: {message}");
                }
            }
            Err(d) => panic!("{name} does not generate:\n{d}"),
        }
    }
}
