# Percakapan yang terbuka: kepala dan tindakannya, pesan, pemilih templat.

## Pesan

thread-messages = Pesan
thread-load-older = Muat pesan sebelumnya
thread-load-newer = Muat pesan yang lebih baru
thread-jump-latest = Lompat ke pesan terbaru
thread-new-messages = pesan baru
thread-note-by-you = Catatan dari Anda · hanya tim Anda yang melihatnya
thread-note-by-colleague = Catatan dari rekan · hanya tim Anda yang melihatnya
thread-note-by = Catatan dari { $name } · hanya tim Anda yang melihatnya
thread-note-by-agent = Catatan dari Agen #{ $id } · hanya tim Anda yang melihatnya
thread-quote-reply = Balas
thread-react = Beri reaksi
thread-react-with = Beri reaksi dengan
thread-react-with-emoji = Beri reaksi { $emoji }
thread-automatic = dikirim otomatis
thread-automatic-title = Dikirim oleh Switchboard: salam atau balasan saat tutup dari nomor ini
thread-from-phone = dari ponsel
thread-from-phone-title = Dikirim dari aplikasi WhatsApp Business di ponsel bisnis
thread-edited = diedit
thread-unknown-outcome = Hub kehilangan jawaban WhatsApp: pesan ini mungkin sudah sampai ke pelanggan, mungkin juga belum. Tanyakan kepada pelanggan sebelum mengirimnya lagi.
thread-write-again = Tulis lagi
thread-retry = Coba lagi
thread-discard = Buang
thread-write = Tulis
thread-mode-reply = Balasan
thread-mode-note = Catatan
thread-claim = Ambil percakapan ini untuk membalas
thread-viewer-read-only = Pengamat hanya dapat membaca.
thread-assigned-elsewhere = Ditugaskan ke orang lain.
thread-presence-typing = { $name } sedang mengetik…
thread-presence-viewing = { $name } sedang melihat
thread-names-and = { $first } dan { $second }

## Kepala percakapan

thread-back = Kembali ke daftar
thread-inbox-title = Nomor yang dihubungi pelanggan
thread-hours-open = Buka
thread-hours-closed = Tutup
thread-hours-open-until = Buka sampai { $time }
thread-hours-closed-until = Tutup sampai { $time }
thread-due-title = Jatuh tempo { $time }
thread-due = { $target }: { $left }
thread-csat-title = Jawaban pelanggan pada survei kepuasan
thread-rated-good = Penilaian: 😀 Baik
thread-rated-ok = Penilaian: 😐 Cukup
thread-rated-poor = Penilaian: 🙁 Buruk
thread-snoozed-until = Ditunda sampai { $time }
thread-snoozed-until-reply = Ditunda sampai pelanggan menulis
thread-labels = Label
thread-no-labels = Belum ada label: admin menambahkannya di Tim → Label.
thread-window-closes = jendela tertutup dalam { $left }
thread-window-closed = jendela tertutup: hanya templat
thread-assignee = Ditugaskan ke
thread-unassigned = Belum ditugaskan
thread-assignee-option = { $name } ({ $count } terbuka)
thread-reopen = Buka lagi
thread-resolve = Selesaikan
thread-mark-unread = Tandai belum dibaca
thread-mark-unread-title = Simpan untuk nanti (u)
thread-wake = Aktifkan lagi
thread-snooze = Tunda
thread-snooze-menu = Tunda sampai
thread-snooze-at = Sampai
thread-transfer = Alihkan
thread-contact = Kontak
thread-transfer-team = Ke tim
thread-transfer-note = Catatan untuk tim tersebut (opsional)
thread-transfer-send = Pindahkan

## Isi pesan

thread-quote-customer = Pelanggan
thread-quote-you = Anda
thread-deleted = Pesan ini telah dihapus
thread-location = Lokasi
thread-open-map = Buka di peta
thread-contact-card = Kontak
thread-unsupported = WhatsApp tidak dapat menampilkan pesan ini kepada kami. Minta pelanggan mengirimnya dengan cara lain.
thread-unsupported-why = WhatsApp tidak dapat menampilkan pesan ini kepada kami ({ $reason }). Minta pelanggan mengirimnya dengan cara lain.
thread-show-whole = Tampilkan gambar secara utuh
thread-document = Dokumen
thread-voice-message = Pesan suara
thread-show-image = Tampilkan gambar
thread-show-sticker = Tampilkan stiker
thread-play = Putar
thread-save = Simpan
thread-downloading = mengunduh dari WhatsApp…
thread-download-failed = file tidak dapat diunduh dari WhatsApp
thread-saved-to = Disimpan di { $path }
thread-raise-cap = Naikkan batas saya menjadi { $megabytes } MB lalu unduh
thread-whatsapp-notice = Pemberitahuan WhatsApp
thread-voice-call = Panggilan suara
thread-answered = Dijawab:
thread-with-list = dengan daftar di balik “{ $list }”
thread-with-buttons = dengan tombol balasan
thread-list-rows = Baris daftar
thread-reply-buttons = Tombol balasan
thread-reacted-customer = Pelanggan memberi reaksi
thread-reacted-team = Tim Anda memberi reaksi

## Pemilih templat (jendela 24 jam sudah tertutup)

thread-no-templates = Jendela 24 jam sudah tertutup dan hub tidak punya templat yang disetujui.
thread-template = Templat
thread-template-refused = { $name } ({ $language }) — marketing: pelanggan tidak ingin menerimanya
thread-template-parameter = Parameter { $number }
thread-send-template = Kirim templat
