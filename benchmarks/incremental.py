"""How long `claims build` takes after one article changed, on a built corpus: the update of the last database
against a full build.

    python -m benchmarks.incremental --seeds build/bench/corpus-100000 --db build/bench/inc-100000/claims.db

Two articles are changed in turn (a claim's reporting verb), each then put back: the first article of the corpus,
and an article that quotes the most quoted speaker. Then that article's claim of that speaker is given to another
speaker, which changes the words of both: the most quoted speaker's claims (a tenth of the corpus) are grouped
again. Each change and each restore is one timed build; the corpus is left as it was.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from claims.build.building import build

ROOT = Path(__file__).resolve().parent.parent


def timed_build(seeds: Path, db: Path, reuse: bool = True) -> dict[str, float | int | None]:
    started = time.perf_counter()
    built = build(seeds, db, reuse=reuse)
    return {"seconds": round(time.perf_counter() - started, 2), "claims": built.claims, "reused": built.reused}


def article_of_top_speaker(db: Path) -> tuple[str, str]:
    """The claims file of an article quoting the most quoted speaker, and that speaker."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (speaker,) = conn.execute("select id from speakers order by claim_count desc limit 1").fetchone()
        sql = "select sources.path from claims join sources on sources.article_id = claims.article_id"
        (path,) = conn.execute(f"{sql} where claims.speaker_id = ? limit 1", [speaker]).fetchone()
    finally:
        conn.close()
    return path, speaker


def new_verb(text: str, _: str) -> str:
    """A claim's reporting verb changed: the speakers' words stay as they were."""
    at = text.index("verb: ") + len("verb: ")
    return text[:at] + "benchmarked" + text[text.index("\n", at) :]


def other_speaker(text: str, speaker: str) -> str:
    """A claim of `speaker` given to another speaker (of the same file's registry): both speakers' words change."""
    before = f"speaker: {speaker}\n"
    assert before in text, speaker
    return text.replace(before, "speaker: government-of-iran\n", 1)


def changed_and_restored(
    seeds: Path, db: Path, path: Path, edit: Callable[[str, str], str] = new_verb, speaker: str = ""
) -> dict[str, object]:
    original = path.read_bytes()
    path.write_text(edit(original.decode("utf-8"), speaker), encoding="utf-8")
    try:
        changed = timed_build(seeds, db)
    finally:
        path.write_bytes(original)
    return {"article": path.name, "edit": edit.__doc__, "changed": changed, "restored": timed_build(seeds, db)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "build/bench/corpus-100000")
    parser.add_argument("--db", type=Path, default=ROOT / "build/bench/inc-100000/claims.db")
    parser.add_argument("--out", type=Path)
    options = parser.parse_args()
    results: dict[str, object] = {}
    if not options.db.exists():
        results["full build"] = timed_build(options.seeds, options.db, reuse=False)
    results["nothing changed"] = timed_build(options.seeds, options.db)
    first = sorted((options.seeds / "articles").glob("*.claims.yml"))[0]
    results["first article"] = changed_and_restored(options.seeds, options.db, first)
    top, speaker = article_of_top_speaker(options.db)
    results["an article quoting the most quoted speaker"] = {
        "speaker": speaker,
        **changed_and_restored(options.seeds, options.db, options.seeds / top),
    }
    results["the same article, a claim of that speaker given to another"] = {
        "speaker": speaker,
        **changed_and_restored(options.seeds, options.db, options.seeds / top, other_speaker, speaker),
    }
    print(json.dumps(results, indent=2))
    if options.out:
        options.out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
