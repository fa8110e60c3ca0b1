# Kotak balasan, pilihan yang dikirim bersama balasan, dan apa yang akan
# ditolak WhatsApp di dalamnya.

## Rekan sedang mengetik di percakapan yang sama

composer-over-typing = { $name } sedang mengetik di sini barusan. Tetap kirim?
composer-send-anyway = Tetap kirim
composer-wait = Tunggu

## Mengutip pesan

composer-replying-to-customer = Membalas pelanggan:
composer-replying-to-team = Membalas tim Anda:
composer-unquote = Jangan kutip pesan ini

## Saran saat mengetik (@ dan /)

composer-mention-list = Rekan untuk disebut
composer-canned-list = Balasan cepat

## File yang dikirim bersama balasan

composer-files = File yang akan dikirim
composer-kind-audio = Audio
composer-remove-file = Hapus { $name }
composer-pasted-file-name = tempelan

## Kotak

composer-placeholder-note = Catatan untuk tim Anda (pelanggan tidak pernah melihatnya); @nama memberi tahu rekan
composer-placeholder-closed = Jendela 24 jam sudah tertutup
composer-placeholder-question = Tulis pertanyaan yang dijawab oleh pilihan…
composer-placeholder-caption = Tambahkan keterangan (opsional)…
composer-placeholder-reply-from = Tulis balasan dari { $inbox }…
composer-placeholder-reply = Tulis balasan…
composer-label-note = Catatan untuk tim
composer-label-reply = Balasan
composer-hint-note = Enter menambahkan catatan · Shift+Enter baris baru · / balasan cepat
composer-hint-reply = Enter mengirim · Shift+Enter baris baru · / balasan cepat · tempel atau taruh file
composer-counter = { $length } / { $limit }
composer-counter-caption = { $length } / { $limit } (keterangan)

## Tombol

composer-add-note = Tambah catatan
composer-attach = Lampirkan file
composer-attach-title = Lampirkan file (gambar, dokumen, audio, video)
composer-add-choices = Tambahkan pilihan untuk diketuk pelanggan
composer-add-choices-title = Tombol balasan atau daftar untuk diketuk pelanggan
composer-choices-no-quote = Balasan dengan pilihan tidak dapat mengutip pesan
composer-send = Kirim

## Pilihan untuk diketuk pelanggan (tombol balasan atau daftar)

composer-choices-legend = Pilihan untuk diketuk pelanggan
composer-choices-how = Cara pilihan ditampilkan
composer-as-buttons = Tombol balasan (maksimal { $count })
composer-as-list = Daftar (maksimal { $count } baris)
composer-list-label = Tombol yang membuka daftar
composer-list-label-default = Pilih
composer-row-placeholder = Baris { $number } (maksimal { $count } karakter)
composer-button-placeholder = Tombol { $number } (maksimal { $count } karakter)
composer-row = Baris { $number }
composer-button = Tombol { $number }
composer-remove-row = Hapus baris { $number }
composer-remove-button = Hapus tombol { $number }
composer-add-row = Tambah baris
composer-add-button = Tambah tombol
composer-drop-choices = Kirim tanpa pilihan
composer-choices-help = Balasan di atas adalah pertanyaannya; ketukan pelanggan kembali sebagai jawabannya.

## Apa yang akan ditolak WhatsApp, disampaikan saat Anda mengetik

composer-problem-no-question = Tulis pertanyaan yang dijawab oleh pilihan.
composer-problem-question-long-list = Pertanyaan dengan daftar maksimal { $count } karakter.
composer-problem-question-long-buttons = Pertanyaan dengan tombol balasan maksimal { $count } karakter.
composer-problem-list-label = Label tombol daftar berisi { $min } sampai { $count } karakter.
composer-problem-rows = Daftar berisi { $min } sampai { $count } baris.
composer-problem-buttons = Pesan berisi { $min } sampai { $count } tombol balasan.
composer-problem-row = Baris { $number }: { $min } sampai { $count } karakter, dalam satu baris.
composer-problem-button = Tombol { $number }: { $min } sampai { $count } karakter, dalam satu baris.
composer-problem-twice = “{ $choice }” ada dua kali: setiap pilihan harus berbeda.
