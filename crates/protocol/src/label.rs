//! Labels: defined by admins, put on conversations by whoever may act on
//! them; a label's colour goes into the UI's styles, so it is checked.

use serde::{Deserialize, Serialize};

/// A label admins define; agents put it on the conversations they may act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
pub struct Label {
    pub id: i64,
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

/// `POST /v1/labels` and `PUT /v1/labels/{id}` (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS, utoipa::ToSchema)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct LabelRequest {
    /// 1 to 80 characters, unique.
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

/// `PUT /v1/conversations/{id}/labels`: the conversation's labels, all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelsSet {
    pub labels: Vec<i64>,
}

/// A label's colour: `#` and six hex digits.
pub fn validate_colour(c: &str) -> Result<(), &'static str> {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err("a colour is # and six hex digits, like #1e88e5")
    }
}
