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
    for figure in ("recall_verify_p95", "request_recall_verify_p95"):
        p95 = scale[figure]
        assert 0 < p95["min"] <= p95["median"] <= p95["max"], figure
    assert (tmp_path / "bench.json").is_file()


def test_bench_reports_process_cpu_and_load(tmp_path):
    report = run_speed(tmp_path, sizes=[200], queries=2, ingest_turns=20, runs=1, progress=False)
    scale = report["scales"]["200"]
    assert scale["recall_verify_cpu_p95"]["max"] > 0
    assert len(scale["load_average_1min"]) == 2


def test_the_bench_command_uses_the_settings(cli_reports):
    """``usermind --set memory.… --set embedding.… bench`` measures that configuration and says so in
    bench.json (before, the bench always ran the built-in defaults whatever the settings said)."""
    reports = cli_reports(
        {"default": [], "set": ["--set", "memory.candidate_pool=17", "--set", "embedding.precision=float32"]},
        lambda out: (
            ["bench", "--out", str(out), "--size", "100", "--queries", "2", "--runs", "1"]
            + ["--ingest-turns", "0", "--quiet"]
        ),
        "bench.json",
    )
    assert reports["default"]["memory"] == {} and reports["default"]["embedding"] == {}
    assert reports["set"]["memory"] == {"candidate_pool": 17}
    assert reports["set"]["embedding"] == {"precision": "float32"}


def test_many_users_bench_runs_with_the_given_settings():
    from usermind.evals.scale import run_users
    from usermind.settings import Settings

    settings = Settings(memory={"candidate_pool": 17}, embedding={"precision": "float32"})
    report = run_users(None, users=3, per_user=40, queries=4, settings=settings)
    assert report["users"] == 3 and report["queries"] == 4 and report["memory"] == {"candidate_pool": 17}
    assert 0 < report["recall_verify_random_user_p50_ms"] <= report["recall_verify_random_user_p95_ms"]


def test_the_bench_corpus_vocabulary_grows_with_its_size():
    """The synthetic corpus names Zipf-drawn details, so a larger user has a larger vocabulary (as a real
    user does), which the word-expansion scan's cost depends on; before, any size had 83 words."""
    from usermind.evals.speed import bench_questions
    from usermind.evals.synthetic import synthetic_texts
    from usermind.memory.vocabulary import words_of_texts

    sizes = {n: len(words_of_texts([t for t, _ in synthetic_texts(n)])) for n in (200, 2000)}
    assert 200 < sizes[200] < sizes[2000]
    questions = bench_questions(8)
    assert len(questions) == 8 and sum(q.startswith("What did we say about the ") for q in questions) == 2


def test_the_bench_requests_take_the_requests_path():
    """The bench times requests apart because a request ranks the user's statements by their bearing
    (:func:`usermind.memory.recall.preference_rows`), which no question does."""
    from usermind.evals.speed import bench_requests
    from usermind.memory.query import analyse

    requests = bench_requests(50)
    assert len(requests) == 50 and len(set(requests)) == 40
    assert all(analyse(r, set()).wants_bearing for r in requests)
