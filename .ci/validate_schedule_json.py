#!/usr/bin/env python3
"""Validates schedule JSON files against a c3voc JSON Schema, formats included.

Usage: validate_schedule_json.py SCHEMA FILE...  (exit 1 and the first errors when invalid)
"""
import json
import sys

import jsonschema


def main() -> int:
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    failed = 0
    for path in sys.argv[2:]:
        doc = json.load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:20]:
            where = "/".join(str(p) for p in e.path)
            print(f"{path}: {where}: {e.message[:300]}")
        print(f"{path}: {'valid' if not errors else f'{len(errors)} errors'}")
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
