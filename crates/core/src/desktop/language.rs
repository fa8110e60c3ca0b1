//! The app's language on this profile (issue 30): remembered in the
//! encrypted store, and the language the core's notifications speak.

use super::Desktop;
use crate::error::{CoreError, Result};

impl Desktop {
    /// The app's language chosen on this profile, if one was (also the
    /// language the core's notifications speak from then on).
    pub fn language(&self) -> Result<Option<String>> {
        let chosen = self
            .store
            .text_setting("language")?
            .filter(|code| crate::i18n::LANGUAGES.contains(&code.as_str()));
        if let Some(code) = &chosen {
            crate::i18n::set_language(code);
        }
        Ok(chosen)
    }

    /// Chooses the app's language on this profile: one of
    /// [`crate::i18n::LANGUAGES`]; the core's notifications follow at once.
    pub fn set_language(&self, code: &str) -> Result<()> {
        if !crate::i18n::set_language(code) {
            return Err(CoreError::Invalid("the app does not speak that language"));
        }
        self.store.set_text_setting("language", code)
    }
}
