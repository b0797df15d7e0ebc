//! Rules for staff account fields, shared by the setup link, the user pages and
//! the command line.

/// Usernames: 2-40 characters of lowercase letters, digits, `.`, `_`, `-`,
/// starting with a letter or digit (the schema insists on the same).
pub fn normalize_username(input: &str) -> Option<String> {
    let username = input.trim().to_lowercase();
    let valid = (2..=40).contains(&username.len())
        && username.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    valid.then_some(username)
}

/// Display names: 1-120 characters after trimming.
pub fn normalize_display_name(input: &str) -> Option<String> {
    let name = input.trim();
    (1..=120)
        .contains(&name.chars().count())
        .then(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_lowercased_and_checked() {
        assert_eq!(
            normalize_username(" Ana.Bere ").as_deref(),
            Some("ana.bere")
        );
        assert_eq!(normalize_username("a"), None);
        assert_eq!(normalize_username("-ana"), None);
        assert_eq!(normalize_username("ana bere"), None);
        assert_eq!(normalize_username(&"a".repeat(41)), None);
    }

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(normalize_display_name("  Ana  ").as_deref(), Some("Ana"));
        assert_eq!(normalize_display_name("   "), None);
        assert_eq!(normalize_display_name(&"x".repeat(121)), None);
    }
}
