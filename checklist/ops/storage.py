"""Where uploaded sources and approved reports are kept: the local media folder by default,
an S3-compatible bucket when S3_BUCKET is set (so that several app servers share them).

Files in the bucket stay private: the app streams them through views that check who may
read them, and never hands out bucket URLs.
"""

from checklist.env import env_str


def media_storage() -> dict:
    """The STORAGES["default"] entry for the environment."""
    bucket = env_str("S3_BUCKET", default="")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env_str("S3_REGION", default="") or None,
            # Empty keys let boto3 find credentials itself (instance role, ~/.aws).
            "access_key": env_str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env_str("S3_PREFIX", default=""),
            "default_acl": "private",
            # Never overwrite: names are generated, and a clash must not replace a file.
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
