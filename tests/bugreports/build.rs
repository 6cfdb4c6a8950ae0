//! Generates the types of every spec in `tests/fixtures/bugreports/` (the project's
//! default codegen config, not Seam's) into `$OUT_DIR/cases.rs`, one module per spec:
//! `case_<file stem>::types`. A spec that does not generate fails the build with its
//! diagnostics; so does generated code that does not compile.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../fixtures/bugreports");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    specs.sort();
    let config = seam_codegen::Config::default();
    let mut out = String::new();
    for spec in &specs {
        println!("cargo::rerun-if-changed={}", spec.display());
        let module = module_name(spec);
        let bytes = std::fs::read(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let file_name = spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
        let generated = match seam_codegen::generate(&bytes, file_name, &config) {
            Ok(g) => g,
            Err(diags) => panic!(
                "{} does not generate:\n{}",
                spec.display(),
                diags
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        let types = generated
            .files
            .get("types.rs")
            .unwrap_or_else(|| panic!("{}: no types.rs generated", spec.display()));
        let _ = writeln!(out, "/// Types generated from `{file_name}`.\npub mod {module} {{\npub mod types {{\n{types}\n}}\n}}");
    }
    // The runtime reads its settings from the crate's `generated` module: the first
    // spec's whole generated code (client settings, routes, types) serves as that.
    let host = specs
        .first()
        .unwrap_or_else(|| panic!("no specs in {}", dir.display()));
    let host_name = host.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    let bytes = std::fs::read(host).unwrap_or_else(|e| panic!("{}: {e}", host.display()));
    let generated = seam_codegen::generate(&bytes, host_name, &config)
        .unwrap_or_else(|d| panic!("{} does not generate:\n{d}", host.display()));
    let mut host_module = String::new();
    let mod_rs = generated
        .files
        .get("mod.rs")
        .map(String::as_str)
        .unwrap_or_default();
    for line in mod_rs.lines() {
        match line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            Some(sub) => {
                let text = generated
                    .files
                    .get(&format!("{sub}.rs"))
                    .unwrap_or_else(|| panic!("{host_name}: no {sub}.rs"));
                let _ = writeln!(host_module, "pub mod {sub} {{\n{text}\n}}");
            }
            None => {
                let _ = writeln!(host_module, "{line}");
            }
        }
    }
    // No outer doc: the generated module carries its own inner docs.
    let _ = writeln!(
        out,
        "// The whole generated code of `{host_name}`.\npub mod generated {{\n{host_module}\n}}"
    );
    let target =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cases.rs");
    std::fs::write(&target, out).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}

/// `19-union-told-apart-by-enum-values.yaml` → `case_19_union_told_apart_by_enum_values`.
fn module_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    let snake: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("case_{snake}")
}
