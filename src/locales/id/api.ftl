# Pesan JSON API (src/web/api). Kuncinya harus sama dengan en/api.ftl.

api-error-not-found = Tidak ada apa pun di alamat ini. Periksa slug kegiatan donor.
api-error-bad-request = Permintaan tidak dapat dibaca.
api-error-unreadable-json = Isi permintaan bukan JSON yang sah atau bentuknya tidak sesuai (baris { $line }, kolom { $column }).
api-error-unsupported-media-type = Kirim isi permintaan sebagai JSON, dengan header Content-Type: application/json.
api-error-payload-too-large = Isi permintaan terlalu besar.
api-error-unauthorized = Masuk terlebih dahulu atau gunakan token API untuk ini.
api-error-forbidden = Anda tidak diizinkan melakukan ini.
api-error-conflict = Permintaan ini bertentangan dengan keadaan saat ini. Muat ulang lalu coba lagi.
api-error-too-many-requests = Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.
api-error-duplicate = Orang ini sudah terdaftar pada kegiatan donor ini. Gunakan tautan pada konfirmasi untuk melihat, mengubah jadwal, atau membatalkan pendaftaran.
api-error-slot-full = Jam kedatangan ini sudah penuh. Pilih jam lain, atau masuk daftar tunggu.
api-error-slot-closed = Jam kedatangan ini sudah ditutup. Pilih jam lain, atau masuk daftar tunggu.
api-error-registration-closed = Pendaftaran untuk kegiatan donor ini sudah ditutup.
api-error-not-eligible = Menurut pemeriksaan mandiri, orang ini belum dapat mendonorkan darah pada hari kegiatan. Alasannya menjelaskan sebabnya dan sejak kapan dapat donor.
api-error-unavailable = Layanan sedang tidak tersedia sebentar. Silakan coba lagi sesaat lagi.
api-error-internal = Terjadi kesalahan di pihak kami. Silakan coba lagi nanti.
