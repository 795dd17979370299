"""Prometheus metrics of the plumbing. Under gunicorn, PROMETHEUS_MULTIPROC_DIR makes them
multiprocess-safe (see pixkit.web.observability)."""
from prometheus_client import Counter, Gauge, Histogram

EVENTS_APPENDED = Counter("pix_events_appended_total", "Events appended to the event store", ["source"])
EVENTS_PUBLISHED = Counter("pix_events_published_total", "Events published by the outbox relay", ["source"])
OUTBOX_PENDING = Gauge("pix_outbox_pending", "Intents waiting in the outbox", ["source"],
                       multiprocess_mode="livemax")
EVENTS_CONSUMED = Counter("pix_events_consumed_total", "Events handled by a consumer",
                          ["group", "type", "outcome"])
EVENTS_DEAD_LETTERED = Counter("pix_events_dead_lettered_total", "Events sent to the dead-letter topic",
                               ["group", "reason"])
HANDLER_SECONDS = Histogram("pix_handler_seconds", "Time spent in event handlers", ["group"])
HTTP_REQUESTS = Counter("pix_http_requests_total", "HTTP requests", ["service", "method", "endpoint", "status"])
HTTP_SECONDS = Histogram("pix_http_request_seconds", "HTTP request duration", ["service", "endpoint"])
