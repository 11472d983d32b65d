#!/usr/bin/env bash
# Back up python.org: the PostgreSQL database (pg_dump's custom format) and the media files
# (a tar of MEDIA_ROOT), into BACKUP_DIR with UTC timestamps in the names, then prune old ones.
# docs/operations.md, "Backups and restore".
#
#   DATABASE_URL=postgres://user@host:5432/pydotorg MEDIA_ROOT=/srv/pydotorg/media deploy/backup.sh
#
# Environment:
#   DATABASE_URL           the database (postgres:// or postgresql://), required
#   MEDIA_ROOT             the media directory; empty: no media backup (media in object storage)
#   BACKUP_DIR             where backups go (default /var/backups/pydotorg)
#   BACKUP_RETENTION_DAYS  delete backups older than this many days (default 14; 0: never)
#   BACKUP_KEEP_LAST       the newest this many of each kind are never deleted (default 7)
# Files: pydotorg-db-YYYYmmddTHHMMSSZ.dump and pydotorg-media-YYYYmmddTHHMMSSZ.tar.gz.
set -euo pipefail

fail() {
    echo "backup: $*" >&2
    exit 1
}

: "${DATABASE_URL:?backup: set DATABASE_URL (postgres://user:password@host:5432/dbname)}"
case "$DATABASE_URL" in
postgres://* | postgresql://*) ;;
*) fail "DATABASE_URL is not a PostgreSQL URL (postgres://...): only PostgreSQL is backed up" ;;
esac
MEDIA_ROOT="${MEDIA_ROOT-/srv/pydotorg/media}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/pydotorg}"
BACKUP_RETENTION_DAYS="${BACKUP_RETENTION_DAYS:-14}"
BACKUP_KEEP_LAST="${BACKUP_KEEP_LAST:-7}"
[[ "$BACKUP_RETENTION_DAYS" =~ ^[0-9]+$ ]] || fail "BACKUP_RETENTION_DAYS must be a number of days, got '$BACKUP_RETENTION_DAYS'"
[[ "$BACKUP_KEEP_LAST" =~ ^[0-9]+$ ]] || fail "BACKUP_KEEP_LAST must be a number, got '$BACKUP_KEEP_LAST'"
command -v pg_dump >/dev/null || fail "pg_dump is not installed (Debian: postgresql-client)"

mkdir -p "$BACKUP_DIR"
umask 077 # the dump holds every account's data
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

# Written under a temporary name and renamed when complete: a failed run leaves no file that
# looks like a backup (and the .partial file is removed on exit).
db_file="$BACKUP_DIR/pydotorg-db-$stamp.dump"
partial="$db_file.partial"
trap 'rm -f "$partial" "${media_partial:-}"' EXIT
echo "backup: dumping the database to $db_file"
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$partial"
mv "$partial" "$db_file"
echo "backup: database done ($(du -h "$db_file" | cut -f1))"

if [[ -n "$MEDIA_ROOT" ]]; then
    [[ -d "$MEDIA_ROOT" ]] || fail "MEDIA_ROOT $MEDIA_ROOT is not a directory (set MEDIA_ROOT= to skip media)"
    media_file="$BACKUP_DIR/pydotorg-media-$stamp.tar.gz"
    media_partial="$media_file.partial"
    echo "backup: archiving $MEDIA_ROOT to $media_file"
    tar --create --gzip --file="$media_partial" --directory="$MEDIA_ROOT" .
    mv "$media_partial" "$media_file"
    echo "backup: media done ($(du -h "$media_file" | cut -f1))"
else
    echo "backup: MEDIA_ROOT is empty: no media backup"
fi

# Retention: a backup goes when it is older than BACKUP_RETENTION_DAYS and is not one of the
# newest BACKUP_KEEP_LAST of its kind (so stopped backups never prune the last good ones).
if ((BACKUP_RETENTION_DAYS > 0)); then
    for kind in db media; do
        mapfile -t files < <(find "$BACKUP_DIR" -maxdepth 1 -type f -name "pydotorg-$kind-*" ! -name '*.partial' -printf '%T@ %p\n' | sort -rn | cut -d' ' -f2-)
        for file in "${files[@]:BACKUP_KEEP_LAST}"; do
            if [[ -n "$(find "$file" -maxdepth 0 -mmin "+$((BACKUP_RETENTION_DAYS * 1440))")" ]]; then
                echo "backup: deleting $file (older than $BACKUP_RETENTION_DAYS days)"
                rm -f -- "$file"
            fi
        done
    done
fi
echo "backup: finished $stamp in $BACKUP_DIR"
