# The Team screen (admins; a team's leads see its reports): agents and
# their tokens, teams and inboxes, business hours, service levels, macros,
# the audit log, WhatsApp's alerts, canned replies, labels and reports.

## The screen and its tabs

admin-team = Team
admin-team-screens = Team screens
admin-tab-agents = Agents
admin-tab-teams = Teams & inboxes
admin-tab-sla = Service levels
admin-tab-macros = Macros
admin-tab-audit = Audit log
admin-tab-alerts = WhatsApp alerts
admin-tab-canned = Canned replies
admin-tab-labels = Labels
admin-tab-reports = Reports
admin-back-to-inbox = Back to the inbox

## Words used on several tabs

admin-col-name = Name
admin-col-actions = Actions
admin-edit = Edit
admin-delete = Delete
admin-remove = Remove
admin-save = Save
admin-cancel = Cancel
admin-close = Close
admin-load-more = Load more

## Agents and their tokens

# $name: the person the token is for (shown in bold).
admin-token-issued = Token for { $name }. It is shown only now: hand it to them, they paste it when signing in.
admin-token-copy = Copy
admin-token-copied = Copied
admin-token-done = Done
admin-clipboard-failed = the clipboard could not be used: select the token and copy it
admin-col-role = Role
admin-col-status = Status
# Conversations the agent holds open.
admin-col-open = Open
admin-role-agent = agent
admin-role-admin = admin
admin-role-viewer = viewer
admin-status-disabled = disabled
admin-status-available = available
admin-status-away = away
admin-issue-token = New token
admin-revoke-tokens = Revoke tokens
admin-enable = Enable
admin-disable = Disable
admin-agent-new-name = New agent's name
admin-agent-add = Add agent

## Teams and inboxes

admin-inboxes = Inboxes
# An inbox's business phone number.
admin-col-number = Number
admin-col-team = Team
admin-col-hours = Hours
# $id: the inbox's phone number.
admin-inbox-name-of = Name of inbox { $id }
admin-inbox-team-of = Team of inbox { $name }
admin-inbox-no-team = No team: every agent's queue
# $count: how many openings (weekday, from, to) the week has; $zone: a time zone such as America/Sao_Paulo.
admin-hours-summary =
    { $count ->
        [one] { $count } opening
       *[other] { $count } openings
    }, { $zone }
admin-hours-always-open = Always open
admin-hours-has-away-reply = away reply
admin-hours-has-greeting = greeting
admin-inboxes-empty = No customer has written yet.
admin-teams = Teams
admin-team-name-of = Name of team { $name }
admin-team-delete-hint = Only a team with no conversation and no inbox can go
admin-col-person = Person
admin-col-in-team = In the team
admin-col-leads = Leads it
admin-member-in = { $name } in { $team }
admin-member-leads = { $name } leads { $team }
admin-teams-empty = No teams: every agent sees every number's queue. Add a team, put people in it and route an inbox to it.
admin-team-name = Team name
admin-team-new-name = New team's name
admin-team-add = Add team

## An inbox's hours and automatic replies

admin-hours-of = Business hours of { $name }
admin-hours-title = Hours and automatic replies: { $name }
admin-hours-on = Business hours (otherwise always open)
admin-hours-zone = Time zone
admin-hours-openings = Opening hours
admin-day-mon = Monday
admin-day-tue = Tuesday
admin-day-wed = Wednesday
admin-day-thu = Thursday
admin-day-fri = Friday
admin-day-sat = Saturday
admin-day-sun = Sunday
# $day: a weekday's name.
admin-hours-opens = { $day } opens
admin-hours-closes = { $day } closes
# Shown when the closing time is at or before the opening time.
admin-hours-next-day = closes the next day
# The dates are typed as YYYY-MM-DD in every language.
admin-hours-holidays = Holidays (closed all day; one date per line, YYYY-MM-DD)
admin-hours-away = Away reply (sent once while closed, to a customer who writes)
admin-hours-greeting = Greeting (sent to a customer who starts a new conversation)
# The question is the inbox's own; the three buttons below go with it to the customer.
admin-hours-csat = Satisfaction survey on resolve (the question; the customer answers with a tap on one of the three buttons below)
admin-hours-csat-answers = The survey's buttons, in your customers' language (up to 20 characters each)
admin-hours-csat-good = Good
admin-hours-csat-ok = OK
admin-hours-csat-poor = Poor
# The buttons a new survey starts with (what the customer taps; each at most 20 characters).
admin-hours-csat-good-default = 😀 Good
admin-hours-csat-ok-default = 😐 OK
admin-hours-csat-poor-default = 🙁 Poor

## Reports

admin-report-period = Period
admin-report-last-days =
    { $count ->
        [one] the last day
       *[other] the last { $count } days
    }
admin-report-every-team = every team
admin-report-inbox = Inbox
admin-report-every-number = every number
admin-report-export = Export CSV
# $path: the file the report was saved to.
admin-report-saved = Saved to { $path }
admin-report-agent = Agent
admin-report-replies = Replies
admin-report-first-responses = First responses
admin-report-first-response-median = Median first response
admin-report-resolved = Resolved
admin-report-resolution-median = Median resolution
admin-report-targets-met = Targets met
admin-report-targets-missed = Targets missed
admin-report-ratings = Ratings (good / OK / poor)
admin-report-empty = Nothing in this period.
admin-report-summary = Service-level targets due in the period: { $met } met, { $missed } missed. Satisfaction answers: { $good } good, { $ok } OK, { $poor } poor.

## The report's chart

admin-chart-per-day = Per day (UTC)
admin-chart-inbound = Messages from customers
admin-chart-replies = Replies
admin-chart-show-chart = Show as chart
admin-chart-show-table = Show as table
admin-chart-day = Day (UTC)
admin-chart-new-conversations = New conversations
admin-chart-resolved = Resolved
admin-chart-label = Messages from customers and replies per day
# $day: a short date ("1 Dec"); $inbound: messages from customers that day; $replies: replies that day.
admin-chart-day-values =
    { $day }: { $inbound } from customers, { $replies ->
        [one] { $replies } reply
       *[other] { $replies } replies
    }

## Labels

admin-labels-empty = No labels yet.
admin-label = Label
admin-label-new-name = New label's name
admin-label-colour = Colour
admin-label-add = Add label

## Canned replies

admin-canned-shortcut = Shortcut
admin-canned-text = Text
admin-canned-empty = No canned replies yet.
admin-canned-name = Canned reply's name
# An example in the shortcut box: shortcuts are lowercase Latin letters, digits, - and _ only.
admin-canned-shortcut-example = shortcut
admin-canned-shortcut-label = Shortcut (typed after /)
# $name: the variable {{contact.name}}, written as it is.
admin-canned-text-example = Hi { $name }, …
# $name, $number, $agent: the variables, written as they are.
admin-canned-variables = { $name }, { $number } and { $agent } are filled in when an agent inserts it.
admin-canned-add = Add canned reply

## WhatsApp's alerts and the audit log

admin-alerts-empty = WhatsApp has sent no alerts.
admin-audit-empty = Nothing yet.
# Who did it, when it was not a person.
admin-audit-hub = the hub
# An agent no longer listed; $id: their number.
admin-audit-agent = agent #{ $id }

## Service levels

admin-sla-policies = Service-level policies
admin-sla-help = Targets count business hours of the conversation's inbox. The most specific policy applies: a label's, then a team's, then an inbox's, then the one for every conversation.
admin-sla-applies-to = Applies to
admin-sla-first-response = First response
admin-sla-next-response = Next response
admin-sla-resolution = Resolution
admin-sla-empty = No policy: conversations have no targets.
admin-sla-change = Change the policy
admin-sla-new = New policy
admin-sla-scope-all = Every conversation
admin-sla-scope-inbox = Inbox { $name }
admin-sla-scope-team = Team { $name }
admin-sla-scope-label = Label { $name }
admin-sla-first-within = First response within (minutes)
admin-sla-next-within = Next response within (minutes)
admin-sla-resolution-within = Resolution within (hours)
admin-sla-add = Add policy

## Macros

admin-macros = Macros
# $keys: Ctrl+K; $name, $number, $agent: the variables, written as they are.
admin-macros-help = Anyone who may act on a conversation runs a macro from the command palette ({ $keys }) on the selected conversations. Replies may use { $name }, { $number } and { $agent }.
admin-macros-empty = No macros yet.
admin-macro-change = Change the macro
admin-macro-new = New macro
admin-macro-assign-to = Assign to
admin-macro-back-to-queue = Back to the queue
admin-macro-reply = Reply
admin-macro-note = Note
admin-macro-snooze-for = Snooze for (hours; empty: until the customer writes)
# $position: the step's number in the list.
admin-macro-remove-step = Remove step { $position }
admin-macro-add-step = Add a step
admin-macro-choose = Choose…
admin-macro-add = Add macro
admin-macro-kind-label = Add a label
admin-macro-kind-assign = Assign
admin-macro-kind-reply = Reply
admin-macro-kind-note = Private note
admin-macro-kind-snooze = Snooze
admin-macro-kind-resolve = Resolve
# A macro's steps in short, one after the other.
admin-macro-step-label = label { $labels }
admin-macro-step-unassign = back to the queue
admin-macro-step-assign = assign to { $name }
admin-macro-step-reply = reply “{ $text }”
admin-macro-step-note = note “{ $text }”
admin-macro-step-snooze = snooze { $hours } h
admin-macro-step-snooze-until-reply = snooze until the customer writes
admin-macro-step-resolve = resolve
