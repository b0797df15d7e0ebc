-- The staff list becomes the register (issue 14).
--
-- Who may register, per drive: only people on the imported staff list of an
-- invited unit ('staff_list', the default for new drives), the list plus
-- applications an organizer approves ('staff_list_approval'), or any
-- well-formed NIP/NIK ('open'). Drives made before keep taking any NIP, as
-- they did. The contact person is whom a refused or pending person asks.
ALTER TABLE drives
    ADD COLUMN registration_mode text NOT NULL DEFAULT 'staff_list'
        CHECK (registration_mode IN ('staff_list', 'staff_list_approval', 'open')),
    ADD COLUMN contact_name text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 200),
    ADD COLUMN contact_whatsapp text NOT NULL DEFAULT ''
        CHECK (contact_whatsapp = '' OR contact_whatsapp ~ '^62[0-9]{7,14}$');
UPDATE drives SET registration_mode = 'open';

-- An application waits for an organizer ('pending') and holds no seat; a
-- rejected one stays, so the person's page can say so.
ALTER TABLE registrations DROP CONSTRAINT registrations_status_check;
ALTER TABLE registrations ADD CONSTRAINT registrations_status_check
    CHECK (status IN ('pending', 'rejected', 'booked', 'waitlisted', 'cancelled', 'checked_in',
                      'donated', 'deferred', 'no_show'));
ALTER TABLE registrations ADD CONSTRAINT registrations_pending_holds_no_seat
    CHECK (status NOT IN ('pending', 'rejected') OR slot_id IS NULL);
ALTER TABLE registrations
    ADD COLUMN decided_at timestamptz,
    ADD COLUMN decided_by uuid REFERENCES staff_users (id) ON DELETE SET NULL;
CREATE INDEX registrations_pending ON registrations (drive_id, created_at) WHERE status = 'pending';

-- The phone and email given with this registration. Anonymous input never
-- changes a stored person: a returning donor's new number lives here (and
-- reaches the donor record only through the person's own link).
ALTER TABLE registrations
    ADD COLUMN phone text CHECK (phone ~ '^\+?[0-9]{8,16}$'),
    ADD COLUMN email text CHECK (length(email) <= 254 AND position('@' IN email) > 1);
UPDATE registrations r SET phone = d.phone, email = d.email FROM donors d WHERE d.id = r.donor_id;

-- Contract staff without a NIP are listed by NIK.
ALTER TABLE staff_directory ALTER COLUMN nip DROP NOT NULL;
ALTER TABLE staff_directory
    ADD COLUMN nik text UNIQUE CHECK (nik ~ '^[0-9]{16}$'),
    ADD CONSTRAINT staff_directory_one_identity CHECK (num_nonnulls(nip, nik) = 1);
