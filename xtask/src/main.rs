//! Project tasks. `cargo xtask codegen [--check] [--spec PATH] [--config PATH] [--out DIR]`.

mod bench;
mod codegen;
mod peers;
mod report;
mod snapshots;

use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--spec PATH] [--config PATH] [--out DIR]
      Regenerate generated-client/src/generated from spec/openapi.json (JSON or YAML), and the
      compiled snapshots of the fixtures (tests/compiled/src).
      --check   write nothing; fail if the checked-in output is stale
      --spec    another spec (JSON, or YAML by .yaml/.yml extension)
      --config  another codegen config (default: codegen.yaml beside the spec, if any)
      --out     write a standalone crate (Cargo.toml, runtime, generated code) to DIR
  cargo xtask diff OLD_SPEC NEW_SPEC [--json] [--deny-breaking] [--config PATH]
      What changed in the generated crate between two specs (JSON or YAML): operations, types,
      fields, enum values and union variants added, removed, retyped, newly required or
      deprecated, each marked BREAKING or not.
      --json           the same report as JSON (types added/removed carry their JSON pointer)
      --deny-breaking  exit non-zero when anything is breaking
      --config         the codegen config (default: codegen.yaml beside NEW_SPEC, else the defaults)
  cargo xtask update-spec --from PATH_OR_URL [--deny-breaking]
      Replace spec/openapi.json with a spec that generates cleanly (nothing is replaced
      otherwise), regenerate, and print the change report. URLs are fetched with curl.
  cargo xtask bench [--compile] [--peers [--runs N] [--seam-only] [--no-peer-compile] [--no-decode]]
      Generation time and decode throughput (medians); --compile adds the crate's build time.
      --peers  also measure progenitor and ploidy (installed once from crates.io into
               target/peers) in the same run: CLI generation wall time on spec/openapi.json
               and /work/shared/specs/other/*, build time of each generated Seam crate,
               decode of the bench documents; a table of medians and ratios to ours.
               --runs N generation runs per tool and spec (default 5, after a warm-up);
               --seam-only skips the other specs; --no-peer-compile, --no-decode skip those.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(&args[1..]),
        Some("diff") => report::diff(&args[1..]),
        Some("update-spec") => report::update_spec(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
