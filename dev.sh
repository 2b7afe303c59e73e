#!/usr/bin/env bash
# Set-up and everyday tasks. Needs only Python 3.11 (and bash).
#   ./dev.sh run    create .venv, install, build the index, run the bot (console when no Slack/Telegram token)
#   ./dev.sh test   the same set-up, then the whole test suite
#   ./dev.sh setup  only the set-up
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
VENV="${VENV:-.venv}"
EXTRAS="${EXTRAS-[test]}"          # the Docker image sets EXTRAS="" (no test tools in production)
TORCH_INDEX="${TORCH_INDEX:-}"     # the image sets PyTorch's CPU index; this machine's pip finds the CPU wheel on disk
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false

setup() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    # The CPU build of torch first: an unpinned torch would pull a multi-GB CUDA build.
    "$VENV/bin/python" -m pip install --quiet ${TORCH_INDEX:+--index-url "$TORCH_INDEX"} "torch==2.13.0"
    "$VENV/bin/python" -m pip install --quiet -e ".$EXTRAS"
    rm -f "$VENV"/.installed-* && touch "$stamp"
  fi
  # Ingest the bundled resources, embed, build FAISS/BM25 and fit the decision rule (incremental).
  "$VENV/bin/mmc-bot" ingest
}

case "${1:-}" in
  setup) setup ;;
  run) setup; exec "$VENV/bin/mmc-bot" serve ;;
  test) setup; shift; exec "$VENV/bin/python" -m pytest "$@" ;;
  *) echo "usage: ./dev.sh run | test [pytest args] | setup" >&2; exit 2 ;;
esac
