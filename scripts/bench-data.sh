# shellcheck shell=bash
# Shared by scripts/bench-statement and scripts/bench-cluster (sourced): the big database
# (set $accounts and $linked — how many the demo resident `ivanova` gets — first), the 36-month
# period, the wrk run (needs $lua, $work, $token, $conns, $secs) and the share of a ceiling.
# $1 backend. Accounts 500000000 …, 36 months back from last month, two charge lines a month
# and a payment on the 10th of the next month.
load_sql() {
  if [ "$1" = sqlite ]; then cat <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $accounts - 1)
INSERT INTO accounts (number, settlement, street, house, flat, owner_name, heated_area_centi,
                      residents, status, search_key, created_at, updated_at)
SELECT CAST(500000000 + i AS TEXT), 'г. Кызыл', 'ул. Ленина', CAST(1 + i % 200 AS TEXT),
       CAST(1 + i % 500 AS TEXT), 'Житель Номер Один', 5000, 2, 'open', 'житель номер один',
       datetime('now'), datetime('now') FROM n;
WITH RECURSIVE m(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM m WHERE k < 36)
INSERT INTO charges (account_id, period, line, service, kind, quantity, unit, tariff_kopecks,
                     amount_kopecks, created_at)
SELECT a.id, strftime('%Y-%m', date('now', 'start of month', '-' || k || ' months')), s.line,
       s.service, 'regular', s.q, s.unit, s.t, s.amount, datetime('now')
FROM accounts a, m,
     (SELECT 1 AS line, 'heating' AS service, 12705 AS q, 'Gcal' AS unit, 245618 AS t, 312056 AS amount
      UNION ALL SELECT 2, 'hot_water', 42000, 'm3', 24573, 103207) s
WHERE a.number >= '500000000';
WITH RECURSIVE m(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM m WHERE k < 36)
INSERT INTO payments (account_id, paid_on, paid_at, amount_kopecks, source, external_id, created_at)
SELECT a.id, date('now', 'start of month', '-' || (k - 1) || ' months', '+9 days'),
       datetime('now', 'start of month', '-' || (k - 1) || ' months', '+9 days', '+3 hours'),
       415263, 'bank', 'B-' || a.id || '-' || k, datetime('now')
FROM accounts a, m WHERE a.number >= '500000000';
INSERT INTO account_links (account_id, user_id, as_family_member, linked_at)
SELECT a.id, u.id, 0, datetime('now') FROM accounts a, users u
WHERE u.login = 'ivanova' AND a.number >= '500000000' AND a.number < '$((500000000 + linked))';
COMMIT;
ANALYZE;
SQL
  else cat <<SQL
INSERT INTO accounts (number, settlement, street, house, flat, owner_name, heated_area_centi,
                      residents, status, search_key, created_at, updated_at)
SELECT (500000000 + i)::text, 'г. Кызыл', 'ул. Ленина', (1 + i % 200)::text, (1 + i % 500)::text,
       'Житель Номер Один', 5000, 2, 'open', 'житель номер один', now(), now()
FROM generate_series(0, $accounts - 1) AS i;
INSERT INTO charges (account_id, period, line, service, kind, quantity, unit, tariff_kopecks,
                     amount_kopecks, created_at)
SELECT a.id, to_char(date_trunc('month', now()) - make_interval(months => k), 'YYYY-MM'), s.line,
       s.service, 'regular', s.q, s.unit, s.t, s.amount, now()
FROM accounts a, generate_series(1, 36) AS k,
     (VALUES (1, 'heating', 12705, 'Gcal', 245618, 312056),
             (2, 'hot_water', 42000, 'm3', 24573, 103207)) AS s(line, service, q, unit, t, amount)
WHERE a.number >= '500000000';
INSERT INTO payments (account_id, paid_on, paid_at, amount_kopecks, source, external_id, created_at)
SELECT a.id, (date_trunc('month', now()) - make_interval(months => k - 1) + interval '9 days')::date,
       date_trunc('month', now()) - make_interval(months => k - 1) + interval '9 days 3 hours',
       415263, 'bank', 'B-' || a.id || '-' || k, now()
FROM accounts a, generate_series(1, 36) AS k WHERE a.number >= '500000000';
INSERT INTO account_links (account_id, user_id, as_family_member, linked_at)
SELECT a.id, u.id, false, now() FROM accounts a, users u
WHERE u.login = 'ivanova' AND a.number >= '500000000' AND a.number < '$((500000000 + linked))';
-- As autovacuum leaves tables that have settled: the visibility map set, so the balance sums
-- are index-only scans (with ANALYZE alone every one visits the heap).
VACUUM ANALYZE;
-- And as a server that has settled: the load's WAL written out now, not by a checkpoint that
-- runs through the measurement (it did: reads of 60-300 ms while it wrote, p99 220-660 ms).
CHECKPOINT;
SQL
  fi
}

# The 36 months before this one: $from and $to (YYYY-MM).
from=$(python3 -c 'import datetime as d; t=d.date.today().replace(day=1); y,m=t.year,t.month-36
while m<=0: y,m=y-1,m+12
print(f"{y:04}-{m:02}")')
to=$(python3 -c 'import datetime as d; t=d.date.today().replace(day=1)-d.timedelta(days=1); print(t.strftime("%Y-%m"))')

# GETs of a path template over the linked accounts under wrk; prints its RESULT line.
run_wrk() { # $1 url, $2 path template, $3 seconds (default: the run's), $4 connections
  wrk -t2 -c"${4:-$conns}" -d"${3:-$secs}s" --timeout 10s -s "$lua" "$1" -- "$2" "$work/accounts.txt" "$token" \
    >"$work/wrk.out" 2>&1 || { cat "$work/wrk.out" >&2; exit 1; }
  grep -E '^(RESULT|SAMPLE) ' "$work/wrk.out" || { cat "$work/wrk.out" >&2; exit 1; }
}

ratio() { # $1 name, $2 result, $3 ceiling result, $4 goal %, $5 p99 goal in ms
  python3 - "$@" <<'PY'
import re, sys
name, res, ceil, goal, p99_goal = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
def parse(s):
    d = dict(re.findall(r"(\w+)=([\d.]+)", s)); return {k: float(v) for k, v in d.items()}
r, c = parse(res), parse(ceil)
rate, crate = r["requests"] / r["seconds"], c["requests"] / c["seconds"]
share = 100 * rate / crate
ok = "ok" if share >= goal and r["p99_ms"] < p99_goal and r["bad"] == 0 else "BELOW GOAL"
print(f"  {name:<15} {rate:9.0f} req/s  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:6.2f} ms  bad {int(r['bad'])}"
      f"  | ceiling {crate:9.0f} req/s  → {share:5.1f} % of ceiling (goal ≥ {goal:.0f} %, p99 < {p99_goal:.0f} ms): {ok}")
PY
}
