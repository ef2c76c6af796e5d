#!/usr/bin/env python3
"""An independent Web Push peer for tests: plays the browser's side with Mozilla's http_ece and pyca/cryptography,
none of PostTrace's code.

  webpush_peer.py keys DIR          -> {"p256dh": …, "auth": …}; the private key is kept in DIR/browser.pem
  webpush_peer.py open DIR          reads {"body": base64, "authorization": "vapid t=…, k=…", "audience": origin,
                                    "server_key": base64url} on stdin; prints {"plaintext": …, "vapid_valid": bool,
                                    "claims": {…}, "key_matches": bool}
"""
import base64, json, os, sys, time
import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

def b64u(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
def unb64u(text): return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def keys(folder):
    private = ec.generate_private_key(ec.SECP256R1())
    auth = os.urandom(16)
    with open(os.path.join(folder, "browser.pem"), "wb") as f:
        f.write(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    with open(os.path.join(folder, "auth"), "w") as f: f.write(b64u(auth))
    point = private.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    print(json.dumps({"p256dh": b64u(point), "auth": b64u(auth)}))

def open_message(folder):
    request = json.load(sys.stdin)
    with open(os.path.join(folder, "browser.pem"), "rb") as f: private = serialization.load_pem_private_key(f.read(), None)
    auth = unb64u(open(os.path.join(folder, "auth")).read())
    plaintext = http_ece.decrypt(base64.b64decode(request["body"]), private_key=private, auth_secret=auth, version="aes128gcm")
    # VAPID (RFC 8292): "vapid t=<jwt>, k=<key>", the JWT signed with ES256 by the key named in k.
    params = dict(part.strip().split("=", 1) for part in request["authorization"][len("vapid "):].split(","))
    header, claims, signature = params["t"].split(".")
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64u(params["k"]))
    raw = unb64u(signature)
    der = utils.encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256())); valid = True
    except Exception:
        valid = False
    decoded = json.loads(unb64u(claims))
    print(json.dumps({"plaintext": plaintext.decode(), "vapid_valid": valid, "claims": decoded,
                      "header": json.loads(unb64u(header)), "key_matches": params["k"] == request["server_key"],
                      "audience_matches": decoded.get("aud") == request["audience"],
                      "expires_in": decoded.get("exp", 0) - int(time.time())}, ensure_ascii=False))

if __name__ == "__main__":
    {"keys": keys, "open": open_message}[sys.argv[1]](sys.argv[2])
