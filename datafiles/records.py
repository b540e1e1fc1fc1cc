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


class Problems(list):
    """The problems found so far: the first ``limit`` of them (all, for None), and how many
    ``more`` there were.

    A file of a million records may have a problem on each; listing the first thousand and
    counting the rest keeps the report readable and the memory small.
    """

    def __init__(self, limit=None):
        super().__init__()
        self.limit = limit
        self.more = 0

    def append(self, problem):
        if self.limit is None or len(self) < self.limit:
            super().append(problem)
        else:
            self.more += 1

    def extend(self, problems):
        for problem in problems:
            self.append(problem)

    @property
    def total(self):
        return len(self) + self.more


class LoadFailed(Exception):
    """The input has problems; nothing was written. ``problems`` lists them: every one, or the
    first of them and a count of the ``more`` left out."""

    def __init__(self, problems, more=0):
        self.problems = list(problems)
        self.more = more
        super().__init__(self.report())

    def report(self):
        count = len(self.problems) + self.more
        noun = "problem" if count == 1 else "problems"
        lines = [f"Nothing was written: {count:,} {noun} found."]
        lines.extend(f"  {problem}" for problem in self.problems)
        if self.more:
            lines.append(f"  ... and {self.more:,} more.")
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
