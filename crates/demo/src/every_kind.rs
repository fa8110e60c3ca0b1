//! One customer's conversation with every kind of message WhatsApp
//! delivers, for the demo and the tests that show each kind. Each step is
//! its own function; [`Stack::seed_every_kind`] calls them in the order the
//! conversation is told.

use crate::customers::CustomerFile;
use crate::{Stack, demo_pdf, demo_voice_note};
use anyhow::anyhow;
use serde_json::json;

impl Stack {
    /// One customer's conversation with every kind of message WhatsApp
    /// delivers: a document, a voice note, a sticker, a location, a contact
    /// card, a quoted reply, reactions both ways, an edited and a deleted
    /// message, one WhatsApp cannot show and a system notice. Returns the
    /// conversation's id at the hub.
    pub async fn seed_every_kind(&self, from: &str, name: &str) -> anyhow::Result<i64> {
        let first = self
            .customer_says(
                from,
                name,
                "Hi! I'm sending you what you asked for the return.",
            )
            .await?;
        self.customer_sends_return_files(from, name).await?;
        self.customer_shares_place_and_contact(from, name).await?;
        self.customer_quotes_and_reacts(from, name, &first).await?;
        self.customer_edits_and_deletes(from, name).await?;
        self.customer_sends_the_unusual(from, name).await?;
        self.business_phone_events(from, name).await?;
        self.business_reacts(from, &first).await
    }

    /// A document, a voice note and a sticker.
    async fn customer_sends_return_files(&self, from: &str, name: &str) -> anyhow::Result<()> {
        for file in [
            CustomerFile {
                kind: "document",
                mime_type: "application/pdf",
                caption: Some("The invoice"),
                filename: Some("invoice-4711.pdf"),
                voice: false,
                bytes: &demo_pdf(),
            },
            CustomerFile {
                kind: "audio",
                mime_type: "audio/wav",
                caption: None,
                filename: None,
                voice: true,
                bytes: &demo_voice_note(),
            },
            CustomerFile {
                kind: "sticker",
                mime_type: "image/png",
                caption: None,
                filename: None,
                voice: false,
                bytes: include_bytes!("../../../icons/32x32.png"),
            },
        ] {
            self.customer_sends_file(from, name, file).await?;
        }
        Ok(())
    }

    /// A location and a contact card.
    async fn customer_shares_place_and_contact(
        &self,
        from: &str,
        name: &str,
    ) -> anyhow::Result<()> {
        self.customer_sends(
            from,
            name,
            json!({"type": "location", "location": {
            "latitude": 38.7105, "longitude": -9.1376, "name": "Switchboard pick-up point",
            "address": "Rua Augusta 100, 1100-053 Lisboa"}}),
        )
        .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "contacts", "contacts": [{
            "name": {"formatted_name": "Jonas Weber", "first_name": "Jonas", "last_name": "Weber"},
            "phones": [{"phone": "+49 151 98765432", "type": "CELL"}],
            "emails": [{"email": "jonas.weber@example.com", "type": "WORK"}],
            "org": {"company": "Weber Logistik"}}]}),
        )
        .await?;
        Ok(())
    }

    /// A reply quoting the customer's `first` message, and a reaction to it.
    async fn customer_quotes_and_reacts(
        &self,
        from: &str,
        name: &str,
        first: &str,
    ) -> anyhow::Result<()> {
        self.customer_sends(
            from,
            name,
            json!({"type": "text", "context": {"from": from, "id": first},
            "text": {"body": "About this: my neighbour took the parcel in."}}),
        )
        .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "reaction",
            "reaction": {"message_id": first, "emoji": "👍"}}),
        )
        .await?;
        Ok(())
    }

    /// A message edited after it was sent, and one deleted.
    async fn customer_edits_and_deletes(&self, from: &str, name: &str) -> anyhow::Result<()> {
        let typo = self
            .customer_says(from, name, "My order number is 4171")
            .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "edit", "edit": {"original_message_id": typo,
            "message": {"type": "text", "text": {"body": "My order number is 4711"}}}}),
        )
        .await?;
        let wrong = self.customer_says(from, name, "sorry, wrong chat").await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "revoke", "revoke": {"original_message_id": wrong}}),
        )
        .await?;
        Ok(())
    }

    /// A message WhatsApp cannot show, and a system notice.
    async fn customer_sends_the_unusual(&self, from: &str, name: &str) -> anyhow::Result<()> {
        self.customer_sends(
            from,
            name,
            json!({"type": "unsupported", "errors": [{
            "code": 131051, "title": "Message type unknown",
            "message": "Message type unknown",
            "error_data": {"details": "Message type is currently not supported."}}]}),
        )
        .await?;
        self.customer_sends(
            from,
            name,
            json!({"type": "system", "system": {
            "body": "Customer changed their number", "type": "user_changed_number"}}),
        )
        .await?;
        Ok(())
    }

    /// The customer called and nobody answered; the business wrote back
    /// from the WhatsApp Business app on its phone; the customer asks for no
    /// marketing messages.
    async fn business_phone_events(&self, from: &str, name: &str) -> anyhow::Result<()> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        self.event(
            "calls",
            json!({"contacts": [{"profile": {"name": name}, "wa_id": from}],
                   "calls": [{"id": format!("wacid.demo{from}"), "from": from, "to": "15550001111",
                              "event": "terminate", "direction": "USER_INITIATED",
                              "timestamp": now.to_string(), "status": "FAILED"}]}),
        )
        .await?;
        self.event(
            "smb_message_echoes",
            json!({"message_echoes": [{"from": "15550001111", "to": from, "id": format!("wamid.demoecho{from}"),
                   "timestamp": (now + 1).to_string(), "type": "text",
                   "text": {"body": format!("Hi {name}, sorry we missed your call. We'll answer here in a minute.")}}]}),
        )
        .await?;
        // The customer asks for no marketing messages.
        self.event(
            "user_preferences",
            json!({"contacts": [{"profile": {"name": name}, "wa_id": from}],
                   "user_preferences": [{"wa_id": from, "detail": "User requested to stop marketing messages",
                       "category": "marketing_messages", "value": "stop", "timestamp": now}]}),
        )
        .await?;
        Ok(())
    }

    /// The business reacts to the customer's `first` message; returns the
    /// conversation's id at the hub.
    async fn business_reacts(&self, from: &str, first: &str) -> anyhow::Result<i64> {
        let admin = self.agent("admin")?.clone();
        let id = *self
            .conversation_ids(&admin)
            .await?
            .get(from)
            .ok_or_else(|| anyhow!("the hub has no conversation with {from}"))?;
        let first_id = self.message_id(&admin, first).await?;
        if let Some(message_id) = first_id {
            self.api(
                &admin,
                reqwest::Method::POST,
                &format!("/v1/conversations/{id}/messages"),
                Some(json!({"client_message_id": format!("demo-react-{id}"),
                    "reaction": {"message_id": message_id, "emoji": "🙏"}})),
            )
            .await?;
        }
        Ok(id)
    }
}
