# Masuk dan keluar akun petugas; navigasi petugas.

nav-pmi = Layanan PMI
nav-admin = Panitia
nav-logout = Keluar
nav-staff-login = Masuk petugas

role-organizer = Panitia
role-pmi = Petugas PMI

login-title = Masuk akun petugas
login-lead = Halaman ini untuk panitia dan petugas PMI. Pendonor tidak perlu akun.
login-username = Nama pengguna
login-username-missing = Isi nama pengguna Anda.
login-password = Kata sandi
login-password-missing = Isi kata sandi Anda.
login-submit = Masuk
login-wrong = Nama pengguna atau kata sandi salah, atau akun telah dinonaktifkan.
login-throttled = Terlalu banyak percobaan masuk yang gagal. Silakan coba lagi dalam { $minutes } menit.
login-help = Lupa kata sandi? Mintalah panitia untuk mengatur ulang kata sandi Anda.
