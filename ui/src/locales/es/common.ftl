# Palabras comunes: el selector de idioma, el inicio de sesión.

language-choose = Idioma
sign-in-title = Inicia sesión en el hub de tu equipo
sign-in-hub = Dirección del hub
sign-in-token = Token de acceso
sign-in-busy = Iniciando sesión…
sign-in-submit = Iniciar sesión
sign-in-help = Tu administrador emite tokens con { $command }. El token se guarda en el llavero del sistema.
theme-choose = Tema
theme-system = Como el sistema
theme-light = Claro
theme-dark = Oscuro
settings = Ajustes
