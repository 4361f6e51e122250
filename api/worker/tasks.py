"""The worker's tasks, called in this order every round (``api.worker.loop``).

Events are fanned out into deliveries before the deliveries are sent, so an event committed
just before a round is delivered in that round.
"""

from api.webhooks.delivery import deliver_due
from api.webhooks.fanout import fan_out
from api.worker.context import Task

TASKS: list[Task] = [fan_out, deliver_due]
