//! Connecting to PostgreSQL, over TLS where the URL asks for it.
//!
//! The URL takes libpq's `sslmode` and `sslrootcert` parameters, with
//! libpq's meanings, so an operator's usual connection string works:
//!
//! | `sslmode` | what the hub does |
//! |---|---|
//! | `disable` | plain TCP |
//! | `prefer` (the default) | TLS if the server offers it, else plain; the certificate is not checked unless `sslrootcert` is given |
//! | `require` | TLS or no connection; the certificate is not checked unless `sslrootcert` is given |
//! | `verify-ca`, `verify-full` | TLS, the certificate checked against `sslrootcert` (a PEM file) or, without it, the public CAs (webpki-roots), and the host name checked against it (also for `verify-ca`: rustls always checks it) |
//!
//! Checking nothing under `prefer` and `require` is what libpq does too;
//! across a network docs/operator.md recommends `verify-full`.

use std::sync::Arc;
use tokio_postgres::config::SslMode;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres::{Client, Config, Connection, Socket};
use tokio_postgres_rustls::MakeRustlsConnect;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, UnixTime};

use crate::db::StoreError;

/// A connection being set up, to be driven by the caller.
pub type Pending = Connection<Socket, <MakeRustlsConnect as MakeTlsConnect<Socket>>::Stream>;

/// Opens a connection to `url`; the caller drives the returned
/// [`Connection`] (it carries every exchange, and notifications).
pub async fn open(url: &str) -> Result<(Client, Pending), StoreError> {
    let (config, tls) = settings(url)?;
    config.connect(tls).await.map_err(|e| {
        // The cause too (a refused certificate says why only there).
        let mut why = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            why.push_str(&format!(": {c}"));
            cause = c.source();
        }
        StoreError::Unavailable(format!("cannot connect to PostgreSQL: {why}"))
    })
}

/// The connection settings and TLS connector for `url`.
pub fn settings(url: &str) -> Result<(Config, MakeRustlsConnect), StoreError> {
    let (rest, mode, root) = tls_parameters(url);
    let mut config: Config = rest
        .parse()
        .map_err(|e| bad(format!("cannot be read: {e}")))?;
    let verify = set_ssl_mode(&mut config, &mode, root.is_some())?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(format!("cannot use TLS: {e}")))?;
    let tls = if verify {
        let roots = trusted_roots(root.as_deref())?;
        builder.with_root_certificates(roots).with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unchecked(provider)))
            .with_no_client_auth()
    };
    Ok((config, MakeRustlsConnect::new(tls)))
}

/// A refusal of the database URL, saying `why`.
fn bad(why: String) -> StoreError {
    StoreError::Backend(format!("the database URL {why}"))
}

/// Takes libpq's `sslmode` (default `prefer`) and `sslrootcert` out of
/// `url`, which tokio-postgres would not read: the URL left, the mode and
/// the root certificates' file.
fn tls_parameters(url: &str) -> (String, String, Option<String>) {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut kept = Vec::new();
    let (mut mode, mut root) = ("prefer".to_owned(), None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("sslmode", v)) => mode = v.to_owned(),
            Some(("sslrootcert", v)) => root = Some(v.to_owned()),
            _ => kept.push(pair),
        }
    }
    let rest = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    (rest, mode, root)
}

/// Sets the `sslmode` on `config`; whether the server's certificate is to
/// be checked (`has_root`: an `sslrootcert` was given).
fn set_ssl_mode(config: &mut Config, mode: &str, has_root: bool) -> Result<bool, StoreError> {
    Ok(match mode {
        "disable" => {
            config.ssl_mode(SslMode::Disable);
            false
        }
        "prefer" | "require" => {
            config.ssl_mode(if mode == "prefer" {
                SslMode::Prefer
            } else {
                SslMode::Require
            });
            has_root
        }
        "verify-ca" | "verify-full" => {
            config.ssl_mode(SslMode::Require);
            true
        }
        other => {
            return Err(bad(format!(
                "has sslmode={other}; use disable, prefer, require, verify-ca or verify-full"
            )));
        }
    })
}

/// The certificates a server's is checked against: those of the PEM file
/// `root`, or the public CAs without one.
fn trusted_roots(root: Option<&str>) -> Result<rustls::RootCertStore, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    match root {
        Some(path) => {
            for cert in CertificateDer::pem_file_iter(path).map_err(|e| {
                bad(format!(
                    "names sslrootcert={path}, which cannot be read: {e}"
                ))
            })? {
                let cert = cert
                    .map_err(|e| bad(format!("names sslrootcert={path}, which is not PEM: {e}")))?;
                roots.add(cert).map_err(|e| {
                    bad(format!(
                        "names sslrootcert={path}, which holds a bad certificate: {e}"
                    ))
                })?;
            }
            if roots.is_empty() {
                return Err(bad(format!(
                    "names sslrootcert={path}, which holds no certificate"
                )));
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    Ok(roots)
}

/// Encrypts without checking who answers (`sslmode` `prefer` or `require`
/// without `sslrootcert`, as libpq does); the handshake's signatures are
/// still checked, so the session key is the server's.
#[derive(Debug)]
struct Unchecked(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }
    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_parameters_are_read_and_bad_ones_refused() {
        let (config, _) =
            settings("postgres://u@127.0.0.1:5432/team").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.get_ssl_mode(), SslMode::Prefer, "libpq's default");
        let (config, _) = settings("postgres://u@h/team?sslmode=verify-full&application_name=hub")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.get_ssl_mode(), SslMode::Require);
        assert_eq!(
            config.get_application_name(),
            Some("hub"),
            "other parameters kept"
        );
        let (config, _) =
            settings("postgres://u@h/team?sslmode=disable").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.get_ssl_mode(), SslMode::Disable);
        for bad in [
            "postgres://u@h/team?sslmode=sometimes",
            "postgres://u@h/team?sslmode=require&sslrootcert=/nonexistent/ca.pem",
        ] {
            let why = settings(bad)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(why.contains("database URL"), "{bad}: {why}");
        }
    }
}
