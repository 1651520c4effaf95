# A slim image that runs the bot as a non-root user; the SQLite file and its daily backups live
# on the /data volume. The local demo is in the image too: `docker run -it --rm aftercare-bot demo`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    AFTERCARE_DB=/data/aftercare.db \
    AFTERCARE_BACKUP_DIR=/data/backups \
    AFTERCARE_DEMO_DB=/data/demo.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY messages ./messages
COPY data ./data
# The answer model's file is rewritten once here (data/models/cache), so containers start with
# the small-in-memory form ready and never need to write beside the code.
RUN pip install . \
    && python -c "from bot.knowledge.encoder import Encoder; Encoder.load()" \
    && useradd --create-home --uid 10001 aftercare \
    && mkdir -p /data \
    && chown aftercare:aftercare /data

USER aftercare
VOLUME ["/data"]
# The web app (/healthz, /metrics, the webhook path). It listens on 127.0.0.1 unless
# AFTERCARE_HTTP_HOST=0.0.0.0 (compose.yaml sets that for a reverse proxy on its network).
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "healthcheck"]
# SIGTERM (docker stop) stops the bot gracefully within 10 s: no reminder is lost or repeated.
STOPSIGNAL SIGTERM
# TELEGRAM_BOT_TOKEN comes from the environment at run time, never from the image.
ENTRYPOINT ["python", "-m", "bot"]
