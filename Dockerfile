# syntax=docker/dockerfile:1
# Build stage: install Nexus from its sources (the same files its wheel is built from) and its
# dependencies into a virtual environment. The wheel carries bot, cogs and migrations.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY migrations ./migrations
RUN pip install .

# Runtime stage: the installed virtual environment (migrations included) and the content;
# no sources, no build tools.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/nexus.db \
    CONTENT_DIR=/app/content \
    NEXUS_HTTP_PORT=8080
# A fixed numeric id, so that `USER` below names an id the host and orchestrators can
# check (e.g. runAsNonRoot) and volume ownership stays stable across rebuilds.
RUN groupadd --gid 10001 nexus \
    && useradd --create-home --uid 10001 --gid nexus nexus \
    && mkdir /data \
    && chown nexus:nexus /data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY content ./content
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/nexus-entrypoint
USER 10001:10001
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
ENTRYPOINT ["nexus-entrypoint"]
CMD ["run"]
