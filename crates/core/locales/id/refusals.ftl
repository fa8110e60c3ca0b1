# Penolakan dari inti aplikasi: yang dikatakannya saat tidak melakukan yang diminta.

## Who may do what

refusal-label-not-yours = hanya pemegang percakapan ini (atau admin) yang dapat memberinya label
refusal-admins-manage-labels = hanya admin yang dapat mengelola label
refusal-admins-manage-lists = hanya admin yang dapat mengelola daftar: balasan cepat, tim, dan kotak masuk
refusal-move-team-not-allowed = hanya pemegang percakapan, pemimpin tim, atau admin yang dapat memindahkan percakapan ke tim lain
refusal-other-queues = hanya admin, pengamat, dan pemimpin tim yang dapat melihat antrean agen lain
refusal-claim-before-reply = ambil percakapan ini sebelum membalas
refusal-role-cannot-reply = peran Anda tidak dapat membalas
refusal-role-cannot-note = peran Anda tidak dapat menulis catatan
refusal-not-yours-to-reply = percakapan ini bukan milik Anda, jadi Anda tidak dapat membalasnya
refusal-not-yours-to-react = percakapan ini bukan milik Anda, jadi Anda tidak dapat memberi reaksi di sini
refusal-viewers-take-none = pengamat tidak menerima percakapan
refusal-assign-not-allowed = hanya admin atau pemimpin tim yang dapat menugaskan percakapan
refusal-snooze-not-yours = hanya pemegang percakapan ini (atau pemimpin tim atau admin) yang dapat menundanya
refusal-snooze-only-open = hanya percakapan yang terbuka yang dapat ditunda
refusal-wake-not-yours = hanya pemegang percakapan ini (atau pemimpin tim atau admin) yang dapat memunculkannya kembali lebih awal
refusal-unread-not-yours = hanya pemegang percakapan ini (atau admin) yang dapat menandainya belum dibaca
refusal-reports-not-allowed = laporan hanya untuk admin, serta untuk pemimpin tim dan pengamat di timnya sendiri
refusal-admins-read-alerts = hanya admin yang dapat membaca peringatan WhatsApp
refusal-admins-manage-team = hanya admin yang dapat mengelola tim

## Replies, notes, reactions and templates

refusal-resend-only-refused-text = hanya balasan teks yang ditolak WhatsApp yang dapat dikirim ulang
refusal-no-such-template = tidak ada templat disetujui dengan nama dan bahasa itu
refusal-template-parameters = isi semua parameter templat
refusal-draft-too-long = draf maksimal 8.192 karakter
refusal-message-empty = pesan kosong
refusal-message-control-characters = pesan berisi karakter kontrol
refusal-message-too-long = pesan lebih dari 4096 karakter
refusal-reaction-one-emoji = reaksi berupa satu emoji (atau kosong untuk menghapusnya)
refusal-caption-too-long = keterangan maksimal 1024 karakter
refusal-reply-not-queued = balasan tidak dapat dimasukkan ke antrean

## Reply buttons and lists

refusal-buttons-question-too-long = pertanyaan dengan tombol balasan maksimal 1024 karakter
refusal-list-label = label tombol daftar berisi 1 sampai 20 karakter, dalam satu baris, tanpa karakter kontrol
refusal-button-count = pesan berisi 1 sampai 3 tombol balasan
refusal-row-count = daftar berisi 1 sampai 10 baris
refusal-button-title = judul tombol berisi 1 sampai 20 karakter, dalam satu baris, tanpa karakter kontrol
refusal-row-title = judul baris berisi 1 sampai 24 karakter, dalam satu baris, tanpa karakter kontrol
refusal-choices-unique = judul setiap pilihan harus berbeda dari yang lain

## Lists, pages and searches

refusal-page-of-messages = satu halaman berisi 1 sampai 200 pesan
refusal-page-of-entries = satu halaman berisi 1 sampai 100 entri
refusal-search-too-long = pencarian maksimal 200 karakter
refusal-select-count = pilih 1 sampai 1.000 percakapan
refusal-name-length = nama berisi 1 sampai 80 karakter
refusal-label-colour = warna ditulis # diikuti enam digit heksadesimal, misalnya #1e88e5
refusal-shortcut = pintasan berisi 1 sampai 32 karakter a-z, 0-9, - dan _, diawali huruf atau angka

## Macros and service levels

refusal-macro-name-length = nama makro berisi 1 sampai 80 karakter
refusal-macro-steps = makro berisi 1 sampai 20 langkah
refusal-macro-snooze-length = penundaan berlaku 1 jam hingga satu tahun
refusal-macro-step-labels = satu langkah mengubah maksimal 50 label
refusal-policy-name-length = nama kebijakan berisi 1 sampai 80 karakter
refusal-policy-scope = kebijakan berlaku untuk satu kotak masuk, satu tim, atau satu label, atau untuk semuanya
refusal-policy-no-target = kebijakan harus menetapkan minimal satu target
refusal-policy-target-range = target berkisar antara satu menit dan 90 hari

## Business hours

refusal-unknown-time-zone = zona waktu tidak dikenal
refusal-too-many-shifts = maksimal 50 sif per minggu
refusal-too-many-holidays = maksimal 400 hari libur
refusal-shift-times = jam sif ditulis HH:MM, dari 00:00 sampai 24:00
refusal-shift-opens-before-midnight = sif harus dimulai sebelum 24:00
refusal-holiday-date = hari libur berupa tanggal dengan format YYYY-MM-DD

## Files and media

refusal-no-downloaded-media = media pesan ini belum diunduh
refusal-download-limit-range = batas unduhan antara 1 MB dan 100 MB
refusal-too-many-same-name = terlalu banyak berkas dengan nama itu di folder ini
refusal-file-unreadable = berkas tidak dapat dibaca
refusal-file-grew = berkas melampaui batas WhatsApp saat sedang dibaca
refusal-file-empty = berkas kosong
refusal-file-too-large-to-show = berkas terlalu besar untuk ditampilkan di sini
refusal-file-is-program = berkas ini adalah program, bukan dokumen atau media: berkas tidak dikirim
refusal-file-name-characters = nama berkas tidak boleh berisi karakter kontrol, karakter tak terlihat, atau karakter pengubah arah teks

## Signing in, the profile and the local copy

refusal-profile-name = nama profil hanya boleh berisi huruf, angka, '-' dan '_'
refusal-home-not-set = variabel HOME belum diatur
refusal-token-empty = token kosong
refusal-account-damaged = berkas account.json profil rusak; silakan masuk lagi
refusal-unknown-language = aplikasi tidak tersedia dalam bahasa itu
refusal-hub-url = URL hub harus diawali http:// atau https://
refusal-message-not-stored = detail pesan tidak dapat disimpan
refusal-reaction-not-stored = reaksi tidak dapat disimpan
refusal-request-not-written = permintaan tidak dapat disusun
