//! The user's own settings on this desktop (such as the download limit
//! and the language): named numbers and words, absent until the user sets
//! them.

use super::Store;
use crate::error::Result;
use rusqlite::{OptionalExtension, params};

impl Store {
    /// A setting's value, if the user set it.
    pub fn setting(&self, name: &str) -> Result<Option<i64>> {
        Ok(self
            .read()
            .query_row("SELECT value FROM settings WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, name: &str, value: i64) -> Result<()> {
        self.lock().execute(
            "INSERT INTO settings (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            params![name, value],
        )?;
        Ok(())
    }

    /// A setting in words, if the user set it.
    pub fn text_setting(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .read()
            .query_row(
                "SELECT value FROM text_settings WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_text_setting(&self, name: &str, value: &str) -> Result<()> {
        self.lock().execute(
            "INSERT INTO text_settings (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            params![name, value],
        )?;
        Ok(())
    }
}
