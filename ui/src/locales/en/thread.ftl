# The open conversation: its header and actions, its messages, the
# template picker.

## The messages

thread-messages = Messages
thread-load-older = Load older messages
thread-load-newer = Load newer messages
thread-jump-latest = Jump to the latest messages
thread-new-messages = new messages
thread-note-by-you = Note by you · only your team sees it
thread-note-by-colleague = Note by a colleague · only your team sees it
thread-note-by = Note by { $name } · only your team sees it
# $id: the agent's number, when their name is not known.
thread-note-by-agent = Note by Agent #{ $id } · only your team sees it
thread-quote-reply = Reply
thread-react = React
thread-react-with = React with
thread-react-with-emoji = React with { $emoji }
thread-automatic = sent automatically
thread-automatic-title = Sent by Switchboard: this number's greeting or away reply
thread-from-phone = from the phone
thread-from-phone-title = Sent from the WhatsApp Business app on the business's phone
thread-edited = edited
thread-unknown-outcome = The hub lost WhatsApp's answer: this may or may not have reached the customer. Check with them before sending it again.
thread-write-again = Write it again
thread-retry = Retry
thread-discard = Discard
thread-write = Write
thread-mode-reply = Reply
thread-mode-note = Note
thread-claim = Claim this conversation to reply
thread-viewer-read-only = Viewers read only.
thread-assigned-elsewhere = Assigned to someone else.
thread-presence-typing = { $name } is typing…
thread-presence-viewing = { $name } is viewing
# Colleagues who were typing, two at a time ("Ada and Bo and Cy").
thread-names-and = { $first } and { $second }

## The header

thread-back = Back to the list
thread-inbox-title = The number the customer wrote to
thread-hours-open = Open
thread-hours-closed = Closed
thread-hours-open-until = Open until { $time }
thread-hours-closed-until = Closed until { $time }
thread-due-title = Due { $time }
# $target: which target (first response…); $left: the time left or overdue.
thread-due = { $target }: { $left }
thread-csat-title = The customer's answer to the satisfaction survey
thread-rated-good = Rated: 😀 Good
thread-rated-ok = Rated: 😐 OK
thread-rated-poor = Rated: 🙁 Poor
thread-snoozed-until = Snoozed until { $time }
thread-snoozed-until-reply = Snoozed until the customer writes
thread-labels = Labels
thread-no-labels = No labels yet: an admin adds them in Team → Labels.
# $left: the time left, such as "5h 12m".
thread-window-closes = window closes in { $left }
thread-window-closed = window closed: templates only
thread-assignee = Assignee
thread-unassigned = Unassigned
# An agent in the assignee menu, with how many open conversations they hold.
thread-assignee-option = { $name } ({ $count } open)
thread-reopen = Reopen
thread-resolve = Resolve
thread-mark-unread = Mark unread
thread-mark-unread-title = Leave it for later (u)
thread-wake = Wake
thread-snooze = Snooze
thread-snooze-menu = Snooze until
thread-snooze-at = Until
thread-transfer = Transfer
thread-contact = Contact
thread-transfer-team = To team
thread-transfer-note = Note for that team (optional)
thread-transfer-send = Move

## What a message holds

thread-quote-customer = Customer
thread-quote-you = You
thread-deleted = This message was deleted
thread-location = Location
thread-open-map = Open in map
thread-contact-card = Contact
thread-unsupported = WhatsApp could not show us this message. Ask the customer to send it another way.
# $reason: WhatsApp's own words, in English.
thread-unsupported-why = WhatsApp could not show us this message ({ $reason }). Ask the customer to send it another way.
thread-show-whole = Show the picture whole
thread-document = Document
thread-voice-message = Voice message
thread-show-image = Show image
thread-show-sticker = Show sticker
thread-play = Play
thread-save = Save
thread-downloading = downloading from WhatsApp…
thread-download-failed = the file could not be downloaded from WhatsApp
thread-saved-to = Saved to { $path }
thread-raise-cap = Raise my limit to { $megabytes } MB and fetch it
thread-whatsapp-notice = WhatsApp notice
thread-voice-call = Voice call
thread-answered = Answered:
# $list: the button that opens the list, as the customer sees it.
thread-with-list = with a list behind “{ $list }”
thread-with-buttons = with reply buttons
thread-list-rows = The list’s rows
thread-reply-buttons = Reply buttons
thread-reacted-customer = The customer reacted
thread-reacted-team = Your team reacted

## The template picker (the 24-hour window is closed)

thread-no-templates = The 24-hour window is closed and the hub has no approved templates.
thread-template = Template
# $name, $language: the template's name and language code as Meta has them.
thread-template-refused = { $name } ({ $language }) — marketing: the customer opted out
thread-template-parameter = Parameter { $number }
thread-send-template = Send template
