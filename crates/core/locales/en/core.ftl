# The desktop core's notifications.

notice-queue-summary = { $count ->
    [one] { $count } new conversation in the queue
   *[other] { $count } new conversations in the queue
}
notice-mine-summary = { $count ->
    [one] { $count } of your conversations has new messages
   *[other] { $count } of your conversations have new messages
}
notice-more-summary = { $count ->
    [one] { $count } more conversation needs you
   *[other] { $count } more conversations need you
}
notice-assigned = Assigned to you: { $name }
notice-assigned-body = A colleague gave you this conversation.
notice-mentioned = You were mentioned: { $name }
notice-new-in-queue = New in the queue: { $name }
notice-overdue = A conversation is overdue
notice-due-soon = A conversation is due soon
notice-snooze-ended = A snoozed conversation is back
notice-whatsapp-alert = WhatsApp alert
notice-macro-partly = A macro step that waited was not done
notice-macro-partly-body = { $refused } of { $count } conversations: { $reason }
notice-macro-refused = A macro step that waited was refused
notice-new-activity = New activity

# The desktop shell's own windows.
shell-attach-title = Attach a file
shell-save-title = Save the file
