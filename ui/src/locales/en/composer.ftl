# The reply box (composer/Composer.svelte), the choices sent with a reply
# (composer/ChoicesEditor.svelte) and what WhatsApp would refuse in them
# (lib/choices.ts). Counts ($count, $number, $min) are numbers; $length
# and $limit are numbers already written in the language's digits.

## A colleague was typing in the same conversation

composer-over-typing = { $name } was typing here a moment ago. Send anyway?
composer-send-anyway = Send anyway
composer-wait = Wait

## Quoting a message

composer-replying-to-customer = Replying to the customer:
composer-replying-to-team = Replying to your team:
composer-unquote = Do not quote this message

## Suggestions while typing (@ and /)

composer-mention-list = Colleagues to mention
composer-canned-list = Canned replies

## Files sent with the reply

composer-files = Files to send
# A sound file sent from the desktop (not recorded as a voice message).
composer-kind-audio = Audio
composer-remove-file = Remove { $name }
# The name given to a pasted file that has none.
composer-pasted-file-name = pasted

## The box

composer-placeholder-note = A note for your team (the customer never sees it); @name tells a colleague
composer-placeholder-closed = The 24-hour window is closed
composer-placeholder-question = Write the question the choices answer…
composer-placeholder-caption = Add a caption (optional)…
# $inbox is the name of the business number the reply goes from.
composer-placeholder-reply-from = Write a reply from { $inbox }…
composer-placeholder-reply = Write a reply…
composer-label-note = Note for the team
composer-label-reply = Reply
composer-hint-note = Enter adds the note · Shift+Enter new line · / canned replies
composer-hint-reply = Enter sends · Shift+Enter new line · / canned replies · paste or drop files
# Characters typed and the most WhatsApp takes.
composer-counter = { $length } / { $limit }
composer-counter-caption = { $length } / { $limit } (caption)

## Buttons

composer-add-note = Add note
composer-attach = Attach a file
composer-attach-title = Attach a file (image, document, audio, video)
composer-add-choices = Add choices for the customer to tap
composer-add-choices-title = Reply buttons or a list for the customer to tap
composer-choices-no-quote = A reply with choices cannot quote a message
composer-send = Send

## Choices for the customer to tap (reply buttons or a list)

composer-choices-legend = Choices for the customer to tap
composer-choices-how = How the choices are shown
composer-as-buttons = Reply buttons (up to { $count })
composer-as-list = A list (up to { $count ->
        [one] { $count } row
       *[other] { $count } rows
    })
composer-list-label = Button that opens the list
# The list button's label until the agent writes one; the customer sees it.
composer-list-label-default = Choose
composer-row-placeholder = Row { $number } (up to { $count ->
        [one] { $count } character
       *[other] { $count } characters
    })
composer-button-placeholder = Button { $number } (up to { $count ->
        [one] { $count } character
       *[other] { $count } characters
    })
composer-row = Row { $number }
composer-button = Button { $number }
composer-remove-row = Remove row { $number }
composer-remove-button = Remove button { $number }
composer-add-row = Add a row
composer-add-button = Add a button
composer-drop-choices = Send without choices
composer-choices-help = The reply above is the question; the customer’s tap comes back as their answer.

## What WhatsApp would refuse, said while the agent types

composer-problem-no-question = Write the question the choices answer.
composer-problem-question-long-list = A question with a list is at most { $count ->
        [one] { $count } character
       *[other] { $count } characters
    }.
composer-problem-question-long-buttons = A question with reply buttons is at most { $count ->
        [one] { $count } character
       *[other] { $count } characters
    }.
composer-problem-list-label = The list's button label is { $min } to { $count } characters.
composer-problem-rows = A list has { $min } to { $count } rows.
composer-problem-buttons = A message has { $min } to { $count } reply buttons.
composer-problem-row = Row { $number }: { $min } to { $count } characters, on one line.
composer-problem-button = Button { $number }: { $min } to { $count } characters, on one line.
composer-problem-twice = “{ $choice }” is there twice: each choice is different.
