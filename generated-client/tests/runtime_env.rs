//! `SeamClient::from_env`. One test only: it changes the process environment.

use seam_client::{Error, SeamClient};

#[test]
fn from_env_reads_key_and_endpoint() {
    std::env::remove_var("SEAM_API_KEY");
    std::env::remove_var("SEAM_ENDPOINT");
    match SeamClient::from_env() {
        Err(Error::Config(message)) => assert!(message.contains("SEAM_API_KEY"), "{message}"),
        other => panic!("{other:?}"),
    }

    std::env::set_var("SEAM_API_KEY", "seam_env_secret");
    let client = SeamClient::from_env().unwrap();
    assert_eq!(client.base_url(), "https://connect.getseam.com");
    assert!(!format!("{client:?}").contains("seam_env_secret"));

    std::env::set_var("SEAM_ENDPOINT", "http://127.0.0.1:4020/");
    let client = SeamClient::from_env().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:4020");

    std::env::set_var("SEAM_ENDPOINT", "not a url");
    assert!(matches!(SeamClient::from_env(), Err(Error::Config(_))));

    std::env::remove_var("SEAM_API_KEY");
    std::env::remove_var("SEAM_ENDPOINT");
}
