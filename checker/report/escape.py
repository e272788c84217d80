"""User text made safe for each output format: one function per format, nothing else here.

Every string a user wrote (project ids, names, file names, exemption grounds and evidence,
waiver text, and the messages that quote them) passes through its format's function before it
is written. What each guarantees:

- ``clean``: no lone surrogates (file names that are not UTF-8 arrive surrogate-escaped, and
  JSON text can hold ``"\\udc80"``): each becomes U+FFFD, so no format fails to encode.
- ``terminal``: text and log lines: no ANSI escapes, no control characters (newlines and tabs
  become spaces), no bidirectional overrides, and no GitHub legacy command ``##[`` anywhere.
- ``markdown``: the characters Markdown acts on inside a line backslash-escaped, newlines made
  spaces (HTML escaping is the template's autoescape).
- ``github_data`` / ``github_property``: the percent-encoding of GitHub workflow commands.
- ``xml``: only characters XML 1.0 allows.
- ``json_text``: encoded JSON (or SARIF) text whose strings are clean.
- ``uri_reference``: a relative path as an RFC 3986 URI reference (percent-encoded bytes).
- ``html``: what the HTML template writes of every value (autoescape does the markup).
- ``disarm_lines``: the last line of defence for text and Markdown: no line begins with
  ``::`` (a GitHub workflow command such as ``::error`` or ``::add-mask::``).
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

_SURROGATES = re.compile("[\ud800-\udfff]")
# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character escapes
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -~]?)")
_LINE_BREAKS = "\t\n\v\f\r\x85\u2028\u2029"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS: dict[int, str | None] = {
    **{code: None for code in (*range(0x20), *range(0x7f, 0xa0))},
    **{ord(ch): " " for ch in _LINE_BREAKS},
    **{ord(ch): None for ch in _BIDI},
}
_KEEP_BREAKS = {code: value for code, value in _CONTROLS.items() if chr(code) not in "\n\r"}
_LEGACY_COMMAND = "##["  # the runner finds this anywhere in a line
_MARKDOWN = re.compile(r"([\\`*_\[\]|~$])")
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD."""
    if text.isascii():
        return text
    return _SURROGATES.sub("\ufffd", text)


def terminal(text: str) -> str:
    """One line of terminal (or CI log) text, whatever ``text`` holds."""
    if text.isprintable() and _LEGACY_COMMAND not in text:
        return text
    text = _ANSI.sub("", clean(text)).translate(_CONTROLS)
    return text.replace(_LEGACY_COMMAND, "## [")


def path_at_line_start(text: str) -> str:
    """A relative path that begins a line, made unable to read as a workflow command
    (``./::x.yaml`` is the same file as ``::x.yaml``)."""
    return "./" + text if text.lstrip().startswith("::") else text


def markdown(text: object) -> str:
    """Text inside one Markdown line (a list item, a table cell, a ``<code>`` span)."""
    value = terminal(str(text))
    return _MARKDOWN.sub(r"\\\1", value)


def github_data(text: str) -> str:
    """The message of a workflow command (after its second ``::``)."""
    text = _ANSI.sub("", clean(text)).translate(_KEEP_BREAKS).replace(_LEGACY_COMMAND, "## [")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (``file=``, ``title=``)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")



def xml(text: str) -> str:
    """Text or an attribute value XML 1.0 can hold (ElementTree escapes the markup)."""
    return _XML_INVALID.sub("", clean(text))


def json_text(encoded: str) -> str:
    """Encoded JSON whose strings hold no lone surrogate (they can occur only inside strings)."""
    try:
        encoded.encode("utf-8")  # fast in C, and fails exactly on a lone surrogate
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", encoded)
    return encoded


def uri_reference(path: str) -> str:
    """A relative forward-slash path as a URI reference: ``with space#1.yaml`` ->
    ``with%20space%231.yaml``; bytes of a name that is not UTF-8 are encoded as they are."""
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:
        raw = clean(path).encode("utf-8")
    return quote(raw, safe="/")


def html(value: object) -> object:
    """What the HTML (and Markdown) templates write of a value: clean text; markup stays markup."""
    if not isinstance(value, str) or (value.isascii() and value.isprintable()):
        return value
    cleaned = _XML_INVALID.sub("", clean(value))
    return value if cleaned == value else value.__class__(cleaned)  # Markup stays Markup


def disarm_lines(text: str) -> str:
    """``text`` with a backslash before any line that would begin with ``::`` (after blanks),
    which GitHub reads as a workflow command; Markdown shows ``\\:`` as ``:``."""
    if "::" not in text:
        return text
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.lstrip().startswith("::"):
            lines[index] = "\\" + line
    return "\n".join(lines)
