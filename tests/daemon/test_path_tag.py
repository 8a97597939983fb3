"""Log tags of hot-folder paths (issue #11, item 7): names cannot be guessed back from them."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys
from pathlib import Path

from daemon.intake import hotfolder
from daemon.intake.hotfolder import path_tag

ROOT = Path(__file__).resolve().parents[2]
SCAN = Path("/srv/scan/kenko/山田太郎_健診.png")


def tag_in_a_new_process(path: Path) -> str:
    code = "import sys; from pathlib import Path; from daemon.intake.hotfolder import path_tag;"
    code += "print(path_tag(Path(sys.argv[1])))"
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, check=True,
                          capture_output=True, text=True, timeout=60)
    return done.stdout.strip()


def test_a_tag_is_stable_within_a_process_and_differs_between_processes() -> None:
    assert path_tag(SCAN) == path_tag(SCAN)
    assert path_tag(SCAN) != path_tag(SCAN.with_name("鈴木花子_健診.png"))
    first, second = tag_in_a_new_process(SCAN), tag_in_a_new_process(SCAN)
    assert len(first) == 12 and int(first, 16) >= 0
    assert len({first, second, path_tag(SCAN)}) == 3


def test_guessing_names_does_not_find_the_tag_without_the_secret() -> None:
    """The attack of the issue: hash every surname x given name x suffix and compare. The
    true name is among the guesses; only the process's own key finds it."""
    tag = path_tag(SCAN)
    guesses = [SCAN.with_name(f"{surname}{given}_{suffix}.png")
               for surname in ("佐藤", "鈴木", "山田") for given in ("太郎", "花子")
               for suffix in ("健診", "申請")]
    assert SCAN in guesses

    def unkeyed(path: Path) -> set[str]:
        raw = os.fsencode(path)
        digests = (hashlib.sha1(raw).hexdigest(), hashlib.sha256(raw).hexdigest(),
                   hmac.new(b"", raw, hashlib.sha256).hexdigest())
        return {digest[:length] for digest in digests for length in (10, 12)}

    assert not any(tag in unkeyed(guess) for guess in guesses)
    key = hotfolder._TAG_KEY
    keyed = [g for g in guesses
             if hmac.new(key, os.fsencode(g), hashlib.sha256).hexdigest()[:12] == tag]
    assert keyed == [SCAN]  # the key, which never leaves the process, is what it takes
