# Recusas do hub e do app, pelo código.

error-window_closed = a janela de 24 horas do cliente fechou: só é possível enviar um modelo aprovado
error-marketing_opt_out = o cliente pediu para não receber mensagens de marketing: envie um modelo de utilidade ou espere ele escrever
error-template_not_for_inbox = esse modelo foi aprovado para outro número da empresa, não para o desta conversa
error-unknown_template = nenhum modelo aprovado tem esse nome e idioma
error-unknown_attachment = nenhum arquivo enviado tem esse identificador nesta conversa
error-rate_limited = pedidos demais: tente de novo daqui a pouco
error-unavailable = o armazenamento do hub está fora do ar agora: tente de novo daqui a pouco
error-offline = o hub está fora de alcance; você está trabalhando offline

## As outras recusas do hub, por código.

error-forbidden = você não pode fazer isso: sua função não permite, ou a conversa não está com você
error-not_found = isso não existe mais: talvez alguém tenha acabado de removê-lo
error-conflict = isso entra em conflito com uma alteração que o hub já tem: confira de novo e tente outra vez
error-duplicate_name = esse nome já está em uso: escolha outro
error-last_admin = a equipe precisa manter pelo menos um administrador ativo
error-own_admin = você não pode desativar a si mesmo nem tirar sua própria função de administrador: peça a outro administrador
error-team_not_empty = a equipe ainda tem conversas ou caixas de entrada: passe-as para outra equipe antes
error-already_assigned = outro atendente acabou de assumir esta conversa
error-bad_request = o hub não entendeu o pedido: atualize o app ou avise o administrador
error-internal = o hub não conseguiu concluir o pedido: tente de novo e avise o administrador se continuar falhando
error-busy = o hub está ocupado: tente de novo em instantes
error-not_ready = o hub está iniciando ou parando e não aceita alterações agora: tente de novo daqui a pouco
error-too_large = isso é maior do que o hub aceita
error-upload_quota = você tem arquivos demais esperando envio: envie-os ou espere um dia até eles expirarem
error-too_many_uploads = uploads demais ao mesmo tempo: espere um terminar
error-too_many_downloads = downloads demais ao mesmo tempo: espere um terminar
error-too_many_streams = esta sessão tem conexões abertas demais com o hub: feche outra janela do app
error-body_timeout = o upload ficou lento demais e foi interrompido: verifique a conexão e tente de novo
error-unsupported_type = o WhatsApp não aceita arquivos deste tipo
error-invalid_file = o nome ou o conteúdo do arquivo não corresponde ao tipo dele
error-attachment_used = esse arquivo já foi enviado: anexe-o de novo
error-invalid_message = esse tipo de mensagem não pode ser enviado dessa forma
error-invalid_text = o texto está vazio ou longo demais
error-invalid_caption = a legenda está longa demais
error-invalid_choices = os botões de resposta ou a lista não são válidos: confira quantos são, os títulos e o tamanho deles
error-invalid_reaction = essa reação não pode ser enviada
error-template_parameters = os campos não correspondem ao modelo: preencha cada um, sem quebras de linha
error-invalid_assignee = essa pessoa não pode ficar com esta conversa: é um observador ou não faz parte da equipe da conversa
error-invalid_bulk = escolha de 1 a 1.000 conversas
error-invalid_labels = uma conversa tem no máximo 50 etiquetas
error-unknown_label = essa etiqueta não existe mais
error-invalid_snooze = dá para adiar até um momento no futuro, em no máximo um ano
error-not_open = só uma conversa aberta pode ser adiada
error-invalid_team = essa equipe não existe mais
error-invalid_inbox = isso não é o identificador de um número da empresa
error-invalid_name = um nome tem de 1 a 80 caracteres, sem caracteres de controle ou invisíveis
error-invalid_colour = uma cor é # seguido de seis dígitos hexadecimais, como #1e88e5
error-invalid_shortcut = um atalho tem de 1 a 32 caracteres entre a-z, 0-9, - e _, e começa com letra ou número
error-invalid_note = a nota da transferência está vazia ou longa demais
error-invalid_hours = o horário de funcionamento não é válido: confira os horários de cada dia
error-invalid_policy = a política de nível de serviço não é válida: confira o nome e as metas
error-invalid_macro = a macro não é válida: confira o nome e os passos
