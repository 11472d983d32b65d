# The two commands: `make run` (the site with demo content) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the site is served: the links in mail and the admin URL printed by `make run` follow
# HOST and PORT unless SITE_URL is set (0.0.0.0, every interface, is reached as 127.0.0.1).
SITE_URL ?= http://$(patsubst 0.0.0.0,127.0.0.1,$(HOST)):$(PORT)
SERVED := SITE_URL=$(SITE_URL)

.PHONY: run test install lock serve worker migrate make-migration seed lint format check ci \
        db-migrate db-make-migration db-seed clean

run: install migrate seed ## Create .venv, install, migrate, load demo content, serve on $(HOST):$(PORT) (PORT=8100 to change)
	$(SERVED) $(MANAGE) runserver $(HOST):$(PORT)

# The few tests marked `slow` or `browser` (57 of about 1,980: a real Chromium, servers, workers
# and proxies of their own, the API fuzzed) take half the suite's time: `make test` leaves them
# out (about 4 minutes on 2 cores), `make test SLOW=1` runs them too (about 9), as CI does.
SLOW ?=
TEST_MARKERS := $(if $(SLOW),,-m "not slow and not browser")

test: install ## The test suite, one process per core (SLOW=1: with the slow and browser tests; PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set)
	$(BIN)/pytest -n auto $(TEST_MARKERS) $(PYTEST_ARGS)

install: $(VENV)/.installed ## Create the virtualenv and install the locked dependencies

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

lock: ## Re-resolve requirements.lock from pyproject.toml (needs uv)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --group dev --universal --python-version 3.11 -o requirements.lock --no-header

serve: install ## Serve without loading demo content
	$(SERVED) $(MANAGE) runserver $(HOST):$(PORT)

worker: install ## Run the Huey consumer (background and periodic tasks)
	HUEY_IMMEDIATE=0 $(SERVED) $(MANAGE) run_huey

migrate db-migrate: install
	$(MANAGE) migrate --no-input

make-migration db-make-migration: install
	$(MANAGE) makemigrations

seed db-seed: install ## Load the demo content (idempotent)
	$(SERVED) $(MANAGE) load_demo_content

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install ## Django's checks, migrations committed, imports one way and acyclic (import-linter)
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports

# The search benchmark (docs/sections/search.md, "Benchmark"): PostgreSQL only; the database it
# names must not exist (made, filled with 10,000 items and dropped). BENCH_ARGS="--keep", "--reuse", "--repeat 50".
SEARCH_BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pydotorg_searchbench
.PHONY: bench-search
bench-search: install ## Site search on PostgreSQL with 10,000 items: median and p95 per query, queries per request
	DATABASE_URL=$(SEARCH_BENCH_DATABASE_URL) $(BIN)/python bench/search.py $(BENCH_ARGS)

# The pages benchmark (docs/performance.md, "Benchmark"): gunicorn as deployed, wrk, nginx for
# comparison; PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL). BENCH_ARGS="--duration 10 --scale".
.PHONY: bench-pages
bench-pages: install ## Public pages and API lists: req/s, p50, p99 uncached/cached/nginx, SQL queries per page
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

# Containers (docs/operations.md, "Container and compose"): these need Docker with its compose
# plugin (none on CI). SERVICE=app limits docker-logs to one service.
COMPOSE ?= docker compose
.PHONY: infra-up docker-up docker-prod-up docker-logs
infra-up: ## PostgreSQL and Redis in containers on 127.0.0.1:5432 and :6379 (user/password pydotorg), for `make run`
	$(COMPOSE) up -d --wait db redis

docker-up: ## The whole stack in containers, MailDev included: http://localhost:8000, mail at http://localhost:1080
	$(COMPOSE) --profile dev up -d --build

docker-prod-up: ## The production stack (compose.prod.yaml): secrets and addresses from the environment
	$(COMPOSE) -f compose.yaml -f compose.prod.yaml up -d --build

docker-logs: ## Follow the containers' logs (SERVICE=app for one service)
	$(COMPOSE) --profile dev logs --follow --tail=100 $(SERVICE)

ci: ## What CI runs (.ci/run)
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles
