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
