//! The roster's search and filters, as the query string carries them.

use serde::Deserialize;
use uuid::Uuid;

use crate::domain::codes::ConfirmationCode;
use crate::domain::vocab::RegistrationStatus;
use crate::store::roster::RosterFilter;

#[derive(Debug, Default, Deserialize)]
pub struct RosterQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub slot: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub print: String,
    #[serde(default)]
    pub done: String,
}

impl RosterQuery {
    pub(super) fn filter(&self) -> RosterFilter {
        let search = Some(self.q.trim().to_owned()).filter(|s| !s.is_empty());
        RosterFilter {
            code: search
                .as_deref()
                .and_then(|s| ConfirmationCode::parse(s).ok())
                .map(|c| c.as_str().to_owned()),
            search,
            slot_id: self.slot.trim().parse::<Uuid>().ok(),
            status: self.status.trim().parse::<RegistrationStatus>().ok(),
            id: None,
        }
    }

    /// The search and filters again, for the CSV link.
    pub(super) fn export_query(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("slot", &self.slot),
            ("status", &self.status),
        ] {
            if !v.trim().is_empty() {
                s.append_pair(k, v.trim());
            }
        }
        s.finish()
    }
}
