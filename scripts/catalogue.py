"""The message catalogue: find the messages in the code, keep the `.po` file in step, compile
it into the `.mo` file that `daemon.i18n` reads. Pure Python, no gettext tools needed.

    python -m scripts.catalogue update    # add new messages to the .po (empty), drop gone ones
    python -m scripts.catalogue compile   # write the .mo from the .po
    python -m scripts.catalogue check     # exit 1 naming untranslated messages or a stale .mo

Messages are the string literals given to `_()`, `N_()` and `ngettext()` in `daemon/` and
`handlers/`, and argparse's own (its `_()` calls), which the command line shows too.
"""

from __future__ import annotations

import argparse
import ast
import re
import string
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("daemon", "handlers")
PO = ROOT / "daemon/locale/ja/LC_MESSAGES/yomitori.po"
MO = PO.with_suffix(".mo")
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}
"""Function names that take messages, and how many leading arguments are messages."""
HEADER = (
    "Project-Id-Version: yomitori\n"
    "Language: ja\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
)


@dataclass
class Entry:
    """One message: its English text (and plural), where it is used, its translation."""

    msgid: str
    plural: str | None = None
    places: list[str] = field(default_factory=list)
    msgstr: list[str] = field(default_factory=lambda: [""])

    @property
    def key(self) -> str:
        return self.msgid if self.plural is None else f"{self.msgid}\0{self.plural}"

    @property
    def translated(self) -> bool:
        return all(self.msgstr)


def _calls(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """(line, messages) of every marked call with literal messages in `tree`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        count = MARKERS.get(name or "")
        if count is None or len(node.args) < count:
            continue
        args = node.args[:count]
        if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            found.append((node.lineno, [a.value for a in args]))  # type: ignore[attr-defined]
    return found


def extract(root: Path = ROOT) -> dict[str, Entry]:
    """Every message of the code and of argparse, by catalogue key, in order of use."""
    sources = [p for package in PACKAGES for p in sorted((root / package).rglob("*.py"))]
    sources.append(Path(argparse.__file__))
    entries: dict[str, Entry] = {}
    for path in sources:
        place = path.relative_to(root) if path.is_relative_to(root) else Path("argparse.py")
        for line, messages in _calls(ast.parse(path.read_text("utf-8"), str(path))):
            entry = Entry(messages[0], messages[1] if len(messages) > 1 else None)
            entry = entries.setdefault(entry.key, entry)
            entry.places.append(f"{place}:{line}")
    return entries


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text.startswith('"') else ""


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    pieces = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{piece}"' for piece in pieces)


def read_po(path: Path = PO) -> dict[str, Entry]:
    """The entries of a `.po` file (the header under the key "")."""
    entries: dict[str, Entry] = {}
    fields: dict[str, str] = {}
    current = ""

    def finish() -> None:
        if "msgid" in fields:
            forms = sorted(k for k in fields if k.startswith("msgstr"))
            entry = Entry(fields["msgid"], fields.get("msgid_plural"),
                          msgstr=[fields[k] for k in forms])
            entries[entry.key] = entry
        fields.clear()

    for raw in [*path.read_text("utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            if match[1] == "msgid" and "msgid" in fields:
                finish()
            current = match[1]
            fields[current] = _unquote(match[2])
        else:
            fields[current] += _unquote(line)
    finish()
    return entries


def write_po(entries: dict[str, Entry], path: Path = PO) -> None:
    """Write `entries` as a `.po` file, each with the places it is used."""
    out = ["# Yomitori's messages in Japanese, for a ward's information-systems staff.",
           f"msgid \"\"\nmsgstr {_quote(HEADER)}", ""]
    for entry in entries.values():
        out += [f"#: {place}" for place in entry.places[:3]]
        if "{" in entry.msgid:
            out.append("#, python-brace-format")
        elif "%" in entry.msgid:
            out.append("#, python-format")
        out.append(f"msgid {_quote(entry.msgid)}")
        if entry.plural is None:
            out.append(f"msgstr {_quote(entry.msgstr[0])}")
        else:
            out.append(f"msgid_plural {_quote(entry.plural)}")
            out += [f"msgstr[{i}] {_quote(text)}" for i, text in enumerate(entry.msgstr)]
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), "utf-8")


def compile_mo(entries: dict[str, Entry]) -> bytes:
    """The GNU `.mo` file of the translated entries (and the header)."""
    pairs = sorted(
        (key.encode(), "\0".join(entry.msgstr).encode())
        for key, entry in entries.items()
        if entry.translated
    )
    count = len(pairs)
    ids_at, strs_at = 28, 28 + 8 * count
    data_at = strs_at + 8 * count
    ids, strs, data = b"", b"", b""
    for key, _value in pairs:
        ids += struct.pack("<II", len(key), data_at + len(data))
        data += key + b"\0"
    for _key, value in pairs:
        strs += struct.pack("<II", len(value), data_at + len(data))
        data += value + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, ids_at, strs_at, 0, data_at)
    return header + ids + strs + data


def fields_of(text: str) -> set[str]:
    """The `{name}` and `%(name)s`/`%s` fields a message fills in."""
    found = {f"{{{name}}}" for _t, name, _s, _c in string.Formatter().parse(text) if name}
    return found | set(re.findall(r"%(?:\(\w+\))?[sdr]", text))


def problems(code: dict[str, Entry], po: dict[str, Entry], mo: bytes | None) -> list[str]:
    """Messages without a translation, translations that drop or add fields, a stale .mo."""
    found = []
    for key, entry in code.items():
        done = po.get(key)
        if done is None or not done.translated:
            found.append(f"no Japanese for {entry.msgid!r} ({entry.places[0]})")
        elif any(fields_of(text) != fields_of(entry.msgid) for text in done.msgstr):
            found.append(f"the Japanese of {entry.msgid!r} fills other fields")
    if mo != compile_mo(po):
        found.append(f"{MO.relative_to(ROOT)} is not compiled from the .po: "
                     "python -m scripts.catalogue compile")
    return found


def update() -> None:
    """Bring the .po in step with the code: new messages empty, vanished ones gone."""
    old = read_po() if PO.exists() else {}
    entries = extract()
    for key, entry in entries.items():
        if key in old:
            entry.msgstr = old[key].msgstr
    write_po(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("update", "compile", "check"))
    action = parser.parse_args(argv).action
    if action == "update":
        update()
    elif action == "compile":
        MO.write_bytes(compile_mo(read_po()))
    else:
        found = problems(extract(), read_po(), MO.read_bytes() if MO.exists() else None)
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
