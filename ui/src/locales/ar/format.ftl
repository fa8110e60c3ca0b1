# كلمات التنسيق المشترك (lib/format.ts): حالات التسليم، والأوقات القصيرة،
# وأنواع الرسائل، وأحجام الملفات، والمدد، وخيارات التأجيل، ومواعيد مستوى
# الخدمة. التواريخ والساعات تُكتب بكلمات النظام نفسه، لا بهذه.

## حالة التسليم بالكلمات

format-tick-queued = بانتظار الوصول إلى المركز
format-tick-pending = جارٍ الإرسال
format-tick-unknown = ربما لم تُرسَل: تحقّق مع العميل قبل إعادة الإرسال
format-tick-sent = أُرسلت
format-tick-delivered = وصلت
format-tick-read = قُرئت
format-tick-failed = لم تُرسَل

## الوقت المتبقي في نافذة الـ24 ساعة

format-window-hours-minutes = { $hours } س { $minutes } د
format-window-minutes = { $minutes } د

## من يتولى المحادثة

format-assignee-none = غير مسندة
format-assignee-you = أنت
format-assignee-agent = موظف الدعم رقم { $id }

## فواصل الأيام في المحادثة

format-day-today = اليوم
format-day-yesterday = أمس

## منذ متى

format-ago-now = الآن
format-ago-seconds = { $count ->
        [zero] منذ { $count } ثانية
        [one] منذ { $count } ثانية
        [two] منذ { $count } ثانية
        [few] منذ { $count } ثوانٍ
        [many] منذ { $count } ثانية
       *[other] منذ { $count } ثانية
    }
format-ago-minutes = { $count ->
        [zero] منذ { $count } دقيقة
        [one] منذ { $count } دقيقة
        [two] منذ { $count } دقيقة
        [few] منذ { $count } دقائق
        [many] منذ { $count } دقيقة
       *[other] منذ { $count } دقيقة
    }
format-ago-hours = { $count ->
        [zero] منذ { $count } ساعة
        [one] منذ { $count } ساعة
        [two] منذ { $count } ساعة
        [few] منذ { $count } ساعات
        [many] منذ { $count } ساعة
       *[other] منذ { $count } ساعة
    }

## ما الرسالة التي لا نص فيها

format-kind-image = صورة
format-kind-document = مستند
format-kind-audio = رسالة صوتية
format-kind-video = فيديو
format-kind-sticker = ملصق
format-kind-location = موقع
format-kind-contacts = بطاقة جهة اتصال
format-kind-reaction = تفاعل
format-kind-template = قالب
format-kind-call = مكالمة صوتية
format-kind-interactive = إجابة من الأزرار أو القائمة
format-kind-button = زر نقر عليه العميل
format-kind-other = رسالة لا ينقلها WhatsApp ({ $kind })

## أحجام الملفات

format-size-bytes = { $size } بايت
format-size-kilobytes = { $size } كيلوبايت
format-size-megabytes = { $size } ميغابايت

## المدد

format-duration-seconds = { $seconds } ث
format-duration-minutes = { $minutes } د
format-duration-minutes-seconds = { $minutes } د { $seconds } ث
format-duration-hours = { $hours } س
format-duration-hours-minutes = { $hours } س { $minutes } د
format-duration-days = { $days ->
        [zero] { $days } يوم
        [one] { $days } يوم
        [two] { $days } يوم
        [few] { $days } أيام
        [many] { $days } يومًا
       *[other] { $days } يوم
    }
format-duration-days-hours = { $days ->
        [zero] { $days } يوم
        [one] { $days } يوم
        [two] { $days } يوم
        [few] { $days } أيام
        [many] { $days } يومًا
       *[other] { $days } يوم
    } { $hours } س

## قائمة التأجيل

format-snooze-hour = بعد ساعة
format-snooze-tomorrow = غدًا
format-snooze-next-week = الأسبوع القادم
format-snooze-until-reply = إلى أن يكتب العميل

## أهداف مستوى الخدمة: الوقت المتبقي أو مدة التأخر

format-due-left-minutes = يتبقى { $minutes } د
format-due-left-hours = يتبقى { $hours } س { $minutes } د
format-due-left-days = { $days ->
        [zero] يتبقى { $days } يوم
        [one] يتبقى { $days } يوم
        [two] يتبقى { $days } يوم
        [few] يتبقى { $days } أيام
        [many] يتبقى { $days } يومًا
       *[other] يتبقى { $days } يوم
    }
format-due-overdue-minutes = متأخرة { $minutes } د
format-due-overdue-hours = متأخرة { $hours } س { $minutes } د
format-due-overdue-days = { $days ->
        [zero] متأخرة { $days } يوم
        [one] متأخرة { $days } يوم
        [two] متأخرة { $days } يوم
        [few] متأخرة { $days } أيام
        [many] متأخرة { $days } يومًا
       *[other] متأخرة { $days } يوم
    }
format-due-first-response = الرد الأول
format-due-next-response = الرد التالي
format-due-resolution = الإنهاء
format-due-other = هدف ما

## Dates and times when the chosen language is not the system's: names
## separated by |, Sunday first; the clock (12 or 24); the order of day,
## month and year (dmy, mdy or ymd) as the app writes dates. Not words to
## translate freely: the app reads them.

format-months = يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر
format-months-short = يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر
format-weekdays = الأحد|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت
format-clock = 12
format-am = ص
format-pm = م
format-date-order = dmy
