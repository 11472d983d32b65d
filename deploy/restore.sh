#!/usr/bin/env bash
# Restore python.org from deploy/backup.sh's files: the database dump into DATABASE_URL's
# database (created when missing) and, when given, the media archive into MEDIA_ROOT.
# docs/operations.md, "Backups and restore". Stop the app and the workers first.
#
#   deploy/restore.sh /var/backups/pydotorg/pydotorg-db-20260101T020000Z.dump [pydotorg-media-...tar.gz]
#   deploy/restore.sh latest      # the newest database dump and media archive in BACKUP_DIR
#
# Environment:
#   DATABASE_URL    the database to restore into (postgres://...), required
#   MEDIA_ROOT      where the media archive is unpacked (default /srv/pydotorg/media)
#   BACKUP_DIR      where `latest` looks (default /var/backups/pydotorg)
#   RESTORE_FRESH   1: drop and recreate the database first (tables the dump does not hold go too)
set -euo pipefail

fail() {
    echo "restore: $*" >&2
    exit 1
}

usage="usage: deploy/restore.sh DB_DUMP [MEDIA_TAR] | deploy/restore.sh latest"
[[ $# -ge 1 && $# -le 2 ]] || fail "$usage"
: "${DATABASE_URL:?restore: set DATABASE_URL (postgres://user:password@host:5432/dbname)}"
case "$DATABASE_URL" in
postgres://* | postgresql://*) ;;
*) fail "DATABASE_URL is not a PostgreSQL URL (postgres://...)" ;;
esac
MEDIA_ROOT="${MEDIA_ROOT:-/srv/pydotorg/media}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/pydotorg}"
for tool in pg_restore psql; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (Debian: postgresql-client)"
done

newest() {
    find "$BACKUP_DIR" -maxdepth 1 -type f -name "$1" -printf '%T@ %p\n' | sort -rn | head -n 1 | cut -d' ' -f2-
}

if [[ "$1" == latest ]]; then
    db_file="$(newest 'pydotorg-db-*.dump')"
    media_file="$(newest 'pydotorg-media-*.tar.gz')"
    [[ -n "$db_file" ]] || fail "no pydotorg-db-*.dump in $BACKUP_DIR"
else
    db_file="$1"
    media_file="${2:-}"
fi
[[ -f "$db_file" ]] || fail "no such database dump: $db_file"
[[ -z "$media_file" || -f "$media_file" ]] || fail "no such media archive: $media_file"
# Read the whole dump's table of contents before touching anything.
pg_restore --list "$db_file" >/dev/null || fail "$db_file is not a pg_dump custom-format file"

# The database's name and a URL of the server's maintenance database, from DATABASE_URL.
base="${DATABASE_URL%%\?*}"
query="${DATABASE_URL#"$base"}"
dbname="${base##*/}"
[[ -n "$dbname" && "$base" == *://*/* ]] || fail "DATABASE_URL names no database"
admin_url="${base%/*}/postgres$query"

admin() { # SQL on stdin, with :'name' / :"name" the database's name quoted by psql
    psql "$admin_url" -XAtq -v ON_ERROR_STOP=1 -v name="$dbname"
}
exists="$(admin <<<"SELECT 1 FROM pg_database WHERE datname = :'name'" 2>&1)" ||
    fail "cannot reach the server: $exists"
if [[ "$exists" == 1 && "${RESTORE_FRESH:-0}" == 1 ]]; then
    echo "restore: dropping database $dbname (RESTORE_FRESH=1)"
    admin <<<'DROP DATABASE :"name" WITH (FORCE)'
    exists=""
fi
if [[ "$exists" != 1 ]]; then
    echo "restore: creating database $dbname"
    admin <<<'CREATE DATABASE :"name"'
fi

echo "restore: restoring $db_file into $dbname"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
    --dbname="$DATABASE_URL" "$db_file"
echo "restore: database done"

if [[ -n "$media_file" ]]; then
    # Unpacked beside MEDIA_ROOT first: a damaged archive fails before a file is replaced.
    mkdir -p "$MEDIA_ROOT"
    staging="$(mktemp -d "$(dirname "$MEDIA_ROOT")/.media-restore.XXXXXX")"
    trap 'rm -rf "$staging"' EXIT
    echo "restore: unpacking $media_file"
    tar --extract --gzip --file="$media_file" --directory="$staging"
    echo "restore: replacing the contents of $MEDIA_ROOT"
    find "$MEDIA_ROOT" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} +
    find "$staging" -mindepth 1 -maxdepth 1 -exec mv -t "$MEDIA_ROOT" -- {} +
    echo "restore: media done"
fi
echo "restore: finished; run \`manage.py migrate\` if the code is newer than the backup"
