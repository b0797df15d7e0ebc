//! Both languages in the browser: the first visit follows the browser's
//! language, a choice sticks across pages, and the English pages pass axe too.

use super::{Browser, PHONE};
use crate::helpers::{seed_demo, spawn_app};

async fn page_language(b: &Browser) -> String {
    b.attr("html", "lang").await.unwrap_or_default()
}

#[tokio::test]
async fn the_first_visit_follows_the_browser_and_a_choice_sticks() {
    let app = spawn_app().await;
    let slug = seed_demo(&app);

    // An English-speaking browser is answered in English.
    let mut b = Browser::open(&app, PHONE, "en-GB,en").await;
    b.visit(&format!("/drives/{slug}")).await;
    assert_eq!(page_language(&b).await, "en");
    b.check(Some("donor-10-drive-english")).await;
    b.visit("/eligibility").await;
    assert_eq!(page_language(&b).await, "en");
    b.check(None).await;

    // Choosing Indonesian stays chosen on the next pages.
    b.follow("a[hreflang=id]").await;
    assert_eq!(page_language(&b).await, "id");
    assert_eq!(
        b.path().await,
        "/eligibility",
        "the switch returns to the page"
    );
    b.visit(&format!("/drives/{slug}/register")).await;
    assert_eq!(page_language(&b).await, "id");
    b.visit("/login").await;
    assert_eq!(page_language(&b).await, "id");
    b.assert_accessible("language-en");
    b.close().await;

    // An Indonesian browser gets Indonesian, and English when asked.
    let mut b = Browser::open(&app, PHONE, "id-ID,id").await;
    b.visit("/").await;
    assert_eq!(page_language(&b).await, "id");
    b.follow("a[hreflang=en]").await;
    assert_eq!(page_language(&b).await, "en");
    b.visit(&format!("/drives/{slug}")).await;
    assert_eq!(page_language(&b).await, "en");
    b.check(None).await;
    b.assert_accessible("language-id");
    b.close().await;
}
