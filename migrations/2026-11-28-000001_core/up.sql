-- Core schema of blood-drive. Constraints here protect the data on their own:
-- the application is not the only line of defence.

CREATE TABLE work_units (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,31}$'),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ('kanwil', 'division', 'kanim', 'lapas', 'rutan',
                                              'lpka', 'bapas', 'rudenim', 'other')),
    parent_id   uuid REFERENCES work_units (id) ON DELETE RESTRICT,
    headcount   integer CHECK (headcount >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE TABLE drives (
    id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug                    text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    title                   text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    drive_date              date NOT NULL,
    time_zone               text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    venue                   text NOT NULL CHECK (length(btrim(venue)) BETWEEN 1 AND 300),
    partner                 text NOT NULL CHECK (length(btrim(partner)) BETWEEN 1 AND 200),
    registration_opens_at   timestamptz NOT NULL,
    registration_closes_at  timestamptz NOT NULL,
    target_bags             integer NOT NULL CHECK (target_bags BETWEEN 1 AND 100000),
    bag_volume_ml           integer NOT NULL CHECK (bag_volume_ml IN (350, 450)),
    status                  text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'done')),
    eligibility_overrides   jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(eligibility_overrides) = 'object'),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CHECK (registration_closes_at > registration_opens_at)
);

-- The work units whose staff are invited to a drive (the unit list on its form).
CREATE TABLE drive_units (
    drive_id      uuid NOT NULL REFERENCES drives (id) ON DELETE CASCADE,
    work_unit_id  uuid NOT NULL REFERENCES work_units (id) ON DELETE RESTRICT,
    PRIMARY KEY (drive_id, work_unit_id)
);

CREATE TABLE slots (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    drive_id    uuid NOT NULL REFERENCES drives (id) ON DELETE CASCADE,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    capacity    integer NOT NULL CHECK (capacity >= 0),
    -- Seats taken within capacity; kept by one conditional UPDATE per booking.
    booked      integer NOT NULL DEFAULT 0 CHECK (booked >= 0),
    closed      boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at),
    CHECK (booked <= capacity),
    UNIQUE (drive_id, starts_at),
    UNIQUE (id, drive_id)
);

CREATE TABLE donors (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    nip                 text UNIQUE CHECK (nip ~ '^[0-9]{18}$'),
    nik                 text UNIQUE CHECK (nik ~ '^[0-9]{16}$'),
    employee_type       text NOT NULL CHECK (employee_type IN ('pns', 'pppk', 'non_asn')),
    full_name           text NOT NULL CHECK (length(full_name) <= 200),
    sex                 text NOT NULL CHECK (sex IN ('male', 'female')),
    birth_date          date,
    work_unit_id        uuid REFERENCES work_units (id) ON DELETE RESTRICT,
    phone               text CHECK (phone ~ '^\+?[0-9]{8,16}$'),
    email               text CHECK (length(email) <= 254 AND position('@' IN email) > 1),
    blood_group         text NOT NULL DEFAULT 'unknown' CHECK (blood_group IN ('A', 'B', 'AB', 'O', 'unknown')),
    rhesus              text NOT NULL DEFAULT 'unknown' CHECK (rhesus IN ('positive', 'negative', 'unknown')),
    weight_kg           double precision CHECK (weight_kg BETWEEN 20 AND 300),
    donation_count      integer NOT NULL DEFAULT 0 CHECK (donation_count BETWEEN 0 AND 1000),
    last_donation_date  date,
    -- Set when an organizer erases the person's data (UU 27/2022): the row stays
    -- for anonymous counts, every personal field is cleared.
    erased_at           timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (erased_at IS NOT NULL OR nip IS NOT NULL OR nik IS NOT NULL),
    CHECK (erased_at IS NOT NULL OR (length(btrim(full_name)) >= 1 AND birth_date IS NOT NULL)),
    CHECK (erased_at IS NULL OR (nip IS NULL AND nik IS NULL AND phone IS NULL AND email IS NULL
                                 AND birth_date IS NULL AND full_name = ''))
);

CREATE TABLE registrations (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    drive_id            uuid NOT NULL REFERENCES drives (id) ON DELETE CASCADE,
    donor_id            uuid NOT NULL REFERENCES donors (id) ON DELETE RESTRICT,
    slot_id             uuid,
    status              text NOT NULL CHECK (status IN ('booked', 'waitlisted', 'cancelled', 'checked_in',
                                                       'donated', 'deferred', 'no_show')),
    -- Waitlist order and the slots the person accepts (empty = any slot).
    waitlisted_at       timestamptz,
    waitlist_slot_ids   uuid[] NOT NULL DEFAULT '{}',
    -- A walk-in seated beyond capacity by a coordinator's explicit override; not counted in slots.booked.
    over_capacity       boolean NOT NULL DEFAULT false,
    answers             jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(answers) = 'object'),
    prescreen_verdict   text NOT NULL CHECK (prescreen_verdict IN ('eligible', 'deferred', 'ineligible')),
    prescreen_reasons   jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(prescreen_reasons) = 'array'),
    code                text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{8}$'),
    manage_token_hash   bytea NOT NULL UNIQUE CHECK (length(manage_token_hash) = 32),
    source              text NOT NULL CHECK (source IN ('self', 'walk_in', 'staff')),
    -- Snapshots at registration, so counts stay right after later edits or erasure.
    work_unit_id        uuid REFERENCES work_units (id) ON DELETE RESTRICT,
    sex                 text NOT NULL CHECK (sex IN ('male', 'female')),
    age_years           integer NOT NULL CHECK (age_years BETWEEN 0 AND 130),
    first_time          boolean NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    cancelled_at        timestamptz,
    checked_in_at       timestamptz,
    UNIQUE (id, drive_id),
    FOREIGN KEY (slot_id, drive_id) REFERENCES slots (id, drive_id),
    CHECK (status <> 'waitlisted' OR (slot_id IS NULL AND waitlisted_at IS NOT NULL)),
    CHECK (status NOT IN ('booked', 'checked_in', 'donated', 'no_show') OR slot_id IS NOT NULL),
    CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL)
);

-- One active registration per donor per drive.
CREATE UNIQUE INDEX registrations_one_active_per_drive
    ON registrations (drive_id, donor_id) WHERE status <> 'cancelled';
CREATE INDEX registrations_by_slot ON registrations (slot_id) WHERE slot_id IS NOT NULL;
CREATE INDEX registrations_waitlist ON registrations (drive_id, waitlisted_at) WHERE status = 'waitlisted';

CREATE TABLE staff_users (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username             text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,39}$'),
    display_name         text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 120),
    role                 text NOT NULL CHECK (role IN ('organizer', 'pmi')),
    password_hash        text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    active               boolean NOT NULL DEFAULT true,
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_users_username ON staff_users (lower(username));

CREATE TABLE screenings (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    registration_id    uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    weight_kg          double precision NOT NULL CHECK (weight_kg BETWEEN 20 AND 300),
    hb_g_dl            double precision NOT NULL CHECK (hb_g_dl BETWEEN 1 AND 30),
    systolic           integer NOT NULL CHECK (systolic BETWEEN 40 AND 300),
    diastolic          integer NOT NULL CHECK (diastolic BETWEEN 20 AND 200),
    pulse              integer NOT NULL CHECK (pulse BETWEEN 20 AND 250),
    temperature_c      double precision NOT NULL CHECK (temperature_c BETWEEN 30 AND 45),
    suggested_decision text NOT NULL CHECK (suggested_decision IN ('accept', 'defer')),
    final_decision     text NOT NULL CHECK (final_decision IN ('accept', 'defer')),
    override_reason    text CHECK (length(override_reason) <= 1000),
    deferral_reason    text CHECK (deferral_reason IN ('low_hb', 'high_hb', 'blood_pressure', 'pulse', 'temperature',
                                                       'weight', 'interval', 'medication', 'other')),
    deferred_until     date,
    reasons            jsonb NOT NULL DEFAULT '[]'::jsonb,
    recorded_by        uuid NOT NULL REFERENCES staff_users (id) ON DELETE RESTRICT,
    recorded_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (final_decision = suggested_decision OR coalesce(length(btrim(override_reason)), 0) > 0),
    CHECK (final_decision <> 'defer' OR deferral_reason IS NOT NULL),
    CHECK (final_decision = 'defer' OR (deferral_reason IS NULL AND deferred_until IS NULL))
);
CREATE INDEX screenings_by_registration ON screenings (registration_id);

CREATE TABLE donations (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    registration_id  uuid NOT NULL UNIQUE,
    drive_id         uuid NOT NULL REFERENCES drives (id) ON DELETE CASCADE,
    bag_number       text NOT NULL CHECK (bag_number ~ '^[A-Za-z0-9-]{1,40}$'),
    volume_ml        integer NOT NULL CHECK (volume_ml IN (350, 450)),
    outcome          text NOT NULL CHECK (outcome IN ('complete', 'incomplete')),
    reaction         text NOT NULL DEFAULT 'none' CHECK (reaction IN ('none', 'mild', 'severe')),
    notes            text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
    recorded_by      uuid NOT NULL REFERENCES staff_users (id) ON DELETE RESTRICT,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (registration_id, drive_id) REFERENCES registrations (id, drive_id) ON DELETE CASCADE,
    UNIQUE (drive_id, bag_number)
);

CREATE TABLE staff_sessions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    user_id       uuid NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    ip            text,
    user_agent    text CHECK (length(user_agent) <= 500),
    CHECK (expires_at > created_at)
);
CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id);

CREATE TABLE api_tokens (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_by    uuid NOT NULL REFERENCES staff_users (id) ON DELETE RESTRICT,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- One-time links that let the first organizer create their account.
CREATE TABLE setup_tokens (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_user_id  uuid REFERENCES staff_users (id) ON DELETE RESTRICT,
    actor_kind     text NOT NULL CHECK (actor_kind IN ('staff', 'donor', 'api', 'system')),
    action         text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)*$'),
    entity_type    text NOT NULL CHECK (length(entity_type) BETWEEN 1 AND 40),
    entity_id      uuid,
    -- No foreign key: the log outlives what it mentions.
    drive_id       uuid,
    details        jsonb NOT NULL DEFAULT '{}'::jsonb,
    ip             text,
    CHECK (actor_kind <> 'staff' OR actor_user_id IS NOT NULL)
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC);
CREATE INDEX audit_log_by_entity ON audit_log (entity_type, entity_id);

-- The audit log is append-only: rows can be added, never changed or removed.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
