# La pantalla Equipo (administradores; los líderes de un equipo ven sus informes):
# agentes y sus tokens, equipos y bandejas de entrada, horario de atención,
# niveles de servicio, macros, registro de auditoría, alertas de WhatsApp,
# respuestas rápidas, etiquetas e informes.

## La pantalla y sus pestañas

admin-team = Equipo
admin-team-screens = Pantallas del equipo
admin-tab-agents = Agentes
admin-tab-teams = Equipos y bandejas de entrada
admin-tab-sla = Niveles de servicio
admin-tab-macros = Macros
admin-tab-audit = Registro de auditoría
admin-tab-alerts = Alertas de WhatsApp
admin-tab-canned = Respuestas rápidas
admin-tab-labels = Etiquetas
admin-tab-reports = Informes
admin-back-to-inbox = Volver a las conversaciones

## Palabras de varias pestañas

admin-col-name = Nombre
admin-col-actions = Acciones
admin-edit = Editar
admin-delete = Eliminar
admin-remove = Quitar
admin-save = Guardar
admin-cancel = Cancelar
admin-close = Cerrar
admin-load-more = Cargar más

## Agentes y sus tokens

admin-token-issued = Token de { $name }. Solo se muestra ahora: entrégaselo a esa persona, que lo pegará al iniciar sesión.
admin-token-copy = Copiar
admin-token-copied = Copiado
admin-token-done = Listo
admin-clipboard-failed = no se pudo usar el portapapeles: selecciona el token y cópialo
admin-col-role = Rol
admin-col-status = Estado
admin-col-open = Abiertas
admin-role-agent = agente
admin-role-admin = administrador
admin-role-viewer = observador
admin-status-disabled = desactivado
admin-status-available = disponible
admin-status-away = ausente
admin-issue-token = Nuevo token
admin-revoke-tokens = Revocar tokens
admin-enable = Activar
admin-disable = Desactivar
admin-agent-new-name = Nombre del nuevo agente
admin-agent-add = Añadir agente

## Equipos y bandejas de entrada

admin-inboxes = Bandejas de entrada
admin-col-number = Número
admin-col-team = Equipo
admin-col-hours = Horario
admin-inbox-name-of = Nombre de la bandeja de entrada { $id }
admin-inbox-team-of = Equipo de la bandeja de entrada { $name }
admin-inbox-no-team = Sin equipo: la cola de todos los agentes
admin-hours-summary =
    { $count ->
        [one] { $count } turno
       *[other] { $count } turnos
    }, { $zone }
admin-hours-always-open = Siempre abierto
admin-hours-has-away-reply = respuesta de ausencia
admin-hours-has-greeting = saludo
admin-inboxes-empty = Todavía no ha escrito ningún cliente.
admin-teams = Equipos
admin-team-name-of = Nombre del equipo { $name }
admin-team-delete-hint = Solo se puede eliminar un equipo sin conversaciones ni bandejas de entrada
admin-col-person = Persona
admin-col-in-team = En el equipo
admin-col-leads = Es líder
admin-member-in = { $name } en { $team }
admin-member-leads = { $name } lidera { $team }
admin-teams-empty = No hay equipos: todos los agentes ven la cola de todos los números. Añade un equipo, pon personas en él y dirige una bandeja de entrada hacia él.
admin-team-name = Nombre del equipo
admin-team-new-name = Nombre del nuevo equipo
admin-team-add = Añadir equipo

## Horario y respuestas automáticas de una bandeja de entrada

admin-hours-of = Horario de atención de { $name }
admin-hours-title = Horario y respuestas automáticas: { $name }
admin-hours-on = Horario de atención (si no, siempre abierto)
admin-hours-zone = Zona horaria
admin-hours-openings = Horario de apertura
admin-day-mon = Lunes
admin-day-tue = Martes
admin-day-wed = Miércoles
admin-day-thu = Jueves
admin-day-fri = Viernes
admin-day-sat = Sábado
admin-day-sun = Domingo
admin-hours-opens = { $day }: abre
admin-hours-closes = { $day }: cierra
admin-hours-next-day = cierra al día siguiente
admin-hours-holidays = Festivos (cerrado todo el día; una fecha por línea, en formato AAAA-MM-DD)
admin-hours-away = Respuesta de ausencia (se envía una vez, fuera de horario, al cliente que escriba)
admin-hours-greeting = Saludo (se envía al cliente que inicie una conversación nueva)
admin-hours-csat = Encuesta de satisfacción al resolver (la pregunta; el cliente responde con un toque en uno de los tres botones de abajo)
admin-hours-csat-answers = Los botones de la encuesta, en el idioma de sus clientes (hasta 20 caracteres cada uno)
admin-hours-csat-good = Bien
admin-hours-csat-ok = Regular
admin-hours-csat-poor = Mal
# The buttons a new survey starts with (what the customer taps; each at most 20 characters).
admin-hours-csat-good-default = 😀 Bien
admin-hours-csat-ok-default = 😐 Regular
admin-hours-csat-poor-default = 🙁 Mal

## Informes

admin-report-period = Período
admin-report-last-days =
    { $count ->
        [one] el último día
       *[other] los últimos { $count } días
    }
admin-report-every-team = todos los equipos
admin-report-inbox = Bandeja de entrada
admin-report-every-number = todos los números
admin-report-export = Exportar CSV
admin-report-saved = Guardado en { $path }
admin-report-agent = Agente
admin-report-replies = Respuestas
admin-report-first-responses = Primeras respuestas
admin-report-first-response-median = Mediana de primera respuesta
admin-report-resolved = Resueltas
admin-report-resolution-median = Mediana de resolución
admin-report-targets-met = Objetivos cumplidos
admin-report-targets-missed = Objetivos incumplidos
admin-report-ratings = Valoraciones (buena / OK / mala)
admin-report-empty = Nada en este período.
admin-report-summary = Objetivos de nivel de servicio que vencían en el período: cumplidos { $met }, incumplidos { $missed }. Respuestas de la encuesta de satisfacción: buenas { $good }, OK { $ok }, malas { $poor }.

## El gráfico del informe

admin-chart-per-day = Por día (UTC)
admin-chart-inbound = Mensajes de clientes
admin-chart-replies = Respuestas
admin-chart-show-chart = Ver como gráfico
admin-chart-show-table = Ver como tabla
admin-chart-day = Día (UTC)
admin-chart-new-conversations = Conversaciones nuevas
admin-chart-resolved = Resueltas
admin-chart-label = Mensajes de clientes y respuestas por día
admin-chart-day-values =
    { $day }: { $inbound ->
        [one] { $inbound } mensaje
       *[other] { $inbound } mensajes
    } de clientes, { $replies ->
        [one] { $replies } respuesta
       *[other] { $replies } respuestas
    }

## Etiquetas

admin-labels-empty = Todavía no hay etiquetas.
admin-label = Etiqueta
admin-label-new-name = Nombre de la nueva etiqueta
admin-label-colour = Color
admin-label-add = Añadir etiqueta

## Respuestas rápidas

admin-canned-shortcut = Atajo
admin-canned-text = Texto
admin-canned-empty = Todavía no hay respuestas rápidas.
admin-canned-name = Nombre de la respuesta rápida
# Solo minúsculas sin tilde, dígitos, - y _.
admin-canned-shortcut-example = atajo
admin-canned-shortcut-label = Atajo (se escribe después de /)
admin-canned-text-example = Hola, { $name }, …
admin-canned-variables = { $name }, { $number } y { $agent } se rellenan cuando un agente la inserta.
admin-canned-add = Añadir respuesta rápida

## Alertas de WhatsApp y registro de auditoría

admin-alerts-empty = WhatsApp no ha enviado ninguna alerta.
admin-audit-empty = Nada todavía.
admin-audit-hub = el hub
admin-audit-agent = agente n.º { $id }

## Niveles de servicio

admin-sla-policies = Políticas de nivel de servicio
admin-sla-help = Los objetivos cuentan el horario de atención de la bandeja de entrada de la conversación. Se aplica la política más específica: la de una etiqueta, luego la de un equipo, luego la de una bandeja de entrada y, por último, la de todas las conversaciones.
admin-sla-applies-to = Se aplica a
admin-sla-first-response = Primera respuesta
admin-sla-next-response = Siguiente respuesta
admin-sla-resolution = Resolución
admin-sla-empty = No hay políticas: las conversaciones no tienen objetivos.
admin-sla-change = Cambiar la política
admin-sla-new = Nueva política
admin-sla-scope-all = Todas las conversaciones
admin-sla-scope-inbox = Bandeja de entrada { $name }
admin-sla-scope-team = Equipo { $name }
admin-sla-scope-label = Etiqueta { $name }
admin-sla-first-within = Primera respuesta en menos de (minutos)
admin-sla-next-within = Siguiente respuesta en menos de (minutos)
admin-sla-resolution-within = Resolución en menos de (horas)
admin-sla-add = Añadir política

## Macros

admin-macros = Macros
admin-macros-help = Quien puede actuar en una conversación ejecuta una macro desde la paleta de comandos ({ $keys }) sobre las conversaciones seleccionadas. Las respuestas pueden usar { $name }, { $number } y { $agent }.
admin-macros-empty = Todavía no hay macros.
admin-macro-change = Cambiar la macro
admin-macro-new = Nueva macro
admin-macro-assign-to = Asignar a
admin-macro-back-to-queue = Devolver a la cola
admin-macro-reply = Respuesta
admin-macro-note = Nota
admin-macro-snooze-for = Posponer durante (horas; vacío: hasta que el cliente escriba)
admin-macro-remove-step = Quitar el paso { $position }
admin-macro-add-step = Añadir un paso
admin-macro-choose = Elige…
admin-macro-add = Añadir macro
admin-macro-kind-label = Añadir una etiqueta
admin-macro-kind-assign = Asignar
admin-macro-kind-reply = Responder
admin-macro-kind-note = Nota privada
admin-macro-kind-snooze = Posponer
admin-macro-kind-resolve = Resolver
admin-macro-step-label = etiquetar { $labels }
admin-macro-step-unassign = devolver a la cola
admin-macro-step-assign = asignar a { $name }
admin-macro-step-reply = responder «{ $text }»
admin-macro-step-note = nota «{ $text }»
admin-macro-step-snooze = posponer { $hours } h
admin-macro-step-snooze-until-reply = posponer hasta que el cliente escriba
admin-macro-step-resolve = resolver
