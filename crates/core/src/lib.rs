//! Switchboard's desktop core: everything the desktop does, with no GUI
//! dependency, so the Tauri shell, tests and tools share one implementation.
//!
//! * [`store`]: the SQLCipher store (conversations, messages, outbox, cursor).
//! * [`secrets`]: the hub token and store key in the OS keyring.
//! * [`hub_client`]: the hub's HTTP API and event stream.
//! * [`desktop`]: a signed-in profile and its sync loop.
//! * [`i18n`]: its notifications in the agent's language.
//!
//! ```no_run
//! # async fn demo() -> Result<(), switchboard_core::CoreError> {
//! use switchboard_core::desktop::{Desktop, Profile};
//! let profile = Profile::named("default")?;
//! let desktop = Desktop::open(&profile)?;
//! desktop.sync_once().await?;
//! for c in desktop.conversations()? {
//!     println!("{} {:?}", c.conversation.wa_id, c.preview);
//! }
//! # Ok(()) }
//! ```

pub mod desktop;
pub mod error;
pub mod files;
pub mod hub_client;
pub mod i18n;
pub mod notify;
pub mod secrets;
pub mod store;
pub mod terms;

pub use error::{CoreError, UiError};
