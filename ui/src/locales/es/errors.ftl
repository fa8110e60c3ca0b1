# Rechazos del hub y de la app, por código.

error-window_closed = la ventana de 24 horas del cliente se cerró: solo se puede enviar una plantilla aprobada
error-marketing_opt_out = el cliente pidió no recibir mensajes de marketing: envía una plantilla de utilidad o espera a que escriba
error-template_not_for_inbox = esa plantilla está aprobada para otro número de la empresa, no para el de esta conversación
error-unknown_template = ninguna plantilla aprobada tiene ese nombre e idioma
error-unknown_attachment = ningún archivo subido tiene ese identificador en esta conversación
error-rate_limited = demasiadas solicitudes: vuelve a intentarlo en un momento
error-unavailable = el almacenamiento del hub no responde ahora: vuelve a intentarlo en un momento
error-offline = no se puede llegar al hub; estás trabajando sin conexión
