"""Signed Slack requests, as Slack sends them to ``POST /slack/events``.

Payload shapes follow Slack's documentation (Events API envelopes, slash-command forms, interactivity
``payload=`` forms); the signature is slack_sdk's own ``v0`` HMAC of ``v0:{timestamp}:{body}``.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from slack_sdk.signature import SignatureVerifier

SECRET = "test-signing-secret"
_ids = itertools.count(1)


@dataclass
class Response:
    status: int
    body: str
    seconds: float


def post(url: str, body: str, content_type: str, secret: str | None = SECRET, timestamp: int | None = None,
         headers: dict[str, str] | None = None, signature: str | None = None) -> Response:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, **(headers or {})}
    if signature is not None:
        all_headers["X-Slack-Signature"] = signature
    elif secret is not None:
        all_headers["X-Slack-Signature"] = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    request = urllib.request.Request(f"{url}/slack/events", data=body.encode(), headers=all_headers, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Response(response.status, response.read().decode(), time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        return Response(exc.code, exc.read().decode(), time.perf_counter() - started)


def event(url: str, inner: dict, event_id: str | None = None, **kwargs) -> Response:  # type: ignore[no-untyped-def]
    envelope = {"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                "event_id": event_id or f"Ev{next(_ids):08d}", "event_time": int(time.time()), "event": inner,
                "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]}
    return post(url, json.dumps(envelope), "application/json", **kwargs)


def retry(url: str, inner: dict, event_id: str, number: int, reason: str = "http_error") -> Response:
    """Slack's retry ``number`` of an event it sent before (same ``event_id``)."""
    return event(url, inner, event_id=event_id,
                 headers={"X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": reason})


def delivered(url: str, inner: dict, retry_seconds: float = 1.0) -> list[Response]:
    """An event as Slack delivers it: an answer other than 200 (or none) is followed by up to three
    retries of the same event, with ``X-Slack-Retry-Num`` and ``X-Slack-Retry-Reason``. Slack waits a
    minute, then five; the test waits ``retry_seconds``. Every attempt's response, in order."""
    event_id = f"Ev{next(_ids):08d}"
    attempts: list[Response] = []
    for number in range(4):
        if number:
            time.sleep(retry_seconds)
        try:
            attempts.append(retry(url, inner, event_id, number) if number else event(url, inner, event_id=event_id))
        except OSError:   # no answer within the timeout, which Slack also retries
            attempts.append(Response(0, "", 30.0))
        if attempts[-1].status == 200:
            break
    return attempts


def dm(user: str, text: str, channel: str = "D100", ts: str | None = None, **extra) -> dict:  # type: ignore[no-untyped-def]
    return {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text,
            "ts": ts or f"{time.time():.6f}", "event_ts": ts or f"{time.time():.6f}", **extra}


def mention(user: str, text: str, channel: str = "C200", ts: str | None = None, **extra) -> dict:  # type: ignore[no-untyped-def]
    ts = ts or f"{time.time():.6f}"
    return {"type": "app_mention", "channel": channel, "user": user, "text": f"<@UBOT> {text}", "ts": ts,
            "event_ts": ts, **extra}


def channel_message(user: str, text: str, channel: str = "C200", thread_ts: str | None = None, **extra) -> dict:  # type: ignore[no-untyped-def]
    ts = f"{time.time():.6f}"
    inner = {"type": "message", "channel_type": "channel", "channel": channel, "user": user, "text": text, "ts": ts,
             "event_ts": ts, **extra}
    if thread_ts:
        inner["thread_ts"] = thread_ts
    return inner


def command(url: str, text: str, user: str = "U1", response_url: str = "http://127.0.0.1:9/none",
            **kwargs) -> Response:  # type: ignore[no-untyped-def]
    form = {"token": "legacy", "team_id": "T1", "channel_id": "C200", "channel_name": "general", "user_id": user,
            "user_name": "ada", "command": "/ask", "text": text, "response_url": response_url,
            "trigger_id": "trig-1", "api_app_id": "A1"}
    return post(url, urllib.parse.urlencode(form), "application/x-www-form-urlencoded", **kwargs)


def interactive(url: str, payload: dict, **kwargs) -> Response:  # type: ignore[no-untyped-def]
    payload = {"team": {"id": "T1"}, "api_app_id": "A1", "token": "legacy", **payload}
    body = urllib.parse.urlencode({"payload": json.dumps(payload)})
    return post(url, body, "application/x-www-form-urlencoded", **kwargs)


def block_action(user: str, action_id: str, value: str, channel: str = "D100", message: dict | None = None,
                 response_url: str = "http://127.0.0.1:9/none") -> dict:
    return {"type": "block_actions", "user": {"id": user, "name": user.lower()}, "trigger_id": f"trig-{next(_ids)}",
            "channel": {"id": channel}, "container": {"type": "message", "channel_id": channel},
            "message": message or {"ts": "1.000001", "text": "…"}, "response_url": response_url,
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                         "action_ts": f"{time.time():.6f}"}]}


def view_submission(user: str, ticket: int, answer: str, add_to_knowledge: bool, channel: str = "CSTAFF") -> dict:
    selected = [{"value": "add", "text": {"type": "plain_text", "text": "add"}}] if add_to_knowledge else []
    return {"type": "view_submission", "user": {"id": user, "name": user.lower()},
            "view": {"id": "V1", "type": "modal", "callback_id": "mmc_answer_modal",
                     "private_metadata": json.dumps({"ticket": ticket, "channel": channel}),
                     "state": {"values": {"answer": {"text": {"type": "plain_text_input", "value": answer}},
                                          "knowledge": {"add": {"type": "checkboxes",
                                                                "selected_options": selected}}}}}}
