//! `cargo xtask bench --peers`: our generator against its peers, measured in the same run.
//!
//! The peers are the CLIs of two other OpenAPI-to-Rust generators, installed once from
//! crates.io (pinned versions) into `target/peers`:
//! - progenitor (`cargo-progenitor`, oxidecomputer/progenitor);
//! - ploidy (`ploidy`, linabutler/ploidy).
//!
//! Measured, as medians:
//! 1. generation: wall time of the whole CLI process, the same for all three tools (ours is
//!    the release build of `cargo xtask codegen --spec SPEC --out DIR`), on the Seam spec
//!    and on the specs in `/work/shared/specs/other` when present; one warm-up run first;
//! 2. compile: `cargo build` (dev profile) of each generated Seam crate with its
//!    dependencies already built, 3 runs with `cargo clean -p CRATE` between them, all in
//!    the workspace's `target/` so shared dependencies are built once;
//! 3. decode: `serde_json::from_slice` of the decode bench's list documents
//!    (`generated-client/benches/documents`) into each tool's generated response types,
//!    in one release binary that depends on every generated crate that compiled.
//!
//! A peer that fails (generation error, crate that does not compile, document that does
//! not decode) is reported with the first lines of its error instead of a number.
//! The peers run offline: their generation reads the spec and writes files, nothing else;
//! building the generated crates fetches their dependencies from crates.io only.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::codegen::root;

/// One generation run may not take longer than this (the machine is shared; a peer that
/// hangs on a large spec must not hang the bench).
const GENERATION_TIMEOUT: Duration = Duration::from_secs(600);

#[derive(Clone, Copy, PartialEq)]
enum Tool {
    Ours,
    Progenitor,
    Ploidy,
}

const TOOLS: [Tool; 3] = [Tool::Ours, Tool::Progenitor, Tool::Ploidy];

impl Tool {
    fn name(self) -> &'static str {
        match self {
            Tool::Ours => "seam-codegen (ours)",
            Tool::Progenitor => "progenitor 0.15.1",
            Tool::Ploidy => "ploidy 0.15.0",
        }
    }
    fn dir(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::Progenitor => "progenitor",
            Tool::Ploidy => "ploidy",
        }
    }
    /// The package name of the generated crate.
    fn package(self, spec: &str) -> String {
        match self {
            // `--out` takes the name from generated-client/Cargo.toml.
            Tool::Ours => "seam-client".to_string(),
            Tool::Progenitor => format!("{spec}-progenitor"),
            Tool::Ploidy => format!("{spec}-ploidy"),
        }
    }
}

/// A peer CLI: the crate, its pinned version and the binary it installs.
struct Peer {
    krate: &'static str,
    version: &'static str,
    bin: &'static str,
}

const PEERS: [Peer; 2] = [
    Peer {
        krate: "cargo-progenitor",
        version: "0.15.1",
        bin: "cargo-progenitor",
    },
    Peer {
        krate: "ploidy",
        version: "0.15.0",
        bin: "ploidy",
    },
];

pub struct Options {
    /// Generation runs per tool and spec (after one warm-up run).
    pub runs: usize,
    pub compile: bool,
    pub decode: bool,
    pub other_specs: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut opts = Options {
            runs: 5,
            compile: true,
            decode: true,
            other_specs: true,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--peers" | "--compile" => {}
                "--runs" => {
                    opts.runs = it
                        .next()
                        .and_then(|v| v.parse().ok())
                        .filter(|&n: &usize| n > 0)
                        .ok_or("--runs needs a positive number")?
                }
                "--no-peer-compile" => opts.compile = false,
                "--no-decode" => opts.decode = false,
                "--seam-only" => opts.other_specs = false,
                other => return Err(format!("unknown bench option `{other}`")),
            }
        }
        Ok(opts)
    }
}

/// The outcome of one measurement: a median (with min and max), or why there is none.
enum Outcome {
    Time {
        median: Duration,
        min: Duration,
        max: Duration,
    },
    Failed(String),
    Skipped(String),
}

impl Outcome {
    fn from_samples(mut samples: Vec<Duration>) -> Outcome {
        samples.sort();
        match (samples.first(), samples.last()) {
            (Some(&min), Some(&max)) => Outcome::Time {
                median: samples[samples.len() / 2],
                min,
                max,
            },
            _ => Outcome::Skipped("no runs".to_string()),
        }
    }
    fn median(&self) -> Option<Duration> {
        match self {
            Outcome::Time { median, .. } => Some(*median),
            _ => None,
        }
    }
    fn cell(&self) -> String {
        match self {
            Outcome::Time { median, .. } => secs(*median),
            Outcome::Failed(_) => "FAILED".to_string(),
            Outcome::Skipped(_) => "-".to_string(),
        }
    }
    fn detail(&self) -> String {
        match self {
            Outcome::Time { median, min, max } => format!(
                "median {} (min {}, max {})",
                secs(*median),
                secs(*min),
                secs(*max)
            ),
            Outcome::Failed(why) => format!("FAILED: {why}"),
            Outcome::Skipped(why) => format!("skipped: {why}"),
        }
    }
}

fn secs(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.0} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

/// `peer / ours`, or why there is no ratio.
fn ratio(peer: &Outcome, ours: &Outcome) -> String {
    match (peer.median(), ours.median()) {
        (Some(p), Some(o)) if !o.is_zero() => format!("{:.2}x", p.as_secs_f64() / o.as_secs_f64()),
        _ => "-".to_string(),
    }
}

fn load() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| {
            let avg: Vec<&str> = l.split_whitespace().take(3).collect();
            format!("load average {} (1, 5, 15 min)", avg.join(", "))
        })
        .unwrap_or_else(|_| "load average unknown".to_string())
}

pub fn run(opts: &Options) -> Result<(), String> {
    let root = root();
    let peers_dir = root.join("target/peers");
    let started_load = load();
    println!("\n== peers: {started_load} at start, {} cores", cores());
    install_peers(&root, &peers_dir)?;
    println!("building our CLI (release): cargo build --release -p xtask");
    cargo(
        &root,
        &["build", "--release", "--quiet", "-p", "xtask"],
        None,
    )
    .map_err(|e| format!("cannot build our CLI in release: {e}"))?;
    let ours_bin = root.join("target/release").join(exe("xtask"));

    let mut specs = vec![("seam".to_string(), root.join("spec/openapi.json"))];
    if opts.other_specs {
        let other = Path::new("/work/shared/specs/other");
        match fs::read_dir(other) {
            Ok(entries) => {
                let mut found: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "yaml"))
                    .collect();
                found.sort_by_key(|p| fs::metadata(p).map(|m| m.len()).unwrap_or(0));
                for p in found {
                    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
                    let short = stem.split('-').next().unwrap_or(stem).to_string();
                    specs.push((short, p));
                }
            }
            Err(e) => println!("(no other specs: cannot list {}: {e})", other.display()),
        }
    }

    // 1. Generation.
    let gen_root = peers_dir.join("gen");
    let mut generation: Vec<(String, Vec<Outcome>)> = Vec::new();
    for (short, spec) in &specs {
        let size = fs::metadata(spec).map(|m| m.len()).unwrap_or(0);
        println!(
            "\ngeneration: {} ({:.1} MB), 1 warm-up + {} runs per tool",
            spec.display(),
            size as f64 / 1e6,
            opts.runs
        );
        let mut row = Vec::new();
        for tool in TOOLS {
            let out = gen_root.join(short).join(tool.dir());
            let cmd = generate_command(tool, &ours_bin, &peers_dir, spec, &out, short);
            let outcome = time_generation(&cmd, &out, opts.runs);
            println!("  {:<22} {}", tool.name(), outcome.detail());
            row.push(outcome);
        }
        generation.push((short.clone(), row));
    }

    // 2. Compile time of the generated Seam crates.
    let mut compile: Vec<Outcome> = Vec::new();
    for (i, tool) in TOOLS.into_iter().enumerate() {
        let generated = generation
            .first()
            .and_then(|(_, row)| row.get(i))
            .is_some_and(|o| o.median().is_some());
        let outcome = if !opts.compile {
            Outcome::Skipped("--no-peer-compile".to_string())
        } else if !generated {
            Outcome::Skipped("no generated crate".to_string())
        } else {
            let dir = gen_root.join("seam").join(tool.dir());
            println!(
                "\ncompile: {} ({}), dependencies first, then 3 timed runs",
                tool.name(),
                dir.display()
            );
            time_compile(&root, &dir, &tool.package("seam"))
        };
        if opts.compile {
            println!("  {:<22} {}", tool.name(), outcome.detail());
        }
        compile.push(outcome);
    }

    // 3. Decode throughput.
    let decode = if opts.decode {
        // The tools whose crate compiled; with --no-peer-compile, those that generated
        // (the release build of the decode binary then tells whether they compile).
        let seam = generation
            .first()
            .map(|(_, row)| row.as_slice())
            .unwrap_or(&[]);
        let compiled: Vec<Tool> = TOOLS
            .into_iter()
            .zip(compile.iter().zip(seam))
            .filter(|(_, (c, g))| c.median().is_some() || (!opts.compile && g.median().is_some()))
            .map(|(t, _)| t)
            .collect();
        decode_bench(&root, &peers_dir, &gen_root.join("seam"), &compiled)
    } else {
        Err("skipped (--no-decode)".to_string())
    };

    // The table.
    let mut table = String::new();
    let _ = writeln!(
        table,
        "\n== peers: results (medians; ratio = tool's time / ours, so > 1 means slower than ours)"
    );
    let _ = writeln!(table, "load: {started_load} at start, {} at end", load());
    if let Some((_, seam)) = generation.first() {
        let _ = writeln!(
            table,
            "\nSeam spec (spec/openapi.json): generation = whole CLI process wall time; compile = cargo build of the generated crate, dependencies built"
        );
        let _ = writeln!(
            table,
            "| tool | generation | ratio | compile | ratio |\n| --- | --- | --- | --- | --- |"
        );
        for (i, tool) in TOOLS.into_iter().enumerate() {
            let _ = writeln!(
                table,
                "| {} | {} | {} | {} | {} |",
                tool.name(),
                seam[i].cell(),
                ratio(&seam[i], &seam[0]),
                compile[i].cell(),
                ratio(&compile[i], &compile[0]),
            );
        }
    }
    if generation.len() > 1 {
        let _ = writeln!(
            table,
            "\nGeneration on other specs (whole CLI process wall time, ratio to ours)"
        );
        let _ = writeln!(table, "| spec | {} |", tools_header());
        let _ = writeln!(table, "| --- | --- | --- | --- |");
        for (short, row) in &generation[1..] {
            let cells: Vec<String> = row
                .iter()
                .map(|o| match ratio(o, &row[0]).as_str() {
                    "-" => o.cell(),
                    r => format!("{} ({r})", o.cell()),
                })
                .collect();
            let _ = writeln!(table, "| {short} | {} |", cells.join(" | "));
        }
    }
    match &decode {
        Ok(text) => {
            let _ = writeln!(table, "\nDecode (serde_json::from_slice into each tool's response type; ratio = time / ours)\n{text}");
        }
        Err(why) => {
            let _ = writeln!(table, "\nDecode: not measured: {why}");
        }
    }
    let mut failures = String::new();
    for (short, row) in &generation {
        for (tool, o) in TOOLS.iter().zip(row) {
            if let Outcome::Failed(why) = o {
                let _ = writeln!(
                    failures,
                    "- {} on {short}: generation failed: {why}",
                    tool.name()
                );
            }
        }
    }
    for (tool, o) in TOOLS.iter().zip(&compile) {
        if let Outcome::Failed(why) = o {
            let _ = writeln!(
                failures,
                "- {}: generated Seam crate does not compile: {why}",
                tool.name()
            );
        }
    }
    if !failures.is_empty() {
        let _ = writeln!(table, "\nFailures:\n{failures}");
    }
    let _ = writeln!(
        table,
        "Absolute times are noisy on a shared machine; the ratios from the same run are what matters."
    );
    print!("{table}");
    let _ = fs::write(peers_dir.join("last-results.md"), &table);
    Ok(())
}

fn tools_header() -> String {
    TOOLS.map(Tool::name).join(" | ")
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// `cargo install --locked --root target/peers NAME --version V`, unless that version is
/// already installed there (cargo records installs in `target/peers/.crates.toml`).
fn install_peers(root: &Path, peers_dir: &Path) -> Result<(), String> {
    let record = fs::read_to_string(peers_dir.join(".crates.toml")).unwrap_or_default();
    for peer in &PEERS {
        let installed = record.contains(&format!("\"{} {} ", peer.krate, peer.version))
            && peers_dir.join("bin").join(exe(peer.bin)).is_file();
        if installed {
            println!(
                "{} {} already installed in {}",
                peer.krate,
                peer.version,
                peers_dir.display()
            );
            continue;
        }
        println!(
            "installing {} {} from crates.io into {} (a few minutes, once)",
            peer.krate,
            peer.version,
            peers_dir.display()
        );
        let root_arg = peers_dir.display().to_string();
        cargo(
            root,
            &[
                "install",
                "--locked",
                "--root",
                &root_arg,
                "--version",
                peer.version,
                peer.krate,
            ],
            None,
        )
        .map_err(|e| format!("cannot install {} {}: {e}", peer.krate, peer.version))?;
    }
    Ok(())
}

fn generate_command(
    tool: Tool,
    ours_bin: &Path,
    peers_dir: &Path,
    spec: &Path,
    out: &Path,
    short: &str,
) -> Command {
    let bin = peers_dir.join("bin");
    let mut cmd = match tool {
        Tool::Ours => {
            let mut c = Command::new(ours_bin);
            c.arg("codegen")
                .arg("--spec")
                .arg(spec)
                .arg("--out")
                .arg(out);
            c
        }
        Tool::Progenitor => {
            let mut c = Command::new(bin.join(exe("cargo-progenitor")));
            c.arg("progenitor")
                .arg("--input")
                .arg(spec)
                .arg("--output")
                .arg(out)
                .arg("--name")
                .arg(tool.package(short))
                .arg("--version")
                .arg("0.1.0");
            c
        }
        Tool::Ploidy => {
            let mut c = Command::new(bin.join(exe("ploidy")));
            c.arg("generate")
                .arg("rust")
                .arg(spec)
                .arg("--output")
                .arg(out)
                .arg("--name")
                .arg(tool.package(short));
            c
        }
    };
    cmd.env("RUST_BACKTRACE", "0");
    cmd
}

/// One warm-up run (its failure is the outcome), then `runs` timed runs, each into a
/// fresh output folder (removed before the run, outside the timing).
fn time_generation(cmd: &Command, out: &Path, runs: usize) -> Outcome {
    let mut samples = Vec::new();
    for i in 0..=runs {
        if out.exists() {
            if let Err(e) = fs::remove_dir_all(out) {
                return Outcome::Failed(format!("cannot remove {}: {e}", out.display()));
            }
        }
        match run_timed(cmd, out) {
            Ok(t) if i > 0 => samples.push(t),
            Ok(_) => {}
            Err(why) => return Outcome::Failed(why),
        }
    }
    Outcome::from_samples(samples)
}

/// Run a copy of `cmd`, output captured in files next to `out`; the wall time of the
/// process, or the first lines of what it printed when it fails.
fn run_timed(cmd: &Command, out: &Path) -> Result<Duration, String> {
    let log = out.with_extension("log");
    if let Some(parent) = log.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let stdout =
        fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let stderr = stdout
        .try_clone()
        .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
    let mut command = copy_command(cmd);
    command.stdin(Stdio::null()).stdout(stdout).stderr(stderr);
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", cmd.get_program().to_string_lossy()))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > GENERATION_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {}", secs(GENERATION_TIMEOUT)));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(e) => return Err(format!("cannot wait for the process: {e}")),
        }
    };
    let elapsed = started.elapsed();
    if status.success() {
        Ok(elapsed)
    } else {
        let text = fs::read_to_string(&log).unwrap_or_default();
        Err(format!(
            "{status}; first lines of its output ({}):\n{}",
            log.display(),
            first_lines(&text, 6)
        ))
    }
}

fn copy_command(cmd: &Command) -> Command {
    let mut c = Command::new(cmd.get_program());
    c.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        c.current_dir(dir);
    }
    c
}

/// The first `n` lines worth reading: from the first error when there is one (warnings,
/// progress and type listings skipped: progenitor prints its whole type space), then the
/// last line (often the summary, e.g. `codegen failed: N error(s)`).
fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.contains(": warning:"))
        .collect();
    let start = lines
        .iter()
        .position(|l| {
            let l = l.trim_start().to_lowercase();
            l.starts_with("error")
                || l.contains(": error")
                || l.contains("fail")
                || l.contains("panicked")
        })
        .unwrap_or(0);
    let mut shown: Vec<String> = lines[start..]
        .iter()
        .take(n)
        .map(|l| format!("    {l}"))
        .collect();
    if lines.len() > start + n {
        if let Some(last) = lines.last() {
            shown.push(format!(
                "    ... ({} more lines)",
                lines.len() - start - n - 1
            ));
            shown.push(format!("    {last}"));
        }
    }
    shown.join("\n")
}

/// Dependencies first (`cargo build`), then 3 x (`cargo clean -p PACKAGE`, timed
/// `cargo build`), in the workspace's target dir.
fn time_compile(root: &Path, dir: &Path, package: &str) -> Outcome {
    if let Err(e) = standalone_workspace(dir) {
        return Outcome::Failed(e);
    }
    let target = root.join("target");
    if let Err(e) = cargo(dir, &["build", "--quiet"], Some(&target)) {
        return Outcome::Failed(e);
    }
    let mut samples = Vec::new();
    for _ in 0..3 {
        if let Err(e) = cargo(dir, &["clean", "--quiet", "-p", package], Some(&target)) {
            return Outcome::Failed(e);
        }
        let t = Instant::now();
        if let Err(e) = cargo(dir, &["build", "--quiet"], Some(&target)) {
            return Outcome::Failed(e);
        }
        samples.push(t.elapsed());
    }
    Outcome::from_samples(samples)
}

/// The generated crates live under this workspace's folder: an empty `[workspace]`
/// table makes each its own workspace (ours writes one already).
fn standalone_workspace(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text = fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    if text.lines().any(|l| l.trim() == "[workspace]") {
        return Ok(());
    }
    fs::write(&manifest, format!("{text}\n[workspace]\n"))
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))
}

/// Run cargo in `dir`; on failure, the first error lines of its output.
fn cargo(dir: &Path, args: &[&str], target: Option<&Path>) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new(&cargo);
    cmd.args(args).current_dir(dir).stdin(Stdio::null());
    if let Some(t) = target {
        cmd.env("CARGO_TARGET_DIR", t);
    }
    // Installs print their progress; builds are captured so a failure shows its errors.
    if args.first() == Some(&"install") {
        let status = cmd
            .status()
            .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))?;
        return if status.success() {
            Ok(())
        } else {
            Err(format!("cargo {} failed ({status})", args.join(" ")))
        };
    }
    let output = cmd
        .output()
        .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))?;
    if output.status.success() {
        return Ok(());
    }
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    let errors = text.lines().filter(|l| l.starts_with("error")).count();
    Err(format!(
        "cargo {} in {} failed ({} error line(s)); first lines:\n{}",
        args.join(" "),
        dir.display(),
        errors,
        first_lines(&text, 8)
    ))
}

/// The response types each tool generates for the decode documents, as paths in its crate.
fn decode_types(tool: Tool) -> Option<[&'static str; 3]> {
    match tool {
        Tool::Ours => Some([
            "seam_client::types::ConnectedAccountsListResponse",
            "seam_client::types::EventsListResponse",
            "seam_client::types::ActionAttemptsListResponse",
        ]),
        Tool::Ploidy => Some([
            "seam_ploidy::client::default::types::ConnectedAccountsListPostResponse",
            "seam_ploidy::client::default::types::EventsListPostResponse",
            "seam_ploidy::client::default::types::ActionAttemptsListPostResponse",
        ]),
        // progenitor does not generate the Seam crate (see the generation result); its
        // type names are unknown until it does.
        Tool::Progenitor => None,
    }
}

/// Write and run a release binary that decodes the bench documents into each compiled
/// tool's types; its output (a Markdown table), or why there is none.
fn decode_bench(
    root: &Path,
    peers_dir: &Path,
    gen: &Path,
    compiled: &[Tool],
) -> Result<String, String> {
    let tools: Vec<(Tool, [&str; 3])> = compiled
        .iter()
        .filter_map(|&t| decode_types(t).map(|ty| (t, ty)))
        .collect();
    if !tools.iter().any(|(t, _)| *t == Tool::Ours) {
        return Err(
            "our generated Seam crate is not available (generation or compile failed)".to_string(),
        );
    }
    let dir = peers_dir.join("decode");
    let documents = root.join("generated-client/benches/documents/mod.rs");
    let mut manifest = String::from(
        "# Written by `cargo xtask bench --peers`.\n[package]\nname = \"peers-decode\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n",
    );
    for (tool, _) in &tools {
        let _ = writeln!(
            manifest,
            "{} = {{ path = {:?} }}",
            tool.package("seam"),
            gen.join(tool.dir()).display().to_string()
        );
    }
    manifest.push_str("\n[workspace]\n");
    let mut main = format!(
        "// Written by `cargo xtask bench --peers`.\n#[path = {:?}]\nmod documents;\n{}",
        documents.display().to_string(),
        DECODE_MAIN
    );
    let docs = [
        (
            "connected_accounts/list",
            "connected_accounts",
            "connected_account",
        ),
        ("events/list", "events", "event"),
        ("action_attempts/list", "action_attempts", "action_attempt"),
    ];
    main.push_str("\nfn main() {\n    let runs = 15;\n    println!(\"| document | tool | median | MB/s | ratio |\");\n    println!(\"| --- | --- | --- | --- | --- |\");\n");
    for (i, (name, key, item)) in docs.iter().enumerate() {
        let _ = writeln!(
            main,
            "    let body = documents::list_body({key:?}, 2_000, documents::{item});\n    let mb = body.len() as f64 / 1e6;\n    let ours = time::<{}>(&body, runs);",
            tools[0].1[i]
        );
        let _ = writeln!(
            main,
            "    row({name:?}, {:?}, mb, &ours, &ours);",
            tools[0].0.name()
        );
        for (tool, types) in &tools[1..] {
            let _ = writeln!(
                main,
                "    row({name:?}, {:?}, mb, &time::<{}>(&body, runs), &ours);",
                tool.name(),
                types[i]
            );
        }
        let _ = writeln!(
            main,
            "    row({name:?}, \"serde_json::Value (floor)\", mb, &time::<serde_json::Value>(&body, runs), &ours);"
        );
    }
    main.push_str("}\n");
    fs::create_dir_all(dir.join("src"))
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    fs::write(dir.join("Cargo.toml"), manifest)
        .map_err(|e| format!("cannot write decode crate: {e}"))?;
    fs::write(dir.join("src/main.rs"), main)
        .map_err(|e| format!("cannot write decode crate: {e}"))?;
    println!(
        "\ndecode: building {} (release; compiles every generated crate in release, minutes)",
        dir.display()
    );
    let target = root.join("target");
    cargo(&dir, &["build", "--release", "--quiet"], Some(&target))?;
    let bin = target.join("release").join(exe("peers-decode"));
    let output = Command::new(&bin)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let text = String::from_utf8_lossy(&output.stdout).to_string();
    if output.status.success() {
        print!("{text}");
        Ok(text)
    } else {
        Err(format!(
            "{} failed ({}):\n{}",
            bin.display(),
            output.status,
            first_lines(&String::from_utf8_lossy(&output.stderr), 6)
        ))
    }
}

const DECODE_MAIN: &str = r#"
use std::time::{Duration, Instant};

/// Median of `runs` decodes (after one warm-up), or the decode error.
fn time<T: serde::de::DeserializeOwned>(body: &[u8], runs: usize) -> Result<Duration, String> {
    let mut samples = Vec::new();
    for i in 0..=runs {
        let t = Instant::now();
        let v: T = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        std::hint::black_box(&v);
        let elapsed = t.elapsed();
        drop(v);
        if i > 0 {
            samples.push(elapsed);
        }
    }
    samples.sort();
    Ok(samples[samples.len() / 2])
}

fn row(doc: &str, tool: &str, mb: f64, t: &Result<Duration, String>, ours: &Result<Duration, String>) {
    match (t, ours) {
        (Ok(t), Ok(o)) => println!("| {doc} ({mb:.2} MB) | {tool} | {t:.2?} | {:.0} | {:.2}x |", mb / t.as_secs_f64(), t.as_secs_f64() / o.as_secs_f64()),
        (Ok(t), Err(_)) => println!("| {doc} ({mb:.2} MB) | {tool} | {t:.2?} | {:.0} | - |", mb / t.as_secs_f64()),
        (Err(e), _) => println!("| {doc} ({mb:.2} MB) | {tool} | FAILED: {} | - | - |", e.replace('|', "/")),
    }
}
"#;
