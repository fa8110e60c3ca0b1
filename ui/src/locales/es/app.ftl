# The workspace (before it: a store that cannot open), signing out, the
# keyboard shortcuts (`?`) and the command palette (Ctrl+K).

## A store that cannot open, and the start

app-fatal-title = Switchboard no puede iniciarse
app-rebuild = Reconstruir la copia local desde el hub
app-opening = Abriendo…

## The workspace

app-pane-conversation = Conversación
app-pick-conversation = Elige una conversación · { $key } muestra los atajos

## Signing out

app-sign-out-title = ¿Cerrar sesión?
app-sign-out-erases = Se borrará la copia local de tus conversaciones en esta computadora; seguirán en el hub.
app-sign-out-unsent = { $reason }.
app-sign-out-discard = Cerrar sesión y descartarlas
app-sign-out-confirm = Cerrar sesión
app-cancel = Cancelar

## Keyboard shortcuts: each key and what it does

app-shortcuts-title = Atajos de teclado
app-close = Cerrar
app-shortcut-search = buscar mensajes
app-shortcut-move-keys = j  k  o  ↓  ↑
app-shortcut-move = moverse por la lista (o por los resultados de búsqueda)
app-shortcut-open = abrir la conversación (o el resultado de búsqueda, en su mensaje)
app-shortcut-reply = responder
app-shortcut-quote = responder citando el último mensaje del cliente
app-shortcut-claim = tomar
app-shortcut-assign = asignar (administradores)
app-shortcut-resolve = resolver o reabrir
app-shortcut-unread = marcar como no leída (dejarla para después)
app-shortcut-contact = mostrar u ocultar el contacto
app-shortcut-select = seleccionar la conversación del cursor (Shift+X: todas las filas desde la última seleccionada)
app-shortcut-select-all = seleccionar todas las conversaciones de la vista
app-shortcut-macro = ejecutar una macro en las conversaciones seleccionadas (o en la abierta)
app-shortcut-back = volver
app-shortcut-help = esta lista

## The command palette: the team's macros

app-palette = Paleta de comandos
app-palette-run =
    { $count ->
        [one] Ejecutar una macro en { $count } conversación…
       *[other] Ejecutar una macro en { $count } conversaciones…
    }
app-palette-none = Primero selecciona o abre una conversación
app-palette-macro = Macro que ejecutar
app-palette-macros = Macros
app-palette-empty = Aún no hay macros: un administrador las crea en Equipo → Macros.
app-palette-no-match = Ninguna macro coincide.
app-palette-step-label = etiquetar
app-palette-step-assign = asignar
app-palette-step-reply = responder
app-palette-step-note = nota
app-palette-step-snooze = posponer
app-palette-step-resolve = resolver
