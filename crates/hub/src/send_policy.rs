//! What may be sent in a conversation, decided without the store or HTTP:
//! which combinations of text, choices, note, template, reaction, quote and file a
//! request may carry, the customer's 24-hour window, the marketing opt-out
//! and a template's parameters. `POST /v1/conversations/{id}/messages`
//! (`http/messages.rs`) asks here first, then looks up what the answer
//! names (the upload, the quoted or reacted-to message) and queues it.
//!
//! Checks run in a fixed order, so a request breaking several rules always
//! hears of the same one first.

use switchboard_protocol::{ChoicesSend, SendRequest, Template, TemplateSend};

/// What the conversation allows at the moment of the request.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The customer wrote within the last 24 hours.
    pub window_open: bool,
    /// The customer asked for no marketing messages.
    pub marketing_opt_out: bool,
    /// The approved templates.
    pub templates: &'a [Template],
    /// The business number the conversation is answered from (its inbox).
    pub inbox: &'a str,
}

/// A request the rules let through, by kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    /// A private note for the team: never sent to WhatsApp, no window.
    Note { text: String },
    /// An uploaded file with its caption (none when empty), perhaps quoting
    /// a message.
    File {
        upload_id: i64,
        caption: Option<String>,
        reply_to: Option<i64>,
    },
    /// An approved template, with the text the customer will read.
    Template { shown: String, send: TemplateSend },
    /// A reaction to a message (an empty emoji takes it back).
    Reaction { message_id: i64, emoji: String },
    /// A text, perhaps quoting a message.
    Text { text: String, reply_to: Option<i64> },
    /// A question with reply buttons or a list for the customer to tap.
    Choices { text: String, choices: ChoicesSend },
}

/// Why a request may not be sent: a 422 with this code and message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: &'static str,
}

const fn refuse(code: &'static str, message: &'static str) -> Refusal {
    Refusal { code, message }
}

const WINDOW_CLOSED: Refusal = refuse(
    "window_closed",
    "the customer's 24-hour window has closed: only an approved template can be sent",
);

/// The longest template parameter, in characters (Meta's limit).
const PARAMETER_CHARS: usize = 1024;

/// Decides what `request` is and whether it may be sent now.
pub fn decide(request: SendRequest, context: Context<'_>) -> Result<Outgoing, Refusal> {
    if request.note {
        return note(request);
    }
    if let Some(upload_id) = request.attachment {
        return file(request, upload_id, context);
    }
    if request.choices.is_some() {
        return offer(request, context);
    }
    let kinds = usize::from(!request.text.is_empty())
        + usize::from(request.template.is_some())
        + usize::from(request.reaction.is_some());
    if kinds > 1 {
        return Err(refuse(
            "invalid_message",
            "send one of a text, a template or a reaction",
        ));
    }
    if request.reply_to.is_some() && request.text.is_empty() {
        return Err(refuse(
            "invalid_message",
            "only a text can reply to a message",
        ));
    }
    if let Some(send) = request.template {
        return template(send, context);
    }
    if let Some(reaction) = request.reaction {
        switchboard_protocol::validate_emoji(&reaction.emoji)
            .map_err(|why| refuse("invalid_reaction", why))?;
        if !context.window_open {
            return Err(WINDOW_CLOSED);
        }
        return Ok(Outgoing::Reaction {
            message_id: reaction.message_id,
            emoji: reaction.emoji,
        });
    }
    switchboard_protocol::validate_text(&request.text)
        .map_err(|why| refuse("invalid_text", why))?;
    if !context.window_open {
        return Err(WINDOW_CLOSED);
    }
    Ok(Outgoing::Text {
        text: request.text,
        reply_to: request.reply_to,
    })
}

fn note(request: SendRequest) -> Result<Outgoing, Refusal> {
    if request.template.is_some()
        || request.reaction.is_some()
        || request.reply_to.is_some()
        || request.attachment.is_some()
        || request.choices.is_some()
    {
        return Err(refuse(
            "invalid_message",
            "a note is a text, not a template, a reaction, a quote, choices or a file",
        ));
    }
    switchboard_protocol::validate_text(&request.text)
        .map_err(|why| refuse("invalid_text", why))?;
    Ok(Outgoing::Note { text: request.text })
}

fn file(request: SendRequest, upload_id: i64, context: Context<'_>) -> Result<Outgoing, Refusal> {
    if request.template.is_some() || request.reaction.is_some() || request.choices.is_some() {
        return Err(refuse(
            "invalid_message",
            "an attachment is sent with a caption, not a template, a reaction or choices",
        ));
    }
    switchboard_protocol::validate_caption(&request.text)
        .map_err(|why| refuse("invalid_caption", why))?;
    if !context.window_open {
        return Err(WINDOW_CLOSED);
    }
    Ok(Outgoing::File {
        upload_id,
        caption: Some(request.text.trim().to_owned()).filter(|c| !c.is_empty()),
        reply_to: request.reply_to,
    })
}

/// A question with choices: a text alone (no template, reaction or
/// quote), within WhatsApp's limits for buttons and lists, in the window.
fn offer(request: SendRequest, context: Context<'_>) -> Result<Outgoing, Refusal> {
    let SendRequest {
        text,
        choices: Some(choices),
        template: None,
        reaction: None,
        reply_to: None,
        ..
    } = request
    else {
        return Err(refuse(
            "invalid_message",
            "choices go with a text question, not a template, a reaction or a quote",
        ));
    };
    choices
        .check(&text)
        .map_err(|why| refuse("invalid_choices", why))?;
    if !context.window_open {
        return Err(WINDOW_CLOSED);
    }
    Ok(Outgoing::Choices {
        text,
        choices: choices.trimmed(),
    })
}

/// A template may be sent outside the window; a marketing one not to a
/// customer who opted out; its parameters are as many as its placeholders,
/// each 1 to 1,024 visible characters.
fn template(send: TemplateSend, context: Context<'_>) -> Result<Outgoing, Refusal> {
    let known = context
        .templates
        .iter()
        .find(|k| k.name == send.name && k.language == send.language)
        .ok_or(refuse(
            "unknown_template",
            "no approved template has that name and language",
        ))?;
    if !known.approved_for(context.inbox) {
        return Err(refuse(
            "template_not_for_inbox",
            "that template is approved for another of the business's numbers, not this conversation's",
        ));
    }
    if known.is_marketing() && context.marketing_opt_out {
        return Err(refuse(
            "marketing_opt_out",
            "the customer asked for no marketing messages: send a utility template or wait for them to write",
        ));
    }
    if send.parameters.len() != known.parameter_count() {
        return Err(refuse(
            "template_parameters",
            "the number of parameters does not match the template",
        ));
    }
    let bad = |p: &String| {
        p.chars().count() > PARAMETER_CHARS || switchboard_protocol::validate_text(p).is_err()
    };
    if send.parameters.iter().any(bad) {
        return Err(refuse(
            "template_parameters",
            "each parameter is 1 to 1024 visible characters, without control characters",
        ));
    }
    Ok(Outgoing::Template {
        shown: known.render(&send.parameters),
        send,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_protocol::ReactionSend;

    fn templates() -> Vec<Template> {
        serde_json::from_value(serde_json::json!([
            {"name": "order_update", "language": "en", "body": "Order {{1}} ships {{2}}.", "category": "UTILITY"},
            {"name": "spring_sale", "language": "en", "body": "20% off this week.", "category": "MARKETING"},
            {"name": "vendas_oferta", "language": "pt_BR", "body": "Oferta da semana.", "category": "UTILITY", "inboxes": ["2002"]}
        ]))
        .unwrap_or_default()
    }

    fn open(templates: &[Template]) -> Context<'_> {
        Context {
            window_open: true,
            marketing_opt_out: false,
            templates,
            inbox: "2001",
        }
    }

    fn closed(templates: &[Template]) -> Context<'_> {
        Context {
            window_open: false,
            ..open(templates)
        }
    }

    fn text(t: &str) -> SendRequest {
        SendRequest {
            client_message_id: "c-1".into(),
            text: t.into(),
            template: None,
            reaction: None,
            note: false,
            reply_to: None,
            attachment: None,
            choices: None,
        }
    }

    fn template_send(name: &str, parameters: &[&str]) -> TemplateSend {
        TemplateSend {
            name: name.into(),
            language: "en".into(),
            parameters: parameters.iter().map(|p| p.to_string()).collect(),
        }
    }

    fn code(r: Result<Outgoing, Refusal>) -> &'static str {
        match r {
            Ok(o) => panic!("expected a refusal, got {o:?}"),
            Err(refusal) => refusal.code,
        }
    }

    #[test]
    fn a_text_needs_the_window_and_may_quote() {
        let t = templates();
        let quoting = SendRequest {
            reply_to: Some(9),
            ..text("It ships today.")
        };
        assert_eq!(
            decide(quoting.clone(), open(&t)),
            Ok(Outgoing::Text {
                text: "It ships today.".into(),
                reply_to: Some(9)
            })
        );
        assert_eq!(code(decide(quoting, closed(&t))), "window_closed");
        assert_eq!(code(decide(text(""), open(&t))), "invalid_text");
        assert_eq!(code(decide(text("a\u{7}b"), open(&t))), "invalid_text");
    }

    #[test]
    fn a_note_goes_out_of_the_window_but_only_as_a_text() {
        let t = templates();
        let note = SendRequest {
            note: true,
            ..text("Called them back")
        };
        assert_eq!(
            decide(note.clone(), closed(&t)),
            Ok(Outgoing::Note {
                text: "Called them back".into()
            })
        );
        for with in [
            SendRequest {
                reply_to: Some(1),
                ..note.clone()
            },
            SendRequest {
                attachment: Some(1),
                ..note.clone()
            },
            SendRequest {
                template: Some(template_send("order_update", &["1", "2"])),
                ..note.clone()
            },
        ] {
            assert_eq!(code(decide(with, open(&t))), "invalid_message");
        }
    }

    #[test]
    fn a_template_is_sent_outside_the_window_with_its_parameters() {
        let t = templates();
        let send = |parameters: &[&str]| SendRequest {
            template: Some(template_send("order_update", parameters)),
            ..text("")
        };
        match decide(send(&["A-1", "today"]), closed(&t)) {
            Ok(Outgoing::Template { shown, .. }) => assert_eq!(shown, "Order A-1 ships today."),
            other => panic!("expected a template, got {other:?}"),
        }
        assert_eq!(
            code(decide(send(&["A-1"]), open(&t))),
            "template_parameters"
        );
        let long = "x".repeat(1025);
        assert_eq!(
            code(decide(send(&["A-1", &long]), open(&t))),
            "template_parameters"
        );
        assert_eq!(
            code(decide(send(&["A-1", ""]), open(&t))),
            "template_parameters"
        );
        let unknown = SendRequest {
            template: Some(template_send("nope", &[])),
            ..text("")
        };
        assert_eq!(code(decide(unknown, open(&t))), "unknown_template");
    }

    #[test]
    fn marketing_is_refused_to_a_customer_who_opted_out_utility_is_not() {
        let t = templates();
        let opted_out = Context {
            marketing_opt_out: true,
            ..closed(&t)
        };
        let sale = SendRequest {
            template: Some(template_send("spring_sale", &[])),
            ..text("")
        };
        assert_eq!(code(decide(sale.clone(), opted_out)), "marketing_opt_out");
        assert!(decide(sale, closed(&t)).is_ok());
        let utility = SendRequest {
            template: Some(template_send("order_update", &["A-1", "today"])),
            ..text("")
        };
        assert!(decide(utility, opted_out).is_ok());
    }

    #[test]
    fn one_kind_per_message_and_only_a_text_quotes() {
        let t = templates();
        let two = SendRequest {
            reaction: Some(ReactionSend {
                message_id: 3,
                emoji: "👍".into(),
            }),
            ..text("and a text")
        };
        assert_eq!(code(decide(two, open(&t))), "invalid_message");
        let quoting_reaction = SendRequest {
            reaction: Some(ReactionSend {
                message_id: 3,
                emoji: "👍".into(),
            }),
            reply_to: Some(3),
            ..text("")
        };
        assert_eq!(code(decide(quoting_reaction, open(&t))), "invalid_message");
    }

    #[test]
    fn a_reaction_needs_an_emoji_and_the_window() {
        let t = templates();
        let react = |emoji: &str| SendRequest {
            reaction: Some(ReactionSend {
                message_id: 3,
                emoji: emoji.into(),
            }),
            ..text("")
        };
        assert_eq!(
            decide(react(""), open(&t)),
            Ok(Outgoing::Reaction {
                message_id: 3,
                emoji: String::new()
            })
        );
        assert_eq!(code(decide(react("👍"), closed(&t))), "window_closed");
        assert_eq!(
            code(decide(react("not an emoji"), open(&t))),
            "invalid_reaction"
        );
    }

    #[test]
    fn a_file_takes_a_caption_and_a_quote_but_not_a_template_or_reaction() {
        let t = templates();
        let file = SendRequest {
            attachment: Some(5),
            reply_to: Some(2),
            ..text("  the invoice  ")
        };
        assert_eq!(
            decide(file.clone(), open(&t)),
            Ok(Outgoing::File {
                upload_id: 5,
                caption: Some("the invoice".into()),
                reply_to: Some(2)
            })
        );
        match decide(
            SendRequest {
                attachment: Some(5),
                ..text("")
            },
            open(&t),
        ) {
            Ok(Outgoing::File { caption, .. }) => assert_eq!(caption, None),
            other => panic!("expected a file, got {other:?}"),
        }
        assert_eq!(code(decide(file.clone(), closed(&t))), "window_closed");
        let with_template = SendRequest {
            template: Some(template_send("order_update", &["A-1", "today"])),
            ..file
        };
        assert_eq!(code(decide(with_template, open(&t))), "invalid_message");
    }

    #[test]
    fn a_template_goes_only_from_the_numbers_it_was_approved_for() {
        let t = templates();
        let send = |inbox| {
            let send = TemplateSend {
                name: "vendas_oferta".into(),
                language: "pt_BR".into(),
                parameters: Vec::new(),
            };
            decide(
                SendRequest {
                    template: Some(send),
                    ..text("")
                },
                Context {
                    inbox,
                    ..closed(&t)
                },
            )
        };
        assert_eq!(code(send("2001")), "template_not_for_inbox");
        assert!(send("2002").is_ok(), "from the Sales line it goes");
    }

    #[test]
    fn choices_go_with_a_question_in_the_window() {
        let t = templates();
        let choices = |list: Option<&str>, options: &[&str]| ChoicesSend {
            list: list.map(str::to_owned),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
        };
        let ask = SendRequest {
            choices: Some(choices(None, &[" Yes ", "No"])),
            ..text("Shall we ship it?")
        };
        assert_eq!(
            decide(ask.clone(), open(&t)),
            Ok(Outgoing::Choices {
                text: "Shall we ship it?".into(),
                choices: choices(None, &["Yes", "No"]),
            }),
            "sent trimmed"
        );
        assert_eq!(code(decide(ask.clone(), closed(&t))), "window_closed");
        let four = SendRequest {
            choices: Some(choices(None, &["a", "b", "c", "d"])),
            ..ask.clone()
        };
        assert_eq!(code(decide(four, open(&t))), "invalid_choices");
        let list = SendRequest {
            choices: Some(choices(
                Some("Stores"),
                &["Centro", "Norte", "Sul", "Leste"],
            )),
            ..ask.clone()
        };
        assert!(decide(list, open(&t)).is_ok(), "a list takes more rows");
        let mut with_template = ask.clone();
        with_template.text = String::new();
        with_template.template = Some(template_send("order_update", &["A-1", "today"]));
        assert_eq!(code(decide(with_template, open(&t))), "invalid_message");
        let quoting = SendRequest {
            reply_to: Some(9),
            ..ask.clone()
        };
        assert_eq!(code(decide(quoting, open(&t))), "invalid_message");
        let as_note = SendRequest { note: true, ..ask };
        assert_eq!(code(decide(as_note, open(&t))), "invalid_message");
    }
}
