#!/usr/bin/env python3
"""Checks the calendars of the versions scenario (tests/testsuite/versions.rs) with Python's
icalendar: every file parses; in schedule.ics exactly the changed events have SEQUENCE 1 (the
others 0) and exactly the cancelled one is STATUS:CANCELLED.

Usage: check_versions_ics.py OUTPUT_DIR
"""
import pathlib
import sys

import icalendar

CHANGED = {"closing-keynote", "workshop-rust-yaml", "late-night-lightning-talks", "night-owl-session"}
CANCELLED = {"night-owl-session"}


def main() -> int:
    out = pathlib.Path(sys.argv[1])
    files = sorted(out.rglob("*.ics"))
    for f in files:
        icalendar.Calendar.from_ical(f.read_bytes())
    cal = icalendar.Calendar.from_ical((out / "schedule.ics").read_bytes())
    problems = []
    seen = set()
    for ev in cal.walk("VEVENT"):
        slug = str(ev["UID"]).split("@")[0]
        seen.add(slug)
        want = 1 if slug in CHANGED else 0
        if int(ev.get("SEQUENCE", -1)) != want:
            problems.append(f"{slug}: SEQUENCE {ev.get('SEQUENCE')} instead of {want}")
        cancelled = str(ev.get("STATUS", "")) == "CANCELLED"
        if cancelled != (slug in CANCELLED):
            problems.append(f"{slug}: STATUS {ev.get('STATUS')}")
        for key in ("DTSTAMP", "LAST-MODIFIED"):
            if key not in ev:
                problems.append(f"{slug}: no {key}")
    if not CHANGED <= seen:
        problems.append(f"missing events: {sorted(CHANGED - seen)}")
    for p in problems:
        print(p)
    print(f"{len(files)} calendars parsed; schedule.ics: {len(seen)} events, "
          f"{'ok' if not problems else f'{len(problems)} problems'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
