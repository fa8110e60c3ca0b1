# A caixa de resposta, as opções enviadas com uma resposta e o que o
# WhatsApp recusaria nelas.

## Um colega estava digitando na mesma conversa

composer-over-typing = { $name } estava digitando aqui agora há pouco. Enviar mesmo assim?
composer-send-anyway = Enviar mesmo assim
composer-wait = Esperar

## Citando uma mensagem

composer-replying-to-customer = Respondendo ao cliente:
composer-replying-to-team = Respondendo à sua equipe:
composer-unquote = Não citar esta mensagem

## Sugestões enquanto digita (@ e /)

composer-mention-list = Colegas para mencionar
composer-canned-list = Respostas prontas

## Arquivos enviados com a resposta

composer-files = Arquivos para enviar
composer-kind-audio = Áudio
composer-remove-file = Remover { $name }
composer-pasted-file-name = colado

## A caixa

composer-placeholder-note = Uma nota para sua equipe (o cliente nunca vê); @nome avisa um colega
composer-placeholder-closed = A janela de 24 horas está fechada
composer-placeholder-question = Escreva a pergunta que as opções respondem…
composer-placeholder-caption = Adicione uma legenda (opcional)…
composer-placeholder-reply-from = Escreva uma resposta a partir de { $inbox }…
composer-placeholder-reply = Escreva uma resposta…
composer-label-note = Nota para a equipe
composer-label-reply = Resposta
composer-hint-note = Enter adiciona a nota · Shift+Enter nova linha · / respostas prontas
composer-hint-reply = Enter envia · Shift+Enter nova linha · / respostas prontas · cole ou solte arquivos
composer-counter = { $length } / { $limit }
composer-counter-caption = { $length } / { $limit } (legenda)

## Botões

composer-add-note = Adicionar nota
composer-attach = Anexar um arquivo
composer-attach-title = Anexar um arquivo (imagem, documento, áudio, vídeo)
composer-add-choices = Adicionar opções para o cliente tocar
composer-add-choices-title = Botões de resposta ou uma lista para o cliente tocar
composer-choices-no-quote = Uma resposta com opções não pode citar uma mensagem
composer-send = Enviar

## Opções para o cliente tocar (botões de resposta ou lista)

composer-choices-legend = Opções para o cliente tocar
composer-choices-how = Como as opções aparecem
composer-as-buttons = Botões de resposta (até { $count })
composer-as-list = Uma lista (até { $count ->
        [one] { $count } linha
       *[other] { $count } linhas
    })
composer-list-label = Botão que abre a lista
composer-list-label-default = Escolher
composer-row-placeholder = Linha { $number } (até { $count ->
        [one] { $count } caractere
       *[other] { $count } caracteres
    })
composer-button-placeholder = Botão { $number } (até { $count ->
        [one] { $count } caractere
       *[other] { $count } caracteres
    })
composer-row = Linha { $number }
composer-button = Botão { $number }
composer-remove-row = Remover linha { $number }
composer-remove-button = Remover botão { $number }
composer-add-row = Adicionar uma linha
composer-add-button = Adicionar um botão
composer-drop-choices = Enviar sem opções
composer-choices-help = A resposta acima é a pergunta; o toque do cliente volta como a resposta dele.

## O que o WhatsApp recusaria, dito enquanto você digita

composer-problem-no-question = Escreva a pergunta que as opções respondem.
composer-problem-question-long-list = Uma pergunta com lista tem no máximo { $count ->
        [one] { $count } caractere
       *[other] { $count } caracteres
    }.
composer-problem-question-long-buttons = Uma pergunta com botões de resposta tem no máximo { $count ->
        [one] { $count } caractere
       *[other] { $count } caracteres
    }.
composer-problem-list-label = O rótulo do botão da lista tem de { $min } a { $count } caracteres.
composer-problem-rows = Uma lista tem de { $min } a { $count } linhas.
composer-problem-buttons = Uma mensagem tem de { $min } a { $count } botões de resposta.
composer-problem-row = Linha { $number }: de { $min } a { $count } caracteres, em uma só linha.
composer-problem-button = Botão { $number }: de { $min } a { $count } caracteres, em uma só linha.
composer-problem-twice = “{ $choice }” aparece duas vezes: cada opção precisa ser diferente.
