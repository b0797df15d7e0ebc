//! Staff authentication primitives: password hashing (sessions and login
//! throttling build on these).

pub mod password;
