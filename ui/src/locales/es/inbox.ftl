# The left pane (who I am, the connection, search, the views, the list of
# conversations, bulk actions) and the inbox's notes.

## Who I am and the connection

inbox-sidebar = Conversaciones
inbox-role-admin = administrador
inbox-role-agent = agente
inbox-role-viewer = observador
inbox-available = Disponible
inbox-away = Ausente
inbox-set-away = ponerme ausente
inbox-set-available = ponerme disponible
inbox-available-title = Recibes conversaciones nuevas: haz clic para ponerte ausente
inbox-away-title = No recibes conversaciones nuevas: haz clic para ponerte disponible
inbox-team = Equipo
inbox-reports = Informes
inbox-online = en línea
inbox-offline = sin conexión
inbox-connected = conectado
inbox-syncing = Sincronizando el historial… { $percent }%
inbox-offline-note = Sin conexión: se muestra la copia local. { $reason }

## Search

inbox-search-placeholder = Buscar mensajes  ( / )
inbox-search = Buscar mensajes
inbox-search-results = Resultados de búsqueda
inbox-search-failed = La búsqueda falló: { $error }
inbox-search-none = Ningún mensaje coincide.
inbox-searching = Buscando…

## The views (lists of conversations) and their names

inbox-views = Vistas
inbox-view-mine = Mías
inbox-view-unassigned = Sin asignar
inbox-view-all = Todas
inbox-view-resolved = Resueltas
inbox-view-snoozed = Pospuestas
inbox-view-due-soon = Vencen pronto
inbox-view-overdue = Vencidas
inbox-view-label-unknown = Etiqueta #{ $id }
inbox-view-team-queue = { $team }: cola
inbox-view-team = { $team }: todas
inbox-team-unknown = Equipo #{ $id }

## Bulk actions on the selected conversations

inbox-bulk = Conversaciones seleccionadas
inbox-selected =
    { $count ->
        [one] { $count } seleccionada
       *[other] { $count } seleccionadas
    }
inbox-bulk-assign = Asignar las conversaciones seleccionadas
inbox-assign-to = Asignar a…
inbox-back-to-queue = Devolver a la cola
inbox-agent-open =
    { $count ->
        [one] { $name } ({ $count } abierta)
       *[other] { $name } ({ $count } abiertas)
    }
inbox-resolve = Resolver
inbox-bulk-snooze = Posponer las conversaciones seleccionadas
inbox-snooze = Posponer…
inbox-bulk-label = Etiquetar las conversaciones seleccionadas
inbox-label = Etiqueta…
inbox-bulk-transfer = Mover las conversaciones seleccionadas a un equipo
inbox-transfer-to = Transferir a…
inbox-select-all-title = Todas las conversaciones de esta vista cargadas hasta ahora (*)
inbox-select-all = Seleccionar todas
inbox-clear = Borrar selección

## The list of conversations

inbox-empty = No hay nada aquí. Los mensajes de los clientes aparecen en las vistas de arriba.
inbox-list = Conversaciones de esta vista
inbox-pick = Seleccionar { $name }
inbox-pick-title = Seleccionar (x); Shift: todas las filas desde la última seleccionada (Shift+X)
inbox-window-closing = la ventana de 24 horas cierra pronto
inbox-row-due = { $what }: vence { $at }
inbox-row-snoozed-until = Pospuesta hasta { $at }
inbox-row-snoozed-reply-title = Pospuesta hasta que el cliente escriba
inbox-row-snoozed-reply = respuesta
inbox-unread =
    { $count ->
        [one] { $count } sin leer
       *[other] { $count } sin leer
    }
inbox-row-inbox = Escrito a { $inbox }
inbox-load-more = Cargar más

## The status line

inbox-status-synced = sincronizado { $ago }
inbox-status-connecting = conectando…
inbox-status-last-synced = última sincronización { $ago }
inbox-outbox = { $count } en cola
inbox-failed =
    { $count ->
        [one] { $count } sin enviar
       *[other] { $count } sin enviar
    }
inbox-sign-out = Cerrar sesión
inbox-shortcuts = Atajos de teclado

## Notes after an action

inbox-signed-out = Sesión cerrada. Se borró la copia local de esta computadora.
inbox-macro-ran =
    { $count ->
        [one] «{ $name }» se ejecutó en { $count } conversación; { $details }
       *[other] «{ $name }» se ejecutó en { $count } conversaciones; { $details }
    }
inbox-macro-queued =
    { $count ->
        [one] { $count } paso espera al hub y se hará cuando responda
       *[other] { $count } pasos esperan al hub y se harán cuando responda
    }
inbox-macro-refused =
    { $count ->
        [one] { $count } paso quedó sin hacer: { $reason }
       *[other] { $count } pasos quedaron sin hacer: { $reason }
    }
inbox-macro-both = { $queued }; { $refused }
inbox-bulk-refused =
    { $refused ->
        [one] Cambiadas: { $done }; { $refused } de { $total } quedó como estaba: { $reason }
       *[other] Cambiadas: { $done }; { $refused } de { $total } quedaron como estaban: { $reason }
    }
