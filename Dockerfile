# A slim image that runs the bot as a non-root user; the SQLite file lives on the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    AFTERCARE_DB=/data/aftercare.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY messages ./messages
COPY data ./data
RUN pip install . \
    && useradd --create-home --uid 10001 aftercare \
    && mkdir -p /data \
    && chown aftercare:aftercare /data

USER aftercare
VOLUME ["/data"]
# TELEGRAM_BOT_TOKEN comes from the environment at run time, never from the image.
ENTRYPOINT ["python", "-m", "bot"]
