# Palabras del formato compartido (lib/format.ts): estados de entrega,
# tiempos cortos, tipos de mensaje, tamaños de archivo, duraciones,
# opciones de posponer y vencimientos del nivel de servicio. Las fechas y
# horas usan las palabras del propio sistema, no estas.

## Estado de entrega, en palabras

format-tick-queued = esperando llegar al hub
format-tick-pending = enviando
format-tick-unknown = puede que no se haya enviado: confírmalo con el cliente antes de reenviar
format-tick-sent = enviado
format-tick-delivered = entregado
format-tick-read = leído
format-tick-failed = no enviado

## Tiempo que queda en la ventana de 24 horas

format-window-hours-minutes = { $hours } h { $minutes } min
format-window-minutes = { $minutes } min

## Quién tiene la conversación

format-assignee-none = Sin asignar
format-assignee-you = Tú
format-assignee-agent = Agente n.º { $id }

## Separadores de día en la conversación

format-day-today = Hoy
format-day-yesterday = Ayer

## Hace cuánto

format-ago-now = ahora mismo
format-ago-seconds = hace { $count } s
format-ago-minutes = hace { $count } min
format-ago-hours = hace { $count } h

## Qué es un mensaje sin texto

format-kind-image = Foto
format-kind-document = Documento
format-kind-audio = Mensaje de voz
format-kind-video = Video
format-kind-sticker = Sticker
format-kind-location = Ubicación
format-kind-contacts = Tarjeta de contacto
format-kind-reaction = Reacción
format-kind-template = Plantilla
format-kind-call = Llamada de voz
format-kind-interactive = Una respuesta con botones o una lista
format-kind-button = Un botón pulsado
format-kind-other = Un mensaje que WhatsApp no transmite ({ $kind })

## Tamaños de archivo

format-size-bytes = { $size } B
format-size-kilobytes = { $size } KB
format-size-megabytes = { $size } MB

## Duraciones

format-duration-seconds = { $seconds } s
format-duration-minutes = { $minutes } min
format-duration-minutes-seconds = { $minutes } min { $seconds } s
format-duration-hours = { $hours } h
format-duration-hours-minutes = { $hours } h { $minutes } min
format-duration-days = { $days } d
format-duration-days-hours = { $days } d { $hours } h

## Menú de posponer

format-snooze-hour = En una hora
format-snooze-tomorrow = Mañana
format-snooze-next-week = La próxima semana
format-snooze-until-reply = Hasta que el cliente escriba

## Objetivos del nivel de servicio: tiempo restante o retraso

format-due-left-minutes = vence en { $minutes } min
format-due-left-hours = vence en { $hours } h { $minutes } min
format-due-left-days = vence en { $days } d
format-due-overdue-minutes = vencida hace { $minutes } min
format-due-overdue-hours = vencida hace { $hours } h { $minutes } min
format-due-overdue-days = vencida hace { $days } d
format-due-first-response = Primera respuesta
format-due-next-response = Siguiente respuesta
format-due-resolution = Resolución
format-due-other = Un objetivo

## Dates and times when the chosen language is not the system's: names
## separated by |, Sunday first; the clock (12 or 24); the order of day,
## month and year (dmy, mdy or ymd) as the app writes dates. Not words to
## translate freely: the app reads them.

format-months = enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre
format-months-short = ene|feb|mar|abr|may|jun|jul|ago|sept|oct|nov|dic
format-weekdays = domingo|lunes|martes|miércoles|jueves|viernes|sábado
format-clock = 24
format-am = a. m.
format-pm = p. m.
format-date-order = dmy
