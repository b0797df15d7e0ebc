//! Codes we hand to people: the short confirmation code a donor shows at
//! check-in, and secret tokens (manage links, sessions, API tokens, setup
//! links) that we keep only as hashes.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::messages::{Localized, MessageArgs};

/// Crockford base32: no I, L, O or U, so a code read aloud or copied from a
/// phone screen cannot be mistyped into another valid code.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
pub const CONFIRMATION_CODE_LEN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("the system random number generator failed: {0}")]
    RandomUnavailable(getrandom::Error),
    #[error("confirmation code is empty")]
    Empty,
    #[error("confirmation code has {got} characters, expected {CONFIRMATION_CODE_LEN}")]
    WrongLength { got: usize },
    #[error("confirmation code contains {found:?}")]
    InvalidCharacter { found: char },
}

impl CodeError {
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::RandomUnavailable(_) => "codes-random-unavailable",
            Self::Empty => "codes-confirmation-empty",
            Self::WrongLength { .. } => "codes-confirmation-length",
            Self::InvalidCharacter { .. } => "codes-confirmation-character",
        }
    }

    pub fn message_args(&self) -> MessageArgs {
        match self {
            Self::RandomUnavailable(_) | Self::Empty => Vec::new(),
            Self::WrongLength { got } => {
                vec![
                    ("got", got.to_string()),
                    ("expected", CONFIRMATION_CODE_LEN.to_string()),
                ]
            }
            Self::InvalidCharacter { found } => vec![("character", found.to_string())],
        }
    }
}

impl Localized for CodeError {
    fn message_key(&self) -> &'static str {
        CodeError::message_key(self)
    }
    fn message_args(&self) -> MessageArgs {
        CodeError::message_args(self)
    }
}

fn random_bytes<const N: usize>() -> Result<[u8; N], CodeError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(CodeError::RandomUnavailable)?;
    Ok(buf)
}

/// A confirmation code: 8 Crockford base32 characters (40 random bits). Its
/// stored form is the 8 characters without a hyphen (see [`Self::as_str`]);
/// people see `ABCD-EFGH`. 40 bits make a collision between two of a
/// drive's few hundred codes unlikely but not impossible: keep a unique
/// index and generate again on a clash.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ConfirmationCode(String);

impl ConfirmationCode {
    pub fn generate() -> Result<Self, CodeError> {
        let bytes: [u8; 5] = random_bytes()?;
        // 5 bytes = 40 bits = 8 groups of 5 bits: each symbol is uniform.
        let bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let code = (0..CONFIRMATION_CODE_LEN)
            .rev()
            .map(|i| char::from(CROCKFORD[((bits >> (i * 5)) & 0x1f) as usize]))
            .collect();
        Ok(Self(code))
    }

    /// Reads a code as a person types it: surrounding and inner spaces and
    /// hyphens are ignored, case does not matter, I and L read as 1 and O as
    /// 0 (Crockford's rule). U and anything outside the alphabet is refused.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let mut code = String::with_capacity(CONFIRMATION_CODE_LEN);
        for c in input.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
                _ => return Err(CodeError::InvalidCharacter { found: c }),
            };
            code.push(c);
        }
        match code.len() {
            0 => Err(CodeError::Empty),
            CONFIRMATION_CODE_LEN => Ok(Self(code)),
            got => Err(CodeError::WrongLength { got }),
        }
    }

    /// Reads a code however it reached the field: typed (see [`Self::parse`]),
    /// or as a scanner or a phone produces it from the donor's QR, the whole
    /// check-in address (`https://…/checkin?code=ABCDEFGH`, its `code=` value
    /// percent-encoded or not, in any case), or that address's `?code=` part.
    pub fn parse_scanned(input: &str) -> Result<Self, CodeError> {
        let trimmed = input.trim();
        let lower = trimmed.to_ascii_lowercase();
        match lower.rfind("code=") {
            Some(at) => {
                let value = &trimmed[at + "code=".len()..];
                let value = value.split(['&', '#']).next().unwrap_or_default();
                Self::parse(&percent_decoded(value))
            }
            None => Self::parse(trimmed),
        }
    }

    /// The stored form: 8 characters, no hyphen.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What people see and type: `ABCD-EFGH`.
    pub fn display(&self) -> String {
        let (a, b) = self.0.split_at(CONFIRMATION_CODE_LEN / 2);
        format!("{a}-{b}")
    }
}

/// `%2D` → `-`, `+` → space; anything malformed is left as it was (the code
/// parser then names the character it cannot read).
fn percent_decoded(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl fmt::Display for ConfirmationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl TryFrom<String> for ConfirmationCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<Self, CodeError> {
        Self::parse(&s)
    }
}

impl From<ConfirmationCode> for String {
    fn from(code: ConfirmationCode) -> String {
        code.0
    }
}

/// A 128-bit secret handed out once in plain text (in a link, a cookie, an
/// `Authorization` header) and stored only as its SHA-256 hash. Looking a
/// token up by its hash needs no constant-time comparison: the hash of a
/// guess reveals nothing about stored hashes. SHA-256 without salt is right
/// here (not for passwords) because the token itself has 128 random bits.
pub struct SecretToken;

/// Length of a plain token: 16 bytes as lowercase hex, safe in URLs.
pub const SECRET_TOKEN_LEN: usize = 32;

impl SecretToken {
    /// A new token: `(plain, hash)`. Give `plain` to the person, store `hash`.
    pub fn generate() -> Result<(String, Vec<u8>), CodeError> {
        let bytes: [u8; 16] = random_bytes()?;
        let plain = hex::encode(bytes);
        let hash = Self::hash(&plain);
        Ok((plain, hash))
    }

    /// SHA-256 of the plain token exactly as given (32 bytes).
    pub fn hash(plain: &str) -> Vec<u8> {
        Sha256::digest(plain.as_bytes()).to_vec()
    }

    /// Whether `plain` has the shape of a token we issue (32 lowercase hex
    /// characters): lets a handler answer 404 without a database query.
    pub fn looks_valid(plain: &str) -> bool {
        plain.len() == SECRET_TOKEN_LEN
            && plain
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashSet;

    pub(crate) fn message_samples() -> Vec<(&'static str, MessageArgs)> {
        let random = getrandom::Error::UNSUPPORTED;
        [
            CodeError::RandomUnavailable(random),
            CodeError::Empty,
            CodeError::WrongLength { got: 7 },
            CodeError::InvalidCharacter { found: 'U' },
        ]
        .iter()
        .map(|e| (e.message_key(), e.message_args()))
        .collect()
    }

    #[test]
    fn generated_codes_are_8_crockford_characters_and_parse_back() {
        let mut seen = HashSet::new();
        for _ in 0..200 {
            let code = ConfirmationCode::generate().unwrap();
            assert_eq!(code.as_str().len(), 8);
            assert!(code.as_str().bytes().all(|b| CROCKFORD.contains(&b)));
            assert_eq!(ConfirmationCode::parse(&code.display()), Ok(code.clone()));
            seen.insert(code);
        }
        assert!(seen.len() > 195, "codes repeat too often: {}", seen.len());
    }

    #[test]
    fn a_scanned_qr_address_reads_as_its_code() {
        let want = ConfirmationCode::parse("ABCDEFGH").unwrap();
        for scanned in [
            "https://donor.example.go.id/pmi/drives/hbi-77-2027/checkin?code=ABCDEFGH",
            "HTTPS://DONOR.EXAMPLE.GO.ID/PMI/DRIVES/HBI-77-2027/CHECKIN?CODE=ABCDEFGH",
            "http://127.0.0.1:8080/pmi/drives/x/checkin?code=abcd-efgh&lang=id",
            "/pmi/drives/x/checkin?code=ABCD%2DEFGH#top",
            "?code=abcd efgh",
            "code=ABCDEFGH",
            " abcd-efgh ",
            "ABCDEFGH",
        ] {
            assert_eq!(
                ConfirmationCode::parse_scanned(scanned),
                Ok(want.clone()),
                "{scanned}"
            );
        }
    }

    #[test]
    fn a_scanned_address_without_a_good_code_says_what_is_wrong() {
        assert_eq!(
            ConfirmationCode::parse_scanned("https://x/checkin?code="),
            Err(CodeError::Empty)
        );
        assert_eq!(
            ConfirmationCode::parse_scanned("https://x/checkin?code=ABC%"),
            Err(CodeError::InvalidCharacter { found: '%' })
        );
        assert!(ConfirmationCode::parse_scanned("https://x/r/secret-token").is_err());
    }

    #[test]
    fn display_puts_a_hyphen_in_the_middle() {
        let code = ConfirmationCode::parse("ABCDEFGH").unwrap();
        assert_eq!(code.display(), "ABCD-EFGH");
        assert_eq!(code.to_string(), "ABCD-EFGH");
        assert_eq!(code.as_str(), "ABCDEFGH");
    }

    #[test]
    fn parsing_forgives_what_people_type() {
        let want = ConfirmationCode::parse("1BCD0FGH").unwrap();
        for typed in [
            "1bcd-0fgh",
            "  IBCD OFGH ",
            "lbcd-ofgh",
            "1-B-C-D-0-F-G-H",
            "1BCD\t0FGH",
        ] {
            assert_eq!(ConfirmationCode::parse(typed), Ok(want.clone()), "{typed}");
        }
    }

    #[test]
    fn parsing_refuses_what_cannot_be_a_code() {
        let err = |s| ConfirmationCode::parse(s).unwrap_err();
        assert_eq!(err(""), CodeError::Empty);
        assert_eq!(err(" - "), CodeError::Empty);
        assert_eq!(err("ABCD-EFG"), CodeError::WrongLength { got: 7 });
        assert_eq!(err("ABCD-EFGHJ"), CodeError::WrongLength { got: 9 });
        assert_eq!(err("ABCD-EFGU"), CodeError::InvalidCharacter { found: 'U' });
        assert_eq!(err("ABCD_EFGH"), CodeError::InvalidCharacter { found: '_' });
        assert_eq!(err("ABCDÉFGH"), CodeError::InvalidCharacter { found: 'É' });
    }

    #[test]
    fn codes_serialize_in_stored_form_and_deserialize_through_parse() {
        let code = ConfirmationCode::parse("abcd-efgh").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"ABCDEFGH\"");
        assert_eq!(
            serde_json::from_str::<ConfirmationCode>("\"abcd-efgh\"").unwrap(),
            code
        );
        assert!(serde_json::from_str::<ConfirmationCode>("\"ABCU-EFGH\"").is_err());
    }

    #[test]
    fn tokens_are_128_bit_hex_and_stored_as_sha256() {
        let (plain, hash) = SecretToken::generate().unwrap();
        assert_eq!(plain.len(), SECRET_TOKEN_LEN);
        assert!(SecretToken::looks_valid(&plain));
        assert_eq!(hash.len(), 32);
        assert_eq!(SecretToken::hash(&plain), hash);
        let (other, other_hash) = SecretToken::generate().unwrap();
        assert_ne!((plain, hash), (other, other_hash));
    }

    #[test]
    fn token_hash_is_plain_sha256() {
        assert_eq!(
            hex::encode(SecretToken::hash("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn malformed_tokens_are_recognised_without_a_lookup() {
        assert!(!SecretToken::looks_valid(""));
        assert!(!SecretToken::looks_valid(&"A".repeat(32)));
        assert!(!SecretToken::looks_valid(&"a".repeat(31)));
        assert!(!SecretToken::looks_valid(&"g".repeat(32)));
        assert!(SecretToken::looks_valid(&"0f".repeat(16)));
    }
}
