# مربع الرد، والخيارات التي تُرسل مع الرد، وما سيرفضه WhatsApp فيها.

## كان زميل يكتب في المحادثة نفسها

composer-over-typing = كان { $name } يكتب هنا قبل لحظات. هل ترسل رغم ذلك؟
composer-send-anyway = أرسل رغم ذلك
composer-wait = انتظر

## اقتباس رسالة

composer-replying-to-customer = الرد على العميل:
composer-replying-to-team = الرد على فريقك:
composer-unquote = لا تقتبس هذه الرسالة

## اقتراحات أثناء الكتابة (@ و/)

composer-mention-list = زملاء للإشارة إليهم
composer-canned-list = الردود الجاهزة

## ملفات تُرسل مع الرد

composer-files = ملفات للإرسال
composer-kind-audio = ملف صوتي
composer-remove-file = أزل { $name }
composer-pasted-file-name = ملف-ملصوق

## المربع

composer-placeholder-note = ملاحظة لفريقك (لا يراها العميل أبدًا)؛ اكتب @ واسم زميل لتنبيهه
composer-placeholder-closed = نافذة الـ24 ساعة مغلقة
composer-placeholder-question = اكتب السؤال الذي تجيب عنه الخيارات…
composer-placeholder-caption = أضف وصفًا (اختياري)…
composer-placeholder-reply-from = اكتب ردًا من { $inbox }…
composer-placeholder-reply = اكتب ردًا…
composer-label-note = ملاحظة للفريق
composer-label-reply = الرد
composer-hint-note = Enter يضيف الملاحظة · Shift+Enter سطر جديد · / الردود الجاهزة
composer-hint-reply = Enter يرسل · Shift+Enter سطر جديد · / الردود الجاهزة · الصق الملفات أو أفلتها هنا
composer-counter = { $length } / { $limit }
composer-counter-caption = { $length } / { $limit } (الوصف)

## الأزرار

composer-add-note = أضف ملاحظة
composer-attach = أرفق ملفًا
composer-attach-title = أرفق ملفًا (صورة، مستند، صوت، فيديو)
composer-add-choices = أضف خيارات ينقر عليها العميل
composer-add-choices-title = أزرار الرد أو قائمة ينقر عليها العميل
composer-choices-no-quote = لا يمكن للرد الذي يحوي خيارات أن يقتبس رسالة
composer-send = أرسل

## خيارات ينقر عليها العميل (أزرار الرد أو قائمة)

composer-choices-legend = خيارات ينقر عليها العميل
composer-choices-how = طريقة عرض الخيارات
composer-as-buttons = أزرار الرد (حتى { $count })
composer-as-list = قائمة (حتى { $count ->
        [zero] { $count } صف
        [one] { $count } صف
        [two] { $count } صف
        [few] { $count } صفوف
        [many] { $count } صفًا
       *[other] { $count } صف
    })
composer-list-label = الزر الذي يفتح القائمة
composer-list-label-default = اختر
composer-row-placeholder = الصف { $number } (حتى { $count ->
        [zero] { $count } حرف
        [one] { $count } حرف
        [two] { $count } حرف
        [few] { $count } أحرف
        [many] { $count } حرفًا
       *[other] { $count } حرف
    })
composer-button-placeholder = الزر { $number } (حتى { $count ->
        [zero] { $count } حرف
        [one] { $count } حرف
        [two] { $count } حرف
        [few] { $count } أحرف
        [many] { $count } حرفًا
       *[other] { $count } حرف
    })
composer-row = الصف { $number }
composer-button = الزر { $number }
composer-remove-row = أزل الصف { $number }
composer-remove-button = أزل الزر { $number }
composer-add-row = أضف صفًا
composer-add-button = أضف زرًا
composer-drop-choices = أرسل دون خيارات
composer-choices-help = الرد أعلاه هو السؤال؛ ونقرة العميل تعود إليك إجابةً منه.

## ما سيرفضه WhatsApp، يُقال أثناء الكتابة

composer-problem-no-question = اكتب السؤال الذي تجيب عنه الخيارات.
composer-problem-question-long-list = السؤال مع قائمة لا يتجاوز { $count ->
        [zero] { $count } حرف
        [one] { $count } حرف
        [two] { $count } حرف
        [few] { $count } أحرف
        [many] { $count } حرفًا
       *[other] { $count } حرف
    }.
composer-problem-question-long-buttons = السؤال مع أزرار الرد لا يتجاوز { $count ->
        [zero] { $count } حرف
        [one] { $count } حرف
        [two] { $count } حرف
        [few] { $count } أحرف
        [many] { $count } حرفًا
       *[other] { $count } حرف
    }.
composer-problem-list-label = تسمية زر القائمة من { $min } إلى { $count ->
        [zero] { $count } حرف
        [one] { $count } حرف
        [two] { $count } حرف
        [few] { $count } أحرف
        [many] { $count } حرفًا
       *[other] { $count } حرف
    }.
composer-problem-rows = تضم القائمة من { $min } إلى { $count ->
        [zero] { $count } صف
        [one] { $count } صف
        [two] { $count } صف
        [few] { $count } صفوف
        [many] { $count } صفًا
       *[other] { $count } صف
    }.
composer-problem-buttons = تضم الرسالة من { $min } إلى { $count ->
        [zero] { $count } زر رد
        [one] { $count } زر رد
        [two] { $count } زر رد
        [few] { $count } أزرار رد
        [many] { $count } زر رد
       *[other] { $count } زر رد
    }.
composer-problem-row = الصف { $number }: من { $min } إلى { $count ->
        [zero] { $count } حرف
        [one] { $count } حرف
        [two] { $count } حرف
        [few] { $count } أحرف
        [many] { $count } حرفًا
       *[other] { $count } حرف
    }، في سطر واحد.
composer-problem-button = الزر { $number }: من { $min } إلى { $count ->
        [zero] { $count } حرف
        [one] { $count } حرف
        [two] { $count } حرف
        [few] { $count } أحرف
        [many] { $count } حرفًا
       *[other] { $count } حرف
    }، في سطر واحد.
composer-problem-twice = «{ $choice }» مكرر: يجب أن يختلف كل خيار عن الآخر.
