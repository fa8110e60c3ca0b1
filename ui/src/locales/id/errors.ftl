# Penolakan dari hub dan aplikasi, menurut kodenya.

error-window_closed = jendela 24 jam pelanggan sudah tertutup: hanya templat yang disetujui yang bisa dikirim
error-marketing_opt_out = pelanggan meminta tidak dikirimi pesan pemasaran: kirim templat utilitas atau tunggu sampai pelanggan menulis
error-template_not_for_inbox = templat itu disetujui untuk nomor bisnis lain, bukan nomor percakapan ini
error-unknown_template = tidak ada templat disetujui dengan nama dan bahasa itu
error-unknown_attachment = tidak ada berkas terunggah dengan ID itu di percakapan ini
error-rate_limited = terlalu banyak permintaan: coba lagi sebentar lagi
error-unavailable = penyimpanan hub tidak dapat dijangkau sekarang: coba lagi sebentar lagi
error-offline = hub tidak dapat dijangkau; Anda sedang bekerja secara luring
