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
