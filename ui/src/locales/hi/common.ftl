# साझा शब्द: भाषा चुनना, साइन इन।

language-choose = भाषा
sign-in-title = अपनी टीम के हब में साइन इन करें
sign-in-hub = हब का पता
sign-in-token = एक्सेस टोकन
sign-in-busy = साइन इन हो रहा है…
sign-in-submit = साइन इन करें
sign-in-help = आपके एडमिन { $command } से टोकन बनाते हैं। टोकन सिस्टम कीरिंग में सुरक्षित रहता है।
theme-choose = थीम
theme-system = सिस्टम के अनुसार
theme-light = हल्की
theme-dark = गहरी
settings = सेटिंग्स
