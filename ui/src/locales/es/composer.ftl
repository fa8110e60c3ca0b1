# La caja de respuesta, las opciones enviadas con una respuesta y lo que
# WhatsApp rechazaría en ellas.

## Un compañero estaba escribiendo en la misma conversación

composer-over-typing = { $name } estaba escribiendo aquí hace un momento. ¿Enviar de todos modos?
composer-send-anyway = Enviar de todos modos
composer-wait = Esperar

## Citar un mensaje

composer-replying-to-customer = Respondiendo al cliente:
composer-replying-to-team = Respondiendo a tu equipo:
composer-unquote = No citar este mensaje

## Sugerencias al escribir (@ y /)

composer-mention-list = Compañeros a mencionar
composer-canned-list = Respuestas rápidas

## Archivos enviados con la respuesta

composer-files = Archivos para enviar
composer-kind-audio = Audio
composer-remove-file = Quitar { $name }
composer-pasted-file-name = pegado

## La caja

composer-placeholder-note = Una nota para tu equipo (el cliente nunca la ve); @nombre avisa a un compañero
composer-placeholder-closed = La ventana de 24 horas está cerrada
composer-placeholder-question = Escribe la pregunta que responden las opciones…
composer-placeholder-caption = Añade una descripción (opcional)…
composer-placeholder-reply-from = Escribe una respuesta desde { $inbox }…
composer-placeholder-reply = Escribe una respuesta…
composer-label-note = Nota para el equipo
composer-label-reply = Respuesta
composer-hint-note = Enter añade la nota · Shift+Enter nueva línea · / respuestas rápidas
composer-hint-reply = Enter envía · Shift+Enter nueva línea · / respuestas rápidas · pega o suelta archivos
composer-counter = { $length } / { $limit }
composer-counter-caption = { $length } / { $limit } (descripción)

## Botones

composer-add-note = Añadir nota
composer-attach = Adjuntar un archivo
composer-attach-title = Adjuntar un archivo (imagen, documento, audio, video)
composer-add-choices = Añadir opciones para que el cliente toque
composer-add-choices-title = Botones de respuesta o una lista para que el cliente toque
composer-choices-no-quote = Una respuesta con opciones no puede citar un mensaje
composer-send = Enviar

## Opciones para que el cliente toque (botones de respuesta o lista)

composer-choices-legend = Opciones para que el cliente toque
composer-choices-how = Cómo se muestran las opciones
composer-as-buttons = Botones de respuesta (hasta { $count })
composer-as-list = Una lista (hasta { $count ->
        [one] { $count } fila
       *[other] { $count } filas
    })
composer-list-label = Botón que abre la lista
composer-list-label-default = Elegir
composer-row-placeholder = Fila { $number } (hasta { $count ->
        [one] { $count } carácter
       *[other] { $count } caracteres
    })
composer-button-placeholder = Botón { $number } (hasta { $count ->
        [one] { $count } carácter
       *[other] { $count } caracteres
    })
composer-row = Fila { $number }
composer-button = Botón { $number }
composer-remove-row = Quitar fila { $number }
composer-remove-button = Quitar botón { $number }
composer-add-row = Añadir una fila
composer-add-button = Añadir un botón
composer-drop-choices = Enviar sin opciones
composer-choices-help = La respuesta de arriba es la pregunta; lo que toque el cliente vuelve como su respuesta.

## Lo que WhatsApp rechazaría, dicho mientras escribes

composer-problem-no-question = Escribe la pregunta que responden las opciones.
composer-problem-question-long-list = Una pregunta con lista tiene como máximo { $count ->
        [one] { $count } carácter
       *[other] { $count } caracteres
    }.
composer-problem-question-long-buttons = Una pregunta con botones de respuesta tiene como máximo { $count ->
        [one] { $count } carácter
       *[other] { $count } caracteres
    }.
composer-problem-list-label = La etiqueta del botón de la lista tiene de { $min } a { $count } caracteres.
composer-problem-rows = Una lista tiene de { $min } a { $count } filas.
composer-problem-buttons = Un mensaje tiene de { $min } a { $count } botones de respuesta.
composer-problem-row = Fila { $number }: de { $min } a { $count } caracteres, en una sola línea.
composer-problem-button = Botón { $number }: de { $min } a { $count } caracteres, en una sola línea.
composer-problem-twice = «{ $choice }» está dos veces: cada opción debe ser distinta.
