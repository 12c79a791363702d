"""What the account tests share: the SMTP sink's messages, registering and signing in."""
import json
import re
import urllib.parse
import urllib.request
import uuid

from harness import HTTP_PORT, wait_for

SINK = f"http://127.0.0.1:{HTTP_PORT + 3}"
PASSWORD = "correct horse battery"


def new_email(tag="shopper"):
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


def register(shopper, email, password=PASSWORD):
    return shopper.post("/register/", {"name": "Ana Souza", "email": email, "password": password})


def log_in(shopper, email, password=PASSWORD):
    return shopper.post("/login/", {"email": email, "password": password})


def signed_in(shopper):
    return shopper.get("/my_orders/").status == 200


def messages_to(address):
    with urllib.request.urlopen(f"{SINK}/messages?to={urllib.parse.quote(address)}", timeout=10) as r:
        return json.loads(r.read())


def wait_for_messages(address, count=1, seconds=20):
    wait_for(lambda: len(messages_to(address)) >= count, seconds)
    return messages_to(address)


def link_in(message, prefix):
    """The store link starting with `prefix` (e.g. "/password_reset/") in the text part, as a path."""
    found = re.search(r"https?://[^\s/]+(" + re.escape(prefix) + r"[0-9a-f]{32}/)", message["text"] or "")
    return found.group(1) if found else None
