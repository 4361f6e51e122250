"""The Shared Purpose seed and the synthetic demo generator.

- ``data``: the rows of the Shared Purpose seed (published facts plus clearly synthetic teams).
- ``loader``: ``load_seed(settings)`` upserts them by ``ref`` through the services, in one
  transaction, so every rule of the HTTP API is checked and a second run changes nothing.
- ``demo``: ``generate_demo(url, teams)`` bulk-inserts a large synthetic programme for benchmarks.
"""
