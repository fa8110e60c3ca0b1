# إشعارات نواة التطبيق.

notice-queue-summary = { $count ->
    [zero] لا توجد محادثات جديدة في قائمة الانتظار
    [one] محادثة جديدة واحدة في قائمة الانتظار
    [two] محادثتان جديدتان في قائمة الانتظار
    [few] { $count } محادثات جديدة في قائمة الانتظار
    [many] { $count } محادثة جديدة في قائمة الانتظار
   *[other] { $count } محادثة جديدة في قائمة الانتظار
}
notice-mine-summary = { $count ->
    [zero] لا رسائل جديدة في محادثاتك
    [one] محادثة واحدة من محادثاتك فيها رسائل جديدة
    [two] محادثتان من محادثاتك فيهما رسائل جديدة
    [few] { $count } من محادثاتك فيها رسائل جديدة
    [many] { $count } من محادثاتك فيها رسائل جديدة
   *[other] { $count } من محادثاتك فيها رسائل جديدة
}
notice-more-summary = { $count ->
    [zero] لا محادثات أخرى تحتاجك
    [one] محادثة أخرى تحتاجك
    [two] محادثتان أخريان تحتاجانك
    [few] { $count } محادثات أخرى تحتاجك
    [many] { $count } محادثة أخرى تحتاجك
   *[other] { $count } محادثة أخرى تحتاجك
}
notice-assigned = أُسندت إليك: { $name }
notice-assigned-body = أسند إليك أحد الزملاء هذه المحادثة.
notice-mentioned = أشار إليك زميل: { $name }
notice-new-in-queue = جديدة في قائمة الانتظار: { $name }
notice-overdue = محادثة متأخرة عن موعدها
notice-due-soon = محادثة يحين موعدها قريبًا
notice-snooze-ended = عادت محادثة مؤجّلة
notice-whatsapp-alert = تنبيه من WhatsApp
notice-macro-partly = لم تُنفَّذ خطوة من إجراء مجمّع كانت بانتظار المركز
notice-macro-partly-body = { $refused } من { $count } محادثة: { $reason }
notice-macro-refused = رُفضت خطوة من إجراء مجمّع كانت بانتظار المركز
notice-new-activity = نشاط جديد

# The desktop shell's own windows.
shell-attach-title = إرفاق ملف
shell-save-title = حفظ الملف
