//! The webview never leaves the app: any navigation to another origin (a link in a rendered
//! Markdown body, a redirect, a script setting `location`) is refused, so no remote page can load
//! in the app's window. The app's own origin is `tauri://localhost` (or `http(s)://tauri.localhost`
//! where the platform needs it).

use tauri::plugin::TauriPlugin;
use tauri::{Runtime, Url};

/// Whether the window may show `url`: only the app's own pages.
pub fn allowed(url: &Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    match url.scheme() {
        "tauri" => host == "localhost",
        "http" | "https" => host == "tauri.localhost",
        _ => false,
    }
}

/// A plugin with no commands: only its navigation hook, which refuses every other origin.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_, url| {
            let ok = allowed(url);
            if !ok {
                // The scheme and host only: a path or query could carry case content.
                tracing::warn!(
                    scheme = url.scheme(),
                    host = url.host_str().unwrap_or_default(),
                    "navigation refused"
                );
            }
            ok
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::allowed;
    use tauri::Url;

    #[test]
    fn only_the_apps_own_origin_may_load() {
        for ok in [
            "tauri://localhost/index.html",
            "tauri://localhost/#/case/1",
            "http://tauri.localhost/",
            "https://tauri.localhost/index.html",
        ] {
            assert!(allowed(&Url::parse(ok).unwrap()), "{ok}");
        }
        for refused in [
            "https://evil.example/",
            "http://localhost:8080/",
            "https://tauri.localhost.evil.example/",
            "tauri://evil.example/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "about:blank",
        ] {
            assert!(!allowed(&Url::parse(refused).unwrap()), "{refused}");
        }
    }
}
