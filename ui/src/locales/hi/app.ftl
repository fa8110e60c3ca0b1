# The workspace (before it: a store that cannot open), signing out, the
# keyboard shortcuts (`?`) and the command palette (Ctrl+K).

## A store that cannot open, and the start

app-fatal-title = Switchboard शुरू नहीं हो सका
app-rebuild = हब से लोकल कॉपी दोबारा बनाएँ
app-opening = खुल रहा है…

## The workspace

app-pane-conversation = बातचीत
app-pick-conversation = कोई बातचीत चुनें · { $key } दबाकर शॉर्टकट देखें

## Signing out

app-sign-out-title = साइन आउट करें?
app-sign-out-erases = इस कंप्यूटर पर आपकी बातचीत की लोकल कॉपी मिटा दी जाएगी; बातचीत हब पर बनी रहेंगी।
app-sign-out-unsent = { $reason }।
app-sign-out-discard = साइन आउट करें और उन्हें हटा दें
app-sign-out-confirm = साइन आउट करें
app-cancel = रद्द करें

## Keyboard shortcuts: each key and what it does

app-shortcuts-title = कीबोर्ड शॉर्टकट
app-close = बंद करें
app-shortcut-search = मैसेज खोजें
app-shortcut-move-keys = j  k  या  ↓  ↑
app-shortcut-move = सूची में ऊपर-नीचे जाएँ (या खोज के नतीजों में)
app-shortcut-open = बातचीत खोलें (या खोज का नतीजा, उसी मैसेज पर)
app-shortcut-reply = जवाब दें
app-shortcut-quote = ग्राहक के आख़िरी मैसेज को कोट करके जवाब दें
app-shortcut-claim = अपने नाम लें
app-shortcut-assign = सौंपें (एडमिन)
app-shortcut-resolve = हल करें या फिर खोलें
app-shortcut-unread = अनपढ़ा मार्क करें (बाद के लिए छोड़ें)
app-shortcut-contact = संपर्क दिखाएँ या छिपाएँ
app-shortcut-select = कर्सर वाली बातचीत चुनें (Shift+X: पिछली चुनी गई पंक्ति से यहाँ तक सभी पंक्तियाँ)
app-shortcut-select-all = इस व्यू की सभी बातचीत चुनें
app-shortcut-macro = चुनी गई (या खुली) बातचीत पर मैक्रो चलाएँ
app-shortcut-back = वापस
app-shortcut-help = यह सूची

## The command palette: the team's macros

app-palette = कमांड पैलेट
app-palette-run =
    { $count ->
        [one] { $count } बातचीत पर मैक्रो चलाएँ…
       *[other] { $count } बातचीत पर मैक्रो चलाएँ…
    }
app-palette-none = पहले कोई बातचीत चुनें या खोलें
app-palette-macro = चलाने के लिए मैक्रो
app-palette-macros = मैक्रो
app-palette-empty = अभी कोई मैक्रो नहीं है: एडमिन इन्हें टीम → मैक्रो में जोड़ते हैं।
app-palette-no-match = कोई मैक्रो मेल नहीं खाता।
app-palette-step-label = लेबल
app-palette-step-assign = सौंपें
app-palette-step-reply = जवाब
app-palette-step-note = नोट
app-palette-step-snooze = बाद के लिए रखें
app-palette-step-resolve = हल करें
