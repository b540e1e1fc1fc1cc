"""The README and docs/ stay true: the ``make`` targets they name exist, their relative links lead
to a file (and a heading, when they name one), and ``make superuser`` runs without prompts.

Only code counts as a command: fenced blocks and inline code spans, where ``make`` starts a command
(``make test``, ``DATABASE_URL=... make test``), not prose that says "make".
"""

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
DOCUMENTS = [BASE_DIR / "README.md", *sorted((BASE_DIR / "docs").glob("*.md"))]

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# `make` in command position: at the start, after variable assignments, or after ; && || |
MAKE_COMMAND = re.compile(r"(?:^|[;&|]\s*)(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*make\s+(.*)$")
TARGET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# A rule line of the Makefile: targets, a colon that is not an assignment (:= ::=).
RULE = re.compile(r"^([A-Za-z0-9][^:=#\s]*(?:[ \t]+[A-Za-z0-9][^:=#\s]*)*)[ \t]*::?(?!=)")

MAKE_ENV_NOISE = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


def split_markdown(text):
    """(prose, code): the text outside fenced blocks with code spans blanked, and the code lines."""
    prose_lines, code = [], []
    fence = None
    for line in text.splitlines():
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            else:
                code.append(line)
            continue
        prose_lines.append(line)
    prose = "\n".join(prose_lines)
    for span in CODE_SPAN.finditer(prose):
        code.extend(span.group(2).splitlines())
    prose = CODE_SPAN.sub(lambda span: " " * len(span.group(0)), prose)
    return prose, code


def make_targets_in(code_lines):
    """The targets of every ``make`` command in these lines of code."""
    targets = set()
    for line in code_lines:
        for command in re.split(r"&&|\|\||;", line):
            found = MAKE_COMMAND.search(command.strip())
            if not found:
                continue
            try:
                words = shlex.split(found.group(1), comments=True)
            except ValueError:  # an unbalanced quote: read the plain words
                words = found.group(1).split("#", 1)[0].split()
            for word in words:
                if "=" in word or word.startswith("-"):
                    continue
                if not TARGET_NAME.match(word):
                    break
                targets.add(word)
    return targets


def makefile_targets():
    targets = set()
    for line in (BASE_DIR / "Makefile").read_text(encoding="utf-8").splitlines():
        rule = RULE.match(line)
        if rule:
            targets.update(rule.group(1).split())
    return targets


def heading_anchors(path):
    """The anchors GitHub gives the headings of a Markdown file (duplicates get -1, -2, ...)."""
    raw = path.read_text(encoding="utf-8")
    # Headings come from the raw text (code spans in them count), outside fenced blocks only.
    outside = []
    fence = None
    for line in raw.splitlines():
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
        else:
            outside.append(line)
    anchors, seen = set(), {}
    for line in outside:
        heading = HEADING.match(line)
        if not heading:
            continue
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(2))
        slug = re.sub(r"[^\w\- ]", "", title.lower().replace("`", "")).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def relative_links(path):
    prose, _ = split_markdown(path.read_text(encoding="utf-8"))
    return [link for link in LINK.findall(prose) if not SCHEME.match(link)]


def test_doc_scanner_finds_the_commands_the_readme_names():
    _, code = split_markdown((BASE_DIR / "README.md").read_text(encoding="utf-8"))
    assert {"run", "test", "superuser", "demo", "lint"} <= make_targets_in(code)
    prose_and_comments = ["# delete the demo rows, make new ones", "with Python and make"]
    assert make_targets_in(prose_and_comments) == set()
    command = "DATABASE_URL=postgres://x make test PYTEST_ARGS='-k a -x'"
    assert make_targets_in([command]) == {"test"}


def test_make_targets_in_docs_exist_in_makefile():
    defined = makefile_targets()
    missing = {}
    for path in DOCUMENTS:
        _, code = split_markdown(path.read_text(encoding="utf-8"))
        unknown = make_targets_in(code) - defined
        if unknown:
            missing[path.relative_to(BASE_DIR).as_posix()] = sorted(unknown)
    assert missing == {}


def test_relative_links_in_docs_point_to_existing_files_and_headings():
    broken = []
    checked = 0
    for path in DOCUMENTS:
        for link in relative_links(path):
            checked += 1
            target, _, anchor = link.partition("#")
            destination = (path.parent / target).resolve() if target else path
            if not destination.exists():
                broken.append(f"{path.relative_to(BASE_DIR)}: {link} (no such file)")
            elif anchor and destination.suffix == ".md":
                if anchor.lower() not in heading_anchors(destination):
                    broken.append(f"{path.relative_to(BASE_DIR)}: {link} (no such heading)")
    assert checked > 0
    assert broken == []


def make(target, env, *variables):
    return subprocess.run(
        ["make", target, *variables],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def make_superuser(env):
    return make("superuser", env)


@pytest.fixture
def make_env(tmp_path):
    """The environment for running the README's make targets on a throwaway SQLite database."""
    venv_python = BASE_DIR / ".venv" / "bin" / "python"
    ready = shutil.which("make") and venv_python.exists()
    if ready:  # the targets must not start installing requirements
        ready = subprocess.run(["make", "-q", ".venv/.installed"], cwd=BASE_DIR).returncode == 0
    if not ready:
        message = "needs make and an installed .venv (run `make install` first)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in MAKE_ENV_NOISE and not name.startswith(("ADMIN_", "DJANGO_SUPERUSER_"))
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env["MEDIA_ROOT"] = str(tmp_path / "media")  # make demo draws images: keep them here
    return env


def manage_shell(env, code, **extra):
    shown = subprocess.run(
        [
            str(BASE_DIR / ".venv" / "bin" / "python"),
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            code,
        ],
        cwd=BASE_DIR,
        env={**env, "DEBUG": "1", **extra},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout.strip().splitlines()[-1])


def test_make_demo_makes_the_size_asked_and_replaces_it(make_env):
    counts = (
        "import json; from exhibitors.models import Exhibitor, Showcase; "
        "print(json.dumps([Exhibitor.objects.count(), Showcase.objects.count()]))"
    )
    first = make("demo", make_env, "EXHIBITORS=30", "SHOWCASES=60")
    assert first.returncode == 0, first.stdout + first.stderr
    assert manage_shell(make_env, counts) == [30, 60]
    again = make("demo", make_env, "EXHIBITORS=20", "SHOWCASES=40", "SEED=2")
    assert again.returncode == 0, again.stdout + again.stderr
    assert manage_shell(make_env, counts) == [20, 40]


def test_make_superuser_twice_creates_one_superuser_without_prompts(make_env):
    env = make_env
    first = make_superuser(env)
    assert first.returncode == 0, first.stdout + first.stderr
    printed = re.search(r'Password of "admin": (\S+) \(shown only now\)', first.stdout)
    assert printed, first.stdout
    second = make_superuser(env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "exists already" in second.stdout
    assert "Password of" not in second.stdout

    query = (
        "import json, os; from django.contrib.auth import get_user_model; "
        "users = get_user_model().objects.filter(username='admin'); user = users.get(); "
        "print(json.dumps({'count': users.count(), 'superuser': user.is_superuser, "
        "'staff': user.is_staff, 'email': user.email, "
        "'password': user.check_password(os.environ['CHECK_PASSWORD'])}))"
    )
    user = manage_shell(env, query, CHECK_PASSWORD=printed.group(1))
    assert user == {
        "count": 1,
        "superuser": True,
        "staff": True,
        "email": "admin@example.org",
        "password": True,
    }
