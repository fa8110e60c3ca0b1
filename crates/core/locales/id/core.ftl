# Notifikasi dari inti aplikasi.

notice-queue-summary = { $count } percakapan baru di antrean
notice-mine-summary = { $count } percakapan Anda punya pesan baru
notice-more-summary = { $count } percakapan lagi membutuhkan Anda
notice-assigned = Ditugaskan kepada Anda: { $name }
notice-assigned-body = Rekan Anda menyerahkan percakapan ini kepada Anda.
notice-mentioned = Anda disebut: { $name }
notice-new-in-queue = Baru di antrean: { $name }
notice-overdue = Ada percakapan yang terlambat
notice-due-soon = Ada percakapan yang segera jatuh tempo
notice-snooze-ended = Percakapan yang ditunda sudah kembali
notice-whatsapp-alert = Peringatan WhatsApp
notice-macro-partly = Langkah makro yang menunggu tidak dijalankan
notice-macro-partly-body = { $refused } dari { $count } percakapan: { $reason }
notice-macro-refused = Langkah makro yang menunggu ditolak
notice-new-activity = Aktivitas baru

# The desktop shell's own windows.
shell-attach-title = Lampirkan berkas
shell-save-title = Simpan berkas
shell-tray-open = Buka Switchboard
shell-tray-quit = Keluar

# Galat dari inti aplikasi sendiri, seperti yang ditampilkan aplikasi (log tetap berbahasa Inggris).
core-error-store = salinan lokal gagal; lihat log
core-error-store-key = salinan lokal tidak dapat dibuka dengan kunci di keyring (kuncinya salah, atau ini bukan salinan Switchboard)
core-error-store-damaged = salinan lokal percakapan Anda tidak dapat dibuka. Bangun ulang dari hub: berkas yang rusak disimpan terpisah
core-error-keyring-missing = tidak ada keyring yang tersedia: jalankan keyring sistem (misalnya GNOME Keyring), lalu coba lagi
core-error-keyring-locked = keyring terkunci atau menolak akses: buka kuncinya, lalu coba lagi
core-error-keyring-damaged = kunci salinan lokal di keyring rusak
core-error-keyring-failed = keyring gagal; lihat log
core-error-not-signed-in = komputer ini belum masuk ke hub mana pun
core-error-signed-out = hub tidak lagi menerima sesi masuk komputer ini: salinan lokal sudah dihapus; silakan masuk lagi
core-error-offline = hub tidak dapat dijangkau; Anda sedang bekerja secara luring
core-error-download-cap = berkas ini berukuran { $size } MB, melebihi batas unduhan Anda sebesar { $limit } MB: naikkan batasnya untuk mengunduh berkas ini
core-error-not-found = itu sudah tidak ada
core-error-unsent-replies = { $count ->
   *[other] { $count } balasan belum sampai ke hub; jika Anda keluar, balasan itu ikut terhapus bersama salinan lokal
}

# Berkas yang tidak akan diterima WhatsApp ($kind adalah image, audio, video, atau document).
file-unsupported-type = WhatsApp tidak menerima berkas berjenis { $type }: kirim gambar JPEG atau PNG, audio AAC, AMR, MP3, M4A, atau OGG, video MP4 atau 3GP, atau dokumen PDF, teks, Office, atau ZIP
file-too-large = berkas berukuran { $size } MB; WhatsApp menerima { $kind ->
    [image] gambar
    [audio] berkas audio
    [video] video
   *[document] dokumen
} maksimal { $limit } MB
file-too-large-arriving = berkas lebih besar dari yang diterima WhatsApp: { $kind ->
    [image] gambar
    [audio] berkas audio
    [video] video
   *[document] dokumen
} maksimal { $limit } MB
file-wrong-ending = nama berkas berjenis { $type } berakhiran { $endings }
file-not-its-type = isi berkas bukan { $type }
