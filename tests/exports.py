"""Following an export that became a job, the way a user does: the page
redirects to the job page, the worker builds the file (here the service its
task calls, in-process), the job page links the download."""

from __future__ import annotations

from django.urls import resolve, reverse

from socialwork.spreadsheets import exporting


def download_through_job(client, response) -> tuple[object, bytes]:
    """The download response and its bytes, after the job is built."""
    assert response.status_code == 302, response.status_code
    match = resolve(response.url)
    assert (match.namespace, match.url_name) == ("exports", "job"), response.url
    job_id = match.kwargs["pk"]
    exporting.export_job_build(job_id=job_id)
    page = client.get(response.url)
    assert page.status_code == 200
    download_url = reverse("exports:download", args=[job_id])
    assert download_url in page.content.decode(), "the job page links the download"
    download = client.get(download_url)
    assert download.status_code == 200
    return download, b"".join(download.streaming_content)
