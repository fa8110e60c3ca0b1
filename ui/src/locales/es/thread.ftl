# La conversación abierta: cabecera y acciones, mensajes, selector de plantillas.

## Los mensajes

thread-messages = Mensajes
thread-load-older = Cargar mensajes anteriores
thread-load-newer = Cargar mensajes más recientes
thread-jump-latest = Ir a los mensajes más recientes
thread-new-messages = mensajes nuevos
thread-note-by-you = Nota tuya · solo la ve tu equipo
thread-note-by-colleague = Nota de un compañero · solo la ve tu equipo
thread-note-by = Nota de { $name } · solo la ve tu equipo
thread-note-by-agent = Nota del agente #{ $id } · solo la ve tu equipo
thread-quote-reply = Responder
thread-react = Reaccionar
thread-react-with = Reaccionar con
thread-react-with-emoji = Reaccionar con { $emoji }
thread-automatic = enviado automáticamente
thread-automatic-title = Enviado por Switchboard: el saludo o la respuesta de ausencia de este número
thread-from-phone = desde el teléfono
thread-from-phone-title = Enviado desde la app WhatsApp Business en el teléfono de la empresa
thread-edited = editado
thread-unknown-outcome = El hub perdió la respuesta de WhatsApp: puede que esto haya llegado al cliente o no. Confírmalo con él antes de volver a enviarlo.
thread-write-again = Volver a escribirlo
thread-retry = Reintentar
thread-discard = Descartar
thread-write = Escribir
thread-mode-reply = Respuesta
thread-mode-note = Nota
thread-claim = Toma esta conversación para responder
thread-viewer-read-only = Los observadores solo pueden leer.
thread-assigned-elsewhere = Asignada a otra persona.
thread-presence-typing = { $name } está escribiendo…
thread-presence-viewing = { $name } la está viendo
thread-names-and = { $first } y { $second }

## La cabecera

thread-back = Volver a la lista
thread-inbox-title = El número al que escribió el cliente
thread-hours-open = Abierto
thread-hours-closed = Cerrado
thread-hours-open-until = Abierto hasta { $time }
thread-hours-closed-until = Cerrado hasta { $time }
thread-due-title = Vence el { $time }
thread-due = { $target }: { $left }
thread-csat-title = La respuesta del cliente a la encuesta de satisfacción
thread-rated-good = Valoración: 😀 Buena
thread-rated-ok = Valoración: 😐 Regular
thread-rated-poor = Valoración: 🙁 Mala
thread-snoozed-until = Pospuesta hasta { $time }
thread-snoozed-until-reply = Pospuesta hasta que el cliente escriba
thread-labels = Etiquetas
thread-no-labels = Aún no hay etiquetas: un administrador las crea en Equipo → Etiquetas.
thread-window-closes = la ventana se cierra en { $left }
thread-window-closed = ventana cerrada: solo plantillas
thread-assignee = Asignada a
thread-unassigned = Sin asignar
thread-assignee-option = { $name } ({ $count ->
        [one] { $count } abierta
       *[other] { $count } abiertas
    })
thread-reopen = Reabrir
thread-resolve = Resolver
thread-mark-unread = Marcar como no leída
thread-mark-unread-title = Dejarla para después (u)
thread-wake = Reactivar
thread-snooze = Posponer
thread-snooze-menu = Posponer hasta
thread-snooze-at = Hasta
thread-transfer = Transferir
thread-contact = Contacto
thread-transfer-team = Al equipo
thread-transfer-note = Nota para ese equipo (opcional)
thread-transfer-send = Mover

## Lo que trae un mensaje

thread-quote-customer = Cliente
thread-quote-you = Tú
thread-deleted = Se eliminó este mensaje
thread-location = Ubicación
thread-open-map = Abrir en el mapa
thread-contact-card = Contacto
thread-unsupported = WhatsApp no pudo mostrarnos este mensaje. Pide al cliente que lo envíe de otra forma.
thread-unsupported-why = WhatsApp no pudo mostrarnos este mensaje ({ $reason }). Pide al cliente que lo envíe de otra forma.
thread-show-whole = Ver la imagen completa
thread-document = Documento
thread-voice-message = Mensaje de voz
thread-show-image = Mostrar imagen
thread-show-sticker = Mostrar sticker
thread-play = Reproducir
thread-save = Guardar
thread-downloading = descargando de WhatsApp…
thread-download-failed = no se pudo descargar el archivo de WhatsApp
thread-saved-to = Guardado en { $path }
thread-raise-cap = Subir mi límite a { $megabytes } MB y descargarlo
thread-whatsapp-notice = Aviso de WhatsApp
thread-voice-call = Llamada de voz
thread-answered = Respondió:
thread-with-list = con una lista tras “{ $list }”
thread-with-buttons = con botones de respuesta
thread-list-rows = Las filas de la lista
thread-reply-buttons = Botones de respuesta
thread-reacted-customer = El cliente reaccionó
thread-reacted-team = Tu equipo reaccionó

## El selector de plantillas (la ventana de 24 horas está cerrada)

thread-no-templates = La ventana de 24 horas está cerrada y el hub no tiene plantillas aprobadas.
thread-template = Plantilla
thread-template-refused = { $name } ({ $language }) — marketing: el cliente pidió no recibirlas
thread-template-parameter = Parámetro { $number }
thread-send-template = Enviar plantilla
