# pg.sh - a throwaway PostgreSQL 15 server for tests and benchmarks (sourced).
# pg_start: initdb in a fresh temp dir and start it on 127.0.0.1 at a free port
# (plus a unix socket in the temp dir); as root the server runs as `nobody`,
# because PostgreSQL refuses to run as root. pg_stop stops it and removes the
# dir; it is registered with lib.sh's on_exit (or its own EXIT trap) so a
# failing test never leaves a server behind.
# pg_url [ROLE]: connection string for ROLE (default: the admin role `kiosk`).
# pg_q SQL: one statement as the admin, unaligned rows on stdout.
# devid DATA: a store's device id; dev_url DATA: the URL of its device role.
# pg_kill: SIGKILL the postmaster (crash), pg_restart: start it again on the same
# port and data (crash recovery). pg_psql ARGS...: psql as the admin.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_DIR=""
PG_PORT=""
PG_ADMIN=kiosk
PG_DB=kiosk

_pg_as() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}

# Something already listens there (bash's /dev/tcp: no ss or netstat needed).
_pg_port_taken() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

_pg_ctl_start() {
	_pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
		-o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >/dev/null
}

pg_start() {
	local try
	if [ ! -x "$PG_BIN/initdb" ]; then
		echo "pg.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2
		return 1
	fi
	# Not under $T: the server user must be able to reach its data dir.
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-pg.XXXXXX") || return 1
	if declare -F on_exit >/dev/null; then on_exit pg_stop; else trap pg_stop EXIT; fi
	[ "$(id -u)" -eq 0 ] && chown nobody "$PG_DIR"
	_pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_ADMIN" --auth=trust \
		-E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 || {
		echo "pg.sh: initdb failed:" >&2; tail -5 "$PG_DIR/initdb.log" >&2; return 1; }
	# A random port, retried when taken by someone else's server.
	for try in 1 2 3 4 5 6 7 8; do
		PG_PORT=$((20000 + (RANDOM * 7 + $$ + try * 131) % 40000))
		_pg_port_taken "$PG_PORT" && continue
		if _pg_ctl_start; then
			_pg_as "$PG_BIN/createdb" -h "$PG_DIR" -p "$PG_PORT" -U "$PG_ADMIN" "$PG_DB" || return 1
			return 0
		fi
	done
	echo "pg.sh: could not start PostgreSQL:" >&2; tail -5 "$PG_DIR/log" >&2
	return 1
}

pg_url() {
	echo "postgresql://${1:-$PG_ADMIN}@127.0.0.1:$PG_PORT/$PG_DB?sslmode=disable&connect_timeout=5"
}

pg_q() {
	psql -X -qAt -v ON_ERROR_STOP=1 "$(pg_url)" -c "$1"
}

devid() {
	sqlite3 "$1/kiosk.db" "SELECT value FROM meta WHERE key='device_id'"
}

dev_url() {
	pg_url "kiosk_$(devid "$1")"
}

pg_psql() {
	psql -X -q -v ON_ERROR_STOP=1 "$(pg_url)" "$@"
}

pg_pid() {
	head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null
}

pg_kill() {
	local pid i
	pid=$(pg_pid)
	[ -n "$pid" ] || return 1
	kill -KILL "$pid" || return 1
	# PostgreSQL's lock file check sees the pid until the dead postmaster is
	# reaped; its orphaned backends exit once they notice (pg_restart retries).
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
}

pg_restart() {
	local i
	for i in $(seq 20); do
		_pg_ctl_start 2>/dev/null && return 0
		sleep 0.25
	done
	echo "pg.sh: PostgreSQL did not restart:" >&2; tail -5 "$PG_DIR/log" >&2
	return 1
}

pg_stop() {
	[ -n "$PG_DIR" ] || return 0
	if [ -f "$PG_DIR/data/postmaster.pid" ]; then
		_pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$PG_DIR"
	PG_DIR=""
}
