"""Alert rules and the Grafana dashboard: promtool accepts the rules and their unit tests,
every alert has a test, and every series they use is one the service exports."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from prometheus_client import REGISTRY

import daemon.ops.metrics  # noqa: F401  (registers the families)

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
RULES = PACKAGING / "prometheus" / "yomitori.rules.yml"
RULE_TESTS = PACKAGING / "prometheus" / "tests" / "yomitori.test.yml"
DASHBOARD = PACKAGING / "grafana" / "yomitori.json"
SERIES = re.compile(r"\byomitori_[a-z_]+\b")


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["promtool", *args], capture_output=True, text=True, timeout=120)


def exported() -> set[str]:
    """Every series name the service can expose, by metric type."""
    suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"],
                "info": ["_info"], "gauge": [""]}
    return {
        family.name + suffix
        for family in REGISTRY.collect()
        if family.name.startswith("yomitori_")
        for suffix in suffixes[family.type]
    }


def dashboard_queries() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [t["expr"] for p in panels for t in p.get("targets", [])]


def test_rules_pass_promtool_check_rules() -> None:
    done = promtool("check", "rules", str(RULES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_rules_pass_their_promtool_unit_tests() -> None:
    done = promtool("test", "rules", str(RULE_TESTS))
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_alert_is_unit_tested_firing() -> None:
    alerts = set(re.findall(r"^\s*- alert: (\w+)$", RULES.read_text(), re.MULTILINE))
    assert {"YomitoriDown", "YomitoriBrokerDisconnected", "YomitoriQueueGrowing",
            "YomitoriJobsQuarantined", "YomitoriHotFolderFileOld",
            "YomitoriOutboxRetentionOverdue", "YomitoriLedgerNotAdvancing"} <= alerts
    # An expectation that fires is `alertname: X` followed by a non-empty `exp_alerts:`.
    fired = set(re.findall(r"alertname: (\w+)\n\s*exp_alerts:\n", RULE_TESTS.read_text()))
    assert alerts == fired


def test_rules_and_dashboard_use_only_series_the_service_exports() -> None:
    used = set(SERIES.findall(RULES.read_text()))
    for query in dashboard_queries():
        used |= set(SERIES.findall(query))
    assert len(used) > 15
    assert used <= exported(), sorted(used - exported())


def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    """promtool parses each panel query, wrapped in a recording rule."""
    queries = dashboard_queries()
    assert len(queries) >= 20
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query{i}",
         "expr": q.replace("$__rate_interval", "5m").replace("$department", ".*")}
        for i, q in enumerate(queries)
    ]}]}
    path = tmp_path / "dashboard.rules.yml"
    path.write_text(json.dumps(rules))  # JSON is YAML
    done = promtool("check", "rules", str(path))
    assert done.returncode == 0, done.stdout + done.stderr


def test_dashboard_covers_throughput_latency_backlog_and_failures() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    panels = dashboard["panels"]
    rows = [p["title"] for p in panels if p["type"] == "row"]
    assert rows == ["Overview", "Throughput", "Latency", "Backlog", "Failures"]
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids))
    for panel in panels:
        if panel["type"] != "row":
            assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
            assert panel["targets"], panel["title"]
    variables = {v["name"] for v in dashboard["templating"]["list"]}
    assert variables == {"datasource", "department"}
