# Rechazos del núcleo de la app: lo que dice cuando no hace lo que se le pidió.

## Who may do what

refusal-label-not-yours = solo quien tiene esta conversación (o un administrador) puede ponerle etiquetas
refusal-admins-manage-labels = solo los administradores gestionan las etiquetas
refusal-admins-manage-lists = solo los administradores gestionan las listas: respuestas rápidas, equipos y bandejas de entrada
refusal-move-team-not-allowed = solo quien tiene la conversación, el líder del equipo o un administrador puede pasarla a otro equipo
refusal-other-queues = solo los administradores, los observadores y los líderes de equipo ven las colas de otros agentes
refusal-claim-before-reply = toma la conversación antes de responder
refusal-role-cannot-reply = tu rol no permite responder
refusal-role-cannot-note = tu rol no permite escribir notas
refusal-not-yours-to-reply = esta conversación no es tuya, así que no puedes responder en ella
refusal-not-yours-to-react = esta conversación no es tuya, así que no puedes reaccionar en ella
refusal-viewers-take-none = los observadores no reciben conversaciones
refusal-assign-not-allowed = solo un administrador o el líder del equipo puede asignar conversaciones
refusal-snooze-not-yours = solo quien tiene esta conversación (o un líder o un administrador) puede posponerla
refusal-snooze-only-open = solo se puede posponer una conversación abierta
refusal-wake-not-yours = solo quien tiene esta conversación (o un líder o un administrador) puede traerla de vuelta antes de tiempo
refusal-unread-not-yours = solo quien tiene esta conversación (o un administrador) puede marcarla como no leída
refusal-reports-not-allowed = los informes son para los administradores y, en su propio equipo, para los líderes y observadores
refusal-admins-read-alerts = solo los administradores leen las alertas de WhatsApp
refusal-admins-manage-team = solo los administradores gestionan el equipo

## Replies, notes, reactions and templates

refusal-resend-only-refused-text = solo se puede volver a enviar una respuesta de texto que WhatsApp rechazó
refusal-no-such-template = ninguna plantilla aprobada tiene ese nombre e idioma
refusal-template-parameters = completa todos los parámetros de la plantilla
refusal-draft-too-long = un borrador tiene como máximo 8192 caracteres
refusal-message-empty = el mensaje está vacío
refusal-message-control-characters = el mensaje contiene caracteres de control
refusal-message-too-long = el mensaje tiene más de 4096 caracteres
refusal-reaction-one-emoji = una reacción es un solo emoji (o nada, para quitarla)
refusal-caption-too-long = una descripción tiene como máximo 1024 caracteres
refusal-reply-not-queued = no se pudo poner la respuesta en cola

## Reply buttons and lists

refusal-buttons-question-too-long = una pregunta con botones de respuesta tiene como máximo 1024 caracteres
refusal-list-label = la etiqueta del botón de la lista tiene de 1 a 20 caracteres, en una sola línea, sin caracteres de control
refusal-button-count = un mensaje tiene de 1 a 3 botones de respuesta
refusal-row-count = una lista tiene de 1 a 10 filas
refusal-button-title = el título de un botón tiene de 1 a 20 caracteres, en una sola línea, sin caracteres de control
refusal-row-title = el título de una fila tiene de 1 a 24 caracteres, en una sola línea, sin caracteres de control
refusal-choices-unique = cada opción debe tener un título distinto de las demás

## Lists, pages and searches

refusal-page-of-messages = una página tiene de 1 a 200 mensajes
refusal-page-of-entries = una página tiene de 1 a 100 registros
refusal-search-too-long = una búsqueda tiene como máximo 200 caracteres
refusal-select-count = selecciona de 1 a 1000 conversaciones
refusal-name-length = un nombre tiene de 1 a 80 caracteres
refusal-label-colour = un color es # seguido de seis dígitos hexadecimales, como #1e88e5
refusal-shortcut = un atajo tiene de 1 a 32 caracteres entre a-z, 0-9, - y _, y empieza por una letra o un número

## Macros and service levels

refusal-macro-name-length = el nombre de una macro tiene de 1 a 80 caracteres
refusal-macro-steps = una macro tiene de 1 a 20 pasos
refusal-macro-snooze-length = se puede posponer de 1 hora a un año
refusal-macro-step-labels = un paso cambia como máximo 50 etiquetas
refusal-policy-name-length = el nombre de una política tiene de 1 a 80 caracteres
refusal-policy-scope = una política se aplica a una bandeja de entrada, un equipo o una etiqueta, o a todo
refusal-policy-no-target = una política fija al menos un objetivo
refusal-policy-target-range = un objetivo va de un minuto a 90 días

## Business hours

refusal-unknown-time-zone = zona horaria desconocida
refusal-too-many-shifts = como máximo 50 turnos por semana
refusal-too-many-holidays = como máximo 400 festivos
refusal-shift-times = las horas de un turno van en formato HH:MM, de 00:00 a 24:00
refusal-shift-opens-before-midnight = un turno empieza antes de las 24:00
refusal-holiday-date = un festivo es una fecha en formato AAAA-MM-DD

## Files and media

refusal-no-downloaded-media = el archivo multimedia de este mensaje no se ha descargado
refusal-download-limit-range = el límite de descarga está entre 1 MB y 100 MB
refusal-too-many-same-name = hay demasiados archivos con ese nombre en la carpeta
refusal-file-unreadable = no se pudo leer el archivo
refusal-file-grew = el archivo superó el límite de WhatsApp mientras se leía
refusal-file-empty = el archivo está vacío
refusal-file-too-large-to-show = el archivo es demasiado grande para mostrarlo aquí
refusal-file-is-program = el archivo es un programa, no un documento ni un archivo multimedia: no se envía
refusal-file-name-characters = el nombre de un archivo no puede tener caracteres de control, invisibles ni que cambien la dirección del texto

## Signing in, the profile and the local copy

refusal-profile-name = un nombre de perfil solo puede tener letras, números, '-' y '_'
refusal-home-not-set = la variable HOME no está definida
refusal-token-empty = el token está vacío
refusal-account-damaged = el archivo account.json del perfil está dañado; vuelve a iniciar sesión
refusal-unknown-language = la app no está disponible en ese idioma
refusal-hub-url = la dirección del hub debe empezar por http:// o https://
refusal-message-not-stored = no se pudieron guardar los detalles de un mensaje
refusal-reaction-not-stored = no se pudo guardar una reacción
refusal-request-not-written = no se pudo preparar la solicitud
