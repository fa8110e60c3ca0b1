//! The demo's workspace: a few hundred customers over the past week and
//! what shows every feature of the app (queues, labels, canned replies, a
//! refused reply, files, alerts), always the same messages in the same
//! order. Each part is its own function; [`Stack::seed_showcase`] calls them
//! in order.

use crate::{DemoAgent, Stack, demo_pdf, demo_png};
use futures_util::StreamExt;
use std::collections::HashMap;

/// What the demo's customers ask (`{n}` is an order number).
const ASKS: &[&str] = &[
    "Hi, where is my order #{n}? It said two days.",
    "Can I change the delivery address for order {n}?",
    "The parcel arrived damaged, the box was open. Order {n}.",
    "I'd like a refund for order {n}, the size is wrong.",
    "Do you ship to Madeira? And how long does it take?",
    "Is the blue one back in stock?",
    "My discount code SPRING{n} is not accepted at checkout.",
    "Thanks, it arrived today! Great service.",
    "Can I pay by bank transfer?",
    "The tracking link does not work for {n}.",
];
/// The demo's customers' first names.
const NAMES: &[&str] = &[
    "Rita", "Tomás", "Inês", "Jonas", "Marta", "Pieter", "Chloé", "Luca", "Sofia", "Mateo", "Ewa",
    "Björn", "Aoife", "Kenji", "Zara", "Omar", "Nadia", "Hugo", "Elif", "Ravi",
];
const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

impl Stack {
    /// Fills the hub with what shows every feature of the app: a few hundred
    /// customers over the past week (enough to scroll and to search), a long
    /// thread over several days, conversations in each agent's queue and
    /// some resolved, closed 24-hour windows, a reply Meta refused, a
    /// conversation with every kind of message ([`Stack::seed_every_kind`]:
    /// a missed call and a reply from the business's phone among them),
    /// canned replies and template alerts for admins.
    /// `customers` sets the size (the demo uses 240).
    pub async fn seed_showcase(&self, customers: usize) -> anyhow::Result<()> {
        let admin = self.agent("admin")?.clone();

        // Every kind of message WhatsApp delivers, in one conversation.
        self.seed_every_kind("4915112345678", "Lena Vogel").await?;

        // A reply that fails: Meta says this number cannot be reached.
        self.undeliverable(&["15550100999"]).await?;
        self.customer_says("15550100999", "Uma Unreachable", "Hello? Is anyone there?")
            .await?;

        self.seed_long_thread().await?;
        self.seed_week_of_customers(customers).await?;
        let ids = self.conversation_ids(&admin).await?;
        self.seed_queues(&admin, &ids).await?;
        self.seed_files_sent(&ids).await?;
        self.seed_choices(&ids).await?;
        self.seed_refused_reply(&admin, &ids).await?;
        self.seed_labels(&admin, &ids).await?;
        self.seed_canned(&admin).await?;
        self.seed_template_alerts().await?;
        self.seed_teams(&admin).await?;
        self.seed_service_levels(&admin, &ids).await
    }

    /// Business hours, snoozes and service levels (issue 29): the Support
    /// line is open sixteen hours a day around the moment the demo starts
    /// and closed on Christmas; the Sales line is closed right now, greets
    /// new customers and answers with its away reply, which a new customer
    /// gets at once. Sam has snoozed two conversations: one until tomorrow
    /// morning, one until the customer writes. The Support line answers
    /// first within an hour: three customers who wrote since are overdue,
    /// due soon and just in.
    async fn seed_service_levels(
        &self,
        admin: &DemoAgent,
        ids: &HashMap<String, i64>,
    ) -> anyhow::Result<()> {
        let hour = (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
            / HOUR) as i64;
        let at = |h: i64| format!("{:02}:00", h.rem_euclid(24));
        // Open from six hours ago to ten hours on (UTC): open while the demo runs.
        let support: Vec<serde_json::Value> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .map(|d| serde_json::json!({"day": d, "open": at(hour - 6), "close": at(hour + 10)}))
            .collect();
        self.api(
            admin,
            reqwest::Method::PUT,
            &format!("/v1/inboxes/{}/hours", crate::PHONE_NUMBER_ID),
            Some(
                serde_json::json!({"hours": {"time_zone": "UTC", "shifts": support,
                                              "holidays": ["2026-12-25", "2027-12-25"]},
                                   "csat_question": "How did we do today? / Como foi o nosso atendimento?",
                                   // The buttons in both of the demo's customers' languages.
                                   "csat_answers": ["😀 Good / Bom", "😐 OK / Regular", "🙁 Poor / Ruim"]}),
            ),
        )
        .await?;
        // Open every day from two hours from now, for eight hours (UTC):
        // closed while the demo runs, whatever the time.
        let evening: Vec<serde_json::Value> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .map(|d| serde_json::json!({"day": d, "open": at(hour + 2), "close": at(hour + 10)}))
            .collect();
        self.api(
            admin,
            reqwest::Method::PUT,
            &format!("/v1/inboxes/{}/hours", crate::SALES_PHONE_NUMBER_ID),
            Some(serde_json::json!({
                "hours": {"time_zone": "UTC", "shifts": evening},
                "away_reply": "Obrigado pela mensagem! A equipe de vendas está fora agora e responde assim que abrir.",
                "greeting": "Olá! Você está falando com a equipe de vendas."
            })),
        )
        .await?;
        self.customer_says_to(
            crate::SALES_PHONE_NUMBER_ID,
            "5511987650007",
            "Camila Rocha",
            "Boa noite! Ainda dá para pedir hoje?",
        )
        .await?;
        self.seed_snoozes(ids).await?;
        self.seed_macros(admin).await?;
        self.seed_service_levels_due(admin).await
    }

    /// Two macros anyone runs from the command palette (Ctrl+K): one closes
    /// a refund, one asks for the order number and snoozes until the
    /// customer answers.
    async fn seed_macros(&self, admin: &DemoAgent) -> anyhow::Result<()> {
        let labels = self
            .api(admin, reqwest::Method::GET, "/v1/labels", None)
            .await?;
        let refund = labels
            .as_array()
            .into_iter()
            .flatten()
            .find(|l| l["name"] == "Refund")
            .and_then(|l| l["id"].as_i64())
            .ok_or_else(|| anyhow::anyhow!("the Refund label"))?;
        for rule in [
            serde_json::json!({"name": "Refund done", "steps": [
                {"type": "label", "add": [refund]},
                {"type": "reply", "text": "Your refund is on its way, {{contact.name}}: it reaches your card in 3 to 5 working days."},
                {"type": "resolve"}
            ]}),
            serde_json::json!({"name": "Ask for the order number", "steps": [
                {"type": "reply", "text": "Could you send me your order number, {{contact.name}}? It starts with A- and is on your receipt."},
                {"type": "note", "text": "Asked for the order number ({{agent.name}}); back when the customer answers."},
                {"type": "snooze", "hours": null}
            ]}),
        ] {
            self.api(admin, reqwest::Method::POST, "/v1/macros", Some(rule))
                .await?;
        }
        Ok(())
    }

    /// Sam has snoozed two of his conversations: one until tomorrow, one
    /// until the customer writes.
    async fn seed_snoozes(&self, ids: &HashMap<String, i64>) -> anyhow::Result<()> {
        let sam = self.agent("agent")?.clone();
        let tomorrow = (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
            + DAY) as i64;
        // Two of Sam's (as `seed_queues` gave them out: the second and third of every ten).
        let mut wa: Vec<(&String, &i64)> = ids
            .iter()
            .filter(|(w, _)| w.starts_with("3519100"))
            .collect();
        wa.sort();
        let held: Vec<i64> = wa
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 10 == 1)
            .map(|(_, (_, id))| **id)
            .take(2)
            .collect();
        for (id, until) in held.iter().zip([Some(tomorrow), None]) {
            self.api(
                &sam,
                reqwest::Method::POST,
                &format!("/v1/conversations/{id}/snooze"),
                Some(serde_json::json!({"until": until})),
            )
            .await?;
        }
        Ok(())
    }

    /// Service-level policies: the Support line answers first within an
    /// hour, next within half an hour, resolves within a day; Sales first
    /// within fifteen minutes. Three Support customers wrote since: one 90
    /// minutes ago (overdue), one 20 minutes ago (due soon), one now.
    async fn seed_service_levels_due(&self, admin: &DemoAgent) -> anyhow::Result<()> {
        for policy in [
            serde_json::json!({"name": "Support line", "inbox": crate::PHONE_NUMBER_ID,
                "first_response_secs": HOUR, "next_response_secs": HOUR / 2, "resolution_secs": DAY}),
            serde_json::json!({"name": "Sales line", "inbox": crate::SALES_PHONE_NUMBER_ID,
                "first_response_secs": HOUR / 4}),
        ] {
            self.api(
                admin,
                reqwest::Method::POST,
                "/v1/sla-policies",
                Some(policy),
            )
            .await?;
        }
        for (from, name, text, ago) in [
            (
                "351911222001",
                "Inês Duarte",
                "A encomenda chegou partida, o que faço?",
                90 * 60,
            ),
            (
                "351911222002",
                "Tomás Reis",
                "Can I change the delivery day?",
                20 * 60,
            ),
            ("351911222003", "Mia Schmidt", "Wo ist meine Rechnung?", 0),
        ] {
            self.customer_said(from, name, text, ago).await?;
        }
        self.seed_rating(admin).await
    }

    /// The Support line asks a satisfaction question on resolve: Ada
    /// resolves Leo's question and Leo taps "Good".
    async fn seed_rating(&self, admin: &DemoAgent) -> anyhow::Result<()> {
        let leo = "351911222004";
        self.customer_says(leo, "Leo Martins", "Thanks, that solved it!")
            .await?;
        let id = self
            .conversation_ids(admin)
            .await?
            .get(leo)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("Leo's conversation"))?;
        self.api(
            admin,
            reqwest::Method::POST,
            &format!("/v1/conversations/{id}/status"),
            Some(serde_json::json!({"status": "resolved"})),
        )
        .await?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        self.event(
            "messages",
            serde_json::json!({
                "messaging_product": "whatsapp",
                "metadata": {"display_phone_number": "15550001111", "phone_number_id": crate::PHONE_NUMBER_ID},
                "contacts": [{"profile": {"name": "Leo Martins"}, "wa_id": leo}],
                "messages": [{"from": leo, "id": "wamid.demo-rating", "timestamp": now.to_string(),
                    "type": "interactive",
                    "interactive": {"type": "button_reply", "button_reply": {"id": "csat:3", "title": "😀 Good"}}}]
            }),
        )
        .await
    }

    /// Two numbers and two teams: the first number is Support's line (Sam
    /// and Vic are in Support, everything above is its), the second Sales'
    /// (Lia leads Sales; six customers wrote to it). Sam never sees Sales'
    /// customers, even in search; an admin moves one across to try it.
    async fn seed_teams(&self, admin: &DemoAgent) -> anyhow::Result<()> {
        self.seed_sales_line().await?;
        self.route_to_teams(admin).await
    }

    /// Six customers write to the Sales line, in three languages.
    async fn seed_sales_line(&self) -> anyhow::Result<()> {
        const SALES_ASKS: &[(&str, &str, &str)] = &[
            (
                "5511987650001",
                "Beatriz Souza",
                "Olá! Vocês fazem entrega em Campinas?",
            ),
            (
                "5511987650002",
                "Rafael Lima",
                "Quero 3 unidades do modelo azul, tem desconto?",
            ),
            (
                "5215512340003",
                "Valentina Cruz",
                "¿Tienen factura para empresas?",
            ),
            (
                "5215512340004",
                "Diego Herrera",
                "Busco precio al por mayor para 50 piezas",
            ),
            (
                "447700900005",
                "Olivia Grant",
                "Do you offer a business account with invoices?",
            ),
            (
                "447700900006",
                "Noah Patel",
                "Is there a bulk price for 20 units?",
            ),
        ];
        for (from, name, text) in SALES_ASKS {
            self.customer_says_to(crate::SALES_PHONE_NUMBER_ID, from, name, text)
                .await?;
        }
        Ok(())
    }

    /// Support (Sam, Vic) answers the first number, Sales (Lia, its lead)
    /// the second.
    async fn route_to_teams(&self, admin: &DemoAgent) -> anyhow::Result<()> {
        let post = |path: &str, body: serde_json::Value| {
            let path = path.to_owned();
            async move {
                self.api(admin, reqwest::Method::POST, &path, Some(body))
                    .await
            }
        };
        let put = |path: String, body: serde_json::Value| async move {
            self.api(admin, reqwest::Method::PUT, &path, Some(body))
                .await
        };
        let support = post("/v1/teams", serde_json::json!({"name": "Support"})).await?["id"]
            .as_i64()
            .unwrap_or_default();
        let sales = post("/v1/teams", serde_json::json!({"name": "Sales"})).await?["id"]
            .as_i64()
            .unwrap_or_default();
        let lia = post(
            "/v1/agents",
            serde_json::json!({"name": "Lia Sales", "role": "agent"}),
        )
        .await?["agent_id"]
            .as_i64()
            .unwrap_or_default();
        for (team, who, lead) in [
            (support, self.agent("agent")?.id, false),
            (support, self.agent("viewer")?.id, false),
            (sales, lia, true),
        ] {
            put(
                format!("/v1/teams/{team}/members/{who}"),
                serde_json::json!({"lead": lead}),
            )
            .await?;
        }
        for (number, name, team) in [
            (crate::PHONE_NUMBER_ID, "Support line", support),
            (crate::SALES_PHONE_NUMBER_ID, "Sales line", sales),
        ] {
            put(
                format!("/v1/inboxes/{number}"),
                serde_json::json!({"name": name, "team_id": team}),
            )
            .await?;
        }
        Ok(())
    }

    /// A long thread over three days (day separators, older pages on scroll).
    async fn seed_long_thread(&self) -> anyhow::Result<()> {
        for i in 0..240u64 {
            let ask = ASKS[(i as usize) % ASKS.len()].replace("{n}", &(5000 + i).to_string());
            self.customer_said("351935550000", "Rafael Santos", &ask, 3 * DAY - i * 1_000)
                .await?;
        }
        Ok(())
    }

    /// Customers over the past week; the older ones' windows are closed.
    async fn seed_week_of_customers(&self, customers: usize) -> anyhow::Result<()> {
        let messages: Vec<(String, String, String, u64)> = (0..customers)
            .flat_map(|c| {
                let from = format!("3519100{c:05}");
                let name = format!(
                    "{} {}",
                    NAMES[c % NAMES.len()],
                    (b'A' + (c / NAMES.len()) as u8 % 26) as char
                );
                let start = c as u64 * (7 * DAY) / customers.max(1) as u64 + HOUR;
                (0..(2 + c % 4)).map(move |k| {
                    let ask = ASKS[(c + k) % ASKS.len()].replace("{n}", &(4000 + c).to_string());
                    (
                        from.clone(),
                        name.clone(),
                        ask,
                        start.saturating_sub(k as u64 * 600),
                    )
                })
            })
            .collect();
        let results: Vec<anyhow::Result<String>> = futures_util::stream::iter(messages.iter())
            .map(|(from, name, text, ago)| self.customer_said(from, name, text, *ago))
            .buffer_unordered(8)
            .collect()
            .await;
        for r in results {
            r?;
        }
        Ok(())
    }

    /// Queues: a third to Sam, a third to Ada, a tenth resolved, the rest
    /// waiting; and the long thread is Sam's.
    async fn seed_queues(
        &self,
        admin: &DemoAgent,
        ids: &HashMap<String, i64>,
    ) -> anyhow::Result<()> {
        let agent = self.agent("agent")?.id;
        let mut wa: Vec<(&String, &i64)> = ids
            .iter()
            .filter(|(w, _)| w.starts_with("3519100"))
            .collect();
        wa.sort();
        let changes: Vec<(String, serde_json::Value)> = wa
            .iter()
            .enumerate()
            .filter_map(|(i, (_, id))| match i % 10 {
                0 => Some((
                    format!("/v1/conversations/{id}/status"),
                    serde_json::json!({"status": "resolved"}),
                )),
                1..=3 => Some((
                    format!("/v1/conversations/{id}/assignment"),
                    serde_json::json!({"assignee": agent}),
                )),
                4..=6 => Some((
                    format!("/v1/conversations/{id}/assignment"),
                    serde_json::json!({"assignee": admin.id}),
                )),
                _ => None,
            })
            .collect();
        let results: Vec<anyhow::Result<serde_json::Value>> = futures_util::stream::iter(changes)
            .map(|(path, body)| async move {
                self.api(admin, reqwest::Method::POST, &path, Some(body))
                    .await
            })
            .buffer_unordered(8)
            .collect()
            .await;
        for r in results {
            r?;
        }
        if let Some(id) = ids.get("351935550000") {
            self.api(
                admin,
                reqwest::Method::POST,
                &format!("/v1/conversations/{id}/assignment"),
                Some(serde_json::json!({"assignee": agent})),
            )
            .await?;
        }
        Ok(())
    }

    /// Sam sends Rafael the returns form and a picture, with captions.
    async fn seed_files_sent(&self, ids: &HashMap<String, i64>) -> anyhow::Result<()> {
        if let Some(id) = ids.get("351935550000") {
            let sam = self.agent("agent")?.clone();
            self.send_file(
                &sam,
                *id,
                "Returns form.pdf",
                "application/pdf",
                demo_pdf(),
                "Here is the returns form: fill it in and send it back.",
            )
            .await?;
            self.send_file(
                &sam,
                *id,
                "where-to-find-the-order-number.png",
                "image/png",
                demo_png(),
                "The order number is on the label, top right.",
            )
            .await?;
        }
        Ok(())
    }

    /// Sam asks Rafael with a list which store he will bring the return
    /// to, and Rafael picks one (his tap shows as his answer).
    async fn seed_choices(&self, ids: &HashMap<String, i64>) -> anyhow::Result<()> {
        const RAFAEL: &str = "351935550000";
        let Some(id) = ids.get(RAFAEL) else {
            return Ok(());
        };
        let sam = self.agent("agent")?.clone();
        self.api(
            &sam,
            reqwest::Method::POST,
            &format!("/v1/conversations/{id}/messages"),
            Some(serde_json::json!({
                "client_message_id": "demo-choices-1",
                "text": "Which store will you bring it back to?",
                "choices": {"list": "Stores", "options": ["Lisboa Centro", "Porto Norte", "Faro Marina"]}
            })),
        )
        .await?;
        self.customer_sends(
            RAFAEL,
            "Rafael Santos",
            serde_json::json!({"type": "interactive",
                "interactive": {"type": "list_reply", "list_reply": {"id": "choice-2", "title": "Porto Norte"}}}),
        )
        .await?;
        Ok(())
    }

    /// The reply to the unreachable customer fails with Meta's reason.
    async fn seed_refused_reply(
        &self,
        admin: &DemoAgent,
        ids: &HashMap<String, i64>,
    ) -> anyhow::Result<()> {
        if let Some(id) = ids.get("15550100999") {
            self.api(
                admin,
                reqwest::Method::POST,
                &format!("/v1/conversations/{id}/messages"),
                Some(serde_json::json!({"client_message_id": "demo-unreachable-1", "text": "Hi Uma, we are looking into it."})),
            )
            .await?;
        }
        Ok(())
    }

    /// Labels, on a few conversations.
    async fn seed_labels(
        &self,
        admin: &DemoAgent,
        ids: &HashMap<String, i64>,
    ) -> anyhow::Result<()> {
        let mut label_ids = Vec::new();
        for (name, colour) in [
            ("VIP", "#c62828"),
            ("Refund", "#1e88e5"),
            ("Wholesale", "#2e7d32"),
        ] {
            let made = self
                .api(
                    admin,
                    reqwest::Method::POST,
                    "/v1/labels",
                    Some(serde_json::json!({"name": name, "colour": colour})),
                )
                .await?;
            label_ids.push(made["id"].as_i64().unwrap_or(0));
        }
        for (wa, labels) in [
            ("351935550000", vec![label_ids[0]]),
            ("15550100999", vec![label_ids[1]]),
            ("4915112345678", vec![label_ids[0], label_ids[2]]),
        ] {
            if let Some(id) = ids.get(wa) {
                self.api(
                    admin,
                    reqwest::Method::PUT,
                    &format!("/v1/conversations/{id}/labels"),
                    Some(serde_json::json!({ "labels": labels })),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Canned replies every agent inserts with `/`.
    async fn seed_canned(&self, admin: &DemoAgent) -> anyhow::Result<()> {
        for (name, shortcut, text) in [
            (
                "Order shipped",
                "shipped",
                "Hi {{contact.name}}, your order left our warehouse today. You will get the tracking link by e-mail.",
            ),
            (
                "Refund started",
                "refund",
                "Hi {{contact.name}}, we have started your refund: it reaches your account in 3 to 5 working days.",
            ),
            (
                "Address change",
                "address",
                "Of course! Please send the new address (street, number, postcode, town) and we will update it. {{agent.name}}",
            ),
        ] {
            self.api(
                admin,
                reqwest::Method::POST,
                "/v1/canned",
                Some(serde_json::json!({"name": name, "shortcut": shortcut, "text": text})),
            )
            .await?;
        }
        Ok(())
    }

    /// What WhatsApp told the business about its templates, for admins.
    async fn seed_template_alerts(&self) -> anyhow::Result<()> {
        self.event(
            "message_template_status_update",
            serde_json::json!({"event": "REJECTED", "message_template_id": 1689556908129835_i64,
                "message_template_name": "spring_sale", "message_template_language": "en",
                "reason": "INVALID_FORMAT", "message_template_category": "MARKETING"}),
        )
        .await?;
        self.event(
            "message_template_quality_update",
            serde_json::json!({"previous_quality_score": "GREEN", "new_quality_score": "YELLOW",
                "message_template_id": 1689556908129832_i64, "message_template_name": "order_update",
                "message_template_language": "en_US"}),
        )
        .await?;
        Ok(())
    }
}
