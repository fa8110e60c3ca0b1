# ऐप के कोर की सूचनाएँ।

notice-queue-summary = { $count ->
    [one] कतार में { $count } नई बातचीत
   *[other] कतार में { $count } नई बातचीत
}
notice-mine-summary = { $count ->
    [one] आपकी { $count } बातचीत में नए संदेश हैं
   *[other] आपकी { $count } बातचीतों में नए संदेश हैं
}
notice-more-summary = { $count ->
    [one] { $count } और बातचीत को आपकी ज़रूरत है
   *[other] { $count } और बातचीतों को आपकी ज़रूरत है
}
notice-assigned = आपको सौंपी गई: { $name }
notice-assigned-body = एक साथी ने यह बातचीत आपको सौंपी है।
notice-mentioned = आपका ज़िक्र हुआ: { $name }
notice-new-in-queue = कतार में नई: { $name }
notice-overdue = एक बातचीत समय से पीछे है
notice-due-soon = एक बातचीत जल्द देय है
notice-snooze-ended = बाद के लिए रखी गई बातचीत लौट आई है
notice-whatsapp-alert = WhatsApp चेतावनी
notice-macro-partly = इंतज़ार कर रहा मैक्रो का एक कदम पूरा नहीं हुआ
notice-macro-partly-body = { $count } में से { $refused } बातचीत: { $reason }
notice-macro-refused = इंतज़ार कर रहा मैक्रो का एक कदम अस्वीकार हुआ
notice-new-activity = नई गतिविधि

# The desktop shell's own windows.
shell-attach-title = फ़ाइल जोड़ें
shell-save-title = फ़ाइल सहेजें
shell-tray-open = Switchboard खोलें
shell-tray-quit = बंद करें

# कोर की अपनी गड़बड़ियाँ, जैसे ऐप उन्हें दिखाता है (लॉग अंग्रेज़ी में रहता है)।
core-error-store = लोकल कॉपी में गड़बड़ी हुई; लॉग देखें
core-error-store-key = कीरिंग में रखी कुंजी से लोकल कॉपी नहीं खुल सकी (कुंजी ग़लत है, या यह Switchboard की कॉपी नहीं है)
core-error-store-damaged = आपकी बातचीत की लोकल कॉपी नहीं खुल पा रही है। इसे हब से दोबारा बनाएँ: ख़राब फ़ाइल अलग रख दी जाती है
core-error-keyring-missing = कोई कीरिंग उपलब्ध नहीं है: सिस्टम की कीरिंग (जैसे GNOME Keyring) चालू करें और फिर कोशिश करें
core-error-keyring-locked = कीरिंग लॉक है या उसने ऐक्सेस नहीं दिया: उसे अनलॉक करें और फिर कोशिश करें
core-error-keyring-damaged = कीरिंग में रखी लोकल कॉपी की कुंजी ख़राब है
core-error-keyring-failed = कीरिंग में गड़बड़ी हुई; लॉग देखें
core-error-not-signed-in = यह कंप्यूटर किसी हब में साइन इन नहीं है
core-error-signed-out = हब अब इस कंप्यूटर का साइन-इन स्वीकार नहीं करता: लोकल कॉपी मिटा दी गई है; फिर से साइन इन करें
core-error-offline = हब तक पहुँचा नहीं जा सकता; आप ऑफ़लाइन काम कर रहे हैं
core-error-download-cap = यह फ़ाइल { $size } MB की है, आपकी { $limit } MB की डाउनलोड सीमा से ज़्यादा: इसे लाने के लिए सीमा बढ़ाएँ
core-error-not-found = यह अब मौजूद नहीं है
core-error-unsent-replies = { $count ->
    [one] { $count } जवाब अभी हब तक नहीं पहुँचा है; साइन आउट करने पर यह लोकल कॉपी के साथ मिट जाएगा
   *[other] { $count } जवाब अभी हब तक नहीं पहुँचे हैं; साइन आउट करने पर ये लोकल कॉपी के साथ मिट जाएँगे
}

# वे फ़ाइलें जिन्हें WhatsApp नहीं लेता ($kind: image, audio, video या document)।
file-unsupported-type = WhatsApp { $type } प्रकार की फ़ाइलें नहीं लेता: JPEG या PNG इमेज, AAC, AMR, MP3, M4A या OGG ऑडियो, MP4 या 3GP वीडियो, या PDF, टेक्स्ट, Office या ZIP दस्तावेज़ भेजें
file-too-large = फ़ाइल { $size } MB की है; WhatsApp ज़्यादा से ज़्यादा { $limit } MB { $kind ->
    [image] की इमेज
    [audio] की ऑडियो फ़ाइलें
    [video] के वीडियो
   *[document] के दस्तावेज़
} लेता है
file-too-large-arriving = फ़ाइल WhatsApp की सीमा से बड़ी है: WhatsApp ज़्यादा से ज़्यादा { $limit } MB { $kind ->
    [image] की इमेज
    [audio] की ऑडियो फ़ाइलें
    [video] के वीडियो
   *[document] के दस्तावेज़
} लेता है
file-wrong-ending = { $type } प्रकार की फ़ाइल का नाम { $endings } पर ख़त्म होता है
file-not-its-type = फ़ाइल की सामग्री { $type } नहीं है
