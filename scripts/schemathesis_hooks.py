"""Schemathesis hooks for scripts/schemathesis.sh.

POST /v1/events reads bodies sent with `Content-Encoding: gzip`. Schemathesis generates that header from the
document but sends the body as generated, uncompressed, which the server rightly refuses (400 malformed-gzip).
This hook compresses such a body the way a real client does, so the gzip path is tested instead of refused.
"""
import gzip
import json

import schemathesis


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    coding = next((str(v) for k, v in headers.items() if k.lower() == "content-encoding"), "")
    if coding.strip().lower() not in ("gzip", "x-gzip") or case.body is None or "data" in kwargs:
        return
    body = case.body
    if type(body).__name__ == "NotSet":
        return
    if isinstance(body, bytes):
        raw = body
    elif isinstance(body, str) and (case.media_type or "") != "application/json":
        raw = body.encode("utf-8", "surrogatepass")
    else:
        raw = json.dumps(body).encode("utf-8", "surrogatepass")
    kwargs["data"] = gzip.compress(raw)
