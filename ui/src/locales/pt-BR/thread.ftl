# A conversa aberta: cabeçalho e ações, mensagens, seletor de modelos.

## As mensagens

thread-messages = Mensagens
thread-load-older = Carregar mensagens anteriores
thread-load-newer = Carregar mensagens mais recentes
thread-jump-latest = Ir para as mensagens mais recentes
thread-new-messages = novas mensagens
thread-note-by-you = Nota sua · só sua equipe vê
thread-note-by-colleague = Nota de um colega · só sua equipe vê
thread-note-by = Nota de { $name } · só sua equipe vê
thread-note-by-agent = Nota do atendente #{ $id } · só sua equipe vê
thread-quote-reply = Responder
thread-react = Reagir
thread-react-with = Reagir com
thread-react-with-emoji = Reagir com { $emoji }
thread-automatic = enviada automaticamente
thread-automatic-title = Enviada pelo Switchboard: a saudação ou a resposta de ausência deste número
thread-from-phone = pelo celular
thread-from-phone-title = Enviada pelo app WhatsApp Business no celular da empresa
thread-edited = editada
thread-unknown-outcome = O hub perdeu a resposta do WhatsApp: esta mensagem pode ou não ter chegado ao cliente. Confirme com ele antes de enviar de novo.
thread-write-again = Escrever de novo
thread-retry = Tentar de novo
thread-discard = Descartar
thread-write = Escrever
thread-mode-reply = Resposta
thread-mode-note = Nota
thread-claim = Assuma esta conversa para responder
thread-viewer-read-only = Observadores só podem ler.
thread-assigned-elsewhere = Atribuída a outra pessoa.
thread-presence-typing = { $name } está digitando…
thread-presence-viewing = { $name } está vendo
thread-names-and = { $first } e { $second }

## O cabeçalho

thread-back = Voltar para a lista
thread-inbox-title = O número para o qual o cliente escreveu
thread-hours-open = Aberto
thread-hours-closed = Fechado
thread-hours-open-until = Aberto até { $time }
thread-hours-closed-until = Fechado até { $time }
thread-due-title = Vence em { $time }
thread-due = { $target }: { $left }
thread-csat-title = A resposta do cliente à pesquisa de satisfação
thread-rated-good = Avaliação: 😀 Boa
thread-rated-ok = Avaliação: 😐 Regular
thread-rated-poor = Avaliação: 🙁 Ruim
thread-snoozed-until = Adiada até { $time }
thread-snoozed-until-reply = Adiada até o cliente escrever
thread-labels = Etiquetas
thread-no-labels = Ainda não há etiquetas: um administrador as cria em Equipe → Etiquetas.
thread-window-closes = a janela fecha em { $left }
thread-window-closed = janela fechada: só modelos
thread-assignee = Responsável
thread-unassigned = Sem responsável
thread-assignee-option = { $name } ({ $count ->
        [0] { $count } abertas
        [one] { $count } aberta
       *[other] { $count } abertas
    })
thread-reopen = Reabrir
thread-resolve = Resolver
thread-mark-unread = Marcar como não lida
thread-mark-unread-title = Deixar para depois (u)
thread-wake = Reativar
thread-snooze = Adiar
thread-snooze-menu = Adiar até
thread-snooze-at = Até
thread-transfer = Transferir
thread-contact = Contato
thread-transfer-team = Para a equipe
thread-transfer-note = Nota para essa equipe (opcional)
thread-transfer-send = Mover

## O que uma mensagem traz

thread-quote-customer = Cliente
thread-quote-you = Você
thread-deleted = Esta mensagem foi apagada
thread-location = Localização
thread-open-map = Abrir no mapa
thread-contact-card = Contato
thread-unsupported = O WhatsApp não conseguiu nos mostrar esta mensagem. Peça ao cliente para enviá-la de outro jeito.
thread-unsupported-why = O WhatsApp não conseguiu nos mostrar esta mensagem ({ $reason }). Peça ao cliente para enviá-la de outro jeito.
thread-show-whole = Ver a imagem inteira
thread-document = Documento
thread-voice-message = Mensagem de voz
thread-show-image = Mostrar imagem
thread-show-sticker = Mostrar figurinha
thread-play = Reproduzir
thread-save = Salvar
thread-downloading = baixando do WhatsApp…
thread-download-failed = não foi possível baixar o arquivo do WhatsApp
thread-saved-to = Salvo em { $path }
thread-raise-cap = Aumentar meu limite para { $megabytes } MB e baixar
thread-whatsapp-notice = Aviso do WhatsApp
thread-voice-call = Chamada de voz
thread-answered = Respondeu:
thread-with-list = com uma lista em “{ $list }”
thread-with-buttons = com botões de resposta
thread-list-rows = As opções da lista
thread-reply-buttons = Botões de resposta
thread-reacted-customer = O cliente reagiu
thread-reacted-team = Sua equipe reagiu

## O seletor de modelos (a janela de 24 horas está fechada)

thread-no-templates = A janela de 24 horas está fechada e o hub não tem modelos aprovados.
thread-template = Modelo
thread-template-refused = { $name } ({ $language }) — marketing: o cliente pediu para não receber
thread-template-parameter = Parâmetro { $number }
thread-send-template = Enviar modelo
