"""The programme in the data tools: sessions, people at sessions, participations and people, in JSON
and CSV, checked like every other record, with times kept in the exhibition's time zone."""

import datetime
import io
import json
import zoneinfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from datafiles.columns import EXHIBITORS, PARTICIPATIONS, PEOPLE, SESSIONS, TEMPLATES
from exhibitions.models import Exhibition, Person
from exhibitors.models import Stand
from programme.models import Participation, Session, SessionPerson
from tests.datafiles.test_loader import exhibitor_row, snapshot, write_csv
from tests.tables import table_counts, wipe

pytestmark = pytest.mark.django_db

EXPO_2022 = "smart-china-expo-2022"
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
SOURCE = "sb-by-in-the-global-technological-stream"


def load(*paths, **options):
    out = io.StringIO()
    try:
        call_command(
            "load_expo", *[str(p) for p in paths], stdout=out, **{"verbosity": 1, **options}
        )
    except CommandError as error:
        message = str(error)
        for path in paths:
            message = message.replace(str(path), path.name)
        raise CommandError(message) from None
    return out.getvalue()


def export(fmt, output):
    call_command("export_expo", "--format", fmt, "--output", str(output), verbosity=0)


def session_row(**cells):
    row = {
        "slug": "robotics-panel-2022",
        "title": "Panel: robots at work",
        "kind": "panel",
        "exhibition": EXPO_2022,
        "date": "2022-08-23",
        "start_time": "10:00",
        "end_time": "11:30",
        "place": "Conference Room A",
        "pavilion": "",
        "summary": "Makers of robots on what factories need.",
        "description": "",
        "sectors": "robotics",
        "showcases": "intelligent-machine-shop",
        "speakers": "konstantin-novoselov;ada-example",
        "moderators": "",
        "participants": "jack-dongarra",
        "sources": SOURCE,
        "source_notes": "",
        "published": "yes",
    }
    row.update(cells)
    return [row.get(name, "") for name in SESSIONS.header]


def person_row(**cells):
    row = {
        "slug": "ada-example",
        "name": "Ada Example",
        "other_names": "",
        "role": "Chief engineer, Example Robotics",
        "country": "de",
        "bio": "An example speaker.",
        "exhibitions": EXPO_2022,
        "sources": SOURCE,
        "source_notes": "",
    }
    row.update(cells)
    return [row.get(name, "") for name in PEOPLE.header]


def participation_row(**cells):
    row = {
        "slug": "changan-robotics-panel-2022",
        "exhibition": EXPO_2022,
        "organisation": "changan",
        "kind": "session",
        "session": "robotics-panel-2022",
        "pavilion": "",
        "role": "Its chief engineer spoke at the panel.",
        "sources": SOURCE,
        "source_notes": "",
    }
    row.update(cells)
    return [row.get(name, "") for name in PARTICIPATIONS.header]


def programme_files(tmp_path, sessions=None, people=None, participations=None):
    return [
        write_csv(tmp_path / "sessions.csv", SESSIONS.header, sessions or [session_row()]),
        write_csv(tmp_path / "people.csv", PEOPLE.header, people or [person_row()]),
        write_csv(
            tmp_path / "participations.csv",
            PARTICIPATIONS.header,
            participations or [participation_row()],
        ),
    ]


@pytest.fixture
def programme(shipped):
    """The shipped data plus a timed session with a speaker and a moderator, past midnight UTC."""
    expo = Exhibition.objects.get(slug=EXPO_2022)
    session = Session.objects.create(
        exhibition=expo,
        slug="opening-ceremony-2022",
        title="Opening ceremony",
        kind=Session.Kind.CEREMONY,
        date=datetime.date(2022, 8, 22),
        starts_at=datetime.datetime(2022, 8, 22, 7, 30, 0, 250, tzinfo=SHANGHAI),
        ends_at=datetime.datetime(2022, 8, 22, 8, 15, tzinfo=SHANGHAI),
        place="Congress Hall",
    )
    SessionPerson.objects.create(
        session=session, person=Person.objects.get(slug="jack-dongarra"), role="moderator"
    )
    SessionPerson.objects.create(
        session=session,
        person=Person.objects.get(slug="konstantin-novoselov"),
        role="speaker",
        position=2,
        note="Opened the expo.",
    )
    return session


# --- JSON ---------------------------------------------------------------------------------------


def test_export_json_programme_round_trip_identical(programme, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export("json", first)
    records = json.loads(first.read_text(encoding="utf-8"))

    wipe()
    load(first)
    export("json", second)

    assert first.read_bytes() == second.read_bytes()
    models = {r["model"] for r in records}
    assert {"programme.session", "programme.sessionperson", "programme.participation"} <= models
    opening = next(r for r in records if r["fields"].get("slug") == "opening-ceremony-2022")
    # In the exhibition's time zone, with its offset, to the microsecond.
    assert opening["fields"]["starts_at"] == "2022-08-22T07:30:00.000250+08:00"
    assert opening["fields"]["ends_at"] == "2022-08-22T08:15:00+08:00"
    session = Session.objects.get(slug="opening-ceremony-2022")
    assert session.starts_at == datetime.datetime(2022, 8, 21, 23, 30, 0, 250, tzinfo=datetime.UTC)
    assert list(session.people.values_list("person__slug", "role", "position", "note")) == [
        ("jack-dongarra", "moderator", 0, ""),
        ("konstantin-novoselov", "speaker", 2, "Opened the expo."),
    ]
    assert Participation.objects.count() == 11


def test_export_json_programme_loads_with_loaddata(programme, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export("json", first)

    wipe()
    call_command("loaddata", str(first), verbosity=0)
    export("json", second)

    assert first.read_bytes() == second.read_bytes()


def session_record(**fields):
    return {
        "model": "programme.session",
        "fields": {"exhibition": [EXPO_2022], "slug": "a-talk", "title": "A talk", **fields},
    }


def test_load_expo_json_time_without_offset_is_local_to_the_exhibition(shipped, tmp_path):
    path = tmp_path / "talk.json"
    path.write_text(json.dumps([session_record(starts_at="2022-08-23T09:30:00")]))

    load(path)

    talk = Session.objects.get(slug="a-talk")
    assert talk.starts_at == datetime.datetime(2022, 8, 23, 1, 30, tzinfo=datetime.UTC)
    assert talk.date == datetime.date(2022, 8, 23)  # filled in from the local start


def test_load_expo_json_dry_run_writes_nothing(programme, tmp_path):
    path = tmp_path / "expo.json"
    export("json", path)
    records = json.loads(path.read_text(encoding="utf-8"))
    for record in records:
        if record["model"] == "programme.session":
            record["fields"]["place"] = "Elsewhere"
    path.write_text(json.dumps(records))
    counts, data = table_counts(), snapshot()

    output = load(path, dry_run=True)

    assert table_counts() == counts
    assert snapshot() == data
    assert "programme.session: 0 to create, 5 to update, 0 unchanged" in output


def bad_json(tmp_path, records):
    path = tmp_path / "expo.json"
    path.write_text(json.dumps(records, indent=1))
    return path


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (
            [session_record(starts_at="2022-08-30T10:00:00+08:00")],
            ["expo.json:2 (record 1): date: The exhibition runs from 2022-08-22 to 2022-08-24."],
        ),
        (
            [session_record(date="2022-08-23", starts_at="2022-08-23T23:30:00Z")],
            ["(record 1): date: The start time falls on 2022-08-24 in Asia/Shanghai."],
        ),
        (
            [
                session_record(
                    starts_at="2022-08-23T10:00:00+08:00", ends_at="2022-08-23T09:00:00+08:00"
                )
            ],
            ["(record 1): ends_at: A session must end after it starts."],
        ),
        (
            [
                {
                    "model": "programme.participation",
                    "fields": {
                        "slug": "p",
                        "exhibition": [EXPO_2022],
                        "organisation": ["changan"],
                        "kind": "session",
                        "role": "Spoke.",
                        "sources": [[SOURCE]],
                    },
                }
            ],
            ["(record 1): session: Name the session or launch."],
        ),
        (
            [
                {
                    "model": "exhibitions.exhibition",
                    "fields": {"slug": EXPO_2022, "time_zone": "Mars/Olympus"},
                },
                session_record(starts_at="2022-08-23T09:30:00"),
            ],
            [
                "(record 1): time_zone: Mars/Olympus is not an IANA time zone such as "
                "Asia/Shanghai.",
                "(record 2): starts_at: the time cannot be placed: the exhibition has no valid "
                "time zone (“Mars/Olympus”)",
            ],
        ),
    ],
    ids=["outside-the-exhibition", "other-day", "ends-first", "no-session", "bad-time-zone"],
)
def test_load_expo_json_bad_programme_refused(shipped, tmp_path, records, expected):
    path = bad_json(tmp_path, records)
    counts, data = table_counts(), snapshot()

    with pytest.raises(CommandError) as error:
        load(path)

    for fragment in expected:
        assert fragment in str(error.value)
    assert table_counts() == counts
    assert snapshot() == data


# --- CSV ----------------------------------------------------------------------------------------


def test_load_expo_csv_programme_loads(shipped, tmp_path):
    output = load(*programme_files(tmp_path), verbosity=2)

    panel = Session.objects.get(slug="robotics-panel-2022")
    assert panel.starts_at == datetime.datetime(2022, 8, 23, 2, 0, tzinfo=datetime.UTC)
    assert panel.local_end.strftime("%H:%M %Z") == "11:30 CST"
    assert panel.date == datetime.date(2022, 8, 23)
    assert list(panel.showcases.values_list("slug", flat=True)) == ["intelligent-machine-shop"]
    assert list(panel.people.values_list("person__slug", "role", "position")) == [
        ("konstantin-novoselov", "speaker", 1),
        ("ada-example", "speaker", 2),
        ("jack-dongarra", "participant", 3),
    ]
    ada = Person.objects.get(slug="ada-example")
    assert (ada.country.code, list(ada.exhibitions.values_list("slug", flat=True))) == (
        "DE",
        [EXPO_2022],
    )
    participation = Participation.objects.get(slug="changan-robotics-panel-2022")
    assert (participation.organisation.slug, participation.session) == ("changan", panel)
    assert "programme.sessionperson: 3 created" in output

    again = load(*programme_files(tmp_path))

    assert "0 created, 0 updated, 6 unchanged" in again


def test_export_csv_programme_rows(shipped, tmp_path):
    (tmp_path / "in").mkdir()
    load(*programme_files(tmp_path / "in"))

    export("csv", tmp_path / "out")

    with (tmp_path / "out" / "sessions.csv").open(encoding="utf-8", newline="") as stream:
        lines = stream.read().splitlines()
    assert lines[0] == ",".join(SESSIONS.header)
    row = next(line for line in lines if line.startswith("robotics-panel-2022,"))
    assert ",2022-08-23,10:00,11:30," in row
    assert ",konstantin-novoselov;ada-example,,jack-dongarra," in row
    assert {p.name for p in (tmp_path / "out").iterdir()} == {t.filename for t in TEMPLATES}


def test_load_expo_csv_programme_dry_run_writes_nothing(shipped, tmp_path):
    counts, data = table_counts(), snapshot()

    output = load(*programme_files(tmp_path), dry_run=True)

    assert table_counts() == counts
    assert snapshot() == data
    assert "programme.session: 1 to create, 0 to update, 0 unchanged" in output
    assert "programme.sessionperson: 3 to create" in output
    assert "exhibitions.country: 1 to create" in output  # Germany, for the new person
    assert output.strip().endswith("Would create 7, update 0, leave 0 unchanged.")


def nul_bytes(tmp_path):
    path = write_csv(tmp_path / "sessions.csv", SESSIONS.header, [session_row()])
    path.write_bytes(path.read_bytes().replace(b"Panel", b"P\x00anel"))
    return [path]


BAD_CSV = [
    (
        {"sessions": [session_row(speakers="nobody")]},
        ["sessions.csv:2: speakers: no person “nobody” in the database or in the files"],
    ),
    (
        {"sessions": [session_row(date="2022-09-01")]},
        ["sessions.csv:2: date: The exhibition runs from 2022-08-22 to 2022-08-24."],
    ),
    (
        {"sessions": [session_row(start_time="25:00", end_time="9.30")]},
        [
            "sessions.csv:2: start_time: “25:00” is not a time of day; give it as HH:MM",
            "sessions.csv:2: end_time: “9.30” is not a time of day",
        ],
    ),
    (
        {"sessions": [session_row(start_time="12:00", end_time="11:00")]},
        ["sessions.csv:2: end_time: A session must end after it starts."],
    ),
    (
        {"sessions": [session_row(date="")]},
        ["sessions.csv:2: start_time: give the date of a session whose time is given"],
    ),
    (
        {"sessions": [session_row(kind="keynote")]},
        [
            "sessions.csv:2: kind: Value 'keynote' is not a valid choice. Choose one of: forum, "
            "talk, panel,"
        ],
    ),
    (
        {"sessions": [session_row(participants="ada-example")]},
        ["sessions.csv:2: participants: “ada-example” is named twice for this session"],
    ),
    (
        {"participations": [participation_row(session="")]},
        ["participations.csv:2: session: Name the session or launch."],
    ),
    (
        {"participations": [participation_row(sources="")]},
        ["participations.csv:2: sources: This field is required."],
    ),
    (
        {"people": [person_row(country="XX")]},
        ["people.csv:2: country: XX is not an ISO 3166-1 alpha-2 country code."],
    ),
]


@pytest.mark.parametrize(("rows", "expected"), BAD_CSV)
def test_load_expo_csv_bad_programme_refused(shipped, tmp_path, rows, expected):
    paths = programme_files(tmp_path, **rows)
    counts, data = table_counts(), snapshot()

    with pytest.raises(CommandError) as error:
        load(*paths)

    message = str(error.value)
    assert message.startswith("Nothing was written:")
    for fragment in expected:
        assert fragment in message
    assert table_counts() == counts
    assert snapshot() == data


def test_load_expo_csv_nul_bytes_refused(shipped, tmp_path):
    counts = table_counts()

    with pytest.raises(CommandError) as error:
        load(*nul_bytes(tmp_path))

    assert "sessions.csv:2: the file contains NUL bytes" in str(error.value)
    assert table_counts() == counts


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["slug", "name"],
            "header: cannot tell which template the file follows (exhibitors, showcases, "
            "sessions, people, participations or halls) by these columns",
        ),
        (
            ["slug", "organisation", "title"],
            "header: cannot tell a sessions file from a participations file by these columns",
        ),
        (
            ["slug", "title", "speakers"],
            "header: missing column(s) kind, exhibition, date, start_time,",
        ),
        (
            ["slug", "name", "bio", "extra"],
            "header: unknown column(s) “extra”; the people template has",
        ),
    ],
)
def test_load_expo_csv_template_told_by_its_own_columns(shipped, tmp_path, header, expected):
    path = write_csv(tmp_path / "file.csv", header, [["x"] * len(header)])

    with pytest.raises(CommandError) as error:
        load(path)

    assert f"file.csv:1: {expected}" in str(error.value)


def test_load_expo_csv_stand_kind_and_sources(shipped, tmp_path):
    rows = [exhibitor_row(stand_kind="Part of a pavilion", stand_sources=SOURCE)]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    load(path)

    stand = Stand.objects.get(exhibitor__slug="belaz")
    assert stand.kind == Stand.Kind.PAVILION_PART
    assert list(stand.sources.values_list("slug", flat=True)) == [SOURCE]


def test_load_expo_csv_pavilion_part_needs_the_pavilion(shipped, tmp_path):
    rows = [exhibitor_row(stand_kind="pavilion_part", pavilion="")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    with pytest.raises(CommandError) as error:
        load(path)

    assert "exhibitors.csv:2: pavilion: Name the pavilion this is a part of." in str(error.value)
