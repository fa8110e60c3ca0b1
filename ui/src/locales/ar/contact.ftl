# لوحة جهة الاتصال: من هو العميل وأين وصلت المحادثة.

contact-pane = جهة الاتصال
contact-hide = أخفِ تفاصيل جهة الاتصال
contact-number = الرقم
contact-assigned-to = مسندة إلى
contact-status = الحالة
contact-resolved = منتهية
contact-open = مفتوحة
contact-window = نافذة الـ24 ساعة
contact-window-open = مفتوحة، تُغلق خلال { $left }
contact-window-closed = مغلقة: القوالب فقط
contact-last-inbound = آخر رسالة من العميل
contact-marketing = الرسائل التسويقية
contact-opted-out = طلب عدم استلامها في { $date }: لا قوالب تسويقية
contact-not-opted-out = لم يطلب إيقافها
