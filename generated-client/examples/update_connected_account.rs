//! Set a connected account's `custom_metadata` to `{"id": "internalId1"}` and print
//! the updated account as JSON.
//!
//! ```sh
//! SEAM_API_KEY=seam_... [SEAM_ENDPOINT=http://127.0.0.1:PORT] \
//!     cargo run -p seam-client --example update_connected_account -- <connected_account_id>
//! ```
//!
//! Exits with status 2 on bad usage and 1 when the request fails.

use std::process::ExitCode;

use seam_client::{types, Error, SeamClient};

const USAGE: &str = "usage: update_connected_account <connected_account_id>\n\
    environment: SEAM_API_KEY (required), SEAM_ENDPOINT (optional base URL)";

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(id), None) = (args.next(), args.next()) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    // Ids are opaque strings (UUIDs on Seam, `connected_account1` on its fake).
    let id = id.trim();
    if id.is_empty() {
        eprintln!("error: the connected account id is empty\n{USAGE}");
        return ExitCode::from(2);
    }
    let id = seam_client::Id::from(id);

    match run(id).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let mut shown = e.to_string();
            eprintln!("error: {shown}");
            // Transport errors keep the root cause (e.g. "connection refused") in the
            // chain. Skip causes whose text the previous line already has.
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                let text = c.to_string();
                if !shown.contains(&text) {
                    eprintln!("  caused by: {text}");
                }
                shown = text;
                cause = c.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(id: seam_client::Id) -> Result<(), Error> {
    let client = SeamClient::from_env()?;

    let mut request = types::ConnectedAccountsUpdateRequest::new(id);
    // The map's value type is generated; build it from its JSON form.
    let metadata = serde_json::json!({ "id": "internalId1" });
    request.custom_metadata =
        Some(serde_json::from_value(metadata).map_err(|e| Error::Encode {
            message: e.to_string(),
        })?);

    let account = client.connected_accounts().update(request).await?;

    let pretty = serde_json::to_string_pretty(&account).map_err(|e| Error::Encode {
        message: e.to_string(),
    })?;
    println!("{pretty}");
    Ok(())
}
