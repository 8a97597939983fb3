"""Scale-out as it fails: a three-node RabbitMQ cluster on loopback, a watcher, a janitor and
two OCR processes as separate processes, each with a client-side list of the three nodes
(`broker.url` and `broker.urls`). In the middle of a 60-page batch one node is killed,
later a second one is stopped for a few seconds (the queues lose their quorum meanwhile).
Every scan still ends as exactly one bundle, and the ledger verifies.

The cluster is the test's own: its nodes (`yomitori-cluster-N@localhost`), ports, data and
logs in a temp folder and its own Erlang cookie; the shared node on 5672 is not touched.
The figures (pages delivered, duplicates, time to recover) are printed and written to
build/cluster-figures.json; docs/benchmarks.md quotes them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from helpers import (
    ROOT,
    Deployment,
    assert_accounted,
    ledger_records,
    open_with_age,
    settled,
    sha256,
    wait_for,
)
from PIL import Image, ImageDraw

RABBIT_BIN = Path("/usr/lib/rabbitmq/bin")
"""The server's own scripts: /usr/sbin's wrappers switch to the rabbitmq user and drop
the environment that gives these nodes their own names, ports and folders."""
NODES = 3
PAGES = 60
BASE_PORT = 25700 + os.getpid() % 100 * 10
"""AMQP ports BASE_PORT+1…3, distribution ports BASE_PORT+101…103: apart from the shared
node's 5672 and 25672, and from another test run's."""
FIGURES = ROOT / "build" / "cluster-figures.json"


@dataclass
class Node:
    name: str
    port: int
    dist_port: int
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """As docs/operations.md has it: its user, no password (a credential gives it)."""
        return f"amqp://yomitori@127.0.0.1:{self.port}/yomitori"


@dataclass
class Cluster:
    folder: Path
    nodes: list[Node] = field(default_factory=list)

    def env(self, node: Node) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(self.folder / "home"),  # its .erlang.cookie, shared by the nodes
            "RABBITMQ_CONF_ENV_FILE": str(self.folder / "rabbitmq-env.conf"),
            "RABBITMQ_NODENAME": node.name,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(node.port),
            "RABBITMQ_DIST_PORT": str(node.dist_port),
            "RABBITMQ_MNESIA_BASE": str(node.folder / "mnesia"),
            "RABBITMQ_LOG_BASE": str(node.folder / "log"),
            "RABBITMQ_CONFIG_FILE": str(node.folder / "rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.folder / "enabled_plugins"),
            "RABBITMQ_PID_FILE": str(node.folder / "pid"),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
        }

    def ctl(self, node: Node, *args: str, timeout: float = 120, given: str = "") -> str:
        done = subprocess.run([RABBIT_BIN / "rabbitmqctl", "-n", node.name, *args],
                              env=self.env(node), capture_output=True, text=True,
                              timeout=timeout, check=False, input=given)
        assert done.returncode == 0, f"rabbitmqctl {' '.join(args)}: {done.stderr}"
        return done.stdout

    def start(self, node: Node) -> None:
        log = (node.folder / "server.log").open("ab")
        node.process = subprocess.Popen([RABBIT_BIN / "rabbitmq-server"], env=self.env(node),
                                        stdout=log, stderr=subprocess.STDOUT)

    def await_up(self, node: Node) -> None:
        """`await_startup` fails at once while the node is not yet known to epmd."""

        def up() -> bool:
            assert node.process is not None and node.process.poll() is None, (
                (node.folder / "server.log").read_text("utf-8", "replace"))
            done = subprocess.run(
                [RABBIT_BIN / "rabbitmqctl", "-n", node.name, "await_startup", "--timeout",
                 "60"], env=self.env(node), capture_output=True, timeout=90, check=False)
            return done.returncode == 0

        wait_for(up, 180, f"RabbitMQ node {node.name} to start")

    def kill(self, node: Node) -> None:
        """A crash: the Erlang VM killed, its connections cut at once."""
        beam = int((node.folder / "pid").read_text().strip())
        os.kill(beam, signal.SIGKILL)
        assert node.process is not None
        node.process.wait(60)

    def stop(self, node: Node) -> None:
        self.ctl(node, "stop")
        assert node.process is not None
        node.process.wait(60)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    found = Cluster(tmp_path / "rabbitmq")
    (found.folder / "home").mkdir(parents=True)
    cookie = found.folder / "home" / ".erlang.cookie"
    cookie.write_text(secrets.token_hex(16).upper())
    cookie.chmod(0o400)
    (found.folder / "rabbitmq-env.conf").write_text("")  # not /etc/rabbitmq's node name
    (found.folder / "enabled_plugins").write_text("[].\n")  # no management listener
    for index in range(1, NODES + 1):
        node = Node(f"yomitori-cluster-{index}@localhost", BASE_PORT + index,
                    BASE_PORT + 100 + index, found.folder / f"node{index}")
        node.folder.mkdir()
        (node.folder / "rabbitmq.conf").write_text(
            f"listeners.tcp.default = 127.0.0.1:{node.port}\nloopback_users = none\n"
        )
        found.nodes.append(node)
        found.start(node)
    try:
        for node in found.nodes:
            found.await_up(node)
        first = found.nodes[0]
        for node in found.nodes[1:]:
            found.ctl(node, "stop_app")
            found.ctl(node, "join_cluster", first.name)
            found.ctl(node, "start_app")
        as_documented(found)
        yield found
    finally:
        for node in found.nodes:
            if node.process is not None and node.process.poll() is None:
                node.process.terminate()
        for node in found.nodes:
            if node.process is not None:
                try:
                    node.process.wait(30)
                except subprocess.TimeoutExpired:
                    node.process.kill()
        for node in found.nodes:  # the VMs, should their scripts have left them behind
            pid = node.folder / "pid"
            if pid.exists():
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid.read_text().strip()), signal.SIGKILL)


PASSWORD = "cluster-test-password"


def as_documented(cluster: Cluster) -> None:
    """The vhost, user and permissions of docs/operations.md ("RabbitMQ with TLS and its
    own user"), run as written there, on the cluster (they are the cluster's)."""
    markdown = (ROOT / "docs" / "operations.md").read_text("utf-8")
    start = markdown.index("\n## RabbitMQ with TLS and its own user\n")
    block = re.search(r"```sh\n(.*?)```", markdown[start:], flags=re.S)
    assert block, "the section's commands"
    lines = [line.split(" #")[0] for line in block.group(1).splitlines()]
    ran = []
    for line in (line for line in lines if line.startswith("rabbitmqctl ")):
        args = shlex.split(line)[1:]
        cluster.ctl(cluster.nodes[0], *args, given=PASSWORD if args[0] == "add_user" else "")
        ran.append(args[0])
    assert ran == ["add_vhost", "add_user", "set_permissions", "delete_user"], ran


def small_page(path: Path, number: int) -> Path:
    image = Image.new("L", (900, 240), 255)
    ImageDraw.Draw(image).text((40, 80), f"Cluster page {number:03d}", fill=0, font_size=60)
    image.save(path, dpi=(300, 300))
    return path


def node_list(cluster: Cluster, first: int) -> dict[str, str]:
    """A process's broker settings: its own first node, then the others (the docs' advice,
    so that the processes spread over the nodes)."""
    order = cluster.nodes[first:] + cluster.nodes[:first]
    return {"YOMITORI_BROKER__URL": order[0].url,
            "YOMITORI_BROKER__URLS": json.dumps([node.url for node in order[1:]])}


def members(cluster: Cluster, node: Node, prefix: str) -> dict[str, int]:
    """Each of the deployment's queues and how many nodes hold a replica of it."""
    out = cluster.ctl(node, "list_queues", "-p", "yomitori", "name", "type", "members",
                      "--formatter", "json")
    return {q["name"]: len(q["members"]) for q in json.loads(out)
            if q["name"].startswith(prefix + ".") and q["type"] == "quorum"}


def log_lines(dep: Deployment) -> list[list[tuple[datetime, str]]]:
    """Each process's log as (time, message) pairs."""
    found = []
    for log in dep.logs:
        lines = []
        for line in log.read_text("utf-8", "replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            lines.append((datetime.fromisoformat(record["time"]), record["message"]))
        found.append(lines)
    return found


def reconnected(dep: Deployment, moment: datetime, end: datetime | None = None) -> float:
    """Seconds from `moment` until every process that lost its broker connection (before
    `end`) was connected again (to another node)."""
    waits = [0.0]
    for lines in log_lines(dep):
        lost = [t for t, m in lines if t > moment and (end is None or t < end)
                and m.startswith("broker connection lost")]
        if lost:
            back = [t for t, m in lines if t > lost[0] and m == "connected to the broker"]
            assert back, "a process never connected again"
            waits.append((back[0] - moment).total_seconds())
    return max(waits)


def is_ready(log: Path) -> bool:
    return '"message": "ready"' in log.read_text("utf-8", "replace")


class Progress:
    """Bundles delivered so far, with the time each was first seen."""

    def __init__(self, dep: Deployment) -> None:
        self.dep = dep
        self.seen: dict[str, float] = {}

    def poll(self) -> int:
        for bundle in self.dep.bundles():
            self.seen.setdefault(bundle.name, time.monotonic())
        return len(self.seen)

    def reach(self, count: int, timeout: float, what: str) -> None:
        wait_for(lambda: self.poll() >= count, timeout, what)

    def next_after(self, moment: float, timeout: float) -> float:
        """Seconds from `moment` to the first bundle seen after it."""
        wait_for(lambda: self.poll() > 0 and max(self.seen.values()) > moment, timeout,
                 "a bundle after the failure")
        return min(t for t in self.seen.values() if t > moment) - moment


# Each step has its own wait (wait_for, Progress); the suite's 300 s for a whole test is
# too little on a slow machine, where the three nodes' start alone took 132 s and the
# test 219 s in all, and one run with a benchmark beside it went past 300 s.
@pytest.mark.timeout(900)
def test_losing_nodes_mid_batch_loses_and_doubles_nothing(
    cluster: Cluster, tmp_path: Path
) -> None:
    dep = Deployment(tmp_path / "yomitori", "cluster")
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "broker-password").write_text(PASSWORD + "\n")
    # The documented names, which the documented permissions allow.
    prefix = dep.env["YOMITORI_BROKER__PREFIX"] = "yomitori"
    dep.env["CREDENTIALS_DIRECTORY"] = str(credentials)
    dep.env.update({"YOMITORI_BROKER__HEARTBEAT": "5", **node_list(cluster, 0)})
    roles = ["watcher", "janitor", "ocr", "ocr"]
    try:
        for index, role in enumerate(roles):
            dep.start("--role", role, env=node_list(cluster, index % NODES))
        for log in dep.logs:
            wait_for(partial(is_ready, log), 120, f"{log.name} to be ready")
        replicas = members(cluster, cluster.nodes[0], prefix)
        assert replicas and set(replicas.values()) == {NODES}, replicas

        sources: dict[str, str] = {}
        pages = tmp_path / "pages"
        pages.mkdir()
        for number in range(PAGES):
            dept = ("kodomo", "kokuho")[number % 2]
            page = small_page(pages / f"page-{number:03d}.png", number)
            sources[sha256(page)] = dept
            dep.drop(page, dept)
        started = time.monotonic()
        progress = Progress(dep)

        progress.reach(PAGES // 4, 240, "a quarter of the batch")
        killed_at, killed_when = time.monotonic(), datetime.now(UTC)
        cluster.kill(cluster.nodes[0])
        first_recovery = progress.next_after(killed_at, 180)

        progress.reach(PAGES // 2 + PAGES // 8, 240, "more of the batch on two nodes")
        stopped_at, stopped_when = time.monotonic(), datetime.now(UTC)
        second = cluster.nodes[1]
        cluster.stop(second)
        time.sleep(5)  # the outage itself: no quorum, so nothing can be done but wait
        cluster.start(second)
        cluster.await_up(second)
        without_quorum = time.monotonic() - stopped_at
        second_recovery = progress.next_after(stopped_at, 240)

        wait_for(lambda: settled(dep, len(sources)), 300, "every scan to end")
        elapsed = time.monotonic() - started
        assert not list(dep.quarantine.rglob("error.json")), dep.log_text()[-5000:]
        assert_accounted(dep, sources)
        delivered = [r["job_id"] for r in ledger_records(dep) if r["event"] == "delivered"]
        assert len(delivered) == len(set(delivered)) == PAGES
        for bundle in dep.bundles():
            result = json.loads(open_with_age(bundle, dep.key(bundle.parent.name))
                                .read("result.json"))
            # The page is English; the default language (jpn) may misread a letter of it.
            text = " ".join(p["text"] for p in result["pages"])
            assert re.search(r"Cluster \w+ \d{3}", text), text

        # `check` names the node that is still down, and nothing else: the guide's
        # permissions do. Ones that do not allow the default exchange (as the guide had
        # them) are one more line.
        config = str(dep.config)
        down = ("yomitori: broker.url: cannot connect to RabbitMQ (AMQPConnectionError); is "
                "it running, and are host, user and password right?")
        checked = dep.cli("check", "-c", config, check=False)
        assert checked.stderr.splitlines() == [down], checked.stderr
        cluster.ctl(cluster.nodes[2], "set_permissions", "-p", "yomitori", "yomitori",
                    r"^yomitori\.", r"^yomitori\.", r"^yomitori\.")
        refused = dep.cli("check", "-c", config, check=False).stderr.splitlines()
        assert len(refused) == 2 and refused[0] == down, refused
        assert refused[1].startswith("yomitori: broker.urls[0]: RabbitMQ refuses this user: "
                                     "ACCESS_REFUSED") and "amq.default" in refused[1], refused
    finally:
        for process in dep.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in dep.processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
    text = dep.log_text()
    figures = {
        "pages": PAGES, "bundles": len(dep.bundles()), "duplicates": len(dep.bundles()) - PAGES,
        "seconds_for_the_batch": round(elapsed, 1),
        "seconds_to_first_bundle_after_killing_a_node": round(first_recovery, 1),
        "seconds_until_all_reconnected_after_killing_a_node":
            round(reconnected(dep, killed_when, stopped_when), 1),
        "seconds_without_quorum_stop_to_node_running_again": round(without_quorum, 1),
        "seconds_to_first_bundle_after_stopping_a_second_node_for_5s":
            round(second_recovery, 1),
        "seconds_until_all_reconnected_after_the_second_node":
            round(reconnected(dep, stopped_when), 1),
        "messages_for_jobs_already_finished": text.count('"job already finished'),
        "bundles_delivered_by_ocr": text.count('"message": "bundle delivered'),
        "broker_connections_lost": text.count('"message": "broker connection lost'),
    }
    print(json.dumps(figures, indent=2))
    FIGURES.parent.mkdir(exist_ok=True)
    FIGURES.write_text(json.dumps(figures, indent=2) + "\n")
