# Panel kontak: siapa pelanggannya dan bagaimana status percakapannya.

contact-pane = Kontak
contact-hide = Sembunyikan detail kontak
contact-number = Nomor
contact-assigned-to = Ditugaskan ke
contact-status = Status
contact-resolved = Selesai
contact-open = Terbuka
contact-window = Jendela 24 jam
contact-window-open = terbuka, tertutup dalam { $left }
contact-window-closed = tertutup: hanya templat
contact-last-inbound = Pesan terakhir dari pelanggan
contact-marketing = Pesan marketing
contact-opted-out = berhenti menerima sejak { $date }: tanpa templat marketing
contact-not-opted-out = tidak berhenti menerima
