"""Every visible interface string exists in Dutch and English, and every key used exists."""

import re
from pathlib import Path

from workbook import i18n

ROOT = Path(__file__).resolve().parents[2]
CODE = [*ROOT.glob("app.py"), *ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/**/*.py"),
        *ROOT.glob("workbook/**/*.py")]
# t("section.key") or t('section.key', ...) with a literal key
LITERAL_KEY = re.compile(r"""\bt\(\s*f?["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def test_every_entry_has_both_languages():
    missing = [k for k, v in i18n.catalogue().items()
               if not (isinstance(v.get("nl"), str) and v["nl"].strip()
                       and isinstance(v.get("en"), str) and v["en"].strip())]
    assert missing == []


def test_every_key_used_in_code_exists():
    used = {m.group(1) for path in CODE for m in LITERAL_KEY.finditer(path.read_text())}
    assert used, "the scan found no keys at all"
    cat = i18n.catalogue()
    # a literal ending in "_" is the prefix of a key built at run time (history.kind_ + kind)
    missing = sorted(k for k in used if k not in cat
                     and not (k.endswith("_") and any(c.startswith(k) for c in cat)))
    assert missing == []


def test_placeholders_match_between_languages():
    field = re.compile(r"{(\w+)}")
    wrong = [k for k, v in i18n.catalogue().items()
             if set(field.findall(v["nl"])) != set(field.findall(v["en"]))]
    assert wrong == []


def test_missing_key_shows_the_key_not_a_blank():
    assert i18n.t("no.such.key", "nl") == "no.such.key"


def test_dutch_is_the_default():
    assert i18n.t("nav.map") == "Polarisatiekaart"
    assert i18n.t("nav.map", "en") == "Polarisation map"
