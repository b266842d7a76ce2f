"""The one seam around the LLM: a chat call through litellm, with retries, tokens and cost.

litellm is imported inside the functions that use it, after the offline defaults are set, so that
importing the grading core stays fast and litellm reads its bundled cost map instead of
downloading one. Provider failures never escape as litellm exceptions: a call either returns a
:class:`Completion` or raises :class:`CallFailed` with a one-line reason.
"""

from __future__ import annotations

import email.utils
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from interviewer.config import apply_offline_defaults
from interviewer.grading.llm.output import SCHEMA_NAME

BACKOFF_BASE = 1.0  # seconds before the first retry; doubled for each further one
BACKOFF_MAX = 30.0
RETRY_AFTER_MAX = 120.0  # the longest wait a provider's Retry-After header may ask for


@dataclass
class Completion:
    """The text of one reply and what it cost; ``calls`` counts the attempts it took."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    calls: int = 1


class CallFailed(Exception):
    """No usable reply after the allowed retries; ``reason`` is one line for the user."""

    def __init__(self, reason: str, calls: int):
        super().__init__(reason)
        self.reason = reason
        self.calls = calls


def _short(message: str) -> str:
    """The first line of an error message without litellm's "litellm.XError: XError: OpenAIException - " prefixes."""
    line = (message.strip().splitlines() or [""])[0]
    line = re.sub(r"^(?:(?:litellm\.)?\w+(?:Error|Exception)(?::| -)\s*)+", "", line)
    return line[:200] or "no message"


def _caused_by_connection(error: BaseException) -> bool:
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ConnectionError) or type(error).__name__ in ("APIConnectionError", "ConnectError"):
            return True
        error = error.__cause__ or error.__context__
    return False


def retry_after(error: BaseException) -> float | None:
    """The seconds a provider's ``Retry-After`` header asked to wait (capped at RETRY_AFTER_MAX), if any.

    The header holds seconds or an HTTP date; litellm keeps the provider's headers on the error.
    """
    headers = (getattr(error, "litellm_response_headers", None)
               or getattr(getattr(error, "response", None), "headers", None))
    value = headers.get("retry-after") if headers else None
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = (when - datetime.now(when.tzinfo or timezone.utc)).total_seconds()
    return min(max(seconds, 0.0), RETRY_AFTER_MAX)


def _litellm():
    apply_offline_defaults()
    import litellm

    litellm.suppress_debug_info = True  # no "Give Feedback / Get Help" banners on every error
    return litellm


class LiteLLMClient:
    """Chat completions for one model at temperature 0, retried on rate limits, timeouts and 5xx."""

    def __init__(self, model: str, api_base: str | None = None, api_key: str | None = None,
                 timeout: float = 60, max_retries: int = 3, structured: bool | None = None,
                 backoff_base: float = BACKOFF_BASE, backoff_max: float = BACKOFF_MAX):
        self.model = model
        self.api_base = api_base
        self.api_key = api_key
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._structured = structured

    @property
    def structured(self) -> bool:
        """Whether replies are constrained by a JSON schema: as configured, else as litellm knows the model."""
        if self._structured is None:
            try:
                self._structured = bool(_litellm().supports_response_schema(model=self.model))
            except Exception:  # an unmapped model: plain JSON instructions are the safe choice
                self._structured = False
        return self._structured

    def complete(self, messages: list[dict], schema: dict | None = None) -> Completion:
        """One reply to ``messages``; with ``schema`` and a model that supports it, as structured output."""
        litellm = _litellm()
        request = {"model": self.model, "messages": messages, "temperature": 0, "timeout": self.timeout,
                   # litellm and the OpenAI SDK retry on their own; retries happen here, counted and logged.
                   "max_retries": 0, "num_retries": 0, "drop_params": True}
        if self.api_base:
            request["api_base"] = self.api_base
        if self.api_key:
            request["api_key"] = self.api_key
        if schema is not None and self.structured:
            request["response_format"] = {"type": "json_schema",
                                          "json_schema": {"name": SCHEMA_NAME, "schema": schema, "strict": True}}
        for attempt in range(self.max_retries + 1):
            try:
                response = litellm.completion(**request)
            except Exception as error:  # every provider failure becomes a reason, never a crash
                retryable, problem = self._describe(litellm, error)
                if retryable and attempt < self.max_retries:
                    time.sleep(max(self._delay(attempt), retry_after(error) or 0.0))
                    continue
                retries = f" after {attempt} retr{'y' if attempt == 1 else 'ies'}" if attempt else ""
                raise CallFailed(f"LLM call failed{retries}: {problem}", calls=attempt + 1) from None
            return self._completion(litellm, response, calls=attempt + 1)
        raise AssertionError("unreachable")

    def _delay(self, attempt: int) -> float:
        # Exponential backoff with jitter, so parallel graders do not retry in lockstep.
        delay = min(self.backoff_max, self.backoff_base * 2 ** attempt)
        return delay / 2 + random.uniform(0, delay / 2)

    def _describe(self, litellm, error: Exception) -> tuple[bool, str]:
        """Whether to retry, and the problem in a few words."""
        status = getattr(error, "status_code", None)
        message = _short(str(getattr(error, "message", "") or error))
        if isinstance(error, litellm.Timeout):
            return True, f"timed out after {self.timeout:g} s"
        if isinstance(error, litellm.RateLimitError) or status == 429:
            return True, "rate limited (429)"
        # litellm reports a refused connection as a 500; the cause chain tells them apart.
        if isinstance(error, litellm.APIConnectionError) or _caused_by_connection(error):
            return True, f"could not reach the model server ({message})"
        if isinstance(status, int) and status >= 500:
            return True, f"server error ({status}): {message}"
        if isinstance(status, int):
            return False, f"{type(error).__name__} ({status}): {message}"
        return False, f"{type(error).__name__}: {message}"

    def _completion(self, litellm, response, calls: int) -> Completion:
        choices = getattr(response, "choices", None) or []
        text = (choices[0].message.content if choices else None) or ""
        usage = getattr(response, "usage", None)
        # litellm prices every response as it arrives (None for models missing from its cost map,
        # such as local ones); computing it again costs a millisecond of CPU per call.
        cost = (getattr(response, "_hidden_params", None) or {}).get("response_cost")
        cost = float(cost) if isinstance(cost, (int, float)) else None
        return Completion(text=text, prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
                          completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
                          cost_usd=cost, calls=calls)
