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
shell-tray-open = Open Switchboard
shell-tray-quit = Quit

# The core's own errors, as the app shows them (the log keeps English).
core-error-store = the local copy failed; see the log
core-error-store-key = the local copy could not be opened with the key in the keyring (a wrong key, or not a Switchboard copy)
core-error-store-damaged = the local copy of your conversations cannot be opened. Rebuild it from the hub: the damaged file is kept aside
core-error-keyring-missing = no keyring is available: start the system's keyring (for example GNOME Keyring) and try again
core-error-keyring-locked = the keyring is locked or refused access: unlock it and try again
core-error-keyring-damaged = the local copy's key in the keyring is damaged
core-error-keyring-failed = the keyring failed; see the log
core-error-not-signed-in = this computer is not signed in to a hub
core-error-signed-out = the hub no longer accepts this computer's sign-in: the local copy was erased; sign in again
core-error-offline = the hub cannot be reached; you are working offline
core-error-download-cap = this file is { $size } MB, over your download limit of { $limit } MB: raise the limit to fetch it
core-error-not-found = it is not there any more
core-error-unsent-replies = { $count ->
    [one] { $count } reply has not reached the hub yet; signing out erases it with the local copy
   *[other] { $count } replies have not reached the hub yet; signing out erases them with the local copy
}

# Files WhatsApp would not take ($kind is image, audio, video or document).
file-unsupported-type = WhatsApp does not take files of type { $type }: send JPEG or PNG images, AAC, AMR, MP3, M4A or OGG audio, MP4 or 3GP video, or PDF, text, Office or ZIP documents
file-too-large = the file is { $size } MB; WhatsApp takes { $kind ->
    [image] images
    [audio] audio files
    [video] videos
   *[document] documents
} of at most { $limit } MB
file-too-large-arriving = the file is larger than WhatsApp takes: { $kind ->
    [image] images
    [audio] audio files
    [video] videos
   *[document] documents
} of at most { $limit } MB
file-wrong-ending = a file of type { $type } is named { $endings }
file-not-its-type = the file's content is not { $type }
