# The bot with its bundled model, resources and a built index. State lives in the database
# (MMC_DATABASE_URL; PostgreSQL in compose.yaml) and in /data (index files, staff answers).
# The install steps are dev.sh's own (`./dev.sh setup`), so CI, which runs dev.sh, exercises them.
FROM python:3.11-slim

# DL3064 flags TOKENIZERS_PARALLELISM for its name: it is a switch of the tokenizers library, not a secret.
# hadolint ignore=DL3064
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false \
    VENV=/app/.venv EXTRAS="" TORCH_INDEX=https://download.pytorch.org/whl/cpu \
    MMC_DATA_DIR=/data MMC_STAFF_ANSWERS_DIR=/data/staff-answers MMC_HTTP_PORT=8080 \
    PATH=/app/.venv/bin:$PATH

RUN useradd --create-home --uid 10001 mmc
WORKDIR /app
COPY dev.sh pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
COPY index ./index

# CPU torch first (an unpinned torch pulls a multi-GB CUDA build), then the project, then the index
# and the decision rule, built at image build time so a container answers within seconds of starting.
RUN ./dev.sh setup && mkdir -p /data/staff-answers && chown -R mmc:mmc /data

USER 10001
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"]
STOPSIGNAL SIGTERM
CMD ["mmc-bot", "serve"]
