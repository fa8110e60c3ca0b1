//! A feed shaped like the hub's own (issue 27): a conversation change
//! before every message, as the hub's ingest and send paths write it;
//! claims, reassignments, resolutions and mark-reads between the messages;
//! status updates (3.4 %) and edits (1.5 %) of earlier messages; short
//! texts in Portuguese, Spanish and English with accents and emoji; 1 % of
//! the conversations holding half the messages (the first of them the
//! long thread); timestamps a little out of order. Seeded: the same feed
//! every run.

use super::text_message;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use switchboard_protocol::{Change, Conversation, ConversationStatus, DeliveryStatus, Direction};

const BASE: i64 = 1_700_000_000;

/// Words a support conversation is made of, per language; the first words
/// of each list have no accents, so a search for them can be checked by
/// plain containment.
const PT: &[&str] = &[
    "pedido",
    "entrega",
    "obrigado",
    "quando",
    "chega",
    "encomenda",
    "morada",
    "pagamento",
    "fatura",
    "ajuda",
    "amanhã",
    "hoje",
    "não",
    "está",
    "você",
    "transportadora",
    "código",
    "devolução",
    "tamanho",
    "cor",
    "preço",
    "desconto",
    "reembolso",
    "atraso",
    "olá",
    "bom",
    "dia",
    "tarde",
    "por",
    "favor",
    "já",
    "recebi",
    "ainda",
    "onde",
    "meu",
    "número",
];
const ES: &[&str] = &[
    "pedido",
    "envio",
    "gracias",
    "cuando",
    "llega",
    "direccion",
    "pago",
    "factura",
    "ayuda",
    "mañana",
    "hoy",
    "está",
    "usted",
    "devolución",
    "talla",
    "color",
    "precio",
    "descuento",
    "reembolso",
    "retraso",
    "hola",
    "buenos",
    "días",
    "por",
    "favor",
    "todavía",
    "dónde",
    "mi",
    "número",
    "recibí",
    "también",
    "problema",
];
const EN: &[&str] = &[
    "order",
    "delivery",
    "thanks",
    "when",
    "arrive",
    "address",
    "payment",
    "invoice",
    "help",
    "tomorrow",
    "today",
    "tracking",
    "refund",
    "size",
    "colour",
    "price",
    "discount",
    "late",
    "hello",
    "please",
    "already",
    "received",
    "still",
    "where",
    "my",
    "number",
    "return",
    "package",
    "courier",
    "shipped",
    "morning",
    "afternoon",
];
const EMOJI: &[&str] = &["🙂", "🙏", "👍", "📦", "😊", "❤️", "😅", "🚚"];

/// Words that appear in all three languages' texts, without accents: what
/// the benchmark searches for.
pub const SEARCHED: [&str; 4] = ["pedido", "order", "refund", "entrega"];

/// A short text in one language, now and then with an emoji; most are a
/// line, a few are long.
fn text(rng: &mut StdRng) -> String {
    let words = match rng.gen_range(0..10) {
        0..=4 => PT,
        5..=7 => ES,
        _ => EN,
    };
    let n = match rng.gen_range(0..100) {
        0..=59 => rng.gen_range(2..8),
        60..=94 => rng.gen_range(8..20),
        _ => rng.gen_range(20..60),
    };
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        // Zipf-like: the first words of a list far more often.
        let r: f64 = rng.r#gen();
        let w = words[((r * r) * words.len() as f64) as usize % words.len()];
        s.push_str(w);
    }
    if rng.gen_bool(0.15) {
        s.push(' ');
        s.push_str(EMOJI[rng.gen_range(0..EMOJI.len())]);
    }
    s
}

/// The feed's parameters.
pub struct Shape {
    pub messages: i64,
    pub conversations: i64,
    /// The long thread (conversation 1): this many messages.
    pub long: i64,
    /// Agents 1..=agents hold conversations.
    pub agents: i64,
    /// The first message's id (a feed that continues another).
    pub first_id: i64,
}

/// What a conversation looks like to the feed, kept as it changes.
#[derive(Clone)]
struct Held {
    assignee: Option<i64>,
    status: ConversationStatus,
    unread: i64,
    last_inbound_at: Option<i64>,
    last_message_at: i64,
}

/// A reply as the feed last carried it (a status update repeats it).
#[derive(Clone)]
struct Sent {
    id: i64,
    conversation_id: i64,
    status: DeliveryStatus,
    timestamp: i64,
    text: String,
}

/// The feed, produced a group at a time (a catch-up's pages).
pub struct Feed {
    shape: Shape,
    rng: StdRng,
    held: Vec<Held>,
    /// The message id the next message gets; also how many were made.
    next_id: i64,
    /// Recent replies a status update may move on, and recent customers'
    /// messages an edit may change.
    outbound: Vec<Sent>,
    inbound: Vec<(i64, i64, i64)>,
    /// Changes of each kind made (conversation, message, status, edit).
    pub counts: [u64; 4],
}

impl Feed {
    pub fn new(shape: Shape, seed: u64) -> Feed {
        let next_id = shape.first_id;
        let held = (0..=shape.conversations)
            .map(|id| Held {
                assignee: None,
                status: ConversationStatus::Open,
                unread: 0,
                last_inbound_at: None,
                last_message_at: BASE + id,
            })
            .collect();
        Feed {
            shape,
            rng: StdRng::seed_from_u64(seed),
            held,
            next_id,
            outbound: Vec::new(),
            inbound: Vec::new(),
            counts: [0; 4],
        }
    }

    /// How many messages are made so far.
    pub fn made(&self) -> i64 {
        self.next_id - self.shape.first_id
    }

    /// The conversation the next message goes to: the long thread first,
    /// then half of the rest to the busiest 1 %, the other half anywhere.
    fn conversation_for(&mut self, id: i64) -> i64 {
        let hot = (self.shape.conversations / 100).max(2);
        if id < self.shape.first_id + self.shape.long {
            1
        } else if self.rng.gen_bool(0.5) {
            self.rng.gen_range(2..=hot)
        } else {
            self.rng
                .gen_range(hot + 1..=self.shape.conversations.max(hot + 1))
        }
    }

    fn conversation_change(&mut self, id: i64) -> Change {
        self.counts[0] += 1;
        let h = &self.held[id as usize];
        Change::Conversation {
            seq: 0,
            conversation: Conversation {
                id,
                wa_id: format!("3519{id:08}"),
                contact_name: Some(format!("Cliente {id}")),
                assignee: h.assignee,
                status: h.status,
                unread: h.unread,
                last_inbound_at: h.last_inbound_at,
                last_message_at: h.last_message_at,
                marketing_opt_out: None,
                labels: Vec::new(),
                inbox: String::new(),
                team_id: None,
                snoozed: false,
                snoozed_until: None,
                // Two in three open conversations have a target, from 40
                // minutes past due to 80 minutes ahead of when the bench runs.
                due_at: (h.status == ConversationStatus::Open && id % 3 != 0)
                    .then(|| due_base() + (id % 7 - 2) * 1_200),
                due_kind: Some(switchboard_protocol::SlaKind::FirstResponse),
                csat: None,
            },
        }
    }

    /// Something an agent did between messages: claim, reassign, resolve,
    /// reopen or read a conversation.
    fn action(&mut self, out: &mut Vec<Change>) {
        let id = self.rng.gen_range(1..=self.shape.conversations);
        // Only a conversation the hub has (a customer wrote in).
        if self.held[id as usize].last_inbound_at.is_none() {
            return;
        }
        let agents = self.shape.agents;
        let pick = self.rng.gen_range(0..4);
        let agent = self.rng.gen_range(1..=agents);
        let h = &mut self.held[id as usize];
        match pick {
            0 | 1 => h.assignee = Some(agent),
            2 => {
                h.status = match h.status {
                    ConversationStatus::Open => ConversationStatus::Resolved,
                    _ => ConversationStatus::Open,
                }
            }
            _ => h.unread = 0,
        }
        out.push(self.conversation_change(id));
    }

    /// One message with the conversation change the hub writes before it.
    fn message(&mut self, out: &mut Vec<Change>) {
        let id = self.next_id;
        self.next_id += 1;
        let conversation_id = self.conversation_for(id);
        let inbound = self.rng.gen_bool(0.55);
        // A few arrive late: their timestamps are behind the feed's order.
        let timestamp = BASE + id
            - if self.rng.gen_bool(0.05) {
                self.rng.gen_range(1..600)
            } else {
                0
            };
        let h = &mut self.held[conversation_id as usize];
        h.last_message_at = h.last_message_at.max(timestamp);
        if inbound {
            h.unread += 1;
            h.last_inbound_at = Some(timestamp);
            if h.status == ConversationStatus::Resolved {
                h.status = ConversationStatus::Open;
            }
        } else {
            h.unread = 0;
        }
        out.push(self.conversation_change(conversation_id));
        self.counts[1] += 1;
        let text = text(&mut self.rng);
        if inbound {
            out.push(Feed::customer_message(
                id,
                conversation_id,
                text,
                timestamp,
                false,
            ));
            remember(&mut self.inbound, (id, conversation_id, timestamp));
        } else {
            let sent = Sent {
                id,
                conversation_id,
                status: DeliveryStatus::Sent,
                timestamp,
                text,
            };
            out.push(self.reply_change(&sent));
            remember(&mut self.outbound, sent);
        }
    }

    /// A customer's message (`edited`: as an edit repeats it).
    fn customer_message(
        id: i64,
        conversation_id: i64,
        text: String,
        timestamp: i64,
        edited: bool,
    ) -> Change {
        let mut change = text_message(id, conversation_id, Direction::Inbound, text, timestamp);
        if let Change::Message { message, .. } = &mut change {
            message.wamid = Some(format!("wamid.{id}"));
            message.edited = edited;
        }
        change
    }

    /// An agent's reply as the feed carries it, with its status.
    fn reply_change(&self, sent: &Sent) -> Change {
        let mut change = text_message(
            sent.id,
            sent.conversation_id,
            Direction::Outbound,
            sent.text.clone(),
            sent.timestamp,
        );
        if let Change::Message { message, .. } = &mut change {
            message.wamid = Some(format!("wamid.{}", sent.id));
            message.status = sent.status;
            message.sent_by = Some(1 + sent.id % self.shape.agents);
        }
        change
    }

    /// A status update of a recent reply (sent → delivered → read).
    fn status(&mut self, out: &mut Vec<Change>) {
        if self.outbound.is_empty() {
            return;
        }
        let i = self.rng.gen_range(0..self.outbound.len());
        let sent = &mut self.outbound[i];
        sent.status = match sent.status {
            DeliveryStatus::Sent => DeliveryStatus::Delivered,
            _ => DeliveryStatus::Read,
        };
        let sent = sent.clone();
        self.counts[2] += 1;
        out.push(self.reply_change(&sent));
    }

    /// A customer's edit of a recent message.
    fn edit(&mut self, out: &mut Vec<Change>) {
        if self.inbound.is_empty() {
            return;
        }
        let i = self.rng.gen_range(0..self.inbound.len());
        let (id, conversation_id, timestamp) = self.inbound[i];
        self.counts[3] += 1;
        let text = text(&mut self.rng);
        out.push(Feed::customer_message(
            id,
            conversation_id,
            text,
            timestamp,
            true,
        ));
    }

    /// About `changes` changes (messages and everything the feed carries
    /// between them), as a catch-up's page; empty when the feed is done.
    pub fn group(&mut self, changes: usize) -> Vec<Change> {
        let mut out = Vec::with_capacity(changes + 8);
        while out.len() < changes && self.made() < self.shape.messages {
            self.message(&mut out);
            let r: f64 = self.rng.r#gen();
            if r < 0.034 {
                self.status(&mut out);
            } else if r < 0.049 {
                self.edit(&mut out);
            } else if r < 0.099 {
                self.action(&mut out);
            }
        }
        out
    }
}

/// Keeps the last few thousand of something, as the recent messages a
/// status or an edit reaches.
fn remember<T>(list: &mut Vec<T>, item: T) {
    const KEEP: usize = 4_096;
    if list.len() == KEEP {
        list.swap_remove(0);
    }
    list.push(item);
}

/// The bench's clock for due times: when it started, in unix seconds.
fn due_base() -> i64 {
    static BASE: std::sync::OnceLock<i64> = std::sync::OnceLock::new();
    *BASE.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default()
    })
}
