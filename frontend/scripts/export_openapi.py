"""Print the API's OpenAPI document as JSON, straight from the app (no server, no database).

    .venv/bin/python frontend/scripts/export_openapi.py > frontend/openapi.json

The dashboard's typed client (frontend/src/client/schema.d.ts) is generated from this output,
and `npm run check:client` regenerates it to detect a stale client.
"""

import json
import sys
from pathlib import Path

# Run from anywhere: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from api.main import create_app  # noqa: E402


def main() -> None:
    document = create_app().openapi()
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
