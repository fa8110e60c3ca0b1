# जवाब का बॉक्स, जवाब के साथ भेजे जाने वाले विकल्प और उनमें जो WhatsApp
# मना कर देगा।

## कोई साथी इसी बातचीत में लिख रहा था

composer-over-typing = { $name } अभी थोड़ी देर पहले यहाँ लिख रहे थे। फिर भी भेजें?
composer-send-anyway = फिर भी भेजें
composer-wait = रुकें

## किसी मैसेज को कोट करना

composer-replying-to-customer = ग्राहक को जवाब दे रहे हैं:
composer-replying-to-team = अपनी टीम को जवाब दे रहे हैं:
composer-unquote = इस मैसेज को कोट न करें

## लिखते समय सुझाव (@ और /)

composer-mention-list = ज़िक्र करने के लिए साथी
composer-canned-list = तैयार जवाब

## जवाब के साथ भेजी जाने वाली फ़ाइलें

composer-files = भेजने के लिए फ़ाइलें
composer-kind-audio = ऑडियो
composer-remove-file = { $name } हटाएँ
composer-pasted-file-name = चिपकाई-गई-फ़ाइल

## बॉक्स

composer-placeholder-note = आपकी टीम के लिए नोट (ग्राहक इसे कभी नहीं देखता); @नाम लिखकर साथी को बताएँ
composer-placeholder-closed = 24 घंटे की विंडो बंद है
composer-placeholder-question = वह सवाल लिखें जिसका जवाब ये विकल्प देते हैं…
composer-placeholder-caption = कैप्शन जोड़ें (वैकल्पिक)…
composer-placeholder-reply-from = { $inbox } से जवाब लिखें…
composer-placeholder-reply = जवाब लिखें…
composer-label-note = टीम के लिए नोट
composer-label-reply = जवाब
composer-hint-note = Enter से नोट जुड़ता है · Shift+Enter नई लाइन · / तैयार जवाब
composer-hint-reply = Enter से भेजें · Shift+Enter नई लाइन · / तैयार जवाब · फ़ाइलें चिपकाएँ या यहाँ छोड़ें
composer-counter = { $length } / { $limit }
composer-counter-caption = { $length } / { $limit } (कैप्शन)

## बटन

composer-add-note = नोट जोड़ें
composer-attach = फ़ाइल अटैच करें
composer-attach-title = फ़ाइल अटैच करें (इमेज, दस्तावेज़, ऑडियो, वीडियो)
composer-add-choices = ग्राहक के टैप करने के लिए विकल्प जोड़ें
composer-add-choices-title = ग्राहक के टैप करने के लिए जवाब बटन या सूची
composer-choices-no-quote = विकल्पों वाला जवाब किसी मैसेज को कोट नहीं कर सकता
composer-send = भेजें

## ग्राहक के टैप करने के लिए विकल्प (जवाब बटन या सूची)

composer-choices-legend = ग्राहक के टैप करने के लिए विकल्प
composer-choices-how = विकल्प कैसे दिखें
composer-as-buttons = जवाब बटन (ज़्यादा से ज़्यादा { $count })
composer-as-list = सूची (ज़्यादा से ज़्यादा { $count ->
        [one] { $count } पंक्ति
       *[other] { $count } पंक्तियाँ
    })
composer-list-label = सूची खोलने वाला बटन
composer-list-label-default = चुनें
composer-row-placeholder = पंक्ति { $number } (ज़्यादा से ज़्यादा { $count } अक्षर)
composer-button-placeholder = बटन { $number } (ज़्यादा से ज़्यादा { $count } अक्षर)
composer-row = पंक्ति { $number }
composer-button = बटन { $number }
composer-remove-row = पंक्ति { $number } हटाएँ
composer-remove-button = बटन { $number } हटाएँ
composer-add-row = पंक्ति जोड़ें
composer-add-button = बटन जोड़ें
composer-drop-choices = विकल्पों के बिना भेजें
composer-choices-help = ऊपर लिखा जवाब ही सवाल है; ग्राहक का टैप उनके जवाब के रूप में वापस आता है।

## WhatsApp क्या मना कर देगा, यह लिखते समय ही बताया जाता है

composer-problem-no-question = वह सवाल लिखें जिसका जवाब ये विकल्प देते हैं।
composer-problem-question-long-list = सूची वाले सवाल में ज़्यादा से ज़्यादा { $count } अक्षर हो सकते हैं।
composer-problem-question-long-buttons = जवाब बटन वाले सवाल में ज़्यादा से ज़्यादा { $count } अक्षर हो सकते हैं।
composer-problem-list-label = सूची के बटन का लेबल { $min } से { $count } अक्षर का होता है।
composer-problem-rows = सूची में { $min } से { $count } पंक्तियाँ होती हैं।
composer-problem-buttons = मैसेज में { $min } से { $count } जवाब बटन होते हैं।
composer-problem-row = पंक्ति { $number }: { $min } से { $count } अक्षर, एक ही लाइन में।
composer-problem-button = बटन { $number }: { $min } से { $count } अक्षर, एक ही लाइन में।
composer-problem-twice = “{ $choice }” दो बार है: हर विकल्प अलग होना चाहिए।
