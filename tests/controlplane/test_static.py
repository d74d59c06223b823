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
