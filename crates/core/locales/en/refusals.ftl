# The desktop core's refusals: what the app says when it will not do what
# was asked (CoreError::Invalid). English is the sentence in the code, word
# for word (i18n::REFUSALS maps it to its id); the other languages say it
# to an agent at work.

## Who may do what

refusal-label-not-yours = only whoever holds this conversation (or an admin) can label it
refusal-admins-manage-labels = only admins manage labels
refusal-admins-manage-lists = only admins manage the lists: canned replies, teams and inboxes
refusal-move-team-not-allowed = only its holder, the team's lead or an admin can move a conversation to another team
refusal-other-queues = only admins, viewers and team leads see other agents' queues
refusal-claim-before-reply = claim the conversation before replying
refusal-role-cannot-reply = your role cannot reply
refusal-role-cannot-note = your role cannot write notes
refusal-not-yours-to-reply = this conversation is not yours to reply to
refusal-not-yours-to-react = this conversation is not yours to react in
refusal-viewers-take-none = viewers take no conversations
refusal-assign-not-allowed = only an admin or the team's lead can assign conversations
refusal-snooze-not-yours = only whoever holds this conversation (or a lead or an admin) can snooze it
refusal-snooze-only-open = only an open conversation can be snoozed
refusal-wake-not-yours = only whoever holds this conversation (or a lead or an admin) can wake it
refusal-unread-not-yours = only whoever holds this conversation (or an admin) can mark it unread
refusal-reports-not-allowed = reports are for admins, and for a team's leads and viewers on their team
refusal-admins-read-alerts = only admins read WhatsApp's alerts
refusal-admins-manage-team = only admins manage the team

## Replies, notes, reactions and templates

refusal-resend-only-refused-text = only a text reply WhatsApp refused can be sent again
refusal-no-such-template = no approved template has that name and language
refusal-template-parameters = fill in every parameter of the template
refusal-draft-too-long = a draft is at most 8,192 characters
refusal-message-empty = the message is empty
refusal-message-control-characters = the message contains control characters
refusal-message-too-long = the message is longer than 4096 characters
refusal-reaction-one-emoji = a reaction is one emoji (or empty to remove it)
refusal-caption-too-long = a caption is at most 1024 characters
refusal-reply-not-queued = the reply could not be queued

## Reply buttons and lists

refusal-buttons-question-too-long = a question with reply buttons is at most 1024 characters
refusal-list-label = a list's button label is 1 to 20 characters, on one line, without control characters
refusal-button-count = a message has 1 to 3 reply buttons
refusal-row-count = a list has 1 to 10 rows
refusal-button-title = a button's title is 1 to 20 characters, on one line, without control characters
refusal-row-title = a row's title is 1 to 24 characters, on one line, without control characters
refusal-choices-unique = each choice's title is different from the others

## Lists, pages and searches

refusal-page-of-messages = a page holds 1 to 200 messages
refusal-page-of-entries = a page holds 1 to 100 entries
refusal-search-too-long = a search is at most 200 characters
refusal-select-count = select 1 to 1,000 conversations
refusal-name-length = a name is 1 to 80 characters
refusal-label-colour = a colour is # and six hex digits, like #1e88e5
refusal-shortcut = a shortcut is 1 to 32 of a-z, 0-9, - and _, starting with a letter or digit

## Macros and service levels

refusal-macro-name-length = a macro's name is 1 to 80 characters
refusal-macro-steps = a macro has 1 to 20 steps
refusal-macro-snooze-length = a snooze is 1 hour to a year
refusal-macro-step-labels = a step changes at most 50 labels
refusal-policy-name-length = a policy's name is 1 to 80 characters
refusal-policy-scope = a policy applies to one inbox, one team or one label, or to everything
refusal-policy-no-target = a policy sets at least one target
refusal-policy-target-range = a target is a minute to 90 days

## Business hours

refusal-unknown-time-zone = unknown time zone
refusal-too-many-shifts = at most 50 shifts a week
refusal-too-many-holidays = at most 400 holidays
refusal-shift-times = a shift's times are HH:MM, from 00:00 to 24:00
refusal-shift-opens-before-midnight = a shift opens before 24:00
refusal-holiday-date = a holiday is a date, YYYY-MM-DD

## Files and media

refusal-no-downloaded-media = this message has no downloaded media
refusal-download-limit-range = the download limit is between 1 MB and 100 MB
refusal-too-many-same-name = too many files of that name in the folder
refusal-file-unreadable = the file could not be read
refusal-file-grew = the file grew past WhatsApp's limit while it was read
refusal-file-empty = the file is empty
refusal-file-too-large-to-show = the file is too large to show here
refusal-file-is-program = the file is a program, not a document or media: it is not sent
refusal-file-name-characters = a file's name may not hold control, invisible or direction-changing characters

## Signing in, the profile and the local copy

refusal-profile-name = a profile name is letters, digits, '-' and '_'
refusal-home-not-set = HOME is not set
refusal-token-empty = the token is empty
refusal-account-damaged = the profile's account.json is damaged; sign in again
refusal-unknown-language = the app does not speak that language
refusal-hub-url = the hub URL must start with http:// or https://
refusal-message-not-stored = a message's details could not be stored
refusal-reaction-not-stored = a reaction could not be stored
refusal-request-not-written = the request could not be written
