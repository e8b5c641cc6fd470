//! tera-oracle: render templates the way AGPM v0.4.14 does, for differential tests.
//!
//! AGPM (src/templating/renderer.rs, `render_template`) builds a fresh
//! `Tera::default()` per render and calls `render_str`; the one-off template's
//! name has no `.html`/`.htm`/`.xml` suffix, so autoescape is off.
//!
//! Protocol (batch, so one process serves a whole test session):
//! stdin holds one JSON array of cases `{"template": str, "context": object}`;
//! stdout gets one JSON array of results, in order, each
//! `{"ok": str}` or `{"error": str}` (the error and its whole source chain).

use std::error::Error as _;
use std::io::{Read, Write};

use serde_json::{json, Value};
use tera::{Context, Tera};

fn render(case: &Value) -> Value {
    let template = case.get("template").and_then(Value::as_str).unwrap_or("");
    let empty = json!({});
    let context_value = case.get("context").unwrap_or(&empty);
    let context = match Context::from_value(context_value.clone()) {
        Ok(context) => context,
        Err(error) => return json!({ "error": format!("bad context: {error}") }),
    };
    let mut tera = Tera::default();
    match tera.render_str(template, &context) {
        Ok(text) => json!({ "ok": text }),
        Err(error) => {
            let mut message = error.to_string();
            let mut source = error.source();
            while let Some(cause) = source {
                message.push_str("\n");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            json!({ "error": message })
        }
    }
}

fn main() {
    if std::env::args().any(|arg| arg == "--version") {
        println!("tera-oracle tera {}", option_env!("TERA_VERSION").unwrap_or("unknown"));
        return;
    }
    let mut input = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("tera-oracle: cannot read stdin: {error}");
        std::process::exit(2);
    }
    let cases: Vec<Value> = match serde_json::from_str(&input) {
        Ok(Value::Array(items)) => items,
        Ok(_) | Err(_) => {
            eprintln!("tera-oracle: stdin must be a JSON array of {{template, context}}");
            std::process::exit(2);
        }
    };
    // A case that panics inside Tera (e.g. an empty random range) is an error, not an abort.
    std::panic::set_hook(Box::new(|_| {}));
    let results: Vec<Value> = cases
        .iter()
        .map(|case| {
            std::panic::catch_unwind(|| render(case))
                .unwrap_or_else(|_| json!({ "error": "panic inside Tera", "panic": true }))
        })
        .collect();
    let out = serde_json::to_string(&results).expect("results serialise");
    let mut stdout = std::io::stdout();
    stdout.write_all(out.as_bytes()).expect("write stdout");
}
