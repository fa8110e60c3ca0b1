//! The checks that need nothing but this machine: the settings, the
//! modes of the files that hold secrets, the TLS certificate and the store.

use super::{Report, Setup};
use crate::backend::{self, Location, postgres, sqlite};
use crate::config::HubConfig;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// The secrets that may come from a file (`NAME_FILE`), as
/// [`crate::config::secret`] reads them.
pub const SECRET_FILES: [&str; 7] = [
    "SWITCHBOARD_CONTENT_KEY_FILE",
    "SWITCHBOARD_PREVIOUS_CONTENT_KEYS_FILE",
    "SWITCHBOARD_DATABASE_URL_FILE",
    "SWITCHBOARD_BACKUP_PASSPHRASE_FILE",
    "WHATSAPP_ACCESS_TOKEN_FILE",
    "WHATSAPP_APP_SECRET_FILE",
    "WHATSAPP_VERIFY_TOKEN_FILE",
];

/// The PostgreSQL version the hub needs at least, and the one its tests
/// run on (Debian 12's).
const POSTGRES_OLDEST: i64 = 130_000;
const POSTGRES_TESTED: i64 = 150_000;

/// Reads the settings as `serve` does; `None` when one is missing or wrong.
pub fn configuration(setup: &Setup, report: &mut Report) -> Option<HubConfig> {
    let check = "configuration";
    let config = match HubConfig::from_env(setup.listen, setup.data_dir.clone()) {
        Ok(c) => c,
        Err(e) => {
            report.fail(
                check,
                e.to_string(),
                "set it in the service's environment (docs/configuration.md lists every setting)",
            );
            return None;
        }
    };
    let rest = crate::config::templates()
        .map(|t| t.map_or(0, |t| t.len()))
        .and_then(|n| crate::config::auto_assign_limit().map(|_| n))
        .and_then(|n| crate::config::read_receipts().map(|_| n));
    match rest {
        Ok(templates) => report.ok(
            check,
            format!(
                "every setting reads; number {} on {} {}; {templates} templates",
                config.graph.phone_number_id, config.graph.base_url, config.graph.version
            ),
        ),
        Err(e) => {
            report.fail(check, e.to_string(), "correct it (docs/configuration.md)");
            return None;
        }
    }
    Some(config)
}

/// The data folder, the store's files, the key file `init` writes, every
/// `NAME_FILE` secret and the TLS key: none may be open to group or others.
pub fn file_modes(setup: &Setup, report: &mut Report) {
    let mut paths: Vec<PathBuf> = vec![setup.data_dir.clone()];
    let store = sqlite::FILE;
    for name in [
        store.to_owned(),
        format!("{store}-wal"),
        format!("{store}-shm"),
        crate::first_run::KEY_FILE.to_owned(),
    ] {
        paths.push(setup.data_dir.join(name));
    }
    paths.extend(
        SECRET_FILES
            .iter()
            .filter_map(std::env::var_os)
            .map(PathBuf::from),
    );
    paths.extend(setup.tls_key.clone());
    let mut seen = std::collections::HashSet::new();
    paths.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    let mut checked = 0;
    let mut open = Vec::new();
    let mut unreadable = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                unreadable.push(path.display().to_string());
                continue;
            }
            Err(_) => continue,
        };
        checked += 1;
        if meta.permissions().mode() & 0o077 != 0 {
            let fix = if meta.is_dir() { 700 } else { 600 };
            open.push(format!("chmod {fix} {}", path.display()));
        }
    }
    if !unreadable.is_empty() {
        report.warn(
            "file modes",
            format!("cannot look at {}", unreadable.join(", ")),
            "run doctor as the service's user or root",
        );
    }
    if open.is_empty() {
        report.ok(
            "file modes",
            format!("{checked} files and folders readable by their owner only"),
        );
    } else {
        report.fail(
            "file modes",
            format!("{} readable by group or others", open.len()),
            open.join("; "),
        );
    }
}

/// The certificate `serve` would present: expired fails, under 14 days warns.
pub fn tls_expiry(setup: &Setup, report: &mut Report) {
    let Some(cert) = &setup.tls_cert else {
        return;
    };
    let check = "tls certificate";
    let not_after = match certificate_end(cert) {
        Ok(t) => t,
        Err(why) => {
            report.fail(
                check,
                format!("{}: {why}", cert.display()),
                "point SWITCHBOARD_TLS_CERT at a PEM certificate chain",
            );
            return;
        }
    };
    let left = not_after - crate::db::now();
    let days = left / 86_400;
    if left <= 0 {
        report.fail(
            check,
            format!("{} expired {} days ago", cert.display(), -days),
            "renew the certificate and restart the hub",
        );
    } else if days < 14 {
        let when = match days {
            0 => "within a day".to_owned(),
            1 => "in 1 day".to_owned(),
            n => format!("in {n} days"),
        };
        report.warn(
            check,
            format!("{} expires {when}", cert.display()),
            "renew it now (certbot renew, or your CA)",
        );
    } else {
        report.ok(
            check,
            format!("{} valid for {days} more days", cert.display()),
        );
    }
}

/// The first certificate's end of validity, in Unix seconds.
fn certificate_end(path: &Path) -> Result<i64, String> {
    use tokio_rustls::rustls::pki_types::CertificateDer;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use x509_cert::der::Decode;
    let first = CertificateDer::pem_file_iter(path)
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("no certificate in the file")?
        .map_err(|e| e.to_string())?;
    let cert = x509_cert::Certificate::from_der(&first).map_err(|e| e.to_string())?;
    let end = cert.tbs_certificate.validity.not_after.to_unix_duration();
    i64::try_from(end.as_secs()).map_err(|e| e.to_string())
}

/// The store: there, of this version's schema (and, on PostgreSQL, a
/// server new enough); then, opened, every sealed row's key loaded, the
/// audit chain whole and an active admin.
pub async fn store(setup: &Setup, report: &mut Report) {
    if !schema(setup, report).await {
        return;
    }
    let Ok(keys) = crate::config::content_keys() else {
        report.warn(
            "store contents",
            "not checked: no content key",
            "set SWITCHBOARD_CONTENT_KEY or SWITCHBOARD_CONTENT_KEY_FILE",
        );
        return;
    };
    // Opened as it is: `backend::open` would make the folder private,
    // and doctor changes nothing.
    let opened: Result<std::sync::Arc<dyn crate::repo::HubStore>, _> = match &setup.database_url {
        None => sqlite::Store::open(&setup.data_dir.join(sqlite::FILE), keys)
            .map(|s| std::sync::Arc::new(s) as _),
        Some(url) => {
            backend::open(
                &Location::Postgres {
                    url: url.clone(),
                    hub: "doctor".into(),
                },
                keys,
            )
            .await
        }
    };
    match opened {
        Ok(store) => contents(store.as_ref(), report).await,
        Err(e) => report.fail(
            "store",
            format!("cannot open: {e}"),
            "check the store's owner and the database's permissions",
        ),
    }
}

/// What the opened store holds: every sealed row's key loaded, the audit
/// chain whole, an active admin.
async fn contents(store: &dyn crate::repo::HubStore, report: &mut Report) {
    match (store.missing_keys().await, store.wrong_keys().await) {
        (Ok(missing), Ok(wrong)) if missing.is_empty() && wrong.is_empty() => report.ok(
            "content keys",
            "every stored row's key is loaded and opens its rows",
        ),
        (Ok(missing), Ok(_)) if !missing.is_empty() => report.fail(
            "content keys",
            format!("rows are sealed under key id(s) {missing:?}, which are not loaded"),
            "set SWITCHBOARD_PREVIOUS_CONTENT_KEYS (id:hex,…) or the right SWITCHBOARD_CONTENT_KEY_ID",
        ),
        (Ok(_), Ok(wrong)) => report.fail(
            "content keys",
            format!("the key loaded as id(s) {wrong:?} does not open the rows sealed under that id"),
            "set the key this store was sealed with (a copy made wrong? compare it with the first hub's)",
        ),
        (Err(e), _) | (_, Err(e)) => report.fail("content keys", e.to_string(), "check the store"),
    }
    match store.verify_audit().await {
        Ok(Ok(n)) => report.ok("audit log", format!("chain intact ({n} entries)")),
        Ok(Err(t)) => report.fail(
            "audit log",
            format!("tampered at entry {}: {}", t.id, t.why),
            "restore the store from a backup taken before it, and find who wrote to it",
        ),
        Err(e) => report.fail("audit log", e.to_string(), "check the store"),
    }
    match store.list_agents().await {
        Ok(agents) => {
            let admins = agents
                .iter()
                .filter(|a| a.role == switchboard_protocol::Role::Admin && !a.disabled)
                .count();
            if admins == 0 {
                report.fail(
                    "admin",
                    "no active admin: nobody can assign or manage the team",
                    "switchboard-hub init --admin NAME on a new hub, or agent add --role admin",
                );
            } else {
                report.ok(
                    "admin",
                    format!("active admins: {admins}; people: {}", agents.len()),
                );
            }
        }
        Err(e) => report.fail("admin", e.to_string(), "check the store"),
    }
}

/// Reports the store's schema against this build's; true when they
/// match (the store may then be opened without a migration).
async fn schema(setup: &Setup, report: &mut Report) -> bool {
    let (found, latest) = match &setup.database_url {
        None => {
            let file = setup.data_dir.join(sqlite::FILE);
            if !file.exists() {
                report.fail(
                    "store",
                    format!("no store in {}", setup.data_dir.display()),
                    "run `switchboard-hub init --admin NAME` for a new hub, or point SWITCHBOARD_HUB_DATA at the service's data folder",
                );
                return false;
            }
            match sqlite::schema_version(&file) {
                Ok(v) => v,
                Err(e) => {
                    report.fail(
                        "store",
                        format!("{}: {e}", file.display()),
                        "check the file's owner, or restore it from a backup",
                    );
                    return false;
                }
            }
        }
        Some(url) => match postgres::store::inspect(url).await {
            Ok((server, number, found, latest)) => {
                database_version(&server, number, report);
                (found, latest)
            }
            Err(e) => {
                report.fail(
                    "database",
                    format!(
                        "cannot connect to {}: {e}",
                        postgres::PgStore::describe(url)
                    ),
                    "check SWITCHBOARD_DATABASE_URL, the role's password and pg_hba.conf",
                );
                return false;
            }
        },
    };
    schema_finding(found, latest, report)
}

fn database_version(server: &str, number: i64, report: &mut Report) {
    if number < POSTGRES_OLDEST {
        report.fail(
            "database",
            format!("PostgreSQL {server} is too old"),
            "upgrade to PostgreSQL 13 or newer (the tests run on 15)",
        );
    } else if number < POSTGRES_TESTED {
        report.warn(
            "database",
            format!("PostgreSQL {server} is supported but not tested"),
            "PostgreSQL 15 or newer is what the tests run on",
        );
    } else {
        report.ok("database", format!("PostgreSQL {server}"));
    }
}

fn schema_finding(found: i64, latest: i64, report: &mut Report) -> bool {
    if found == latest {
        report.ok("store", format!("schema version {found}, this version's"));
        true
    } else if found == 0 {
        report.fail(
            "store",
            "the store is empty (no schema)",
            "run `switchboard-hub init --admin NAME`",
        );
        false
    } else if found < latest {
        report.warn(
            "store",
            format!("schema version {found}; this version writes {latest}"),
            "back up the store: `serve` brings the schema up to date when it starts",
        );
        false
    } else {
        report.fail(
            "store",
            format!("schema version {found} is newer than this version's {latest}"),
            "run the hub version that wrote it (a downgrade is not supported)",
        );
        false
    }
}
