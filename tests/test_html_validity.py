"""Every page type is valid HTML by the Nu Html Checker (vnu), the W3C's own validator.

The checker is the ``vnu-jar`` npm package run with the machine's Java; ``make vnu`` installs it
under ``var/vnu/`` (``VNU_JAR`` points elsewhere). Outside CI the test skips without it; in CI it
fails. All pages go to one checker run: the JVM starts once.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.pages import PAGE_TYPES

BASE_DIR = Path(__file__).resolve().parents[1]
VNU_JAR = Path(
    os.environ.get("VNU_JAR", BASE_DIR / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)

# Beyond one URL per page type: states whose markup differs.
MORE_STATES = [
    "/exhibitors/?country=cn&sector=robotics",  # empty result with its help
    "/exhibitors/?q=Gomselmsh&country=cn",  # no hits, with suggestions
    "/exhibitors/?country=zz",  # invalid value
    "/showcases/?kind=spaceship",  # invalid choice
    "/search/?q=zzzz",
    "/search/",
    "/exhibitors/baidu/",
    "/showcases/sanjiang-volat-precision-parts/",
    "/no-such-page/",  # the 404 page
]


def checker():
    java = shutil.which("java")
    if not (java and VNU_JAR.exists()):
        message = f"needs java and the Nu Html Checker at {VNU_JAR} (run `make vnu`)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss2m", "-jar", str(VNU_JAR)]


def html_errors(pages, tmp_path):
    """vnu's errors in ``pages`` (``{name: response}``), each as ``name:line: message``."""
    command = checker()
    files = {}
    for n, (name, response) in enumerate(pages.items()):
        file = tmp_path / f"page-{n}.html"
        file.write_bytes(response.content)
        files[file.name] = name
    shown = subprocess.run(
        [*command, "--format", "json", "--errors-only", *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(shown.stderr or shown.stdout)["messages"]
    return [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def test_every_page_type_is_valid_html(client, shipped_data, tmp_path):
    command = checker()
    files = {}
    for n, path in enumerate([*PAGE_TYPES, *MORE_STATES]):
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        file = tmp_path / f"page-{n}.html"
        file.write_bytes(response.content)
        files[file.name] = path
    shown = subprocess.run(
        [
            *command,
            "--format",
            "json",
            "--errors-only",
            *[str(p) for p in sorted(tmp_path.iterdir())],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(shown.stderr or shown.stdout)["messages"]
    errors = [
        f"{files.get(Path(m.get('url', '')).name, m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)
