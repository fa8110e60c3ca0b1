//! The backends the hub's store runs on, and the one way to open either.
//!
//! Each backend says only how to run a transaction ([`crate::repo::Backend`]);
//! the rules and their SQL are shared (`repo/rules.rs`, `queries/`). The
//! embedded SQLite file is the default (`sqlite/`); PostgreSQL is for several
//! hubs on one database (`postgres/`). Both fold concurrent writes into one
//! transaction with the same group-commit writer (`writer.rs`).
//! [`open`] is what `serve` and every CLI command use, so they always see
//! the same store the same way.

use std::path::PathBuf;
use std::sync::Arc;

use crate::crypto::Keyring;
use crate::db::StoreError;
use crate::repo::HubStore;

pub mod migrate;
pub mod postgres;
pub mod sqlite;
pub mod writer;

/// Where a hub's store is.
#[derive(Debug, Clone)]
pub enum Location {
    /// The embedded store: `hub.sqlite3` in this data folder.
    Embedded(PathBuf),
    /// A PostgreSQL database shared by several hubs, and this hub's name
    /// among them (it holds send and download leases under it).
    Postgres { url: String, hub: String },
}

impl Location {
    /// The embedded store's file in `data_dir` (the folder made private first).
    pub fn store_file(data_dir: &std::path::Path) -> std::io::Result<PathBuf> {
        crate::files::private_folder(data_dir)?;
        Ok(data_dir.join(sqlite::FILE))
    }
}

/// Opens the store at `location` (creating or migrating its schema) with
/// the content keys `keys`.
pub async fn open(location: &Location, keys: Keyring) -> Result<Arc<dyn HubStore>, StoreError> {
    Ok(match location {
        Location::Embedded(data_dir) => {
            let path = Location::store_file(data_dir)
                .map_err(|e| StoreError::Backend(format!("data folder: {e}")))?;
            Arc::new(sqlite::Store::open(&path, keys)?)
        }
        Location::Postgres { url, hub } => {
            Arc::new(postgres::PgStore::connect(url, keys, hub).await?)
        }
    })
}

/// A store written by a newer hub is refused: this version does not know
/// its tables and would write rows the newer one misreads.
pub(crate) fn refuse_newer(found: i64, latest: i64) -> Result<(), StoreError> {
    if found > latest {
        return Err(StoreError::Backend(format!(
            "the store's schema is version {found}, newer than this hub's {latest}: run the version that wrote it (a downgrade is not supported)"
        )));
    }
    Ok(())
}
