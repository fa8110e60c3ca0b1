# Palavras comuns: o seletor de idioma, a entrada.

language-choose = Idioma
sign-in-title = Entre no hub da sua equipe
sign-in-hub = Endereço do hub
sign-in-token = Token de acesso
sign-in-busy = Entrando…
sign-in-submit = Entrar
sign-in-help = O administrador gera tokens com { $command }. O token fica guardado no chaveiro do sistema.
theme-choose = Tema
theme-system = Como o sistema
theme-light = Claro
theme-dark = Escuro
settings = Configurações
