# The workspace (before it: a store that cannot open), signing out, the
# keyboard shortcuts (`?`) and the command palette (Ctrl+K).

## A store that cannot open, and the start

app-fatal-title = Switchboard tidak dapat dimulai
app-rebuild = Bangun ulang salinan lokal dari hub
app-opening = Membuka…

## The workspace

app-pane-conversation = Percakapan
app-pick-conversation = Pilih percakapan · { $key } menampilkan pintasan

## Signing out

app-sign-out-title = Keluar?
app-sign-out-erases = Salinan lokal percakapan Anda di komputer ini akan dihapus; percakapan tetap tersimpan di hub.
app-sign-out-unsent = { $reason }.
app-sign-out-discard = Keluar dan buang balasan tersebut
app-sign-out-confirm = Keluar
app-cancel = Batal

## Keyboard shortcuts: each key and what it does

app-shortcuts-title = Pintasan keyboard
app-close = Tutup
app-shortcut-search = cari pesan
app-shortcut-move-keys = j  k  atau  ↓  ↑
app-shortcut-move = bergerak di daftar (atau di hasil pencarian)
app-shortcut-open = buka percakapan (atau hasil pencarian, tepat di pesannya)
app-shortcut-reply = balas
app-shortcut-quote = balas dengan mengutip pesan terakhir pelanggan
app-shortcut-claim = ambil
app-shortcut-assign = tugaskan (admin)
app-shortcut-resolve = selesaikan atau buka lagi
app-shortcut-unread = tandai belum dibaca (simpan untuk nanti)
app-shortcut-contact = tampilkan atau sembunyikan kontak
app-shortcut-select = pilih percakapan di kursor (Shift+X: semua baris sejak yang terakhir dipilih)
app-shortcut-select-all = pilih semua percakapan di tampilan ini
app-shortcut-macro = jalankan makro pada percakapan yang dipilih (atau yang sedang dibuka)
app-shortcut-back = kembali
app-shortcut-help = daftar ini

## The command palette: the team's macros

app-palette = Palet perintah
app-palette-run = Jalankan makro pada { $count } percakapan…
app-palette-none = Pilih atau buka percakapan terlebih dahulu
app-palette-macro = Makro yang dijalankan
app-palette-macros = Makro
app-palette-empty = Belum ada makro: admin dapat menambahkannya di Tim → Makro.
app-palette-no-match = Tidak ada makro yang cocok.
app-palette-step-label = label
app-palette-step-assign = tugaskan
app-palette-step-reply = balas
app-palette-step-note = catatan
app-palette-step-snooze = tunda
app-palette-step-resolve = selesaikan
