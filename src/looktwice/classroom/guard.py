"""Classroom mode accepts no upload at all: not through the page, and not through Gradio's own
upload address either (which would otherwise take small files and serve them back to anyone
holding their path)."""

from __future__ import annotations

REFUSED = b"Uploads are off in classroom mode. / Les envois sont desactives en mode classe."


class RefuseUploads:
    """ASGI middleware that answers 403 to every request for an ``.../upload`` address."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"].rstrip("/").endswith("/upload"):
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(REFUSED)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": REFUSED})
            return
        await self.app(scope, receive, send)
