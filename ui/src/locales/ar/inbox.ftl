# The left pane (who I am, the connection, search, the views, the list of
# conversations, bulk actions) and the inbox's notes.

## Who I am and the connection

inbox-sidebar = المحادثات
inbox-role-admin = مسؤول
inbox-role-agent = موظف الدعم
inbox-role-viewer = مراقب
inbox-available = متاح
inbox-away = غير متاح
inbox-set-away = التبديل إلى غير متاح
inbox-set-available = التبديل إلى متاح
inbox-available-title = تتلقى محادثات جديدة: انقر لتصبح غير متاح
inbox-away-title = لا تتلقى محادثات جديدة: انقر لتصبح متاحًا
inbox-team = الفريق
inbox-reports = التقارير
inbox-online = متصل
inbox-offline = دون اتصال
inbox-connected = متصل بالمركز
inbox-syncing = جارٍ مزامنة السجل… { $percent }%
inbox-offline-note = دون اتصال — تُعرض النسخة المحلية. { $reason }

## Search

inbox-search-placeholder = ابحث في الرسائل  ( / )
inbox-search = البحث في الرسائل
inbox-search-results = نتائج البحث
inbox-search-failed = تعذّر البحث: { $error }
inbox-search-none = لا توجد رسالة مطابقة.
inbox-searching = جارٍ البحث…

## The views (lists of conversations) and their names

inbox-views = طرق العرض
inbox-view-mine = محادثاتي
inbox-view-unassigned = غير مسندة
inbox-view-all = الكل
inbox-view-resolved = منتهية
inbox-view-snoozed = مؤجلة
inbox-view-due-soon = مستحقة قريبًا
inbox-view-overdue = متأخرة
inbox-view-label-unknown = تصنيف #{ $id }
inbox-view-team-queue = { $team }: قائمة الانتظار
inbox-view-team = { $team }: الكل
inbox-team-unknown = فريق #{ $id }

## Bulk actions on the selected conversations

inbox-bulk = المحادثات المحددة
inbox-selected =
    { $count ->
        [zero] لا محادثات محددة
        [one] محادثة واحدة محددة
        [two] محادثتان محددتان
        [few] { $count } محادثات محددة
        [many] { $count } محادثة محددة
       *[other] { $count } محادثة محددة
    }
inbox-bulk-assign = إسناد المحادثات المحددة
inbox-assign-to = إسناد إلى…
inbox-back-to-queue = إعادة إلى قائمة الانتظار
inbox-agent-open =
    { $count ->
        [zero] { $name } (لا محادثات مفتوحة)
        [one] { $name } (محادثة مفتوحة واحدة)
        [two] { $name } (محادثتان مفتوحتان)
        [few] { $name } ({ $count } محادثات مفتوحة)
        [many] { $name } ({ $count } محادثة مفتوحة)
       *[other] { $name } ({ $count } محادثة مفتوحة)
    }
inbox-resolve = إنهاء
inbox-bulk-snooze = تأجيل المحادثات المحددة
inbox-snooze = تأجيل…
inbox-bulk-label = تصنيف المحادثات المحددة
inbox-label = تصنيف…
inbox-bulk-transfer = نقل المحادثات المحددة إلى فريق
inbox-transfer-to = نقل إلى…
inbox-select-all-title = كل محادثات هذا العرض التي حُمّلت حتى الآن (*)
inbox-select-all = تحديد الكل
inbox-clear = مسح التحديد

## The list of conversations

inbox-empty = لا شيء هنا. تظهر رسائل العملاء في طرق العرض أعلاه.
inbox-list = محادثات هذا العرض
inbox-pick = تحديد { $name }
inbox-pick-title = تحديد (x)؛ Shift: كل الصفوف منذ آخر صف محدد (Shift+X)
inbox-window-closing = نافذة الـ24 ساعة تُغلق قريبًا
inbox-row-due = { $what } مستحق { $at }
inbox-row-snoozed-until = مؤجلة حتى { $at }
inbox-row-snoozed-reply-title = مؤجلة حتى يكتب العميل
inbox-row-snoozed-reply = رد
inbox-unread =
    { $count ->
        [zero] لا رسائل غير مقروءة
        [one] رسالة واحدة غير مقروءة
        [two] رسالتان غير مقروءتين
        [few] { $count } رسائل غير مقروءة
        [many] { $count } رسالة غير مقروءة
       *[other] { $count } رسالة غير مقروءة
    }
inbox-row-inbox = مرسلة إلى { $inbox }
inbox-load-more = تحميل المزيد

## The status line

inbox-status-synced = تمت المزامنة { $ago }
inbox-status-connecting = جارٍ الاتصال…
inbox-status-last-synced = آخر مزامنة { $ago }
inbox-outbox =
    { $count ->
        [zero] لا ردود في قائمة الإرسال
        [one] رد واحد في قائمة الإرسال
        [two] ردّان في قائمة الإرسال
        [few] { $count } ردود في قائمة الإرسال
        [many] { $count } ردًا في قائمة الإرسال
       *[other] { $count } رد في قائمة الإرسال
    }
inbox-failed =
    { $count ->
        [zero] لا ردود غير مرسلة
        [one] رد واحد لم يُرسل
        [two] ردّان لم يُرسلا
        [few] { $count } ردود لم تُرسل
        [many] { $count } ردًا لم يُرسل
       *[other] { $count } رد لم يُرسل
    }
inbox-sign-out = تسجيل الخروج
inbox-shortcuts = اختصارات لوحة المفاتيح

## Notes after an action

inbox-signed-out = تم تسجيل الخروج. مُحيت النسخة المحلية على هذا الحاسوب.
inbox-macro-ran =
    { $count ->
        [zero] «{ $name }» لم يُشغَّل على أي محادثة؛ { $details }
        [one] شُغّل «{ $name }» على محادثة واحدة؛ { $details }
        [two] شُغّل «{ $name }» على محادثتين؛ { $details }
        [few] شُغّل «{ $name }» على { $count } محادثات؛ { $details }
        [many] شُغّل «{ $name }» على { $count } محادثة؛ { $details }
       *[other] شُغّل «{ $name }» على { $count } محادثة؛ { $details }
    }
inbox-macro-queued =
    { $count ->
        [zero] لا خطوات تنتظر المركز
        [one] خطوة واحدة تنتظر المركز وستُنفَّذ عندما يستجيب
        [two] خطوتان تنتظران المركز وستُنفَّذان عندما يستجيب
        [few] { $count } خطوات تنتظر المركز وستُنفَّذ عندما يستجيب
        [many] { $count } خطوة تنتظر المركز وستُنفَّذ عندما يستجيب
       *[other] { $count } خطوة تنتظر المركز وستُنفَّذ عندما يستجيب
    }
inbox-macro-refused =
    { $count ->
        [zero] لم تبقَ خطوات دون تنفيذ: { $reason }
        [one] بقيت خطوة واحدة دون تنفيذ: { $reason }
        [two] بقيت خطوتان دون تنفيذ: { $reason }
        [few] بقيت { $count } خطوات دون تنفيذ: { $reason }
        [many] بقيت { $count } خطوة دون تنفيذ: { $reason }
       *[other] بقيت { $count } خطوة دون تنفيذ: { $reason }
    }
inbox-macro-both = { $queued }؛ { $refused }
inbox-bulk-refused = تغيّرت: { $done }؛ وبقيت { $refused } من { $total } كما كانت: { $reason }
