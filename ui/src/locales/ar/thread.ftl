# المحادثة المفتوحة: رأسها وإجراءاتها، رسائلها، اختيار القالب.

## الرسائل

thread-messages = الرسائل
thread-load-older = حمّل الرسائل الأقدم
thread-load-newer = حمّل الرسائل الأحدث
thread-jump-latest = انتقل إلى أحدث الرسائل
thread-new-messages = رسائل جديدة
thread-note-by-you = ملاحظة منك · لا يراها إلا فريقك
thread-note-by-colleague = ملاحظة من زميل · لا يراها إلا فريقك
thread-note-by = ملاحظة من { $name } · لا يراها إلا فريقك
thread-note-by-agent = ملاحظة من موظف الدعم #{ $id } · لا يراها إلا فريقك
thread-quote-reply = رد
thread-react = تفاعل
thread-react-with = تفاعل بـ
thread-react-with-emoji = تفاعل بـ { $emoji }
thread-automatic = أُرسلت تلقائيًا
thread-automatic-title = أرسلها Switchboard: رسالة الترحيب أو الرد خارج الدوام لهذا الرقم
thread-from-phone = من الهاتف
thread-from-phone-title = أُرسلت من تطبيق WhatsApp Business على هاتف النشاط التجاري
thread-edited = معدّلة
thread-unknown-outcome = فقد المركز رد WhatsApp: ربما وصلت هذه الرسالة إلى العميل وربما لم تصل. تحقّق معه قبل إرسالها مرة أخرى.
thread-write-again = اكتبها مرة أخرى
thread-retry = أعد المحاولة
thread-discard = احذف
thread-write = اكتب
thread-mode-reply = رد
thread-mode-note = ملاحظة
thread-claim = استلم هذه المحادثة لترد
thread-viewer-read-only = المراقبون يقرؤون فقط.
thread-assigned-elsewhere = مسندة إلى شخص آخر.
thread-presence-typing = { $name } يكتب…
thread-presence-viewing = { $name } يشاهد
thread-names-and = { $first } و{ $second }

## الرأس

thread-back = العودة إلى القائمة
thread-inbox-title = الرقم الذي راسله العميل
thread-hours-open = مفتوح
thread-hours-closed = مغلق
thread-hours-open-until = مفتوح حتى { $time }
thread-hours-closed-until = مغلق حتى { $time }
thread-due-title = مستحقة في { $time }
thread-due = { $target }: { $left }
thread-csat-title = إجابة العميل عن استطلاع الرضا
thread-rated-good = التقييم: 😀 جيد
thread-rated-ok = التقييم: 😐 مقبول
thread-rated-poor = التقييم: 🙁 ضعيف
thread-snoozed-until = مؤجلة حتى { $time }
thread-snoozed-until-reply = مؤجلة حتى يكتب العميل
thread-labels = التصنيفات
thread-no-labels = لا توجد تصنيفات بعد: يضيفها المسؤول من الفريق ← التصنيفات.
thread-window-closes = تُغلق النافذة خلال { $left }
thread-window-closed = النافذة مغلقة: القوالب فقط
thread-assignee = المسندة إليه
thread-unassigned = غير مسندة
thread-assignee-option = { $name } ({ $count ->
        [zero] لا محادثات مفتوحة
        [one] محادثة مفتوحة واحدة
        [two] محادثتان مفتوحتان
        [few] { $count } محادثات مفتوحة
        [many] { $count } محادثة مفتوحة
       *[other] { $count } محادثة مفتوحة
    })
thread-reopen = أعد الفتح
thread-resolve = أنهِ
thread-mark-unread = علّمها غير مقروءة
thread-mark-unread-title = اتركها لوقت لاحق (u)
thread-wake = ألغِ التأجيل
thread-snooze = أجّل
thread-snooze-menu = أجّل حتى
thread-snooze-at = حتى
thread-transfer = انقل
thread-contact = جهة الاتصال
thread-transfer-team = إلى الفريق
thread-transfer-note = ملاحظة لذلك الفريق (اختيارية)
thread-transfer-send = انقل

## ما تحمله الرسالة

thread-quote-customer = العميل
thread-quote-you = أنت
thread-deleted = حُذفت هذه الرسالة
thread-location = الموقع
thread-open-map = افتح في الخريطة
thread-contact-card = جهة اتصال
thread-unsupported = تعذّر على WhatsApp أن يعرض لنا هذه الرسالة. اطلب من العميل إرسالها بطريقة أخرى.
thread-unsupported-why = تعذّر على WhatsApp أن يعرض لنا هذه الرسالة ({ $reason }). اطلب من العميل إرسالها بطريقة أخرى.
thread-show-whole = اعرض الصورة كاملة
thread-document = مستند
thread-voice-message = رسالة صوتية
thread-show-image = اعرض الصورة
thread-show-sticker = اعرض الملصق
thread-play = شغّل
thread-save = احفظ
thread-downloading = جارٍ التنزيل من WhatsApp…
thread-download-failed = تعذّر تنزيل الملف من WhatsApp
thread-saved-to = حُفظ في { $path }
thread-raise-cap = ارفع حدي إلى { $megabytes } ميغابايت ونزّل الملف
thread-whatsapp-notice = إشعار من WhatsApp
thread-voice-call = مكالمة صوتية
thread-answered = أجاب:
thread-with-list = مع قائمة خلف «{ $list }»
thread-with-buttons = مع أزرار الرد
thread-list-rows = صفوف القائمة
thread-reply-buttons = أزرار الرد
thread-reacted-customer = تفاعل العميل
thread-reacted-team = تفاعل فريقك

## اختيار القالب (نافذة الـ24 ساعة مغلقة)

thread-no-templates = نافذة الـ24 ساعة مغلقة وليس في المركز قوالب معتمدة.
thread-template = القالب
thread-template-refused = { $name } ({ $language }) — تسويق: طلب العميل عدم استلام الرسائل التسويقية
thread-template-parameter = المعامل { $number }
thread-send-template = أرسل القالب
