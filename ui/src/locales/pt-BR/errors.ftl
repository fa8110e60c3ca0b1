# Recusas do hub e do app, pelo código.

error-window_closed = a janela de 24 horas do cliente fechou: só é possível enviar um modelo aprovado
error-marketing_opt_out = o cliente pediu para não receber mensagens de marketing: envie um modelo de utilidade ou espere ele escrever
error-template_not_for_inbox = esse modelo foi aprovado para outro número da empresa, não para o desta conversa
error-unknown_template = nenhum modelo aprovado tem esse nome e idioma
error-unknown_attachment = nenhum arquivo enviado tem esse identificador nesta conversa
error-rate_limited = pedidos demais: tente de novo daqui a pouco
error-unavailable = o armazenamento do hub está fora do ar agora: tente de novo daqui a pouco
error-offline = o hub está fora de alcance; você está trabalhando offline
