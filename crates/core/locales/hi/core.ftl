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
