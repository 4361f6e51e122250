"""The worker's tasks, called in this order every round (``api.worker.loop``).

Events are fanned out into deliveries before the deliveries are sent, so an event committed
just before a round is delivered in that round; reminder events given in a round are fanned out
in the next. An import holds its task (and, on SQLite, the writer lock) until it ends: run a
worker with ``--concurrency 2`` or more on PostgreSQL to keep deliveries going meanwhile.
"""

from api.reminders.service import send_reminders
from api.webhooks.fanout import fan_out
from api.webhooks.flight import deliver_some
from api.worker.context import Task
from api.worker.imports import run_imports

TASKS: list[Task] = [fan_out, deliver_some, send_reminders, run_imports]
