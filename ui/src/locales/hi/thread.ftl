# खुली बातचीत: उसका हेडर और कार्रवाइयाँ, संदेश, टेम्पलेट चुनने की जगह।

## संदेश

thread-messages = संदेश
thread-load-older = पुराने संदेश लोड करें
thread-load-newer = नए संदेश लोड करें
thread-jump-latest = सबसे नए संदेशों पर जाएँ
thread-new-messages = नए संदेश
thread-note-by-you = आपका नोट · सिर्फ़ आपकी टीम देख सकती है
thread-note-by-colleague = एक सहकर्मी का नोट · सिर्फ़ आपकी टीम देख सकती है
thread-note-by = { $name } का नोट · सिर्फ़ आपकी टीम देख सकती है
thread-note-by-agent = एजेंट #{ $id } का नोट · सिर्फ़ आपकी टीम देख सकती है
thread-quote-reply = जवाब दें
thread-react = प्रतिक्रिया दें
thread-react-with = इससे प्रतिक्रिया दें
thread-react-with-emoji = { $emoji } से प्रतिक्रिया दें
thread-automatic = अपने आप भेजा गया
thread-automatic-title = Switchboard ने भेजा: इस नंबर का स्वागत संदेश या बंद होने पर जवाब
thread-from-phone = फ़ोन से
thread-from-phone-title = बिज़नेस के फ़ोन पर WhatsApp Business ऐप से भेजा गया
thread-edited = बदला गया
thread-unknown-outcome = हब को WhatsApp का जवाब नहीं मिला: हो सकता है यह ग्राहक तक पहुँचा हो, हो सकता है न पहुँचा हो। दोबारा भेजने से पहले ग्राहक से पूछ लें।
thread-write-again = फिर से लिखें
thread-retry = फिर कोशिश करें
thread-discard = हटाएँ
thread-write = लिखें
thread-mode-reply = जवाब
thread-mode-note = नोट
thread-claim = जवाब देने के लिए यह बातचीत अपने नाम लें
thread-viewer-read-only = दर्शक सिर्फ़ पढ़ सकते हैं।
thread-assigned-elsewhere = किसी और को सौंपी गई है।
thread-presence-typing = { $name } लिख रहे हैं…
thread-presence-viewing = { $name } देख रहे हैं
thread-names-and = { $first } और { $second }

## हेडर

thread-back = सूची पर वापस जाएँ
thread-inbox-title = वह नंबर जिस पर ग्राहक ने लिखा
thread-hours-open = खुला है
thread-hours-closed = बंद है
thread-hours-open-until = { $time } तक खुला है
thread-hours-closed-until = { $time } तक बंद है
thread-due-title = देय: { $time }
thread-due = { $target }: { $left }
thread-csat-title = संतुष्टि सर्वे पर ग्राहक का जवाब
thread-rated-good = रेटिंग: 😀 अच्छी
thread-rated-ok = रेटिंग: 😐 ठीक-ठाक
thread-rated-poor = रेटिंग: 🙁 खराब
thread-snoozed-until = { $time } तक बाद के लिए रखी गई
thread-snoozed-until-reply = ग्राहक के लिखने तक बाद के लिए रखी गई
thread-labels = लेबल
thread-no-labels = अभी कोई लेबल नहीं है: एडमिन इन्हें टीम → लेबल में जोड़ते हैं।
thread-window-closes = विंडो { $left } में बंद होगी
thread-window-closed = विंडो बंद: सिर्फ़ टेम्पलेट
thread-assignee = किसे सौंपी गई
thread-unassigned = बिना सौंपी
thread-assignee-option = { $name } ({ $count ->
        [one] { $count } खुली बातचीत
       *[other] { $count } खुली बातचीत
    })
thread-reopen = फिर खोलें
thread-resolve = हल करें
thread-mark-unread = अपठित मार्क करें
thread-mark-unread-title = बाद के लिए छोड़ें (u)
thread-wake = वापस लाएँ
thread-snooze = बाद के लिए रखें
thread-snooze-menu = कब तक बाद के लिए रखें
thread-snooze-at = कब तक
thread-transfer = ट्रांसफ़र करें
thread-contact = संपर्क
thread-transfer-team = किस टीम को
thread-transfer-note = उस टीम के लिए नोट (वैकल्पिक)
thread-transfer-send = भेजें

## संदेश में क्या है

thread-quote-customer = ग्राहक
thread-quote-you = आप
thread-deleted = यह संदेश हटा दिया गया
thread-location = लोकेशन
thread-open-map = मैप में खोलें
thread-contact-card = संपर्क
thread-unsupported = WhatsApp यह संदेश हमें नहीं दिखा सका। ग्राहक से इसे किसी और तरीके से भेजने को कहें।
thread-unsupported-why = WhatsApp यह संदेश हमें नहीं दिखा सका ({ $reason })। ग्राहक से इसे किसी और तरीके से भेजने को कहें।
thread-show-whole = पूरी तस्वीर दिखाएँ
thread-document = दस्तावेज़
thread-voice-message = वॉइस मैसेज
thread-show-image = तस्वीर दिखाएँ
thread-show-sticker = स्टिकर दिखाएँ
thread-play = चलाएँ
thread-save = सेव करें
thread-downloading = WhatsApp से डाउनलोड हो रहा है…
thread-download-failed = फ़ाइल WhatsApp से डाउनलोड नहीं हो सकी
thread-saved-to = { $path } में सेव किया गया
thread-raise-cap = मेरी सीमा बढ़ाकर { $megabytes } MB करें और फ़ाइल लाएँ
thread-whatsapp-notice = WhatsApp की सूचना
thread-voice-call = वॉइस कॉल
thread-answered = जवाब:
thread-with-list = “{ $list }” बटन के पीछे एक सूची के साथ
thread-with-buttons = जवाब बटन के साथ
thread-list-rows = सूची की पंक्तियाँ
thread-reply-buttons = जवाब बटन
thread-reacted-customer = ग्राहक ने प्रतिक्रिया दी
thread-reacted-team = आपकी टीम ने प्रतिक्रिया दी

## टेम्पलेट चुनना (24 घंटे की विंडो बंद है)

thread-no-templates = 24 घंटे की विंडो बंद है और हब में कोई स्वीकृत टेम्पलेट नहीं है।
thread-template = टेम्पलेट
thread-template-refused = { $name } ({ $language }) — मार्केटिंग: ग्राहक ने ये संदेश लेने से मना किया है
thread-template-parameter = पैरामीटर { $number }
thread-send-template = टेम्पलेट भेजें
