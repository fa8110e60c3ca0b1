# A tela Equipe (administradores; os líderes de uma equipe veem os relatórios dela):
# atendentes e seus tokens, equipes e caixas de entrada, horário de atendimento,
# níveis de serviço, macros, registro de auditoria, alertas do WhatsApp,
# respostas prontas, etiquetas e relatórios.

## A tela e suas abas

admin-team = Equipe
admin-team-screens = Telas da equipe
admin-tab-agents = Atendentes
admin-tab-teams = Equipes e caixas de entrada
admin-tab-sla = Níveis de serviço
admin-tab-macros = Macros
admin-tab-audit = Registro de auditoria
admin-tab-alerts = Alertas do WhatsApp
admin-tab-canned = Respostas prontas
admin-tab-labels = Etiquetas
admin-tab-reports = Relatórios
admin-back-to-inbox = Voltar às conversas

## Palavras usadas em várias abas

admin-col-name = Nome
admin-col-actions = Ações
admin-edit = Editar
admin-delete = Excluir
admin-remove = Remover
admin-save = Salvar
admin-cancel = Cancelar
admin-close = Fechar
admin-load-more = Carregar mais

## Atendentes e seus tokens

admin-token-issued = Token de { $name }. Ele só aparece agora: entregue-o à pessoa, que vai colá-lo ao entrar.
admin-token-copy = Copiar
admin-token-copied = Copiado
admin-token-done = Pronto
admin-clipboard-failed = não foi possível usar a área de transferência: selecione o token e copie-o
admin-col-role = Função
admin-col-status = Status
admin-col-open = Abertas
admin-role-agent = atendente
admin-role-admin = administrador
admin-role-viewer = observador
admin-status-disabled = desativado
admin-status-available = disponível
admin-status-away = ausente
admin-issue-token = Novo token
admin-revoke-tokens = Revogar tokens
admin-enable = Ativar
admin-disable = Desativar
admin-agent-new-name = Nome do novo atendente
admin-agent-add = Adicionar atendente

## Equipes e caixas de entrada

admin-inboxes = Caixas de entrada
admin-col-number = Número
admin-col-team = Equipe
admin-col-hours = Horário
admin-inbox-name-of = Nome da caixa de entrada { $id }
admin-inbox-team-of = Equipe da caixa de entrada { $name }
admin-inbox-no-team = Sem equipe: fila de todos os atendentes
admin-hours-summary =
    { $count ->
        [one] { $count } turno
       *[other] { $count } turnos
    }, { $zone }
admin-hours-always-open = Sempre aberto
admin-hours-has-away-reply = resposta de ausência
admin-hours-has-greeting = saudação
admin-inboxes-empty = Nenhum cliente escreveu ainda.
admin-teams = Equipes
admin-team-name-of = Nome da equipe { $name }
admin-team-delete-hint = Só dá para excluir uma equipe sem conversas e sem caixa de entrada
admin-col-person = Pessoa
admin-col-in-team = Na equipe
admin-col-leads = É líder
admin-member-in = { $name } na equipe { $team }
admin-member-leads = { $name } lidera a equipe { $team }
admin-teams-empty = Nenhuma equipe: todo atendente vê a fila de todos os números. Adicione uma equipe, coloque pessoas nela e direcione uma caixa de entrada para ela.
admin-team-name = Nome da equipe
admin-team-new-name = Nome da nova equipe
admin-team-add = Adicionar equipe

## Horário e respostas automáticas de uma caixa de entrada

admin-hours-of = Horário de atendimento de { $name }
admin-hours-title = Horário e respostas automáticas: { $name }
admin-hours-on = Horário de atendimento (senão, sempre aberto)
admin-hours-zone = Fuso horário
admin-hours-openings = Horário de funcionamento
admin-day-mon = Segunda-feira
admin-day-tue = Terça-feira
admin-day-wed = Quarta-feira
admin-day-thu = Quinta-feira
admin-day-fri = Sexta-feira
admin-day-sat = Sábado
admin-day-sun = Domingo
admin-hours-opens = { $day }: abre
admin-hours-closes = { $day }: fecha
admin-hours-next-day = fecha no dia seguinte
admin-hours-holidays = Feriados (fechado o dia todo; uma data por linha, no formato AAAA-MM-DD)
admin-hours-away = Resposta de ausência (enviada uma vez, fora do horário, ao cliente que escrever)
admin-hours-greeting = Saudação (enviada ao cliente que iniciar uma nova conversa)
admin-hours-csat = Pesquisa de satisfação ao resolver (a pergunta; o cliente responde com um toque num dos três botões abaixo)
admin-hours-csat-answers = Os botões da pesquisa, no idioma dos seus clientes (até 20 caracteres cada)
admin-hours-csat-good = Bom
admin-hours-csat-ok = Regular
admin-hours-csat-poor = Ruim
# The buttons a new survey starts with (what the customer taps; each at most 20 characters).
admin-hours-csat-good-default = 😀 Bom
admin-hours-csat-ok-default = 😐 Regular
admin-hours-csat-poor-default = 🙁 Ruim

## Relatórios

admin-report-period = Período
admin-report-last-days =
    { $count ->
        [one] o último dia
       *[other] os últimos { $count } dias
    }
admin-report-every-team = todas as equipes
admin-report-inbox = Caixa de entrada
admin-report-every-number = todos os números
admin-report-export = Exportar CSV
admin-report-saved = Salvo em { $path }
admin-report-agent = Atendente
admin-report-replies = Respostas
admin-report-first-responses = Primeiras respostas
admin-report-first-response-median = Mediana da primeira resposta
admin-report-resolved = Resolvidas
admin-report-resolution-median = Mediana da resolução
admin-report-targets-met = Metas cumpridas
admin-report-targets-missed = Metas perdidas
admin-report-ratings = Avaliações (boa / OK / ruim)
admin-report-empty = Nada neste período.
admin-report-summary = Metas de nível de serviço que venceram no período: cumpridas { $met }, perdidas { $missed }. Respostas da pesquisa de satisfação: boas { $good }, OK { $ok }, ruins { $poor }.

## O gráfico do relatório

admin-chart-per-day = Por dia (UTC)
admin-chart-inbound = Mensagens de clientes
admin-chart-replies = Respostas
admin-chart-show-chart = Ver como gráfico
admin-chart-show-table = Ver como tabela
admin-chart-day = Dia (UTC)
admin-chart-new-conversations = Novas conversas
admin-chart-resolved = Resolvidas
admin-chart-label = Mensagens de clientes e respostas por dia
admin-chart-day-values =
    { $day }: { $inbound ->
        [one] { $inbound } mensagem
       *[other] { $inbound } mensagens
    } de clientes, { $replies ->
        [one] { $replies } resposta
       *[other] { $replies } respostas
    }

## Etiquetas

admin-labels-empty = Nenhuma etiqueta ainda.
admin-label = Etiqueta
admin-label-new-name = Nome da nova etiqueta
admin-label-colour = Cor
admin-label-add = Adicionar etiqueta

## Respostas prontas

admin-canned-shortcut = Atalho
admin-canned-text = Texto
admin-canned-empty = Nenhuma resposta pronta ainda.
admin-canned-name = Nome da resposta pronta
# Só letras minúsculas sem acento, algarismos, - e _.
admin-canned-shortcut-example = atalho
admin-canned-shortcut-label = Atalho (digitado depois de /)
admin-canned-text-example = Olá, { $name }, …
admin-canned-variables = { $name }, { $number } e { $agent } são preenchidos quando um atendente insere a resposta.
admin-canned-add = Adicionar resposta pronta

## Alertas do WhatsApp e registro de auditoria

admin-alerts-empty = O WhatsApp não enviou nenhum alerta.
admin-audit-empty = Nada ainda.
admin-audit-hub = o hub
admin-audit-agent = atendente nº { $id }

## Níveis de serviço

admin-sla-policies = Políticas de nível de serviço
admin-sla-help = As metas contam o horário de atendimento da caixa de entrada da conversa. Vale a política mais específica: a de uma etiqueta, depois a de uma equipe, depois a de uma caixa de entrada e, por fim, a de todas as conversas.
admin-sla-applies-to = Vale para
admin-sla-first-response = Primeira resposta
admin-sla-next-response = Próxima resposta
admin-sla-resolution = Resolução
admin-sla-empty = Nenhuma política: as conversas não têm metas.
admin-sla-change = Alterar a política
admin-sla-new = Nova política
admin-sla-scope-all = Todas as conversas
admin-sla-scope-inbox = Caixa de entrada { $name }
admin-sla-scope-team = Equipe { $name }
admin-sla-scope-label = Etiqueta { $name }
admin-sla-first-within = Primeira resposta em até (minutos)
admin-sla-next-within = Próxima resposta em até (minutos)
admin-sla-resolution-within = Resolução em até (horas)
admin-sla-add = Adicionar política

## Macros

admin-macros = Macros
admin-macros-help = Quem pode agir numa conversa executa uma macro pela paleta de comandos ({ $keys }) nas conversas selecionadas. As respostas podem usar { $name }, { $number } e { $agent }.
admin-macros-empty = Nenhuma macro ainda.
admin-macro-change = Alterar a macro
admin-macro-new = Nova macro
admin-macro-assign-to = Atribuir a
admin-macro-back-to-queue = Devolver para a fila
admin-macro-reply = Resposta
admin-macro-note = Nota
admin-macro-snooze-for = Adiar por (horas; vazio: até o cliente escrever)
admin-macro-remove-step = Remover o passo { $position }
admin-macro-add-step = Adicionar um passo
admin-macro-choose = Escolha…
admin-macro-add = Adicionar macro
admin-macro-kind-label = Adicionar uma etiqueta
admin-macro-kind-assign = Atribuir
admin-macro-kind-reply = Responder
admin-macro-kind-note = Nota privada
admin-macro-kind-snooze = Adiar
admin-macro-kind-resolve = Resolver
admin-macro-step-label = etiqueta { $labels }
admin-macro-step-unassign = devolver para a fila
admin-macro-step-assign = atribuir a { $name }
admin-macro-step-reply = responder “{ $text }”
admin-macro-step-note = nota “{ $text }”
admin-macro-step-snooze = adiar { $hours } h
admin-macro-step-snooze-until-reply = adiar até o cliente escrever
admin-macro-step-resolve = resolver
