"""Logos and photos: real files made with Pillow, uploaded through the admin and saved through models.

A refused file must leave a form error and an empty media directory; an accepted one is stored without
metadata, upright, with its renditions beside it.
"""

import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image

from core.images import CARD_SIZE, display_size, prepare_image, rendition_name
from exhibitors.models import Exhibitor, Showcase
from pavilions.models import Pavilion
from tests import factories

pytestmark = pytest.mark.django_db

EXIF_MAKE, EXIF_ORIENTATION, EXIF_GPS = 0x010F, 0x0112, 0x8825


# Real files, made with Pillow (or by hand, byte for byte, where Pillow would need gigabytes).


def encode(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg_with_exif(size=(300, 200), orientation=6):
    """A JPEG as phones write them: camera make, a GPS block, a comment, and sideways pixels."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))
    exif = image.getexif()
    exif[EXIF_MAKE] = "PhoneMaker"
    exif[EXIF_ORIENTATION] = orientation
    exif.get_ifd(EXIF_GPS)[2] = (53.0, 54.0, 0.0)
    return encode(image, "JPEG", exif=exif, comment=b"taken at home")


def png_logo(size=(200, 100)):
    """A logo on a transparent background."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((10, 90, 170, 255), (20, 20, size[0] - 20, size[1] - 20))
    return encode(image, "PNG")


def png_by_hand(width, height):
    """A valid 1-bit PNG of ``width`` x ``height`` black pixels: tiny on disk, huge in memory."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def noise_png(megabytes=6):
    """A real PNG of random pixels, which does not compress: ``megabytes`` on disk."""
    width = 1500
    height = megabytes * 1024 * 1024 // (width * 3) + 1
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    return encode(image, "PNG", compress_level=1)


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"

# name -> (file name, how to make the bytes, what the error message says)
BAD_FILES = {
    "text": ("logo.png", lambda: b"This is not an image at all.\n", "not a JPEG, PNG or WebP"),
    "svg": ("logo.svg", lambda: SVG, "SVG drawings are not accepted"),
    "svg-named-png": ("logo.png", lambda: SVG, "SVG drawings are not accepted"),
    "html-named-png": ("logo.png", lambda: HTML, "web page or other text"),
    "gif": ("logo.gif", lambda: encode(Image.new("RGB", (20, 20)), "GIF"), "GIF image"),
    "truncated-jpeg": (
        "photo.jpg",
        lambda: jpeg_with_exif((400, 300))[:700],
        "damaged or incomplete",
    ),
    "48-megapixels": (
        "plan.png",
        lambda: encode(Image.new("1", (8000, 6000)), "PNG"),
        "8000 × 6000 pixels (48.0 megapixels); the limit is 40 megapixels",
    ),
    "95-megapixel-bomb": ("bomb.png", lambda: png_by_hand(10_000, 9_500), "decompression bomb"),
    "400-megapixel-bomb": ("bomb.png", lambda: png_by_hand(20_000, 20_000), "decompression bomb"),
}


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    return root


def stored_files(root):
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="image/png")


def exhibitor_form(**fields):
    data = {
        "name_en": "Acme Robotics",
        "slug": "acme-robotics",
        "original_language": "en",
        "kind": "company",
        "countries": [factories.country("BY").pk],
        "published": "on",
        "stands-TOTAL_FORMS": "0",
        "stands-INITIAL_FORMS": "0",
        "showcases-TOTAL_FORMS": "0",
        "showcases-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def pavilion_form(pavilion, **fields):
    data = {
        "name_en": pavilion.name,
        "slug": pavilion.slug,
        "original_language": "en",
        "exhibition": pavilion.exhibition_id,
        "published": "on",
        "image_alt_en": "The pavilion from the entrance",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def form_errors(response, field):
    return " ".join(response.context["adminform"].form.errors.get(field, []))


# Refusals: a form error, no row, nothing in media storage.


@pytest.mark.parametrize("case", BAD_FILES)
def test_exhibitor_logo_upload_refused_when_bad_and_nothing_stored(admin_client, media, case):
    name, make, message = BAD_FILES[case]
    data = make()
    response = admin_client.post(
        reverse("admin:exhibitors_exhibitor_add"), exhibitor_form(logo=upload(name, data))
    )
    assert response.status_code == 200
    assert message in form_errors(response, "logo")
    assert Exhibitor.objects.count() == 0
    assert stored_files(media) == []


def test_exhibitor_logo_upload_refused_when_over_5_mb_and_nothing_stored(admin_client, media):
    data = noise_png(6)
    assert len(data) > 6 * 1024 * 1024
    response = admin_client.post(
        reverse("admin:exhibitors_exhibitor_add"),
        exhibitor_form(logo=upload("big.png", data)),
    )
    assert response.status_code == 200
    assert "This file is 6.0 MB; an image may be at most 5 MB." in form_errors(response, "logo")
    assert Exhibitor.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.parametrize("case", ["html-named-png", "svg", "400-megapixel-bomb"])
def test_pavilion_image_change_refused_when_bad_and_nothing_stored(admin_client, media, case):
    pavilion = factories.pavilion()
    name, make, message = BAD_FILES[case]
    data = make()
    response = admin_client.post(
        reverse("admin:pavilions_pavilion_change", args=[pavilion.pk]),
        pavilion_form(pavilion, image=upload(name, data)),
    )
    pavilion.refresh_from_db()
    assert response.status_code == 200
    assert message in form_errors(response, "image")
    assert pavilion.image.name == ""
    assert stored_files(media) == []


def test_showcase_image_refused_when_bad_and_nothing_stored(admin_client, media):
    exhibition = factories.exhibition()
    name, make, message = BAD_FILES["truncated-jpeg"]
    data = make()
    response = admin_client.post(
        reverse("admin:exhibitors_showcase_add"),
        {
            "name": "Drone",
            "slug": "drone",
            "kind": "product",
            "exhibition": exhibition.pk,
            "published": "on",
            "image": upload(name, data),
        },
    )
    assert response.status_code == 200
    assert message in form_errors(response, "image")
    assert Showcase.objects.count() == 0
    assert stored_files(media) == []


def test_good_logo_not_stored_when_another_field_is_wrong(admin_client, media):
    response = admin_client.post(
        reverse("admin:exhibitors_exhibitor_add"),
        exhibitor_form(founded="99", logo=upload("logo.png", png_logo())),
    )
    assert response.status_code == 200
    assert "Give the year founded as four digits." in form_errors(response, "founded")
    assert stored_files(media) == []


def test_model_full_clean_refuses_bad_file_without_a_form(media):
    exhibitor = factories.exhibitor()
    exhibitor.logo = ContentFile(HTML, name="logo.png")
    with pytest.raises(ValidationError) as error:
        exhibitor.full_clean()
    assert list(error.value.message_dict) == ["logo"]
    assert stored_files(media) == []


def test_field_file_save_refuses_bad_file_and_writes_nothing(media):
    exhibitor = factories.exhibitor()
    with pytest.raises(ValidationError):
        exhibitor.logo.save("logo.png", ContentFile(SVG))
    exhibitor.refresh_from_db()
    assert exhibitor.logo.name == ""
    assert stored_files(media) == []


# Accepted files: cleaned, upright, renditions beside them.


def test_jpeg_with_exif_accepted_stored_upright_without_metadata(admin_client, media):
    response = admin_client.post(
        reverse("admin:exhibitors_exhibitor_add"),
        exhibitor_form(logo=upload("IMG_0001.JPEG", jpeg_with_exif((300, 200), orientation=6))),
    )
    assert response.status_code == 302
    exhibitor = Exhibitor.objects.get()
    assert exhibitor.logo.name == "logos/IMG_0001.jpg"
    assert stored_files(media) == [
        "logos/IMG_0001.jpg",
        "logos/renditions/IMG_0001.jpg.card.webp",
        "logos/renditions/IMG_0001.jpg.display.webp",
    ]
    with Image.open(media / exhibitor.logo.name) as master:
        assert master.format == "JPEG"
        assert master.size == (200, 300)  # turned as orientation 6 asked
        assert dict(master.getexif()) == {}
        assert {"exif", "comment", "icc_profile", "xmp"} & set(master.info) == set()
    assert (exhibitor.logo_width, exhibitor.logo_height) == (200, 300)
    with Image.open(media / rendition_name(exhibitor.logo.name, "card")) as card:
        assert (card.format, card.size) == ("WEBP", (CARD_SIZE, CARD_SIZE))
        assert "exif" not in card.info
    with Image.open(media / rendition_name(exhibitor.logo.name, "display")) as display:
        assert (display.format, display.size) == ("WEBP", (200, 300))


def test_raw_upload_bytes_keep_the_gps_block_that_the_stored_file_loses(media):
    data = jpeg_with_exif()
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(EXIF_GPS) != {}
    exhibitor = factories.exhibitor()
    exhibitor.logo.save("phone.jpg", ContentFile(data))
    with Image.open(media / exhibitor.logo.name) as stored:
        assert stored.getexif().get_ifd(EXIF_GPS) == {}
    assert b"PhoneMaker" not in (media / exhibitor.logo.name).read_bytes()


def test_transparent_png_logo_card_is_fitted_on_transparent_square(media):
    exhibitor = factories.exhibitor()
    exhibitor.logo.save("logo.png", ContentFile(png_logo((200, 100))))
    assert exhibitor.logo.name == "logos/logo.png"
    with Image.open(media / rendition_name(exhibitor.logo.name, "card")) as card:
        card = card.convert("RGBA")
        assert card.size == (CARD_SIZE, CARD_SIZE)
        assert card.getpixel((0, 0))[3] == 0  # padding above the wide logo
        assert card.getpixel((CARD_SIZE // 2, CARD_SIZE // 2))[3] == 255


def test_showcase_photo_card_is_cropped_to_fill_the_square(media):
    showcase = factories.showcase(factories.exhibition())
    photo = Image.new("RGB", (600, 200), (20, 120, 20))
    showcase.image.save("tractor.webp", ContentFile(encode(photo, "WEBP")))
    showcase.refresh_from_db()
    assert showcase.image.name == "showcases/tractor.webp"
    with Image.open(media / rendition_name(showcase.image.name, "card")) as card:
        assert card.size == (CARD_SIZE, CARD_SIZE)
        assert card.mode == "RGB"
        assert card.getpixel((0, 0))[1] > 100  # photo pixels reach the corner: no padding


def test_large_photo_display_rendition_is_960_wide(media):
    pavilion = factories.pavilion()
    pavilion.image.save("hall.jpg", ContentFile(encode(Image.new("RGB", (2400, 1600)), "JPEG")))
    pavilion.refresh_from_db()
    assert (pavilion.image_width, pavilion.image_height) == (2400, 1600)
    display = pavilion.image.display
    assert (display.width, display.height) == (960, 640)
    with Image.open(media / rendition_name(pavilion.image.name, "display")) as stored:
        assert stored.size == (960, 640)


def test_file_named_jpg_that_is_a_png_is_stored_as_png(media):
    exhibitor = factories.exhibitor()
    exhibitor.logo.save("logo.jpg", ContentFile(png_logo()))
    assert exhibitor.logo.name == "logos/logo.png"


def test_display_size_never_enlarges_and_caps_tall_images():
    assert display_size(400, 300) == (400, 300)
    assert display_size(1920, 1080) == (960, 540)
    assert display_size(1000, 10_000) == (192, 1920)


def test_prepare_image_accepts_exactly_40_megapixels():
    prepared = prepare_image(ContentFile(encode(Image.new("1", (8000, 5000)), "PNG")))
    assert (prepared.width, prepared.height) == (8000, 5000)


def test_full_clean_does_not_read_a_stored_image_again(media):
    exhibitor = factories.exhibitor()
    exhibitor.logo.save("logo.png", ContentFile(png_logo()))
    (media / exhibitor.logo.name).write_bytes(b"not an image any more")
    exhibitor.full_clean()  # the stored file is not checked again
    assert exhibitor.logo_width == 200


def test_clearing_a_logo_in_the_admin_empties_its_size(admin_client, media):
    exhibitor = factories.exhibitor(slug="acme", name="Acme")
    exhibitor.logo.save("logo.png", ContentFile(png_logo()))
    response = admin_client.post(
        reverse("admin:exhibitors_exhibitor_change", args=[exhibitor.pk]),
        exhibitor_form(name="Acme", slug="acme", **{"logo-clear": "on"}),
    )
    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.logo.name == ""
    assert (exhibitor.logo_width, exhibitor.logo_height) == (None, None)


def test_deleting_a_logo_removes_its_renditions(media):
    exhibitor = factories.exhibitor()
    exhibitor.logo.save("logo.png", ContentFile(png_logo()))
    exhibitor.logo.delete()
    assert stored_files(media) == []


def test_same_name_uploaded_twice_gets_its_own_renditions(media):
    first, second = factories.exhibitor(), factories.exhibitor()
    first.logo.save("logo.png", ContentFile(png_logo((200, 100))))
    second.logo.save("logo.png", ContentFile(png_logo((100, 200))))
    assert first.logo.name != second.logo.name
    assert len(stored_files(media)) == 6


# Pages use the renditions, with sizes and alt text.


def test_exhibitor_card_and_profile_use_the_card_rendition(client, media):
    exhibitor = factories.exhibitor(name="Acme Robotics", slug="acme-robotics")
    exhibitor.logo.save("acme.png", ContentFile(png_logo()))
    card_url = exhibitor.logo.card.url
    listing = client.get(reverse("exhibitors:exhibitor_list")).content.decode()
    profile = client.get(exhibitor.get_absolute_url()).content.decode()
    assert (
        f'<img class="card__logo" src="{card_url}" alt="Acme Robotics logo" width="56" height="56"'
        in listing
    )
    assert (
        f'<img class="profile-logo" src="{card_url}" alt="Acme Robotics logo" width="112" height="112">'
        in profile
    )


def test_showcase_page_shows_display_rendition_with_its_size(client, media):
    showcase = factories.showcase(factories.exhibition(), image_alt="The drone in flight")
    showcase.image.save("drone.jpg", ContentFile(encode(Image.new("RGB", (1200, 900)), "JPEG")))
    page = client.get(showcase.get_absolute_url()).content.decode()
    assert (
        f'<img class="hero-image" src="{showcase.image.display.url}" width="960" height="720" '
        'alt="The drone in flight">' in page
    )


def test_pavilion_page_shows_display_rendition_with_its_size(client, media):
    pavilion = factories.pavilion(image_alt="Visitors at the Belarusian pavilion")
    pavilion.image.save("hall.png", ContentFile(encode(Image.new("RGB", (640, 480)), "PNG")))
    page = client.get(pavilion.get_absolute_url()).content.decode()
    assert (
        '<img class="hero-image" src="/media/pavilions/renditions/hall.png.display.webp" '
        'width="640" height="480" alt="Visitors at the Belarusian pavilion">' in page
    )


# Files that reached storage without the model: make_renditions.


def test_make_renditions_writes_missing_renditions_and_sizes(media):
    exhibitor = factories.exhibitor()
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "copied.png").write_bytes(png_logo((300, 150)))
    Exhibitor.objects.filter(pk=exhibitor.pk).update(logo="logos/copied.png")

    call_command("make_renditions", "--dry-run", verbosity=0)
    assert stored_files(media) == ["logos/copied.png"]

    call_command("make_renditions", verbosity=0)
    exhibitor.refresh_from_db()
    assert (exhibitor.logo_width, exhibitor.logo_height) == (300, 150)
    assert stored_files(media) == [
        "logos/copied.png",
        "logos/renditions/copied.png.card.webp",
        "logos/renditions/copied.png.display.webp",
    ]


def test_make_renditions_names_records_whose_files_are_bad(media, capsys):
    exhibitor = factories.exhibitor(name="Broken Logo Ltd")
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "broken.png").write_bytes(HTML)
    Exhibitor.objects.filter(pk=exhibitor.pk).update(logo="logos/broken.png")
    Pavilion.objects.filter(pk=factories.pavilion().pk).update(image="pavilions/gone.jpg")
    with pytest.raises(CommandError, match="2 images could not be read"):
        call_command("make_renditions")
    errors = capsys.readouterr().err
    assert "Broken Logo Ltd" in errors and "web page or other text" in errors
    assert "pavilions/gone.jpg: the file is not in media storage." in errors
    assert stored_files(media) == ["logos/broken.png"]
