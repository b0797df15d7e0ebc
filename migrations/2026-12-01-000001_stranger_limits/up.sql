-- Limits on strangers: anonymous posts, registrations and link recoveries
-- counted per client address (or per person, for recoveries) in fixed windows.
-- Kept in PostgreSQL like the login throttle, so the limits hold across
-- instances; rows older than a day are pruned as new windows start.
CREATE TABLE stranger_hits (
    scope           text NOT NULL CHECK (scope IN ('post', 'register', 'recover', 'recover_person')),
    client          text NOT NULL CHECK (length(client) <= 100),
    window_seconds  integer NOT NULL CHECK (window_seconds > 0),
    window_start    timestamptz NOT NULL,
    hits            integer NOT NULL CHECK (hits > 0),
    PRIMARY KEY (scope, client, window_seconds, window_start)
);
CREATE INDEX stranger_hits_by_age ON stranger_hits (window_start);
