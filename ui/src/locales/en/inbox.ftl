# The left pane (who I am, the connection, search, the views, the list of
# conversations, bulk actions) and the inbox's notes.

## Who I am and the connection

inbox-sidebar = Conversations
inbox-role-admin = admin
inbox-role-agent = agent
inbox-role-viewer = viewer
# Availability: the state, then the action (" · set away").
inbox-available = Available
inbox-away = Away
inbox-set-away = set away
inbox-set-available = set available
inbox-available-title = You take new conversations: click to be away
inbox-away-title = You take no new conversations: click to be available
inbox-team = Team
inbox-reports = Reports
inbox-online = online
inbox-offline = offline
inbox-connected = connected
inbox-syncing = Syncing history… { $percent }%
# $reason: why the hub cannot be reached (the hub's or the system's words; may be empty).
inbox-offline-note = Offline — showing the local copy. { $reason }

## Search

inbox-search-placeholder = Search messages  ( / )
inbox-search = Search messages
inbox-search-results = Search results
inbox-search-failed = Search failed: { $error }
inbox-search-none = No message matches.
inbox-searching = Searching…

## The views (lists of conversations) and their names

inbox-views = Views
inbox-view-mine = Mine
inbox-view-unassigned = Unassigned
inbox-view-all = All
inbox-view-resolved = Resolved
inbox-view-snoozed = Snoozed
inbox-view-due-soon = Due soon
inbox-view-overdue = Overdue
# A label this copy does not know the name of yet.
inbox-view-label-unknown = Label #{ $id }
inbox-view-team-queue = { $team }: queue
inbox-view-team = { $team }: all
# A team this copy does not know the name of yet.
inbox-team-unknown = Team #{ $id }

## Bulk actions on the selected conversations

inbox-bulk = Selected conversations
inbox-selected = { $count } selected
inbox-bulk-assign = Assign the selected conversations
inbox-assign-to = Assign to…
inbox-back-to-queue = Back to the queue
# An agent and how many open conversations they hold.
inbox-agent-open = { $name } ({ $count } open)
inbox-resolve = Resolve
inbox-bulk-snooze = Snooze the selected conversations
inbox-snooze = Snooze…
inbox-bulk-label = Label the selected conversations
inbox-label = Label…
inbox-bulk-transfer = Move the selected conversations to a team
inbox-transfer-to = Transfer to…
inbox-select-all-title = Every conversation of this view loaded so far (*)
inbox-select-all = Select all
inbox-clear = Clear

## The list of conversations

inbox-empty = Nothing here. Customers' messages appear in the views above.
inbox-list = Conversations in this view
# $name: the customer's name or number.
inbox-pick = Select { $name }
inbox-pick-title = Select (x); Shift: every row from the last one picked (Shift+X)
inbox-window-closing = the 24-hour window closes soon
# $what: the target (first response, next response, resolution); $at: a date and time.
inbox-row-due = { $what } due { $at }
inbox-row-snoozed-until = Snoozed until { $at }
inbox-row-snoozed-reply-title = Snoozed until the customer writes
# Shown small beside 💤: snoozed until the customer replies.
inbox-row-snoozed-reply = reply
inbox-unread = { $count } unread
# $inbox: the business number's name.
inbox-row-inbox = Written to { $inbox }
inbox-load-more = Load more

## The status line

# $ago: when, such as "just now" or "5m ago".
inbox-status-synced = synced { $ago }
inbox-status-connecting = connecting…
inbox-status-last-synced = last synced { $ago }
inbox-outbox = { $count } waiting to send
inbox-failed = { $count } not sent
inbox-sign-out = Sign out
inbox-shortcuts = Keyboard shortcuts

## Notes after an action

inbox-signed-out = Signed out. The local copy on this computer was erased.
# A macro ran on $count conversations; $details says what waits or was refused.
inbox-macro-ran = “{ $name }” ran on { $count }; { $details }
inbox-macro-queued =
    { $count ->
        [one] { $count } step waits for the hub and goes when it answers
       *[other] { $count } steps wait for the hub and go when it answers
    }
# $reason: the hub's words.
inbox-macro-refused =
    { $count ->
        [one] { $count } step left undone: { $reason }
       *[other] { $count } steps left undone: { $reason }
    }
# Both of the above, one after the other.
inbox-macro-both = { $queued }; { $refused }
# $done conversations changed; $refused of $total did not; $reason: the hub's words.
inbox-bulk-refused = { $done } changed; { $refused } of { $total } left as they were: { $reason }
