# Penolakan dari hub dan aplikasi, menurut kodenya.

error-window_closed = jendela 24 jam pelanggan sudah tertutup: hanya templat yang disetujui yang bisa dikirim
error-marketing_opt_out = pelanggan meminta tidak dikirimi pesan pemasaran: kirim templat utilitas atau tunggu sampai pelanggan menulis
error-template_not_for_inbox = templat itu disetujui untuk nomor bisnis lain, bukan nomor percakapan ini
error-unknown_template = tidak ada templat disetujui dengan nama dan bahasa itu
error-unknown_attachment = tidak ada berkas terunggah dengan ID itu di percakapan ini
error-rate_limited = terlalu banyak permintaan: coba lagi sebentar lagi
error-unavailable = penyimpanan hub tidak dapat dijangkau sekarang: coba lagi sebentar lagi
error-offline = hub tidak dapat dijangkau; Anda sedang bekerja secara luring

## Penolakan lain dari hub, menurut kodenya.

error-forbidden = tindakan ini tidak diizinkan: peran Anda tidak memungkinkannya, atau percakapan ini bukan milik Anda
error-not_found = itu sudah tidak ada: mungkin seseorang baru saja menghapusnya
error-conflict = ini bertentangan dengan perubahan yang sudah ada di hub: periksa lagi, lalu coba lagi
error-duplicate_name = nama itu sudah dipakai: pilih nama lain
error-last_admin = tim harus tetap punya minimal satu admin aktif
error-own_admin = akun sendiri tidak bisa dinonaktifkan, dan peran admin sendiri tidak bisa dicabut: minta bantuan admin lain
error-team_not_empty = tim ini masih punya percakapan atau kotak masuk: pindahkan dulu ke tim lain
error-already_assigned = agen lain baru saja mengambil percakapan ini
error-bad_request = hub tidak memahami permintaan ini: perbarui aplikasi, atau beri tahu admin Anda
error-internal = hub tidak dapat menyelesaikan permintaan: coba lagi, dan beri tahu admin Anda jika masih gagal
error-busy = hub sedang sibuk: coba lagi sebentar lagi
error-not_ready = hub sedang dinyalakan atau dimatikan dan tidak menerima perubahan sekarang: coba lagi sebentar lagi
error-too_large = ukurannya melebihi batas yang diterima hub
error-upload_quota = terlalu banyak berkas Anda yang menunggu dikirim: kirim berkas itu, atau tunggu sehari sampai kedaluwarsa
error-too_many_uploads = terlalu banyak unggahan sekaligus: tunggu sampai salah satunya selesai
error-too_many_downloads = terlalu banyak unduhan sekaligus: tunggu sampai salah satunya selesai
error-too_many_streams = sesi masuk ini punya terlalu banyak koneksi aktif ke hub: tutup jendela aplikasi yang lain
error-body_timeout = unggahan terlalu lambat dan dihentikan: periksa koneksi, lalu coba lagi
error-unsupported_type = WhatsApp tidak menerima berkas jenis ini
error-invalid_file = nama atau isi berkas tidak sesuai dengan jenisnya
error-attachment_used = berkas itu sudah dikirim: lampirkan lagi
error-invalid_message = jenis pesan ini tidak dapat dikirim dengan cara itu
error-invalid_text = teksnya kosong atau terlalu panjang
error-invalid_caption = keterangannya terlalu panjang
error-invalid_choices = tombol balasan atau daftar tidak valid: periksa jumlahnya, judulnya, dan panjangnya
error-invalid_reaction = reaksi itu tidak dapat dikirim
error-template_parameters = isian templat tidak sesuai: isi setiap kolom, tanpa baris baru
error-invalid_assignee = orang itu tidak dapat memegang percakapan ini: ia pengamat, atau bukan anggota tim percakapan ini
error-invalid_bulk = pilih 1 sampai 1.000 percakapan
error-invalid_labels = satu percakapan maksimal punya 50 label
error-unknown_label = label itu sudah tidak ada
error-invalid_snooze = penundaan harus berakhir di masa depan, paling lama satu tahun lagi
error-not_open = hanya percakapan yang terbuka yang dapat ditunda
error-invalid_team = tim itu sudah tidak ada
error-invalid_inbox = itu bukan ID nomor bisnis
error-invalid_name = nama berisi 1 sampai 80 karakter, tanpa karakter kontrol atau karakter tak terlihat
error-invalid_colour = warna ditulis # diikuti enam digit heksadesimal, misalnya #1e88e5
error-invalid_shortcut = pintasan berisi 1 sampai 32 karakter a-z, 0-9, - dan _, diawali huruf atau angka
error-invalid_note = catatan pengalihan kosong atau terlalu panjang
error-invalid_hours = jam buka tidak valid: periksa jam untuk setiap hari
error-invalid_policy = kebijakan tingkat layanan tidak valid: periksa nama dan targetnya
error-invalid_macro = makro tidak valid: periksa nama dan langkah-langkahnya
