"""``usermind bench`` reports every latency as min / median / max over repeated runs."""

from usermind.evals.speed import run_speed, spread


def test_spread_is_min_median_max_per_figure():
    runs = [{"a_p95": 3.0, "b_p50": 1.0}, {"a_p95": 1.0, "b_p50": 2.0}, {"a_p95": 2.0, "b_p50": 9.0}]
    assert spread(runs) == {
        "a_p95": {"min": 1.0, "median": 2.0, "max": 3.0},
        "b_p50": {"min": 1.0, "median": 2.0, "max": 9.0},
    }


def test_small_bench_reports_three_runs(tmp_path):
    report = run_speed(tmp_path, sizes=[300], queries=3, ingest_turns=40, runs=3, progress=False)
    scale = report["scales"]["300"]
    assert scale["runs"] == 3
    p95 = scale["recall_verify_p95"]
    assert 0 < p95["min"] <= p95["median"] <= p95["max"]
    assert (tmp_path / "bench.json").is_file()


def test_bench_reports_process_cpu_and_load(tmp_path):
    report = run_speed(tmp_path, sizes=[200], queries=2, ingest_turns=20, runs=1, progress=False)
    scale = report["scales"]["200"]
    assert scale["recall_verify_cpu_p95"]["max"] > 0
    assert len(scale["load_average_1min"]) == 2
