"""A real OpenID Connect provider (tests/sso/provider/provider.mjs, oidc-provider on Node) and a
browser stand-in that walks its login and consent pages."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).parent / "provider"
CLIENT_ID = "drumbeat"
CLIENT_SECRET = "drumbeat-secret"
PUBLIC_URL = "http://drumbeat.test"
REDIRECT_URI = f"{PUBLIC_URL}/api/v1/auth/sso/callback"


@contextmanager
def running_provider() -> Iterator[str]:
    """The provider's issuer URL while it runs. A missing node or package fails the test."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("the SSO tests need node on PATH (they run a real OpenID provider)")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("oidc-provider is not installed: cd tests/sso/provider && npm ci")
    # The OS picks the port and the provider inherits the bound socket: no window in which
    # another test worker (or anything else) could take the port between choosing and listening.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        fd = sock.fileno()
        process = subprocess.Popen(  # noqa: S603 - our own script
            [node, str(HERE / "provider.mjs"), str(port), REDIRECT_URI, str(fd)],
            cwd=HERE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(fd,),
        )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                err = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"the OpenID provider exited: {err}")
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the OpenID provider did not answer its discovery document")
            time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()


async def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Walks the provider's own login and consent pages as a browser would; answers the URL
    the provider sends the browser back to (our callback, with code and state)."""
    async with httpx.AsyncClient(timeout=10) as browser:
        url = authorize_url
        for _ in range(12):
            if url.startswith(REDIRECT_URI):
                return url
            response = await browser.get(url)
            if response.is_redirect:
                url = str(response.url.join(response.headers["location"]))
                continue
            assert response.status_code == 200, response.text
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text)
            assert action, response.text
            target = str(response.url.join(action.group(1)))
            if 'name="prompt" value="login"' in response.text:
                form = {"prompt": "login", "login": login, "password": "anything"}
            else:
                form = {"prompt": "consent"}
            posted = await browser.post(target, data=form)
            assert posted.is_redirect, posted.text
            url = str(posted.url.join(posted.headers["location"]))
        raise AssertionError(f"the provider never sent the browser back (last: {url})")
