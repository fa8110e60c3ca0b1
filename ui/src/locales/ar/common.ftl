# كلمات مشتركة: اختيار اللغة، تسجيل الدخول.

language-choose = اللغة
sign-in-title = سجّل الدخول إلى مركز فريقك
sign-in-hub = عنوان المركز
sign-in-token = رمز الدخول
sign-in-busy = جارٍ تسجيل الدخول…
sign-in-submit = تسجيل الدخول
sign-in-help = يُصدر المسؤول الرموز باستخدام { $command }. يُحفظ الرمز في سلسلة مفاتيح النظام.
theme-choose = المظهر
theme-system = كما في النظام
theme-light = فاتح
theme-dark = داكن
settings = الإعدادات
