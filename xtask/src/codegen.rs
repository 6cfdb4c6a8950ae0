//! `cargo xtask codegen`: write or check the generated client.
//!
//! Writes go through a temporary file and a rename, so an error or a kill mid-run
//! leaves the previous output intact; nothing is written before generation has
//! fully succeeded. Files codegen no longer produces are removed. `--check` writes
//! nothing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use seam_codegen::{Config, Diagnostics};

pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

struct Options {
    check: bool,
    /// No `--spec`: also write the compiled snapshots crate.
    default_spec: bool,
    spec: PathBuf,
    config: PathBuf,
    out: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let root = root();
    let mut opts = Options {
        check: false,
        default_spec: true,
        spec: root.join("spec/openapi.json"),
        config: PathBuf::new(),
        out: None,
    };
    let mut config = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.as_str() {
            "--check" => opts.check = true,
            "--spec" => {
                opts.spec = PathBuf::from(value("--spec")?);
                opts.default_spec = false;
            }
            "--config" => config = Some(PathBuf::from(value("--config")?)),
            "--out" => opts.out = Some(PathBuf::from(value("--out")?)),
            other => {
                return Err(format!(
                    "unknown option `{other}` (see `cargo xtask --help`)"
                ))
            }
        }
    }
    // The codegen config beside the spec (`spec/codegen.yaml` for `spec/openapi.json`), if any.
    opts.config = config.unwrap_or_else(|| {
        opts.spec
            .parent()
            .unwrap_or(Path::new("."))
            .join("codegen.yaml")
    });
    Ok(opts)
}

pub(crate) fn print_diagnostics(file: &Path, diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{}: {d}", file.display());
    }
}

pub fn load_config(path: &Path) -> Result<Config, String> {
    if !path.exists() {
        return Ok(Config::default());
    }
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Config::from_yaml(&text).map_err(|d| {
        print_diagnostics(path, &d);
        format!("invalid codegen config {}", path.display())
    })
}

pub fn run(args: &[String]) -> Result<(), String> {
    let opts = parse_args(args)?;
    let started = Instant::now();
    let config = load_config(&opts.config)?;
    let bytes =
        fs::read(&opts.spec).map_err(|e| format!("cannot read {}: {e}", opts.spec.display()))?;
    let name = opts
        .spec
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("spec");
    let generated = match seam_codegen::generate(&bytes, name, &config) {
        Ok(g) => g,
        Err(diags) => {
            print_diagnostics(&opts.spec, &diags);
            let errors = diags
                .iter()
                .filter(|d| d.severity == seam_codegen::Severity::Error)
                .count();
            return Err(format!(
                "codegen failed: {errors} error(s) in {}; nothing was written",
                opts.spec.display()
            ));
        }
    };
    print_diagnostics(&opts.spec, &generated.diagnostics);
    let elapsed = started.elapsed();

    let root = root();
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    let generated_dir = match &opts.out {
        None => root.join("generated-client/src/generated"),
        Some(out) => {
            standalone_files(&root, out, &mut files)?;
            let lib = seam_codegen::emit::standalone_lib(&generated.api, name)
                .map_err(|d| d.to_string())?;
            files.insert(out.join("src/lib.rs"), lib);
            let manifest = out.join("Cargo.toml");
            if let Some(text) = files.get(&manifest) {
                let renamed = rename_crate(
                    text,
                    &seam_codegen::emit::crate_name(&generated.api),
                    &generated.api.title,
                );
                files.insert(manifest, renamed);
            }
            out.join("src/generated")
        }
    };
    for (rel, text) in &generated.files {
        files.insert(generated_dir.join(rel), text.clone());
    }
    let mut stale = stale_files(&generated_dir, &files);
    if opts.default_spec {
        let snapshots = crate::snapshots::files(&root)?;
        files.extend(snapshots);
        stale.extend(stale_files(&root.join("tests/compiled/src"), &files));
    }

    let changed: Vec<&PathBuf> = files
        .iter()
        .filter(|(p, t)| fs::read_to_string(p).ok().as_deref() != Some(t.as_str()))
        .map(|(p, _)| p)
        .collect();
    let api = &generated.api;
    let lines: usize = generated.files.values().map(|t| t.lines().count()).sum();
    let requests: std::collections::BTreeSet<&String> = api
        .endpoints
        .iter()
        .filter_map(|e| e.request.as_ref())
        .collect();
    println!(
        "{} endpoints ({} operations), {} types ({} request bodies, {} response bodies), {} generated lines; generated in {:.2?}",
        api.endpoints.len(),
        api.operation_count,
        api.types.len(),
        requests.len(),
        seam_codegen::response_types(api).len(),
        lines,
        elapsed
    );
    if opts.check {
        if changed.is_empty() && stale.is_empty() {
            println!("generated code is up to date");
            return Ok(());
        }
        for p in &changed {
            eprintln!("stale: {}", rel(&root, p));
        }
        for p in &stale {
            eprintln!("no longer generated: {}", rel(&root, p));
        }
        return Err("generated code is out of date: run `cargo xtask codegen`".to_string());
    }
    for p in &changed {
        write_atomic(p, &files[*p])?;
        println!("wrote {}", rel(&root, p));
    }
    for p in &stale {
        fs::remove_file(p).map_err(|e| format!("cannot remove {}: {e}", p.display()))?;
        println!("removed {}", rel(&root, p));
    }
    if changed.is_empty() && stale.is_empty() {
        println!("no changes");
    }
    summarize_spec_change(&root, &opts.spec, &bytes, &config, api);
    Ok(())
}

/// When the spec differs from the committed one, say what changed in the API.
fn summarize_spec_change(
    root: &Path,
    spec: &Path,
    bytes: &[u8],
    config: &Config,
    api: &seam_codegen::ir::Api,
) {
    let Ok(abs) = spec.canonicalize() else { return };
    let Ok(canonical_root) = root.canonicalize() else {
        return;
    };
    let Ok(rel) = abs.strip_prefix(&canonical_root) else {
        return;
    };
    let Ok(output) = std::process::Command::new("git")
        .arg("show")
        .arg(format!("HEAD:{}", rel.display()))
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output()
    else {
        return;
    };
    if !output.status.success() || output.stdout == bytes {
        return;
    }
    let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    match seam_codegen::lower_spec(&output.stdout, name, config) {
        Ok((old, _)) => print!(
            "\nchanges since the committed {}:\n{}",
            rel.display(),
            seam_codegen::diff::summarize(&old, api)
        ),
        Err(_) => println!(
            "\nthe committed {} does not generate; no change summary",
            rel.display()
        ),
    }
}

/// The hand-written parts of a standalone crate: manifest and runtime (lib.rs is generated).
fn standalone_files(
    root: &Path,
    out: &Path,
    files: &mut BTreeMap<PathBuf, String>,
) -> Result<(), String> {
    let client = root.join("generated-client");
    let manifest = fs::read_to_string(client.join("Cargo.toml"))
        .map_err(|e| format!("cannot read generated-client/Cargo.toml: {e}"))?;
    let workspace = fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    files.insert(
        out.join("Cargo.toml"),
        standalone_manifest(&manifest, &workspace)?,
    );
    // The workspace's lockfile, so the standalone crate builds with the same versions.
    if let Ok(lock) = fs::read_to_string(root.join("Cargo.lock")) {
        files.insert(out.join("Cargo.lock"), lock);
    }
    let src = client.join("src");
    let mut stack = vec![src.join("runtime")];
    while let Some(dir) = stack.pop() {
        let entries =
            fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let rel = path.strip_prefix(&src).map_err(|e| e.to_string())?;
                files.insert(out.join("src").join(rel), read(&path)?);
            }
        }
    }
    Ok(())
}

/// The standalone manifest under the API's own crate name and description.
fn rename_crate(manifest: &str, crate_name: &str, title: &str) -> String {
    let mut section = String::new();
    let mut out = String::new();
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            section = t.to_string();
        }
        let key = t.split('=').next().unwrap_or_default().trim();
        let replaced = match (section.as_str(), key) {
            ("[package]", "name") => format!("name = \"{crate_name}\""),
            ("[package]", "description") => format!(
                "description = {:?}",
                format!("Typed async client for {title} (generated from its OpenAPI spec).")
            ),
            ("[lib]", "name") => format!("name = \"{}\"", crate_name.replace('-', "_")),
            _ => line.to_string(),
        };
        out.push_str(&replaced);
        out.push('\n');
    }
    out
}

fn read(p: &Path) -> Result<String, String> {
    fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
}

/// generated-client's manifest with `workspace = true` entries replaced by the workspace's own.
fn standalone_manifest(manifest: &str, workspace: &str) -> Result<String, String> {
    let mut deps = BTreeMap::new();
    let mut in_ws_deps = false;
    for line in workspace.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_ws_deps = t == "[workspace.dependencies]";
            continue;
        }
        if in_ws_deps {
            if let Some((k, v)) = t.split_once('=') {
                deps.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
    }
    let mut out = String::from("# Standalone crate written by `cargo xtask codegen --out`.\n");
    let mut section = String::new();
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            section = t.to_string();
            if section == "[dev-dependencies]" {
                break;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some((k, v)) = t.split_once('=') {
            let (k, v) = (k.trim(), v.trim());
            if v == "true" && k.ends_with(".workspace") {
                let key = k.trim_end_matches(".workspace");
                if section == "[package]" {
                    let value = match key {
                        "edition" => "\"2021\"",
                        "license" => "\"MIT\"",
                        "publish" => "false",
                        _ => continue,
                    };
                    out.push_str(&format!("{key} = {value}\n"));
                } else {
                    let dep = deps.get(key).ok_or_else(|| {
                        format!("dependency `{key}` is not in [workspace.dependencies]")
                    })?;
                    out.push_str(&format!("{key} = {dep}\n"));
                }
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("\n[workspace]\n");
    Ok(out)
}

/// `.rs` files under the generated folder that this run does not produce.
fn stale_files(dir: &Path, produced: &BTreeMap<PathBuf, String>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") && !produced.contains_key(&p) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Write through a temporary file in the same folder, then rename over the target.
pub(crate) fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let dir = path
        .parent()
        .ok_or_else(|| format!("{} has no parent folder", path.display()))?;
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot replace {}: {e}", path.display())
    })
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}
