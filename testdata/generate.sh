#!/usr/bin/env bash
# Regenerates the committed fixtures (lectures/, malformed/, manifest.jsonl, manifest.csv) from code.
# Needs: Java 17, Maven, espeak-ng (apt-get install -y espeak-ng). Takes about a minute on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
command -v espeak-ng >/dev/null || { echo "espeak-ng not found: apt-get install -y espeak-ng" >&2; exit 1; }
cd "$root"
# Build only this module (it depends on JavaCV/Jackson, not on the other modules), then run the
# generator in a forked JVM with the module's runtime classpath (exec:exec, see testdata/pom.xml).
mvn -B -q -pl testdata -DskipTests package
mvn -B -q -pl testdata exec:exec@generate
echo "Done. Check with: mvn -B -q -pl testdata test"
