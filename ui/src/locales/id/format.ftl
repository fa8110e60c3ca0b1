# Kata-kata format bersama (lib/format.ts): status pengiriman, waktu
# singkat, jenis pesan, ukuran file, durasi, pilihan tunda, dan tenggat
# tingkat layanan. Tanggal dan jam memakai kata-kata sistem sendiri,
# bukan ini.

## Status pengiriman, dalam kata

format-tick-queued = menunggu sampai ke hub
format-tick-pending = mengirim
format-tick-unknown = mungkin belum terkirim: tanyakan ke pelanggan sebelum mengirim ulang
format-tick-sent = terkirim
format-tick-delivered = diterima
format-tick-read = dibaca
format-tick-failed = gagal terkirim

## Sisa waktu jendela 24 jam

format-window-hours-minutes = { $hours } jam { $minutes } mnt
format-window-minutes = { $minutes } mnt

## Siapa yang memegang percakapan

format-assignee-none = Belum ditugaskan
format-assignee-you = Anda
format-assignee-agent = Agen #{ $id }

## Pemisah hari di percakapan

format-day-today = Hari ini
format-day-yesterday = Kemarin

## Berapa lama yang lalu

format-ago-now = baru saja
format-ago-seconds = { $count } dtk lalu
format-ago-minutes = { $count } mnt lalu
format-ago-hours = { $count } jam lalu

## Jenis pesan tanpa teks

format-kind-image = Foto
format-kind-document = Dokumen
format-kind-audio = Pesan suara
format-kind-video = Video
format-kind-sticker = Stiker
format-kind-location = Lokasi
format-kind-contacts = Kartu kontak
format-kind-reaction = Reaksi
format-kind-template = Templat
format-kind-call = Panggilan suara
format-kind-interactive = Jawaban dari tombol atau daftar
format-kind-button = Tombol yang diketuk
format-kind-other = Pesan yang tidak diteruskan WhatsApp ({ $kind })

## Ukuran file

format-size-bytes = { $size } B
format-size-kilobytes = { $size } KB
format-size-megabytes = { $size } MB

## Durasi

format-duration-seconds = { $seconds } dtk
format-duration-minutes = { $minutes } mnt
format-duration-minutes-seconds = { $minutes } mnt { $seconds } dtk
format-duration-hours = { $hours } jam
format-duration-hours-minutes = { $hours } jam { $minutes } mnt
format-duration-days = { $days } hr
format-duration-days-hours = { $days } hr { $hours } jam

## Menu tunda

format-snooze-hour = Satu jam lagi
format-snooze-tomorrow = Besok
format-snooze-next-week = Minggu depan
format-snooze-until-reply = Sampai pelanggan menulis

## Target tingkat layanan: sisa waktu atau keterlambatan

format-due-left-minutes = sisa { $minutes } mnt
format-due-left-hours = sisa { $hours } jam { $minutes } mnt
format-due-left-days = sisa { $days } hr
format-due-overdue-minutes = terlambat { $minutes } mnt
format-due-overdue-hours = terlambat { $hours } jam { $minutes } mnt
format-due-overdue-days = terlambat { $days } hr
format-due-first-response = Respons pertama
format-due-next-response = Respons berikutnya
format-due-resolution = Penyelesaian
format-due-other = Sebuah target

## Dates and times when the chosen language is not the system's: names
## separated by |, Sunday first; the clock (12 or 24); the order of day,
## month and year (dmy, mdy or ymd) as the app writes dates. Not words to
## translate freely: the app reads them.

format-months = Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember
format-months-short = Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des
format-weekdays = Minggu|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu
format-clock = 24
format-am = AM
format-pm = PM
format-date-order = dmy
