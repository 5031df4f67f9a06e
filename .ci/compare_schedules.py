#!/usr/bin/env python3
"""Round trip check: the talks of a c3voc v1 schedule JSON written by talkgen against the export
they were imported from. Compares, talk by talk (matched by title): persons, room, start instant,
duration and track. Text is compared with surrounding whitespace trimmed, as the importer trims.

Usage: compare_schedules.py ORIGINAL WRITTEN
"""
import datetime
import json
import sys


def events(path):
    doc = json.load(open(path, encoding="utf-8"))
    out = {}
    for day in doc["schedule"]["conference"]["days"]:
        for room, evs in day["rooms"].items():
            for e in evs:
                persons = [(p.get("public_name") or p.get("name")).strip() for p in e["persons"]]
                out[e["title"].strip()] = {
                    "room": e["room"],
                    "room key": room,
                    "start": datetime.datetime.fromisoformat(e["date"]).timestamp(),
                    "duration": e["duration"],
                    "persons": persons,
                    "track": (e.get("track") or "General").strip(),
                }
    return out


def main() -> int:
    before, after = events(sys.argv[1]), events(sys.argv[2])
    problems = [f"missing: {t}" for t in before if t not in after]
    problems += [f"extra: {t}" for t in after if t not in before]
    for title, b in before.items():
        a = after.get(title)
        for field in b if a else []:
            if a[field] != b[field]:
                problems.append(f"{title}: {field}: {b[field]!r} became {a[field]!r}")
    for p in problems[:20]:
        print(p)
    print(f"{sys.argv[2]}: {len(before)} talks compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
