"""The Shared Purpose seed and the synthetic demo generator, both loaded by the import engine.

- ``data`` (with ``teams`` and ``support``): the Shared Purpose seed as a load document
  (published facts plus clearly synthetic teams); ``load.load_seed`` loads it.
- ``demo`` (with ``demo_rows`` and ``demo_team``): ``DEMO-<N>``, a large synthetic programme for
  benchmarks, written as load files and loaded the same way.
"""
