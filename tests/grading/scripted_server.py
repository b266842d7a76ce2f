"""A scripted OpenAI-compatible chat server on 127.0.0.1: the fake at the network edge.

Tests queue replies (a JSON answer, an HTTP error, a slow answer) and read back every request
body, so they can assert on exactly what the judge was asked and how many calls it made. The
real litellm client talks to it over HTTP, exactly as it would to a provider.

For many parallel requests, ``responder`` picks the reply from the request itself (so the answer
decides, not the arrival order), and ``latency`` delays every reply like a provider's think time.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

CHAT_PATHS = ("/v1/chat/completions", "/chat/completions")


@dataclass
class Reply:
    """One scripted answer: a chat completion whose message is ``content``, or an HTTP error."""

    content: str | None = None
    status: int = 200
    error: str = "scripted error"
    delay: float = 0.0  # seconds to wait before answering (a slow provider)
    prompt_tokens: int = 100
    completion_tokens: int = 20
    headers: dict[str, str] = field(default_factory=dict)


def ok(content: str | dict, prompt_tokens: int = 100, completion_tokens: int = 20) -> Reply:
    """A successful completion; a dict is sent as its JSON text."""
    text = content if isinstance(content, str) else json.dumps(content)
    return Reply(content=text, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)


def fail(status: int, error: str = "scripted error") -> Reply:
    """An HTTP error in OpenAI's error format."""
    return Reply(status=status, error=error)


def slow(seconds: float, then: Reply | None = None) -> Reply:
    """A reply that only comes after ``seconds`` (a client with a shorter timeout gives up first)."""
    reply = then or ok("{}")
    reply.delay = seconds
    return reply


class ScriptedServer:
    """Serves queued replies in order; when the queue is empty, serves ``default`` (a 500 if unset)."""

    def __init__(self, latency: float = 0.0):
        self.replies: deque[Reply] = deque()
        self.default: Reply | None = None
        # Called with each request body (a dict); its Reply, if not None, comes before the queue.
        self.responder: Callable[[dict], Reply | None] | None = None
        self.latency = latency  # seconds added to every reply
        self.requests: list[dict] = []  # the JSON bodies of chat requests, in order
        self.paths: list[str] = []
        self.exhausted = 0  # requests that found the script empty and no default
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="scripted-llm", daemon=True)

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def calls(self) -> int:
        return len(self.requests)

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def start(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a slow reply
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next(self, request: dict) -> Reply:
        if self.responder is not None:
            reply = self.responder(request)
            if reply is not None:
                return reply
        with self._lock:
            if self.replies:
                return self.replies.popleft()
            if self.default is not None:
                return self.default
            self.exhausted += 1
            return fail(500, "the test script has no reply left")

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle's algorithm the body would wait for
            # the client's delayed ACK of the headers (40 ms on Linux), a stall real servers avoid.
            disable_nagle_algorithm = True

            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path not in CHAT_PATHS:
                    return self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                request = json.loads(body or b"{}")
                with server._lock:
                    server.requests.append(request)
                    server.paths.append(self.path)
                    number = len(server.requests)
                reply = server._next(request)
                if server.latency:
                    reply = replace(reply, delay=reply.delay + server.latency)
                if reply.delay and server._stopping.wait(reply.delay):
                    return
                if reply.status != 200:
                    return self._send(reply.status, {"error": {"message": reply.error, "type": "scripted",
                                                               "code": str(reply.status)}}, reply.headers)
                model = request.get("model", "scripted")
                self._send(200, {
                    "id": f"chatcmpl-{number}", "object": "chat.completion",
                    "created": int(time.time()), "model": model,
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": reply.content}}],
                    "usage": {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                              "total_tokens": reply.prompt_tokens + reply.completion_tokens},
                }, reply.headers)

            def _send(self, status: int, payload: dict, headers: dict | None = None):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and left

        return Handler
