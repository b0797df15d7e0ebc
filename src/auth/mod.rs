//! Staff authentication primitives: password hashing, account rules, session
//! timeouts and login throttling. Pure rules; the store keeps the state.

pub mod accounts;
pub mod password;
pub mod session;
pub mod stranger_limits;
pub mod throttle;
