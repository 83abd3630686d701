//! Pins the security settings of DESIGN §5 so a config edit cannot loosen them unnoticed:
//! the exact CSP, the frozen prototype, one explicit capability for the main window only,
//! granting exactly the app's own commands.

use serde_json::Value;

use crate::command_names::COMMANDS;

fn read_json(relative: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).expect("config file is readable");
    serde_json::from_str(&text).expect("config file is JSON")
}

#[test]
fn csp_and_prototype_are_locked_down() {
    let config = read_json("tauri.conf.json");
    let security = &config["app"]["security"];
    assert_eq!(
        security["csp"],
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
         connect-src ipc: http://ipc.localhost; object-src 'none'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    );
    assert_eq!(security["freezePrototype"], true);
    assert_eq!(security["capabilities"], serde_json::json!(["main"]));
    assert!(
        config["build"].get("devUrl").is_none(),
        "the UI is embedded from ui/, never served"
    );
    assert!(
        config.get("plugins").is_none(),
        "no plugins are configured (no shell, fs or http)"
    );
}

#[test]
fn main_capability_grants_exactly_the_app_commands_to_the_main_window() {
    let capability = read_json("capabilities/main.json");
    assert_eq!(capability["identifier"], "main");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let granted: Vec<&str> = capability["permissions"]
        .as_array()
        .expect("a permission list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let expected: Vec<String> = COMMANDS
        .iter()
        .map(|command| format!("allow-{}", command.replace('_', "-")))
        .collect();
    assert_eq!(granted, expected);
}
