"""Schemathesis hooks for scripts/schemathesis.sh.

Two adjustments, each explained where it is made. POST /v1/events reads bodies sent with `Content-Encoding: gzip`. Schemathesis generates that header from the
document but sends the body as generated, uncompressed, which the server rightly refuses (400 malformed-gzip).
This hook compresses such a body the way a real client does, so the gzip path is tested instead of refused.
"""
import gzip
import zlib
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


# Creating a subscription needs a valid S10 number and a callback URL the server's policy accepts, which random
# data almost never is: without help every creation is refused (422) and the operations on a subscription only
# ever see 404. Half of the generated creation bodies (chosen by a hash, so runs repeat) get a real number and a
# loopback callback, which the server started by schemathesis.sh allows; the worker's attempts there fail and are
# retried like any unreachable receiver's. A parcel share (POST /v1/shares) gets the real number the same way, so
# its token reaches the operations on a share. Schemathesis re-classifies a changed case, so a body made valid is
# judged as valid data.
REAL_NUMBER = "RR000020265US"
LOOPBACK_CALLBACK = "http://127.0.0.1:9/schemathesis"


@schemathesis.hook
def map_case(context, case):
    operation = context.operation
    if operation is None or operation.path not in ("/v1/subscriptions", "/v1/shares") or operation.method.upper() != "POST":
        return case
    body = case.body
    if not isinstance(body, dict) or zlib.crc32(repr(body).encode("utf-8", "surrogatepass")) % 2:
        return case
    changed = dict(body)
    if isinstance(changed.get("callback_url"), str):
        changed["callback_url"] = LOOPBACK_CALLBACK
    numbers = changed.get("numbers")
    if isinstance(numbers, list) and numbers and all(isinstance(n, str) for n in numbers):
        changed["numbers"] = [REAL_NUMBER]
    case.body = changed
    return case
