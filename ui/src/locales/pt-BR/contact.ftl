# O painel do contato: quem é o cliente e em que pé está a conversa.

contact-pane = Contato
contact-hide = Ocultar dados do contato
contact-number = Número
contact-assigned-to = Atribuída a
contact-status = Status
contact-resolved = Resolvida
contact-open = Aberta
contact-window = Janela de 24 horas
contact-window-open = aberta, fecha em { $left }
contact-window-closed = fechada: só modelos
contact-last-inbound = Última mensagem do cliente
contact-marketing = Mensagens de marketing
contact-opted-out = pediu para não receber em { $date }: nenhum modelo de marketing
contact-not-opted-out = não pediu para deixar de receber
