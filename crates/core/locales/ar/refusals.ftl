# رفض نواة التطبيق: ما يقوله حين لا ينفّذ ما طُلب منه.

## Who may do what

refusal-label-not-yours = لا يضيف التصنيفات إلى هذه المحادثة إلا من أُسندت إليه (أو أحد المسؤولين)
refusal-admins-manage-labels = لا يدير التصنيفات إلا المسؤولون
refusal-admins-manage-lists = لا يدير القوائم إلا المسؤولون: الردود الجاهزة والفرق وصناديق الوارد
refusal-move-team-not-allowed = لا ينقل المحادثة إلى فريق آخر إلا من أُسندت إليه أو قائد الفريق أو أحد المسؤولين
refusal-other-queues = لا يرى قوائم انتظار موظفي الدعم الآخرين إلا المسؤولون والمراقبون وقادة الفرق
refusal-claim-before-reply = استلم المحادثة قبل الرد
refusal-role-cannot-reply = دورك لا يسمح بالرد
refusal-role-cannot-note = دورك لا يسمح بكتابة الملاحظات
refusal-not-yours-to-reply = هذه المحادثة ليست مسندة إليك، فلا يمكنك الرد فيها
refusal-not-yours-to-react = هذه المحادثة ليست مسندة إليك، فلا يمكنك التفاعل فيها
refusal-viewers-take-none = لا تُسند المحادثات إلى المراقبين
refusal-assign-not-allowed = لا يسند المحادثات إلا المسؤول أو قائد الفريق
refusal-snooze-not-yours = لا يؤجّل هذه المحادثة إلا من أُسندت إليه (أو قائد الفريق أو أحد المسؤولين)
refusal-snooze-only-open = لا يمكن تأجيل إلا المحادثة المفتوحة
refusal-wake-not-yours = لا يعيد هذه المحادثة قبل موعدها إلا من أُسندت إليه (أو قائد الفريق أو أحد المسؤولين)
refusal-unread-not-yours = لا يعلّم هذه المحادثة كغير مقروءة إلا من أُسندت إليه (أو أحد المسؤولين)
refusal-reports-not-allowed = التقارير للمسؤولين، ولقادة الفريق ومراقبيه على فريقهم فقط
refusal-admins-read-alerts = لا يقرأ تنبيهات WhatsApp إلا المسؤولون
refusal-admins-manage-team = لا يدير الفريق إلا المسؤولون

## Replies, notes, reactions and templates

refusal-resend-only-refused-text = لا يمكن إعادة إرسال إلا رد نصي رفضه WhatsApp
refusal-no-such-template = لا يوجد قالب معتمد بهذا الاسم وهذه اللغة
refusal-template-parameters = املأ جميع معاملات القالب
refusal-draft-too-long = لا تتجاوز المسودة 8192 حرفًا
refusal-message-empty = الرسالة فارغة
refusal-message-control-characters = تحتوي الرسالة على أحرف تحكم
refusal-message-too-long = الرسالة أطول من 4096 حرفًا
refusal-reaction-one-emoji = التفاعل رمز تعبيري واحد (أو فارغ لإزالته)
refusal-caption-too-long = لا يتجاوز الوصف 1024 حرفًا
refusal-reply-not-queued = تعذّر وضع الرد في قائمة الإرسال

## Reply buttons and lists

refusal-buttons-question-too-long = لا يتجاوز السؤال مع أزرار الرد 1024 حرفًا
refusal-list-label = تسمية زر القائمة من 1 إلى 20 حرفًا، في سطر واحد، دون أحرف تحكم
refusal-button-count = تضم الرسالة من 1 إلى 3 أزرار رد
refusal-row-count = تضم القائمة من 1 إلى 10 صفوف
refusal-button-title = عنوان الزر من 1 إلى 20 حرفًا، في سطر واحد، دون أحرف تحكم
refusal-row-title = عنوان الصف من 1 إلى 24 حرفًا، في سطر واحد، دون أحرف تحكم
refusal-choices-unique = يجب أن يختلف عنوان كل خيار عن عناوين الخيارات الأخرى

## Lists, pages and searches

refusal-page-of-messages = تضم الصفحة من 1 إلى 200 رسالة
refusal-page-of-entries = تضم الصفحة من 1 إلى 100 إدخال
refusal-search-too-long = لا يتجاوز البحث 200 حرف
refusal-select-count = حدّد من 1 إلى 1000 محادثة
refusal-name-length = الاسم من 1 إلى 80 حرفًا
refusal-label-colour = يُكتب اللون بالرمز # متبوعًا بستة أرقام ست عشرية، مثل #1e88e5
refusal-shortcut = الاختصار من 1 إلى 32 حرفًا من a-z أو 0-9 أو - أو _، ويبدأ بحرف أو رقم

## Macros and service levels

refusal-macro-name-length = اسم الإجراء المجمّع من 1 إلى 80 حرفًا
refusal-macro-steps = يضم الإجراء المجمّع من 1 إلى 20 خطوة
refusal-macro-snooze-length = يمتد التأجيل من 1 ساعة إلى سنة
refusal-macro-step-labels = تغيّر الخطوة الواحدة 50 تصنيفًا على الأكثر
refusal-policy-name-length = اسم السياسة من 1 إلى 80 حرفًا
refusal-policy-scope = تُطبَّق السياسة على صندوق وارد واحد أو فريق واحد أو تصنيف واحد، أو على كل شيء
refusal-policy-no-target = تحدد السياسة هدفًا واحدًا على الأقل
refusal-policy-target-range = الهدف من دقيقة واحدة إلى 90 يومًا

## Business hours

refusal-unknown-time-zone = منطقة زمنية غير معروفة
refusal-too-many-shifts = 50 فترة عمل في الأسبوع على الأكثر
refusal-too-many-holidays = 400 عطلة على الأكثر
refusal-shift-times = أوقات فترة العمل بصيغة HH:MM، من 00:00 إلى 24:00
refusal-shift-opens-before-midnight = تبدأ فترة العمل قبل 24:00
refusal-holiday-date = العطلة تاريخ بصيغة YYYY-MM-DD

## Files and media

refusal-no-downloaded-media = لم يتم تنزيل وسائط هذه الرسالة
refusal-download-limit-range = حد التنزيل ما بين 1 MB و100 MB
refusal-too-many-same-name = يوجد عدد كبير جدًا من الملفات بهذا الاسم في المجلد
refusal-file-unreadable = تعذّرت قراءة الملف
refusal-file-grew = تجاوز الملف حد WhatsApp أثناء قراءته
refusal-file-empty = الملف فارغ
refusal-file-too-large-to-show = الملف أكبر من أن يُعرض هنا
refusal-file-is-program = هذا الملف برنامج، وليس مستندًا أو وسائط: لا يُرسل
refusal-file-name-characters = لا يجوز أن يحتوي اسم الملف على أحرف تحكم أو أحرف غير مرئية أو أحرف تغيّر اتجاه النص

## Signing in, the profile and the local copy

refusal-profile-name = لا يحتوي اسم الملف الشخصي إلا على الأحرف والأرقام و'-' و'_'
refusal-home-not-set = المتغير HOME غير معيّن
refusal-token-empty = رمز الدخول فارغ
refusal-account-damaged = ملف account.json الخاص بالملف الشخصي تالف؛ سجّل الدخول مرة أخرى
refusal-unknown-language = التطبيق غير متوفر بهذه اللغة
refusal-hub-url = يجب أن يبدأ عنوان URL للمركز بـ http:// أو https://
refusal-message-not-stored = تعذّر حفظ تفاصيل رسالة
refusal-reaction-not-stored = تعذّر حفظ تفاعل
refusal-request-not-written = تعذّر إعداد الطلب
