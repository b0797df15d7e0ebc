ALTER TABLE staff_directory DROP CONSTRAINT staff_directory_one_identity;
DELETE FROM staff_directory WHERE nip IS NULL;
ALTER TABLE staff_directory DROP COLUMN nik;
ALTER TABLE staff_directory ALTER COLUMN nip SET NOT NULL;
ALTER TABLE registrations DROP COLUMN email, DROP COLUMN phone;
DROP INDEX registrations_pending;
ALTER TABLE registrations DROP COLUMN decided_by, DROP COLUMN decided_at;
ALTER TABLE registrations DROP CONSTRAINT registrations_pending_holds_no_seat;
UPDATE registrations SET status = 'cancelled', cancelled_at = now() WHERE status IN ('pending', 'rejected');
ALTER TABLE registrations DROP CONSTRAINT registrations_status_check;
ALTER TABLE registrations ADD CONSTRAINT registrations_status_check
    CHECK (status IN ('booked', 'waitlisted', 'cancelled', 'checked_in', 'donated', 'deferred', 'no_show'));
ALTER TABLE drives DROP COLUMN contact_whatsapp, DROP COLUMN contact_name, DROP COLUMN registration_mode;
