# Layar Tim (admin; pemimpin tim melihat laporan timnya): agen dan tokennya,
# tim dan kotak masuk, jam operasional, tingkat layanan, makro, log audit,
# peringatan WhatsApp, balasan cepat, label, dan laporan.

## Layar dan tabnya

admin-team = Tim
admin-team-screens = Layar tim
admin-tab-agents = Agen
admin-tab-teams = Tim & kotak masuk
admin-tab-sla = Tingkat layanan
admin-tab-macros = Makro
admin-tab-audit = Log audit
admin-tab-alerts = Peringatan WhatsApp
admin-tab-canned = Balasan cepat
admin-tab-labels = Label
admin-tab-reports = Laporan
admin-back-to-inbox = Kembali ke percakapan

## Kata yang dipakai di beberapa tab

admin-col-name = Nama
admin-col-actions = Tindakan
admin-edit = Ubah
admin-delete = Hapus
admin-remove = Hapus
admin-save = Simpan
admin-cancel = Batal
admin-close = Tutup
admin-load-more = Muat lagi

## Agen dan tokennya

admin-token-issued = Token untuk { $name }. Token ini hanya ditampilkan sekarang: berikan kepada orangnya, lalu ia menempelkannya saat masuk.
admin-token-copy = Salin
admin-token-copied = Tersalin
admin-token-done = Selesai
admin-clipboard-failed = papan klip tidak dapat dipakai: pilih tokennya lalu salin
admin-col-role = Peran
admin-col-status = Status
admin-col-open = Terbuka
admin-role-agent = agen
admin-role-admin = admin
admin-role-viewer = pengamat
admin-status-disabled = dinonaktifkan
admin-status-available = tersedia
admin-status-away = tidak di tempat
admin-issue-token = Token baru
admin-revoke-tokens = Cabut token
admin-enable = Aktifkan
admin-disable = Nonaktifkan
admin-agent-new-name = Nama agen baru
admin-agent-add = Tambah agen

## Tim dan kotak masuk

admin-inboxes = Kotak masuk
admin-col-number = Nomor
admin-col-team = Tim
admin-col-hours = Jam
admin-inbox-name-of = Nama kotak masuk { $id }
admin-inbox-team-of = Tim kotak masuk { $name }
admin-inbox-no-team = Tanpa tim: antrean semua agen
admin-hours-summary = { $count } jadwal buka, { $zone }
admin-hours-always-open = Selalu buka
admin-hours-has-away-reply = balasan saat tutup
admin-hours-has-greeting = sapaan
admin-inboxes-empty = Belum ada pelanggan yang menulis.
admin-teams = Tim
admin-team-name-of = Nama tim { $name }
admin-team-delete-hint = Hanya tim tanpa percakapan dan tanpa kotak masuk yang bisa dihapus
admin-col-person = Orang
admin-col-in-team = Di tim
admin-col-leads = Memimpin
admin-member-in = { $name } di { $team }
admin-member-leads = { $name } memimpin { $team }
admin-teams-empty = Belum ada tim: setiap agen melihat antrean semua nomor. Tambahkan tim, masukkan orang ke dalamnya, lalu arahkan kotak masuk ke tim itu.
admin-team-name = Nama tim
admin-team-new-name = Nama tim baru
admin-team-add = Tambah tim

## Jam dan balasan otomatis kotak masuk

admin-hours-of = Jam operasional { $name }
admin-hours-title = Jam dan balasan otomatis: { $name }
admin-hours-on = Jam operasional (jika tidak, selalu buka)
admin-hours-zone = Zona waktu
admin-hours-openings = Jam buka
admin-day-mon = Senin
admin-day-tue = Selasa
admin-day-wed = Rabu
admin-day-thu = Kamis
admin-day-fri = Jumat
admin-day-sat = Sabtu
admin-day-sun = Minggu
admin-hours-opens = { $day } buka
admin-hours-closes = { $day } tutup
admin-hours-next-day = tutup keesokan harinya
admin-hours-holidays = Hari libur (tutup seharian; satu tanggal per baris, format YYYY-MM-DD)
admin-hours-away = Balasan saat tutup (dikirim sekali selama tutup, ke pelanggan yang menulis)
admin-hours-greeting = Sapaan (dikirim ke pelanggan yang memulai percakapan baru)
admin-hours-csat = Survei kepuasan saat diselesaikan (pertanyaannya; pelanggan menjawab dengan sekali ketuk pada salah satu dari tiga tombol di bawah)
admin-hours-csat-answers = Tombol survei, dalam bahasa pelanggan Anda (maksimal 20 karakter per tombol)
admin-hours-csat-good = Baik
admin-hours-csat-ok = Biasa
admin-hours-csat-poor = Buruk
# The buttons a new survey starts with (what the customer taps; each at most 20 characters).
admin-hours-csat-good-default = 😀 Baik
admin-hours-csat-ok-default = 😐 Biasa
admin-hours-csat-poor-default = 🙁 Buruk

## Laporan

admin-report-period = Periode
admin-report-last-days = { $count } hari terakhir
admin-report-every-team = semua tim
admin-report-inbox = Kotak masuk
admin-report-every-number = semua nomor
admin-report-export = Ekspor CSV
admin-report-saved = Disimpan ke { $path }
admin-report-agent = Agen
admin-report-replies = Balasan
admin-report-first-responses = Respons pertama
admin-report-first-response-median = Median respons pertama
admin-report-resolved = Diselesaikan
admin-report-resolution-median = Median penyelesaian
admin-report-targets-met = Target tercapai
admin-report-targets-missed = Target terlewat
admin-report-ratings = Penilaian (baik / OK / buruk)
admin-report-empty = Tidak ada apa pun di periode ini.
admin-report-summary = Target tingkat layanan yang jatuh tempo di periode ini: { $met } tercapai, { $missed } terlewat. Jawaban survei kepuasan: { $good } baik, { $ok } OK, { $poor } buruk.

## Grafik laporan

admin-chart-per-day = Per hari (UTC)
admin-chart-inbound = Pesan dari pelanggan
admin-chart-replies = Balasan
admin-chart-show-chart = Tampilkan sebagai grafik
admin-chart-show-table = Tampilkan sebagai tabel
admin-chart-day = Hari (UTC)
admin-chart-new-conversations = Percakapan baru
admin-chart-resolved = Diselesaikan
admin-chart-label = Pesan dari pelanggan dan balasan per hari
admin-chart-day-values = { $day }: { $inbound } pesan dari pelanggan, { $replies } balasan

## Label

admin-labels-empty = Belum ada label.
admin-label = Label
admin-label-new-name = Nama label baru
admin-label-colour = Warna
admin-label-add = Tambah label

## Balasan cepat

admin-canned-shortcut = Pintasan
admin-canned-text = Teks
admin-canned-empty = Belum ada balasan cepat.
admin-canned-name = Nama balasan cepat
# Hanya huruf kecil Latin, angka, - dan _.
admin-canned-shortcut-example = pintasan
admin-canned-shortcut-label = Pintasan (diketik setelah /)
admin-canned-text-example = Halo { $name }, …
admin-canned-variables = { $name }, { $number }, dan { $agent } diisi otomatis saat agen menyisipkannya.
admin-canned-add = Tambah balasan cepat

## Peringatan WhatsApp dan log audit

admin-alerts-empty = WhatsApp belum mengirim peringatan apa pun.
admin-audit-empty = Belum ada apa pun.
admin-audit-hub = hub
admin-audit-agent = agen #{ $id }

## Tingkat layanan

admin-sla-policies = Kebijakan tingkat layanan
admin-sla-help = Target dihitung dalam jam operasional kotak masuk percakapan. Kebijakan yang paling spesifik yang berlaku: milik label, lalu milik tim, lalu milik kotak masuk, lalu kebijakan untuk semua percakapan.
admin-sla-applies-to = Berlaku untuk
admin-sla-first-response = Respons pertama
admin-sla-next-response = Respons berikutnya
admin-sla-resolution = Penyelesaian
admin-sla-empty = Tidak ada kebijakan: percakapan tidak punya target.
admin-sla-change = Ubah kebijakan
admin-sla-new = Kebijakan baru
admin-sla-scope-all = Semua percakapan
admin-sla-scope-inbox = Kotak masuk { $name }
admin-sla-scope-team = Tim { $name }
admin-sla-scope-label = Label { $name }
admin-sla-first-within = Respons pertama dalam (menit)
admin-sla-next-within = Respons berikutnya dalam (menit)
admin-sla-resolution-within = Penyelesaian dalam (jam)
admin-sla-add = Tambah kebijakan

## Makro

admin-macros = Makro
admin-macros-help = Siapa pun yang boleh menangani percakapan dapat menjalankan makro dari palet perintah ({ $keys }) pada percakapan yang dipilih. Balasan boleh memakai { $name }, { $number }, dan { $agent }.
admin-macros-empty = Belum ada makro.
admin-macro-change = Ubah makro
admin-macro-new = Makro baru
admin-macro-assign-to = Tugaskan ke
admin-macro-back-to-queue = Kembalikan ke antrean
admin-macro-reply = Balasan
admin-macro-note = Catatan
admin-macro-snooze-for = Tunda selama (jam; kosong: sampai pelanggan menulis)
admin-macro-remove-step = Hapus langkah { $position }
admin-macro-add-step = Tambah langkah
admin-macro-choose = Pilih…
admin-macro-add = Tambah makro
admin-macro-kind-label = Tambah label
admin-macro-kind-assign = Tugaskan
admin-macro-kind-reply = Balas
admin-macro-kind-note = Catatan pribadi
admin-macro-kind-snooze = Tunda
admin-macro-kind-resolve = Selesaikan
admin-macro-step-label = label { $labels }
admin-macro-step-unassign = kembali ke antrean
admin-macro-step-assign = tugaskan ke { $name }
admin-macro-step-reply = balas “{ $text }”
admin-macro-step-note = catatan “{ $text }”
admin-macro-step-snooze = tunda { $hours } jam
admin-macro-step-snooze-until-reply = tunda sampai pelanggan menulis
admin-macro-step-resolve = selesaikan
