//! Every command is wired and permitted, with the real config and capabilities on Tauri's mock
//! runtime: the main window may call each one; any other window may call none.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

use crate::command_names::COMMANDS;
use crate::launch::Launch;
use crate::state::AppState;

fn invoke(
    window: &WebviewWindow<MockRuntime>,
    command: &str,
    args: Value,
) -> Result<Value, String> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a URL"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request)
        .map(|body| body.deserialize::<Value>().expect("a JSON response"))
        .map_err(|error| error.to_string())
}

/// The real app (config, capabilities, commands) on the mock runtime, on an empty data folder.
fn mock_app(data: &std::path::Path) -> tauri::App<MockRuntime> {
    crate::app(
        mock_builder(),
        Launch::from_env(),
        AppState::new(Some(data)),
    )
    .build(tauri::generate_context!())
    .expect("the app builds on the mock runtime")
}

fn main_window(app: &tauri::App<MockRuntime>) -> WebviewWindow<MockRuntime> {
    match app.get_webview_window("main") {
        Some(window) => window,
        None => WebviewWindowBuilder::new(app, "main", Default::default())
            .build()
            .expect("main window"),
    }
}

#[test]
fn every_command_is_wired_and_allowed_in_the_main_window_only() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = mock_app(data.path());
    let main = main_window(&app);
    let other = WebviewWindowBuilder::new(&app, "other", Default::default())
        .build()
        .expect("a second window");

    for command in COMMANDS {
        // Empty arguments: a command may reject them, but never as "not allowed" or "not found".
        if let Err(error) = invoke(&main, command, json!({})) {
            assert!(
                !error.contains("not allowed") && !error.contains("not found"),
                "{command} is not callable from the main window: {error}"
            );
        }
        let denied = invoke(&other, command, json!({}));
        assert!(
            denied.as_ref().is_err_and(|e| e.contains("not allowed")),
            "{command} must be refused outside the main window, got {denied:?}"
        );
    }
}

#[test]
fn a_plugin_command_is_refused() {
    let data = tempfile::tempdir().expect("temp dir");
    let app = mock_app(data.path());
    let main = main_window(&app);
    let result = invoke(
        &main,
        "plugin:fs|read_text_file",
        json!({ "path": "/etc/passwd" }),
    );
    assert!(
        result.is_err(),
        "a file-system command answered: {result:?}"
    );
}
