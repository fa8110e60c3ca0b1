# टीम स्क्रीन (एडमिन; टीम लीड अपनी टीम की रिपोर्ट देखते हैं): एजेंट और उनके टोकन,
# टीमें और इनबॉक्स, कामकाजी समय, सेवा स्तर, मैक्रो, ऑडिट लॉग, WhatsApp अलर्ट,
# तैयार जवाब, लेबल और रिपोर्ट।

## स्क्रीन और उसके टैब

admin-team = टीम
admin-team-screens = टीम स्क्रीन
admin-tab-agents = एजेंट
admin-tab-teams = टीमें और इनबॉक्स
admin-tab-sla = सेवा स्तर
admin-tab-macros = मैक्रो
admin-tab-audit = ऑडिट लॉग
admin-tab-alerts = WhatsApp अलर्ट
admin-tab-canned = तैयार जवाब
admin-tab-labels = लेबल
admin-tab-reports = रिपोर्ट
admin-back-to-inbox = बातचीत पर वापस जाएँ

## कई टैब में आने वाले शब्द

admin-col-name = नाम
admin-col-actions = कार्रवाइयाँ
admin-edit = बदलें
admin-delete = मिटाएँ
admin-remove = हटाएँ
admin-save = सहेजें
admin-cancel = रद्द करें
admin-close = बंद करें
admin-load-more = और दिखाएँ

## एजेंट और उनके टोकन

admin-token-issued = { $name } का टोकन। यह सिर्फ़ अभी दिखेगा: इसे उन्हें दे दें, वे साइन इन करते समय इसे पेस्ट करेंगे।
admin-token-copy = कॉपी करें
admin-token-copied = कॉपी हो गया
admin-token-done = हो गया
admin-clipboard-failed = क्लिपबोर्ड इस्तेमाल नहीं हो सका: टोकन चुनकर ख़ुद कॉपी करें
admin-col-role = भूमिका
admin-col-status = स्थिति
admin-col-open = खुली
admin-role-agent = एजेंट
admin-role-admin = एडमिन
admin-role-viewer = दर्शक
admin-status-disabled = बंद किया गया
admin-status-available = उपलब्ध
admin-status-away = दूर
admin-issue-token = नया टोकन
admin-revoke-tokens = टोकन रद्द करें
admin-enable = चालू करें
admin-disable = बंद करें
admin-agent-new-name = नए एजेंट का नाम
admin-agent-add = एजेंट जोड़ें

## टीमें और इनबॉक्स

admin-inboxes = इनबॉक्स
admin-col-number = नंबर
admin-col-team = टीम
admin-col-hours = समय
admin-inbox-name-of = इनबॉक्स { $id } का नाम
admin-inbox-team-of = इनबॉक्स { $name } की टीम
admin-inbox-no-team = कोई टीम नहीं: हर एजेंट की कतार
admin-hours-summary =
    { $count ->
        [one] { $count } शिफ़्ट
       *[other] { $count } शिफ़्ट
    }, { $zone }
admin-hours-always-open = हमेशा खुला
admin-hours-has-away-reply = बंद होने पर जवाब
admin-hours-has-greeting = स्वागत संदेश
admin-inboxes-empty = अभी तक किसी ग्राहक ने नहीं लिखा है।
admin-teams = टीमें
admin-team-name-of = टीम { $name } का नाम
admin-team-delete-hint = सिर्फ़ वही टीम मिटाई जा सकती है जिसकी न कोई बातचीत हो, न कोई इनबॉक्स
admin-col-person = व्यक्ति
admin-col-in-team = टीम में
admin-col-leads = टीम लीड
admin-member-in = { $name } टीम { $team } में
admin-member-leads = { $name } टीम { $team } के लीड हैं
admin-teams-empty = कोई टीम नहीं: हर एजेंट हर नंबर की कतार देखता है। एक टीम जोड़ें, उसमें लोगों को रखें और किसी इनबॉक्स को उस टीम की ओर भेजें।
admin-team-name = टीम का नाम
admin-team-new-name = नई टीम का नाम
admin-team-add = टीम जोड़ें

## इनबॉक्स का समय और अपने-आप जाने वाले जवाब

admin-hours-of = { $name } का कामकाजी समय
admin-hours-title = समय और अपने-आप जाने वाले जवाब: { $name }
admin-hours-on = कामकाजी समय (नहीं तो हमेशा खुला)
admin-hours-zone = टाइम ज़ोन
admin-hours-openings = खुलने का समय
admin-day-mon = सोमवार
admin-day-tue = मंगलवार
admin-day-wed = बुधवार
admin-day-thu = गुरुवार
admin-day-fri = शुक्रवार
admin-day-sat = शनिवार
admin-day-sun = रविवार
admin-hours-opens = { $day } को खुलता है
admin-hours-closes = { $day } को बंद होता है
admin-hours-next-day = अगले दिन बंद होता है
admin-hours-holidays = छुट्टियाँ (पूरे दिन बंद; हर पंक्ति में एक तारीख़, YYYY-MM-DD रूप में, जैसे 2026-01-26)
admin-hours-away = बंद होने पर जवाब (बंद रहते समय लिखने वाले ग्राहक को एक बार भेजा जाता है)
admin-hours-greeting = स्वागत संदेश (नई बातचीत शुरू करने वाले ग्राहक को भेजा जाता है)
admin-hours-csat = हल करने पर संतुष्टि सर्वे (सवाल; ग्राहक नीचे दिए तीन बटनों में से एक पर टैप करके जवाब देता है)
admin-hours-csat-answers = सर्वे के बटन, आपके ग्राहकों की भाषा में (हर बटन में ज़्यादा से ज़्यादा 20 अक्षर)
admin-hours-csat-good = अच्छा
admin-hours-csat-ok = ठीक-ठाक
admin-hours-csat-poor = खराब
# The buttons a new survey starts with (what the customer taps; each at most 20 characters).
admin-hours-csat-good-default = 😀 अच्छा
admin-hours-csat-ok-default = 😐 ठीक-ठाक
admin-hours-csat-poor-default = 🙁 खराब

## रिपोर्ट

admin-report-period = अवधि
admin-report-last-days =
    { $count ->
        [one] पिछला दिन
       *[other] पिछले { $count } दिन
    }
admin-report-every-team = सभी टीमें
admin-report-inbox = इनबॉक्स
admin-report-every-number = सभी नंबर
admin-report-export = CSV एक्सपोर्ट करें
admin-report-saved = { $path } में सहेजा गया
admin-report-agent = एजेंट
admin-report-replies = जवाब
admin-report-first-responses = पहले जवाब
admin-report-first-response-median = पहले जवाब का मीडियन समय
admin-report-resolved = हल की गईं
admin-report-resolution-median = हल होने का मीडियन समय
admin-report-targets-met = पूरे हुए लक्ष्य
admin-report-targets-missed = चूके लक्ष्य
admin-report-ratings = रेटिंग (अच्छी / ठीक / खराब)
admin-report-empty = इस अवधि में कुछ नहीं।
admin-report-summary = इस अवधि में देय सेवा स्तर लक्ष्य: { $met } पूरे हुए, { $missed } चूके। संतुष्टि सर्वे के जवाब: { $good } अच्छे, { $ok } ठीक, { $poor } खराब।

## रिपोर्ट का चार्ट

admin-chart-per-day = प्रतिदिन (UTC)
admin-chart-inbound = ग्राहकों के संदेश
admin-chart-replies = जवाब
admin-chart-show-chart = चार्ट के रूप में दिखाएँ
admin-chart-show-table = टेबल के रूप में दिखाएँ
admin-chart-day = दिन (UTC)
admin-chart-new-conversations = नई बातचीत
admin-chart-resolved = हल की गईं
admin-chart-label = प्रतिदिन ग्राहकों के संदेश और जवाब
admin-chart-day-values = { $day }: ग्राहकों से { $inbound } संदेश, { $replies } जवाब

## लेबल

admin-labels-empty = अभी कोई लेबल नहीं है।
admin-label = लेबल
admin-label-new-name = नए लेबल का नाम
admin-label-colour = रंग
admin-label-add = लेबल जोड़ें

## तैयार जवाब

admin-canned-shortcut = शॉर्टकट
admin-canned-text = टेक्स्ट
admin-canned-empty = अभी कोई तैयार जवाब नहीं है।
admin-canned-name = तैयार जवाब का नाम
# शॉर्टकट में सिर्फ़ छोटे लैटिन अक्षर, अंक, - और _ चलते हैं, इसलिए उदाहरण लैटिन में है।
admin-canned-shortcut-example = shortcut
admin-canned-shortcut-label = शॉर्टकट (/ के बाद टाइप करें)
admin-canned-text-example = नमस्ते { $name }, …
admin-canned-variables = जब कोई एजेंट इसे डालता है, तो { $name }, { $number } और { $agent } अपने-आप भर जाते हैं।
admin-canned-add = तैयार जवाब जोड़ें

## WhatsApp अलर्ट और ऑडिट लॉग

admin-alerts-empty = WhatsApp ने कोई अलर्ट नहीं भेजा है।
admin-audit-empty = अभी कुछ नहीं।
admin-audit-hub = हब
admin-audit-agent = एजेंट #{ $id }

## सेवा स्तर

admin-sla-policies = सेवा स्तर नीतियाँ
admin-sla-help = लक्ष्य बातचीत के इनबॉक्स के कामकाजी समय में गिने जाते हैं। सबसे खास नीति लागू होती है: पहले लेबल की, फिर टीम की, फिर इनबॉक्स की, और आख़िर में सभी बातचीत वाली नीति।
admin-sla-applies-to = किस पर लागू
admin-sla-first-response = पहला जवाब
admin-sla-next-response = अगला जवाब
admin-sla-resolution = हल होना
admin-sla-empty = कोई नीति नहीं: बातचीत के कोई लक्ष्य नहीं हैं।
admin-sla-change = नीति बदलें
admin-sla-new = नई नीति
admin-sla-scope-all = सभी बातचीत
admin-sla-scope-inbox = इनबॉक्स { $name }
admin-sla-scope-team = टीम { $name }
admin-sla-scope-label = लेबल { $name }
admin-sla-first-within = पहला जवाब इतने समय में (मिनट)
admin-sla-next-within = अगला जवाब इतने समय में (मिनट)
admin-sla-resolution-within = हल इतने समय में (घंटे)
admin-sla-add = नीति जोड़ें

## मैक्रो

admin-macros = मैक्रो
admin-macros-help = जो भी किसी बातचीत पर काम कर सकता है, वह चुनी हुई बातचीत पर कमांड पैलेट ({ $keys }) से मैक्रो चला सकता है। जवाबों में { $name }, { $number } और { $agent } इस्तेमाल किए जा सकते हैं।
admin-macros-empty = अभी कोई मैक्रो नहीं है।
admin-macro-change = मैक्रो बदलें
admin-macro-new = नया मैक्रो
admin-macro-assign-to = किसे सौंपें
admin-macro-back-to-queue = वापस कतार में
admin-macro-reply = जवाब
admin-macro-note = नोट
admin-macro-snooze-for = बाद के लिए रखें (घंटे; ख़ाली: जब तक ग्राहक न लिखे)
admin-macro-remove-step = चरण { $position } हटाएँ
admin-macro-add-step = चरण जोड़ें
admin-macro-choose = चुनें…
admin-macro-add = मैक्रो जोड़ें
admin-macro-kind-label = लेबल लगाएँ
admin-macro-kind-assign = सौंपें
admin-macro-kind-reply = जवाब दें
admin-macro-kind-note = निजी नोट
admin-macro-kind-snooze = बाद के लिए रखें
admin-macro-kind-resolve = हल करें
admin-macro-step-label = लेबल { $labels }
admin-macro-step-unassign = वापस कतार में
admin-macro-step-assign = { $name } को सौंपें
admin-macro-step-reply = जवाब “{ $text }”
admin-macro-step-note = नोट “{ $text }”
admin-macro-step-snooze = { $hours } घंटे के लिए बाद में
admin-macro-step-snooze-until-reply = ग्राहक के लिखने तक बाद में
admin-macro-step-resolve = हल करें
