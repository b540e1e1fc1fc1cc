"""Reading data files into records: JSON in the fixture format, and CSV in the templates of ``columns``.

JSON files are lists of ``{"model": "app.model", "fields": {...}}`` objects, as Django's ``dumpdata
--natural-foreign --natural-primary`` writes them and as ``fixtures/smart_china_expo_2022.json`` is:
relations by natural key (``["smart-china-expo-2022"]``, ``["BY"]``), no primary keys. A ``pk`` and the
derived fields (``search_vector``, image sizes) are ignored if present.

Files must be UTF-8, with or without a byte-order mark. A JSON file whose lists and objects nest more
than ``MAX_JSON_DEPTH`` levels deep is refused whole. Problems are reported with the file name and
the line (CSV, JSON) and record number (JSON); reading goes on after a problem, so that one run
reports everything wrong with a file.
"""

import codecs
import csv
import io
import json
import re
from pathlib import Path

from datafiles import columns as cols
from datafiles.records import Origin, Problem, Record
from datafiles.schema import MODEL_LABELS, spec

JSON = "json"
CSV = "csv"
FORMATS = (JSON, CSV)

# Lists and objects may nest this deep; the fixture format needs five levels (the list, a record,
# its fields, a list of keys, a key). Deeper files are refused before anything reads them further:
# the parser, and much else, recurses once per level.
MAX_JSON_DEPTH = 32

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_JSON_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def read_file(path, display=None, formats=FORMATS):
    """Read one file. Returns ``(records, problems, lines)``.

    JSON records carry their record number only, as finding lines costs a second parse; ``lines``,
    when not None, is a function giving the line on which each record starts, for problem reports.
    """
    path = Path(path)
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], [Problem(Origin(display), None, "no such file")], None
    except IsADirectoryError:
        return [], [Problem(Origin(display), None, "is a directory, not a file")], None
    except OSError as error:
        return [], [Problem(Origin(display), None, f"cannot be read: {error.strerror}")], None
    text, problem = decode(raw, display)
    if problem:
        return [], [problem], None
    kind = file_format(path, text)
    if kind not in formats:
        allowed = " or ".join(f.upper() for f in formats)
        message = f"is a {kind.upper()} file; give a {allowed} file"
        return [], [Problem(Origin(display), None, message)], None
    base_dir = path.resolve().parent
    if kind == JSON:
        records, problems = read_json(text, display, base_dir)

        def lines():
            return json_item_lines(text)

        return records, problems, lines  # the loader fills in lines once, for every problem
    records, problems = read_csv(text, display, base_dir)
    return records, problems, None


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


def decode(raw, display):
    """The file's text, or a problem naming the file when it is not UTF-8."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return None, Problem(Origin(display), None, _not_utf8("is UTF-32 text"))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, Problem(Origin(display), None, _not_utf8("is UTF-16 text"))
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        return None, Problem(
            Origin(display, line=line), None, _not_utf8("contains NUL bytes (UTF-16 text?)")
        )
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        byte = raw[error.start]
        return None, Problem(
            Origin(display, line=line),
            None,
            _not_utf8(f"is not UTF-8 text (byte 0x{byte:02X} at offset {error.start})"),
        )


def _not_utf8(what):
    return f"the file {what}; save it as UTF-8 (in Excel: “CSV UTF-8”) and try again"


def file_format(path, text):
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        return suffix
    return JSON if text.lstrip()[:1] in ("[", "{") else CSV


# --- JSON ---------------------------------------------------------------------------------------


def read_json(text, display, base_dir):
    try:
        data = json.loads(text)
    except RecursionError:  # deeper than the parser can go
        return [], [_too_deep(text, display)]
    except json.JSONDecodeError as error:
        return [], [
            Problem(
                Origin(display, line=error.lineno),
                None,
                f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
            )
        ]
    if _nests_deeper(data, MAX_JSON_DEPTH):
        return [], [_too_deep(text, display)]
    if not isinstance(data, list):
        return [], [
            Problem(
                Origin(display, line=1),
                None,
                'expected a list of records: [{"model": "exhibitors.exhibitor", "fields": {...}}, ...]',
            )
        ]
    records, problems = [], []
    for number, item in enumerate(data, start=1):
        origin = Origin(display, record=number)
        record = _json_record(item, origin, base_dir, problems)
        if record:
            records.append(record)
    return records, problems


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


def _too_deep(text, display):
    """The problem with a file nested too deep, on the line where it first goes too deep."""
    depth, line = 0, None
    for match in _JSON_STRING_OR_BRACKET.finditer(text):  # brackets outside strings
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
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
    for name, value in item["fields"].items():
        if name in model.fields or name in model.many_to_many:
            fields[name] = value
        elif name not in model.derived:
            problems.append(Problem(origin, name, f"{label} has no field “{name}”"))
    return Record(label, fields, origin, base_dir)


# --- CSV ----------------------------------------------------------------------------------------


def read_csv(text, display, base_dir):
    problems = []
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        return [], [Problem(Origin(display, line=1), "header", f"not valid CSV: {error}")]
    if not header or not any(cell.strip() for cell in header):
        return [], [
            Problem(
                Origin(display, line=1),
                None,
                "the file is empty; the first line must be the header",
            )
        ]
    header = [cell.strip().lower() for cell in header]
    template, header_problems = _template(header, Origin(display, line=1))
    if header_problems:
        return [], header_problems
    reader_state = _CsvRows(template, header, display, base_dir, problems)
    end = reader.line_num
    try:
        for row in reader:
            line, end = end + 1, reader.line_num
            reader_state.add(line, row)
    except csv.Error as error:
        problems.append(
            Problem(Origin(display, line=reader.line_num), None, f"not valid CSV: {error}")
        )
    return reader_state.records, problems


def sniff_delimiter(first_line):
    """The header line's delimiter: a comma, or the semicolon or tab some spreadsheets write."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:  # one column: nothing to tell apart
        return ","


def _template(header, origin):
    """The template the header follows, or the problems with it."""
    names = set(header)
    exhibitors, showcases = (set(t.header) for t in cols.TEMPLATES)
    scores = {
        cols.EXHIBITORS: len(names & (exhibitors - showcases)),
        cols.SHOWCASES: len(names & (showcases - exhibitors)),
    }
    (best, best_score), (_, other_score) = sorted(scores.items(), key=lambda kv: -kv[1])
    if best_score == other_score:
        expected = "; ".join(f"{t.name}: {', '.join(t.header)}" for t in cols.TEMPLATES)
        return None, [
            Problem(
                origin,
                "header",
                f"cannot tell an exhibitors file from a showcases file by these columns; the "
                f"headers are {expected}",
            )
        ]
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


class _CsvRows:
    """Turns the rows of one CSV file into records: one per exhibitor or showcase, one per stand."""

    def __init__(self, template, header, display, base_dir, problems):
        self.template = template
        self.columns = [template.column(name) for name in header]  # the header is checked
        self.display = display
        self.base_dir = base_dir
        self.problems = problems
        self.records = []
        self.seen = {}  # exhibitor slug -> (fields, line, exhibitions)
        model = spec(template.label)
        self.defaults = {
            c.name: model.fields[c.field_name].get_default()
            for c in template.columns
            if c.kind == cols.BOOLEAN
        }
        # Per choice column: each choice's value and label, normalised, to the value; the first
        # choice wins where two spell the same.
        self.choices = {}
        for c in template.columns:
            if c.kind == cols.CHOICE:
                lookup = self.choices[c.name] = {}
                for choice, label in model.fields[c.field_name].choices:
                    lookup.setdefault(_normalise_choice(choice), choice)
                    lookup.setdefault(_normalise_choice(str(label)), choice)

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
        parts = {"main": {}, "stand": {}}
        for column, raw in zip(self.columns, row, strict=True):
            try:
                parts[column.part][column.field_name] = self.convert(column, raw)
            except ValueError as error:
                self.problems.append(Problem(origin, column.name, str(error)))
        if self.template is cols.EXHIBITORS:
            self.add_exhibitor(origin, parts["main"], parts["stand"])
        else:
            self.records.append(Record(self.template.label, parts["main"], origin, self.base_dir))

    def add_exhibitor(self, origin, fields, stand):
        slug = fields.get("slug", "")
        exhibition = stand.get("exhibition")
        if slug and slug in self.seen:
            first_fields, first_line, exhibitions = self.seen[slug]
            if first_fields != fields:
                self.problems.append(
                    Problem(
                        origin,
                        "slug",
                        f"“{slug}” is also on line {first_line} with different values; a repeated "
                        "row may differ only in exhibition, pavilion and booth",
                    )
                )
                return
            if not exhibition or tuple(exhibition) in exhibitions:
                self.problems.append(
                    Problem(origin, "slug", f"duplicate “{slug}”: also on line {first_line}")
                )
                return
        else:
            self.records.append(Record("exhibitors.exhibitor", fields, origin, self.base_dir))
            self.seen[slug] = (fields, origin.line, set())
        if exhibition:
            self.seen[slug][2].add(tuple(exhibition))
            if slug:
                self.records.append(
                    Record(
                        "exhibitors.stand",
                        {"exhibitor": [slug], **stand},
                        origin,
                        self.base_dir,
                        columns={"exhibitor": "slug"},
                    )
                )
        elif stand.get("pavilion") or stand.get("booth"):
            self.problems.append(
                Problem(
                    origin,
                    "exhibition",
                    "give the exhibition of the stand whose pavilion or booth is filled in",
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
        if kind == cols.INTEGER:
            return value or None
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
            return self.choices[column.name].get(_normalise_choice(value), value)
        raise AssertionError(kind)


def _normalise_choice(value):
    return re.sub(r"[\s-]+", "_", value.strip().lower())
