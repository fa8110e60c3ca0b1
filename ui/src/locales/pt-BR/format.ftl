# Palavras da formatação compartilhada (lib/format.ts): estados de entrega,
# tempos curtos, tipos de mensagem, tamanhos de arquivo, durações, opções
# de adiar e prazos do nível de serviço. Datas e horas usam as palavras do
# próprio sistema, não estas.

## Status de entrega, em palavras

format-tick-queued = aguardando chegar ao hub
format-tick-pending = enviando
format-tick-unknown = pode não ter sido enviada: confirme com o cliente antes de reenviar
format-tick-sent = enviada
format-tick-delivered = entregue
format-tick-read = lida
format-tick-failed = não enviada

## Tempo restante na janela de 24 horas

format-window-hours-minutes = { $hours }h { $minutes }min
format-window-minutes = { $minutes }min

## Quem está com a conversa

format-assignee-none = Sem responsável
format-assignee-you = Você
format-assignee-agent = Atendente nº { $id }

## Separadores de dia na conversa

format-day-today = Hoje
format-day-yesterday = Ontem

## Há quanto tempo

format-ago-now = agora mesmo
format-ago-seconds = há { $count } s
format-ago-minutes = há { $count } min
format-ago-hours = há { $count } h

## O que é uma mensagem sem texto

format-kind-image = Foto
format-kind-document = Documento
format-kind-audio = Mensagem de voz
format-kind-video = Vídeo
format-kind-sticker = Figurinha
format-kind-location = Localização
format-kind-contacts = Cartão de contato
format-kind-reaction = Reação
format-kind-template = Modelo
format-kind-call = Chamada de voz
format-kind-interactive = Uma resposta por botões ou lista
format-kind-button = Um toque em botão
format-kind-other = Uma mensagem que o WhatsApp não repassa ({ $kind })

## Tamanhos de arquivo

format-size-bytes = { $size } B
format-size-kilobytes = { $size } KB
format-size-megabytes = { $size } MB

## Durações

format-duration-seconds = { $seconds } s
format-duration-minutes = { $minutes } min
format-duration-minutes-seconds = { $minutes } min { $seconds } s
format-duration-hours = { $hours } h
format-duration-hours-minutes = { $hours } h { $minutes } min
format-duration-days = { $days } d
format-duration-days-hours = { $days } d { $hours } h

## Menu de adiar

format-snooze-hour = Daqui a uma hora
format-snooze-tomorrow = Amanhã
format-snooze-next-week = Próxima semana
format-snooze-until-reply = Até o cliente escrever

## Metas do nível de serviço: tempo restante ou atraso

format-due-left-minutes = vence em { $minutes }min
format-due-left-hours = vence em { $hours }h { $minutes }min
format-due-left-days = vence em { $days }d
format-due-overdue-minutes = atrasada há { $minutes }min
format-due-overdue-hours = atrasada há { $hours }h { $minutes }min
format-due-overdue-days = atrasada há { $days }d
format-due-first-response = Primeira resposta
format-due-next-response = Próxima resposta
format-due-resolution = Resolução
format-due-other = Uma meta

## Dates and times when the chosen language is not the system's: names
## separated by |, Sunday first; the clock (12 or 24); the order of day,
## month and year (dmy, mdy or ymd) as the app writes dates. Not words to
## translate freely: the app reads them.

format-months = janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro
format-months-short = jan|fev|mar|abr|mai|jun|jul|ago|set|out|nov|dez
format-weekdays = domingo|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|sábado
format-clock = 24
format-am = AM
format-pm = PM
format-date-order = dmy
