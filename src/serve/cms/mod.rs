//! The editor at `/admin/` (opt-in: `placard serve --cms`, or `cms: { enabled: true }` in
//! placard.yaml): its page, its configuration (made by [`crate::cms`] on every request, so it
//! follows placard.yaml and new sections), placard's small admin script, the editor's files
//! (installed by `placard cms install`), and its local backend ([`api`]).
//!
//! Only `/admin/` has the editor's Content-Security-Policy ([`CSP`]); every other file keeps
//! what serve always sends. The backend answers only a `POST` with a JSON body from a page of
//! this server's own origin (`Origin` is checked), so another web site open in the same
//! browser cannot save files through it.

pub mod api;
pub mod paths;

use std::path::PathBuf;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::Value;

use crate::cms::{self, editor};
use paths::Places;

/// The editor's page and files may run the editor's code (which compiles its configuration's
/// schema with `new Function`, and ships WebAssembly), inline styles (its components' CSS),
/// and pictures from `blob:` and `data:` (files chosen for upload); nothing from any other
/// origin.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// placard's admin script: registers the components and the theme's stylesheet, then starts
/// the editor.
pub const ADMIN_SCRIPT: &str = include_str!("admin.js");

/// The largest request the backend reads (a page with its pictures, as base64).
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// The editor's state in the server.
#[derive(Debug, Clone)]
pub struct Cms {
    pub root: PathBuf,
}

/// An answer of the editor's side of serve.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Reply {
    fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: StatusCode::OK,
            content_type,
            body: body.into(),
        }
    }

    fn json(status: u16, v: &Value) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(v).unwrap_or_default(),
        }
    }
}

impl Cms {
    fn places(&self) -> Result<(Places, Vec<String>), Reply> {
        let config = crate::pipeline::load_config(&self.root, None).map_err(|e| {
            Reply::json(
                500,
                &serde_json::json!({ "error": format!("placard.yaml has errors: {e}") }),
            )
        })?;
        let several = config
            .languages
            .keys()
            .any(|l| *l != config.default_language);
        let langs = config.language_codes();
        Ok((
            Places {
                root: self.root.clone(),
                media: config.cms.media_folder.clone(),
                default_lang: several.then(|| config.default_language.clone()),
            },
            langs,
        ))
    }

    /// A `GET` of `/admin/...`; `host` is the request's (checked) Host; `files` the built
    /// site's file names (for the theme's stylesheets).
    pub fn get(&self, path: &str, host: &str, css: Vec<String>) -> Reply {
        match path {
            "/admin" | "/admin/" | "/admin/index.html" => {
                if editor::installed(&self.root) {
                    Reply::ok("text/html; charset=utf-8", PAGE)
                } else {
                    Reply {
                        status: StatusCode::SERVICE_UNAVAILABLE,
                        content_type: "text/html; charset=utf-8",
                        body: missing_page().into_bytes(),
                    }
                }
            }
            "/admin/config.yml" => self.config_yml(host),
            "/admin/placard-admin.js" => Reply::ok("text/javascript; charset=utf-8", ADMIN_SCRIPT),
            "/admin/placard.json" => self.extras(css),
            _ => match path
                .strip_prefix("/admin/editor/")
                .and_then(|n| editor::read(&self.root, n))
            {
                Some(bytes) => {
                    let ctype = if path.ends_with(".wasm") {
                        "application/wasm"
                    } else if path.ends_with(".txt") {
                        "text/plain; charset=utf-8"
                    } else {
                        "text/javascript; charset=utf-8"
                    };
                    Reply::ok(ctype, bytes)
                }
                None => Reply {
                    status: StatusCode::NOT_FOUND,
                    content_type: "text/plain; charset=utf-8",
                    body: format!("not found. {}", editor::missing_message()).into_bytes(),
                },
            },
        }
    }

    fn config_yml(&self, host: &str) -> Reply {
        let result = crate::pipeline::load_config(&self.root, None).and_then(|config| {
            let options = cms::Options {
                local_api: Some(format!("http://{host}{}", cms::API_PATH)),
            };
            cms::config(&self.root, &config, &options)
        });
        match result {
            // JSON is YAML: the editor reads it as its config.yml.
            Ok(v) => Reply::ok(
                "text/yaml; charset=utf-8",
                serde_json::to_vec_pretty(&v).unwrap_or_default(),
            ),
            Err(e) => Reply {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                content_type: "text/plain; charset=utf-8",
                body: format!("The editor's settings could not be made: {e}. Fix the site (placard serve's terminal shows where) and reload.").into_bytes(),
            },
        }
    }

    /// What the admin script registers: the components and the stylesheets for the preview.
    fn extras(&self, css: Vec<String>) -> Reply {
        let components = crate::pipeline::load_config(&self.root, None)
            .and_then(|config| cms::components::list(&self.root, &config))
            .unwrap_or_default();
        Reply::ok(
            "application/json; charset=utf-8",
            serde_json::to_vec(&serde_json::json!({ "components": components, "styles": css }))
                .unwrap_or_default(),
        )
    }

    /// A `POST` to the backend: refused unless it comes from a page of this origin as JSON.
    pub fn post(&self, host: &str, headers: &HeaderMap, body: &[u8]) -> Reply {
        let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
        if origin != Some(format!("http://{host}").as_str()) {
            return Reply::json(
                403,
                &serde_json::json!({ "error": "the editor's backend answers only the editor's own page (this request came from another origin, or said none)" }),
            );
        }
        let json = headers
            .get(header::CONTENT_TYPE)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|c| {
                c.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/json")
            });
        if !json {
            return Reply::json(
                415,
                &serde_json::json!({ "error": "send JSON (Content-Type: application/json)" }),
            );
        }
        let Ok(body) = serde_json::from_slice::<Value>(body) else {
            return Reply::json(
                400,
                &serde_json::json!({ "error": "the request is not JSON" }),
            );
        };
        let (places, langs) = match self.places() {
            Ok(p) => p,
            Err(r) => return r,
        };
        let (status, v) = api::answer(&places, &langs, &body);
        Reply::json(status, &v)
    }
}

/// Adds the editor's headers (its CSP) to an answer under `/admin/`.
pub fn headers(h: &mut HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
}

/// The editor's page: placard's script first (it stops the editor starting on its own), then
/// the editor.
const PAGE: &str = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"robots\" content=\"noindex\">\n<title>Edit the site</title>\n\
<link href=\"/admin/config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n\
<script src=\"/admin/placard-admin.js\"></script>\n\
<script src=\"/admin/editor/decap-cms.js\"></script>\n</head>\n<body>\n</body>\n</html>\n";

/// The page shown at `/admin/` before the editor is installed.
fn missing_page() -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>The editor is not installed</title>\n</head>\n<body>\n<main>\n\
<h1>The editor is not installed</h1>\n<p>{}</p>\n\
<p>Until then, edit the files under <code>content/</code> in any text editor: this preview shows each save.</p>\n\
</main>\n</body>\n</html>\n",
        crate::util::html::escape(&editor::missing_message())
    )
}
