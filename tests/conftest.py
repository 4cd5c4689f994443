from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from datasette.app import Datasette
from datasette.utils import parse_metadata
from playwright.sync_api import Browser, Page, sync_playwright

from claims.build.building import build
from claims.web.serving import SETTINGS, TEMPLATES

from .hostile import write_hostile_seeds

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "articles" / "2018-10-02-wsws-iran-missiles-syria"


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test is not a passed one: a run with skips fails."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and exitstatus == 0:
        session.exitstatus = 1


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of seeds/ that a test may break."""
    return Path(shutil.copytree(SEEDS, tmp_path / "seeds"))


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "claims.db"
    build(SEEDS, path)
    return path


def make_datasette(db_path: Path) -> Datasette:
    metadata = parse_metadata((ROOT / "metadata.yml").read_text())
    settings = {name: int(value) if value.isdigit() else value == "on" for name, value in SETTINGS.items()}
    return Datasette(immutables=[str(db_path)], metadata=metadata, settings=settings, template_dir=str(TEMPLATES))


@pytest.fixture
def ds(db_path: Path) -> Datasette:
    return make_datasette(db_path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Served:
    url: str
    db: Path
    process: subprocess.Popen


@contextlib.contextmanager
def serving(seeds: Path, db: Path, *options: str) -> Iterator[Served]:
    """A real `claims serve` process on a free port, building `db` from `seeds` first."""
    port = free_port()
    command = [sys.executable, "-m", "claims", "serve", "--seeds", str(seeds), "--db", str(db), "--port", str(port)]
    command += options
    # the log goes to a file: a pipe nobody reads fills up after a few hundred requests and blocks the server
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/-/versions.json", timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    log.seek(0)
                    raise RuntimeError(f"claims serve did not start: {log.read()}") from None
                time.sleep(0.2)
        try:
            yield Served(url, db, process)
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`claims serve` of a copy of seeds/."""
    work = tmp_path_factory.mktemp("served")
    with serving(Path(shutil.copytree(SEEDS, work / "seeds")), work / "claims.db") as served:
        yield served


@pytest.fixture(scope="session")
def hostile_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds whose text, names and quotes carry script, HTML and spreadsheet formulas."""
    return write_hostile_seeds(tmp_path_factory.mktemp("hostile") / "seeds")


@pytest.fixture(scope="session")
def hostile_db(hostile_seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile seeds built into a database (read only by the tests that share it)."""
    path = tmp_path_factory.mktemp("hostile-db") / "claims.db"
    build(hostile_seeds, path, jobs=1)
    return path


@pytest.fixture(scope="session")
def hostile_served(hostile_seeds: Path) -> Iterator[Served]:
    with serving(hostile_seeds, hostile_seeds.parent / "claims.db") as served:
        yield served


CHROMIUM = "/usr/bin/chromium"  # from Debian's packages; never a downloaded browser
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, for one module's tests (Playwright's event loop must not
    outlive them: the async tests of the next module need their own)."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium (make test does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


SCREENSHOTS = ROOT / "build" / "screenshots"  # `make screenshots` copies them into tests/screenshots for README


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    yield page
    page.close()


def screenshot(page: Page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=full_page)


DRAFTED_TEXT = ROOT / "tests" / "gold" / "dev" / "articles" / "2019-01-04-wikinews-magnitogorsk-building-collapse.txt"


@pytest.fixture
def drafted(tmp_path: Path) -> Path:
    """A copy of the seeds with one article drafted by `claims add`: every claim unreviewed."""
    seeds = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    command = [sys.executable, "-m", "claims", "add", str(DRAFTED_TEXT), "--outlet", "wikinews"]
    command += ["--published", "2019-01-04", "--seeds", str(seeds)]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return seeds


def drafted_file(seeds: Path) -> Path:
    [path] = (seeds / "articles").glob("2019-01-04-wikinews-magnitogorsk*.claims.yml")
    return path
