//! `cargo xtask bench`: the performance numbers, as medians.
//!
//! - generation time on the full spec (`generator/benches/generate.rs`, release build);
//! - decode throughput of the generated types (`generated-client/benches/decode.rs`);
//! - with `--compile`: build time of the `seam-client` crate itself (dependencies
//!   already built), median of 3 `cargo clean -p seam-client && cargo build -p seam-client`;
//! - with `--peers`: the same measurements against progenitor and ploidy, in the same run,
//!   as ratios (`peers.rs`). By hand only: not part of CI.

use std::process::Command;
use std::time::Instant;

use crate::codegen::root;

pub fn run(args: &[String]) -> Result<(), String> {
    let compile = args.iter().any(|a| a == "--compile");
    let peers = args.iter().any(|a| a == "--peers");
    let peer_options = crate::peers::Options::parse(args)?;
    cargo(&["bench", "-p", "seam-codegen", "--bench", "generate"])?;
    cargo(&["bench", "-p", "seam-client", "--bench", "decode"])?;
    if compile {
        cargo(&["build", "-p", "seam-client"])?;
        let mut samples = Vec::new();
        for _ in 0..3 {
            cargo(&["clean", "-p", "seam-client"])?;
            let t = Instant::now();
            cargo(&["build", "-p", "seam-client"])?;
            samples.push(t.elapsed());
        }
        samples.sort();
        println!("build of seam-client (dependencies built), 3 runs: median {:.1?} (min {:.1?}, max {:.1?})", samples[1], samples[0], samples[2]);
    }
    if peers {
        crate::peers::run(&peer_options)?;
    }
    Ok(())
}

fn cargo(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let status = Command::new(cargo)
        .args(args)
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo {} failed", args.join(" ")))
    }
}
