//! Secrets never reach the logs: the real binary runs with the most verbose
//! log level while people sign in, fail to, get accounts and new passwords,
//! open secret donor and setup links, type codes at check-in and search the
//! roster; its whole log output is then searched for every secret involved.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use blood_drive::domain::vocab::Role;

use crate::expect::assert_status;
use crate::helpers::{TestApp, extract_csrf, fresh_database, new_client, scratch_dir};

fn shown_secret(html: &str) -> String {
    let marker = "<code class=\"secret\">";
    let start = html.find(marker).expect("a secret on the page") + marker.len();
    let end = html[start..].find("</code>").expect("end of secret");
    html[start..start + end].to_owned()
}

/// Stops the server we started when the test ends, pass or fail.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn passwords_never_appear_in_the_log_output() {
    let database_url = tokio::task::spawn_blocking(fresh_database)
        .await
        .expect("clone");
    let dir = scratch_dir(&format!("logs-{}", uuid::Uuid::new_v4().simple()));
    let log_path = dir.join("stderr.log");
    let binary = env!("CARGO_BIN_EXE_blood-drive");
    let env = [
        ("DATABASE_URL", database_url.as_str()),
        ("RUST_LOG", "trace"),
        ("SECRET_KEY", "log-test-secret-key-0123456789abcdef0123"),
        ("BIND_ADDR", "127.0.0.1:0"),
        ("DATA_DIR", dir.to_str().expect("utf-8 path")),
    ];
    let first_password = "the first organizer's passphrase";
    let wrong_password = "a wrong guess that is long";

    // The first organizer, from the command line.
    let cli_log = std::fs::File::create(dir.join("cli.log")).expect("log file");
    let mut cli = Command::new(binary)
        .args([
            "user",
            "add",
            "ratna",
            "--role",
            "organizer",
            "--password-stdin",
        ])
        .envs(env)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(cli_log)
        .spawn()
        .expect("user add");
    cli.stdin
        .take()
        .expect("stdin")
        .write_all(format!("{first_password}\n").as_bytes())
        .expect("stdin");
    assert!(cli.wait().expect("wait").success());

    // The server, logging everything into a file.
    let log = std::fs::File::create(&log_path).expect("log file");
    let mut child = Command::new(binary)
        .arg("serve")
        .envs(env)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("serve");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let address = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .find_map(|line| {
                line.split("serving at ").nth(1).map(|rest| {
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
            })
            .expect("the server says where it serves")
    })
    .await
    .expect("address");
    let app = TestApp {
        address,
        database_url,
        client: new_client(),
    };

    // A failed and a successful sign-in.
    let csrf = app.csrf_token("/login").await;
    let res = app
        .post_form(
            "/login",
            &[
                ("csrf_token", &csrf),
                ("username", "ratna"),
                ("password", wrong_password),
            ],
        )
        .await;
    assert_status(&res, 401);
    let organizer = app.login("ratna", first_password).await;

    // A new account and a reset, both with generated passwords.
    let res = organizer
        .post_with_csrf(
            "/admin/users",
            &[
                ("username", "sinta"),
                ("display_name", "Sinta"),
                ("role", Role::Pmi.as_str()),
            ],
        )
        .await;
    assert_status(&res, 200);
    let created_password = shown_secret(&res.text().await.expect("body"));
    let sinta = app.login("sinta", &created_password).await;
    assert_status(&sinta.get("/pmi").await, 200);
    let (_, users) = organizer.get_text("/admin/users").await;
    assert!(extract_csrf(&users).is_some());
    let sinta_id = {
        use blood_drive::db::schema::staff_users;
        use diesel::prelude::*;
        staff_users::table
            .filter(staff_users::username.eq("sinta"))
            .select(staff_users::id)
            .first::<uuid::Uuid>(&mut app.conn())
            .expect("sinta")
    };
    let res = organizer
        .post_with_csrf(&format!("/admin/users/{sinta_id}/reset-password"), &[])
        .await;
    let reset_password = shown_secret(&res.text().await.expect("body"));

    // Secret links, codes typed at check-in and roster searches.
    let slug = blood_drive::seed::seed_demo(&mut app.conn(), chrono::Utc::now())
        .expect("seeding")
        .drive_slug;
    let (donor_token, _) = blood_drive::domain::codes::SecretToken::generate().expect("token");
    let (setup_token, _) = blood_drive::domain::codes::SecretToken::generate().expect("token");
    let typed_code = "QX7KM2PW";
    let searched = "Kristofora Nubatonis";
    let searched_q: String = form_urlencoded::byte_serialize(searched.as_bytes()).collect();
    app.get(&format!("/r/{donor_token}")).await;
    app.get(&format!("/r/{donor_token}/calendar.ics")).await;
    app.get(&format!("/setup/{setup_token}")).await;
    // A post without its form token is refused, and the refusal is logged.
    app.client
        .post(app.url(&format!("/r/{donor_token}/cancel")))
        .send()
        .await
        .expect("post");
    sinta
        .get(&format!("/pmi/drives/{slug}/checkin?code={typed_code}"))
        .await;
    sinta
        .get(&format!("/pmi/drives/{slug}/roster?q={searched_q}"))
        .await;
    sinta
        .get(&format!("/pmi/drives/{slug}/roster.csv?q={searched_q}"))
        .await;
    organizer.post_with_csrf("/logout", &[]).await;
    drop(server);

    let mut captured = std::fs::read_to_string(&log_path).expect("log");
    captured.push_str(&std::fs::read_to_string(dir.join("cli.log")).expect("cli log"));
    for event in [
        "staff sign-in failed",
        "staff signed in",
        "staff account created",
        "staff password reset",
        "http.target=/admin/users",
        "/checkin?code=[redacted]",
        "/r/[redacted]",
    ] {
        assert!(
            captured.contains(event),
            "the log must really hold {event:?}, or this test proves nothing"
        );
    }
    for secret in [
        donor_token.as_str(),
        setup_token.as_str(),
        typed_code,
        searched,
        &searched_q,
    ] {
        assert!(
            !captured.contains(secret),
            "{secret:?} is in the log:\n{}",
            captured
                .lines()
                .filter(|l| l.contains(secret))
                .take(3)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    for secret in [
        first_password,
        wrong_password,
        &created_password,
        &reset_password,
    ] {
        let encoded: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        assert!(!captured.contains(secret), "a password is in the log");
        assert!(
            !captured.contains(&encoded),
            "a form-encoded password is in the log"
        );
    }
}
