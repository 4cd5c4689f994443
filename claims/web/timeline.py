"""The timeline page, /-/timeline: claims counted per period, one series per speaker or outlet, drawn as an
inline SVG stacked bar chart (nothing loaded at run time) with the numbers in a table below it. Every bar and
every number links to the claims it counts.

Counting stays fast at a million claims: SQL groups the claims per day in index order (the indexes lead with
speaker_id, outlet_id, published and said_from), Python adds the days up per week, month or year, and the
unfiltered rankings and the said dates of big speakers and outlets come from the `facet_counts` table that the
build writes (see facets.py). The route runs its own fixed, parameterised SQL, so `allow_sql: false` does not
concern it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.database import Database, QueryInterrupted
from datasette.utils.asgi import Response

from ..build.summary import SUMMARY_TABLE

DATABASE = "claims"
CLAIMS_TABLE = "claims"
DATES = {"published": "published", "said": "said_from"}
GROUPS = {"speaker": ("speaker_id", "speakers"), "outlet": ("outlet_id", "outlets")}
UNITS = ("day", "week", "month", "year")
MAX_IDS = 50  # per parameter
TOP_SERIES = 8  # series shown when none are asked for by id
MAX_SERIES = 12  # series shown when they are asked for by id
AUTO_PERIODS = 120  # the finest unit with at most this many periods, when none is asked for
MAX_PERIODS = 400
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#1f4e79",
)  # fmt: skip
OTHERS_COLOR = "#bab0ac"
WIDTH, HEIGHT = 960, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 16, 52
MAX_BAR_WIDTH = 64

Days = Counter[dt.date]
Pin = list[tuple[str, str]]  # claims-table arguments


class Unanswerable(Exception):
    """A request the page answers with a message instead of a chart."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class Params:
    speakers: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    by: str = "published"
    group: str = "speaker"
    unit: str | None = None

    @property
    def group_column(self) -> str:
        return GROUPS[self.group][0]

    @property
    def date_column(self) -> str:
        return DATES[self.by]

    @property
    def named(self) -> tuple[str, ...]:
        """The ids asked for in the grouped column: each may become a series."""
        return self.speakers if self.group == "speaker" else self.outlets

    @property
    def crossed(self) -> tuple[str, ...]:
        """The ids asked for in the other column: a filter only."""
        return self.outlets if self.group == "speaker" else self.speakers


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # the next period's start
    label: str
    title: str


Linker = Callable[[Pin, Period], str]


@dataclass
class Series:
    key: str | None  # None for the others
    name: str
    color: str
    counts: Counter[dt.date]  # by period start
    pin: Pin  # the claims-table arguments that select this series

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Tally:
    totals: Days
    shown: list[tuple[str, Days]]  # ranked, most claims first


# -- parameters


def parse(args: Any) -> Params:
    return Params(
        speakers=_ids(args, "speaker"),
        outlets=_ids(args, "outlet"),
        by=_choice(args, "by", tuple(DATES)) or "published",
        group=_choice(args, "group", tuple(GROUPS)) or "speaker",
        unit=_choice(args, "unit", UNITS),
    )


def _ids(args: Any, name: str) -> tuple[str, ...]:
    values = (value.strip() for raw in args.getlist(name) for value in raw.split(","))
    ids = tuple(dict.fromkeys(value for value in values if value))
    if len(ids) > MAX_IDS:
        raise Unanswerable(f"At most {MAX_IDS} {name} ids at once, not {len(ids)}.", 400)
    return ids


def _choice(args: Any, name: str, choices: tuple[str, ...]) -> str | None:
    value = args.get(name) or None
    if value is not None and value not in choices:
        raise Unanswerable(f"{name} must be one of {', '.join(choices)}, not “{value[:80]}”.", 400)
    return value


# -- SQL


def _in(column: str, ids: Sequence[str], prefix: str) -> tuple[str, dict[str, str]]:
    params = {f"{prefix}{i}": value for i, value in enumerate(ids)}
    return f"{column} in ({', '.join(':' + name for name in params)})", params


def _where(p: Params, series: Sequence[str] = ()) -> tuple[str, dict[str, str]]:
    """The filter of the asked claims, narrowed to some series (which replace the ids named for their column)."""
    tests = [("speaker_id", p.speakers, "s"), ("outlet_id", p.outlets, "o")]
    if series:
        # The top series of a filtered set: read the set through its filter's index, not every claim of the series
        column = f"+{p.group_column}" if p.crossed and not p.named else p.group_column
        tests = [test for test in tests if test[0] != p.group_column] + [(column, series, "g")]
    clauses, params = [], {}
    for column, ids, prefix in tests:
        if ids:
            clause, values = _in(column, ids, prefix)
            clauses.append(clause)
            params.update(values)
    if p.by == "said":
        clauses.append("said_from is not null")
    return (" where " + " and ".join(clauses) if clauses else ""), params


@functools.lru_cache(maxsize=65536)  # a few thousand distinct days, each met once per series
def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _add(days: Days, value: Any, n: int) -> None:
    day = _day(value)
    if day is not None:
        days[day] += n


async def _sql_totals(db: Database, p: Params) -> Days:
    where, params = _where(p)
    column = p.date_column
    days: Days = Counter()
    for value, n in await db.execute(f"select {column}, count(*) from {CLAIMS_TABLE}{where} group by {column}", params):
        _add(days, value, n)
    return days


async def _sql_ranking(db: Database, p: Params, limit: int) -> list[str]:
    where, params = _where(p)
    column = p.group_column
    sql = (
        f"select {column}, count(*) as n from {CLAIMS_TABLE}{where}"
        f" group by {column} order by n desc, {column} limit {limit}"
    )
    return [row[0] for row in await db.execute(sql, params)]


async def _sql_series(db: Database, p: Params, ids: Sequence[str]) -> dict[str, Days]:
    where, params = _where(p, series=ids)
    group, date = p.group_column, p.date_column
    counts: dict[str, Days] = {key: Counter() for key in ids}
    sql = f"select {group}, {date}, count(*) from {CLAIMS_TABLE}{where} group by {group}, {date}"
    for key, value, n in await db.execute(sql, params):
        _add(counts[key], value, n)
    return counts


# -- the facet summary written at build time


async def _summary(db: Database, filter_column: str, filter_value: str, facet: str, limit: int = -1) -> dict[str, int]:
    sql = (
        f"select value, count from [{SUMMARY_TABLE}] where table_name = :table and filter_column = :column"
        " and filter_value = :value and facet_column = :facet order by count desc, value limit :limit"
    )
    params = {"table": CLAIMS_TABLE, "column": filter_column, "value": filter_value, "facet": facet, "limit": limit}
    return {row[0]: row[1] for row in await db.execute(sql, params)}


async def _summarised(db: Database, column: str, values: Sequence[str]) -> set[str]:
    """The values of `column` whose claims the summary counts (those with enough claims)."""
    where, params = _in("filter_value", values, "v")
    sql = f"select distinct filter_value from [{SUMMARY_TABLE}] where table_name = :table and filter_column = :column"
    arguments = {**params, "table": CLAIMS_TABLE, "column": column}
    return {row[0] for row in await db.execute(f"{sql} and {where}", arguments)}


def _top(counts: Counter[str], limit: int) -> list[str]:
    return sorted((key for key, n in counts.items() if n > 0), key=lambda key: (-counts[key], key))[:limit]


async def _summary_ranking(db: Database, p: Params, limit: int) -> list[str] | None:
    """The series with most claims, or None when the summary cannot tell."""
    if p.crossed:
        counts = await _summary_crossed(db, p)
    elif p.by == "published":
        return list(await _summary(db, "", "", p.group_column, limit))
    else:
        counts = await _summary_dated(db, p)
    if counts is None:
        return None
    return _top(Counter({key: n for key, n in counts.items() if key in p.named}) if p.named else counts, limit)


async def _summary_crossed(db: Database, p: Params) -> Counter[str] | None:
    """Claims per series among those of the crossed ids (each claim has one speaker and one outlet, so the
    counts of several ids add up)."""
    column = "outlet_id" if p.group == "speaker" else "speaker_id"
    if p.by == "said" or set(p.crossed) - await _summarised(db, column, p.crossed):
        return None
    counts: Counter[str] = Counter()
    for key in p.crossed:
        counts.update(await _summary(db, column, key, p.group_column))
    return counts


async def _summary_dated(db: Database, p: Params) -> Counter[str] | None:
    """Claims with a said date per series: said_from is set exactly when said_precision is not unknown."""
    unknown = (await _summary(db, "", "", "said_precision")).get("unknown", 0)
    if unknown and "unknown" not in await _summarised(db, "said_precision", ["unknown"]):
        return None
    counts = Counter(await _summary(db, "", "", p.group_column))
    counts.subtract(await _summary(db, "said_precision", "unknown", p.group_column) if unknown else {})
    return counts


async def _summary_said(db: Database, p: Params, ids: Sequence[str]) -> dict[str, Days]:
    """Said dates per day of the ids the summary counts: a big speaker's said dates would otherwise cost a read
    of each of its rows."""
    counts = {}
    for key in await _summarised(db, p.group_column, ids):
        days: Days = Counter()
        for value, n in (await _summary(db, p.group_column, key, "said_from")).items():
            _add(days, value, n)
        counts[key] = days
    return counts


async def _series(db: Database, p: Params, ids: Sequence[str]) -> dict[str, Days]:
    if not ids:
        return {}
    counts = await _summary_said(db, p, ids) if p.by == "said" and not p.crossed else {}
    rest = [key for key in ids if key not in counts]
    return {**counts, **(await _sql_series(db, p, rest) if rest else {})}


async def tally(db: Database, p: Params) -> Tally:
    if p.named and not p.crossed:
        counts = await _series(db, p, p.named)
        ranked = _top(Counter({key: days.total() for key, days in counts.items()}), MAX_SERIES)
        return Tally(sum(counts.values(), Counter()), [(key, counts[key]) for key in ranked])
    limit = MAX_SERIES if p.named else TOP_SERIES
    ranked = await _summary_ranking(db, p, limit)
    if ranked is None:
        ranked = await _sql_ranking(db, p, limit)
    counts, totals = await asyncio.gather(_series(db, p, ranked), _sql_totals(db, p))
    return Tally(totals, [(key, counts[key]) for key in ranked])


async def names(db: Database, p: Params, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    where, params = _in("id", ids, "i")
    rows = await db.execute(f"select id, name from {GROUPS[p.group][1]} where {where}", params)
    return {row[0]: row[1] for row in rows}


async def unknown_ids(db: Database, table: str, ids: Sequence[str]) -> list[str]:
    if not ids:
        return []
    where, params = _in("id", ids, "i")
    known = {row[0] for row in await db.execute(f"select id from {table} where {where}", params)}
    return [key for key in ids if key not in known]


async def check_known(db: Database, p: Params) -> None:
    problems = [
        f"There is no {noun} with the id {', '.join(ids)}."
        for noun, ids in (
            ("speaker", await unknown_ids(db, "speakers", p.speakers)),
            ("outlet", await unknown_ids(db, "outlets", p.outlets)),
        )
        if ids
    ]
    if problems:
        raise Unanswerable(" ".join(problems), 404)


# -- periods


def period_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def next_start(start: dt.date, unit: str) -> dt.date:
    """The start of the next period; the last day there is for a period that would start after it."""
    try:
        if unit in ("day", "week"):
            return start + dt.timedelta(days=1 if unit == "day" else 7)
        if unit == "month":
            return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return dt.date(start.year + 1, 1, 1)
    except (OverflowError, ValueError):  # past 9999-12-31
        return dt.date.max


def period_count(first: dt.date, last: dt.date, unit: str) -> int:
    if unit == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    if unit == "year":
        return last.year - first.year + 1
    days = (period_start(last, unit) - period_start(first, unit)).days
    return days // (7 if unit == "week" else 1) + 1


def choose_unit(first: dt.date, last: dt.date, asked: str | None) -> tuple[str, str | None]:
    """The unit to count by, and a note when it is not the one asked for."""
    if asked is None:
        return next((unit for unit in UNITS if period_count(first, last, unit) <= AUTO_PERIODS), "year"), None
    for unit in UNITS[UNITS.index(asked) :]:
        if period_count(first, last, unit) <= MAX_PERIODS:
            if unit == asked:
                return unit, None
            many = f"{period_count(first, last, asked):,} {asked}s"
            return unit, f"{many} are more than the {MAX_PERIODS} periods a chart can show: counted by {unit}."
    return "year", f"The claims span more than {MAX_PERIODS} years: the chart shows the last {MAX_PERIODS}."


def label(start: dt.date, unit: str) -> str:
    if unit == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return start.isoformat()[: {"day": 10, "month": 7, "year": 4}[unit]]


def title(start: dt.date, unit: str) -> str:
    return f"week of {start.isoformat()}" if unit == "week" else label(start, unit)


def periods(first: dt.date, last: dt.date, unit: str) -> list[Period]:
    starts = [period_start(first, unit)]
    while starts[-1] < period_start(last, unit):
        starts.append(next_start(starts[-1], unit))
    return [
        Period(start, next_start(start, unit), label(start, unit), title(start, unit))
        for start in starts[-MAX_PERIODS:]
    ]


def roll_up(days: Days, unit: str) -> Counter[dt.date]:
    counts: Counter[dt.date] = Counter()
    for day, n in days.items():
        counts[period_start(day, unit)] += n
    return counts


# -- series and links


def _filter_args(column: str, ids: Sequence[str]) -> list[tuple[str, str]]:
    if not ids:
        return []
    return [(column, ids[0])] if len(ids) == 1 else [(f"{column}__in", ",".join(ids))]


def build_series(p: Params, found: Tally, unit: str, named: dict[str, str]) -> list[Series]:
    group = p.group_column
    series = [
        Series(key, named.get(key, key), PALETTE[i % len(PALETTE)], roll_up(days, unit), [(group, key)])
        for i, (key, days) in enumerate(found.shown)
    ]
    others = found.totals.copy()
    for _, days in found.shown:
        others.subtract(days)
    others = +others  # drops the zeros
    if others:
        shown = [key for key, _ in found.shown]
        pin = _filter_args(group, p.named) + ([(f"{group}__notin", ",".join(shown))] if shown else [])
        noun = "speakers" if p.group == "speaker" else "outlets"
        series.append(Series(None, f"Other {noun}", OTHERS_COLOR, roll_up(others, unit), pin))
    return series


def linker(base: str, p: Params) -> Linker:
    """The claims-table URL of some series (its pin) in a period."""
    crossed = _filter_args("outlet_id" if p.group == "speaker" else "speaker_id", p.crossed)

    def href(pin: Pin, period: Period) -> str:
        dates = [(f"{p.date_column}__gte", period.start.isoformat()), (f"{p.date_column}__lt", period.end.isoformat())]
        return f"{base}?{urlencode(crossed + pin + dates)}"

    return href


# -- the chart and the table


def nice_step(peak: int, ticks: int = 5) -> int:
    raw = max(peak / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _plot_height() -> int:
    return HEIGHT - TOP - BOTTOM


def bars(series: list[Series], spans: list[Period], ceiling: int, href: Linker) -> Iterable[dict[str, Any]]:
    slot = (WIDTH - LEFT - RIGHT) / len(spans)
    width = min(slot * 0.8 if slot >= 4 else slot, MAX_BAR_WIDTH)
    for i, period in enumerate(spans):
        base = TOP + _plot_height()
        for one in series:
            n = one.counts.get(period.start, 0)
            if not n:
                continue
            height = n / ceiling * _plot_height()
            base -= height
            yield {
                "x": round(LEFT + i * slot + (slot - width) / 2, 1),
                "y": round(base, 1),
                "width": round(width, 1),
                "height": round(height, 1),
                "color": one.color,
                "href": href(one.pin, period),
                "title": f"{one.name}, {period.title}: {n:,} claim{'' if n == 1 else 's'}",
                "count": n,
            }


def chart(p: Params, unit: str, series: list[Series], spans: list[Period], href: Linker) -> dict[str, Any]:
    peak = max(sum(one.counts.get(period.start, 0) for one in series) for period in spans)
    step = nice_step(peak)
    ceiling = max(math.ceil(peak / step) * step, step)
    slot = (WIDTH - LEFT - RIGHT) / len(spans)
    every = math.ceil(len(spans) / 10)
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": TOP + _plot_height(),
        "bars": list(bars(series, spans, ceiling, href)),
        "y_ticks": [
            {"y": round(TOP + _plot_height() * (1 - value / ceiling), 2), "label": f"{value:,}"}
            for value in range(0, ceiling + 1, step)
        ],
        "x_labels": [
            {"x": round(LEFT + (i + 0.5) * slot, 2), "label": spans[i].label} for i in range(0, len(spans), every)
        ],
        "x_title": f"{'said' if p.by == 'said' else 'published'}, by {unit}",
    }


def table_rows(series: list[Series], spans: list[Period], href: Linker, all_pin: Pin) -> list[dict[str, Any]]:
    """The periods with claims (the chart keeps the empty ones, so that time runs evenly along it)."""
    rows = []
    for period in spans:
        cells = [{"count": one.counts.get(period.start, 0), "href": href(one.pin, period)} for one in series]
        total = sum(cell["count"] for cell in cells)
        if total:
            rows.append({"period": period, "cells": cells, "total": {"count": total, "href": href(all_pin, period)}})
    return rows


def summary(p: Params, first: dt.date, last: dt.date, unit: str, series: list[Series]) -> str:
    total = sum(one.total for one in series)
    dated = "with a said date, by the day they were said (said_from)" if p.by == "said" else "by publication date"
    shown = sum(1 for one in series if one.key is not None)
    noun = p.group + ("" if shown == 1 else "s")
    others = ", and one for all the others" if shown < len(series) else ""
    return (
        f"{total:,} claim{'' if total == 1 else 's'}, {dated}, from {first} to {last}, counted by {unit}."
        f" One series for each of the {shown} {noun} with most claims{others}."
    )


# -- the page


async def timeline_context(datasette: Any, p: Params) -> dict[str, Any]:
    if DATABASE not in datasette.databases:
        raise Unanswerable(f"There is no {DATABASE} database.", 404)
    db = datasette.get_database(DATABASE)
    await check_known(db, p)
    found = await tally(db, p)
    if not +found.totals:
        what = "with a said date " if p.by == "said" else ""
        raise Unanswerable(f"No claims {what}match these filters.", 200)
    first, last = min(+found.totals), max(+found.totals)
    unit, note = choose_unit(first, last, p.unit)
    spans = periods(first, last, unit)
    series = build_series(p, found, unit, await names(db, p, [key for key, _ in found.shown]))
    href = linker(datasette.urls.table(DATABASE, CLAIMS_TABLE), p)
    all_pin = _filter_args(p.group_column, p.named)
    return {
        "chart": chart(p, unit, series, spans, href),
        "series": series,
        "rows": table_rows(series, spans, href, all_pin),
        "totals": {"cells": [one.total for one in series], "count": sum(one.total for one in series)},
        "unit": unit,
        "note": note,
        "summary": summary(p, first, last, unit, series),
    }


def form_values(args: Any) -> dict[str, str]:
    return {
        "speaker": ", ".join(args.getlist("speaker")),
        "outlet": ", ".join(args.getlist("outlet")),
        "by": args.get("by") or "published",
        "group": args.get("group") or "speaker",
        "unit": args.get("unit") or "",
    }


async def timeline(datasette: Any, request: Any) -> Response:
    await datasette.ensure_permissions(request.actor, [("view-table", (DATABASE, CLAIMS_TABLE)), "view-instance"])
    context: dict[str, Any] = {"args": form_values(request.args), "units": UNITS}
    status = 200
    try:
        context.update(await timeline_context(datasette, parse(request.args)))
    except Unanswerable as problem:
        status = problem.status
        context["problem"] = problem.message
    except QueryInterrupted:
        status = 503
        context["problem"] = "Counting these claims took too long: ask for some speakers or outlets."
    context["problem_status"] = status
    context["has_database"] = DATABASE in datasette.databases
    html = await datasette.render_template("timeline.html", context, request=request, view_name="timeline")
    return Response.html(html, status=status)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/timeline$", timeline)]
