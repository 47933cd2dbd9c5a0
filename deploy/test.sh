#!/usr/bin/env bash
# The test suite, on a fresh machine or CI: installs what the tests need, starts the services they use
# (a Debian PostgreSQL server for the database integration tests), runs every test, stops the services.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
deploy/install-prerequisites.sh
eval "$(deploy/test-postgres.sh start)"
trap 'deploy/test-postgres.sh stop' EXIT
mvn -B verify "$@"
