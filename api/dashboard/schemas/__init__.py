"""The dashboard's read models: what each figure means and which day it was taken on.

Responses are serialised straight from rows (see ``router.py``); these models document the exact
shape in OpenAPI and the tests validate every response against them. One module per read model
(``summary``, ``timeline``, ``results``, ``team``), the parts they share in ``parts`` and
``base``; the exceptions, compare, changes and due models are in ``compare_schemas.py`` and
``due_schemas.py``.
"""
