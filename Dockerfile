# The bot with its bundled model and resources; state lives in the database (MMC_DATABASE_URL).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false \
    MMC_DATA_DIR=/data MMC_STAFF_ANSWERS_DIR=/data/staff-answers

WORKDIR /app
# CPU torch first: an unpinned torch would pull a multi-GB CUDA build.
RUN pip install "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
COPY index ./index
RUN pip install .

# Build the index and fit the decision rule at image build time, so a container starts answering at once.
RUN mmc-bot ingest

RUN useradd --create-home --uid 10001 mmc && mkdir -p /data && chown -R mmc /data
USER mmc
VOLUME ["/data"]
EXPOSE 3000 8443
ENTRYPOINT ["mmc-bot"]
CMD ["serve"]
