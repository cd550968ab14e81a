#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the kiosk and its tests need, or, when not run as root,
# prints exactly which are missing and the command that installs them.
set -euo pipefail

packages=(
  xvfb xauth xdotool          # virtual X server for tests, real input from outside
  libgl1 libgl1-mesa-dri      # OpenGL (Mesa software rendering where no GPU)
  libmtdev1                   # multitouch input for Kivy
  espeak-ng sox               # offline speech, and measuring what it says
  libportaudio2               # the sound output of narration and speech (sounddevice)
  alsa-utils                  # aplay -l lists sound cards; amixer tells when headphones are plugged
  fonts-noto-core             # Latin/Vietnamese, Khmer, Lao, Thai, Tai Viet, Arabic, ...
  fonts-noto-cjk              # Chinese, Japanese, Korean
  fonts-hanazono              # Han-Nom: CJK extension B and beyond (HanaMinA + HanaMinB)
  syncthing                   # many kiosks, one exhibition: editions out, usage figures back
  chromium                    # tests: the studio, the exported site and web pages in a real browser
  epubcheck                   # tests: the exported EPUB books (runs on Java)
  zbar-tools                  # tests: zbarimg reads the kiosk's QR codes back from the screen
  python3-venv
  dh-virtualenv debhelper lintian python3-dev  # make deb: the Debian package, checked
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian/Ubuntu system; install the equivalents of: ${packages[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
# python3-venv is only needed when the chosen Python cannot make a venv by itself.
if python3 -c 'import ensurepip' 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
read -r -a missing <<<"${missing[*]:-}"
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "system-deps: these system packages are missing: ${missing[*]}" >&2
  echo "system-deps: install them with:  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
