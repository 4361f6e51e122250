"""The baseline for bench/api_bench.py: FastAPI with one ``async def`` route and nothing else.

Served by uvicorn exactly like the real service (same worker count, uvloop + httptools, access log
off), it measures what the framework, the server and the load generator cost on this machine, so
the real endpoints can be read as a percentage of it.

    uvicorn --app-dir bench bare_app:app --loop uvloop --http httptools --no-access-log
"""

from fastapi import FastAPI

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)


@app.get("/bare")
async def bare() -> dict[str, str]:
    """A small constant JSON body, no database."""
    return {"status": "ok"}
