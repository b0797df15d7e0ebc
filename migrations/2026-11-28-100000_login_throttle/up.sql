-- Failed staff logins, kept in the database so throttling holds across every
-- instance of the app. The username is stored only as a SHA-256 of its
-- lowercase form: people sometimes type their password into the username field.
CREATE TABLE login_attempts (
    id             bigserial PRIMARY KEY,
    username_hash  bytea NOT NULL CHECK (length(username_hash) = 32),
    ip             text CHECK (length(ip) <= 64),
    at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_by_username ON login_attempts (username_hash, at DESC);
CREATE INDEX login_attempts_by_ip ON login_attempts (ip, at DESC);
CREATE INDEX login_attempts_by_time ON login_attempts (at);

-- Session lookups filter on these; the audit log is read newest first by action.
CREATE INDEX staff_sessions_live ON staff_sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX audit_log_by_action ON audit_log (action, at DESC);
