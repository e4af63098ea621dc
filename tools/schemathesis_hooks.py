"""Schemathesis hooks for Kabinet (loaded through SCHEMATHESIS_HOOKS by scripts/schemathesis).

The bulk upload endpoints also accept NDJSON; schemathesis has no serializer for it, so this
one writes the generated row (or rows) one JSON document per line.
"""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    rows = value if isinstance(value, list) else [value]
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
