import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from gtis.catalog import classifier

pytestmark = pytest.mark.django_db
EVAL = Path(settings.PACKAGE_DIR) / "data" / "catalog" / "eval"


def test_a_text_gets_ranked_codes_with_the_words_behind_them(gic):
    suggestions = classifier.classify(gic, "永磁同步电动机，IE4能效，适用于水泵风机节能改造", k=3)
    assert suggestions[0].code == "1.1.8"
    assert "永磁" in suggestions[0].reasons
    assert suggestions[0].score >= suggestions[1].score >= suggestions[2].score


def test_an_empty_or_foreign_text_gets_nothing(gic):
    assert classifier.classify(gic, "") == []
    assert classifier.classify(gic, "?!") == []


def test_the_classify_api_answers_within_100_ms(client, gic):
    text = (
        "本公司研发的磁悬浮离心鼓风机采用无油磁悬浮轴承和高速永磁电机，整机效率比罗茨风机"
        "提高30%以上，主要用于城镇污水处理厂曝气系统，运行噪声低于80分贝。"
    ) * 5
    text = text[:500]
    client.post("/api/catalog/classify/", {"text": text}, content_type="application/json")
    start = time.perf_counter()
    response = client.post(
        "/api/catalog/classify/", {"text": text, "k": 3}, content_type="application/json"
    )
    elapsed = time.perf_counter() - start
    assert response.status_code == 200
    assert [s["code"] for s in response.json()][:3]
    assert elapsed < 0.1, f"{elapsed * 1000:.0f} ms"


def test_bad_classify_input_names_the_field(client, gic):
    response = client.post("/api/catalog/classify/", {"k": 0}, content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"text", "k"}


def test_retraining_learns_from_classified_entries(gic, miit_officer):
    from gtis.catalog import services

    before = classifier.classify(gic, "光储充一体化示范站", k=1)[0].code
    made = services.create_edition(
        actor=miit_officer, kind="typical_cases", title="案例", year=2021
    )
    for n in range(3):
        services.save_entry(
            actor=miit_officer,
            edition=made,
            key=str(n),
            title=f"光储充一体化示范站{n}",
            node_codes=["5.2.5"],
        )
    out = StringIO()
    call_command("train-classifier", stdout=out)
    assert "trained on 211 nodes" in out.getvalue()
    after = classifier.classify(gic, "光储充一体化示范站", k=1)[0].code
    assert (before, after) != (after, before) or after == "5.2.5"
    assert after == "5.2.5"


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("listings-written.csv", 0.75),
        ("listings-written-en.csv", 0.6),
        ("bond-2021-descriptions.csv", 0.9),
    ],
)
def test_classify_eval_on_texts_the_classifier_never_saw(gic, name, floor):
    out = StringIO()
    call_command("classify-eval", str(EVAL / name), stdout=out)
    lines = dict(line.split(" ", 1) for line in out.getvalue().splitlines())
    assert float(lines["accuracy@3"]) >= floor, out.getvalue()


def test_english_text_is_classified_through_the_english_names(gic):
    suggestions = classifier.classify(gic, "Offshore wind farm development and operation", k=3)
    assert "3.2.1" in [s.code for s in suggestions]
    assert "wind" in suggestions[0].reasons
