"""Hostile uploads through the admin's own form: the Exhibitor "add" page and its logo field.

A decompression bomb, an HTML page named ``.png``, an SVG drawing and a 6 MB image are each refused
with a message on the logo field; no exhibitor is created and nothing reaches media storage. A small
real PNG sent the same way is accepted, so the refusals are about the files, not the form.
"""

import io
import os
import struct
import zlib
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exhibitors.models import Exhibitor
from tests import factories

ADD_URL = "/admin/exhibitors/exhibitor/add/"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb(side=20_000):
    """A complete, valid 1-bit PNG of side x side pixels (400 megapixels) in about 50 kB."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + side // 8)  # filter byte, then the row's pixels
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def large_photo(min_bytes=6 * 1024 * 1024):
    """A real PNG of random pixels (which do not compress), just over ``min_bytes``."""
    side = int((min_bytes / 3) ** 0.5) + 40
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    data = buffer.getvalue()
    assert len(data) >= min_bytes
    return data


def small_png():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (11, 92, 173)).save(buffer, "PNG")
    return buffer.getvalue()


# kind -> (file name, content type, how to make the bytes, what the message on the logo field says)
HOSTILE_UPLOADS = {
    "decompression bomb": ("logo.png", "image/png", decompression_bomb, "decompression bomb"),
    "html named png": (
        "logo.png",
        "image/png",
        lambda: b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>",
        "This file is a web page or other text, not an image.",
    ),
    "svg": (
        "logo.svg",
        "image/svg+xml",
        lambda: (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
        ),
        "SVG drawings are not accepted",
    ),
    "svg named png": (
        "logo.png",
        "image/png",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "SVG drawings are not accepted",
    ),
    "6 MB image": ("logo.png", "image/png", large_photo, "an image may be at most 5 MB"),
}


class FormFields(HTMLParser):
    """The values a browser would send for the admin's change form as it is first shown."""

    def __init__(self):
        super().__init__()
        self.data = []
        self.in_form = False
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "exhibitor_form":
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
                return
            self.data.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = name
            self.data.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)


@pytest.fixture
def admin_form(client, db, settings, tmp_path):
    """An organiser signed in, media stored in a fresh folder, and the add form's initial data."""
    settings.MEDIA_ROOT = tmp_path / "media"
    user = User.objects.create_superuser("organiser", "organiser@example.org", "not used here")
    client.force_login(user)
    country = factories.country("BY")
    page = client.get(ADD_URL)
    assert page.status_code == 200
    parser = FormFields()
    parser.feed(page.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data.update(
        name_en=["Hostile Logo Ltd"],
        slug=["hostile-logo"],
        countries=[str(country.pk)],
        _save=["Save"],
    )
    return data


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _, names in os.walk(root)
        for name in names
    )


@pytest.mark.parametrize("kind", list(HOSTILE_UPLOADS))
def test_admin_logo_upload_refused(client, admin_form, settings, kind):
    filename, content_type, make, message = HOSTILE_UPLOADS[kind]
    upload = SimpleUploadedFile(filename, make(), content_type=content_type)
    response = client.post(ADD_URL, {**admin_form, "logo": upload})
    assert response.status_code == 200  # the form again, not a redirect to the list
    body = response.content.decode()
    assert 'class="form-row errors field-logo"' in body, kind
    assert message in " ".join(response.context["adminform"].form.errors["logo"])
    assert message in body
    assert Exhibitor.objects.filter(slug="hostile-logo").exists() is False
    assert stored_files(settings) == []


def test_admin_logo_upload_of_a_real_png_accepted(client, admin_form, settings):
    upload = SimpleUploadedFile("logo.png", small_png(), content_type="image/png")
    response = client.post(ADD_URL, {**admin_form, "logo": upload})
    assert response.status_code == 302
    exhibitor = Exhibitor.objects.get(slug="hostile-logo")
    assert exhibitor.logo.name.startswith("logos/")
    assert exhibitor.logo.name in stored_files(settings)
