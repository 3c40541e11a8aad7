//! The README's first model, built in the workbench by clicks and keys alone: from an empty
//! workbench on a file that does not exist yet, the blank template, five factors, five links
//! (four from the form, one drawn by dragging), a cross-impact block typed into an empty cell,
//! two options and a trigger with their clamps, and an actor; then a verdict, an undo and a
//! redo, a save, a change made on disk survived by Reload, and a page reload that finds every
//! comment in place. An accessibility audit (axe-core, installed by `npm ci` in `web/`) must
//! find no serious violation at 1440 and at 390 pixels wide. Screenshots are kept in
//! `target/tmp/walkthrough/`.

mod chromium;

use std::path::{Path, PathBuf};

use chromium::{eval, mouse, start, wait_for, wait_for_full_answer};
use headless_chrome::Tab;
use headless_chrome::browser::tab::ModifierKey;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::protocol::cdp::{Emulation, Input};
use serde_json::Value;

fn screenshot(tab: &Tab, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("walkthrough");
    std::fs::create_dir_all(&dir).unwrap();
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

fn click(tab: &Tab, selector: &str) {
    tab.find_element(selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .unwrap();
}

/// Clicks into a field, selects what it holds and types `text` over it.
fn fill(tab: &Tab, selector: &str, text: &str) {
    click(tab, selector);
    tab.press_key_with_modifiers("a", Some(&[ModifierKey::Ctrl]))
        .unwrap();
    tab.type_str(text).unwrap();
}

/// Focuses a drop-down and picks the option whose label starts with `label` by typing it, as a
/// keyboard user does.
fn pick(tab: &Tab, selector: &str, label: &str) {
    tab.find_element(selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .focus()
        .unwrap();
    tab.type_str(label).unwrap();
    let chosen = eval(
        tab,
        &format!("(s => s.options[s.selectedIndex].text)(document.querySelector({selector:?}))"),
    );
    assert!(
        chosen.as_str().unwrap().starts_with(label),
        "{selector}: picked {chosen}, not {label}"
    );
}

/// As [`pick`], for a drop-down whose choice is an edit at once (the view then redraws it, so
/// the edit's effect on the text is what the caller checks).
fn choose(tab: &Tab, selector: &str, label: &str) {
    tab.find_element(selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .focus()
        .unwrap();
    tab.type_str(label).unwrap();
}

fn text(tab: &Tab) -> String {
    eval(tab, "workbench.text()").as_str().unwrap().to_owned()
}

fn wait_for_text(tab: &Tab, part: &str) {
    wait_for(
        tab,
        &format!("workbench.text().includes({part:?})"),
        &format!("{part:?} in the text"),
    );
}

fn comments(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with('#')).collect()
}

/// The serious and critical violations axe-core finds on the page as shown, or `None` where
/// axe-core is not installed and not required.
fn audit(tab: &Tab) -> Option<Vec<Value>> {
    let axe = Path::new(env!("CARGO_MANIFEST_DIR")).join("web/node_modules/axe-core/axe.min.js");
    let Ok(source) = std::fs::read_to_string(&axe) else {
        assert!(
            std::env::var_os("REALPOLITIK_REQUIRE_BROWSER").is_none(),
            "axe-core is missing: run `npm ci` in crates/realpolitik-serve/web"
        );
        eprintln!("SKIPPED the accessibility audit: axe-core not installed (npm ci in web/)");
        return None;
    };
    tab.evaluate(&source, false).unwrap();
    let found = tab
        .evaluate(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(\
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')\
               .map(v => ({ id: v.id, impact: v.impact, help: v.help, \
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))",
            true,
        )
        .unwrap()
        .value
        .unwrap();
    Some(serde_json::from_str(found.as_str().unwrap()).unwrap())
}

/// Audits each view of the model in turn.
fn audit_every_view(tab: &Tab, width: &str) {
    for view in [
        "text",
        "graph",
        "matrix",
        "actors",
        "scenarios",
        "evidence",
        "panel",
    ] {
        click(tab, &format!("[data-tab={view}]"));
        if let Some(violations) = audit(tab) {
            assert!(
                violations.is_empty(),
                "{width}, {view} view: {}",
                serde_json::to_string_pretty(&violations).unwrap()
            );
        }
    }
}

#[test]
fn an_analyst_builds_the_first_model_by_clicks_and_keys() {
    let Some(browser) = chromium::browser(1440, 900) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("congestion.toml");
    let url = start(path.clone());
    let tab = chromium::open(&browser, &url);

    // A file that does not exist: the page offers the templates; start from the blank one.
    wait_for(
        &tab,
        "document.getElementById('templates').open",
        "the template picker",
    );
    screenshot(&tab, "1-templates");
    click(&tab, "#template-list li:first-child button");
    wait_for_text(&tab, "[model]");
    wait_for_full_answer(&tab);

    // Five factors, from the graph's form.
    click(&tab, "[data-tab=graph]");
    let factors = [
        ("charge", "Congestion charge", "lever", "none, charged"),
        ("fuel_shock", "Fuel price shock", "trigger", "no, yes"),
        ("car_trips", "Car trips", "mechanism", "fewer, as_now, more"),
        ("air_quality", "Air quality", "outcome", "worse, better"),
        ("shop_sales", "Shop sales", "outcome", "falling, rising"),
    ];
    for (id, label, role, states) in factors {
        fill(&tab, "#add-factor [name=id]", id);
        fill(&tab, "#add-factor [name=label]", label);
        pick(&tab, "#add-factor [name=role]", role);
        fill(&tab, "#add-factor [name=states]", states);
        click(&tab, "#add-factor button[type=submit]");
        wait_for_text(&tab, &format!("id = \"{id}\""));
    }
    wait_for(
        &tab,
        "workbench.cy.nodes().length === 5",
        "five factors drawn",
    );

    // Four links from the form, named by their labels and weighed by a term.
    let links = [
        (
            "Congestion charge",
            "Car trips",
            "-strong",
            "charge",
            "car_trips",
        ),
        (
            "Fuel price shock",
            "Car trips",
            "-medium",
            "fuel_shock",
            "car_trips",
        ),
        (
            "Car trips",
            "Air quality",
            "-strong",
            "car_trips",
            "air_quality",
        ),
        (
            "Car trips",
            "Shop sales",
            "+medium",
            "car_trips",
            "shop_sales",
        ),
    ];
    for (from, to, weight, from_id, to_id) in links {
        pick(&tab, "#new-link-from", from);
        pick(&tab, "#new-link-to", to);
        pick(&tab, "#new-link-weight", weight);
        click(&tab, "#add-link button[type=submit]");
        wait_for_text(
            &tab,
            &format!("from = \"{from_id}\"\nto = \"{to_id}\"\nweight = \"{weight}\""),
        );
    }
    // The fifth drawn by dragging from one factor to another in draw mode.
    pick(&tab, "#new-link-weight", "-weak");
    click(&tab, "#draw-mode");
    wait_for_full_answer(&tab);
    let on_page = |id: &str| {
        let p = eval(
            &tab,
            &format!(
                "(p => {{ const r = document.getElementById('graph').getBoundingClientRect(); \
                 return {{x: r.x + p.x, y: r.y + p.y}}; }})\
                 (workbench.cy.getElementById({id:?}).renderedPosition())"
            ),
        );
        (p["x"].as_f64().unwrap(), p["y"].as_f64().unwrap())
    };
    let (from, to) = (on_page("fuel_shock"), on_page("shop_sales"));
    use Input::DispatchMouseEventTypeOption::{MouseMoved, MousePressed, MouseReleased};
    mouse(&tab, MouseMoved, from.0, from.1, false);
    mouse(&tab, MousePressed, from.0, from.1, true);
    for step in 1..=12 {
        let f = f64::from(step) / 12.0;
        let (x, y) = (from.0 + (to.0 - from.0) * f, from.1 + (to.1 - from.1) * f);
        mouse(&tab, MouseMoved, x, y, true);
        // The preview snaps to the target at most 15 times a second: move as a hand does.
        std::thread::sleep(std::time::Duration::from_millis(40));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    mouse(&tab, MouseReleased, to.0, to.1, false);
    wait_for_text(
        &tab,
        "from = \"fuel_shock\"\nto = \"shop_sales\"\nweight = \"-weak\"",
    );
    click(&tab, "#draw-mode");
    screenshot(&tab, "2-graph");

    // A cross-impact block, typed into an empty cell of the matrix.
    click(&tab, "[data-tab=matrix]");
    fill(
        &tab,
        "#matrix input[aria-label=\"Congestion charge = charged → Car trips = fewer\"]",
        "2",
    );
    tab.press_key("Enter").unwrap();
    wait_for_text(&tab, "impacts = [[0, 0, 0], [2, 0, 0]]");
    screenshot(&tab, "3-matrix");

    // Two options and a trigger, each with its clamp.
    click(&tab, "[data-tab=scenarios]");
    let scenarios = [
        ("option", "no_charge", "No charge", true, "none"),
        (
            "option",
            "charge_now",
            "Introduce the charge",
            false,
            "charged",
        ),
    ];
    for (kind, id, name, status_quo, state) in scenarios {
        pick(&tab, "#add-scenario [name=scenario_kind]", kind);
        fill(&tab, "#add-scenario [name=scenario_id]", id);
        fill(&tab, "#add-scenario [name=scenario_name]", name);
        if status_quo {
            click(&tab, "#add-scenario [name=status_quo]");
        }
        click(&tab, "#add-scenario button[type=submit]");
        wait_for_text(&tab, &format!("id = \"{id}\""));
        choose(
            &tab,
            &format!("select[aria-label=\"{name}: clamp another factor\"]"),
            "Congestion charge",
        );
        wait_for_text(&tab, &format!("id = \"{id}\"\nname = \"{name}\""));
        wait_for(
            &tab,
            &format!(
                "!!document.querySelector('select[aria-label=\"{name}: the state it holds charge at\"]')"
            ),
            "the clamp's drop-down",
        );
        choose(
            &tab,
            &format!("select[aria-label=\"{name}: the state it holds charge at\"]"),
            state,
        );
        wait_for_text(&tab, &format!("clamp = {{ charge = \"{state}\" }}"));
    }
    pick(&tab, "#add-scenario [name=scenario_kind]", "trigger");
    fill(&tab, "#add-scenario [name=scenario_id]", "fuel_crisis");
    fill(
        &tab,
        "#add-scenario [name=scenario_name]",
        "Fuel prices jump",
    );
    click(&tab, "#add-scenario button[type=submit]");
    wait_for_text(&tab, "id = \"fuel_crisis\"");
    choose(
        &tab,
        "select[aria-label=\"Fuel prices jump: clamp another factor\"]",
        "Fuel price shock",
    );
    wait_for_text(&tab, "clamp = { fuel_shock = \"yes\" }");

    // An actor.
    click(&tab, "[data-tab=actors]");
    fill(&tab, "#add-actor [name=actor_id]", "city_council");
    fill(&tab, "#add-actor [name=actor_name]", "City council");
    click(&tab, "#add-actor button[type=submit]");
    wait_for_text(&tab, "id = \"city_council\"");

    // A verdict on the one option.
    wait_for_full_answer(&tab);
    wait_for(
        &tab,
        "document.querySelectorAll('#verdicts li').length === 1",
        "the verdict on the option",
    );
    let verdict = eval(&tab, "document.getElementById('verdicts').innerText");
    assert!(
        verdict
            .as_str()
            .unwrap()
            .starts_with("Introduce the charge: "),
        "{verdict}"
    );
    screenshot(&tab, "4-verdict");

    // The scenario panel: holding the charge on moves both outcomes.
    click(&tab, "[data-tab=panel]");
    pick(
        &tab,
        "#panel-holds select[aria-label=\"hold Congestion charge at\"]",
        "charged",
    );
    wait_for(
        &tab,
        "document.querySelectorAll('#panel-bars .bar-row').length === 2",
        "the panel's bars",
    );
    screenshot(&tab, "5-panel");

    // Undo the last edit (the actor) and redo it, by keys, from outside the editor.
    let built = text(&tab);
    click(&tab, "#status");
    tab.press_key_with_modifiers("z", Some(&[ModifierKey::Ctrl]))
        .unwrap();
    wait_for(
        &tab,
        "!workbench.text().includes('city_council')",
        "the undo",
    );
    tab.press_key_with_modifiers("z", Some(&[ModifierKey::Ctrl, ModifierKey::Shift]))
        .unwrap();
    wait_for(
        &tab,
        "workbench.text().includes('city_council')",
        "the redo",
    );
    assert_eq!(text(&tab), built);

    // Save: the file is made.
    click(&tab, "#save");
    wait_for(
        &tab,
        "document.getElementById('message').textContent === 'Saved.'",
        "the save",
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(saved, built);
    let template = realpolitik::templates::Template::Blank.text();
    for comment in comments(template) {
        assert!(saved.contains(comment), "{comment} lost");
    }

    // Another program changes the file: Reload brings the change in.
    let changed = format!("# Reviewed by the desk editor.\n{saved}");
    std::fs::write(&path, &changed).unwrap();
    click(&tab, "#reload");
    wait_for(
        &tab,
        "workbench.text().startsWith('# Reviewed by the desk editor.')",
        "the reloaded file",
    );
    wait_for_full_answer(&tab);

    // The page loaded again shows the file as it is, every comment in place.
    tab.reload(true, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for_full_answer(&tab);
    assert_eq!(text(&tab), changed);
    assert_eq!(
        eval(&tab, "document.getElementById('saved-state').textContent"),
        "saved"
    );
    screenshot(&tab, "6-reloaded");
    audit_every_view(&tab, "1440 px");

    // A phone-sized screen (the window cannot be made that narrow: the device metrics are
    // emulated): the same page, audited again.
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width: 390,
        height: 844,
        device_scale_factor: 1.0,
        mobile: true,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
    tab.reload(true, None)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let small = &tab;
    wait_for_full_answer(small);
    screenshot(small, "7-narrow");
    let widths = eval(
        small,
        "[document.documentElement.clientWidth, document.querySelector('header').scrollWidth, \
          document.getElementById('edit').scrollWidth]",
    );
    let viewport = widths[0].as_f64().unwrap();
    assert!(viewport <= 390.0, "{widths}");
    for w in [&widths[1], &widths[2]] {
        assert!(
            w.as_f64().unwrap() <= viewport,
            "wider than the window: {widths}"
        );
    }
    audit_every_view(small, "390 px");
}
