"""Domain events and the change feed (``GET /events``).

Every committed write leaves events in the same transaction (a transactional outbox): the
outbox (``outbox.py``), what each write is called (``types.py``), the feed (``service.py``,
``router.py``) and the payloads as OpenAPI 3.1 webhooks (``webhooks.py``).
"""
