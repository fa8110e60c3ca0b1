# Recusas do núcleo do app: o que ele diz quando não faz o que foi pedido.

## Who may do what

refusal-label-not-yours = só quem está com esta conversa (ou um administrador) pode colocar etiquetas nela
refusal-admins-manage-labels = só administradores gerenciam as etiquetas
refusal-admins-manage-lists = só administradores gerenciam as listas: respostas prontas, equipes e caixas de entrada
refusal-move-team-not-allowed = só quem está com a conversa, o líder da equipe ou um administrador pode passá-la para outra equipe
refusal-other-queues = só administradores, observadores e líderes de equipe veem as filas de outros atendentes
refusal-claim-before-reply = assuma a conversa antes de responder
refusal-role-cannot-reply = sua função não permite responder
refusal-role-cannot-note = sua função não permite escrever notas
refusal-not-yours-to-reply = esta conversa não está com você, então você não pode responder nela
refusal-not-yours-to-react = esta conversa não está com você, então você não pode reagir nela
refusal-viewers-take-none = observadores não recebem conversas
refusal-assign-not-allowed = só um administrador ou o líder da equipe pode atribuir conversas
refusal-snooze-not-yours = só quem está com esta conversa (ou um líder ou um administrador) pode adiá-la
refusal-snooze-only-open = só uma conversa aberta pode ser adiada
refusal-wake-not-yours = só quem está com esta conversa (ou um líder ou um administrador) pode trazê-la de volta antes da hora
refusal-unread-not-yours = só quem está com esta conversa (ou um administrador) pode marcá-la como não lida
refusal-reports-not-allowed = os relatórios são para administradores e, na própria equipe, para líderes e observadores
refusal-admins-read-alerts = só administradores leem os alertas do WhatsApp
refusal-admins-manage-team = só administradores gerenciam a equipe

## Replies, notes, reactions and templates

refusal-resend-only-refused-text = só dá para reenviar uma resposta de texto que o WhatsApp recusou
refusal-no-such-template = nenhum modelo aprovado tem esse nome e idioma
refusal-template-parameters = preencha todos os parâmetros do modelo
refusal-draft-too-long = um rascunho tem no máximo 8.192 caracteres
refusal-message-empty = a mensagem está vazia
refusal-message-control-characters = a mensagem contém caracteres de controle
refusal-message-too-long = a mensagem tem mais de 4096 caracteres
refusal-reaction-one-emoji = uma reação é um único emoji (ou nada, para removê-la)
refusal-caption-too-long = uma legenda tem no máximo 1024 caracteres
refusal-reply-not-queued = não foi possível colocar a resposta na fila de envio

## Reply buttons and lists

refusal-buttons-question-too-long = uma pergunta com botões de resposta tem no máximo 1024 caracteres
refusal-list-label = o rótulo do botão da lista tem de 1 a 20 caracteres, em uma só linha, sem caracteres de controle
refusal-button-count = uma mensagem tem de 1 a 3 botões de resposta
refusal-row-count = uma lista tem de 1 a 10 linhas
refusal-button-title = o título de um botão tem de 1 a 20 caracteres, em uma só linha, sem caracteres de controle
refusal-row-title = o título de uma linha da lista tem de 1 a 24 caracteres, em uma só linha, sem caracteres de controle
refusal-choices-unique = cada opção precisa ter um título diferente das outras

## Lists, pages and searches

refusal-page-of-messages = uma página tem de 1 a 200 mensagens
refusal-page-of-entries = uma página tem de 1 a 100 registros
refusal-search-too-long = uma busca tem no máximo 200 caracteres
refusal-select-count = selecione de 1 a 1.000 conversas
refusal-name-length = um nome tem de 1 a 80 caracteres
refusal-label-colour = uma cor é # seguido de seis dígitos hexadecimais, como #1e88e5
refusal-shortcut = um atalho tem de 1 a 32 caracteres entre a-z, 0-9, - e _, e começa com letra ou número

## Macros and service levels

refusal-macro-name-length = o nome de uma macro tem de 1 a 80 caracteres
refusal-macro-steps = uma macro tem de 1 a 20 passos
refusal-macro-snooze-length = dá para adiar de 1 hora a um ano
refusal-macro-step-labels = um passo altera no máximo 50 etiquetas
refusal-policy-name-length = o nome de uma política tem de 1 a 80 caracteres
refusal-policy-scope = uma política vale para uma caixa de entrada, uma equipe ou uma etiqueta, ou para tudo
refusal-policy-no-target = uma política define pelo menos uma meta
refusal-policy-target-range = uma meta vai de um minuto a 90 dias

## Business hours

refusal-unknown-time-zone = fuso horário desconhecido
refusal-too-many-shifts = no máximo 50 turnos por semana
refusal-too-many-holidays = no máximo 400 feriados
refusal-shift-times = os horários de um turno são no formato HH:MM, de 00:00 a 24:00
refusal-shift-opens-before-midnight = um turno começa antes das 24:00
refusal-holiday-date = um feriado é uma data no formato AAAA-MM-DD

## Files and media

refusal-no-downloaded-media = a mídia desta mensagem não foi baixada
refusal-download-limit-range = o limite de download fica entre 1 MB e 100 MB
refusal-too-many-same-name = há arquivos demais com esse nome na pasta
refusal-file-unreadable = não foi possível ler o arquivo
refusal-file-grew = o arquivo passou do limite do WhatsApp enquanto era lido
refusal-file-empty = o arquivo está vazio
refusal-file-too-large-to-show = o arquivo é grande demais para ser exibido aqui
refusal-file-is-program = o arquivo é um programa, não um documento nem uma mídia: ele não é enviado
refusal-file-name-characters = o nome de um arquivo não pode ter caracteres de controle, invisíveis ou que mudam a direção do texto

## Signing in, the profile and the local copy

refusal-profile-name = o nome de um perfil só pode ter letras, números, '-' e '_'
refusal-home-not-set = a variável HOME não está definida
refusal-token-empty = o token está vazio
refusal-account-damaged = o arquivo account.json do perfil está danificado; entre novamente
refusal-unknown-language = o app não está disponível nesse idioma
refusal-hub-url = o endereço do hub precisa começar com http:// ou https://
refusal-message-not-stored = não foi possível salvar os detalhes de uma mensagem
refusal-reaction-not-stored = não foi possível salvar uma reação
refusal-request-not-written = não foi possível montar a solicitação
