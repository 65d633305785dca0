#!/usr/bin/env bash
# The tests talk to a real PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379).
# Start them if they are installed here but stopped; otherwise say what is missing.
set -uo pipefail
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if ! up 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
if ! up 6379; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "Starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /tmp --logfile /tmp/redis-ci.log || true
  fi
fi
for _ in $(seq 1 30); do up 5432 && up 6379 && exit 0; sleep 1; done
up 5432 || echo "PostgreSQL is not answering on 127.0.0.1:5432 (set TEST_DATABASE_URL, or install postgresql)." >&2
up 6379 || echo "Redis is not answering on 127.0.0.1:6379 (set TEST_BROKER_URL, or install redis-server)." >&2
exit 1
