"""The ASGI application uvicorn imports (``api.asgi:app``), built from the environment."""

from api.main import create_app

app = create_app()
