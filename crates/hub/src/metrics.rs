//! Counters and latency histograms, rendered in Prometheus' text format.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

const BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

#[derive(Default)]
struct Histogram {
    counts: Vec<u64>,
    sum: f64,
    count: u64,
}

#[derive(Default)]
pub struct Metrics {
    counters: Mutex<BTreeMap<(String, String), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

/// The label for a request's method: one of the standard methods, or
/// `other`, so a client can never add a label of its own making.
pub fn method_label(method: &axum::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

impl Metrics {
    fn add(&self, name: &str, labels: String, by: u64) {
        if let Ok(mut c) = self.counters.lock() {
            *c.entry((name.to_owned(), labels)).or_default() += by;
        }
    }

    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.add(
            "switchboard_http_requests_total",
            format!("method=\"{method}\",route=\"{route}\",status=\"{status}\""),
            1,
        );
        if let Ok(mut h) = self.latency.lock() {
            let h = h.entry(format!("route=\"{route}\"")).or_default();
            if h.counts.is_empty() {
                h.counts = vec![0; BUCKETS.len()];
            }
            let secs = took.as_secs_f64();
            for (i, b) in BUCKETS.iter().enumerate() {
                if secs <= *b {
                    h.counts[i] += 1;
                }
            }
            h.sum += secs;
            h.count += 1;
        }
    }

    pub fn webhook_events(&self, kind: &str, n: u64) {
        if n > 0 {
            self.add(
                "switchboard_webhook_events_total",
                format!("kind=\"{kind}\""),
                n,
            );
        }
    }

    pub fn signature_failure(&self) {
        self.add(
            "switchboard_webhook_signature_failures_total",
            String::new(),
            1,
        );
    }

    pub fn failed_login(&self) {
        self.add("switchboard_failed_logins_total", String::new(), 1);
    }

    pub fn rate_limited(&self, scope: &str) {
        self.add(
            "switchboard_rate_limited_total",
            format!("scope=\"{scope}\""),
            1,
        );
    }

    /// `/readyz` tried a write on the store.
    pub fn readiness_probe(&self) {
        self.add("switchboard_readiness_probes_total", String::new(), 1);
    }

    /// An alert from WhatsApp for admins, by webhook field.
    pub fn alert(&self, field: &str) {
        self.add(
            "switchboard_whatsapp_alerts_total",
            format!("field=\"{field}\""),
            1,
        );
    }

    pub fn quarantined(&self) {
        self.add("switchboard_webhooks_quarantined_total", String::new(), 1);
    }

    pub fn send_outcome(&self, outcome: &str) {
        self.add(
            "switchboard_sends_total",
            format!("outcome=\"{outcome}\""),
            1,
        );
    }

    /// The text exposition, with `gauges` (name, value) read at scrape time.
    pub fn render(&self, gauges: &[(&str, i64)]) -> String {
        let mut out = String::new();
        let mut last = String::new();
        if let Ok(c) = self.counters.lock() {
            for ((name, labels), v) in c.iter() {
                if *name != last {
                    let _ = writeln!(out, "# TYPE {name} counter");
                    last = name.clone();
                }
                if labels.is_empty() {
                    let _ = writeln!(out, "{name} {v}");
                } else {
                    let _ = writeln!(out, "{name}{{{labels}}} {v}");
                }
            }
        }
        if let Ok(h) = self.latency.lock() {
            let name = "switchboard_http_request_duration_seconds";
            let _ = writeln!(out, "# TYPE {name} histogram");
            for (labels, h) in h.iter() {
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{b}\"}} {}", h.counts[i]);
                }
                let _ = writeln!(out, "{name}_bucket{{{labels},le=\"+Inf\"}} {}", h.count);
                let _ = writeln!(out, "{name}_sum{{{labels}}} {}", h.sum);
                let _ = writeln!(out, "{name}_count{{{labels}}} {}", h.count);
            }
        }
        for (name, v) in gauges {
            let _ = writeln!(out, "# TYPE {name} gauge\n{name} {v}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_prometheus_text() {
        let m = super::Metrics::default();
        m.request("GET", "/v1/me", 200, std::time::Duration::from_millis(3));
        m.signature_failure();
        m.send_outcome("accepted");
        let text = m.render(&[("switchboard_send_queue_depth", 4)]);
        assert!(text.contains(
            "switchboard_http_requests_total{method=\"GET\",route=\"/v1/me\",status=\"200\"} 1"
        ));
        assert!(text.contains("switchboard_webhook_signature_failures_total 1"));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("switchboard_send_queue_depth 4"));
    }
}
