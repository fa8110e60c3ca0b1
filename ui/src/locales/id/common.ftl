# Kata umum: pemilih bahasa, masuk.

language-choose = Bahasa
sign-in-title = Masuk ke hub tim Anda
sign-in-hub = Alamat hub
sign-in-token = Token akses
sign-in-busy = Sedang masuk…
sign-in-submit = Masuk
sign-in-help = Admin Anda membuat token dengan { $command }. Token disimpan di keyring sistem.
theme-choose = Tema
theme-system = Ikuti sistem
theme-light = Terang
theme-dark = Gelap
settings = Pengaturan
