#!/usr/bin/env bash
# Installs what building, running and testing Lecture Highlights needs on a fresh Debian machine.
# Idempotent: installs only what is missing. Run as root (or with sudo available).
set -euo pipefail

need_cmd() { command -v "$1" >/dev/null 2>&1; }
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages:
#   openjdk-17-jdk-headless, maven  build and run (JavaCV, Beam and Flink come from Maven Central)
#   espeak-ng                        regenerates the synthetic lectures (testdata/generate.sh)
#   libva2, libva-drm2               the ffmpeg executable bundled with JavaCV links them; benchmarks run it
#   pocketsphinx, pocketsphinx-en-us the embedded default speech recogniser (transcription) and its US English model
#   fonts-dejavu-core                DejaVuSans-Bold.ttf, the font of the subtitles burned into clips (rendering)
#   chromium                         headless browser the HTML report tests load the pages in (report)
#   chromium-driver                  /usr/bin/chromedriver, through which Selenium drives that chromium in lhx serve's
#                                    browser test (ServeInBrowserIT); Debian's matches its chromium, so nothing is
#                                    downloaded at test time
#   tesseract-ocr-eng                English language data (eng.traineddata) for slide OCR; the Tesseract library
#                                    itself comes with JavaCV (org.bytedeco:tesseract), so only the data package
#                                    is installed (--no-install-recommends leaves out the tesseract-ocr executable)
packages=(openjdk-17-jdk-headless maven espeak-ng libva2 libva-drm2 pocketsphinx pocketsphinx-en-us fonts-dejavu-core
  chromium chromium-driver tesseract-ocr-eng)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get update -qq
  sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

need_cmd java || { echo "java not found after install" >&2; exit 1; }
need_cmd mvn || { echo "mvn not found after install" >&2; exit 1; }
need_cmd pocketsphinx_continuous || { echo "pocketsphinx_continuous not found after install" >&2; exit 1; }
[ -f /usr/share/tesseract-ocr/5/tessdata/eng.traineddata ] || [ -n "${TESSDATA_PREFIX:-}" ] \
  || { echo "eng.traineddata not found in /usr/share/tesseract-ocr/5/tessdata after install" >&2; exit 1; }
java -version 2>&1 | grep -q '"17\.' || echo "warning: Java 17 is the tested version; found: $(java -version 2>&1 | head -1)" >&2
