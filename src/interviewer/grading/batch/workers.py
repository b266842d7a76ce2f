"""Running the grader over many rows: the offline grader in batches, the LLM judge in threads.

The offline grader is CPU-bound and spreads its encoding over the cores itself, so it takes blocks
of rows in one thread. LLM calls are I/O-bound: the judge grades ``--workers`` rows at once in a
thread pool, while this thread computes the next block's offline evidence. Rate limits, timeouts
and 5xx replies are retried with exponential backoff and jitter (or as long as a ``Retry-After``
header asks) by the judge's client (:mod:`interviewer.grading.llm.client`), so parallel workers do
not retry in lockstep.

Every row ends in ``finish(job, result, error)``, exactly once. A grader error meant for the user
(:class:`InterviewerError`, e.g. a broken prompt file) stops the run; any other exception makes
that one row an error and the run goes on.
"""

from __future__ import annotations

import ipaddress
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from functools import partial
from typing import Callable
from urllib.parse import urlparse

from interviewer.errors import InterviewerError
from interviewer.grading.batch.rows import RowJob
from interviewer.grading.result import GradeResult

BATCH_SIZE = 64  # rows per offline grade_many call, and per block of judge evidence
REMOTE_WORKERS = 8  # parallel calls to a hosted provider
LOCAL_WORKERS = 2  # parallel calls to a model on this machine (ollama, a localhost server)

Finish = Callable[[RowJob, "GradeResult | None", "str | None"], None]


def grades_in_threads(grader) -> bool:
    """Whether the grader grades one item at a time thread-safely (the LLM judge) rather than in batches."""
    return callable(getattr(grader, "grade_item", None)) and callable(getattr(grader, "evidence_for", None))


def default_workers(grader) -> int:
    """Parallel calls for the grader: 1 for the offline grader, 2 for a local model, 8 for a provider."""
    if not grades_in_threads(grader):
        return 1
    model = getattr(grader, "model", "") or ""
    if model.startswith(("ollama/", "ollama_chat/")) or _is_local(getattr(grader, "api_base", None)):
        return LOCAL_WORKERS
    return REMOTE_WORKERS


def _is_local(api_base: str | None) -> bool:
    host = urlparse(api_base).hostname if api_base else None
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _failure(error: Exception) -> str:
    return f"grading failed: {type(error).__name__}: {error}"


def grade_in_batches(grader, jobs: list[RowJob], finish: Finish) -> None:
    """Grade ``jobs`` with ``grader.grade_many``, BATCH_SIZE at a time; a failing batch is retried row by row."""
    for start in range(0, len(jobs), BATCH_SIZE):
        block = jobs[start:start + BATCH_SIZE]
        try:
            results = grader.grade_many([(job.context, job.answer) for job in block])
        except InterviewerError:
            raise
        except Exception:  # find the row at fault; the others are graded
            for job in block:
                _grade_one(partial(_grade_alone, grader, job), job, finish)
            continue
        for job, result in zip(block, results):
            finish(job, result, None)


def _grade_alone(grader, job: RowJob) -> GradeResult:
    return grader.grade_many([(job.context, job.answer)])[0]


def _grade_one(grade: Callable[[], GradeResult], job: RowJob, finish: Finish) -> None:
    """Finish ``job`` with ``grade()``, or with the exception as its error (a user error stops the run)."""
    try:
        result = grade()
    except InterviewerError:
        raise
    except Exception as error:
        finish(job, None, _failure(error))
        return
    finish(job, result, None)


def grade_in_threads(judge, jobs: list[RowJob], workers: int, finish: Finish) -> None:
    """Grade ``jobs`` with ``judge.grade_item`` in ``workers`` threads; ``finish`` runs in those threads.

    At most two blocks of rows are queued at a time: memory stays bounded and the journal follows
    the input order closely.
    """
    block_size = max(BATCH_SIZE, 2 * workers)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="judge")
    pending: set = set()
    try:
        for start in range(0, len(jobs), block_size):
            block = jobs[start:start + block_size]
            try:
                evidence = judge.evidence_for([(job.context, job.answer) for job in block])
            except InterviewerError:
                raise
            except Exception:  # the judge computes each row's evidence itself
                evidence = [None] * len(block)
            pending |= {pool.submit(_grade_one, partial(judge.grade_item, job.context, job.answer, hint), job, finish)
                        for job, hint in zip(block, evidence)}
            while len(pending) > block_size:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                _reraise(done)
        done, pending = wait(pending)
        _reraise(done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _reraise(done) -> None:
    for future in done:
        if future.exception() is not None:
            raise future.exception()
