"""The campaign's memory oracle reads the child's own peak, not one inherited from a large test process."""

from tests.fuzz.campaign_targets import run_command


def test_a_child_of_a_large_process_is_measured_at_its_own_size(tmp_path):
    ballast = b"x" * (700 * 1024 * 1024)  # touched pages: this process is now > 700 MB resident
    code, stdout, _, rss = run_command(["import", "--help"], cwd=tmp_path)
    assert code == 0 and "--db" in stdout
    assert 5 < rss < 400, rss  # the interpreter and the CLI's imports, not the parent's 700 MB
    del ballast


def test_a_child_that_grows_is_measured(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("가나다 라마바\n" * 800_000, encoding="utf-8")  # 15 MB of UTF-8 read and held by the import
    _, _, _, rss = run_command(["import", "--db", tmp_path / "p.db", "-q", big], cwd=tmp_path)
    assert rss > 60, rss
