# The workspace (before it: a store that cannot open), signing out, the
# keyboard shortcuts (`?`) and the command palette (Ctrl+K).

## A store that cannot open, and the start

app-fatal-title = Switchboard cannot start
app-rebuild = Rebuild the local copy from the hub
app-opening = Opening…

## The workspace

# The pane that shows the open conversation (read by screen readers).
app-pane-conversation = Conversation
# Nothing open yet. $key is the "?" key, drawn as a key.
app-pick-conversation = Pick a conversation · { $key } lists the shortcuts

## Signing out

app-sign-out-title = Sign out?
app-sign-out-erases = The local copy of your conversations on this computer is erased; they stay on the hub.
# $reason: the hub's words for the replies that would be lost.
app-sign-out-unsent = { $reason }.
app-sign-out-discard = Sign out and discard them
app-sign-out-confirm = Sign out
app-cancel = Cancel

## Keyboard shortcuts: each key and what it does

app-shortcuts-title = Keyboard shortcuts
app-close = Close
app-shortcut-search = search messages
# The keys themselves stay as they are; only the "or" is words.
app-shortcut-move-keys = j  k  or  ↓  ↑
app-shortcut-move = move in the list (or in search results)
app-shortcut-open = open the conversation (or the search result, at its message)
app-shortcut-reply = reply
app-shortcut-quote = reply quoting the customer's last message
app-shortcut-claim = claim
app-shortcut-assign = assign (admins)
app-shortcut-resolve = resolve or reopen
app-shortcut-unread = mark unread (leave it for later)
app-shortcut-contact = show or hide the contact
app-shortcut-select = select the conversation at the cursor (Shift+X: every row from the last one selected)
app-shortcut-select-all = select every conversation of the view
app-shortcut-macro = run a macro on the selected (or the open) conversation
app-shortcut-back = back
app-shortcut-help = this list

## The command palette: the team's macros

app-palette = Command palette
# The search box; $count conversations would be changed.
app-palette-run =
    { $count ->
        [one] Run a macro on { $count } conversation…
       *[other] Run a macro on { $count } conversations…
    }
app-palette-none = Select or open a conversation first
app-palette-macro = Macro to run
app-palette-macros = Macros
# "Team → Macros": the team screen and its Macros tab.
app-palette-empty = No macros yet: an admin adds them in Team → Macros.
app-palette-no-match = No macro matches.
# A macro's steps, in a line such as "reply → resolve".
app-palette-step-label = label
app-palette-step-assign = assign
app-palette-step-reply = reply
app-palette-step-note = note
app-palette-step-snooze = snooze
app-palette-step-resolve = resolve
