//! The workbench's HTTP API, called as the page calls it (and as a hostile page would): every
//! endpoint, bad input, oversized bodies, wrong Host and Origin, a missing token, and paths
//! outside the model's folder.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

mod support;

use support::{Client, HOST, TOKEN, example_folder};

#[tokio::test]
async fn the_page_needs_the_token_and_its_assets_are_embedded() {
    let c = Client::on(None);
    let bare = Request::builder()
        .uri("/")
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    assert_eq!(c.send(bare).await.status, StatusCode::FORBIDDEN);
    let page = c.get(&format!("/?token={TOKEN}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("<script src=\"/assets/app.js\">"));
    let script = Request::builder()
        .uri("/assets/app.js")
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap();
    let script = c.send(script).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.text().contains("x-realpolitik-token"));
    // No network: the only URL in the code is the SVG namespace (the bundled packages'
    // licences, which name their sites, follow the code in a comment).
    let text = script.text();
    let (code, licences) = text
        .split_once("/*! Bundled license information:")
        .expect("the bundle ends with its packages' licences");
    assert!(licences.contains("MIT"));
    let code = code.replace("http://www.w3.org/2000/svg", "");
    assert!(!code.contains("http://") && !code.contains("https://"));
}

#[tokio::test]
async fn requests_from_other_sites_or_names_or_without_the_token_are_refused() {
    let c = Client::on(None);
    let cases = [
        // DNS rebinding: the attacker's name for 127.0.0.1.
        Request::builder()
            .uri("/api/model")
            .header(header::HOST, "evil.example:7414")
            .header("x-realpolitik-token", TOKEN),
        // Another port on the same host is another origin.
        Request::builder()
            .uri("/api/model")
            .header(header::HOST, "127.0.0.1:9999")
            .header("x-realpolitik-token", TOKEN),
        // CSRF: a page elsewhere posting to us.
        Client::request("GET", "/api/model").header(header::ORIGIN, "https://evil.example"),
        Client::request("GET", "/api/model").header("sec-fetch-site", "cross-site"),
        // No token, and a wrong one.
        Request::builder()
            .uri("/api/model")
            .header(header::HOST, HOST),
        Request::builder()
            .uri("/api/model")
            .header(header::HOST, HOST)
            .header("x-realpolitik-token", "0123456789abcdef0123456789abcdee"),
        Request::builder().uri("/api/model"),
        // The token in an API call's URL (where logs and histories keep it) does not count.
        Request::builder()
            .uri(format!("/api/model?token={TOKEN}"))
            .header(header::HOST, HOST),
    ];
    for (i, builder) in cases.into_iter().enumerate() {
        let reply = c.send(builder.body(Body::empty()).unwrap()).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "case {i}: {}",
            reply.text()
        );
        assert!(
            !reply.text().contains("Carbon"),
            "case {i} leaked the model"
        );
    }
    let own = c
        .send(
            Client::request("GET", "/api/model")
                .header(header::ORIGIN, format!("http://{HOST}"))
                .header("sec-fetch-site", "same-origin")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.headers["x-content-type-options"], "nosniff");
    assert_eq!(own.headers["x-frame-options"], "DENY");

    // Malformed for this server: two Host headers, or a target naming another server.
    let malformed = [
        Client::request("GET", "/api/model").header(header::HOST, "evil.example:7414"),
        Request::builder()
            .uri("http://evil.example:7414/api/model")
            .header(header::HOST, HOST)
            .header("x-realpolitik-token", TOKEN),
    ];
    for (i, builder) in malformed.into_iter().enumerate() {
        let reply = c.send(builder.body(Body::empty()).unwrap()).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "case {i}: {}",
            reply.text()
        );
        assert_eq!(reply.headers["x-frame-options"], "DENY");
    }
}

#[tokio::test]
async fn the_model_endpoint_describes_the_open_file() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path.clone()));
    let m = c.get("/api/model").await.json();
    assert_eq!(m["name"], "energy-transition.toml");
    assert_eq!(m["editable"], true);
    assert_eq!(m["text"], std::fs::read_to_string(&path).unwrap());
    assert_eq!(m["models"], json!(["energy-transition.toml"]));
    assert_eq!(m["version"].as_str().unwrap().len(), 16);
    let builtin = Client::on(None).get("/api/model").await.json();
    assert_eq!(builtin["editable"], false);
    assert_eq!(builtin["name"], "models/assad-is-2014.toml");
}

#[tokio::test]
async fn check_locates_problems_in_the_text() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path.clone()));
    let text = std::fs::read_to_string(&path).unwrap();
    let ok = c.post("/api/check", json!({ "text": text })).await.json();
    assert_eq!(ok["valid"], true, "{ok}");
    let broken = text.replacen("role = \"lever\"", "role = \"levr\"", 1);
    let line = broken.lines().position(|l| l.contains("levr")).unwrap() + 1;
    let bad = c.post("/api/check", json!({ "text": broken })).await.json();
    assert_eq!(bad["valid"], false);
    let p = &bad["problems"][0];
    assert_eq!(p["severity"], "error");
    assert_eq!(p["line"], line, "{p}");
    assert_eq!(p["column"], 8, "{p}");
    assert!(p["end_column"].as_u64().unwrap() > 8, "{p}");
    // Not JSON, or not the right shape: a 4xx, not a crash.
    let garbage = c
        .send(
            Client::request("POST", "/api/check")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"text\": 3"))
                .unwrap(),
        )
        .await;
    assert!(garbage.status.is_client_error(), "{}", garbage.status);
}

#[tokio::test]
async fn analyze_returns_the_briefing_its_report_and_graph_and_the_change_since_saving() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path.clone()));
    let text = std::fs::read_to_string(&path).unwrap();
    let saved = c
        .post("/api/analyze", json!({ "text": text, "draws": 50 }))
        .await
        .json();
    assert_eq!(saved["status"], "ok", "{saved}");
    let a = &saved["answer"];
    let verdict = &a["document"]["briefing"]["verdicts"][0];
    assert_eq!(verdict["option"], "price_now");
    assert!(a["report_html"].as_str().unwrap().contains("<svg"));
    // A quick answer, as the page asks while the analyst edits: the same briefing, no page.
    let quick = c
        .post(
            "/api/analyze",
            json!({ "text": text, "draws": 50, "report": false }),
        )
        .await
        .json();
    assert_eq!(quick["answer"]["report_html"], Value::Null);
    assert_eq!(quick["answer"]["document"], a["document"]);
    assert_eq!(a["graph"]["nodes"].as_array().unwrap().len(), 4);
    let arrows = a["graph"]["arrows"].as_array().unwrap();
    assert_eq!(arrows.len(), 4);
    assert_eq!(arrows[0]["from"], "carbon_price");
    assert_eq!(arrows[0]["weight"], -0.75);
    let before = verdict["net"]["median"].as_f64().unwrap();
    assert_eq!(a["changes"][0]["saved"].as_f64().unwrap(), before);

    // Weaken the price's effect on emissions: the net score of pricing moves, and the change
    // names the saved score and the new one.
    let edited = c
        .post(
            "/api/edit",
            json!({ "text": text, "edit": { "kind": "link_weight",
                "from": "carbon_price", "to": "emissions", "weight": 0.0 } }),
        )
        .await
        .json();
    let edited_text = edited["text"].as_str().unwrap();
    let after = c
        .post("/api/analyze", json!({ "text": edited_text, "draws": 50 }))
        .await
        .json();
    let change = &after["answer"]["changes"][0];
    assert_eq!(change["saved"].as_f64().unwrap(), before);
    let now = change["now"].as_f64().unwrap();
    assert!(now < before - 0.5, "{before} → {now}");
    assert!(
        change["words"]
            .as_str()
            .unwrap()
            .starts_with("this edit moved the net score of Introduce a moderate price now from"),
        "{change}"
    );

    let invalid = c
        .post("/api/analyze", json!({ "text": "[model\n", "draws": 50 }))
        .await
        .json();
    assert_eq!(invalid["status"], "invalid");
    assert_eq!(invalid["problems"][0]["line"], 1);
    let none = c
        .post("/api/analyze", json!({ "text": text, "draws": 0 }))
        .await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert!(
        none.json()["error"]
            .as_str()
            .unwrap()
            .contains("at least 1")
    );
}

#[tokio::test]
async fn a_cross_impact_edit_moves_only_the_cross_impact_reading_and_says_so() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path.clone()));
    let text = std::fs::read_to_string(&path).unwrap();
    // A moderate price pushes emissions to "falling" by +3 instead of +1: of the two scenarios
    // consistent with the price (emissions falling and flat), only "falling" is left. The
    // cross-impact reading goes from +50 (mean place 25 against the status quo's 75) to +75
    // (0 against 75); the map's links are untouched.
    let edited = c
        .post(
            "/api/edit",
            json!({ "text": text, "edit": { "kind": "impact", "from": "carbon_price",
                "to": "emissions", "row": 1, "column": 0, "value": 3 } }),
        )
        .await
        .json();
    let after = c
        .post(
            "/api/analyze",
            json!({ "text": edited["text"].as_str().unwrap(), "draws": 50 }),
        )
        .await
        .json();
    let change = &after["answer"]["changes"][0];
    assert_eq!(change["saved"], change["now"]);
    assert_eq!(change["saved_scenarios"], 50.0);
    assert_eq!(change["now_scenarios"], 75.0);
    assert_eq!(
        change["words"].as_str().unwrap().split(';').next().unwrap(),
        "this edit moved only the cross-impact scenarios' reading from +50.0 to +75.0 for \
         Introduce a moderate price now"
    );
}

#[tokio::test]
async fn one_relation_edited_in_both_encodings_moves_both_engines_parts() {
    // The example's carbon price → emissions written as one relation (its block and its link
    // joined; the link's signpost table left out), saved on disk as the workbench's model.
    let (_dir, path) = example_folder();
    let text = std::fs::read_to_string(&path).unwrap();
    let block = "[[judgments]]\nfrom = \"carbon_price\"\nto = \"emissions\"\n";
    let relation =
        "[[relations]]\nfrom = \"carbon_price\"\nto = \"emissions\"\nweight = \"-strong\"\n";
    let one = text.replacen(block, relation, 1);
    let link = one
        .find("[[links]]\nfrom = \"carbon_price\"\nto = \"emissions\"")
        .unwrap();
    // The link and its `[[links.indicators]]` table, up to the next link.
    let next = link + 1 + one[link + 1..].find("\n[[links]]\n").unwrap() + 1;
    let one = format!("{}{}", &one[..link], &one[next..]);
    std::fs::write(&path, &one).unwrap();
    let c = Client::on(Some(path.clone()));
    // Its FCM weight set to 0 and one cell of its CIB block from +1 to +3: the same relation.
    let weighted = c
        .post(
            "/api/edit",
            json!({ "text": one, "edit": { "kind": "link_weight",
                "from": "carbon_price", "to": "emissions", "weight": 0.0 } }),
        )
        .await
        .json();
    let both = c
        .post(
            "/api/edit",
            json!({ "text": weighted["text"], "edit": { "kind": "impact", "from": "carbon_price",
                "to": "emissions", "row": 1, "column": 0, "value": 3 } }),
        )
        .await
        .json();
    let edited = both["text"].as_str().unwrap();
    // Both edits landed in the one relation; no separate link was written.
    assert!(!edited.contains("[[links]]\nfrom = \"carbon_price\"\nto = \"emissions\""));
    let at = edited
        .find("[[relations]]\nfrom = \"carbon_price\"\nto = \"emissions\"\n")
        .unwrap();
    let relation = &edited[at..at + edited[at..].find("\n\n").unwrap()];
    assert!(relation.contains("weight = 0\n"), "{relation}");
    assert!(
        relation.contains("[  3,      1,  -2],   # moderate"),
        "{relation}"
    );
    let after = c
        .post("/api/analyze", json!({ "text": edited, "draws": 50 }))
        .await
        .json();
    let change = &after["answer"]["changes"][0];
    let (saved, now) = (
        change["saved"].as_f64().unwrap(),
        change["now"].as_f64().unwrap(),
    );
    assert!(now < saved - 0.5, "{saved} → {now}");
    assert_eq!(change["saved_scenarios"], 50.0);
    assert_eq!(change["now_scenarios"], 75.0);
    let words = change["words"].as_str().unwrap();
    assert!(
        words.starts_with("this edit moved the net score of Introduce a moderate price now from")
            && words.contains("and the cross-impact scenarios' reading from +50.0 to +75.0"),
        "{words}"
    );
}

#[tokio::test]
async fn edits_and_saves_keep_every_comment_and_a_change_on_disk_is_not_overwritten() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path.clone()));
    let m = c.get("/api/model").await.json();
    let text = m["text"].as_str().unwrap().to_owned();
    let moved = c
        .post(
            "/api/edit",
            json!({ "text": text, "edit": { "kind": "layout", "factor": "emissions",
                "x": 800.0, "y": 120.5 } }),
        )
        .await
        .json();
    let moved = moved["text"].as_str().unwrap().to_owned();
    let weighted = c
        .post(
            "/api/edit",
            json!({ "text": moved, "edit": { "kind": "link_weight",
                "from": "gas_shock", "to": "emissions", "weight": "+weak" } }),
        )
        .await
        .json();
    let new_text = weighted["text"].as_str().unwrap().to_owned();
    let saved = c
        .post(
            "/api/save",
            json!({ "text": new_text, "version": m["version"] }),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert_eq!(on_disk, new_text);
    assert!(on_disk.contains("layout = [800.0, 120.5]"), "{on_disk}");
    assert!(on_disk.contains("weight = \"+weak\"\nassumption = \"Fuel switching back to coal.\""));
    let comments = |t: &str| -> Vec<String> {
        t.lines()
            .filter_map(|l| l.find('#').map(|i| l[i..].to_owned()))
            .collect()
    };
    assert_eq!(comments(&on_disk), comments(&text));
    // The saved file is the model the workbench now reports, and it still loads.
    let reloaded = c.get("/api/model").await.json();
    assert_eq!(reloaded["text"], on_disk);
    let check = c
        .post("/api/check", json!({ "text": on_disk }))
        .await
        .json();
    assert_eq!(check["valid"], true, "{check}");

    // Someone else changes the file: a save from the old version is refused, the file kept.
    std::fs::write(&path, "# changed elsewhere\n").unwrap();
    let conflict = c
        .post(
            "/api/save",
            json!({ "text": text, "version": saved.json()["version"] }),
        )
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(
        conflict.json()["error"]
            .as_str()
            .unwrap()
            .contains("changed on disk")
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# changed elsewhere\n"
    );

    // An edit the file cannot take is a clear 422.
    let wrong = c
        .post(
            "/api/edit",
            json!({ "text": text, "edit": { "kind": "impact", "from": "nope", "to": "x",
                "row": 0, "column": 0, "value": 1 } }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.json()["error"]
            .as_str()
            .unwrap()
            .contains("no factor \"nope\" in the file")
    );
}

/// Every edit is checked against the model it makes (issue 32): a cite on a link names the
/// link by what it joins and must quote a passage its declared source has.
#[tokio::test]
async fn a_cite_on_a_link_is_checked_against_the_source_it_quotes() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path));
    let text = c.model_text().await;
    let cite = |quote: &str, source: &str| {
        json!({ "text": text, "edit": { "kind": "cite",
            "judgment": { "of": "link", "from": "gas_shock", "to": "emissions" },
            "source": source, "quote": quote, "stance": "reported" } })
    };
    // A passage the brief has: cited, in the gas_shock → emissions entry (line 158 on).
    let cited = c
        .post("/api/edit", cite("Coal regions would lose jobs.", "brief"))
        .await;
    assert_eq!(cited.status, StatusCode::OK, "{}", cited.text());
    let new_text = cited.json()["text"].as_str().unwrap().to_owned();
    let entry = &new_text[new_text.rfind("from = \"gas_shock\"").unwrap()..];
    assert!(
        entry.starts_with(
            "from = \"gas_shock\"\nto = \"emissions\"\nweight = 0.3\n\
             assumption = \"Fuel switching back to coal.\"\nsource = \"brief\"\n\
             quote = \"Coal regions would lose jobs.\"\nstance = \"reported\""
        ),
        "{entry}"
    );
    // Words the brief does not have: refused, saying which quote and where (line 164, the
    // `quote` the cite wrote below `source = "brief"`).
    let invented = c
        .post("/api/edit", cite("Coal regions would gain jobs.", "brief"))
        .await;
    assert_eq!(invented.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invented.json()["error"],
        "the edit was not made: quote not found in source `brief` (line 164)"
    );
    // A source the model does not declare: refused.
    let unknown = c
        .post("/api/edit", cite("Coal regions would lose jobs.", "memo"))
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Line 163 is the `source = "memo"` the cite wrote into the entry.
    assert_eq!(
        unknown.json()["error"],
        "the edit was not made: unknown source `memo` (line 163)"
    );
}

#[tokio::test]
async fn the_built_in_model_is_read_only() {
    let c = Client::on(None);
    let m = c.get("/api/model").await.json();
    let reply = c
        .post(
            "/api/save",
            json!({ "text": m["text"], "version": m["version"] }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.json()["error"]
            .as_str()
            .unwrap()
            .contains("read-only")
    );
}

#[tokio::test]
async fn only_models_inside_the_folder_open_and_sources_outside_it_stay_unread() {
    let (dir, path) = example_folder();
    let secret = dir
        .path()
        .parent()
        .unwrap()
        .join(format!("realpolitik-secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "TOPSECRET line of a private file").unwrap();
    let c = Client::on(Some(path.clone()));
    for name in [
        "../energy-transition.toml",
        "/etc/passwd",
        "sources/carbon-brief.txt",
        "missing.toml",
        "",
    ] {
        let reply = c.post("/api/open", json!({ "file": name })).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{name}: {}",
            reply.text()
        );
    }
    std::fs::write(
        dir.path().join("second.toml"),
        "[model]\ntitle = \"Second\"\n",
    )
    .unwrap();
    let second = c.post("/api/open", json!({ "file": "second.toml" })).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.json()["name"], "second.toml");

    // A model that cites a file outside its folder: refused, and nothing of it echoed.
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "path = \"sources/carbon-brief.txt\"",
        &format!(
            "path = \"../{}\"",
            secret.file_name().unwrap().to_str().unwrap()
        ),
    );
    let check = c.post("/api/check", json!({ "text": text })).await;
    let body = check.text();
    std::fs::remove_file(&secret).unwrap();
    assert_eq!(check.json()["valid"], false, "{body}");
    assert!(!body.contains("TOPSECRET"), "{body}");
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let c = Client::on(None);
    let huge = "#".repeat(realpolitik_serve::MAX_BODY + 1);
    let reply = c.post("/api/check", json!({ "text": huge })).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn exports_are_downloads_of_the_current_text() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path.clone()));
    let text = std::fs::read_to_string(&path).unwrap();
    let csv = c.post("/api/export/csv", json!({ "text": text })).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"energy-transition.csv\""
    );
    assert!(
        csv.text()
            .starts_with("option,trigger,outcome,median,q05,q95,p_better\n")
    );
    let report = c.post("/api/export/report", json!({ "text": text })).await;
    assert!(
        report.text().starts_with("<!DOCTYPE html>")
            || report.text().starts_with("<!doctype html>")
    );
    let json = c.post("/api/export/json", json!({ "text": text })).await;
    let document: Value = serde_json::from_slice(&json.body).unwrap();
    assert_eq!(document["file"], "energy-transition.toml");
    let other = c.post("/api/export/pdf", json!({ "text": text })).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let broken = c.post("/api/export/csv", json!({ "text": "[model" })).await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
}
