# ऐप के कोर के इनकार: जब वह माँगा गया काम नहीं करता, तब क्या कहता है।

## Who may do what

refusal-label-not-yours = इस बातचीत पर लेबल सिर्फ़ वही लगा सकता है जिसके पास यह बातचीत है (या कोई एडमिन)
refusal-admins-manage-labels = लेबल सिर्फ़ एडमिन संभाल सकते हैं
refusal-admins-manage-lists = सूचियाँ सिर्फ़ एडमिन संभाल सकते हैं: तैयार जवाब, टीमें और इनबॉक्स
refusal-move-team-not-allowed = बातचीत को दूसरी टीम में सिर्फ़ वही भेज सकता है जिसके पास यह है, या टीम लीड या कोई एडमिन
refusal-other-queues = दूसरे एजेंटों की कतारें सिर्फ़ एडमिन, दर्शक और टीम लीड देख सकते हैं
refusal-claim-before-reply = जवाब देने से पहले बातचीत अपने नाम लें
refusal-role-cannot-reply = आपकी भूमिका में जवाब देने की अनुमति नहीं है
refusal-role-cannot-note = आपकी भूमिका में नोट लिखने की अनुमति नहीं है
refusal-not-yours-to-reply = यह बातचीत आपके पास नहीं है, इसलिए आप इसमें जवाब नहीं दे सकते
refusal-not-yours-to-react = यह बातचीत आपके पास नहीं है, इसलिए आप इसमें रिएक्शन नहीं दे सकते
refusal-viewers-take-none = दर्शकों को बातचीत नहीं सौंपी जातीं
refusal-assign-not-allowed = बातचीत सिर्फ़ एडमिन या टीम लीड सौंप सकते हैं
refusal-snooze-not-yours = इस बातचीत को बाद के लिए सिर्फ़ वही रख सकता है जिसके पास यह है (या कोई टीम लीड या एडमिन)
refusal-snooze-only-open = सिर्फ़ खुली बातचीत को बाद के लिए रखा जा सकता है
refusal-wake-not-yours = इस बातचीत को समय से पहले सिर्फ़ वही वापस ला सकता है जिसके पास यह है (या कोई टीम लीड या एडमिन)
refusal-unread-not-yours = इस बातचीत को अनपढ़ा सिर्फ़ वही मार्क कर सकता है जिसके पास यह है (या कोई एडमिन)
refusal-reports-not-allowed = रिपोर्ट एडमिन के लिए हैं, और टीम लीड व दर्शकों के लिए सिर्फ़ उनकी अपनी टीम की
refusal-admins-read-alerts = WhatsApp के अलर्ट सिर्फ़ एडमिन पढ़ सकते हैं
refusal-admins-manage-team = टीम सिर्फ़ एडमिन संभाल सकते हैं

## Replies, notes, reactions and templates

refusal-resend-only-refused-text = सिर्फ़ वही टेक्स्ट जवाब दोबारा भेजा जा सकता है जिसे WhatsApp ने अस्वीकार किया हो
refusal-no-such-template = इस नाम और भाषा का कोई स्वीकृत टेम्पलेट नहीं है
refusal-template-parameters = टेम्पलेट के सभी पैरामीटर भरें
refusal-draft-too-long = ड्राफ़्ट में ज़्यादा से ज़्यादा 8,192 अक्षर हो सकते हैं
refusal-message-empty = मैसेज खाली है
refusal-message-control-characters = मैसेज में कंट्रोल कैरेक्टर हैं
refusal-message-too-long = मैसेज 4096 अक्षरों से लंबा है
refusal-reaction-one-emoji = रिएक्शन एक ही इमोजी होता है (या उसे हटाने के लिए खाली)
refusal-caption-too-long = कैप्शन में ज़्यादा से ज़्यादा 1024 अक्षर हो सकते हैं
refusal-reply-not-queued = जवाब को भेजने की कतार में नहीं रखा जा सका

## Reply buttons and lists

refusal-buttons-question-too-long = जवाब बटन वाले सवाल में ज़्यादा से ज़्यादा 1024 अक्षर हो सकते हैं
refusal-list-label = सूची के बटन का लेबल 1 से 20 अक्षर का होता है, एक ही लाइन में, बिना कंट्रोल कैरेक्टर के
refusal-button-count = मैसेज में 1 से 3 जवाब बटन होते हैं
refusal-row-count = सूची में 1 से 10 पंक्तियाँ होती हैं
refusal-button-title = बटन का शीर्षक 1 से 20 अक्षर का होता है, एक ही लाइन में, बिना कंट्रोल कैरेक्टर के
refusal-row-title = पंक्ति का शीर्षक 1 से 24 अक्षर का होता है, एक ही लाइन में, बिना कंट्रोल कैरेक्टर के
refusal-choices-unique = हर विकल्प का शीर्षक बाकी सभी से अलग होना चाहिए

## Lists, pages and searches

refusal-page-of-messages = एक पेज में 1 से 200 मैसेज होते हैं
refusal-page-of-entries = एक पेज में 1 से 100 एंट्री होती हैं
refusal-search-too-long = खोज में ज़्यादा से ज़्यादा 200 अक्षर हो सकते हैं
refusal-select-count = 1 से 1,000 बातचीत चुनें
refusal-name-length = नाम 1 से 80 अक्षर का होता है
refusal-label-colour = रंग # और उसके बाद छह हेक्स अंकों में लिखा जाता है, जैसे #1e88e5
refusal-shortcut = शॉर्टकट में a-z, 0-9, - और _ में से 1 से 32 अक्षर होते हैं, और यह किसी अक्षर या अंक से शुरू होता है

## Macros and service levels

refusal-macro-name-length = मैक्रो का नाम 1 से 80 अक्षर का होता है
refusal-macro-steps = मैक्रो में 1 से 20 चरण होते हैं
refusal-macro-snooze-length = बातचीत को 1 घंटे से एक साल तक के लिए बाद के लिए रखा जा सकता है
refusal-macro-step-labels = एक चरण ज़्यादा से ज़्यादा 50 लेबल बदलता है
refusal-policy-name-length = नीति का नाम 1 से 80 अक्षर का होता है
refusal-policy-scope = नीति एक इनबॉक्स, एक टीम या एक लेबल पर लागू होती है, या सब पर
refusal-policy-no-target = नीति में कम से कम एक लक्ष्य होना चाहिए
refusal-policy-target-range = लक्ष्य एक मिनट से 90 दिन तक का होता है

## Business hours

refusal-unknown-time-zone = अनजान टाइम ज़ोन
refusal-too-many-shifts = हफ़्ते में ज़्यादा से ज़्यादा 50 शिफ़्ट
refusal-too-many-holidays = ज़्यादा से ज़्यादा 400 छुट्टियाँ
refusal-shift-times = शिफ़्ट का समय HH:MM रूप में, 00:00 से 24:00 तक होता है
refusal-shift-opens-before-midnight = शिफ़्ट 24:00 से पहले शुरू होती है
refusal-holiday-date = छुट्टी एक तारीख़ होती है, YYYY-MM-DD रूप में

## Files and media

refusal-no-downloaded-media = इस मैसेज का मीडिया डाउनलोड नहीं हुआ है
refusal-download-limit-range = डाउनलोड की सीमा 1 MB से 100 MB के बीच होती है
refusal-too-many-same-name = फ़ोल्डर में इस नाम की बहुत ज़्यादा फ़ाइलें हैं
refusal-file-unreadable = फ़ाइल पढ़ी नहीं जा सकी
refusal-file-grew = पढ़ते समय फ़ाइल WhatsApp की सीमा से बड़ी हो गई
refusal-file-empty = फ़ाइल खाली है
refusal-file-too-large-to-show = फ़ाइल यहाँ दिखाने के लिए बहुत बड़ी है
refusal-file-is-program = यह फ़ाइल एक प्रोग्राम है, दस्तावेज़ या मीडिया नहीं: इसे नहीं भेजा जाता
refusal-file-name-characters = फ़ाइल के नाम में कंट्रोल, अदृश्य या दिशा बदलने वाले कैरेक्टर नहीं हो सकते

## Signing in, the profile and the local copy

refusal-profile-name = प्रोफ़ाइल के नाम में सिर्फ़ अक्षर, अंक, '-' और '_' हो सकते हैं
refusal-home-not-set = HOME सेट नहीं है
refusal-token-empty = टोकन खाली है
refusal-account-damaged = प्रोफ़ाइल की account.json फ़ाइल ख़राब है; फिर से साइन इन करें
refusal-unknown-language = यह भाषा ऐप में उपलब्ध नहीं है
refusal-hub-url = हब का URL http:// या https:// से शुरू होना चाहिए
refusal-message-not-stored = मैसेज की जानकारी सहेजी नहीं जा सकी
refusal-reaction-not-stored = रिएक्शन सहेजा नहीं जा सका
refusal-request-not-written = अनुरोध तैयार नहीं किया जा सका
