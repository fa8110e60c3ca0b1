# The workspace (before it: a store that cannot open), signing out, the
# keyboard shortcuts (`?`) and the command palette (Ctrl+K).

## A store that cannot open, and the start

app-fatal-title = تعذّر تشغيل Switchboard
app-rebuild = أعد بناء النسخة المحلية من المركز
app-opening = جارٍ الفتح…

## The workspace

app-pane-conversation = المحادثة
app-pick-conversation = اختر محادثة · يعرض { $key } الاختصارات

## Signing out

app-sign-out-title = تسجيل الخروج؟
app-sign-out-erases = ستُمحى النسخة المحلية من محادثاتك على هذا الحاسوب، وتبقى المحادثات محفوظة على المركز.
app-sign-out-unsent = { $reason }.
app-sign-out-discard = سجّل الخروج وتجاهلها
app-sign-out-confirm = تسجيل الخروج
app-cancel = إلغاء

## Keyboard shortcuts: each key and what it does

app-shortcuts-title = اختصارات لوحة المفاتيح
app-close = إغلاق
app-shortcut-search = البحث في الرسائل
app-shortcut-move-keys = j  k  أو  ↓  ↑
app-shortcut-move = التنقل في القائمة (أو في نتائج البحث)
app-shortcut-open = فتح المحادثة (أو نتيجة البحث عند رسالتها)
app-shortcut-reply = الرد
app-shortcut-quote = الرد مع اقتباس آخر رسالة من العميل
app-shortcut-claim = استلام
app-shortcut-assign = إسناد (للمسؤولين)
app-shortcut-resolve = إنهاء أو إعادة فتح
app-shortcut-unread = تعليم كغير مقروءة (لتركها لاحقًا)
app-shortcut-contact = إظهار جهة الاتصال أو إخفاؤها
app-shortcut-select = تحديد المحادثة عند المؤشر (Shift+X: كل الصفوف منذ آخر صف محدد)
app-shortcut-select-all = تحديد كل محادثات هذا العرض
app-shortcut-macro = تشغيل إجراء مجمّع على المحادثات المحددة (أو المحادثة المفتوحة)
app-shortcut-back = رجوع
app-shortcut-help = هذه القائمة

## The command palette: the team's macros

app-palette = لوحة الأوامر
app-palette-run =
    { $count ->
        [zero] شغّل إجراءً مجمّعًا على { $count } محادثة…
        [one] شغّل إجراءً مجمّعًا على محادثة واحدة…
        [two] شغّل إجراءً مجمّعًا على محادثتين…
        [few] شغّل إجراءً مجمّعًا على { $count } محادثات…
        [many] شغّل إجراءً مجمّعًا على { $count } محادثة…
       *[other] شغّل إجراءً مجمّعًا على { $count } محادثة…
    }
app-palette-none = حدّد محادثة أو افتحها أولًا
app-palette-macro = الإجراء المجمّع المراد تشغيله
app-palette-macros = الإجراءات المجمّعة
app-palette-empty = لا توجد إجراءات مجمّعة بعد: يضيفها المسؤول من الفريق ← الإجراءات المجمّعة.
app-palette-no-match = لا يوجد إجراء مجمّع مطابق.
app-palette-step-label = تصنيف
app-palette-step-assign = إسناد
app-palette-step-reply = رد
app-palette-step-note = ملاحظة
app-palette-step-snooze = تأجيل
app-palette-step-resolve = إنهاء
