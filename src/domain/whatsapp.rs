//! WhatsApp click-to-chat links (`https://wa.me/…`): no gateway, no API key.
//! A link opens WhatsApp on the person's own phone with a message ready to
//! send, either to one number or, without a number, to a chat they pick.

/// A number WhatsApp can open a chat with: international digits only
/// (`6281234567890`), as `wa.me` wants them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatNumber(String);

impl ChatNumber {
    /// The number of a stored phone (`+6281234567890` or `6281234567890`;
    /// spaces, dashes and dots are ignored); `None` when it is not a plausible
    /// international number (9 to 15 digits, no leading zero).
    pub fn from_phone(phone: &str) -> Option<ChatNumber> {
        let trimmed = phone.trim();
        let rest = trimmed.strip_prefix('+').unwrap_or(trimmed);
        let mut digits = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' => {}
                _ => return None,
            }
        }
        let plausible = (9..=15).contains(&digits.len()) && !digits.starts_with('0');
        plausible.then_some(ChatNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `text` percent-encoded for a URL's query: every byte of its UTF-8 but the
/// ASCII letters and digits becomes `%XX`. Spaces, newlines, `&`, `#`, `+`,
/// `=` and every non-ASCII character are encoded, so the text comes back
/// exactly as written whatever decoder WhatsApp (or a browser) uses.
pub fn encode_text(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3);
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// A click-to-chat link: to `to` when given, else to a chat the person picks
/// (a group, themselves, a colleague), with `text` ready to send.
pub fn chat_link(to: Option<&ChatNumber>, text: &str) -> String {
    let number = to.map(ChatNumber::as_str).unwrap_or_default();
    format!("https://wa.me/{number}?text={}", encode_text(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An independent decoder: `%XX` back to bytes, then UTF-8.
    fn decode(encoded: &str) -> String {
        let bytes = encoded.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn every_awkward_character_round_trips() {
        let text = "Donor darah & kopi #1: 2+2=4?\nJam 08.00–08.30 WITA — café é 🩸 100%";
        let encoded = encode_text(text);
        assert!(
            encoded
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '%'),
            "{encoded}"
        );
        for raw in [" ", "\n", "&", "#", "+", "=", "?", "é", "—"] {
            assert!(!encoded.contains(raw), "{raw:?} left as is in {encoded}");
        }
        assert!(encoded.contains("%20") && encoded.contains("%0A"));
        assert!(encoded.contains("%26") && encoded.contains("%23") && encoded.contains("%2B"));
        assert!(encoded.contains("%C3%A9"), "é is its two UTF-8 bytes");
        assert!(encoded.contains("%E2%80%94"), "— is its three UTF-8 bytes");
        assert_eq!(decode(&encoded), text);
    }

    #[test]
    fn a_link_goes_to_a_number_or_lets_the_person_pick() {
        let to = ChatNumber::from_phone("+6281234567890").expect("number");
        assert_eq!(
            chat_link(Some(&to), "Halo A&B"),
            "https://wa.me/6281234567890?text=Halo%20A%26B"
        );
        assert_eq!(chat_link(None, "x y"), "https://wa.me/?text=x%20y");
    }

    #[test]
    fn only_plausible_international_numbers_are_chat_numbers() {
        assert_eq!(
            ChatNumber::from_phone(" +62 812-3456.7890 ").map(|n| n.0),
            Some("6281234567890".to_owned())
        );
        assert_eq!(
            ChatNumber::from_phone("6281234567890").map(|n| n.0),
            Some("6281234567890".to_owned())
        );
        for bad in [
            "",
            "+",
            "081234567890",
            "+62 812",
            "+62812345678901234",
            "+62812?text=hi",
            "62812/../x",
            "+62 8123 4567 ٨٩",
        ] {
            assert_eq!(ChatNumber::from_phone(bad), None, "{bad:?}");
        }
    }
}
