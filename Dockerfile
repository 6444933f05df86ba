# policykg: ingest a corpus and serve the API and SPARQL endpoint on port 8000.
#   docker build -t policykg .
#   docker run --rm -p 8000:8000 policykg                                   # the demo corpus
#   docker run --rm -p 8000:8000 -v "$PWD/my-docs:/data/corpus" policykg    # your own documents
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    POLICYKG_STORE=/data/store

WORKDIR /app
# The whole source tree (less what .dockerignore leaves out): every folder pyproject.toml maps in.
COPY . .
RUN pip install . \
    && mkdir -p /data/corpus \
    && cp corpus/demo/* /data/corpus/ \
    && useradd --create-home --uid 1000 policykg \
    && chown -R policykg /data

USER policykg
VOLUME ["/data"]
EXPOSE 8000
# Ingest what is in /data/corpus (the demo corpus unless a folder is mounted there), then serve.
CMD ["sh", "-c", "policykg ingest /data/corpus --store \"$POLICYKG_STORE\" && exec policykg serve --store \"$POLICYKG_STORE\" --host 0.0.0.0 --port 8000"]
