"""Where personal files are kept: MEDIA_STORAGE picks local disk or a private S3 bucket,
neither gives a file a URL, and switching is a setting, not a migration.

No S3 service runs here. The S3 round trips below go through boto3 and django-storages
for real and stop only where the request would leave the machine: a small in-memory
bucket answers at botocore's `before-call` hook (the hook botocore's own Stubber uses).
So they prove which bucket, key, ACL and content the app sends and that it reads the same
bytes back; they cannot prove that a given provider accepts them (docs/deploy.md)."""

import io

import pytest
from botocore.awsrequest import AWSResponse
from botocore.response import StreamingBody
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import reverse

from beneficiaries.models import Client
from beneficiaries.services import client_update
from beneficiaries.tests.factories import ClientFactory
from beneficiaries.tests.test_client_photo import jpeg_with_gps
from core.storage import LocalPrivateStorage, PrivateStorage, private_storage
from core.storage_s3 import S3PrivateStorage
from dinsos.deploy_settings import storages_from_env
from programs.models import FollowUpVisit, Grant

S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "dinsos-berkas",
    "AWS_S3_ENDPOINT_URL": "https://s3.dinsos.example",
    "AWS_S3_REGION_NAME": "ap-southeast-3",
}

# -- settings from the environment ---------------------------------------------------


def test_local_disk_is_the_default():
    result = storages_from_env({}, debug=False)

    assert result["private"] == {"BACKEND": "core.storage.LocalPrivateStorage"}
    assert result["default"] == result["private"]
    assert result["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_static_files_are_not_hashed_in_debug():
    result = storages_from_env({}, debug=True)

    assert result["staticfiles"]["BACKEND"] == (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )


def test_s3_is_a_private_bucket_under_a_private_prefix():
    result = storages_from_env(S3_ENV, debug=False)

    assert result["private"] == {
        "BACKEND": "core.storage_s3.S3PrivateStorage",
        "OPTIONS": {
            "bucket_name": "dinsos-berkas",
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "endpoint_url": "https://s3.dinsos.example",
            "region_name": "ap-southeast-3",
        },
    }
    assert result["default"] == result["private"]


def test_s3_keys_stay_out_of_settings():
    env = {**S3_ENV, "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s3cr3t"}

    result = storages_from_env(env, debug=False)

    assert "AKIAEXAMPLE" not in repr(result)
    assert "s3cr3t" not in repr(result)


def test_s3_on_aws_needs_no_endpoint_or_region():
    result = storages_from_env(
        {"MEDIA_STORAGE": "S3", "AWS_STORAGE_BUCKET_NAME": "b", "AWS_LOCATION": "berkas"},
        debug=False,
    )

    options = result["private"]["OPTIONS"]
    assert "endpoint_url" not in options
    assert "region_name" not in options
    assert options["location"] == "berkas"


def test_s3_without_a_bucket_is_refused():
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        storages_from_env({"MEDIA_STORAGE": "s3"}, debug=False)


def test_an_unknown_storage_is_refused():
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE"):
        storages_from_env({"MEDIA_STORAGE": "ftp"}, debug=False)


# -- no URLs, whatever the backend ---------------------------------------------------


def test_the_local_backend_gives_no_url():
    with pytest.raises(ValueError, match="no public URL"):
        LocalPrivateStorage().url("clients/photos/a.jpg")


def test_the_s3_backend_gives_no_url_not_even_a_signed_one():
    storage = S3PrivateStorage(**storages_from_env(S3_ENV, debug=False)["private"]["OPTIONS"])

    with pytest.raises(ValueError, match="no public URL"):
        storage.url("clients/photos/a.jpg")
    with pytest.raises(ValueError, match="no public URL"):
        storage.url("clients/photos/a.jpg", expire=10)


# -- the switch is a setting ---------------------------------------------------------


@pytest.fixture
def s3_settings(settings, monkeypatch):
    # boto3 must find no real account: fixed keys, no config files, no instance role.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    settings.STORAGES = {
        **settings.STORAGES,
        **{
            alias: backend
            for alias, backend in storages_from_env(S3_ENV, debug=False).items()
            if alias != "staticfiles"
        },
    }


def test_every_personal_file_field_follows_the_setting(s3_settings):
    assert isinstance(storages["private"], S3PrivateStorage)
    for field in (
        Client._meta.get_field("photo"),
        Grant._meta.get_field("document"),
        FollowUpVisit._meta.get_field("photo"),
    ):
        assert field.storage is private_storage
        assert field.storage.bucket_name == "dinsos-berkas"


def test_the_fields_deconstruct_the_same_for_both_backends(s3_settings):
    field = Client._meta.get_field("photo")
    storage = field.deconstruct()[3]["storage"]

    assert storage.deconstruct() == ("core.storage.PrivateStorage", (), {})
    assert isinstance(storage, PrivateStorage)


def test_no_migration_is_needed_with_s3(db, s3_settings):
    # makemigrations --check exits non-zero when a model differs from its migrations.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# -- round trips through boto3, up to the network ------------------------------------


class InMemoryBucket:
    """Answers S3 calls from a dict, at the point where botocore would send them."""

    def __init__(self):
        self.objects = {}  # (bucket, key) -> (bytes, put parameters)

    def attach(self, client):
        client.meta.events.register("before-parameter-build.s3.*", self._remember)
        client.meta.events.register("before-call.s3.*", self._answer)

    def _remember(self, params, context, **kwargs):
        context["in_memory_params"] = dict(params)

    def _answer(self, model, context, **kwargs):
        status, parsed = self._respond(model.name, context["in_memory_params"])
        parsed["ResponseMetadata"] = {"HTTPStatusCode": status, "HTTPHeaders": {}}
        return AWSResponse(None, status, {}, None), parsed

    def _respond(self, operation, params):
        where = (params.get("Bucket"), params.get("Key"))
        if operation == "PutObject":
            body = params["Body"]
            if hasattr(body, "seek"):
                body.seek(0)
            data = body.read() if hasattr(body, "read") else bytes(body)
            self.objects[where] = (data, params)
            return 200, {"ETag": '"1"'}
        if operation == "DeleteObject":
            self.objects.pop(where, None)
            return 204, {}
        if where not in self.objects:
            error = {"Error": {"Code": "404", "Message": "Not Found"}}
            return 404, error
        data, put = self.objects[where]
        head = {"ContentLength": len(data), "ETag": '"1"', "ContentType": put.get("ContentType")}
        if operation == "HeadObject":
            return 200, head
        if operation == "GetObject":
            return 200, {
                **head,
                "Body": StreamingBody(io.BytesIO(data), len(data)),
            }
        raise AssertionError(f"unexpected S3 call {operation}")


@pytest.fixture
def bucket(s3_settings):
    fake = InMemoryBucket()
    fake.attach(storages["private"].connection.meta.client)
    return fake


def test_a_file_goes_into_the_private_bucket_and_comes_back(bucket):
    name = private_storage.save("clients/photos/a.jpg", ContentFile(b"\xff\xd8 photo bytes"))

    assert name == "clients/photos/a.jpg"
    data, put = bucket.objects[("dinsos-berkas", "private/clients/photos/a.jpg")]
    assert data == b"\xff\xd8 photo bytes"
    assert put["ACL"] == "private"
    assert put["ContentType"] == "image/jpeg"
    assert private_storage.exists(name)
    with private_storage.open(name, "rb") as stored:
        assert stored.read() == b"\xff\xd8 photo bytes"
    private_storage.delete(name)
    assert not private_storage.exists(name)


def test_a_second_file_of_the_same_name_does_not_replace_the_first(bucket):
    first = private_storage.save("clients/photos/a.jpg", ContentFile(b"first"))
    second = private_storage.save("clients/photos/a.jpg", ContentFile(b"second"))

    assert first != second
    assert bucket.objects[("dinsos-berkas", f"private/{first}")][0] == b"first"
    assert bucket.objects[("dinsos-berkas", f"private/{second}")][0] == b"second"


def test_a_photo_uploaded_and_viewed_through_the_app_lives_in_the_bucket(
    bucket, client, worker_malang
):
    shown = ClientFactory()
    client_update(client=shown, updated_by=worker_malang, photo=jpeg_with_gps())
    shown.refresh_from_db()
    key = ("dinsos-berkas", f"private/{shown.photo.name}")
    assert key in bucket.objects

    client.force_login(worker_malang)
    response = client.get(reverse("beneficiaries:client_photo", args=[shown.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == bucket.objects[key][0]
