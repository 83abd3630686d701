//! Renders an exported HTML file as a person would open it — in a real WebKit browser (WebKit's
//! MiniBrowser, driven by `WebKitWebDriver`), from the file itself — and saves a PNG of the page.
//! The app's own webview cannot show it: its navigation guard and CSP refuse anything but the app.

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::ClientBuilder;
use hyper_util::client::legacy::connect::HttpConnector;

use crate::driver::Driver;

/// WebKitGTK's MiniBrowser, shipped with the WebKitGTK library (`libwebkit2gtk-4.1-0`).
fn mini_browser() -> PathBuf {
    let found = std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("webkit2gtk-4.1").join("MiniBrowser"))
        .chain([PathBuf::from("/usr/libexec/webkit2gtk-4.1/MiniBrowser")])
        .find(|candidate| candidate.is_file());
    found.unwrap_or_else(|| {
        panic!(
            "WebKit's MiniBrowser was not found (it comes with libwebkit2gtk-4.1-0: `make deps`)"
        )
    })
}

/// Opens `html` (a file) in WebKit at `width`×`height`, waits for it to load, and writes a
/// screenshot of it to `png`. Returns the page's text, for checking what a reader sees.
pub fn html_to_png(html: &Path, png: &Path, width: u32, height: u32) -> String {
    let driver = Driver::start_webkit();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let html = std::fs::canonicalize(html).expect("the exported file exists");
    let url = format!("file://{}", html.display());
    let browser = mini_browser();
    let result = runtime.block_on(async {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "webkitgtk:browserOptions".into(),
            serde_json::json!({ "binary": browser, "args": ["--automation"] }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let client = tokio::time::timeout(Duration::from_secs(30), builder.connect(&driver.url()))
            .await
            .map_err(|_| "WebKit did not start within 30 s".to_string())?
            .map_err(|e| format!("no WebKit session: {e}"))?;
        let outcome = async {
            client
                .set_window_size(width, height)
                .await
                .map_err(|e| format!("resizing: {e}"))?;
            client
                .goto(&url)
                .await
                .map_err(|e| format!("opening {url}: {e}"))?;
            let text = client
                .execute("return document.body.innerText", vec![])
                .await
                .map_err(|e| format!("reading the page: {e}"))?;
            let shot = client
                .screenshot()
                .await
                .map_err(|e| format!("screenshot: {e}"))?;
            Ok::<_, String>((text.as_str().unwrap_or_default().to_string(), shot))
        }
        .await;
        let _ = client.close().await;
        outcome
    });
    let (text, shot) = result.unwrap_or_else(|e| panic!("{e}\n{}", driver.log_tail()));
    if let Some(parent) = png.parent() {
        std::fs::create_dir_all(parent).expect("the screenshot folder");
    }
    std::fs::write(png, shot).expect("the screenshot written");
    text
}
