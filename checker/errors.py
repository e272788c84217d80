"""The one exception root, and the located input error every user-facing message uses."""

from __future__ import annotations

from dataclasses import dataclass


class GreencheckError(Exception):
    """Root of every error greencheck raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can.

    ``message`` is English; ``message_zh`` the same in Chinese, naming the field by its label
    (never its path: the location is the line or the cell). ``checker.messages.input_problem``
    makes both from one catalogue sentence (messages.yaml); ``text(lang)`` and
    ``describe(file, lang)`` are what reports show."""

    message: str
    field: str | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = None  # a workbook's sheet and cell (A1 notation) instead of a line
    cell: str | None = None
    code: str | None = None  # INTERNAL_ERROR: greencheck itself failed on the file (exit 3)
    message_zh: str = ""

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (en, or zh for any other: the default language)."""
        return self.message_zh if lang != "en" and self.message_zh else self.message

    @property
    def cell_ref(self) -> str | None:
        """Where in a workbook, as Excel writes it: ``能耗数据!C7`` (``'My data'!C7``)."""
        if self.cell is None:
            return None
        sheet = self.sheet or ""
        if sheet and not sheet.replace("_", "").isalnum():
            sheet = "'" + sheet.replace("'", "''") + "'"
        return f"{sheet}!{self.cell}" if sheet else self.cell

    def describe(self, file: str, lang: str = "en") -> str:
        where = file
        if self.cell is not None:
            where += f":{self.cell_ref}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if lang != "en" and self.message_zh:  # the zh message names the field itself
            return f"{where}: {self.message_zh}"
        subject = f" {self.field}:" if self.field else ""
        return f"{where}:{subject} {self.message}"

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        """``message`` in ``lang``, and ``message_en`` beside a Chinese one (``field`` and
        ``code`` are machine keys, the same in every language)."""
        data: dict[str, object] = {"message": self.text(lang)}
        if lang != "en" and self.message_zh:
            data["message_en"] = self.message
        data.update(line=self.line, column=self.column, field=self.field)
        if self.cell is not None:  # a workbook's problem: where in it (YAML/JSON keep line/column)
            data.update(sheet=self.sheet, cell=self.cell)
        if self.code is not None:
            data["code"] = self.code
        return data


INTERNAL_ERROR = "internal_error"
MESSAGE_CHARACTERS = 240  # an internal error's message is one line of at most this


def internal_detail(exc: BaseException) -> str:
    """A failure of greencheck itself in one line: the exception's type and its text."""
    text = " ".join(str(exc).split())
    if len(text) > MESSAGE_CHARACTERS:
        text = text[:MESSAGE_CHARACTERS - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def internal_problem(exc: BaseException) -> Problem:
    """What a failure of greencheck itself (not of the input) says: one line, and that it is one
    (in English, for stderr; a report's, in both languages, is checker.messages.internal_problem)."""
    return Problem(f"internal error: {internal_detail(exc)}; please report it", code=INTERNAL_ERROR)


class InputError(GreencheckError):
    """An input file (project, rule, waiver or config) is not valid."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        super().__init__("\n".join(p.describe(file) for p in problems))


class UsageError(GreencheckError):
    """The caller asked for something that does not exist (unknown rule id, format, ...)."""
