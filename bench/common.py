"""What every part of bench/api_bench.py shares: where things are, the one host, the console."""

import sys
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
HOST = "127.0.0.1"  # never anything else: this tool only loads the local machine
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
API = "/api/v1"
BROWSER_ENCODINGS = "br, gzip"  # what a browser's fetch sends (over plain HTTP)

console = Console(width=None if sys.stdout.isatty() else 180)
