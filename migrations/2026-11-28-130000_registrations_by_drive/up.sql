-- Per-drive reads that take every status (the roster's seat counts, the
-- counts, the donor list) had no index on drive_id alone and scanned every
-- drive's registrations. Seen in the load harness: a 500-person roster took
-- ~47 ms while the app itself used ~4 ms of CPU, with 100 000 rows of other
-- drives in the table. Slot and status make the roster's count an index-only scan.
CREATE INDEX registrations_by_drive ON registrations (drive_id, slot_id, status);
