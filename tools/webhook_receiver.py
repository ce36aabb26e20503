"""A local webhook receiver that checks K-Talent Portal's signatures.

    .venv/bin/python tools/webhook_receiver.py --secret whsec_… [--port 9000]

Listens on 127.0.0.1, answers 204 to a delivery whose `K-Talent-Signature` is
valid and fresh (401 otherwise), and prints one line per delivery: the check,
the event type, the delivery id and the JSON body. Standard library only, so it
runs anywhere; the check is the README's (Webhooks), the portal's own is
`jobs.services.webhooks.verify`.
"""

import argparse
import contextlib
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

TOLERANCE = 300  # seconds: older signatures are replays


def verify(
    secret: str, header: str, body: bytes, *, now: float, tolerance: int = TOLERANCE
) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    t = parts.get("t", "")
    if not t.isdigit() or abs(now - int(t)) > tolerance:
        return False
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, parts.get("v1", ""))


def handler_for(secret: str, out=sys.stdout):
    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            signed = verify(
                secret,
                self.headers.get("K-Talent-Signature", ""),
                body,
                now=time.time(),
            )
            try:
                shown = json.dumps(json.loads(body), ensure_ascii=False)
            except ValueError:
                shown = repr(body[:200])
            print(
                "signature ok " if signed else "BAD SIGNATURE",
                self.headers.get("K-Talent-Event", "?"),
                self.headers.get("K-Talent-Delivery", "?"),
                shown,
                file=out,
                flush=True,
            )
            self.send_response(204 if signed else 401)
            self.end_headers()

        def log_message(self, format, *args) -> None:  # the line above says it all
            return

    return Receiver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secret", required=True, help="the endpoint's whsec_… secret")
    parser.add_argument("--port", type=int, default=9000)
    args = parser.parse_args()
    server = HTTPServer(("127.0.0.1", args.port), handler_for(args.secret))
    print(f"listening on http://127.0.0.1:{args.port}/", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
