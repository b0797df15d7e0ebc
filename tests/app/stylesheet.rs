//! The stylesheet parses cleanly and every block it opens, it closes.
//!
//! CSS forgives an unclosed block silently (the end of the file closes it), so
//! a parser alone never complains: a forgotten `}` after `@media print {` once
//! turned every later rule into a print-only rule and the PMI pages lost their
//! layout. lightningcss checks the syntax; cssparser's tokenizer checks that
//! each `{` meets its own `}`.

use cssparser::{ParseError, Parser, ParserInput, Token};
use lightningcss::rules::CssRule;
use lightningcss::stylesheet::{ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::traits::ToCss;

fn stylesheet() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/style.css"))
        .expect("static/style.css")
}

/// Walks every block; records where each `{…}` block ends and any stray or
/// broken token.
fn walk(input: &mut Parser<'_, '_>, ends: &mut Vec<usize>, problems: &mut Vec<String>) {
    loop {
        let at = input.current_source_location();
        let token = match input.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return,
        };
        match token {
            Token::CurlyBracketBlock
            | Token::ParenthesisBlock
            | Token::SquareBracketBlock
            | Token::Function(_) => {
                let _ = input.parse_nested_block(|nested| {
                    walk(nested, ends, problems);
                    Ok::<_, ParseError<'_, ()>>(())
                });
                if matches!(token, Token::CurlyBracketBlock) {
                    ends.push(input.position().byte_index());
                }
            }
            Token::CloseCurlyBracket
            | Token::CloseParenthesis
            | Token::CloseSquareBracket
            | Token::BadString(_)
            | Token::BadUrl(_) => {
                problems.push(format!("line {}: stray {token:?}", at.line + 1));
            }
            _ => {}
        }
    }
}

/// Problems with the blocks of `css`: a block the end of the file had to
/// close, a `}` with no `{`, a broken string or url.
fn block_problems(css: &str) -> Vec<String> {
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    let (mut ends, mut problems) = (Vec::new(), Vec::new());
    walk(&mut parser, &mut ends, &mut problems);
    // A closed block ends right after its own `}`; blocks closed by the end of
    // the file all end at the same place, or after something else.
    let mut seen = std::collections::HashSet::new();
    for end in ends {
        let closed = css.as_bytes().get(end.wrapping_sub(1)) == Some(&b'}');
        if !closed || !seen.insert(end) {
            let line = css[..end.min(css.len())].lines().count();
            problems.push(format!(
                "a block is never closed (found at the end, line {line})"
            ));
        }
    }
    problems
}

#[test]
fn the_stylesheet_parses_without_errors() {
    let css = stylesheet();
    let options = ParserOptions {
        error_recovery: false,
        ..ParserOptions::default()
    };
    if let Err(e) = StyleSheet::parse(&css, options) {
        panic!("static/style.css does not parse: {e} at {:?}", e.loc);
    }
}

#[test]
fn every_block_of_the_stylesheet_is_closed() {
    let problems = block_problems(&stylesheet());
    assert!(problems.is_empty(), "static/style.css: {problems:#?}");
}

#[test]
fn the_block_check_catches_what_a_parser_forgives() {
    assert!(block_problems("a { color: red }\n@media print { b { x: y }\n").len() == 1);
    assert!(block_problems("@media print { b { x: y }").len() == 1);
    assert!(block_problems("a { color: red } }").len() == 1);
    assert!(block_problems("a { content: \"}\" } /* { */").is_empty());
}

#[test]
fn the_day_of_layout_applies_on_screen() {
    let css = stylesheet();
    let sheet = StyleSheet::parse(&css, ParserOptions::default()).expect("parses");
    let top_level: Vec<String> = sheet
        .rules
        .0
        .iter()
        .filter_map(|rule| match rule {
            CssRule::Style(style) => style
                .selectors
                .to_css_string(PrinterOptions::default())
                .ok(),
            _ => None,
        })
        .collect();
    for selector in [
        ".vitals-grid",
        ".checkin-code input#code",
        ".roster-actions",
    ] {
        assert!(
            top_level.iter().any(|s| s.contains(selector)),
            "{selector} must be a screen rule, not inside an @media block"
        );
    }
}
