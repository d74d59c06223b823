"""Static files (the admin's) are served by the app itself (WhiteNoise), under any server, with no
collectstatic in development."""

from __future__ import annotations


def test_the_admins_stylesheet_is_served(client):
    response = client.get("/static/admin/css/base.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content if response.streaming else [response.content])


def test_a_missing_static_file_is_404_not_a_page(client):
    assert client.get("/static/admin/css/no-such-file.css").status_code == 404


def test_every_console_page_names_the_consoles_icon_and_it_is_served(client):
    """Without an icon a browser asks for /favicon.ico on every page, and gets a 404."""
    icon = client.get("/static/console/favicon.svg")
    assert icon.status_code == 200 and icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content if icon.streaming else [icon.content])
    for path in ("/console/login", "/no-such-page"):
        page = client.get(path).content.decode()
        assert '<link rel="icon" href="/static/console/favicon.svg" type="image/svg+xml">' in page, path
