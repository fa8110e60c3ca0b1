# Notificaciones del núcleo de la app.

notice-queue-summary = { $count ->
    [one] { $count } conversación nueva en la cola
   *[other] { $count } conversaciones nuevas en la cola
}
notice-mine-summary = { $count ->
    [one] { $count } de tus conversaciones tiene mensajes nuevos
   *[other] { $count } de tus conversaciones tienen mensajes nuevos
}
notice-more-summary = { $count ->
    [one] { $count } conversación más te necesita
   *[other] { $count } conversaciones más te necesitan
}
notice-assigned = Asignada a ti: { $name }
notice-assigned-body = Un compañero te pasó esta conversación.
notice-mentioned = Te mencionaron: { $name }
notice-new-in-queue = Nueva en la cola: { $name }
notice-overdue = Una conversación está vencida
notice-due-soon = Una conversación vence pronto
notice-snooze-ended = Volvió una conversación pospuesta
notice-whatsapp-alert = Alerta de WhatsApp
notice-macro-partly = Un paso de macro en espera no se hizo
notice-macro-partly-body = { $refused } de { $count } conversaciones: { $reason }
notice-macro-refused = Se rechazó un paso de macro en espera
notice-new-activity = Actividad nueva

# The desktop shell's own windows.
shell-attach-title = Adjuntar un archivo
shell-save-title = Guardar el archivo
shell-tray-open = Abrir Switchboard
shell-tray-quit = Salir

# Los errores propios del núcleo, tal como los muestra la app (el registro queda en inglés).
core-error-store = falló la copia local; consulta el registro
core-error-store-key = no se pudo abrir la copia local con la clave del llavero (la clave es incorrecta o no es una copia de Switchboard)
core-error-store-damaged = no se puede abrir la copia local de tus conversaciones. Reconstrúyela desde el hub: el archivo dañado se guarda aparte
core-error-keyring-missing = no hay ningún llavero disponible: inicia el llavero del sistema (por ejemplo, GNOME Keyring) y vuelve a intentarlo
core-error-keyring-locked = el llavero está bloqueado o denegó el acceso: desbloquéalo y vuelve a intentarlo
core-error-keyring-damaged = la clave de la copia local en el llavero está dañada
core-error-keyring-failed = falló el llavero; consulta el registro
core-error-not-signed-in = esta computadora no tiene sesión iniciada en ningún hub
core-error-signed-out = el hub ya no acepta la sesión de esta computadora: se borró la copia local; vuelve a iniciar sesión
core-error-offline = no se puede llegar al hub; estás trabajando sin conexión
core-error-download-cap = este archivo pesa { $size } MB, más que tu límite de descarga de { $limit } MB: sube el límite para descargarlo
core-error-not-found = ya no está
core-error-unsent-replies = { $count ->
    [one] { $count } respuesta todavía no llegó al hub; al cerrar sesión se borra junto con la copia local
   *[other] { $count } respuestas todavía no llegaron al hub; al cerrar sesión se borran junto con la copia local
}

# Archivos que WhatsApp no aceptaría ($kind es image, audio, video o document).
file-unsupported-type = WhatsApp no acepta archivos de tipo { $type }: envía imágenes JPEG o PNG, audio AAC, AMR, MP3, M4A u OGG, video MP4 o 3GP, o documentos PDF, de texto, de Office o ZIP
file-too-large = el archivo pesa { $size } MB; WhatsApp acepta { $kind ->
    [image] imágenes
    [audio] archivos de audio
    [video] videos
   *[document] documentos
} de { $limit } MB como máximo
file-too-large-arriving = el archivo es más grande de lo que acepta WhatsApp: { $kind ->
    [image] imágenes
    [audio] archivos de audio
    [video] videos
   *[document] documentos
} de { $limit } MB como máximo
file-wrong-ending = el nombre de un archivo de tipo { $type } termina en { $endings }
file-not-its-type = el contenido del archivo no es { $type }
