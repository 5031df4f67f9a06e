#!/usr/bin/env python3
"""Validates every .ics file under the given folders with Python's `icalendar` (a second,
independent parser beside the Rust crate's): each parses strictly, is a VCALENDAR with VERSION,
PRODID and X-WR-CALNAME, and each event has UID, DTSTAMP, DTSTART, DTEND (after DTSTART) and
SUMMARY. The calendars of tracks, rooms and speakers must hold only events of schedule.ics,
equal to them. Exit 1 with every problem listed, else a count of the files checked."""
import sys
from pathlib import Path

import icalendar


def events(cal):
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def check(path, problems):
    try:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
    except Exception as e:  # noqa: BLE001 - any parse failure is the finding
        problems.append(f"{path}: does not parse: {e}")
        return None
    for key in ("VERSION", "PRODID", "X-WR-CALNAME"):
        if key not in cal:
            problems.append(f"{path}: no {key}")
    for uid, e in events(cal).items():
        for key in ("DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if key not in e:
                problems.append(f"{path}: event {uid} has no {key}")
        if "DTSTART" in e and "DTEND" in e and not e.decoded("DTEND") > e.decoded("DTSTART"):
            problems.append(f"{path}: event {uid} ends before it starts")
    return cal


def main(folders):
    problems, checked = [], 0
    for folder in map(Path, folders):
        schedule = check(folder / "schedule.ics", problems)
        whole = events(schedule) if schedule is not None else {}
        for path in sorted(folder.rglob("*.ics")):
            cal = check(path, problems)
            checked += 1
            if cal is None or path.name in ("schedule.ics", "talk.ics"):
                continue
            for uid, e in events(cal).items():
                if uid not in whole:
                    problems.append(f"{path}: event {uid} is not in schedule.ics")
                elif e.to_ical() != whole[uid].to_ical():
                    problems.append(f"{path}: event {uid} differs from schedule.ics")
    for p in problems:
        print(p, file=sys.stderr)
    if problems or not checked:
        sys.exit(1)
    print(f"{checked} calendars valid")


if __name__ == "__main__":
    main(sys.argv[1:])
