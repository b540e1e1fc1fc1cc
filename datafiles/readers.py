"""Reading data files into records: JSON and JSON Lines in the fixture format, and CSV in the
templates of ``columns``.

JSON files are lists of ``{"model": "app.model", "fields": {...}}`` objects, as Django's ``dumpdata
--natural-foreign --natural-primary`` writes them and as ``fixtures/smart_china_expo_2022.json`` is:
relations by natural key (``["smart-china-expo-2022"]``, ``["BY"]``), no primary keys. A ``pk`` and the
derived fields (``search_vector``, image sizes) are ignored if present, and so is a translated
field's English column (``name_en``) when it holds the field's own text (``name``), as ``dumpdata``
writes it; the English text is the field's own key, the other languages' keys ``name_zh_hans`` and
``name_ru``. JSON Lines files (``.jsonl``) hold the same records, one a line.

JSON Lines and CSV files are read a line (a row) at a time (``Source.batches()``), so that the
loader can check and write a file of any size in chunks; a JSON file is read whole.

Files must be UTF-8, with or without a byte-order mark. A JSON file whose lists and objects nest more
than ``MAX_JSON_DEPTH`` levels deep is refused whole. Problems are reported with the file name and
the line (CSV, JSON Lines, JSON) and record number (JSON); reading goes on after a problem, so that one run
reports everything wrong with a file.
"""

import codecs
import csv
import datetime
import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

from datafiles import columns as cols
from datafiles.records import Origin, Problem, Record
from datafiles.schema import MODEL_LABELS, spec

JSON = "json"
JSONL = "jsonl"
CSV = "csv"
FORMATS = (JSON, JSONL, CSV)

# Lists and objects may nest this deep; the fixture format needs five levels (the list, a record,
# its fields, a list of keys, a key). Deeper files are refused before anything reads them further:
# the parser, and much else, recurses once per level.
MAX_JSON_DEPTH = 32

# Bytes read at a time when checking a file's encoding.
SCAN_BLOCK = 1 << 20

# An exhibitors file's repeated rows (one per stand) are recognised among this many exhibitors
# before them; a row repeating an exhibitor given further back is a duplicate.
REPEAT_WINDOW = 10_000

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


class Source:
    """One data file, checked and ready to read: ``batches()`` gives its records.

    JSON Lines and CSV files are read a line (a row) at a time, so that a file of a million records
    is never in memory whole; a JSON file is one list, read whole. Before anything is read, the
    file is checked to be UTF-8 text (once through, a block at a time) and its lines counted:
    ``size`` is about how many records (lines, rows) it holds, for a progress bar.
    ``lines``, for a JSON file, is a function giving the line on which each record starts, for
    problem reports (finding lines costs a second parse, done only when there are problems).
    """

    def __init__(self, path, display, kind, size, records=None, lines=None):
        self.path = path
        self.display = display
        self.kind = kind
        self.size = size
        self.records = records
        self.lines = lines

    def batches(self, problems):
        """``(records, count)`` for each line or row (``count`` 1), or for a JSON file's whole list
        (``count`` its length): the records it gives, its problems appended to ``problems``."""
        if self.kind == JSON:
            yield self.records, len(self.records)
            return
        base_dir = self.path.resolve().parent
        if self.kind == JSONL:
            with self.path.open(encoding="utf-8-sig") as stream:
                yield from jsonl_batches(stream, self.display, base_dir, problems)
            return
        with self.path.open(encoding="utf-8-sig", newline="") as stream:
            yield from csv_batches(stream, self.display, base_dir, problems)


def open_source(path, display=None, formats=FORMATS, problems=None):
    """Check one file (it exists, is UTF-8 text, in one of ``formats``): a ``Source``, or None with
    the problem appended to ``problems``."""
    path = Path(path)
    display = display or str(path)
    problems = [] if problems is None else problems
    try:
        problem, lines, first = scan(path, display)
    except FileNotFoundError:
        problem = Problem(Origin(display), None, "no such file")
    except IsADirectoryError:
        problem = Problem(Origin(display), None, "is a directory, not a file")
    except OSError as error:
        problem = Problem(Origin(display), None, f"cannot be read: {error.strerror}")
    if problem:
        problems.append(problem)
        return None
    kind = file_format(path, first)
    if kind not in formats:
        allowed = " or ".join(f.upper() for f in formats)
        message = f"is a {kind.upper()} file; give a {allowed} file"
        problems.append(Problem(Origin(display), None, message))
        return None
    if kind == JSONL:
        return Source(path, display, kind, lines)
    if kind == CSV:
        return Source(path, display, kind, max(lines - 1, 0))  # less the header
    text = path.read_bytes().decode("utf-8-sig")
    records = read_json(text, display, path.resolve().parent, problems)

    def item_lines():
        return json_item_lines(text)

    return Source(path, display, kind, len(records), records, item_lines)


def with_lines(problems, lines):
    """``problems`` with the line of each JSON record filled in from ``lines()``."""
    if not any(p.origin and p.origin.record and p.origin.line is None for p in problems):
        return problems
    found = lines()
    return [
        Problem(
            Origin(p.origin.file, found[p.origin.record - 1], p.origin.record), p.field, p.message
        )
        if p.origin and p.origin.record and p.origin.line is None
        else p
        for p in problems
    ]


def scan(path, display):
    """Check that a file is UTF-8 text, a block at a time: ``(problem, lines, first)``, the
    problem naming the file (None when there is none), its number of lines, and its first
    character other than white space ("" for none)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = offset = 0
    first = ""
    invalid = None
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(SCAN_BLOCK), b""):
            if not offset:
                if block.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
                    return Problem(Origin(display), None, _not_utf8("is UTF-32 text")), 0, ""
                if block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    return Problem(Origin(display), None, _not_utf8("is UTF-16 text")), 0, ""
            if b"\x00" in block:
                line = lines + block.count(b"\n", 0, block.index(b"\x00")) + 1
                message = _not_utf8("contains NUL bytes (UTF-16 text?)")
                return Problem(Origin(display, line=line), None, message), 0, ""
            if invalid is None:  # after an invalid byte, only NUL bytes are looked for
                pending = len(decoder.getstate()[0])
                try:
                    text = decoder.decode(block)
                    first = first or text.lstrip().lstrip("\ufeff").lstrip()[:1]
                except UnicodeDecodeError as error:
                    at = offset - pending + error.start
                    line = lines + block.count(b"\n", 0, max(at - offset, 0)) + 1
                    invalid = (line, error.object[error.start], at)
            lines += block.count(b"\n")
            offset += len(block)
            last = block[-1:]
    if invalid is None:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            at = offset - len(error.object) + error.start
            invalid = (lines + 1, error.object[error.start], at)
    if invalid is not None:
        line, byte, at = invalid
        message = _not_utf8(f"is not UTF-8 text (byte 0x{byte:02X} at offset {at})")
        return Problem(Origin(display, line=line), None, message), 0, ""
    if offset and last != b"\n":
        lines += 1
    return None, lines, first


def _not_utf8(what):
    return f"the file {what}; save it as UTF-8 (in Excel: “CSV UTF-8”) and try again"


def file_format(path, first):
    """The format a file's name gives, else JSON for a file starting with ``[`` or ``{`` (its
    ``first`` character), else CSV."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    return JSON if first in ("[", "{") else CSV


# --- JSON ---------------------------------------------------------------------------------------


def read_json(text, display, base_dir, problems):
    """The records of a JSON file (a list), its problems appended to ``problems``."""
    try:
        data = json.loads(text)
    except RecursionError:  # deeper than the parser can go
        problems.append(_too_deep(text, display))
        return []
    except json.JSONDecodeError as error:
        problems.append(_not_json(error, Origin(display, line=error.lineno)))
        return []
    if _nests_deeper(data, MAX_JSON_DEPTH):
        problems.append(_too_deep(text, display))
        return []
    if not isinstance(data, list):
        problems.append(
            Problem(
                Origin(display, line=1),
                None,
                'expected a list of records: [{"model": "exhibitors.exhibitor", "fields": {...}}, ...]',
            )
        )
        return []
    records = []
    for number, item in enumerate(data, start=1):
        origin = Origin(display, record=number)
        record = _json_record(item, origin, base_dir, problems)
        if record:
            records.append(record)
    return records


def jsonl_batches(stream, display, base_dir, problems):
    """JSON Lines: one record a line, in the fixture's record form; blank lines are skipped.
    ``([record], 1)`` per line, ``([], 1)`` for a line that gives none."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            yield [], 1
            continue
        origin = Origin(display, line=number)
        try:
            item = json.loads(line)
        except RecursionError:
            item = None
            problems.append(_too_deep(line, display, first_line=number))
        except json.JSONDecodeError as error:
            item = None
            problems.append(_not_json(error, origin))
        if item is not None and _nests_deeper(item, MAX_JSON_DEPTH):
            item = None
            problems.append(_too_deep(line, display, first_line=number))
        record = _json_record(item, origin, base_dir, problems) if item is not None else None
        yield ([record] if record else []), 1


def _not_json(error, origin):
    return Problem(
        origin, None, f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    )


def _nests_deeper(data, limit):
    """Whether lists and objects nest more than ``limit`` levels deep in parsed JSON."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return True
        pending.extend((item, depth + 1) for item in value if isinstance(item, (dict, list)))
    return False


def _too_deep(text, display, first_line=1):
    """The problem with a file nested too deep, on the line where it first goes too deep
    (``text`` starting on line ``first_line``)."""
    depth, line = 0, None
    for match in _JSON_STRING_OR_BRACKET.finditer(text):  # brackets outside strings
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = text.count("\n", 0, match.start()) + first_line
                break
        elif token in ("]", "}"):
            depth -= 1
    return Problem(
        Origin(display, line=line), None, f"the JSON nests deeper than {MAX_JSON_DEPTH} levels"
    )


def json_item_lines(text):
    """The line on which each item of the top-level JSON list starts (the text is valid JSON)."""
    return list(_item_lines(text))


def _item_lines(text):
    decoder = json.JSONDecoder()
    pos = _JSON_SPACE.match(text, 0).end() + 1  # past "["
    line, counted = 1, 0
    while True:
        pos = _JSON_SPACE.match(text, pos).end()
        if text[pos] == "]":
            return
        line += text.count("\n", counted, pos)
        counted = pos
        yield line
        _, pos = decoder.raw_decode(text, pos)
        pos = _JSON_SPACE.match(text, pos).end()
        if text[pos] == ",":
            pos += 1


def _json_record(item, origin, base_dir, problems):
    if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
        problems.append(Problem(origin, None, 'expected {"model": "app.model", "fields": {...}}'))
        return None
    label = str(item.get("model", "")).lower()
    if label not in MODEL_LABELS:
        problems.append(
            Problem(
                origin,
                "model",
                f"“{item.get('model', '')}” cannot be loaded; give one of {', '.join(MODEL_LABELS)}",
            )
        )
        return None
    model = spec(label)
    fields = {}
    given = item["fields"]
    for name, value in given.items():
        if name in model.fields or name in model.many_to_many:
            fields[name] = value
        elif name in model.english_columns:
            # Derived from the field (as dumpdata writes it, the same text): a different one
            # would be lost, so it is refused rather than ignored.
            field = model.english_columns[name]
            if value not in (None, "", given.get(field, "")):
                problems.append(
                    Problem(
                        origin,
                        name,
                        f"give the English text as “{field}”; “{name}” is derived from it",
                    )
                )
        elif name not in model.derived:
            problems.append(Problem(origin, name, f"{label} has no field “{name}”"))
    return Record(label, fields, origin, base_dir)


# --- CSV ----------------------------------------------------------------------------------------


def csv_batches(stream, display, base_dir, problems):
    """The rows of a CSV file (``stream``, opened with ``newline=""``), one at a time:
    ``(records, 1)`` per row after the header, its problems appended to ``problems``."""
    first = stream.readline()
    delimiter = sniff_delimiter(first.split("\n", 1)[0])
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        problems.append(Problem(Origin(display, line=1), "header", f"not valid CSV: {error}"))
        return
    if not header or not any(cell.strip() for cell in header):
        problems.append(
            Problem(
                Origin(display, line=1),
                None,
                "the file is empty; the first line must be the header",
            )
        )
        return
    header = [cell.strip().lower() for cell in header]
    template, header_problems = _template(header, Origin(display, line=1))
    if header_problems:
        problems.extend(header_problems)
        return
    rows = _CsvRows(template, header, display, base_dir, problems)
    end = reader.line_num
    try:
        for row in reader:
            line, end = end + 1, reader.line_num
            rows.add(line, row)
            yield rows.records, 1
            rows.records = []
    except csv.Error as error:
        problems.append(
            Problem(Origin(display, line=reader.line_num), None, f"not valid CSV: {error}")
        )


def sniff_delimiter(first_line):
    """The header line's delimiter: a comma, or the semicolon or tab some spreadsheets write."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:  # one column: nothing to tell apart
        return ","


def _template(header, origin):
    """The template the header follows, or the problems with it.

    Each template scores the header's columns that only it has; the best score must beat every
    other, else the file could be either.
    """
    names = set(header)
    scores = {}
    for template in cols.TEMPLATES:
        others = set().union(*(t.header for t in cols.TEMPLATES if t is not template))
        scores[template] = len(names & (set(template.header) - others))
    best_score = max(scores.values())
    tied = [t for t in cols.TEMPLATES if scores[t] == best_score]
    if len(tied) > 1:
        if len(tied) == 2:
            which = f"{_a_file(tied[0])} from {_a_file(tied[1])}"
        else:
            listed = ", ".join(t.name for t in tied[:-1])
            which = f"which template the file follows ({listed} or {tied[-1].name})"
        expected = "; ".join(f"{t.name}: {', '.join(t.header)}" for t in tied)
        return None, [
            Problem(
                origin,
                "header",
                f"cannot tell {which} by these columns; the headers are {expected}",
            )
        ]
    (best,) = tied
    problems = []
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        problems.append(Problem(origin, "header", f"repeated column(s): {', '.join(duplicated)}"))
    missing = [name for name in best.required if name not in names]
    if missing:
        problems.append(
            Problem(
                origin,
                "header",
                f"missing column(s) {', '.join(missing)}; the {best.name} template has the columns "
                f"{', '.join(best.header)}",
            )
        )
    unknown = [name for name in header if name not in best.header]
    if unknown:
        shown = ", ".join(f"“{name}”" for name in unknown)
        problems.append(
            Problem(
                origin,
                "header",
                f"unknown column(s) {shown}; the {best.name} template has the columns {', '.join(best.header)}",
            )
        )
    return best, problems


def _a_file(template):
    return f"{'an' if template.name[0] in 'aeiou' else 'a'} {template.name} file"


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


class _CsvRows:
    """Turns the rows of one CSV file into records: one per row's exhibitor, showcase, session,
    person, participation or hall, plus the records a row's parts give (a stand, people at a
    session)."""

    def __init__(self, template, header, display, base_dir, problems):
        self.template = template
        self.columns = [template.column(name) for name in header]  # the header is checked
        self.display = display
        self.base_dir = base_dir
        self.problems = problems
        self.records = []
        self.refused = defaultdict(set)
        self.seen = {}  # exhibitor slug -> (fields, line, exhibitions), the last REPEAT_WINDOW
        # Per part: the columns whose name is not the field's, so problems name the column.
        self.renamed = defaultdict(dict)
        for c in template.columns:
            if c.name != c.field_name:
                self.renamed[c.part][c.field_name] = c.name
        self.defaults = {
            c.name: template.field(c).get_default()
            for c in template.columns
            if c.kind == cols.BOOLEAN or c.empty_is_default
        }
        # Per choice column: each choice's value and label, normalised, to the value; the first
        # choice wins where two spell the same.
        self.choices = {}
        for c in template.columns:
            if c.kind == cols.CHOICE:
                lookup = self.choices[c.name] = {}
                for choice, label in template.field(c).choices:
                    lookup.setdefault(_normalise_choice(choice), choice)
                    lookup.setdefault(_normalise_choice(str(label)), choice)

    def record(self, label, fields, origin, part="main", columns=None):
        record = Record(
            label,
            fields,
            origin,
            self.base_dir,
            columns={**self.renamed[part], **(columns or {})},
        )
        # Cells refused here are reported already: the loader checks nothing more of them.
        record.failed.update(self.refused[part])
        return record

    def add(self, line, row):
        if not any(cell.strip() for cell in row):
            return
        origin = Origin(self.display, line=line)
        if len(row) != len(self.columns):
            self.problems.append(
                Problem(
                    origin,
                    None,
                    f"the row has {len(row)} cells but the header has {len(self.columns)} columns "
                    "(is a quote missing?)",
                )
            )
            return
        parts = defaultdict(dict)
        self.refused = defaultdict(set)  # part -> fields whose cell could not be read
        for column, raw in zip(self.columns, row, strict=True):
            try:
                parts[column.part][column.field_name] = self.convert(column, raw)
            except ValueError as error:
                self.problems.append(Problem(origin, column.name, str(error)))
                self.refused[column.part].add(column.field_name)
        if self.template is cols.EXHIBITORS:
            self.add_exhibitor(origin, parts["main"], parts["stand"])
        elif self.template is cols.SESSIONS:
            self.add_session(origin, parts["main"], parts["people"])
        else:
            self.records.append(self.record(self.template.label, parts["main"], origin))

    def add_exhibitor(self, origin, fields, stand):
        slug = fields.get("slug", "")
        exhibition = stand.get("exhibition")
        if slug and slug in self.seen:
            first_fields, first_line, exhibitions = self.seen[slug]
            if first_fields != fields:
                stand_columns = ", ".join(
                    c.name for c in self.template.columns if c.part == "stand"
                )
                self.problems.append(
                    Problem(
                        origin,
                        "slug",
                        f"“{slug}” is also on line {first_line} with different values; a repeated "
                        f"row may differ only in the stand's cells ({stand_columns})",
                    )
                )
                return
            if not exhibition or tuple(exhibition) in exhibitions:
                self.problems.append(
                    Problem(origin, "slug", f"duplicate “{slug}”: also on line {first_line}")
                )
                return
        else:
            self.records.append(self.record("exhibitors.exhibitor", fields, origin))
            self.seen[slug] = (fields, origin.line, set())
            if len(self.seen) > REPEAT_WINDOW:
                del self.seen[next(iter(self.seen))]
        if exhibition:
            self.seen[slug][2].add(tuple(exhibition))
            if slug:
                self.records.append(
                    self.record(
                        "exhibitors.stand",
                        {"exhibitor": [slug], **stand},
                        origin,
                        part="stand",
                        columns={"exhibitor": "slug"},
                    )
                )
        elif any(stand.get(name) for name in ("pavilion", "booth", "sources")):
            self.problems.append(
                Problem(
                    origin,
                    "exhibition",
                    "give the exhibition of the stand whose pavilion, booth or sources are "
                    "filled in",
                )
            )
        elif any(stand.get(name) for name in ("hall", "x", "y", "width", "depth")):
            self.problems.append(
                Problem(
                    origin,
                    "exhibition",
                    "give the exhibition of the stand whose hall or position is filled in",
                )
            )

    def add_session(self, origin, fields, people):
        """A session, with its times placed on its date, and a record per person named at it."""
        day = fields.get("date")
        for name in ("starts_at", "ends_at"):
            time = fields.get(name)
            if time is None:
                continue
            column = self.renamed["main"][name]
            if not day:
                self.problems.append(
                    Problem(origin, column, "give the date of a session whose time is given")
                )
                del fields[name]
                continue
            try:
                fields[name] = datetime.datetime.combine(datetime.date.fromisoformat(day), time)
            except ValueError:  # the date's own problem is reported when the session is checked
                del fields[name]
        self.records.append(self.record(self.template.label, fields, origin))
        slug = fields.get("slug")
        if not slug:
            return
        position, named = 0, {}
        for column in self.template.columns:
            if column.part != "people" or column.field_name not in people:
                continue
            for key in people[column.field_name]:
                if key[0] in named:
                    self.problems.append(
                        Problem(
                            origin,
                            column.name,
                            f"“{key[0]}” is named twice for this session (also in "
                            f"{named[key[0]]}); give each person once",
                        )
                    )
                    continue
                named[key[0]] = column.name
                position += 1
                self.records.append(
                    self.record(
                        "programme.sessionperson",
                        {
                            "session": [slug],
                            "person": key,
                            "role": column.field_name,
                            "position": position,
                        },
                        origin,
                        part="people",
                        columns={
                            "session": "slug",
                            "person": column.name,
                            "role": column.name,
                            "position": column.name,
                        },
                    )
                )

    def convert(self, column, raw):
        kind = column.kind
        if kind == cols.TEXT:
            return raw
        value = raw.strip()
        if kind in (cols.KEY, cols.FILE):
            return value
        if kind == cols.REF:
            return [value] if value else None
        if kind == cols.REFS:
            return [[part.strip()] for part in value.split(cols.LIST_SEPARATOR) if part.strip()]
        if kind == cols.INTEGER and not value and column.empty_is_default:
            return self.defaults[column.name]
        if kind in (cols.INTEGER, cols.DATE):
            return value or None
        if kind == cols.METRES:
            if "," in value:
                raise ValueError(
                    f"“{value}” is not a length in metres; write it with a decimal point, e.g. 12.5"
                )
            return value or None
        if kind == cols.TIME:
            return _time_of_day(value)
        if kind == cols.BOOLEAN:
            word = value.lower()
            if not word:
                return self.defaults[column.name]
            if word in cols.TRUE_WORDS:
                return True
            if word in cols.FALSE_WORDS:
                return False
            raise ValueError(f"“{value}” is neither yes nor no")
        if kind == cols.CHOICE:
            if not value and column.empty_is_default:
                return self.defaults[column.name]
            return self.choices[column.name].get(_normalise_choice(value), value)
        raise AssertionError(kind)


def _time_of_day(value):
    """A ``HH:MM`` (or ``HH:MM:SS``) cell as a ``datetime.time``; None for an empty cell."""
    if not value:
        return None
    match = _TIME.fullmatch(value)
    try:
        if match is None:
            raise ValueError
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return datetime.time(hours, minutes, seconds)
    except ValueError:
        raise ValueError(
            f"“{value}” is not a time of day; give it as HH:MM (24-hour), e.g. 09:30"
        ) from None


def _normalise_choice(value):
    return re.sub(r"[\s-]+", "_", value.strip().lower())
