# The workspace (before it: a store that cannot open), signing out, the
# keyboard shortcuts (`?`) and the command palette (Ctrl+K).

## A store that cannot open, and the start

app-fatal-title = O Switchboard não conseguiu iniciar
app-rebuild = Recriar a cópia local a partir do hub
app-opening = Abrindo…

## The workspace

app-pane-conversation = Conversa
app-pick-conversation = Escolha uma conversa · { $key } mostra os atalhos

## Signing out

app-sign-out-title = Sair?
app-sign-out-erases = A cópia local das suas conversas neste computador será apagada; elas continuam no hub.
app-sign-out-unsent = { $reason }.
app-sign-out-discard = Sair e descartar as respostas
app-sign-out-confirm = Sair
app-cancel = Cancelar

## Keyboard shortcuts: each key and what it does

app-shortcuts-title = Atalhos de teclado
app-close = Fechar
app-shortcut-search = pesquisar mensagens
app-shortcut-move-keys = j  k  ou  ↓  ↑
app-shortcut-move = mover na lista (ou nos resultados da pesquisa)
app-shortcut-open = abrir a conversa (ou o resultado da pesquisa, na mensagem encontrada)
app-shortcut-reply = responder
app-shortcut-quote = responder citando a última mensagem do cliente
app-shortcut-claim = assumir
app-shortcut-assign = atribuir (administradores)
app-shortcut-resolve = resolver ou reabrir
app-shortcut-unread = marcar como não lida (deixar para depois)
app-shortcut-contact = mostrar ou ocultar o contato
app-shortcut-select = selecionar a conversa no cursor (Shift+X: todas as linhas desde a última selecionada)
app-shortcut-select-all = selecionar todas as conversas da visualização
app-shortcut-macro = executar uma macro nas conversas selecionadas (ou na conversa aberta)
app-shortcut-back = voltar
app-shortcut-help = esta lista

## The command palette: the team's macros

app-palette = Paleta de comandos
app-palette-run =
    { $count ->
        [one] Executar uma macro em { $count } conversa…
       *[other] Executar uma macro em { $count } conversas…
    }
app-palette-none = Selecione ou abra uma conversa primeiro
app-palette-macro = Macro a executar
app-palette-macros = Macros
app-palette-empty = Nenhuma macro ainda: um administrador pode criá-las em Equipe → Macros.
app-palette-no-match = Nenhuma macro encontrada.
app-palette-step-label = etiquetar
app-palette-step-assign = atribuir
app-palette-step-reply = responder
app-palette-step-note = nota
app-palette-step-snooze = adiar
app-palette-step-resolve = resolver
