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
shell-tray-open = فتح Switchboard
shell-tray-quit = إنهاء

# أخطاء النواة نفسها كما يعرضها التطبيق (يبقى السجل بالإنجليزية).
core-error-store = تعطّلت النسخة المحلية؛ راجع السجل
core-error-store-key = تعذّر فتح النسخة المحلية بالمفتاح المحفوظ في سلسلة المفاتيح (المفتاح خاطئ، أو هذه ليست نسخة من Switchboard)
core-error-store-damaged = لا يمكن فتح النسخة المحلية من محادثاتك. أعد بناءها من المركز: يُحتفظ بالملف التالف جانبًا
core-error-keyring-missing = لا تتوفر سلسلة مفاتيح: شغّل سلسلة مفاتيح النظام (مثل GNOME Keyring) وحاول مرة أخرى
core-error-keyring-locked = سلسلة المفاتيح مقفلة أو رفضت الوصول: افتح قفلها وحاول مرة أخرى
core-error-keyring-damaged = مفتاح النسخة المحلية في سلسلة المفاتيح تالف
core-error-keyring-failed = تعطّلت سلسلة المفاتيح؛ راجع السجل
core-error-not-signed-in = لم يُسجَّل الدخول إلى أي مركز على هذا الحاسوب
core-error-signed-out = لم يعد المركز يقبل تسجيل دخول هذا الحاسوب: مُحيت النسخة المحلية؛ سجّل الدخول مرة أخرى
core-error-offline = تعذّر الوصول إلى المركز؛ أنت تعمل دون اتصال
core-error-download-cap = حجم هذا الملف { $size } MB، وهو أكبر من حد التنزيل لديك البالغ { $limit } MB: ارفع الحد لتنزيله
core-error-not-found = لم يعد موجودًا
core-error-unsent-replies = { $count ->
    [zero] لا توجد ردود لم تصل إلى المركز بعد
    [one] لم يصل رد واحد إلى المركز بعد؛ تسجيل الخروج يمحوه مع النسخة المحلية
    [two] لم يصل ردّان إلى المركز بعد؛ تسجيل الخروج يمحوهما مع النسخة المحلية
    [few] لم تصل { $count } ردود إلى المركز بعد؛ تسجيل الخروج يمحوها مع النسخة المحلية
    [many] لم يصل { $count } ردًا إلى المركز بعد؛ تسجيل الخروج يمحوها مع النسخة المحلية
   *[other] لم يصل { $count } رد إلى المركز بعد؛ تسجيل الخروج يمحوها مع النسخة المحلية
}

# ملفات لا يقبلها WhatsApp ($kind هو image أو audio أو video أو document).
file-unsupported-type = لا يقبل WhatsApp ملفات من نوع { $type }: أرسل صور JPEG أو PNG، أو ملفات صوتية AAC أو AMR أو MP3 أو M4A أو OGG، أو فيديو MP4 أو 3GP، أو مستندات PDF أو نصية أو Office أو ZIP
file-too-large = حجم الملف { $size } MB، ويقبل WhatsApp { $kind ->
    [image] الصور
    [audio] الملفات الصوتية
    [video] مقاطع الفيديو
   *[document] المستندات
} حتى { $limit } MB
file-too-large-arriving = الملف أكبر مما يقبله WhatsApp: يقبل { $kind ->
    [image] الصور
    [audio] الملفات الصوتية
    [video] مقاطع الفيديو
   *[document] المستندات
} حتى { $limit } MB
file-wrong-ending = ينتهي اسم الملف من نوع { $type } بـ { $endings }
file-not-its-type = محتوى الملف ليس { $type }
