# Words the shared formatting (lib/format.ts) writes: delivery states,
# short times, message kinds, file sizes, durations, snooze choices and
# service-level due times. Dates and clock times use the system's own
# words, not these. Counts are numbers ($count, $hours…); $size is a
# number already written in the language's digits.

## Delivery ticks, said in words

format-tick-queued = waiting to reach the hub
format-tick-pending = sending
format-tick-unknown = may not have been sent: check with the customer before resending
format-tick-sent = sent
format-tick-delivered = delivered
format-tick-read = read
format-tick-failed = not sent

## Time left in the 24-hour window, short

format-window-hours-minutes = { $hours }h { $minutes }m
format-window-minutes = { $minutes }m

## Who holds a conversation

format-assignee-none = Unassigned
format-assignee-you = You
# A colleague this desktop does not know by name, by number.
format-assignee-agent = Agent #{ $id }

## Day separators in the thread

format-day-today = Today
format-day-yesterday = Yesterday

## How long ago, short

format-ago-now = just now
format-ago-seconds = { $count } s ago
format-ago-minutes = { $count } min ago
format-ago-hours = { $count } h ago

## What a message without text is

format-kind-image = Photo
format-kind-document = Document
format-kind-audio = Voice message
format-kind-video = Video
format-kind-sticker = Sticker
format-kind-location = Location
format-kind-contacts = Contact card
format-kind-reaction = Reaction
format-kind-template = Template
format-kind-call = Voice call
format-kind-interactive = An answer from buttons or a list
format-kind-button = A tapped button
# $kind is WhatsApp's own name for the kind, in English.
format-kind-other = A message WhatsApp does not pass on ({ $kind })

## File sizes

format-size-bytes = { $size } B
format-size-kilobytes = { $size } KB
format-size-megabytes = { $size } MB

## Durations, short (reports, service levels)

format-duration-seconds = { $seconds } s
format-duration-minutes = { $minutes } min
format-duration-minutes-seconds = { $minutes } min { $seconds } s
format-duration-hours = { $hours } h
format-duration-hours-minutes = { $hours } h { $minutes } min
format-duration-days = { $days } d
format-duration-days-hours = { $days } d { $hours } h

## The snooze menu

format-snooze-hour = In an hour
# Tomorrow at 9:00.
format-snooze-tomorrow = Tomorrow
# Next Monday at 9:00.
format-snooze-next-week = Next week
format-snooze-until-reply = Until the customer writes

## Service-level targets: time left, or how late

format-due-left-minutes = { $minutes }m left
format-due-left-hours = { $hours }h { $minutes }m left
format-due-left-days = { $days }d left
format-due-overdue-minutes = overdue { $minutes }m
format-due-overdue-hours = overdue { $hours }h { $minutes }m
format-due-overdue-days = overdue { $days }d
format-due-first-response = First response
format-due-next-response = Next response
format-due-resolution = Resolution
format-due-other = A target

## Dates and times when the chosen language is not the system's: names
## separated by |, Sunday first; the clock (12 or 24); the order of day,
## month and year (dmy, mdy or ymd) as the app writes dates. Not words to
## translate freely: the app reads them.

format-months = January|February|March|April|May|June|July|August|September|October|November|December
format-months-short = Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec
format-weekdays = Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday
format-clock = 24
format-am = AM
format-pm = PM
format-date-order = dmy
