# The hub's and the core's refusals the app says in the agent's language
# (by code; the hub keeps its English message for logs and API clients).
# English repeats the hub's own words.

error-window_closed = the customer's 24-hour window has closed: only an approved template can be sent
error-marketing_opt_out = the customer asked for no marketing messages: send a utility template or wait for them to write
error-template_not_for_inbox = that template is approved for another of the business's numbers, not this conversation's
error-unknown_template = no approved template has that name and language
error-unknown_attachment = no uploaded file has that id in this conversation
error-rate_limited = too many requests: try again later
error-unavailable = the hub's store cannot be reached now: try again shortly
error-offline = the hub cannot be reached; you are working offline

## The hub's other refusals, by code: one sentence true of every message
## the hub sends with that code.

error-forbidden = you may not do this: your role does not allow it, or the conversation is not yours
error-not_found = it is no longer there: someone may have just removed it
error-conflict = this clashes with a change the hub already has: look again, then try again
error-duplicate_name = that name is already taken: choose another
error-last_admin = the team must keep at least one active admin
error-own_admin = you cannot disable yourself or take away your own admin role: ask another admin
error-team_not_empty = the team still has conversations or inboxes: move them to another team first
error-already_assigned = another agent has just taken this conversation
error-bad_request = the hub did not understand the request: update the app, or tell your admin
error-internal = the hub could not complete the request: try again, and tell your admin if it keeps failing
error-busy = the hub is busy: try again in a moment
error-not_ready = the hub is starting or stopping and takes no changes now: try again shortly
error-too_large = that is larger than the hub takes
error-upload_quota = too many of your files are waiting to be sent: send them, or wait a day for them to expire
error-too_many_uploads = too many uploads at once: wait for one to finish
error-too_many_downloads = too many downloads at once: wait for one to finish
error-too_many_streams = this sign-in has too many live connections to the hub: close another window of the app
error-body_timeout = the upload was too slow and was stopped: check the connection and try again
error-unsupported_type = WhatsApp does not take files of this type
error-invalid_file = the file's name or content does not match its type
error-attachment_used = that file was already sent: attach it again
error-invalid_message = this kind of message cannot be sent that way
error-invalid_text = the text is empty or too long
error-invalid_caption = the caption is too long
error-invalid_choices = the reply buttons or list are not valid: check how many there are, their titles and their length
error-invalid_reaction = that reaction cannot be sent
error-template_parameters = the template's fields do not match it: fill in each one, without line breaks
error-invalid_assignee = that person cannot hold this conversation: a viewer, or not in its team
error-invalid_bulk = choose from 1 to 1,000 conversations
error-invalid_labels = a conversation has at most 50 labels
error-unknown_label = that label no longer exists
error-invalid_snooze = a snooze ends in the future, within a year
error-not_open = only an open conversation can be snoozed
error-invalid_team = that team no longer exists
error-invalid_inbox = that is not a business number's id
error-invalid_name = a name is 1 to 80 characters, without control or invisible characters
error-invalid_colour = a colour is # and six hex digits, like #1e88e5
error-invalid_shortcut = a shortcut is 1 to 32 of a-z, 0-9, - and _, starting with a letter or a digit
error-invalid_note = the handover note is empty or too long
error-invalid_hours = the opening hours are not valid: check each day's times
error-invalid_policy = the service-level policy is not valid: check its name and targets
error-invalid_macro = the macro is not valid: check its name and steps
