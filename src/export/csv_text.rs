//! Text cells of every CSV the app writes, kept from being run as formulas.

/// What a spreadsheet program takes for the start of a formula when it opens a
/// CSV (OWASP "CSV injection"): `=`, `+`, `-`, `@`, a tab or a carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as written to a CSV. One that Excel or LibreOffice would run as
/// a formula (a donor named `=HYPERLINK(...)`) gets a leading `'`, which both
/// read as "this is text"; any other text is left as it is. Every CSV the app
/// writes passes its text cells through here; numbers are written as numbers.
pub fn csv_text(mut text: String) -> String {
    if text.starts_with(FORMULA_STARTS) {
        text.insert(0, '\'');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_formula_becomes_text_and_a_name_stays_as_it_is() {
        assert_eq!(
            csv_text("=HYPERLINK(\"http://x.example\",\"klik\")".to_owned()),
            "'=HYPERLINK(\"http://x.example\",\"klik\")"
        );
        for formula in ["+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(csv_text(formula.to_owned()), format!("'{formula}"));
        }
        for text in ["", "Yohanes Bria", "'already quoted", " =1", "A+", "08:00"] {
            assert_eq!(csv_text(text.to_owned()), text);
        }
    }

    #[test]
    fn numbers_are_written_as_numbers_and_text_cells_made_safe() {
        use crate::export::Cell;
        assert_eq!(Cell::Int(-5).csv(), "-5");
        assert_eq!(Cell::Pct(Some(-1.5)).csv(), "-1.5");
        assert_eq!(Cell::Text("-5".to_owned()).csv(), "'-5");
    }

    proptest! {
        #[test]
        fn any_text_starting_like_a_formula_comes_out_starting_with_a_quote(
            first in prop::sample::select(FORMULA_STARTS.to_vec()),
            rest in any::<String>(),
        ) {
            let text = format!("{first}{rest}");
            prop_assert_eq!(csv_text(text.clone()), format!("'{text}"));
        }

        #[test]
        fn any_other_text_is_left_as_it_is(text in any::<String>()) {
            prop_assume!(!text.starts_with(FORMULA_STARTS));
            prop_assert_eq!(csv_text(text.clone()), text);
        }
    }
}
