//! Seam's own fake server (`@seamapi/fake-seam-connect`, pinned in
//! `e2e/package.json`) as an end-to-end test peer.
//!
//! [`start`] runs `node e2e/fake-seam.mjs`, which seeds the fake and listens on
//! 127.0.0.1 with an OS-assigned port, and reads the one JSON line it prints:
//!
//! ```json
//! {"base_url": "http://127.0.0.1:PORT", "api_key": "seam_...",
//!  "workspace_id": "...", "connected_account_ids": ["...", "..."],
//!  "device_ids": [...], "custom_metadata": {...}, "other_workspace": {...}, ...}
//! ```
//!
//! When `node` or `e2e/node_modules` is missing the tests are skipped with a
//! message, except under CI (`CI` set and non-empty), where that is a failure.
//! Install with `npm ci --prefix e2e`.
//!
//! Dropping the [`FakeSeam`] kills the process. If the test process dies
//! instead, the fake sees EOF on its stdin and exits by itself.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

/// How long the fake may take to print its JSON line.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// How many lines of the fake's stderr are kept for failure messages.
const STDERR_TAIL_LINES: usize = 200;

/// A running fake Seam Connect server, seeded by `e2e/fake-seam.mjs`.
pub struct FakeSeam {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base_url: String,
    /// API key of the seeded workspace (send as `Authorization: Bearer ...`).
    pub api_key: String,
    pub workspace_id: String,
    /// Connected accounts of the seeded workspace, oldest first. The first
    /// one has custom_metadata (see `seed["custom_metadata"]`).
    pub connected_account_ids: Vec<String>,
    /// The whole JSON line the fake printed (device_ids, other_workspace, ...).
    pub seed: Value,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr_tail: Arc<Mutex<VecDeque<String>>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

/// Path of the repository's `e2e/` folder.
pub fn e2e_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("e2e")
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Skips (prints and returns `None`) outside CI; panics under CI, which must
/// run these tests.
fn unavailable(reason: &str) -> Option<FakeSeam> {
    if in_ci() {
        panic!("fake Seam is required under CI but unavailable: {reason}");
    }
    eprintln!("skipping: {reason}");
    None
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Starts a freshly seeded fake, or returns `None` (after printing
/// `skipping: ...`) when node or the e2e packages are not installed and `CI`
/// is not set.
///
/// Panics if the prerequisites are there but the fake fails to start.
pub fn start() -> Option<FakeSeam> {
    let dir = e2e_dir();
    if !node_available() {
        return unavailable("`node` is not on PATH (the fake Seam server needs Node.js >= 18.12)");
    }
    let package = dir.join("node_modules/@seamapi/fake-seam-connect/package.json");
    if !package.is_file() {
        install_node_modules(&dir);
    }
    if !package.is_file() {
        return unavailable(&format!(
            "{} is missing; run `npm ci --prefix e2e` first",
            dir.join("node_modules").display()
        ));
    }

    let mut child = Command::new("node")
        .arg("fake-seam.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawning `node fake-seam.mjs` in {}: {e}", dir.display()));
    let stdin = child.stdin.take();
    let stdout = child.stdout.take().expect("piped stdout");
    let stderr = child.stderr.take().expect("piped stderr");

    // Keep the tail of stderr for failure messages. Draining it also keeps the
    // fake from blocking on a full pipe.
    let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
    let stderr_reader = {
        let tail = Arc::clone(&stderr_tail);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
                if tail.len() == STDERR_TAIL_LINES {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        })
    };

    // First stdout line is the seed; anything after it is drained and dropped.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let first = match reader.read_line(&mut line) {
            Ok(0) => Err("stdout closed before the seed line".to_string()),
            Ok(_) => Ok(line),
            Err(e) => Err(format!("reading stdout: {e}")),
        };
        let _ = tx.send(first);
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });

    let mut fake = FakeSeam {
        base_url: String::new(),
        api_key: String::new(),
        workspace_id: String::new(),
        connected_account_ids: Vec::new(),
        seed: Value::Null,
        child,
        stdin,
        stderr_tail,
        stderr_reader: Some(stderr_reader),
    };

    let line = match rx.recv_timeout(STARTUP_TIMEOUT) {
        Ok(Ok(line)) => line,
        Ok(Err(why)) => fake.fail(&why),
        Err(_) => fake.fail(&format!("no seed line within {STARTUP_TIMEOUT:?}")),
    };
    let seed: Value = match serde_json::from_str(line.trim()) {
        Ok(seed) => seed,
        Err(e) => fake.fail(&format!("seed line is not JSON ({e}): {line}")),
    };
    let text = |key: &str| -> Option<String> { seed.get(key)?.as_str().map(str::to_owned) };
    let (Some(base_url), Some(api_key), Some(workspace_id)) =
        (text("base_url"), text("api_key"), text("workspace_id"))
    else {
        fake.fail(&format!(
            "seed line lacks base_url/api_key/workspace_id: {line}"
        ))
    };
    let ids: Option<Vec<String>> = seed
        .get("connected_account_ids")
        .and_then(Value::as_array)
        .and_then(|ids| {
            ids.iter()
                .map(|id| id.as_str().map(str::to_owned))
                .collect()
        });
    let Some(connected_account_ids) = ids else {
        fake.fail(&format!("seed line lacks connected_account_ids: {line}"))
    };

    fake.base_url = base_url.trim_end_matches('/').to_owned();
    fake.api_key = api_key;
    fake.workspace_id = workspace_id;
    fake.connected_account_ids = connected_account_ids;
    fake.seed = seed;
    Some(fake)
}

/// A response read off the wire by [`FakeSeam::raw_post`].
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON; panics with the raw text if it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "response body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

impl FakeSeam {
    /// `host:port` of the fake.
    pub fn authority(&self) -> &str {
        let rest = self
            .base_url
            .strip_prefix("http://")
            .unwrap_or(&self.base_url);
        rest.split('/').next().unwrap_or(rest)
    }

    /// OS process id of the fake (for diagnostics).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The last lines the fake wrote to stderr.
    pub fn stderr_tail(&self) -> String {
        let tail = self.stderr_tail.lock().unwrap_or_else(|e| e.into_inner());
        tail.iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// One blocking HTTP/1.1 POST with a JSON body, independent of the client
    /// under test. `api_key: None` sends no Authorization header.
    pub fn raw_post(&self, path: &str, api_key: Option<&str>, body: &Value) -> RawResponse {
        let body = serde_json::to_vec(body).expect("serialise body");
        let mut request = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Accept: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n",
            host = self.authority(),
            len = body.len(),
        );
        if let Some(key) = api_key {
            request.push_str(&format!("Authorization: Bearer {key}\r\n"));
        }
        request.push_str("\r\n");

        let mut stream = TcpStream::connect(self.authority())
            .unwrap_or_else(|e| panic!("connecting to {}: {e}", self.base_url));
        let timeout = Some(Duration::from_secs(15));
        stream.set_read_timeout(timeout).expect("set read timeout");
        stream
            .set_write_timeout(timeout)
            .expect("set write timeout");
        stream
            .write_all(request.as_bytes())
            .expect("write request head");
        stream.write_all(&body).expect("write request body");
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .unwrap_or_else(|e| panic!("reading response from {}{path}: {e}", self.base_url));
        parse_response(&raw)
    }

    fn fail(&mut self, why: &str) -> ! {
        self.shutdown();
        // The process is gone, so its stderr is at EOF: collect all of it.
        if let Some(reader) = self.stderr_reader.take() {
            let _ = reader.join();
        }
        panic!(
            "fake Seam (`node fake-seam.mjs` in {}) failed: {why}\n--- its stderr ---\n{}",
            e2e_dir().display(),
            self.stderr_tail()
        );
    }

    fn shutdown(&mut self) {
        // Closing stdin alone makes the fake exit; kill it too so Drop never
        // waits on a process that ignores that.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for FakeSeam {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn parse_response(raw: &[u8]) -> RawResponse {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in: {}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("bad status line: {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    RawResponse {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .unwrap_or_else(|_| panic!("bad chunk size {size_text:?}"));
        data = &data[eol + 2..];
        if size == 0 || data.len() < size {
            break;
        }
        body.extend_from_slice(&data[..size]);
        data = data.get(size + 2..).unwrap_or_default();
    }
    body
}

/// `npm ci` in `e2e/` once per test binary, when `node_modules` is missing and npm is
/// there, so `cargo test --workspace` alone runs the end-to-end tests on a fresh clone.
fn install_node_modules(dir: &std::path::Path) {
    static ONCE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    ONCE.get_or_init(|| {
        eprintln!(
            "installing the fake Seam server: npm ci --prefix {}",
            dir.display()
        );
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(dir)
            .stdin(Stdio::null())
            .status();
        if let Err(e) = status {
            eprintln!("npm ci could not run: {e}");
        }
    });
}
