// @generated automatically by Diesel CLI.

diesel::table! {
    api_tokens (id) {
        id -> Uuid,
        name -> Text,
        token_hash -> Bytea,
        created_by -> Uuid,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        at -> Timestamptz,
        actor_user_id -> Nullable<Uuid>,
        actor_kind -> Text,
        action -> Text,
        entity_type -> Text,
        entity_id -> Nullable<Uuid>,
        drive_id -> Nullable<Uuid>,
        details -> Jsonb,
        ip -> Nullable<Text>,
    }
}

diesel::table! {
    donations (id) {
        id -> Uuid,
        registration_id -> Uuid,
        drive_id -> Uuid,
        bag_number -> Text,
        volume_ml -> Int4,
        outcome -> Text,
        reaction -> Text,
        notes -> Text,
        recorded_by -> Uuid,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    donors (id) {
        id -> Uuid,
        nip -> Nullable<Text>,
        nik -> Nullable<Text>,
        employee_type -> Text,
        full_name -> Text,
        sex -> Text,
        birth_date -> Nullable<Date>,
        work_unit_id -> Nullable<Uuid>,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        blood_group -> Text,
        rhesus -> Text,
        weight_kg -> Nullable<Float8>,
        donation_count -> Int4,
        last_donation_date -> Nullable<Date>,
        erased_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        blood_group_tested_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    drive_pmi_figures (drive_id) {
        drive_id -> Uuid,
        bags_total -> Int4,
        group_a -> Nullable<Int4>,
        group_b -> Nullable<Int4>,
        group_ab -> Nullable<Int4>,
        group_o -> Nullable<Int4>,
        rh_negative -> Nullable<Int4>,
        recorded_by -> Uuid,
        recorded_at -> Timestamptz,
    }
}

diesel::table! {
    drive_units (drive_id, work_unit_id) {
        drive_id -> Uuid,
        work_unit_id -> Uuid,
    }
}

diesel::table! {
    drives (id) {
        id -> Uuid,
        slug -> Text,
        title -> Text,
        drive_date -> Date,
        time_zone -> Text,
        venue -> Text,
        partner -> Text,
        registration_opens_at -> Timestamptz,
        registration_closes_at -> Timestamptz,
        target_bags -> Int4,
        bag_volume_ml -> Int4,
        status -> Text,
        eligibility_overrides -> Jsonb,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        registration_mode -> Text,
        contact_name -> Text,
        contact_whatsapp -> Text,
        office_name -> Text,
        office_address -> Text,
        chair_name -> Text,
        chair_nip -> Text,
        head_name -> Text,
        head_nip -> Text,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Int8,
        username_hash -> Bytea,
        ip -> Nullable<Text>,
        at -> Timestamptz,
    }
}

diesel::table! {
    registrations (id) {
        id -> Uuid,
        drive_id -> Uuid,
        donor_id -> Uuid,
        slot_id -> Nullable<Uuid>,
        status -> Text,
        waitlisted_at -> Nullable<Timestamptz>,
        waitlist_slot_ids -> Array<Nullable<Uuid>>,
        over_capacity -> Bool,
        answers -> Jsonb,
        prescreen_verdict -> Text,
        prescreen_reasons -> Jsonb,
        code -> Text,
        manage_token_hash -> Bytea,
        source -> Text,
        work_unit_id -> Nullable<Uuid>,
        sex -> Text,
        age_years -> Int4,
        first_time -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        cancelled_at -> Nullable<Timestamptz>,
        checked_in_at -> Nullable<Timestamptz>,
        over_capacity_reason -> Nullable<Text>,
        decided_at -> Nullable<Timestamptz>,
        decided_by -> Nullable<Uuid>,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
    }
}

diesel::table! {
    screenings (id) {
        id -> Uuid,
        registration_id -> Uuid,
        weight_kg -> Float8,
        hb_g_dl -> Float8,
        systolic -> Int4,
        diastolic -> Int4,
        pulse -> Int4,
        temperature_c -> Float8,
        suggested_decision -> Text,
        final_decision -> Text,
        override_reason -> Nullable<Text>,
        deferral_reason -> Nullable<Text>,
        deferred_until -> Nullable<Date>,
        reasons -> Jsonb,
        recorded_by -> Uuid,
        recorded_at -> Timestamptz,
        blood_group -> Nullable<Text>,
        rhesus -> Nullable<Text>,
        declared_blood_group -> Nullable<Text>,
        declared_rhesus -> Nullable<Text>,
    }
}

diesel::table! {
    setup_tokens (id) {
        id -> Uuid,
        token_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    slots (id) {
        id -> Uuid,
        drive_id -> Uuid,
        starts_at -> Timestamptz,
        ends_at -> Timestamptz,
        capacity -> Int4,
        booked -> Int4,
        closed -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    staff_directory (id) {
        id -> Uuid,
        nip -> Nullable<Text>,
        full_name -> Text,
        work_unit_id -> Uuid,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        imported_at -> Timestamptz,
        nik -> Nullable<Text>,
    }
}

diesel::table! {
    station_calls (registration_id, station) {
        registration_id -> Uuid,
        station -> Text,
        called_by -> Uuid,
        called_at -> Timestamptz,
    }
}

diesel::table! {
    staff_sessions (id) {
        id -> Uuid,
        token_hash -> Bytea,
        user_id -> Uuid,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    staff_users (id) {
        id -> Uuid,
        username -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Text,
        active -> Bool,
        password_changed_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    stranger_hits (scope, client, window_seconds, window_start) {
        scope -> Text,
        client -> Text,
        window_seconds -> Int4,
        window_start -> Timestamptz,
        hits -> Int4,
    }
}

diesel::table! {
    work_units (id) {
        id -> Uuid,
        code -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<Uuid>,
        headcount -> Nullable<Int4>,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(api_tokens -> staff_users (created_by));
diesel::joinable!(audit_log -> staff_users (actor_user_id));
diesel::joinable!(donations -> drives (drive_id));
diesel::joinable!(donations -> staff_users (recorded_by));
diesel::joinable!(donors -> work_units (work_unit_id));
diesel::joinable!(drive_pmi_figures -> drives (drive_id));
diesel::joinable!(drive_pmi_figures -> staff_users (recorded_by));
diesel::joinable!(drive_units -> drives (drive_id));
diesel::joinable!(drive_units -> work_units (work_unit_id));
diesel::joinable!(registrations -> donors (donor_id));
diesel::joinable!(registrations -> drives (drive_id));
diesel::joinable!(registrations -> work_units (work_unit_id));
diesel::joinable!(screenings -> registrations (registration_id));
diesel::joinable!(screenings -> staff_users (recorded_by));
diesel::joinable!(slots -> drives (drive_id));
diesel::joinable!(staff_directory -> work_units (work_unit_id));
diesel::joinable!(staff_sessions -> staff_users (user_id));
diesel::joinable!(station_calls -> registrations (registration_id));
diesel::joinable!(station_calls -> staff_users (called_by));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    audit_log,
    donations,
    donors,
    drive_pmi_figures,
    drive_units,
    drives,
    login_attempts,
    registrations,
    screenings,
    setup_tokens,
    slots,
    staff_directory,
    staff_sessions,
    staff_users,
    station_calls,
    stranger_hits,
    work_units,
);
