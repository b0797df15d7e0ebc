//! The sex a person is registered with: the two values an identity number can
//! encode, their stored and displayed forms, and the spellings Indonesian forms
//! and staff lists use for them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::IdentityError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
        }
    }

    /// Label key (`identity-sex-male`, `identity-sex-female`).
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Male => "identity-sex-male",
            Self::Female => "identity-sex-female",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Accepts our stored form (`male`/`female`) and what Indonesian forms and
/// staff lists use (`L`/`P`, `laki-laki`/`perempuan`), in any case.
impl FromStr for Sex {
    type Err = IdentityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "male" | "m" | "l" | "laki-laki" | "laki laki" | "pria" => Ok(Self::Male),
            "female" | "f" | "p" | "perempuan" | "wanita" => Ok(Self::Female),
            _ => Err(IdentityError::UnknownSex {
                value: s.chars().take(40).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sex_round_trips_through_text_and_serde() {
        for sex in [Sex::Male, Sex::Female] {
            assert_eq!(sex.as_str().parse::<Sex>(), Ok(sex));
            assert_eq!(
                serde_json::to_string(&sex).unwrap(),
                format!("\"{}\"", sex.as_str())
            );
        }
        assert_eq!(" P ".parse::<Sex>(), Ok(Sex::Female));
        assert_eq!("Laki-laki".parse::<Sex>(), Ok(Sex::Male));
        assert!(matches!(
            "x".parse::<Sex>(),
            Err(IdentityError::UnknownSex { .. })
        ));
    }
}
