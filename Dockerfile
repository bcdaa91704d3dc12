# syntax=docker/dockerfile:1
# Build stage: install Nexus and its dependencies into a virtual environment.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
RUN pip install .

# Runtime stage: the virtual environment, migrations and content; no build tools.
FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite+aiosqlite:////data/nexus.db \
    CONTENT_DIR=/app/content \
    NEXUS_HTTP_PORT=8080
RUN useradd --create-home --uid 10001 nexus && mkdir /data && chown nexus /data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY migrations ./migrations
COPY content ./content
COPY docker/entrypoint.sh /usr/local/bin/nexus-entrypoint
USER nexus
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "health"]
ENTRYPOINT ["nexus-entrypoint"]
CMD ["run"]
