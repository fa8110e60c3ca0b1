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
