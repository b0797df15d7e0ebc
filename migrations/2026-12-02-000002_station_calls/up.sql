-- Stations on the day: who a coordinator at the screening table or the bed
-- has called from the queue. A call is advisory (the day-of row checks still
-- refuse a second record); it keeps two coordinators at one station from
-- calling the same person. A call older than ten minutes may be taken over.
CREATE TABLE station_calls (
    registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    station         text NOT NULL CHECK (station IN ('screening', 'donation')),
    called_by       uuid NOT NULL REFERENCES staff_users (id),
    called_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (registration_id, station)
);
CREATE INDEX station_calls_by_caller ON station_calls (called_by, station);

-- The queues read checked-in registrations of one drive, oldest first.
CREATE INDEX registrations_checked_in_queue
    ON registrations (drive_id, checked_in_at)
    WHERE status = 'checked_in';
