//! HTTPS with rustls, on a certificate made for the test.

use crate::common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_https_with_the_given_certificate() {
    let mut h = hub();
    // Short enough that the test sees a silent client cut off.
    h.state.limits = std::sync::Arc::new(switchboard_hub::limits::Limits::new(
        switchboard_hub::limits::LimitConfig {
            tls_handshake_timeout: std::time::Duration::from_millis(500),
            ..Default::default()
        },
    ));
    let (addr, cert, key) = serve_tls_on_loopback(h.state.clone(), h.dir.path()).await;
    assert!(
        switchboard_hub::tls::load(&key, &key).is_err(),
        "a key is not a certificate"
    );

    let pem = std::fs::read(&cert).unwrap_or_default();
    let root = reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| panic!("{e}"));
    let client = reqwest::Client::builder()
        .add_root_certificate(root)
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let body = client
        .get(format!("https://{addr}/healthz"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("https request: {e:?}"))
        .text()
        .await
        .unwrap_or_default();
    assert_eq!(body, "ok");

    let untrusting = reqwest::Client::new();
    assert!(
        untrusting
            .get(format!("https://{addr}/healthz"))
            .send()
            .await
            .is_err(),
        "an unknown certificate is refused"
    );
    let plain = reqwest::Client::new()
        .get(format!("http://{addr}/healthz"))
        .send()
        .await;
    assert!(
        plain.map(|r| !r.status().is_success()).unwrap_or(true),
        "plain HTTP is not served on the TLS port"
    );

    // Regression: no TLS handshake timeout, so silent connections held a
    // descriptor each for as long as they liked.
    let mut silent = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        closed_within(&mut silent, std::time::Duration::from_secs(30)).await,
        "a client that never starts the handshake is disconnected"
    );
}
