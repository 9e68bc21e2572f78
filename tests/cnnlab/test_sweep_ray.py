"""A sweep on a real two-node Ray cluster on this machine (``ray.cluster_utils.Cluster``, every process bound to
127.0.0.1, usage statistics off), with the worker node removed while it trains a trial: Ray runs that trial again
on the head node, and every run folder comes back into the local runs folder, nothing lost."""

from __future__ import annotations

import ipaddress
import json
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cnnlab.runs.index import RunIndex
from cnnlab.sweep.driver import run_sweep
from cnnlab.sweep.events import SweepEvent, TrialEnded, TrialStarted
from cnnlab.sweep.folder import read_manifest, sweeps_dir
from cnnlab.sweep.spec import parse_sweep

ray = pytest.importorskip("ray", reason="Ray is the cluster extra (pip install 'cnnlab[cluster]'); CI installs it")
LOOPBACK = "127.0.0.1"  # our machines allow only loopback networking


@pytest.fixture
def cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A head node and a worker node of one CPU each, in a temporary folder of their own."""
    from ray._private import ray_constants
    from ray.cluster_utils import Cluster

    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    # Ray takes this machine's address for a node's and for the driver's unless cluster mode is off: then it is
    # the loopback address, in this process and in every Ray process started from it
    monkeypatch.setenv(ray_constants.ENABLE_RAY_CLUSTERS_ENV_VAR, "0")
    monkeypatch.setattr(ray_constants, "ENABLE_RAY_CLUSTER", False)
    temp = Path(tempfile.mkdtemp(prefix="cnnray-"))  # short: Ray's socket paths live under it
    (temp / "tmp" / "ray").mkdir(parents=True)  # Ray notes the cluster's address in <TMPDIR>/ray
    monkeypatch.setenv("TMPDIR", str(temp / "tmp"))  # the tasks' run folders, one left by the removed node
    nodes = None
    try:
        nodes = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "node_ip_address": LOOPBACK,
                                                              "include_dashboard": False, "temp_dir": str(temp)})
        nodes.add_node(num_cpus=1, node_ip_address=LOOPBACK)
        yield nodes
    finally:
        if ray.is_initialized():
            ray.shutdown()
        if nodes is not None:
            nodes.shutdown()
        shutil.rmtree(temp, ignore_errors=True)


def is_loopback(address: str) -> bool:
    """127.0.0.1, or the same as an IPv6 socket writes it (::ffff:127.0.0.1)."""
    ip = ipaddress.ip_address(address)
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def listening_addresses() -> set[str]:
    """The addresses this process's Ray processes listen on."""
    import psutil

    found = set()
    for child in psutil.Process().children(recursive=True):
        try:
            found |= {c.laddr.ip for c in child.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}
        except psutil.Error:  # ended meanwhile
            continue
    return found


@pytest.mark.timeout(360)  # about 30 s on two idle cores; beside two busy processes Ray's dozen processes wait
def test_a_sweep_on_ray_survives_a_worker_node_that_dies(cluster: Any, tmp_path: Path) -> None:
    (worker,) = cluster.worker_nodes
    head = cluster.head_node.node_id
    bound = listening_addresses()
    assert bound and all(is_loopback(address) for address in bound), bound
    runs = tmp_path / "runs"
    spec = parse_sweep({"name": "on-ray", "vary": {"seed": [1, 2, 3]},
                        "base": {"dataset": "shapes", "model": "shape-cnn", "epochs": 1, "train_limit": 200,
                                 "device": "cpu"}})
    events: list[SweepEvent] = []
    killed: list[int] = []  # the trial the worker node was training when it was removed
    removing: list[threading.Thread] = []

    def on_event(event: SweepEvent) -> None:
        events.append(event)
        if isinstance(event, TrialStarted) and event.node == worker.node_id and not killed:
            killed.append(event.trial)  # it has begun there (its task now imports torch, then trains): remove it
            removing.append(threading.Thread(target=cluster.remove_node, args=(worker,), daemon=True))
            removing[0].start()

    results = run_sweep(spec, ray=cluster.address, parent=runs, on_event=on_event)
    for thread in removing:
        thread.join(30)
    assert killed, "no trial was sent to the worker node"
    (trial,) = killed
    nodes = [e.node for e in events if isinstance(e, TrialStarted) and e.trial == trial and e.node]
    assert nodes[0] == worker.node_id and nodes[-1] == head  # run again on the node that was left

    ended = [e for e in events if isinstance(e, TrialEnded)]
    assert sorted(e.seed for e in ended) == [1, 2, 3] and {e.state for e in ended} == {"completed"}
    (config,) = results.configs
    assert sorted(config.seeds) == [1, 2, 3] and len(config.runs) == 3
    for folder in map(Path, config.runs):  # each run folder came back whole, naming this machine's folder
        assert folder.parent == runs
        saved = json.loads((folder / "results.json").read_text())
        assert saved["status"] == "completed" and saved["run_dir"] == str(folder)
        assert saved["checkpoint"] == str(folder / "checkpoint.pt") and (folder / "checkpoint.pt").is_file()
        assert len((folder / "metrics.jsonl").read_text().splitlines()) == 1  # its one epoch
        assert not (folder / ".claim").exists() and not (folder / "writer.json").exists()
    assert {t.node for t in read_manifest(sweeps_dir(runs) / "on-ray").trials.values()} == {head}
    listed = RunIndex(runs).runs(sweep="on-ray")
    assert len(listed) == 3 and {r.status for r in listed} == {"completed"}


def test_an_address_where_no_cluster_answers_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from cnnlab.cli import main

    monkeypatch.setenv("CNNLAB_RUNS", str(tmp_path / "runs"))
    path = tmp_path / "s.yaml"
    path.write_text("name: far\nbase: {dataset: shapes, epochs: 1}\nvary: {seed: [1, 2]}\n", encoding="utf-8")
    assert main(["sweep", str(path), "--ray", f"{LOOPBACK}:1"]) == 2  # port 1: nothing listens there
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"cnnlab: No Ray cluster answers at {LOOPBACK}:1 (connection refused); start one with `ray " \
                      "start --head` and give its address."
    assert not ray.is_initialized()
