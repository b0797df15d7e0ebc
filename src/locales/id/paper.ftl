# Lembar kertas: roster cetak adalah formulir hari itu; lembar satu slot diketik kembali.

paper-title = Masukkan lembar kertas
paper-slots = Slot
paper-print-sheets = Cetak lembar kertas
paper-no-such-slot = Slot itu bukan milik kegiatan ini. Pilih dari daftar.
paper-choose-slot = Pilih slot yang lembarnya sedang Anda masukkan.
paper-policy-title = Semua atau tidak sama sekali
paper-policy = Lembar hanya dicatat bila semua barisnya benar. Bila satu baris bermasalah, tidak ada yang ditulis: semua isian Anda tetap di halaman dan masalahnya ditampilkan di samping kolomnya. Lembar yang tercatat setengah sulit dicocokkan dengan kertasnya, jadi lembar tidak pernah tercatat setengah.
paper-paraf-meaning = Paraf berarti pendonor hadir dan menjawab "tidak" pada tiga pertanyaan hari-H (demam dalam 7 hari terakhir, minum obat dalam 3 hari terakhir, tidur kurang dari 4 jam). Pendonor yang menjawab "ya" ditangani di meja, bukan di kertas.
paper-col-no = No
paper-col-paraf = Paraf
paper-col-weight = Berat (kg)
paper-col-hb = Hb (g/dL)
paper-col-bp = Tensi (sis/dia)
paper-col-pulse = Nadi
paper-col-temperature = Suhu (°C)
paper-col-group = Gol. darah (PMI)
paper-col-bag = No. kantong
paper-col-decision = Keputusan
paper-decision-accept = Donor
paper-decision-defer = Tunda
paper-deferral-reason = Alasan penundaan
paper-override-reason = Alasan, bila berbeda dari saran
paper-walk-ins = Pendonor langsung (ditulis di baris kosong)
paper-walk-in-row = Baris pendonor langsung { $no }
paper-submit = Catat seluruh lembar
paper-done = Tercatat dari lembar: { $check_ins } kehadiran, { $screenings } pemeriksaan, { $donations } donasi, { $walk_ins } pendonor langsung.
paper-done-nothing = Lembar tidak berisi apa pun, jadi tidak ada yang dicatat.
paper-refused = Tidak ada yang dicatat: { $count } masalah pada lembar, tercantum di bawah dan di samping kolomnya. Perbaiki lalu kirim lembar lagi; isian Anda tetap tersimpan di halaman.
paper-rows-gone = { $count } baris diisi untuk orang yang tidak lagi di slot ini (dipindah atau dibatalkan sementara itu).
paper-conflict-checked-in = { $name } mencatat kehadiran pendonor ini pukul { $time } saat lembar sedang diketik. Cocokkan baris ini dengan kertasnya.
paper-conflict-recorded-meanwhile = Rekan mencatat pendonor ini di salah satu meja saat lembar sedang diketik. Baris kini menampilkan yang sudah tercatat: cocokkan dengan kertasnya.
paper-bag-twice = Nomor kantong yang sama ada di baris { $no }.
paper-bp-invalid = Tulis tensi sebagai sistolik/diastolik, mis. 120/80.
paper-walk-in-weight = Pendonor langsung dimasukkan beserta kolom pemeriksaan: berat badan dipakai untuk mendaftarkannya.
paper-walk-in-beyond-capacity = Tertulis di lembar kertas slot ini: orangnya hadir.
paper-problem-no-paraf = Ada isian tetapi tidak ada paraf: centang "Paraf" hanya bila pendonor memaraf.
paper-problem-decision-without-vitals = Keputusan perlu hasil pemeriksaan yang mendasarinya.
paper-problem-bag-without-acceptance = Nomor kantong perlu pemeriksaan yang diterima.
paper-problem-bag-on-deferral = Pendonor yang ditunda tidak punya kantong.

# Lembar cetak
paper-sheet-title = Lembar donor
paper-sheet-slot = Slot { $slot }
paper-sheet-paraf-line = Paraf = pendonor hadir dan menjawab "tidak" pada: demam dalam 7 hari terakhir, minum obat dalam 3 hari terakhir, tidur kurang dari 4 jam. Jawaban "ya" ditangani di meja, tidak di lembar ini.
paper-sheet-decision = Keputusan (✓ donor / tunda)
paper-sheet-donor = donor
paper-sheet-defer = tunda
paper-sheet-walk-in = langsung
paper-sheet-coordinator = Koordinator (nama)
paper-sheet-signature = Tanda tangan
paper-sheet-enter = Ketik lembar ini
paper-sheet-none = Belum ada yang terdaftar di slot mana pun: tidak ada lembar untuk dicetak.
paper-sheet-screen-hint = Cetak dari peramban (A4, lanskap). Setiap slot mulai di halaman baru.
