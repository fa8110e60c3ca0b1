# संपर्क पैनल: ग्राहक कौन है और बातचीत किस स्थिति में है।

contact-pane = संपर्क
contact-hide = संपर्क विवरण छिपाएँ
contact-number = नंबर
contact-assigned-to = किसे सौंपी गई
contact-status = स्थिति
contact-resolved = हल हो गई
contact-open = खुली
contact-window = 24 घंटे की विंडो
contact-window-open = खुली है, { $left } में बंद होगी
contact-window-closed = बंद: सिर्फ़ टेम्पलेट
contact-last-inbound = ग्राहक का आखिरी संदेश
contact-marketing = मार्केटिंग संदेश
contact-opted-out = { $date } को मना किया: कोई मार्केटिंग टेम्पलेट नहीं
contact-not-opted-out = मना नहीं किया
