"""The worker: webhook deliveries, reminder digests and background imports, outside requests.

Each task is an ``async def (ctx: WorkerContext) -> int`` that does a bounded amount of due
work and returns how much it did (0: nothing was due). The loop (``api.worker.loop``) calls its
tasks over and over, resting ``worker_poll_seconds`` when none had work.
"""
