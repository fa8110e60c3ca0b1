# Shared words: the language picker, sign-in.

language-choose = Language
sign-in-title = Sign in to your team's hub
sign-in-hub = Hub address
sign-in-token = Access token
sign-in-busy = Signing in…
sign-in-submit = Sign in
sign-in-help = Your admin issues tokens with { $command }. The token is kept in the system keyring.
theme-choose = Theme
theme-system = As the system
theme-light = Light
theme-dark = Dark
settings = Settings
