"""The ceiling of this stack: a Flask hello-world, served by the same gunicorn.conf.py.

    gunicorn -c gunicorn.conf.py --chdir bench hello:app
"""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Xin chào"


@app.get("/healthz")
def healthz():
    return {"status": "ok"}
