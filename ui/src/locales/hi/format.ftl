# साझा फ़ॉर्मैटिंग (lib/format.ts) के शब्द: डिलीवरी की स्थिति, छोटे समय,
# मैसेज के प्रकार, फ़ाइल का आकार, अवधि, बाद के लिए रखने के विकल्प और
# सेवा स्तर की समय-सीमाएँ। तारीख और समय सिस्टम के अपने शब्दों में आते हैं।

## डिलीवरी की स्थिति, शब्दों में

format-tick-queued = हब तक पहुँचने का इंतज़ार
format-tick-pending = भेजा जा रहा है
format-tick-unknown = शायद नहीं भेजा गया: दोबारा भेजने से पहले ग्राहक से पूछ लें
format-tick-sent = भेजा गया
format-tick-delivered = पहुँच गया
format-tick-read = पढ़ लिया गया
format-tick-failed = नहीं भेजा गया

## 24 घंटे की विंडो में बचा समय

format-window-hours-minutes = { $hours } घं { $minutes } मि
format-window-minutes = { $minutes } मि

## बातचीत किसके पास है

format-assignee-none = बिना सौंपी
format-assignee-you = आप
format-assignee-agent = एजेंट #{ $id }

## बातचीत में दिन के विभाजक

format-day-today = आज
format-day-yesterday = कल

## कितनी देर पहले

format-ago-now = अभी-अभी
format-ago-seconds = { $count } सेकंड पहले
format-ago-minutes = { $count } मिनट पहले
format-ago-hours = { $count ->
        [one] { $count } घंटा पहले
       *[other] { $count } घंटे पहले
    }

## बिना टेक्स्ट वाला मैसेज क्या है

format-kind-image = फ़ोटो
format-kind-document = दस्तावेज़
format-kind-audio = वॉइस मैसेज
format-kind-video = वीडियो
format-kind-sticker = स्टिकर
format-kind-location = लोकेशन
format-kind-contacts = संपर्क कार्ड
format-kind-reaction = रिएक्शन
format-kind-template = टेम्पलेट
format-kind-call = वॉइस कॉल
format-kind-interactive = बटन या सूची से आया जवाब
format-kind-button = टैप किया गया बटन
format-kind-other = ऐसा मैसेज जिसे WhatsApp आगे नहीं भेजता ({ $kind })

## फ़ाइल का आकार

format-size-bytes = { $size } बाइट
format-size-kilobytes = { $size } KB
format-size-megabytes = { $size } MB

## अवधि

format-duration-seconds = { $seconds } सेकंड
format-duration-minutes = { $minutes } मिनट
format-duration-minutes-seconds = { $minutes } मिनट { $seconds } सेकंड
format-duration-hours = { $hours ->
        [one] { $hours } घंटा
       *[other] { $hours } घंटे
    }
format-duration-hours-minutes = { $hours ->
        [one] { $hours } घंटा
       *[other] { $hours } घंटे
    } { $minutes } मिनट
format-duration-days = { $days } दिन
format-duration-days-hours = { $days } दिन { $hours ->
        [one] { $hours } घंटा
       *[other] { $hours } घंटे
    }

## बाद के लिए रखने का मेन्यू

format-snooze-hour = एक घंटे बाद
format-snooze-tomorrow = कल सुबह
format-snooze-next-week = अगले हफ़्ते
format-snooze-until-reply = जब तक ग्राहक न लिखे

## सेवा स्तर के लक्ष्य: बचा समय या देरी

format-due-left-minutes = { $minutes } मि बाकी
format-due-left-hours = { $hours } घं { $minutes } मि बाकी
format-due-left-days = { $days } दिन बाकी
format-due-overdue-minutes = समय से { $minutes } मि पीछे
format-due-overdue-hours = समय से { $hours } घं { $minutes } मि पीछे
format-due-overdue-days = समय से { $days } दिन पीछे
format-due-first-response = पहला जवाब
format-due-next-response = अगला जवाब
format-due-resolution = हल
format-due-other = कोई लक्ष्य

## Dates and times when the chosen language is not the system's: names
## separated by |, Sunday first; the clock (12 or 24); the order of day,
## month and year (dmy, mdy or ymd) as the app writes dates. Not words to
## translate freely: the app reads them.

format-months = जनवरी|फ़रवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|अक्तूबर|नवंबर|दिसंबर
format-months-short = जन॰|फ़र॰|मार्च|अप्रैल|मई|जून|जुल॰|अग॰|सित॰|अक्तू॰|नव॰|दिस॰
format-weekdays = रविवार|सोमवार|मंगलवार|बुधवार|गुरुवार|शुक्रवार|शनिवार
format-clock = 12
format-am = am
format-pm = pm
format-date-order = dmy
