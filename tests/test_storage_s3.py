"""Media on S3 (pydotorg/settings/base.py, docs/operations.md "Media storage"): with
AWS_STORAGE_BUCKET_NAME set, Wagtail's images, their renditions and documents go to the bucket
through django-storages, are served from it, and leave it when deleted. Against a real
S3-protocol server on loopback (moto's server, in a thread), not a mocked client."""

import io
import json
import socket

import boto3
import pytest
import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.test_configuration import settings_value

BUCKET = "pydotorg-media-test"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": "us-east-1"}

moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3():
    """An S3 server on a free loopback port with an empty bucket: (endpoint URL, boto3 client)."""
    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    # moto keeps its buckets in the process, across servers: another module's (the scale-out
    # test's) objects would still be there.
    for key in keys(client):
        client.delete_object(Bucket=BUCKET, Key=key)
    # Media is public: anyone may read the bucket's objects (docs/operations.md).
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    yield endpoint, client
    server.stop()


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


@pytest.fixture
def s3_media(s3):
    """The default storage on the bucket, as the settings make it from the environment."""
    endpoint, client = s3
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "file_overwrite": False,
        "querystring_auth": False,
    }
    storages = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}}
    with override_settings(STORAGES=storages):
        yield endpoint, client
    for key in keys(client):
        client.delete_object(Bucket=BUCKET, Key=key)


def png(width=320, height=200):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (55, 118, 171)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


def test_image_upload_rendition_and_deletion_go_through_the_bucket(s3_media, db, django_capture_on_commit_callbacks):
    endpoint, client = s3_media
    image = get_image_model().objects.create(title="Logo", file=png())
    assert keys(client) == [image.file.name] and image.file.name.startswith("original_images/logo")
    assert (image.width, image.height) == (320, 200)

    rendition = image.get_rendition("fill-100x100")
    assert sorted(keys(client)) == sorted([image.file.name, rendition.file.name])
    assert rendition.url == f"{endpoint}/{BUCKET}/{rendition.file.name}"
    served = requests.get(rendition.url, timeout=10)
    assert served.status_code == 200
    assert PILImage.open(io.BytesIO(served.content)).size == (100, 100)

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()  # the renditions go with it; Wagtail deletes the files after commit
    assert keys(client) == []


def test_a_second_upload_of_the_same_name_keeps_the_first(s3_media, db):
    _, client = s3_media
    first = get_image_model().objects.create(title="One", file=png())
    second = get_image_model().objects.create(title="Two", file=png())
    assert first.file.name != second.file.name
    assert keys(client) == sorted([first.file.name, second.file.name])


def test_document_upload_download_and_deletion(s3_media, db, client, django_capture_on_commit_callbacks):
    endpoint, s3_client = s3_media
    document = get_document_model().objects.create(
        title="Minutes", file=ContentFile(b"PSF board minutes\n", name="minutes.txt")
    )
    assert keys(s3_client) == [document.file.name] and document.file.name.startswith("documents/minutes")

    # The document's public link redirects to the bucket (Wagtail's "redirect" serve method for
    # storages without local paths), which serves the file.
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"] == f"{endpoint}/{BUCKET}/{document.file.name}"
    assert requests.get(response["Location"], timeout=10).content == b"PSF board minutes\n"

    with django_capture_on_commit_callbacks(execute=True):
        document.delete()
    assert keys(s3_client) == []


def test_the_bucket_setting_picks_s3_and_the_filesystem_otherwise():
    expression = "settings.STORAGES['default']"
    assert settings_value(expression) == "{'BACKEND': 'django.core.files.storage.FileSystemStorage'}"
    assert settings_value(
        expression,
        AWS_STORAGE_BUCKET_NAME="media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_S3_REGION_NAME="eu-west-1",
        AWS_S3_CUSTOM_DOMAIN="media.python.org",
    ) == (
        "{'BACKEND': 'storages.backends.s3.S3Storage', 'OPTIONS': {'bucket_name': 'media', "
        "'endpoint_url': 'http://127.0.0.1:9000', 'region_name': 'eu-west-1', 'custom_domain': "
        "'media.python.org', 'file_overwrite': False, 'querystring_auth': False}}"
    )
