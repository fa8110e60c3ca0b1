//! Where this copy stands, one row of `sync_state`: the feed cursor (the
//! last change applied, moved only with the page that brought it) and the
//! newest WhatsApp alert already told of.

use super::Store;
use crate::error::Result;

impl Store {
    pub fn cursor(&self) -> Result<i64> {
        Ok(self
            .read()
            .query_row("SELECT cursor FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// The newest alert already told of (`None`: never looked).
    pub fn alerts_seen(&self) -> Result<Option<i64>> {
        Ok(self
            .read()
            .query_row("SELECT alerts_seen FROM sync_state WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    pub fn set_alerts_seen(&self, id: i64) -> Result<()> {
        self.lock()
            .execute("UPDATE sync_state SET alerts_seen = ?1 WHERE id = 1", [id])?;
        Ok(())
    }
}
