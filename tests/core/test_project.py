"""The project as a whole: deploy checks, migrations, translations, the console script."""

import ast
import gettext
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.PACKAGE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"

PRODUCTION_ENV = {
    "GTIS_DEBUG": "0",
    "GTIS_SECRET_KEY": "k8#Qw2!vLz9@pR4^tY7&uI1*oP3(aS6)dF0-gH5+jK8=lZ2%xC4$vB7",
    "GTIS_ALLOWED_HOSTS": "gtis.example.cn",
    "DATABASE_URL": "postgres://gtis@db.example.cn:5432/gtis",
    "DJANGO_SETTINGS_MODULE": "gtis.settings",
}


def run_gtis(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gtis", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )


def test_check_deploy_reports_no_issue_with_production_settings():
    result = run_gtis("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bad_boolean_setting_is_named():
    result = run_gtis("check", env={**PRODUCTION_ENV, "GTIS_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "GTIS_DEBUG must be a boolean" in result.stderr


def test_the_rq_backend_needs_a_redis_url():
    result = run_gtis("check", env={**PRODUCTION_ENV, "GTIS_TASKS_BACKEND": "rq"})
    assert "GTIS_TASKS_BACKEND=rq needs GTIS_REDIS_URL" in result.stderr


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def po_entries(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgid, msgid_plural and msgstr values, unescaped."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": "", "msgstr": {}}
            entries.append(entry)
        if line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, field, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            field = keyword
            _append(entry, field, ast.literal_eval(value), start=True)
    return [e for e in entries if e.get("msgid")]


def _append(entry: dict, field: str, text: str, start: bool = False) -> None:
    if field.startswith("msgstr"):
        key = field[7:-1] if "[" in field else "0"
        entry["msgstr"][key] = ("" if start else entry["msgstr"].get(key, "")) + text
    else:
        entry[field] = ("" if start else entry.get(field, "")) + text


def test_every_message_has_a_chinese_translation():
    entries = po_entries(LOCALE / "django.po")
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert len(entries) > 100
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def compiled_text(compiled: gettext.GNUTranslations, entry: dict) -> str:
    if "msgctxt" in entry:
        return compiled.pgettext(entry["msgctxt"], entry["msgid"])
    return compiled.gettext(entry["msgid"])


def test_the_compiled_catalogue_matches_its_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        e["msgid"]
        for e in po_entries(LOCALE / "django.po")
        if "msgid_plural" not in e and compiled_text(compiled, e) != e["msgstr"]["0"]
    ]
    assert not stale, f"run `make messages`: {len(stale)} stale, e.g. {stale[:5]}"
