//! The workbench in a real headless Chromium, driven over the DevTools protocol as an analyst
//! would use it: open the built-in model (a copy on disk, so that it can be saved), drag a
//! factor, change a link's weight and see the verdict move, break the TOML and see the problem
//! at its line, fix it and see the problem go, save, reload and find every comment intact.
//! Screenshots of each step are kept in `target/tmp/workbench/`.
//!
//! Skipped with a message where Chromium is missing, unless `REALPOLITIK_REQUIRE_BROWSER` is
//! set (as `.ci/run` sets it), when it fails instead.

mod chromium;

use std::path::{Path, PathBuf};

use chromium::{eval, mouse, screenshot, start, wait_for, wait_for_full_answer};
use headless_chrome::Tab;
use headless_chrome::browser::tab::ModifierKey;
use headless_chrome::protocol::cdp::Input;
use serde_json::Value;

/// The built-in model, its source text and its counter-model, copied into a fresh folder.
fn built_in_copy() -> (tempfile::TempDir, PathBuf) {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    for file in [
        "assad-is-2014.toml",
        "assad-is-2014-advocates.toml",
        "sources/wimmen-2014.txt",
    ] {
        std::fs::copy(models.join(file), dir.path().join(file)).unwrap();
    }
    let model = dir.path().join("assad-is-2014.toml");
    (dir, model)
}

/// Opens the text tab and puts the caret at the start of the model's text.
fn type_at_the_start_of_the_text(tab: &Tab) {
    tab.find_element("[data-tab=text]")
        .unwrap()
        .click()
        .unwrap();
    eval(
        tab,
        "(v => { v.dispatch({ selection: { anchor: 0 } }); v.focus(); return true; })(workbench.view)",
    );
}

fn point(v: &Value) -> (f64, f64) {
    (v["x"].as_f64().unwrap(), v["y"].as_f64().unwrap())
}

fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.find('#').map(|i| &l[i..]))
        .collect()
}

#[test]
fn an_analyst_edits_the_built_in_model_in_the_workbench() {
    let Some(browser) = chromium::browser(1400, 900) else {
        return;
    };
    let (_dir, model) = built_in_copy();
    let original = std::fs::read_to_string(&model).unwrap();
    let url = start(model.clone());
    let tab = chromium::open(&browser, &url);

    // Opened: the verdicts of the three options, from the full draws.
    wait_for_full_answer(&tab);
    let verdicts = || eval(&tab, "document.getElementById('verdicts').innerText");
    let first = verdicts();
    assert_eq!(
        first.as_str().unwrap().matches("WORSE").count(),
        3,
        "{first}"
    );
    // Each verdict says both its robustness and its analytic confidence (one author: low).
    assert_eq!(
        first
            .as_str()
            .unwrap()
            .matches("analytic confidence low")
            .count(),
        3,
        "{first}"
    );
    screenshot(&tab, "1-opened");

    // Drag a factor across the graph: the file gets its place.
    tab.find_element("[data-tab=graph]")
        .unwrap()
        .click()
        .unwrap();
    // Cytoscape draws on a canvas: a factor's place on the page is its rendered position
    // plus the graph's corner.
    let node = "workbench.cy.nodes()[0]";
    let id = eval(&tab, &format!("{node}.id()"));
    let on_page = |js: &str| {
        point(&eval(
            &tab,
            &format!(
                "(p => {{ const r = document.getElementById('graph').getBoundingClientRect(); \
                 return {{x: r.x + p.x, y: r.y + p.y}}; }})({js})"
            ),
        ))
    };
    let from = on_page(&format!("{node}.renderedPosition()"));
    use Input::DispatchMouseEventTypeOption::{MouseMoved, MousePressed, MouseReleased};
    mouse(&tab, MouseMoved, from.0, from.1, false);
    mouse(&tab, MousePressed, from.0, from.1, true);
    for step in 1..=10 {
        let f = f64::from(step) / 10.0;
        mouse(
            &tab,
            MouseMoved,
            from.0 + 120.0 * f,
            from.1 + 60.0 * f,
            true,
        );
    }
    mouse(&tab, MouseReleased, from.0 + 120.0, from.1 + 60.0, false);
    wait_for(
        &tab,
        &format!(
            "workbench.text().includes('id = \"' + {id} + '\"') && \
             /layout = \\[/.test(workbench.text())"
        ),
        "the dragged factor's layout in the text",
    );
    screenshot(&tab, "2-dragged");

    // Click the first link and pull its weight to −1 with the keyboard: the verdict moves. The
    // answer to the drag redraws the graph when it arrives, and a click that lands while it does
    // is lost: click again (at the link's new place) until the panel opens.
    wait_for_full_answer(&tab);
    let panel_open = || eval(&tab, "!document.getElementById('link-panel').hidden");
    let mut opened = false;
    for _ in 0..5 {
        let middle = on_page("workbench.cy.edges()[0].renderedMidpoint()");
        tab.click_point(headless_chrome::browser::tab::point::Point {
            x: middle.0,
            y: middle.1,
        })
        .unwrap();
        let clicked = std::time::Instant::now();
        while !opened && clicked.elapsed() < std::time::Duration::from_secs(5) {
            opened = panel_open() == Value::Bool(true);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if opened {
            break;
        }
    }
    assert!(opened, "the link panel never opened");
    tab.find_element("#link-weight").unwrap().focus().unwrap();
    tab.press_key("Home").unwrap();
    wait_for(
        &tab,
        "document.getElementById('changes').innerText.includes('this edit moved the net score')",
        "the change against the saved version",
    );
    wait_for_full_answer(&tab);
    assert_ne!(verdicts(), first, "the verdict text did not move");
    screenshot(&tab, "3-weight-changed");

    // The matrix view: type a new impact into the first cell with the keyboard.
    tab.find_element("[data-tab=matrix]")
        .unwrap()
        .click()
        .unwrap();
    let first_cell = eval(
        &tab,
        "document.querySelector('#matrix td:not(.none) input').value",
    );
    let new_value = if first_cell == "3" { "-3" } else { "3" };
    eval(
        &tab,
        "(i => { i.focus(); i.select(); })(document.querySelector('#matrix td:not(.none) input'))",
    );
    tab.type_str(new_value).unwrap();
    tab.press_key("Enter").unwrap();
    wait_for(
        &tab,
        &format!("document.querySelector('#matrix td:not(.none) input').value === '{new_value}'"),
        "the matrix cell's new value, redrawn from the edited file",
    );
    screenshot(&tab, "3b-matrix");

    // Type in the text while an edit is in flight (the server made slow for it): the edit
    // lands and nothing typed is lost. The edit is the page's own (a cross-impact cell of the
    // first block, set as the matrix view sets it).
    wait_for_full_answer(&tab);
    eval(
        &tab,
        "(real => { window.plainFetch = real; window.fetch = async (path, init) => { \
           if (path === '/api/edit') await new Promise(r => setTimeout(r, 1500)); \
           return real(path, init); }; return true; })(window.fetch)",
    );
    let block = "workbench.state.views.matrix.blocks[0]";
    let cell = eval(&tab, &format!("{block}.impacts[0][0]"));
    let slow = if cell == 3 { 2 } else { 3 };
    eval(
        &tab,
        &format!(
            "(b => {{ workbench.applyEdit({{ kind: 'impact', from: b.from, to: b.to, row: 0, \
               column: 0, value: {slow} }}); return true; }})({block})"
        ),
    );
    type_at_the_start_of_the_text(&tab);
    let typed = "# typed while an edit was in flight\n";
    tab.type_str(typed).unwrap();
    wait_for(
        &tab,
        &format!("{block}.impacts[0][0] === {slow}"),
        "the slow edit, applied",
    );
    let text = eval(&tab, "workbench.text()");
    assert!(
        text.as_str().unwrap().starts_with(typed),
        "the text typed during the edit was lost"
    );
    // Back to the plain fetch, and the typed line removed again as the analyst would.
    eval(
        &tab,
        &format!(
            "(() => {{ workbench.replaceText(workbench.text().replace({typed:?}, '')); \
               window.fetch = window.plainFetch; return true; }})()"
        ),
    );

    // The evidence view marks the cited passages and says how much of the source is uncited.
    tab.find_element("[data-tab=evidence]")
        .unwrap()
        .click()
        .unwrap();
    let marks = eval(
        &tab,
        "document.querySelectorAll('#source-text mark').length",
    );
    assert!(marks.as_u64().unwrap() >= 10, "{marks} marked passages");
    let uncited = eval(&tab, "document.getElementById('uncited').textContent");
    assert!(
        uncited
            .as_str()
            .unwrap()
            .contains("% of the text is cited by no judgment")
    );
    screenshot(&tab, "3c-evidence");

    // Break the TOML: the problem shows at line 1; undo it (Ctrl-Z): the problem goes.
    let before_break = eval(&tab, "workbench.text()");
    type_at_the_start_of_the_text(&tab);
    tab.type_str("[[broken\n").unwrap();
    wait_for(
        &tab,
        "[...document.querySelectorAll('#problems li.error')].some(li => \
         li.textContent.startsWith('line 1, column'))",
        "the syntax error's problem",
    );
    screenshot(&tab, "4-syntax-error");
    for _ in 0..20 {
        if eval(&tab, "workbench.text()") == before_break {
            break;
        }
        tab.press_key_with_modifiers("z", Some(&[ModifierKey::Ctrl]))
            .unwrap();
    }
    assert_eq!(
        eval(&tab, "workbench.text()"),
        before_break,
        "undo restores the text"
    );
    wait_for(
        &tab,
        "document.querySelectorAll('#problems li.error').length === 0",
        "the problem to go",
    );
    wait_for_full_answer(&tab);

    // Save, reload: the file and the page hold the edits and every comment.
    tab.find_element("#save").unwrap().click().unwrap();
    wait_for(
        &tab,
        "document.getElementById('message').textContent === 'Saved.'",
        "the save",
    );
    let saved = std::fs::read_to_string(&model).unwrap();
    assert_ne!(saved, original);
    assert_eq!(comments(&saved), comments(&original));
    assert!(saved.contains("layout = ["));
    tab.reload(true, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for_full_answer(&tab);
    let reloaded = eval(&tab, "workbench.text()");
    assert_eq!(reloaded.as_str().unwrap(), saved);
    assert_eq!(
        eval(&tab, "document.getElementById('saved-state').textContent"),
        "saved"
    );
    screenshot(&tab, "5-reloaded");
}
