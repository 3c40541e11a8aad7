"""realpolitik.distributed on a real two-node Ray cluster on loopback addresses (the head on
127.0.0.2 and a second node on 127.0.0.3: Ray turns 127.0.0.1 into the machine's network address;
token authentication is off, as it must be for a second node without the token): a CIB search, a
basin count and a Monte Carlo run as units give the command line's documents; so does a run whose
second node is killed while it works, and a run without Ray.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest
import ray

import realpolitik as rp
from realpolitik import distributed
from test_realpolitik import cli

CASES = "tests/data/cib-cases"
NESTED = f"{CASES}/cibsa_CIB_nested.matrix.csv"
SIMPLIFIED = f"{CASES}/cibsa_CIB_nested_simplified_standardized.matrix.csv"
GLOBAL = f"{CASES}/cibsa_CIB_global.matrix.csv"
HEAD, NODE = "127.0.0.2", "127.0.0.3"


def free_port():
    with socket.socket() as s:
        s.bind((HEAD, 0))
        return s.getsockname()[1]


def wait_for(condition, what, timeout=90):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} after {timeout} s")
        time.sleep(0.5)


def answers(port):
    try:
        with socket.create_connection((HEAD, port), timeout=1):
            return True
    except OSError:
        return False


def end(process):
    """Ends a `ray start --block` node and its processes by their process group."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def cluster():
    """A head and a second node, one CPU each, that the tests own; yields the second node's
    process (the fault test kills it)."""
    env = dict(os.environ, RAY_AUTH_MODE="disabled")
    ray_cli = str(Path(sys.executable).with_name("ray"))
    common = ["--num-cpus=1", "--disable-usage-stats", "--block"]
    port = free_port()
    quiet = dict(env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    head = subprocess.Popen(
        [ray_cli, "start", "--head", f"--node-ip-address={HEAD}", f"--port={port}",
         "--include-dashboard=false", *common],
        **quiet,
    )
    node = None
    try:
        wait_for(lambda: answers(port), "the head does not answer")
        node = subprocess.Popen(
            [ray_cli, "start", f"--address={HEAD}:{port}", f"--node-ip-address={NODE}", *common],
            **quiet,
        )
        os.environ["RAY_AUTH_MODE"] = "disabled"
        ray.init(address=f"{HEAD}:{port}", _node_ip_address=HEAD, log_to_driver=False)
        wait_for(lambda: sum(n["Alive"] for n in ray.nodes()) == 2, "the second node did not join")
        yield node
    finally:
        ray.shutdown()
        for p in (node, head):
            if p is not None:
                end(p)


def same(result, document):
    return json.dumps(result, sort_keys=True) == json.dumps(document, sort_keys=True)


def test_a_cib_search_on_the_cluster_is_the_command_lines(cluster):
    result = distributed.run(NESTED, "cib", max_inconsistency=1, units=16, progress=False)
    assert isinstance(result, rp.CibResult)
    assert len(result["scenarios"]) == 492
    assert same(result, cli("cib", NESTED, "--max-inconsistency", "1"))


def test_a_basin_count_under_an_intervention_on_the_cluster_is_the_command_lines(cluster):
    result = distributed.run(GLOBAL, "cib", fix=["WTRD=Ntl"], basins=True, units=4, progress=False)
    assert result["basins"] is not None
    assert same(result, cli("cib", GLOBAL, "--fix", "WTRD=Ntl", "--basins"))


def test_a_monte_carlo_on_the_cluster_is_the_command_lines(cluster):
    model = rp.builtin()
    result = distributed.run(model, "fcm", draws=60, seed=9, units=6, progress=False)
    assert result.draws.shape[0] == 60
    assert same(result, cli("fcm", "--draws", "60", "--seed", "9"))
    assert (result.draws == model.fcm(draws=60, seed=9).draws).all()


def test_without_ray_the_units_run_here_and_say_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.warns(UserWarning, match="Ray is not installed"):
        result = distributed.run(GLOBAL, "cib", max_inconsistency=1, units=3, progress=False)
    assert same(result, cli("cib", GLOBAL, "--max-inconsistency", "1"))


def test_a_job_refuses_what_it_cannot_split():
    with pytest.raises(ValueError, match="draws"):
        distributed.plan(rp.builtin(), "fcm")
    with pytest.raises(ValueError, match="at least 1 unit"):
        distributed.plan(GLOBAL, "cib", units=0)
    with pytest.raises(ValueError, match="'ach'"):
        distributed.plan(GLOBAL, "ach")
    job = distributed.plan(GLOBAL, "cib", units=2)
    results = [distributed.run_unit(u) for u in job.units()]
    with pytest.raises(ValueError, match="no result"):
        job.merge(results[:1])
    other = distributed.plan(GLOBAL, "cib", max_inconsistency=1, units=2)
    with pytest.raises(ValueError, match="not of this job"):
        other.merge(results)


def test_a_node_killed_mid_run_loses_no_unit(cluster):
    # Eight units of about two seconds each; the second node dies 1.5 s in, with a unit on it.
    killed = []

    def kill():
        os.killpg(cluster.pid, signal.SIGKILL)
        killed.append(time.monotonic())

    killer = threading.Timer(1.5, kill)
    killer.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = distributed.run(SIMPLIFIED, "cib", basins=True, units=8, progress=False)
        finished = time.monotonic()
    finally:
        killer.cancel()
    assert killed and killed[0] < finished, "the node was killed during the run"
    assert same(result, cli("cib", SIMPLIFIED, "--basins"))
