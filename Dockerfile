# claimscope API: slim, non-root, the trained model baked in (copied from models/packaged when present,
# else trained during the build: about 13 minutes on 2 cores), with a health check.
FROM python:3.11-slim

# The container answers on all interfaces; set CLAIMSCOPE_ALLOWED_HOSTS to the names it is reached by
# (e.g. '["claims.example.org"]') so other Host headers get 400. The default here keeps local runs working.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    CLAIMSCOPE_HOST=0.0.0.0 CLAIMSCOPE_PORT=8000 CLAIMSCOPE_ALLOWED_HOSTS='["localhost", "127.0.0.1"]'
WORKDIR /app
COPY pyproject.toml README.md ./
COPY models ./models
COPY service ./service
COPY training ./training
COPY annotations ./annotations
COPY evaluation ./evaluation
RUN pip install --no-cache-dir torch==2.13.0 . \
    && (test -f models/packaged/CURRENT || claimscope train) \
    && python -c "from models.pipeline import load_pipeline; load_pipeline()" \
    && useradd --create-home --uid 10001 claimscope
USER claimscope
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status == 200 else 1)"
CMD ["claimscope", "serve"]
