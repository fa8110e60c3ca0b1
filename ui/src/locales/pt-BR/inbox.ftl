# The left pane (who I am, the connection, search, the views, the list of
# conversations, bulk actions) and the inbox's notes.

## Who I am and the connection

inbox-sidebar = Conversas
inbox-role-admin = administrador
inbox-role-agent = atendente
inbox-role-viewer = observador
inbox-available = Disponível
inbox-away = Ausente
inbox-set-away = ficar ausente
inbox-set-available = ficar disponível
inbox-available-title = Você está recebendo novas conversas: clique para ficar ausente
inbox-away-title = Você não está recebendo novas conversas: clique para ficar disponível
inbox-team = Equipe
inbox-reports = Relatórios
inbox-online = online
inbox-offline = offline
inbox-connected = conectado
inbox-syncing = Sincronizando o histórico… { $percent }%
inbox-offline-note = Offline — mostrando a cópia local. { $reason }

## Search

inbox-search-placeholder = Pesquisar mensagens  ( / )
inbox-search = Pesquisar mensagens
inbox-search-results = Resultados da pesquisa
inbox-search-failed = A pesquisa falhou: { $error }
inbox-search-none = Nenhuma mensagem encontrada.
inbox-searching = Pesquisando…

## The views (lists of conversations) and their names

inbox-views = Visualizações
inbox-view-mine = Minhas
inbox-view-unassigned = Sem responsável
inbox-view-all = Todas
inbox-view-resolved = Resolvidas
inbox-view-snoozed = Adiadas
inbox-view-due-soon = Vencem em breve
inbox-view-overdue = Atrasadas
inbox-view-label-unknown = Etiqueta #{ $id }
inbox-view-team-queue = { $team }: fila
inbox-view-team = { $team }: todas
inbox-team-unknown = Equipe #{ $id }

## Bulk actions on the selected conversations

inbox-bulk = Conversas selecionadas
inbox-selected =
    { $count ->
        [one] { $count } selecionada
       *[other] { $count } selecionadas
    }
inbox-bulk-assign = Atribuir as conversas selecionadas
inbox-assign-to = Atribuir a…
inbox-back-to-queue = Devolver para a fila
inbox-agent-open =
    { $count ->
        [one] { $name } ({ $count } aberta)
       *[other] { $name } ({ $count } abertas)
    }
inbox-resolve = Resolver
inbox-bulk-snooze = Adiar as conversas selecionadas
inbox-snooze = Adiar…
inbox-bulk-label = Etiquetar as conversas selecionadas
inbox-label = Etiqueta…
inbox-bulk-transfer = Mover as conversas selecionadas para uma equipe
inbox-transfer-to = Transferir para…
inbox-select-all-title = Todas as conversas desta visualização carregadas até agora (*)
inbox-select-all = Selecionar todas
inbox-clear = Limpar

## The list of conversations

inbox-empty = Nada por aqui. As mensagens dos clientes aparecem nas visualizações acima.
inbox-list = Conversas desta visualização
inbox-pick = Selecionar { $name }
inbox-pick-title = Selecionar (x); Shift: todas as linhas desde a última selecionada (Shift+X)
inbox-window-closing = a janela de 24 horas fecha em breve
inbox-row-due = { $what }: vence { $at }
inbox-row-snoozed-until = Adiada até { $at }
inbox-row-snoozed-reply-title = Adiada até o cliente escrever
inbox-row-snoozed-reply = resposta
inbox-unread =
    { $count ->
        [one] { $count } não lida
       *[other] { $count } não lidas
    }
inbox-row-inbox = Enviada para { $inbox }
inbox-load-more = Carregar mais

## The status line

inbox-status-synced = sincronizado { $ago }
inbox-status-connecting = conectando…
inbox-status-last-synced = última sincronização { $ago }
inbox-outbox = { $count } na fila de envio
inbox-failed =
    { $count ->
        [one] { $count } não enviada
       *[other] { $count } não enviadas
    }
inbox-sign-out = Sair
inbox-shortcuts = Atalhos de teclado

## Notes after an action

inbox-signed-out = Você saiu. A cópia local neste computador foi apagada.
inbox-macro-ran =
    { $count ->
        [one] “{ $name }” executada em { $count } conversa; { $details }
       *[other] “{ $name }” executada em { $count } conversas; { $details }
    }
inbox-macro-queued =
    { $count ->
        [one] { $count } etapa aguarda o hub e será executada quando ele responder
       *[other] { $count } etapas aguardam o hub e serão executadas quando ele responder
    }
inbox-macro-refused =
    { $count ->
        [one] { $count } etapa não foi feita: { $reason }
       *[other] { $count } etapas não foram feitas: { $reason }
    }
inbox-macro-both = { $queued }; { $refused }
inbox-bulk-refused =
    { $refused ->
        [one] Alteradas: { $done }; { $refused } de { $total } ficou como estava: { $reason }
       *[other] Alteradas: { $done }; { $refused } de { $total } ficaram como estavam: { $reason }
    }
