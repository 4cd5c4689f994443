"""The timeline page, /-/timeline: its counts against SQL, its links against the claims table, its parameters,
its escaping, and a reader clicking a bar in Chromium."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from datasette.app import Datasette
from datasette.database import QueryInterrupted
from playwright.sync_api import expect

from claims.build import summary
from claims.build.building import build
from claims.corpus.claimsfile import to_yaml
from claims.corpus.models import ArticleMeta, Claim, ClaimsFile, claim_id, month_interval
from claims.web import timeline

from .conftest import make_datasette, screenshot
from .hostile import IMAGE, SCRIPT

# -- reading the page


@dataclass
class Bar:
    href: str
    count: int
    title: str = ""


@dataclass
class Row:
    start: str
    counts: list[int] = field(default_factory=list)  # one per series, then the total
    hrefs: list[str | None] = field(default_factory=list)


class TimelineParser(HTMLParser):
    """The bars of the chart and the rows of the table."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[Bar] = []
        self.series: list[str] = []
        self.rows: list[Row] = []
        self.unit = ""
        self._href: str | None = None
        self._bar: Bar | None = None
        self._section = ""
        self._row: Row | None = None
        self._cell: list[str] | None = None
        self._unit_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "a" and self._cell is None:
            self._href = a["href"]
        elif tag == "a" and self._row is not None:
            self._row.hrefs[-1] = a["href"]
        elif tag == "rect" and "data-count" in a:
            self._bar = Bar(self._href or "", int(a["data-count"] or 0))
        elif tag == "th" and self._section == "thead":
            if "data-series" in a:
                self.series.append(a["data-series"] or "")
            else:
                self._unit_cell = not self.unit
        elif tag == "th" and "data-start" in a:
            self._row = Row(a["data-start"] or "")
        elif tag == "td" and self._row is not None:
            self._cell = []
            self._row.hrefs.append(None)

    def handle_endtag(self, tag: str) -> None:
        if tag == "rect" and self._bar is not None:
            self.bars.append(self._bar)
            self._bar = None
        elif tag == "a" and self._cell is None:
            self._href = None
        elif tag == "td" and self._row is not None and self._cell is not None:
            self._row.counts.append(int("".join(self._cell).replace(",", "")))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "th":
            self._unit_cell = False

    def handle_data(self, data: str) -> None:
        if self._bar is not None:
            self._bar.title += data
        if self._cell is not None:
            self._cell.append(data.strip())
        if self._unit_cell:
            self.unit += data.strip()


@dataclass
class Timeline:
    status: int
    html: str
    parsed: TimelineParser

    @property
    def cells(self) -> dict[tuple[str, str], int]:
        """(series id, '' for the others, period start) -> the number in the table."""
        return {
            (key, row.start): n
            for row in self.parsed.rows
            for key, n in zip(self.parsed.series, row.counts, strict=False)
            if n
        }

    @property
    def problem(self) -> str:
        match = re.search(r'<p class="timeline-problem[^"]*">(.*?)</p>', self.html, re.S)
        return match.group(1) if match else ""


async def get_timeline(ds: Datasette, query: str = "") -> Timeline:
    response = await ds.client.get(f"/-/timeline{query}")
    parser = TimelineParser()
    parser.feed(response.text)
    return Timeline(response.status_code, response.text, parser)


# -- counting independently, in SQL and Python


def period_of(day: str, unit: str) -> str:
    date = dt.date.fromisoformat(day)
    if unit == "week":
        date -= dt.timedelta(days=date.weekday())
    elif unit == "month":
        date = date.replace(day=1)
    elif unit == "year":
        date = date.replace(month=1, day=1)
    return date.isoformat()


def expected_cells(
    db: Path, unit: str, series: list[str], *, by: str = "published", group: str = "speaker", where: str = "1"
) -> dict[tuple[str, str], int]:
    date = {"published": "published", "said": "said_from"}[by]
    column = {"speaker": "speaker_id", "outlet": "outlet_id"}[group]
    sql = f"select {column}, {date} from claims where {where} and {date} is not null"
    with sqlite3.connect(db) as conn:
        rows = conn.execute(sql).fetchall()
    return Counter((key if key in series else "", period_of(day, unit)) for key, day in rows)


def assert_counts_match(page: Timeline, db: Path, **filters) -> None:
    assert page.status == 200, page.problem
    series = page.parsed.series
    assert page.cells == expected_cells(db, page.parsed.unit, series, **filters)
    for row in page.parsed.rows:
        assert row.counts[-1] == sum(row.counts[:-1])  # the total column


async def rows_behind(ds: Datasette, href: str) -> int:
    """How many rows the claims table shows at a link of the timeline."""
    parts = urlsplit(href)
    assert parts.path == "/claims/claims", href
    response = await ds.client.get(f"/claims/claims.json?{parts.query}&_size=1")
    assert response.status_code == 200, (href, response.text[:300])
    return response.json()["filtered_table_rows_count"]


# -- a corpus that spans time: outlets, speakers and said dates


SPEAKERS = [(f"speaker-{i:02d}", f"Speaker {i:02d}") for i in range(1, 15)]
QUIET = ("speaker-14", "Speaker 14")  # claims, but never a said date
SILENT = ("speaker-15", "Speaker 15")  # no claims at all
OUTLETS = [("alpha-news", "Alpha News"), ("beta-post", "Beta Post"), ("gamma-times", "Gamma Times")]


def _claims(article_id: str, text_parts: list[str], published: dt.date, rng: random.Random, n: int) -> list[Claim]:
    claims = []
    weights = [15 - i for i in range(len(SPEAKERS))]
    for k in range(n):
        speaker, name = rng.choices(SPEAKERS, weights=weights)[0]
        quote = f"Claim {k} of {article_id} is about the matter."
        start = sum(len(part) for part in text_parts) + len(f'{name} said: "')
        text_parts.append(f'{name} said: "{quote}"\n\n')
        said: dict = {}
        roll = rng.random()
        if speaker != QUIET[0] and roll < 0.4:
            day = published - dt.timedelta(days=rng.randrange(0, 4))
            said = {"said_from": day, "said_to": day, "said_precision": "day"}
        elif speaker != QUIET[0] and roll < 0.55:
            first, last = month_interval(*(published.replace(day=1) - dt.timedelta(days=1)).timetuple()[:2])
            said = {"said_from": first, "said_to": last, "said_precision": "month"}
        claims.append(
            Claim(
                id=claim_id(article_id, "direct", quote),
                kind="direct",
                quote=quote,
                start=start,
                end=start + len(quote),
                speaker=speaker,
                speaker_label=name,
                verb="said",
                **said,
            )
        )
    return claims


def write_timeline_seeds(seeds: Path) -> Path:
    """Forty articles in three outlets over eighteen months, with claims by fifteen speakers."""
    rng = random.Random(20190101)
    articles = seeds / "articles"
    articles.mkdir(parents=True)
    speakers = [{"id": key, "name": name, "type": "person"} for key, name in [*SPEAKERS, SILENT]]
    (seeds / "speakers.yml").write_text(json.dumps({"speakers": speakers}, indent=1), encoding="utf-8")
    outlets = [{"id": key, "name": name} for key, name in OUTLETS]
    (seeds / "outlets.yml").write_text(json.dumps({"outlets": outlets}, indent=1), encoding="utf-8")
    for i in range(40):
        published = dt.date(2019, 1, 3) + dt.timedelta(days=i * 13 + rng.randrange(0, 5))
        outlet = OUTLETS[rng.choices(range(3), weights=[5, 3, 1])[0]][0]
        article_id = f"{published}-{outlet}-story-{i:02d}"
        parts = [f"Story {i}\n\n"]
        claims = _claims(article_id, parts, published, rng, rng.randrange(2, 7))
        (articles / f"{article_id}.txt").write_text("".join(parts), encoding="utf-8")
        meta = ArticleMeta(
            id=article_id, title=f"Story {i}", outlet=outlet, published=published, text=f"{article_id}.txt"
        )
        claims_file = ClaimsFile(article=meta, claims=claims)
        (articles / f"{article_id}.claims.yml").write_text(to_yaml(claims_file, "x"), encoding="utf-8")
    return seeds


@pytest.fixture(scope="module")
def timeline_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_timeline_seeds(tmp_path_factory.mktemp("timeline") / "seeds")


@pytest.fixture(scope="module")
def corpus(timeline_seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built as usual: with so few claims, only the whole table's counts are in the facet summary."""
    path = tmp_path_factory.mktemp("timeline-plain") / "claims.db"
    build(timeline_seeds, path, jobs=1)
    return path


@pytest.fixture(scope="module")
def summarised(timeline_seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same corpus with every speaker and outlet in the facet summary, as the big ones are at scale."""
    path = tmp_path_factory.mktemp("timeline-summarised") / "claims.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(summary, "MIN_SUMMARISED_ROWS", 1)
        build(timeline_seeds, path, jobs=1)
    return path


@pytest.fixture
def tds(corpus: Path) -> Datasette:
    return make_datasette(corpus)


# -- the seed database


async def test_the_page_renders_for_the_seed_database(ds, db_path):
    page = await get_timeline(ds)
    assert page.status == 200
    assert "<svg" in page.html and page.parsed.bars
    assert '<table class="rows-and-columns timeline-table">' in page.html
    assert 'class="timeline-legend"' in page.html
    assert all(bar.title and bar.count > 0 for bar in page.parsed.bars)
    with sqlite3.connect(db_path) as conn:
        total = conn.execute("select count(*) from claims").fetchone()[0]
    assert sum(bar.count for bar in page.parsed.bars) == total
    assert_counts_match(page, db_path)


async def test_the_claims_table_links_to_the_timeline(ds):
    response = await ds.client.get("/claims/claims")
    assert 'href="/-/timeline"' in response.text


async def test_arbitrary_sql_stays_closed_while_the_timeline_counts(ds):
    assert (await ds.client.get("/claims.json?sql=select+1")).status_code == 403
    assert (await get_timeline(ds)).status == 200


async def test_every_bar_links_to_as_many_claims_as_it_counts(ds):
    page = await get_timeline(ds)
    for bar in page.parsed.bars:
        assert await rows_behind(ds, bar.href) == bar.count, bar.title


# -- a corpus over eighteen months


async def test_the_default_timeline_counts_by_week_top_eight_and_others(tds, corpus):
    page = await get_timeline(tds)
    assert page.parsed.unit == "week"
    assert len(page.parsed.series) == timeline.TOP_SERIES + 1 and page.parsed.series[-1] == ""
    assert_counts_match(page, corpus)
    starts = [row.start for row in page.parsed.rows]
    assert starts == sorted(starts) and len(starts) == len(set(starts))
    assert all(row.counts[-1] > 0 for row in page.parsed.rows)
    assert all(dt.date.fromisoformat(start).weekday() == 0 for start in starts)
    # time runs evenly along the chart: empty weeks keep their place
    x = {}
    for match in re.finditer(r'published__gte=([\d-]+)&amp;[^"]*"><rect data-count="\d+" x="([\d.]+)"', page.html):
        x[match.group(1)] = float(match.group(2))
    assert set(x) == set(starts)
    weeks = [(dt.date.fromisoformat(start) - dt.date.fromisoformat(starts[0])).days / 7 for start in starts]
    slots = [(x[b] - x[a]) / (wb - wa) for (a, wa), (b, wb) in itertools.pairwise(zip(starts, weeks, strict=True))]
    assert max(slots) - min(slots) < 0.2 and len(weeks) < weeks[-1] + 1  # some weeks are empty


async def test_bars_and_table_cells_link_to_their_claims(tds):
    page = await get_timeline(tds, "?unit=month")
    for bar in page.parsed.bars:
        assert await rows_behind(tds, bar.href) == bar.count, bar.title
    for row in page.parsed.rows[:6]:
        for n, href in zip(row.counts, row.hrefs, strict=True):
            assert (href is None) == (n == 0)
            if href:
                assert await rows_behind(tds, href) == n


@pytest.mark.parametrize("query", ["?speaker=speaker-02,speaker-05", "?speaker=speaker-02&speaker=speaker-05"])
async def test_filter_by_speakers(tds, corpus, query):
    page = await get_timeline(tds, query)
    assert page.parsed.series == ["speaker-02", "speaker-05"]
    assert_counts_match(page, corpus, where="speaker_id in ('speaker-02', 'speaker-05')")
    assert all("speaker_id=speaker-0" in bar.href for bar in page.parsed.bars)


async def test_many_named_speakers_show_twelve_and_the_others(tds, corpus):
    named = [key for key, _ in SPEAKERS[:13]]  # not speaker-14, who has claims too
    page = await get_timeline(tds, f"?speaker={','.join(named)}")
    assert len(page.parsed.series) == timeline.MAX_SERIES + 1
    assert_counts_match(page, corpus, where=f"speaker_id in ({','.join(repr(key) for key in named)})")
    others = [bar for bar in page.parsed.bars if bar.title.startswith("Other speakers")]
    assert others
    for bar in others:
        assert await rows_behind(tds, bar.href) == bar.count


async def test_filter_by_outlet(tds, corpus):
    page = await get_timeline(tds, "?outlet=beta-post")
    assert_counts_match(page, corpus, where="outlet_id = 'beta-post'")
    assert all(dict(parse_qsl(urlsplit(bar.href).query))["outlet_id"] == "beta-post" for bar in page.parsed.bars)
    for bar in page.parsed.bars[:20]:
        assert await rows_behind(tds, bar.href) == bar.count


async def test_group_by_outlet(tds, corpus):
    page = await get_timeline(tds, "?group=outlet&unit=month")
    assert page.parsed.series == ["alpha-news", "beta-post", "gamma-times"]
    assert_counts_match(page, corpus, group="outlet")
    assert "Alpha News" in page.html


async def test_speakers_across_outlets(tds, corpus):
    page = await get_timeline(tds, "?group=outlet&speaker=speaker-01,speaker-03&unit=month")
    assert_counts_match(page, corpus, group="outlet", where="speaker_id in ('speaker-01', 'speaker-03')")
    for bar in page.parsed.bars[:15]:
        assert await rows_behind(tds, bar.href) == bar.count


async def test_by_said_counts_the_said_dates(tds, corpus):
    page = await get_timeline(tds, "?by=said&unit=month")
    assert_counts_match(page, corpus, by="said")
    with sqlite3.connect(corpus) as conn:
        dated, total = conn.execute("select count(said_from), count(*) from claims").fetchone()
    assert 0 < sum(row.counts[-1] for row in page.parsed.rows) == dated < total
    assert all("said_from__gte=" in bar.href and "published" not in bar.href for bar in page.parsed.bars)
    assert QUIET[0] not in page.parsed.series  # no said dates
    for bar in page.parsed.bars[:20]:
        assert await rows_behind(tds, bar.href) == bar.count
    # the same claims counted by their publication date fall in other months
    series, unit = page.parsed.series, page.parsed.unit
    assert page.cells != expected_cells(corpus, unit, series, where="said_from is not null")


@pytest.mark.parametrize(
    ("unit", "pattern"), [("day", r"\d{4}-\d\d-\d\d"), ("month", r"\d{4}-\d\d"), ("year", r"\d{4}")]
)
async def test_units_label_their_periods(tds, unit, pattern):
    page = await get_timeline(tds, f"?unit={unit}&outlet=gamma-times")
    assert page.parsed.unit == unit
    labels = re.findall(r'<th scope="row" data-start="[^"]+">([^<]+)</th>', page.html)
    assert labels and all(re.fullmatch(pattern, label) for label in labels)


async def test_too_many_periods_are_counted_by_a_coarser_unit(tds, corpus):
    page = await get_timeline(tds, "?unit=day")  # about 530 days
    assert page.parsed.unit == "week"
    assert "more than the 400 periods" in page.html
    assert_counts_match(page, corpus)


# -- the facet summary and plain SQL agree


QUERIES = [
    "",
    "?by=said",
    "?group=outlet",
    "?group=outlet&by=said",
    "?outlet=alpha-news",
    "?outlet=alpha-news,gamma-times&by=said",
    "?speaker=speaker-01,speaker-04,speaker-14&by=said",
    "?speaker=speaker-01,speaker-04&group=outlet",
    "?outlet=beta-post&speaker=speaker-01,speaker-02,speaker-03",
]


@pytest.mark.parametrize("query", QUERIES)
async def test_the_summary_and_plain_sql_count_alike(corpus, summarised, query, monkeypatch):
    pages = [await get_timeline(make_datasette(db), query) for db in (corpus, summarised)]

    async def not_summarised(*_: object) -> None:
        return None

    async def no_said_dates(*_: object) -> dict:
        return {}

    monkeypatch.setattr(timeline, "_summary_ranking", not_summarised)  # plain SQL counts everything
    monkeypatch.setattr(timeline, "_summary_said", no_said_dates)
    pages.append(await get_timeline(make_datasette(corpus), query))
    assert pages[0].status == 200
    assert pages[0].cells
    assert pages[1].cells == pages[0].cells == pages[2].cells
    assert pages[1].parsed.series == pages[0].parsed.series == pages[2].parsed.series


async def test_the_summary_is_used_when_it_can_be(summarised, monkeypatch):
    """Unfiltered rankings and a big speaker's said dates need no scan of the claims."""
    ds = make_datasette(summarised)
    queries: list[str] = []
    execute = ds.get_database("claims").execute

    async def logged(sql, params=None, **options):
        queries.append(sql)
        return await execute(sql, params, **options)

    monkeypatch.setattr(ds.get_database("claims"), "execute", logged)
    assert (await get_timeline(ds, "?by=said")).status == 200
    grouped = [sql for sql in queries if " from claims" in sql and "group by speaker_id" in sql]
    assert not grouped, grouped


# -- bad requests


async def test_unknown_ids_give_404_with_a_message(tds):
    page = await get_timeline(tds, "?speaker=speaker-01,nobody-at-all")
    assert page.status == 404
    assert "There is no speaker with the id nobody-at-all" in page.problem
    page = await get_timeline(tds, "?outlet=no-such-outlet")
    assert page.status == 404
    assert "There is no outlet with the id no-such-outlet" in page.problem
    assert "<svg" not in page.html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?by=fortnight", "by must be one of published, said"),
        ("?group=article", "group must be one of speaker, outlet"),
        ("?unit=decade", "unit must be one of day, week, month, year"),
        ("?speaker=" + ",".join(f"s{i}" for i in range(51)), "At most 50 speaker ids"),
    ],
)
async def test_bad_parameters_give_400_with_a_message(tds, query, message):
    page = await get_timeline(tds, query)
    assert page.status == 400
    assert message in page.problem


async def test_known_ids_without_claims_say_so(tds):
    for query in ("?speaker=speaker-14&by=said", f"?speaker={SILENT[0]}"):
        page = await get_timeline(tds, query)
        assert page.status == 200
        assert "No claims" in page.problem
        assert "<svg" not in page.html


async def test_empty_parameters_are_ignored(tds):
    page = await get_timeline(tds, "?speaker=&outlet=&by=&group=&unit=")
    assert page.status == 200 and page.parsed.bars


async def test_a_query_that_runs_out_of_time_says_so(tds, monkeypatch):
    async def too_slow(*args):
        raise QueryInterrupted(Exception("interrupted"), "select", {})

    monkeypatch.setattr(timeline, "tally", too_slow)
    page = await get_timeline(tds)
    assert page.status == 503
    assert "took too long" in page.problem


@pytest.mark.parametrize(
    ("query", "unknown"),
    [(f"?speaker={SCRIPT}", ["speaker"]), (f"?by={SCRIPT}", []), (f"?speaker=x&outlet={IMAGE}", ["speaker", "outlet"])],
)
async def test_hostile_parameters_are_escaped(tds, query, unknown):
    page = await get_timeline(tds, quote(query, safe="?=&,"))
    assert page.status == (404 if unknown else 400)
    assert "<script>window.__pwned" not in page.html and "<img src=x" not in page.html
    assert "&lt;" in page.problem
    assert [noun for noun in ("speaker", "outlet") if f"There is no {noun}" in page.problem] == unknown


@pytest.mark.parametrize("query", ["", "?group=outlet", "?speaker=hostile-minister,critics"])
async def test_hostile_names_are_escaped(hostile_db, query):
    page = await get_timeline(make_datasette(hostile_db), query)
    assert page.status == 200 and page.parsed.bars
    assert SCRIPT not in page.html and IMAGE not in page.html and "<b>bold</b>" not in page.html
    assert "<i>Hostile</i>" not in page.html
    escaped = "Critics &lt;b&gt;bold&lt;/b&gt;" if "outlet" not in query else "The &lt;i&gt;Hostile&lt;/i&gt; Times"
    assert escaped in page.html
    assert any("<b>bold</b>" in bar.title or "<i>Hostile</i>" in bar.title for bar in page.parsed.bars)  # as text


# -- periods


def test_period_arithmetic():
    day = dt.date(2019, 12, 31)  # a Tuesday
    assert timeline.period_start(day, "week") == dt.date(2019, 12, 30)
    assert timeline.next_start(dt.date(2019, 12, 1), "month") == dt.date(2020, 1, 1)
    assert timeline.next_start(dt.date(2019, 11, 1), "month") == dt.date(2019, 12, 1)
    assert timeline.label(dt.date(2019, 12, 30), "week") == "2020-W01"
    assert timeline.period_count(dt.date(2019, 1, 31), dt.date(2019, 3, 1), "month") == 3
    assert timeline.period_count(dt.date(2019, 1, 6), dt.date(2019, 1, 7), "week") == 2  # Sunday, Monday
    spans = timeline.periods(dt.date(2019, 1, 31), dt.date(2019, 3, 1), "month")
    assert [(p.start.isoformat(), p.end.isoformat()) for p in spans] == [
        ("2019-01-01", "2019-02-01"),
        ("2019-02-01", "2019-03-01"),
        ("2019-03-01", "2019-04-01"),
    ]


def test_the_unit_fits_the_range():
    first = dt.date(2016, 1, 1)
    assert timeline.choose_unit(first, first, None) == ("day", None)
    assert timeline.choose_unit(first, dt.date(2017, 6, 1), None)[0] == "week"
    assert timeline.choose_unit(first, dt.date(2024, 12, 31), None)[0] == "month"
    assert timeline.choose_unit(first, dt.date(2044, 12, 31), None)[0] == "year"
    unit, note = timeline.choose_unit(first, dt.date(2024, 12, 31), "day")
    assert unit == "month" and "3,288 days" in note
    unit, note = timeline.choose_unit(dt.date(1, 1, 1), dt.date(2024, 1, 1), "year")
    assert unit == "year" and "last 400" in note
    assert len(timeline.periods(dt.date(1, 1, 1), dt.date(2024, 1, 1), "year")) == timeline.MAX_PERIODS


def test_nice_steps():
    assert [timeline.nice_step(n) for n in (0, 1, 5, 9, 23, 99, 1234)] == [1, 1, 1, 2, 5, 20, 500]


# -- a reader in Chromium


def test_a_reader_clicks_a_bar_and_lands_on_its_claims(served, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{served.url}/claims/claims")
    page.locator("a.timeline-link").click()
    expect(page).to_have_url(re.compile(r"/-/timeline$"))
    bars = page.locator("svg.timeline-chart rect[data-count]")
    expect(bars.first).to_be_visible()
    assert bars.count() > 0
    screenshot(page, "timeline.png", full_page=True)

    count = int(bars.first.get_attribute("data-count"))
    page.locator("svg.timeline-chart a").first.click()
    expect(page).to_have_url(re.compile(r"/claims/claims\?.*published__gte="))
    heading = page.locator("h3").filter(has_text=re.compile(r"\d+ rows?")).first.inner_text()
    assert re.match(rf"{count} rows?\b", heading), heading
    assert all(url.startswith(served.url) for url in requested), [u for u in requested if not u.startswith(served.url)]


@pytest.mark.parametrize("unit", ["day", "week", "month", "year"])
def test_periods_at_the_end_of_the_calendar_stop_there(unit):
    found = timeline.periods(dt.date(9999, 12, 20), dt.date(9999, 12, 31), unit)
    assert found[-1].end == dt.date.max
    assert all(period.start <= period.end for period in found)  # no crash past 9999-12-31
