# Notificações do núcleo do app.

notice-queue-summary = { $count ->
    [one] { $count } conversa nova na fila
   *[other] { $count } conversas novas na fila
}
notice-mine-summary = { $count ->
    [one] { $count } das suas conversas tem mensagens novas
   *[other] { $count } das suas conversas têm mensagens novas
}
notice-more-summary = { $count ->
    [one] Mais { $count } conversa precisa de você
   *[other] Mais { $count } conversas precisam de você
}
notice-assigned = Atribuída a você: { $name }
notice-assigned-body = Um colega passou esta conversa para você.
notice-mentioned = Você foi mencionado: { $name }
notice-new-in-queue = Nova na fila: { $name }
notice-overdue = Uma conversa está atrasada
notice-due-soon = Uma conversa vence em breve
notice-snooze-ended = Uma conversa adiada voltou
notice-whatsapp-alert = Alerta do WhatsApp
notice-macro-partly = Uma etapa de macro que estava aguardando não foi feita
notice-macro-partly-body = { $refused } de { $count } conversas: { $reason }
notice-macro-refused = Uma etapa de macro que estava aguardando foi recusada
notice-new-activity = Nova atividade

# The desktop shell's own windows.
shell-attach-title = Anexar um arquivo
shell-save-title = Salvar o arquivo
