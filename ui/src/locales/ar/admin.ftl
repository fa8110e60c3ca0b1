# شاشة الفريق (للمسؤولين؛ ويرى قادة الفريق تقارير فريقهم): موظفو الدعم ورموز دخولهم،
# الفرق وصناديق الوارد، ساعات العمل، مستويات الخدمة، الإجراءات المجمّعة، سجل التدقيق،
# تنبيهات WhatsApp، الردود الجاهزة، التصنيفات والتقارير.

## الشاشة وعلاماتها

admin-team = الفريق
admin-team-screens = شاشات الفريق
admin-tab-agents = موظفو الدعم
admin-tab-teams = الفرق وصناديق الوارد
admin-tab-sla = مستويات الخدمة
admin-tab-macros = الإجراءات المجمّعة
admin-tab-audit = سجل التدقيق
admin-tab-alerts = تنبيهات WhatsApp
admin-tab-canned = الردود الجاهزة
admin-tab-labels = التصنيفات
admin-tab-reports = التقارير
admin-back-to-inbox = العودة إلى المحادثات

## كلمات في أكثر من علامة

admin-col-name = الاسم
admin-col-actions = الإجراءات
admin-edit = تعديل
admin-delete = حذف
admin-remove = إزالة
admin-save = حفظ
admin-cancel = إلغاء
admin-close = إغلاق
admin-load-more = تحميل المزيد

## موظفو الدعم ورموز دخولهم

admin-token-issued = رمز دخول { $name }. لن يظهر إلا الآن: سلّمه إلى صاحبه ليلصقه عند تسجيل الدخول.
admin-token-copy = نسخ
admin-token-copied = تم النسخ
admin-token-done = تم
admin-clipboard-failed = تعذّر استخدام الحافظة: حدّد الرمز وانسخه
admin-col-role = الدور
admin-col-status = الحالة
admin-col-open = المفتوحة
admin-role-agent = موظف الدعم
admin-role-admin = مسؤول
admin-role-viewer = مراقب
admin-status-disabled = معطّل
admin-status-available = متاح
admin-status-away = غير متاح
admin-issue-token = رمز دخول جديد
admin-revoke-tokens = إبطال رموز الدخول
admin-enable = تفعيل
admin-disable = تعطيل
admin-agent-new-name = اسم موظف الدعم الجديد
admin-agent-add = إضافة موظف دعم

## الفرق وصناديق الوارد

admin-inboxes = صناديق الوارد
admin-col-number = الرقم
admin-col-team = الفريق
admin-col-hours = الساعات
admin-inbox-name-of = اسم صندوق الوارد { $id }
admin-inbox-team-of = فريق صندوق الوارد { $name }
admin-inbox-no-team = بلا فريق: قائمة انتظار كل موظفي الدعم
admin-hours-summary =
    { $count ->
        [zero] لا فترات عمل
        [one] فترة عمل واحدة
        [two] فترتا عمل
        [few] { $count } فترات عمل
        [many] { $count } فترة عمل
       *[other] { $count } فترة عمل
    }، { $zone }
admin-hours-always-open = مفتوح دائمًا
admin-hours-has-away-reply = رد خارج الدوام
admin-hours-has-greeting = رسالة ترحيب
admin-inboxes-empty = لم يكتب أي عميل بعد.
admin-teams = الفرق
admin-team-name-of = اسم الفريق { $name }
admin-team-delete-hint = لا يُحذف إلا فريق ليست له محادثات ولا صندوق وارد
admin-col-person = الشخص
admin-col-in-team = في الفريق
admin-col-leads = قائد الفريق
admin-member-in = { $name } في فريق { $team }
admin-member-leads = { $name } قائد فريق { $team }
admin-teams-empty = لا توجد فرق: يرى كل موظف دعم قائمة انتظار كل الأرقام. أضف فريقًا، وضع فيه أشخاصًا، ثم وجّه إليه صندوق وارد.
admin-team-name = اسم الفريق
admin-team-new-name = اسم الفريق الجديد
admin-team-add = إضافة فريق

## ساعات صندوق الوارد والردود التلقائية

admin-hours-of = ساعات عمل { $name }
admin-hours-title = الساعات والردود التلقائية: { $name }
admin-hours-on = ساعات العمل (وإلا فهو مفتوح دائمًا)
admin-hours-zone = المنطقة الزمنية
admin-hours-openings = أوقات الفتح
admin-day-mon = الاثنين
admin-day-tue = الثلاثاء
admin-day-wed = الأربعاء
admin-day-thu = الخميس
admin-day-fri = الجمعة
admin-day-sat = السبت
admin-day-sun = الأحد
admin-hours-opens = موعد الفتح يوم { $day }
admin-hours-closes = موعد الإغلاق يوم { $day }
admin-hours-next-day = يُغلق في اليوم التالي
admin-hours-holidays = العطلات (مغلق طوال اليوم؛ تاريخ واحد في كل سطر بصيغة YYYY-MM-DD، مثل 2026-12-02)
admin-hours-away = رد خارج الدوام (يُرسل مرة واحدة أثناء الإغلاق إلى العميل الذي يكتب)
admin-hours-greeting = رسالة ترحيب (تُرسل إلى العميل الذي يبدأ محادثة جديدة)
admin-hours-csat = استطلاع الرضا عند الإنهاء (السؤال؛ يجيب العميل بلمسة على أحد الأزرار الثلاثة أدناه)
admin-hours-csat-answers = أزرار الاستطلاع، بلغة عملائك (20 حرفًا على الأكثر لكل زر)
admin-hours-csat-good = جيد
admin-hours-csat-ok = مقبول
admin-hours-csat-poor = سيئ
# The buttons a new survey starts with (what the customer taps; each at most 20 characters).
admin-hours-csat-good-default = 😀 جيد
admin-hours-csat-ok-default = 😐 مقبول
admin-hours-csat-poor-default = 🙁 سيئ

## التقارير

admin-report-period = الفترة
admin-report-last-days =
    { $count ->
        [zero] آخر { $count } يوم
        [one] آخر يوم
        [two] آخر يومين
        [few] آخر { $count } أيام
        [many] آخر { $count } يومًا
       *[other] آخر { $count } يوم
    }
admin-report-every-team = كل الفرق
admin-report-inbox = صندوق الوارد
admin-report-every-number = كل الأرقام
admin-report-export = تصدير CSV
admin-report-saved = حُفظ في { $path }
admin-report-agent = موظف الدعم
admin-report-replies = الردود
admin-report-first-responses = الردود الأولى
admin-report-first-response-median = وسيط زمن الرد الأول
admin-report-resolved = المُنهاة
admin-report-resolution-median = وسيط زمن الإنهاء
admin-report-targets-met = الأهداف المحققة
admin-report-targets-missed = الأهداف الفائتة
admin-report-ratings = التقييمات (جيد / مقبول / سيئ)
admin-report-empty = لا شيء في هذه الفترة.
admin-report-summary = أهداف مستوى الخدمة المستحقة في هذه الفترة: المحققة { $met }، الفائتة { $missed }. إجابات استطلاع الرضا: جيد { $good }، مقبول { $ok }، سيئ { $poor }.

## مخطط التقرير

admin-chart-per-day = يوميًا (UTC)
admin-chart-inbound = رسائل العملاء
admin-chart-replies = الردود
admin-chart-show-chart = العرض كمخطط
admin-chart-show-table = العرض كجدول
admin-chart-day = اليوم (UTC)
admin-chart-new-conversations = المحادثات الجديدة
admin-chart-resolved = المُنهاة
admin-chart-label = رسائل العملاء والردود يوميًا
admin-chart-day-values = { $day }: رسائل العملاء { $inbound }، الردود { $replies }

## التصنيفات

admin-labels-empty = لا توجد تصنيفات بعد.
admin-label = التصنيف
admin-label-new-name = اسم التصنيف الجديد
admin-label-colour = اللون
admin-label-add = إضافة تصنيف

## الردود الجاهزة

admin-canned-shortcut = الاختصار
admin-canned-text = النص
admin-canned-empty = لا توجد ردود جاهزة بعد.
admin-canned-name = اسم الرد الجاهز
# لا يقبل الاختصار إلا حروفًا لاتينية صغيرة وأرقامًا و- و_، لذا يبقى المثال باللاتينية.
admin-canned-shortcut-example = shortcut
admin-canned-shortcut-label = الاختصار (يُكتب بعد /)
admin-canned-text-example = مرحبًا { $name }، …
admin-canned-variables = تُملأ { $name } و{ $number } و{ $agent } تلقائيًا عندما يُدرج موظف الدعم الرد.
admin-canned-add = إضافة رد جاهز

## تنبيهات WhatsApp وسجل التدقيق

admin-alerts-empty = لم يرسل WhatsApp أي تنبيهات.
admin-audit-empty = لا شيء بعد.
admin-audit-hub = المركز
admin-audit-agent = موظف الدعم رقم { $id }

## مستويات الخدمة

admin-sla-policies = سياسات مستوى الخدمة
admin-sla-help = تُحسب الأهداف بساعات عمل صندوق الوارد الذي تتبعه المحادثة. تُطبَّق السياسة الأكثر تحديدًا: سياسة التصنيف، ثم سياسة الفريق، ثم سياسة صندوق الوارد، ثم السياسة العامة لكل المحادثات.
admin-sla-applies-to = تُطبَّق على
admin-sla-first-response = الرد الأول
admin-sla-next-response = الرد التالي
admin-sla-resolution = الإنهاء
admin-sla-empty = لا توجد سياسة: ليست للمحادثات أهداف.
admin-sla-change = تعديل السياسة
admin-sla-new = سياسة جديدة
admin-sla-scope-all = كل المحادثات
admin-sla-scope-inbox = صندوق الوارد { $name }
admin-sla-scope-team = الفريق { $name }
admin-sla-scope-label = التصنيف { $name }
admin-sla-first-within = الرد الأول خلال (بالدقائق)
admin-sla-next-within = الرد التالي خلال (بالدقائق)
admin-sla-resolution-within = الإنهاء خلال (بالساعات)
admin-sla-add = إضافة سياسة

## الإجراءات المجمّعة

admin-macros = الإجراءات المجمّعة
admin-macros-help = يشغّل أي شخص يحق له التصرف في محادثة إجراءً مجمّعًا من لوحة الأوامر ({ $keys }) على المحادثات المحددة. يمكن أن تستخدم الردود { $name } و{ $number } و{ $agent }.
admin-macros-empty = لا توجد إجراءات مجمّعة بعد.
admin-macro-change = تعديل الإجراء المجمّع
admin-macro-new = إجراء مجمّع جديد
admin-macro-assign-to = إسناد إلى
admin-macro-back-to-queue = إعادة إلى قائمة الانتظار
admin-macro-reply = الرد
admin-macro-note = الملاحظة
admin-macro-snooze-for = التأجيل لمدة (بالساعات؛ فارغ: حتى يكتب العميل)
admin-macro-remove-step = إزالة الخطوة { $position }
admin-macro-add-step = إضافة خطوة
admin-macro-choose = اختر…
admin-macro-add = إضافة إجراء مجمّع
admin-macro-kind-label = إضافة تصنيف
admin-macro-kind-assign = إسناد
admin-macro-kind-reply = رد
admin-macro-kind-note = ملاحظة خاصة
admin-macro-kind-snooze = تأجيل
admin-macro-kind-resolve = إنهاء
admin-macro-step-label = تصنيف { $labels }
admin-macro-step-unassign = إعادة إلى قائمة الانتظار
admin-macro-step-assign = إسناد إلى { $name }
admin-macro-step-reply = رد «{ $text }»
admin-macro-step-note = ملاحظة «{ $text }»
admin-macro-step-snooze =
    { $hours ->
        [zero] تأجيل { $hours } ساعة
        [one] تأجيل ساعة واحدة
        [two] تأجيل ساعتين
        [few] تأجيل { $hours } ساعات
        [many] تأجيل { $hours } ساعة
       *[other] تأجيل { $hours } ساعة
    }
admin-macro-step-snooze-until-reply = تأجيل حتى يكتب العميل
admin-macro-step-resolve = إنهاء
