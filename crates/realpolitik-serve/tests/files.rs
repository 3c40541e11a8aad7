//! The workbench's files: a model made from a template in a file that did not exist, reloads
//! after another program changed the file, save-as, and structural edits checked before they
//! are made.

mod support;

use axum::http::StatusCode;
use serde_json::json;
use support::{Client, example_folder};

#[tokio::test]
async fn a_missing_file_is_made_from_a_template_by_its_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new-model.toml");
    let c = Client::on(Some(path.clone()));
    let m = c.get("/api/model").await.json();
    assert_eq!(m["exists"], false);
    assert_eq!(m["editable"], true);
    assert_eq!(m["text"], "");
    let names: Vec<&str> = m["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["blank", "fcm", "cib", "bargaining"]);
    let fcm = m["templates"][1]["text"].as_str().unwrap();
    assert!(!path.exists(), "opening makes no file");
    let saved = c
        .post("/api/save", json!({ "text": fcm, "version": m["version"] }))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fcm);
    let m = c.get("/api/model").await.json();
    assert_eq!(m["exists"], true);
    assert_eq!(m["text"], fcm);
}

#[tokio::test]
async fn the_page_reloads_what_another_program_saved() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path.clone()));
    let first = c.get("/api/model").await.json();
    let changed = first["text"].as_str().unwrap().replace(
        "Carbon price in a coal-dependent economy",
        "Changed on disk",
    );
    std::fs::write(&path, &changed).unwrap();
    // A save from the old version is refused; a reload gets the file as it is now, and a
    // save from there goes through.
    let stale = c
        .post(
            "/api/save",
            json!({ "text": first["text"], "version": first["version"] }),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let reloaded = c.post("/api/reload", json!({})).await.json();
    assert_eq!(reloaded["text"], changed);
    assert_ne!(reloaded["version"], first["version"]);
    let saved = c
        .post(
            "/api/save",
            json!({ "text": changed, "version": reloaded["version"] }),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    // Loading the page again reads the disk too.
    std::fs::write(&path, first["text"].as_str().unwrap()).unwrap();
    assert_eq!(c.get("/api/model").await.json()["text"], first["text"]);
}

#[tokio::test]
async fn save_as_writes_a_new_file_in_the_folder_and_opens_it() {
    let (dir, path) = example_folder();
    let c = Client::on(Some(path.clone()));
    let text = c.model_text().await;
    let edited = text.replace("Carbon price in a coal-dependent economy", "A copy");
    let reply = c
        .post(
            "/api/save-as",
            json!({ "file": "copy.toml", "text": edited }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["name"], "copy.toml");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("copy.toml")).unwrap(),
        edited
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "the original is kept"
    );
    // Never over an existing file, never outside the folder.
    let again = c
        .post(
            "/api/save-as",
            json!({ "file": "energy-transition.toml", "text": "x" }),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    for name in ["../escape.toml", "sub/x.toml", ".hidden.toml", "notes.txt"] {
        let reply = c
            .post("/api/save-as", json!({ "file": name, "text": "x" }))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{name}");
    }
    assert!(!dir.path().parent().unwrap().join("escape.toml").exists());
}

#[tokio::test]
async fn a_structural_edit_that_would_break_the_model_is_refused() {
    let (_dir, path) = example_folder();
    let c = Client::on(Some(path));
    let text = c.model_text().await;
    // The status quo clamps carbon_price; deleting the factor takes its relations and clamps.
    let deleted = c
        .post(
            "/api/edit",
            json!({ "text": text, "edit": { "kind": "delete_factor", "id": "gas_shock" } }),
        )
        .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.text());
    let after = deleted.json()["text"].as_str().unwrap().to_owned();
    assert!(!after.contains("gas_shock = "), "{after}");
    let check = c.post("/api/check", json!({ "text": after })).await.json();
    assert_eq!(check["valid"], true, "{check}");
    // A clamp to a state the factor does not have would add an error: not made.
    let wrong = c
        .post(
            "/api/edit",
            json!({ "text": text, "edit": { "kind": "set_clamp", "scenario": "option",
                "id": "price_now", "factor": "carbon_price", "state": "sky_high" } }),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("the edit was not made:"),
        "{}",
        wrong.text()
    );
}
