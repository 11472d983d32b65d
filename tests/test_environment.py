"""The environment: every variable of the deployment guide (../shared/REFERENCE.md, Operations)
is read by the settings and documented in docs/configuration.md, and every variable the
settings, gunicorn's configuration or the code read is documented there, so the three lists
cannot drift apart."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "REFERENCE.md"
CONFIGURATION = ROOT / "docs" / "configuration.md"
SETTINGS_FILES = [*sorted((ROOT / "pydotorg" / "settings").glob("*.py")), ROOT / "deploy" / "gunicorn.conf.py"]
NOT_DEPLOYMENT = {ROOT / "pydotorg" / "settings" / "test.py"}  # the test run's own settings

# Imports the settings module of one environment, and runs gunicorn's configuration, with
# os.environ recording every name that a line of the settings (or of gunicorn.conf.py) reads:
# names built at run time (f"{prefix}_CLIENT_ID") included.
RECORDER = """
import json, os, runpy, sys
ROOT, MODULE = sys.argv[1], sys.argv[2]
SKIPPED = ("os.py", "_collections_abc.py", "os>", "_collections_abc>", os.path.join("settings", "env.py"))
READ = set()

def caller():
    frame = sys._getframe(2)
    while frame and frame.f_code.co_filename.endswith(SKIPPED):  # the stdlib, frozen or not; env.py
        frame = frame.f_back
    return frame.f_code.co_filename if frame else ""

class Recording(type(os.environ)):
    def __getitem__(self, key):
        if caller().startswith(ROOT) and ".venv" not in caller():
            READ.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        if caller().startswith(ROOT) and ".venv" not in caller():
            READ.add(key)
        return super().__contains__(key)

e = os.environ
os.environ = Recording(e._data, e.encodekey, e.decodekey, e.encodevalue, e.decodevalue)
sys.path.insert(0, ROOT)
__import__(MODULE)
runpy.run_path(os.path.join(ROOT, "deploy", "gunicorn.conf.py"))
print(json.dumps(sorted(READ)))
"""
SECRETS = dict.fromkeys(("SECRET_KEY", "SESSION_SECRET_KEY", "CSRF_SECRET"), "s" * 40)
SCENARIOS = {  # settings module → environment: between them, every branch that reads a variable
    "pydotorg.settings.dev": {"APP_ENV": "dev"},
    "pydotorg.settings.production": {
        "APP_ENV": "prod",
        **SECRETS,
        "SITE_URL": "https://www.python.org",
        "DATABASE_URL": "postgres://user@db.internal:5432/pydotorg",
        "REDIS_URL": "redis://redis.internal:6379/0",
        "AWS_STORAGE_BUCKET_NAME": "media",
    },
}
ENV_READ = re.compile(
    r"""(?:env\.\w+|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""
)


def reference_names():
    """The names of the deployment guide's "Environment:" paragraph; `GITHUB_CLIENT_ID/SECRET`
    stands for GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET."""
    operations = REFERENCE.read_text().split("## Operations", 1)[1].split("\n## ", 1)[0]
    paragraph = operations.split("Environment:", 1)[1].split(". In prod", 1)[0]
    names = set()
    for item in re.findall(r"`([^`]+)`", paragraph):
        first, *others = item.split("/")
        names.add(first)
        prefix = first.split("_")[0]  # SMTP_HOST/PORT/FROM_EMAIL: SMTP_PORT, SMTP_FROM_EMAIL
        if others and first.count("_") > 1 and len(others) == 1:  # GITHUB_CLIENT_ID/SECRET
            prefix = first.rsplit("_", 1)[0]
        names |= {f"{prefix}_{other}" for other in others}
    return {name.split(" ")[0] for name in names}


def documented_names():
    """Every name in the first column of docs/configuration.md's tables."""
    names = set()
    for line in CONFIGURATION.read_text().splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names


def recorded_reads(metrics_dir):
    names = set()
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT"}}
    keep["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)  # or gunicorn.conf.py makes a folder of its own
    for module, env in SCENARIOS.items():
        result = subprocess.run(
            [sys.executable, "-c", RECORDER, str(ROOT), module],
            cwd=ROOT,
            env={**keep, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        names |= set(json.loads(result.stdout.splitlines()[-1]))
    return names


def grepped_reads(files):
    names = set()
    for path in files:
        for found in ENV_READ.findall(path.read_text()):
            names |= {name for name in found if name}
    return names


def code_files():
    """The project's code outside its settings and tests (demo passwords, the metrics folder...)."""
    for folder in ("pydotorg", "sections", "home", "search"):
        for path in (ROOT / folder).rglob("*.py"):
            if "tests" not in path.parts and path not in SETTINGS_FILES:
                yield path


@pytest.fixture(scope="module")
def settings_reads(tmp_path_factory):
    return recorded_reads(tmp_path_factory.mktemp("metrics")) | grepped_reads(
        path for path in SETTINGS_FILES if path not in NOT_DEPLOYMENT
    )


def test_the_reference_list_is_parsed():
    names = reference_names()
    assert {"APP_ENV", "GITHUB_CLIENT_SECRET", "GOOGLE_CLIENT_ID", "SMTP_FROM_NAME", "SMTP_USE_TLS"} <= names
    assert {"MEILISEARCH_INDEX_PREFIX", "FASTLY_API_KEY", "DATABASE_MAX_OVERFLOW"} <= names
    assert len(names) == 25, sorted(names)


def test_the_settings_read_every_variable_of_the_deployment_guide(settings_reads):
    missing = reference_names() - settings_reads
    assert not missing, ", ".join(sorted(missing))


def test_every_variable_of_the_deployment_guide_is_documented():
    missing = reference_names() - documented_names()
    assert not missing, ", ".join(sorted(missing))


def test_every_variable_the_settings_and_gunicorn_read_is_documented(settings_reads):
    assert "GITHUB_CLIENT_ID" in settings_reads  # read under a name built at run time
    assert {"WEB_CONCURRENCY", "PROMETHEUS_MULTIPROC_DIR", "METRICS_TOKEN"} <= settings_reads
    missing = settings_reads - documented_names()
    assert not missing, ", ".join(sorted(missing))


def test_every_variable_the_code_reads_is_documented():
    missing = grepped_reads(code_files()) - documented_names()
    assert not missing, ", ".join(sorted(missing))


def shell_reads():
    """Names the Makefile, compose files, Dockerfile and deploy scripts use (`$NAME`, `${NAME...}`,
    Make's `NAME ?=`)."""
    files = [ROOT / "Makefile", ROOT / "Dockerfile", *ROOT.glob("compose*.y*ml"), *(ROOT / "deploy").rglob("*.sh")]
    names = set(re.findall(r"^([A-Z][A-Z0-9_]*) *\?=", (ROOT / "Makefile").read_text(), re.M))
    for path in files:
        if path.exists():
            names |= set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", path.read_text()))
    return names


# Documented variables that a library reads from the environment itself, not our code.
READ_BY_LIBRARIES = {
    "AWS_ACCESS_KEY_ID": "boto3 (django-storages' S3 media storage)",
    "AWS_SECRET_ACCESS_KEY": "boto3 (django-storages' S3 media storage)",
}


def test_every_documented_variable_is_read_somewhere(settings_reads):
    stale = documented_names() - settings_reads - grepped_reads(code_files()) - shell_reads() - set(READ_BY_LIBRARIES)
    assert not stale, ", ".join(sorted(stale))
