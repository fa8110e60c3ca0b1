# El panel del contacto: quién es el cliente y cómo va la conversación.

contact-pane = Contacto
contact-hide = Ocultar los datos del contacto
contact-number = Número
contact-assigned-to = Asignada a
contact-status = Estado
contact-resolved = Resuelta
contact-open = Abierta
contact-window = Ventana de 24 horas
contact-window-open = abierta, se cierra en { $left }
contact-window-closed = cerrada: solo plantillas
contact-last-inbound = Último mensaje del cliente
contact-marketing = Mensajes de marketing
contact-opted-out = pidió no recibirlos el { $date }: sin plantillas de marketing
contact-not-opted-out = no pidió dejar de recibirlos
