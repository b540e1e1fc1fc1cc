"""Records read from data files, where they came from, and the problems found in them."""

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Origin:
    """Where a record or a problem is: a file and a line, a JSON record number, or both."""

    file: str
    line: int | None = None
    record: int | None = None

    def __str__(self):
        where = self.file
        if self.line is not None:
            where = f"{where}:{self.line}"
        if self.record is not None:
            where = (
                f"{where} (record {self.record})"
                if self.line is not None
                else f"{where}:record {self.record}"
            )
        return where


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: ``file:line: field: message``."""

    origin: Origin | None
    field: str | None
    message: str

    def __str__(self):
        parts = [str(self.origin)] if self.origin else []
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class LoadFailed(Exception):
    """The input has problems; nothing was written. ``problems`` lists every one of them."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self):
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        lines = [f"Nothing was written: {count} {noun} found."]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


@dataclass(eq=False)
class Record:
    """One object to load, with its fields in the serialized form (natural keys for relations).

    ``fields`` holds only what the file gives: a field it leaves out keeps its current value on an
    update and takes the model's default on a new object. ``columns`` maps a model field to the CSV
    column it came from, so that problems name what the person sees in the file.
    """

    label: str
    fields: dict
    origin: Origin
    base_dir: Path | None = None
    columns: dict = field(default_factory=dict)
    # Filled in by the loader while it checks the record.
    key: tuple | None = field(default=None, init=False)  # natural key
    refs: dict = field(default_factory=dict, init=False)  # relation -> natural key(s) it names
    failed: set = field(default_factory=set, init=False)  # fields with a problem
    instance: object = field(default=None, init=False)  # the row, existing or new
    created: bool = field(default=False, init=False)
    snapshot: dict | None = field(default=None, init=False)  # an existing row's values before
    changed_fields: list = field(default_factory=list, init=False)
    changed_links: list = field(default_factory=list, init=False)

    def column(self, name):
        return self.columns.get(name, name)
