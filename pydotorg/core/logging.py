"""JSON-lines logging, with the request id and timing fields the deployment guide names, and
the task id, outcome and duration of Huey tasks."""

import json
import logging
from datetime import UTC, datetime

REQUEST_FIELDS = ("request_id", "method", "path", "status_code", "duration_ms")
TASK_FIELDS = ("task", "task_id", "outcome", "retries")  # Huey tasks (pydotorg/core/tasks.py, log_task)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "event": record.getMessage(),
            "level": record.levelname.lower(),
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "logger": record.name,
        }
        for field in REQUEST_FIELDS + TASK_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if getattr(record, "error", None):
            entry["error"] = record.error
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class ClientErrorWithoutTraceback(logging.Filter):
    """A refused or bad request (a 4xx that Django logs with its exception: PermissionDenied,
    SuspiciousOperation, BadRequest) is one line, the exception's message without its traceback:
    the traceback says nothing about a client's error. Server errors keep theirs."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if record.exc_info and isinstance(status, int) and status < 500:
            error = record.exc_info[1]
            record.error = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            record.exc_info = record.exc_text = None
        return True
