"""The fake Slack servers answer the real slack_sdk clients the way Slack does, and record the calls."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook import WebhookClient

from tests.fakes.slack import FakeSlackWebAPI, FakeSocketModeServer

BOT_TOKEN = "xoxb-1-fake"
APP_TOKEN = "xapp-1-A1-fake"


@pytest.fixture
def api() -> Iterator[FakeSlackWebAPI]:
    with FakeSlackWebAPI() as fake:
        yield fake


@pytest.fixture
def sock() -> Iterator[FakeSocketModeServer]:
    with FakeSocketModeServer() as fake:
        yield fake


def client(api: FakeSlackWebAPI, token: str | None = BOT_TOKEN, **kwargs: object) -> WebClient:
    return WebClient(token=token, base_url=api.url, timeout=5, **kwargs)  # type: ignore[arg-type]


def slack_error(call: object) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()  # type: ignore[operator]
    return str(raised.value.response["error"])


def test_auth_test_identifies_the_bot(api: FakeSlackWebAPI) -> None:
    answer = client(api).auth_test()
    assert (answer["user_id"], answer["team_id"], answer["bot_id"]) == ("UBOT", "T1", "BBOT")
    assert answer["is_enterprise_install"] is False
    assert [(c.method, c.token) for c in api.calls] == [("auth.test", BOT_TOKEN)]


def test_post_message_is_recorded_with_its_token_and_gets_increasing_ts(api: FakeSlackWebAPI) -> None:
    web = client(api)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    first = web.chat_postMessage(channel="C1", text="hi", blocks=blocks, thread_ts="1.2")
    second = web.chat_postMessage(channel="C1", text="again")
    assert first["channel"] == "C1" and first["message"]["text"] == "hi"
    assert float(second["ts"]) > float(first["ts"]) > 1_700_000_000
    call = api.wait_for("chat.postMessage", count=2)[0]
    assert call.token == BOT_TOKEN and "token" not in call.params
    assert call.params == {"channel": "C1", "text": "hi", "blocks": blocks, "thread_ts": "1.2"}
    # the form-encoded path: blocks arrive as a JSON string and are parsed
    web.api_call("chat.postMessage", data={"channel": "C2", "text": "form", "blocks": '[{"type": "divider"}]'})
    assert api.calls_to("chat.postMessage")[-1].params["blocks"] == [{"type": "divider"}]


def test_refusals_come_back_as_slack_api_errors(api: FakeSlackWebAPI) -> None:
    web = client(api)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "no fallback"}}]
    with pytest.warns(UserWarning, match="`text` argument is missing"):  # slack_sdk warns; Slack (and we) refuse
        assert slack_error(lambda: web.chat_postMessage(channel="C1", blocks=blocks)) == "no_text"
    assert slack_error(lambda: web.api_call("chat.postMessage", json={"text": "where?"})) == "channel_not_found"
    api.missing_channels.add("C404")
    assert slack_error(lambda: web.chat_postMessage(channel="C404", text="x")) == "channel_not_found"
    api.inactive_channels.add("C9")
    assert slack_error(lambda: web.chat_postMessage(channel="C9", text="x")) == "account_inactive"
    assert slack_error(lambda: client(api, token=None).chat_postMessage(channel="C1", text="x")) == "not_authed"
    assert slack_error(lambda: client(api, token="nonsense").auth_test()) == "invalid_auth"
    assert slack_error(lambda: web.chat_update(channel="C1", ts="", text="x")) == "message_not_found"
    assert slack_error(lambda: web.chat_postMessage(channel="C1", text="x" * 40_001)) == "msg_too_long"
    too_many = [{"type": "divider"}] * 51
    assert slack_error(lambda: web.chat_postMessage(channel="C1", text="x", blocks=too_many)) == "invalid_blocks"
    long_section = [{"type": "section", "text": {"type": "mrkdwn", "text": "y" * 3001}}]
    assert slack_error(lambda: web.chat_postMessage(channel="C1", text="x", blocks=long_section)) == "invalid_blocks"
    button = {"type": "button", "text": {"type": "plain_text", "text": "b"}, "value": "v" * 2001}
    big_button = [{"type": "actions", "elements": [button]}]
    assert slack_error(lambda: web.chat_postMessage(channel="C1", text="x", blocks=big_button)) == "invalid_blocks"
    assert slack_error(lambda: web.views_open(trigger_id="", view={"type": "modal"})) == "invalid_arguments"
    assert slack_error(lambda: web.api_call("chat.unknownThing")) == "unknown_method"
    assert all(not c.ok for c in api.calls) and len(api.calls) == 13


def test_rate_limit_once_answers_429_then_the_retry_handler_succeeds(api: FakeSlackWebAPI) -> None:
    api.rate_limit_once("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client(api).chat_postMessage(channel="C1", text="hi")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert raised.value.response["error"] == "ratelimited"

    api.reset()
    api.rate_limit_once("chat.postMessage", retry_after=0)
    answer = client(api, retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)]).chat_postMessage(
        channel="C1", text="hi"
    )
    assert answer["ok"]
    assert [c.rate_limited for c in api.calls_to("chat.postMessage")] == [True, False]


async def test_async_client_query_string_calls_and_locale(api: FakeSlackWebAPI) -> None:
    web = AsyncWebClient(token=BOT_TOKEN, base_url=api.url)
    api.set_user("U1", name="ana", locale="es-ES")
    assert (await web.users_info(user="U1", include_locale=True))["user"]["locale"] == "es-ES"
    assert "locale" not in (await web.users_info(user="U2"))["user"]
    assert (await web.users_info(user="U2", include_locale=True))["user"]["locale"] == "en-US"
    dm = (await web.conversations_open(users="U1"))["channel"]["id"]
    assert dm.startswith("D") and (await web.conversations_info(channel=dm))["channel"]["is_im"]
    view = await web.views_open(trigger_id="t.1", view={"type": "modal", "title": {"type": "plain_text", "text": "T"}})
    assert view["view"]["id"].startswith("V")
    await web.assistant_threads_setStatus(channel_id=dm, thread_ts="1.2", status="is thinking...")
    calls = await api.wait_for_async("users.info", count=3)
    assert calls[0].params == {"user": "U1", "include_locale": "1"} and calls[0].token == BOT_TOKEN
    with pytest.raises(AssertionError, match="expected 1 call"):
        await api.wait_for_async("chat.delete", timeout=0.05)


def test_response_url_posts_are_recorded(api: FakeSlackWebAPI) -> None:
    hook = WebhookClient(api.response_url("cmd-1"))
    assert hook.send(text="done", replace_original=True).body == "ok"
    assert hook.send(blocks=[{"type": "divider"}]).status_code == 400
    sent = api.wait_for("response_url", count=2)
    assert sent[0].params == {"text": "done", "replace_original": True, "name": "cmd-1"}
    assert sent[1].error == "no_text"


async def test_socket_mode_client_connects_receives_and_acks(api: FakeSlackWebAPI, sock: FakeSocketModeServer) -> None:
    api.socket_mode_url = sock.ws_url
    received: list[SocketModeRequest] = []

    async def listener(client: SocketModeClient, request: SocketModeRequest) -> None:
        received.append(request)
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))

    socket_client = SocketModeClient(
        app_token=APP_TOKEN, web_client=AsyncWebClient(base_url=api.url), auto_reconnect_enabled=False
    )
    socket_client.socket_mode_request_listeners.append(listener)  # type: ignore[arg-type]
    try:
        await socket_client.connect()
        await sock.wait_connected_async(timeout=5)
        event = {"type": "event_callback", "event": {"type": "app_mention", "text": "<@UBOT> hi", "channel": "C1"}}
        envelope_id = sock.push("events_api", event)
        ack = await sock.wait_ack_async(envelope_id, timeout=5)
        assert ack == {"envelope_id": envelope_id}
        assert [(r.type, r.payload, r.accepts_response_payload) for r in received] == [("events_api", event, False)]
        assert [c.token for c in api.calls_to("apps.connections.open")] == [APP_TOKEN]
        with pytest.raises(AssertionError, match="no ack"):
            await sock.wait_ack_async("never-sent", timeout=0.05)
    finally:
        await socket_client.close()


def test_socket_server_refuses_to_push_without_a_client(sock: FakeSocketModeServer) -> None:
    with pytest.raises(AssertionError, match="no Socket Mode client"):
        sock.push("events_api", {})
    with pytest.raises(AssertionError, match="no Socket Mode client connected"):
        sock.wait_connected(timeout=0.05)
