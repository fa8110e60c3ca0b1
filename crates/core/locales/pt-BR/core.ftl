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
shell-tray-open = Abrir o Switchboard
shell-tray-quit = Sair

# Os erros do próprio núcleo, como o app os mostra (o log fica em inglês).
core-error-store = a cópia local falhou; veja o log
core-error-store-key = não foi possível abrir a cópia local com a chave do chaveiro (a chave está errada, ou não é uma cópia do Switchboard)
core-error-store-damaged = não é possível abrir a cópia local das suas conversas. Recrie a cópia a partir do hub: o arquivo danificado fica guardado à parte
core-error-keyring-missing = nenhum chaveiro disponível: inicie o chaveiro do sistema (por exemplo, o GNOME Keyring) e tente de novo
core-error-keyring-locked = o chaveiro está bloqueado ou negou o acesso: desbloqueie-o e tente de novo
core-error-keyring-damaged = a chave da cópia local no chaveiro está danificada
core-error-keyring-failed = o chaveiro falhou; veja o log
core-error-not-signed-in = este computador não fez login em nenhum hub
core-error-signed-out = o hub não aceita mais o login deste computador: a cópia local foi apagada; entre novamente
core-error-offline = o hub está fora de alcance; você está trabalhando offline
core-error-download-cap = este arquivo tem { $size } MB, acima do seu limite de download de { $limit } MB: aumente o limite para baixá-lo
core-error-not-found = isso não existe mais
core-error-unsent-replies = { $count ->
    [one] { $count } resposta ainda não chegou ao hub; sair apaga essa resposta junto com a cópia local
   *[other] { $count } respostas ainda não chegaram ao hub; sair apaga essas respostas junto com a cópia local
}

# Arquivos que o WhatsApp não aceitaria ($kind é image, audio, video ou document).
file-unsupported-type = o WhatsApp não aceita arquivos do tipo { $type }: envie imagens JPEG ou PNG, áudios AAC, AMR, MP3, M4A ou OGG, vídeos MP4 ou 3GP, ou documentos PDF, de texto, Office ou ZIP
file-too-large = o arquivo tem { $size } MB; o WhatsApp aceita { $kind ->
    [image] imagens
    [audio] áudios
    [video] vídeos
   *[document] documentos
} de no máximo { $limit } MB
file-too-large-arriving = o arquivo é maior do que o WhatsApp aceita: { $kind ->
    [image] imagens
    [audio] áudios
    [video] vídeos
   *[document] documentos
} de no máximo { $limit } MB
file-wrong-ending = o nome de um arquivo do tipo { $type } termina em { $endings }
file-not-its-type = o conteúdo do arquivo não é { $type }
