"""The command line starts without the web stack: loads and exports do not pay for FastAPI."""

import subprocess
import sys


def test_the_cli_does_not_import_fastapi() -> None:
    code = (
        "import sys, api.cli, api.imports.service, api.exports.tables\n"
        "web = sorted(m for m in ('fastapi', 'starlette', 'uvicorn') if m in sys.modules)\n"
        "print(','.join(web))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
