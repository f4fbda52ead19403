"""A hub stand-in for the push tests: http.server on 127.0.0.1 on a random port, in a thread, checking each
request's signature with exchange.signing.signature_valid and answering what the test asks."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from exchange.signing import KEY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_valid

KEY_ID = "school-key-1"
SECRET = "s3cret-of-the-school"


class FakeHub:
    def __init__(self):
        self.answers: list[tuple[int, dict]] = []  # answered in turn; the last one repeats
        self.requests: list[dict] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                valid = self.headers.get(KEY_HEADER) == KEY_ID and signature_valid(
                    secret=SECRET,
                    timestamp=self.headers.get(TIMESTAMP_HEADER),
                    given=self.headers.get(SIGNATURE_HEADER),
                    body=body,
                )
                hub.requests.append(
                    {"path": self.path, "body": body, "valid": valid, "type": self.headers.get("Content-Type")}
                )
                code, payload = (401, {"detail": "Подпись не сходится."}) if not valid else hub.next_answer()
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def next_answer(self):
        if len(self.answers) > 1:
            return self.answers.pop(0)
        return self.answers[0] if self.answers else (201, {"status": "created"})

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def refused_url():
    """An address where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
