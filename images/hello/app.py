"""Hello, World! as a Flask app: the example app of the catalog.

Probes: GET /healthz is the liveness probe (the process answers), GET /readyz the readiness probe
(the app is ready to serve). Logs go to stdout.
"""

import logging
import sys

from flask import Flask

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/readyz")
def readyz() -> dict[str, str]:
    return {"status": "ready"}
