# Rechazos del hub y de la app, por código.

error-window_closed = la ventana de 24 horas del cliente se cerró: solo se puede enviar una plantilla aprobada
error-marketing_opt_out = el cliente pidió no recibir mensajes de marketing: envía una plantilla de utilidad o espera a que escriba
error-template_not_for_inbox = esa plantilla está aprobada para otro número de la empresa, no para el de esta conversación
error-unknown_template = ninguna plantilla aprobada tiene ese nombre e idioma
error-unknown_attachment = ningún archivo subido tiene ese identificador en esta conversación
error-rate_limited = demasiadas solicitudes: vuelve a intentarlo en un momento
error-unavailable = el almacenamiento del hub no responde ahora: vuelve a intentarlo en un momento
error-offline = no se puede llegar al hub; estás trabajando sin conexión

## Los demás rechazos del hub, por código.

error-forbidden = no puedes hacer esto: tu rol no lo permite o la conversación no es tuya
error-not_found = ya no está: puede que alguien lo acabe de eliminar
error-conflict = esto choca con un cambio que el hub ya tiene: vuelve a revisarlo e inténtalo de nuevo
error-duplicate_name = ese nombre ya está en uso: elige otro
error-last_admin = el equipo debe conservar al menos un administrador activo
error-own_admin = no puedes desactivarte ni quitarte tu propio rol de administrador: pídeselo a otro administrador
error-team_not_empty = el equipo todavía tiene conversaciones o bandejas de entrada: primero pásalas a otro equipo
error-already_assigned = otro agente acaba de tomar esta conversación
error-bad_request = el hub no entendió la solicitud: actualiza la app o avisa a tu administrador
error-internal = el hub no pudo completar la solicitud: vuelve a intentarlo y avisa a tu administrador si sigue fallando
error-busy = el hub está ocupado: vuelve a intentarlo en un momento
error-not_ready = el hub se está iniciando o deteniendo y ahora no acepta cambios: vuelve a intentarlo en un momento
error-too_large = es más grande de lo que acepta el hub
error-upload_quota = tienes demasiados archivos esperando para enviarse: envíalos o espera un día a que caduquen
error-too_many_uploads = demasiadas subidas a la vez: espera a que termine una
error-too_many_downloads = demasiadas descargas a la vez: espera a que termine una
error-too_many_streams = esta sesión tiene demasiadas conexiones abiertas con el hub: cierra otra ventana de la app
error-body_timeout = la subida iba demasiado lenta y se detuvo: revisa la conexión y vuelve a intentarlo
error-unsupported_type = WhatsApp no acepta archivos de este tipo
error-invalid_file = el nombre o el contenido del archivo no coincide con su tipo
error-attachment_used = ese archivo ya se envió: vuelve a adjuntarlo
error-invalid_message = este tipo de mensaje no se puede enviar así
error-invalid_text = el texto está vacío o es demasiado largo
error-invalid_caption = la descripción es demasiado larga
error-invalid_choices = los botones de respuesta o la lista no son válidos: revisa cuántos hay, sus títulos y su longitud
error-invalid_reaction = esa reacción no se puede enviar
error-template_parameters = los campos no coinciden con la plantilla: completa cada uno, sin saltos de línea
error-invalid_assignee = esa persona no puede tener esta conversación: es un observador o no está en el equipo de la conversación
error-invalid_bulk = elige de 1 a 1000 conversaciones
error-invalid_labels = una conversación tiene como máximo 50 etiquetas
error-unknown_label = esa etiqueta ya no existe
error-invalid_snooze = solo se puede posponer hasta un momento futuro, como máximo dentro de un año
error-not_open = solo se puede posponer una conversación abierta
error-invalid_team = ese equipo ya no existe
error-invalid_inbox = eso no es el identificador de un número de la empresa
error-invalid_name = un nombre tiene de 1 a 80 caracteres, sin caracteres de control ni invisibles
error-invalid_colour = un color es # seguido de seis dígitos hexadecimales, como #1e88e5
error-invalid_shortcut = un atajo tiene de 1 a 32 caracteres entre a-z, 0-9, - y _, y empieza por una letra o un número
error-invalid_note = la nota de la transferencia está vacía o es demasiado larga
error-invalid_hours = el horario de apertura no es válido: revisa las horas de cada día
error-invalid_policy = la política de nivel de servicio no es válida: revisa su nombre y sus objetivos
error-invalid_macro = la macro no es válida: revisa su nombre y sus pasos
