# The left pane (who I am, the connection, search, the views, the list of
# conversations, bulk actions) and the inbox's notes.

## Who I am and the connection

inbox-sidebar = बातचीत
inbox-role-admin = एडमिन
inbox-role-agent = एजेंट
inbox-role-viewer = दर्शक
inbox-available = उपलब्ध
inbox-away = दूर
inbox-set-away = दूर पर सेट करें
inbox-set-available = उपलब्ध पर सेट करें
inbox-available-title = आपको नई बातचीत मिल रही हैं: दूर होने के लिए क्लिक करें
inbox-away-title = आपको नई बातचीत नहीं मिल रही हैं: उपलब्ध होने के लिए क्लिक करें
inbox-team = टीम
inbox-reports = रिपोर्ट
inbox-online = ऑनलाइन
inbox-offline = ऑफ़लाइन
inbox-connected = कनेक्टेड
inbox-syncing = इतिहास सिंक हो रहा है… { $percent }%
inbox-offline-note = ऑफ़लाइन — लोकल कॉपी दिखाई जा रही है। { $reason }

## Search

inbox-search-placeholder = मैसेज खोजें  ( / )
inbox-search = मैसेज खोजें
inbox-search-results = खोज के नतीजे
inbox-search-failed = खोज नहीं हो सकी: { $error }
inbox-search-none = कोई मैसेज मेल नहीं खाता।
inbox-searching = खोज रहे हैं…

## The views (lists of conversations) and their names

inbox-views = व्यू
inbox-view-mine = मेरी
inbox-view-unassigned = बिना सौंपी
inbox-view-all = सभी
inbox-view-resolved = हल हुई
inbox-view-snoozed = बाद के लिए रखी
inbox-view-due-soon = जल्द देय
inbox-view-overdue = समय से पीछे
inbox-view-label-unknown = लेबल #{ $id }
inbox-view-team-queue = { $team }: कतार
inbox-view-team = { $team }: सभी
inbox-team-unknown = टीम #{ $id }

## Bulk actions on the selected conversations

inbox-bulk = चुनी गई बातचीत
inbox-selected =
    { $count ->
        [one] { $count } चुनी गई
       *[other] { $count } चुनी गईं
    }
inbox-bulk-assign = चुनी गई बातचीत सौंपें
inbox-assign-to = किसे सौंपें…
inbox-back-to-queue = वापस कतार में
inbox-agent-open =
    { $count ->
        [one] { $name } ({ $count } खुली)
       *[other] { $name } ({ $count } खुली)
    }
inbox-resolve = हल करें
inbox-bulk-snooze = चुनी गई बातचीत बाद के लिए रखें
inbox-snooze = बाद के लिए रखें…
inbox-bulk-label = चुनी गई बातचीत पर लेबल लगाएँ
inbox-label = लेबल…
inbox-bulk-transfer = चुनी गई बातचीत किसी टीम को भेजें
inbox-transfer-to = ट्रांसफ़र करें…
inbox-select-all-title = इस व्यू की अब तक लोड हुई सभी बातचीत (*)
inbox-select-all = सभी चुनें
inbox-clear = चुनाव हटाएँ

## The list of conversations

inbox-empty = यहाँ कुछ नहीं है। ग्राहकों के मैसेज ऊपर के व्यू में दिखते हैं।
inbox-list = इस व्यू की बातचीत
inbox-pick = { $name } चुनें
inbox-pick-title = चुनें (x); Shift: पिछली चुनी गई पंक्ति से यहाँ तक सभी पंक्तियाँ (Shift+X)
inbox-window-closing = 24 घंटे की विंडो जल्द बंद होगी
inbox-row-due = { $what } देय: { $at }
inbox-row-snoozed-until = { $at } तक बाद के लिए रखी गई
inbox-row-snoozed-reply-title = ग्राहक के लिखने तक बाद के लिए रखी गई
inbox-row-snoozed-reply = जवाब
inbox-unread =
    { $count ->
        [one] { $count } अनपढ़ा
       *[other] { $count } अनपढ़े
    }
inbox-row-inbox = { $inbox } पर लिखा गया
inbox-load-more = और लोड करें

## The status line

inbox-status-synced = { $ago } सिंक हुआ
inbox-status-connecting = कनेक्ट हो रहा है…
inbox-status-last-synced = आख़िरी सिंक { $ago }
inbox-outbox =
    { $count ->
        [one] { $count } कतार में
       *[other] { $count } कतार में
    }
inbox-failed =
    { $count ->
        [one] { $count } नहीं भेजा गया
       *[other] { $count } नहीं भेजे गए
    }
inbox-sign-out = साइन आउट करें
inbox-shortcuts = कीबोर्ड शॉर्टकट

## Notes after an action

inbox-signed-out = आपने साइन आउट कर दिया। इस कंप्यूटर की लोकल कॉपी मिटा दी गई।
inbox-macro-ran = “{ $name }” { $count } बातचीत पर चला; { $details }
inbox-macro-queued =
    { $count ->
        [one] { $count } चरण हब का इंतज़ार कर रहा है और उसके जवाब देते ही चलेगा
       *[other] { $count } चरण हब का इंतज़ार कर रहे हैं और उसके जवाब देते ही चलेंगे
    }
inbox-macro-refused =
    { $count ->
        [one] { $count } चरण नहीं हो सका: { $reason }
       *[other] { $count } चरण नहीं हो सके: { $reason }
    }
inbox-macro-both = { $queued }; { $refused }
inbox-bulk-refused = { $done } बदली गईं; { $total } में से { $refused } जैसी थीं वैसी रहीं: { $reason }
