"""Logos and photos: what is accepted, how an accepted file is cleaned, and the renditions pages use.

Accepted: JPEG, PNG and WebP files of at most 5 MB (``MAX_UPLOAD_BYTES``) and 40 megapixels
(``MAX_PIXELS``). Anything else (a file that is not an image, an SVG drawing, a GIF, an HTML page named
``.png``, a truncated file, a decompression bomb) is refused with a ``ValidationError`` that says why,
before anything is written to media storage.

An accepted image is decoded in full and written again:

- the **master** keeps its format (JPEG, PNG or WebP) and its size, is turned upright according to its
  EXIF orientation, converted to sRGB when it carries a colour profile, and loses every piece of
  metadata: EXIF (camera, GPS position, dates), XMP, ICC profile, comments, PNG text chunks. An animated
  image keeps its first frame. The file name gets the extension of the real format (``.jpg``, ``.png``,
  ``.webp``).
- two **renditions** in WebP (every current browser shows WebP; it keeps transparency and is smaller
  than JPEG or PNG at the same quality), stored beside the master under ``<folder>/renditions/``:

  ``card``     112 x 112 pixels, shown at 56 CSS pixels on cards (sharp on 2x screens). Logos are fitted
               inside the square on a transparent background; photos are cropped to fill it.
  ``display``  the master's proportions, at most 960 pixels wide and 1920 tall (never enlarged): the
               image on a detail page.

On a model, use ``RenditionImageField`` with ``width_field``/``height_field`` (the master's size, from
which the display rendition's size follows without opening a file). The field checks an upload three
ways, all through ``prepare_image`` and its result cached on the uploaded file, so the work is done once:

- its form field rejects a bad upload when the form is cleaned (the admin, any ``ModelForm``);
- its validator rejects it in ``full_clean()``, for code that assigns a file without a form;
- saving the model (or calling ``instance.logo.save(name, content)``) writes the cleaned master and its
  renditions; a bad file raises ``ValidationError`` there too, and nothing is written.

Templates use ``{{ obj.logo.card.url }}``, ``{{ obj.image.display.width }}`` and so on (``Rendition``).
Replaced or cleared files stay in storage, as Django leaves them. ``python manage.py make_renditions``
writes renditions for files that reached storage by other means.
"""

import io
import os
import posixpath
import warnings
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000

# Pillow format name -> (format the master is written in, file extension). Pillow reads some camera
# JPEGs (with a second, preview image) as "MPO"; they are JPEGs and are written back as plain JPEG.
ACCEPTED_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
}
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"

CARD_SIZE = 112
DISPLAY_MAX_WIDTH = 960
DISPLAY_MAX_HEIGHT = 1920
RENDITIONS = ("card", "display")
RENDITION_FOLDER = "renditions"
RENDITION_EXTENSION = "webp"

# How a card rendition is made from the master.
CONTAIN = "contain"  # the whole image inside the square, transparent around it (logos)
COVER = "cover"  # the square filled, the overflow cropped (photos)

HELP_TEXT = (
    "JPEG, PNG or WebP, at most 5 MB and 40 megapixels. Camera data (EXIF, GPS) is removed and "
    "smaller copies are made for the pages."
)

# First bytes of formats people try to upload, to name them in the error message.
_KNOWN_SIGNATURES = [
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", "a BMP image"),
    (b"%PDF", "a PDF document"),
    (b"\x00\x00\x01\x00", "an icon file"),
]


@dataclass(frozen=True)
class Rendition:
    """A resized copy of an image, as a template needs it."""

    url: str
    width: int | None
    height: int | None


@dataclass
class PreparedImage:
    """An accepted image, cleaned and resized in memory, ready to be written."""

    format: str
    extension: str
    width: int
    height: int
    master: bytes
    renditions: dict[str, bytes] = field(default_factory=dict)


def display_size(width, height):
    """Size of the display rendition of a ``width`` x ``height`` master."""
    scale = min(1.0, DISPLAY_MAX_WIDTH / width, DISPLAY_MAX_HEIGHT / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def rendition_name(name, rendition):
    """Storage name of a rendition of the master stored as ``name``.

    ``logos/acme.png`` -> ``logos/renditions/acme.png.card.webp``. Masters never live in a
    ``renditions`` folder (``upload_to`` puts them one level up), so the names cannot collide.
    """
    folder, base = posixpath.split(name)
    return posixpath.join(folder, RENDITION_FOLDER, f"{base}.{rendition}.{RENDITION_EXTENSION}")


def no_image(field_name):
    """``Q`` for rows without a file in the image field ``field_name`` (empty name, or NULL)."""
    return models.Q(**{field_name: ""}) | models.Q(**{f"{field_name}__isnull": True})


def _megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


def _read_upload(file):
    """The file's bytes, refusing anything over the size limit without reading it all."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This file is %(size)s; an image may be at most 5 MB. Save it smaller and upload it again.",
            code="file_too_large",
            params={"size": _megabytes(size)},
        )
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This file is larger than 5 MB; an image may be at most 5 MB.", code="file_too_large"
        )
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    return data


def _not_accepted(data):
    head = data[:1024].lstrip().lower()
    if b"<svg" in head or (head.startswith(b"<?xml") and b"svg" in data[:4096].lower()):
        message = "SVG drawings are not accepted: export the image as PNG or WebP and upload that."
    else:
        described = next((what for sig, what in _KNOWN_SIGNATURES if data.startswith(sig)), None)
        if described:
            message = f"This file is {described}; upload a JPEG, PNG or WebP image instead."
        elif head.startswith((b"<!doctype", b"<html", b"<")):
            message = "This file is a web page or other text, not an image. Upload a JPEG, PNG or WebP image."
        else:
            message = "This file is not a JPEG, PNG or WebP image (whatever its name says)."
    return ValidationError(message, code="invalid_image")


def _too_many_pixels(width=None, height=None):
    if width and height:
        return ValidationError(
            "The image is %(width)d × %(height)d pixels (%(mp).1f megapixels); the limit is 40 "
            "megapixels. Scale it down and upload it again.",
            code="too_many_pixels",
            params={"width": width, "height": height, "mp": width * height / 1e6},
        )
    return ValidationError(
        "The image claims far more than 40 megapixels and was not opened (a decompression bomb, "
        "or a damaged file). Upload a smaller image.",
        code="too_many_pixels",
    )


def _decode(data):
    """Open and fully decode ``data``, or raise ``ValidationError``. Returns (image, Pillow format)."""
    with warnings.catch_warnings():
        # Pillow warns above Image.MAX_IMAGE_PIXELS and raises above twice that: both are refusals.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except UnidentifiedImageError:
            raise _not_accepted(data) from None
        except Exception:
            raise ValidationError(
                "The image could not be read: the file is damaged or incomplete.",
                code="invalid_image",
            ) from None
        if image.format not in ACCEPTED_FORMATS:
            raise _not_accepted(data)
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise _too_many_pixels(width, height)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except Exception:
            raise ValidationError(
                "The image could not be read: the file is damaged or incomplete.",
                code="invalid_image",
            ) from None
    return image, image.format


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or image.has_transparency_data


def _to_srgb(image):
    """Pixels in sRGB, so that dropping the colour profile does not change the colours."""
    profile = image.info.get("icc_profile")
    if image.mode == "CMYK":
        target_mode = "RGB"
    elif image.mode in ("RGB", "RGBA"):
        target_mode = image.mode
    else:
        return image
    if profile:
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode=target_mode,
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass
    return image if image.mode == target_mode else image.convert(target_mode)


def _clean_pixels(image):
    """The image upright, in sRGB, with nothing but pixels (and PNG transparency) left."""
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:  # a damaged EXIF block: keep the pixels as they are
        pass
    image = _to_srgb(image)
    transparency = image.info.get("transparency")
    image.info = {}
    if transparency is not None and image.mode in ("P", "L", "RGB"):
        image.info["transparency"] = transparency
    return image


def _encode_master(image, fmt):
    out = io.BytesIO()
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=90, optimize=True)
    elif fmt == "PNG":
        if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(out, "PNG", compress_level=6)
    else:
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
        image.save(out, "WEBP", quality=90, method=4)
    return out.getvalue()


def _rgb(image):
    mode = "RGBA" if _has_alpha(image) else "RGB"
    return image if image.mode == mode else image.convert(mode)


def _encode_webp(image):
    out = io.BytesIO()
    image.save(out, "WEBP", quality=82, method=4)
    return out.getvalue()


def _card(image, fit):
    """The card square, made from the display rendition (at least 112 pixels unless the master is
    smaller), which is much faster than from a 40-megapixel master and looks the same."""
    if fit == COVER:
        side = min(image.width, image.height)
        left, top = (image.width - side) // 2, (image.height - side) // 2
        return image.resize(
            (CARD_SIZE, CARD_SIZE),
            Image.Resampling.LANCZOS,
            box=(left, top, left + side, top + side),
            reducing_gap=3.0,
        )
    scale = min(1.0, CARD_SIZE / image.width, CARD_SIZE / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    inner = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0).convert("RGBA")
    canvas = Image.new("RGBA", (CARD_SIZE, CARD_SIZE), (0, 0, 0, 0))
    canvas.paste(inner, ((CARD_SIZE - size[0]) // 2, (CARD_SIZE - size[1]) // 2))
    return canvas


def _display(image):
    size = display_size(image.width, image.height)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _uploaded_file(value):
    """The object an upload's bytes live in (and the preparation is cached on)."""
    if isinstance(value, FieldFile):
        return value.file
    return value


def prepare_image(file, card_fit=COVER):
    """Check ``file`` and make the cleaned master and renditions in memory.

    Raises ``ValidationError`` with a message for the person who uploaded it. The result is cached on
    the file object, so the form, the model validator and the save share one decoding.
    """
    file = _uploaded_file(file)
    cache = getattr(file, "_prepared_images", None)
    if cache is not None and card_fit in cache:
        return cache[card_fit]
    data = _read_upload(file)
    decoded, pillow_format = _decode(data)
    fmt, extension = ACCEPTED_FORMATS[pillow_format]
    try:
        image = _clean_pixels(decoded)
        display = _display(_rgb(image))
        prepared = PreparedImage(
            format=fmt,
            extension=extension,
            width=image.width,
            height=image.height,
            master=_encode_master(image, fmt),
            renditions={
                "card": _encode_webp(_card(display, card_fit)),
                "display": _encode_webp(display),
            },
        )
    except Exception:  # an unusual pixel format Pillow reads but cannot convert
        raise ValidationError(
            "This image could not be converted for the web. Save it as an ordinary 8-bit RGB "
            "JPEG, PNG or WebP and upload it again.",
            code="invalid_image",
        ) from None
    try:
        if cache is None:
            cache = file._prepared_images = {}
        cache[card_fit] = prepared
    except AttributeError:  # an object that takes no attributes: no cache, no harm
        pass
    return prepared


def write_renditions(storage, name, prepared):
    """Store the renditions of ``prepared`` for the master stored as ``name``, replacing any."""
    for rendition, data in prepared.renditions.items():
        target = rendition_name(name, rendition)
        if storage.exists(target):  # left behind by an earlier file of the same name
            storage.delete(target)
        storage.save(target, ContentFile(data))


def validate_image_upload(value):
    """Model-field validator: a new upload must pass ``prepare_image``.

    A file already in storage (a saved record's current image) is not opened again.
    """
    if not value:
        return
    if isinstance(value, FieldFile):
        if value._committed:
            return
        prepare_image(value, getattr(value.field, "card_fit", COVER))
    else:
        prepare_image(value)


class ImageUploadField(forms.ImageField):
    """Form field that accepts only what ``prepare_image`` accepts, with its messages."""

    default_validators = []

    def __init__(self, *, card_fit=COVER, **kwargs):
        self.card_fit = card_fit
        super().__init__(**kwargs)

    def to_python(self, data):
        f = forms.FileField.to_python(self, data)
        if f is None:
            return None
        prepared = prepare_image(f, self.card_fit)
        f.content_type = Image.MIME[prepared.format]
        return f

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


class RenditionImageFieldFile(ImageFieldFile):
    """A stored image with renditions: ``.card`` and ``.display`` for templates."""

    def save(self, name, content, save=True):
        prepared = prepare_image(content, self.field.card_fit)
        stem = os.path.splitext(os.path.basename(name or ""))[0] or "image"
        name = self.field.generate_filename(self.instance, f"{stem}.{prepared.extension}")
        self.name = self.storage.save(
            name, ContentFile(prepared.master), max_length=self.field.max_length
        )
        write_renditions(self.storage, self.name, prepared)
        self._file = None
        self._committed = True
        self._dimensions_cache = (prepared.width, prepared.height)
        # Put this file back on the instance without the descriptor reading it from storage again,
        # and record the master's size (width_field/height_field) from what was just written.
        self.instance.__dict__[self.field.attname] = self
        self.field.set_dimensions(self.instance, prepared.width, prepared.height)
        if save:
            self.instance.save()

    save.alters_data = True

    def delete(self, save=True):
        if self.name:
            for rendition in RENDITIONS:
                self.storage.delete(rendition_name(self.name, rendition))
        super().delete(save=save)

    delete.alters_data = True

    def _rendition_url(self, rendition):
        return self.storage.url(rendition_name(self.name, rendition))

    @property
    def card(self):
        if not self.name:
            return None
        return Rendition(self._rendition_url("card"), CARD_SIZE, CARD_SIZE)

    @property
    def display(self):
        if not self.name:
            return None
        width, height = self.field.stored_dimensions(self.instance)
        if width and height:
            width, height = display_size(width, height)
        return Rendition(self._rendition_url("display"), width, height)


class RenditionImageField(models.ImageField):
    """An ``ImageField`` that refuses bad files, cleans accepted ones and keeps renditions.

    ``card_fit`` is ``"contain"`` for logos and ``"cover"`` (the default) for photos.
    """

    attr_class = RenditionImageFieldFile
    default_validators = [validate_image_upload]

    def __init__(self, *args, card_fit=COVER, **kwargs):
        if card_fit not in (CONTAIN, COVER):
            raise ValueError(f"card_fit must be {CONTAIN!r} or {COVER!r}, not {card_fit!r}.")
        self.card_fit = card_fit
        kwargs.setdefault("help_text", HELP_TEXT)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.card_fit != COVER:
            kwargs["card_fit"] = self.card_fit
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": ImageUploadField, "card_fit": self.card_fit, **kwargs}
        )

    def stored_dimensions(self, instance):
        width = getattr(instance, self.width_field) if self.width_field else None
        height = getattr(instance, self.height_field) if self.height_field else None
        return width, height

    def set_dimensions(self, instance, width, height):
        if self.width_field:
            setattr(instance, self.width_field, width)
        if self.height_field:
            setattr(instance, self.height_field, height)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        """Keep the size fields in step when a file is assigned, without surprises.

        Django also calls this after every row is loaded (``force=False``) and would open the file in
        storage when the size fields are empty; here only an assignment (``force=True``) updates them,
        and a file that cannot be read leaves them empty instead of raising.
        """
        if not force or not (self.width_field or self.height_field):
            return
        if self.attname not in instance.__dict__:
            return
        file = getattr(instance, self.attname)
        if not file:
            self.set_dimensions(instance, None, None)
            return
        try:
            width, height = file.width, file.height
        except Exception:  # missing in storage, not an image, too large: validation says why
            width = height = None
        self.set_dimensions(instance, width, height)
