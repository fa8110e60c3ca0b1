# The contact pane: who the customer is and where the conversation stands.

contact-pane = Contact
contact-hide = Hide contact details
contact-number = Number
contact-assigned-to = Assigned to
contact-status = Status
contact-resolved = Resolved
contact-open = Open
contact-window = 24-hour window
# $left: the time left, such as "5h 12m".
contact-window-open = open, closes in { $left }
contact-window-closed = closed: templates only
contact-last-inbound = Last message from the customer
contact-marketing = Marketing messages
contact-opted-out = opted out on { $date }: no marketing templates
contact-not-opted-out = not opted out
