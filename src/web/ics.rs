//! Lines of an iCalendar file (RFC 5545 §3.1): at most 75 octets, longer ones
//! folded onto continuation lines that start with a space. Folding never
//! leaves a space at the end of a line or at the start of the next one's
//! text, because some readers trim those and a word boundary would be lost.

/// The calendar text with every line folded again, whitespace-safe.
pub fn refold(calendar: &str) -> String {
    let unfolded = calendar.replace("\r\n ", "").replace("\r\n\t", "");
    let mut out = String::with_capacity(calendar.len() + calendar.len() / 20);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        fold_line(line, &mut out);
        out.push_str("\r\n");
    }
    out
}

const FIRST_LINE: usize = 75;
/// A continuation line's text, after its leading space.
const CONTINUATION: usize = 74;

fn fold_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = FIRST_LINE;
    while rest.len() > limit {
        let cut = fold_point(rest, limit);
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = CONTINUATION;
    }
    out.push_str(rest);
}

/// Where to cut `text` so the first part fits in `limit` octets: on a
/// character boundary, and away from whitespace when that costs at most half
/// a line.
fn fold_point(text: &str, limit: usize) -> usize {
    let mut cut = limit;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let touches_space = |at: usize| {
        text[..at].ends_with(char::is_whitespace) || text[at..].starts_with(char::is_whitespace)
    };
    let mut candidate = cut;
    while candidate > limit / 2 && touches_space(candidate) {
        candidate -= 1;
        while !text.is_char_boundary(candidate) {
            candidate -= 1;
        }
    }
    if candidate > limit / 2 {
        candidate
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn long_lines_fold_within_75_octets_and_unfold_to_the_same_text() {
        let long = format!(
            "DESCRIPTION:{}",
            "Donor darah — café é 🩸 lantai 2, Kupang; "
                .repeat(12)
                .trim_end()
        );
        let calendar = format!("BEGIN:VCALENDAR\r\n{long}\r\nEND:VCALENDAR\r\n");
        let folded = refold(&calendar);
        assert_eq!(unfold(&folded), calendar);
        assert!(folded.ends_with("\r\n"));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
            assert!(!line.ends_with(' '), "a line ending in a space: {line:?}");
            assert!(
                !line.starts_with("  "),
                "text starting with a space: {line:?}"
            );
        }
        assert!(folded.lines().count() > 8, "it was folded");
    }

    #[test]
    fn lines_folded_elsewhere_are_folded_again_and_short_ones_stay() {
        let folded_at_a_space = "SUMMARY:Donor darah lantai \r\n 2\r\nUID:x\r\n";
        assert_eq!(
            refold(folded_at_a_space),
            "SUMMARY:Donor darah lantai 2\r\nUID:x\r\n"
        );
        let spaces = format!("X:{}", " ".repeat(200));
        assert_eq!(unfold(&refold(&spaces)), format!("{spaces}\r\n"));
    }
}
