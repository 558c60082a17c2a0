# One image for web, worker and beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=socialwork.settings.production \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango and DejaVu fonts: PDF exports render Vietnamese text.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 portal
WORKDIR /app

COPY pyproject.toml README.md ./
COPY requirements/ requirements/
COPY socialwork/ socialwork/
COPY cases/ cases/
COPY facilities/ facilities/
COPY collaborators/ collaborators/
RUN pip install --no-cache-dir -c requirements/constraints.txt .

COPY . .
# collectstatic needs settings that load without a real database or secret.
RUN DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --no-input -v 0

USER portal
EXPOSE 8000
CMD ["gunicorn", "socialwork.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
