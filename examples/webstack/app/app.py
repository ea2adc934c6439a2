"""The app server of the webstack example: notes kept in PostgreSQL.

GET  /healthz     200 once the database answers
GET  /api/notes   the notes, newest first
POST /api/notes   {"body": "..."} adds one
GET  /api/info    which database and environment served the request

One connection per request keeps the server simple and lets it recover by
itself when the database restarts.
"""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2

DSN = os.environ["DATABASE_URL"]
SCHEMA = """CREATE TABLE IF NOT EXISTS notes (
  id serial PRIMARY KEY,
  body text NOT NULL,
  created timestamptz NOT NULL DEFAULT now()
)"""


def query(sql, params=(), fetch=True):
    conn = psycopg2.connect(DSN, connect_timeout=3)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(SCHEMA)
            cur.execute(sql, params)
            return cur.fetchall() if fetch else None
    finally:
        conn.close()


class Handler(BaseHTTPRequestHandler):
    def send_json(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def guarded(self, action):
        try:
            action()
        except psycopg2.Error as err:
            self.send_json(503, {"error": "database unavailable", "detail": str(err).strip()})

    def do_GET(self):
        if self.path == "/healthz":
            self.guarded(lambda: self.send_json(200, {"ok": query("SELECT 1")[0][0] == 1}))
        elif self.path == "/api/notes":
            self.guarded(self.list_notes)
        elif self.path == "/api/info":
            self.guarded(self.info)
        else:
            self.send_json(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/api/notes":
            self.send_json(404, {"error": "not found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}").get("body", "")
        except (ValueError, AttributeError):
            body = ""
        if not isinstance(body, str) or body.strip() == "":
            self.send_json(400, {"error": 'expected {"body": "some text"}'})
            return
        self.guarded(lambda: self.add_note(body))

    def list_notes(self):
        rows = query("SELECT id, body, created FROM notes ORDER BY id DESC")
        self.send_json(200, [{"id": r[0], "body": r[1], "created": r[2].isoformat()} for r in rows])

    def add_note(self, body):
        row = query("INSERT INTO notes (body) VALUES (%s) RETURNING id", (body,))
        self.send_json(201, {"id": row[0][0], "body": body})

    def info(self):
        version = query("SHOW server_version")[0][0]
        self.send_json(200, {"postgres": version, "app_env": os.environ.get("APP_ENV", "")})

    def log_message(self, fmt, *args):
        print("app: " + fmt % args, flush=True)


if __name__ == "__main__":
    print("app: listening on :8000", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8000), Handler).serve_forever()
