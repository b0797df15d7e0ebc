DROP INDEX IF EXISTS audit_log_by_action;
DROP INDEX IF EXISTS staff_sessions_live;
DROP TABLE login_attempts;
