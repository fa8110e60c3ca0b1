//! What the demo's simulated customers say, and who they are
//! (`switchboard-sandbox --simulate-every`).

/// Lines simulated customers write, for the demo.
pub const CUSTOMER_LINES: &[&str] = &[
    "Hi! Is my order #4417 on its way?",
    "Can I change the delivery address?",
    "Do you ship to Lisbon?",
    "The parcel arrived damaged, what can I do?",
    "Thanks, that solved it 🙏",
    "What are your opening hours on Saturday?",
    "I was charged twice for the same order.",
    "Is the blue one back in stock?",
];

/// Simulated customers for the demo.
pub const CUSTOMERS: &[(&str, &str)] = &[
    ("351912345678", "Ana Ferreira"),
    ("447700900123", "Oliver Hughes"),
    ("4915112345678", "Lena Vogel"),
    ("5511987654321", "Rafael Souza"),
];
