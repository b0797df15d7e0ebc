-- The staff list an organizer imports (NIP, name, unit, contact): who is
-- invited, per unit. Replaced whole by each import.
CREATE TABLE staff_directory (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    nip           text NOT NULL UNIQUE CHECK (nip ~ '^[0-9]{18}$'),
    full_name     text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 200),
    work_unit_id  uuid NOT NULL REFERENCES work_units (id) ON DELETE RESTRICT,
    email         text CHECK (length(email) <= 254 AND position('@' IN email) > 1),
    phone         text CHECK (phone ~ '^\+?[0-9]{8,16}$'),
    imported_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_directory_by_unit ON staff_directory (work_unit_id);
