//! `cargo xtask diff` (the judged change report between two specs) and
//! `cargo xtask update-spec` (replace spec/openapi.json only with a spec that generates).

use std::fs;
use std::path::Path;

use crate::codegen::{load_config, print_diagnostics, root, write_atomic};

/// `diff OLD NEW [--json] [--deny-breaking] [--config PATH]`. The codegen config is
/// `--config`, else the `codegen.yaml` beside NEW, else the defaults (as `codegen` does).
pub fn diff(args: &[String]) -> Result<(), String> {
    let mut json = false;
    let mut deny = false;
    let mut config_path = None;
    let mut specs = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json = true,
            "--deny-breaking" => deny = true,
            "--config" => config_path = Some(it.next().ok_or(USAGE)?.clone()),
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {flag}\n{USAGE}"))
            }
            _ => specs.push(a.as_str()),
        }
    }
    let [old, new] = specs.as_slice() else {
        return Err(USAGE.to_string());
    };
    let config_path = match config_path {
        Some(p) => std::path::PathBuf::from(p),
        None => Path::new(new)
            .parent()
            .unwrap_or(Path::new("."))
            .join("codegen.yaml"),
    };
    let config = load_config(&config_path)?;
    let lower = |p: &str| -> Result<seam_codegen::ir::Api, String> {
        let bytes = fs::read(p).map_err(|e| format!("cannot read {p}: {e}"))?;
        seam_codegen::lower_spec(&bytes, p, &config)
            .map(|(api, _)| api)
            .map_err(|d| {
                print_diagnostics(Path::new(p), &d);
                format!("{p} has errors")
            })
    };
    let report = seam_codegen::diff::compare(&lower(old)?, &lower(new)?);
    if json {
        println!("{}", report.json());
    } else {
        print!("{}", report.text());
    }
    if deny && report.is_breaking() {
        return Err(format!(
            "{} breaking change(s) (--deny-breaking)",
            report.breaking
        ));
    }
    Ok(())
}

const USAGE: &str =
    "usage: cargo xtask diff OLD_SPEC NEW_SPEC [--json] [--deny-breaking] [--config PATH]";

/// `update-spec --from PATH_OR_URL [--deny-breaking]`: the new spec must parse and
/// lower with no errors; then `spec/openapi.json` is replaced (temporary file and
/// rename), the client regenerated, and the change report printed.
pub fn update_spec(args: &[String]) -> Result<(), String> {
    let mut from = None;
    let mut deny = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--from" => from = it.next().cloned(),
            "--deny-breaking" => deny = true,
            other => return Err(format!("unknown argument {other}\nusage: cargo xtask update-spec --from PATH_OR_URL [--deny-breaking]")),
        }
    }
    let from = from.ok_or("usage: cargo xtask update-spec --from PATH_OR_URL [--deny-breaking]")?;
    let bytes = if from.starts_with("http://") || from.starts_with("https://") {
        // Fetched with curl, so the xtask keeps no HTTP client of its own.
        let out = std::process::Command::new("curl")
            .args(["--fail", "--silent", "--show-error", "--location", &from])
            .output()
            .map_err(|e| format!("cannot run curl to fetch {from}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "fetching {from} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        out.stdout
    } else {
        fs::read(&from).map_err(|e| format!("cannot read {from}: {e}"))?
    };
    let root = root();
    let target = root.join("spec/openapi.json");
    let config = load_config(&root.join("spec/codegen.yaml"))?;
    let name = from.rsplit('/').next().unwrap_or("spec");
    // Generates cleanly, or nothing is replaced.
    let generated = match seam_codegen::generate(&bytes, name, &config) {
        Ok(g) => g,
        Err(diags) => {
            print_diagnostics(Path::new(&from), &diags);
            return Err(format!(
                "{from} does not generate; spec/openapi.json is unchanged"
            ));
        }
    };
    print_diagnostics(Path::new(&from), &generated.diagnostics);
    let current =
        fs::read(&target).map_err(|e| format!("cannot read {}: {e}", target.display()))?;
    if let Ok((old, _)) = seam_codegen::lower_spec(&current, "openapi.json", &config) {
        let report = seam_codegen::diff::compare(&old, &generated.api);
        if deny && report.is_breaking() {
            print!("{}", report.text());
            return Err(format!(
                "{} breaking change(s) (--deny-breaking); spec/openapi.json is unchanged",
                report.breaking
            ));
        }
    }
    let json = seam_codegen::spec_as_json(&bytes, name).map_err(|d| format!("{from}: {d}"))?;
    write_atomic(&target, &json)?;
    println!("wrote spec/openapi.json from {from}");
    // Regenerates and prints the report against the committed spec.
    crate::codegen::run(&[])
}
