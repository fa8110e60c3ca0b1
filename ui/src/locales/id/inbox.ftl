# The left pane (who I am, the connection, search, the views, the list of
# conversations, bulk actions) and the inbox's notes.

## Who I am and the connection

inbox-sidebar = Percakapan
inbox-role-admin = admin
inbox-role-agent = agen
inbox-role-viewer = pengamat
inbox-available = Tersedia
inbox-away = Tidak di tempat
inbox-set-away = ubah ke tidak di tempat
inbox-set-available = ubah ke tersedia
inbox-available-title = Anda menerima percakapan baru: klik untuk beralih ke tidak di tempat
inbox-away-title = Anda tidak menerima percakapan baru: klik untuk beralih ke tersedia
inbox-team = Tim
inbox-reports = Laporan
inbox-online = daring
inbox-offline = luring
inbox-connected = terhubung
inbox-syncing = Menyinkronkan riwayat… { $percent }%
inbox-offline-note = Luring — menampilkan salinan lokal. { $reason }

## Search

inbox-search-placeholder = Cari pesan  ( / )
inbox-search = Cari pesan
inbox-search-results = Hasil pencarian
inbox-search-failed = Pencarian gagal: { $error }
inbox-search-none = Tidak ada pesan yang cocok.
inbox-searching = Mencari…

## The views (lists of conversations) and their names

inbox-views = Tampilan
inbox-view-mine = Milik saya
inbox-view-unassigned = Belum ditugaskan
inbox-view-all = Semua
inbox-view-resolved = Selesai
inbox-view-snoozed = Ditunda
inbox-view-due-soon = Segera jatuh tempo
inbox-view-overdue = Terlambat
inbox-view-label-unknown = Label #{ $id }
inbox-view-team-queue = { $team }: antrean
inbox-view-team = { $team }: semua
inbox-team-unknown = Tim #{ $id }

## Bulk actions on the selected conversations

inbox-bulk = Percakapan yang dipilih
inbox-selected = { $count } dipilih
inbox-bulk-assign = Tugaskan percakapan yang dipilih
inbox-assign-to = Tugaskan ke…
inbox-back-to-queue = Kembalikan ke antrean
inbox-agent-open = { $name } ({ $count } terbuka)
inbox-resolve = Selesaikan
inbox-bulk-snooze = Tunda percakapan yang dipilih
inbox-snooze = Tunda…
inbox-bulk-label = Beri label percakapan yang dipilih
inbox-label = Label…
inbox-bulk-transfer = Pindahkan percakapan yang dipilih ke tim lain
inbox-transfer-to = Alihkan ke…
inbox-select-all-title = Semua percakapan di tampilan ini yang sudah dimuat (*)
inbox-select-all = Pilih semua
inbox-clear = Hapus pilihan

## The list of conversations

inbox-empty = Belum ada apa-apa di sini. Pesan pelanggan muncul di tampilan di atas.
inbox-list = Percakapan di tampilan ini
inbox-pick = Pilih { $name }
inbox-pick-title = Pilih (x); Shift: semua baris sejak yang terakhir dipilih (Shift+X)
inbox-window-closing = jendela 24 jam segera ditutup
inbox-row-due = { $what } jatuh tempo { $at }
inbox-row-snoozed-until = Ditunda sampai { $at }
inbox-row-snoozed-reply-title = Ditunda sampai pelanggan menulis
inbox-row-snoozed-reply = balasan
inbox-unread = { $count } belum dibaca
inbox-row-inbox = Dikirim ke { $inbox }
inbox-load-more = Muat lebih banyak

## The status line

inbox-status-synced = disinkronkan { $ago }
inbox-status-connecting = menghubungkan…
inbox-status-last-synced = terakhir disinkronkan { $ago }
inbox-outbox = { $count } dalam antrean
inbox-failed = { $count } tidak terkirim
inbox-sign-out = Keluar
inbox-shortcuts = Pintasan keyboard

## Notes after an action

inbox-signed-out = Anda telah keluar. Salinan lokal di komputer ini sudah dihapus.
inbox-macro-ran = “{ $name }” dijalankan pada { $count } percakapan; { $details }
inbox-macro-queued = { $count } langkah menunggu hub dan dijalankan saat hub merespons
inbox-macro-refused = { $count } langkah tidak dijalankan: { $reason }
inbox-macro-both = { $queued }; { $refused }
inbox-bulk-refused = { $done } diubah; { $refused } dari { $total } tidak berubah: { $reason }
