"""The supervised stance layer (tasks/score/model.py, tasks/score/train.py): off by default,
deterministic training, expected labels on a tiny synthetic set, evidence for every label."""

from __future__ import annotations

import json

import pytest

from tasks.score.model import MODEL_ENV, Model, features, load_model, relation
from tasks.score.stance import StanceConfig, stance_for_text
from tasks.score.train import cross_validate, fit, main, vocabulary

ALLIES = {"west": "ukraine"}


def example(aid: str, side: str, speaker: str, rule: str, gold: str, named: bool = True):
    score = {"favor": 0.8, "against": -0.8, "none": 0.0}[rule]
    ev = [f"event:x(y)→{rule} {side}"] if rule != "none" else []
    f = features("text", side, speaker, rule, score, ev, ((0, 4),) if named else (), False, ALLIES)
    return (aid, side, f, gold, rule)


def synthetic() -> list:
    """Rules right when they fire; an unnamed quote by a side's own speaker favours it."""
    out = []
    for i in range(12):
        aid = f"a{i % 6}"
        out += [
            example(aid, "russia", "west", "against", "against"),
            example(aid, "ukraine", "west", "favor", "favor"),
            example(aid, "ukraine", "ukraine", "none", "favor", named=False),
            example(aid, "russia", "other", "none", "none", named=False),
            example(aid, "ukraine", "russia", "none", "none"),
        ]
    return out


@pytest.fixture()
def model() -> Model:
    data = synthetic()
    return fit(data, 0.1, vocabulary(data))  # threshold 0.5


def test_relation():
    assert relation("ukraine", "ukraine", ALLIES) == "same"
    assert relation("russia", "ukraine", ALLIES) == "opponent"
    assert relation("west", "ukraine", ALLIES) == "ally"
    assert relation("west", "russia", ALLIES) == "ally_opp"
    assert relation("international", "russia", ALLIES) == "neutral"
    assert relation(None, "russia", ALLIES) == relation("unknown", "russia", ALLIES) == "unknown"


def test_features_read_the_rules_and_the_speaker():
    f = features("Russian troops did not advance", "russia", "ukraine", "against", -0.5,
                 ["event:advance(agent Russian troops)→against russia"], ((0, 14),), False, ALLIES)
    assert {"rule:against", "fam:event:against", "spk:opponent", "spk:opponent:russia",
            "names:target", "neg", "side:russia"} <= set(f)
    assert f["rule:score"] == -0.5


def test_training_is_deterministic():
    data = synthetic()
    a, b = fit(data, 0.3, vocabulary(data)), fit(data, 0.3, vocabulary(data))
    assert a.to_json() == b.to_json()


def test_synthetic_labels_and_evidence(model: Model):
    for _aid, _side, f, gold, _rule in synthetic()[:5]:
        label, score, why = model.predict(f)
        assert label == gold
        assert -1.0 <= score <= 1.0
        if label != "none":
            assert why.startswith("model: ") and f"→ {label}" in why


def test_cross_validation_picks_from_the_grid():
    cv = cross_validate(synthetic())
    assert cv["cv"]["russia"] == 100.0 and cv["cv"]["ukraine"] == 100.0
    assert cv["rules"]["ukraine"] < 100.0  # the rules miss the speaker's unnamed favor


def test_off_by_default(monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert load_model() is None
    res = stance_for_text("Ukrainian forces pushed back Russian troops", "unknown", 0.0)
    assert not any(ev.startswith("model:") for st in res.values() for ev in st.evidence)


def test_switched_on_every_label_has_evidence(model: Model, tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    monkeypatch.setenv(MODEL_ENV, str(path))
    texts = ["Russian forces retreated from Kherson", "The situation is stable",
             "Germany sent more weapons to Kyiv"]
    for text in texts:
        for speaker in ("ukraine", "russia", "west", "unknown"):
            res = stance_for_text(text, speaker, 0.0)
            for st in res.values():
                if st.label != "none":
                    assert any(ev.startswith("model: ") for ev in st.evidence)
    res = stance_for_text("The situation is stable", "ukraine", 0.0)
    assert res["ukraine"].label == "favor"  # learned: a side's own unnamed claim
    assert res["ukraine"].evidence[0].startswith("model: +")
    off = stance_for_text("The situation is stable", "ukraine", 0.0, cfg=StanceConfig(model=False))
    assert off["ukraine"].label == "none"


def test_model_file_round_trip(model: Model, tmp_path):
    data = model.to_json()
    again = Model.from_json(json.loads(json.dumps(data)))
    f = synthetic()[0][2]
    assert again.predict(f)[0] == model.predict(f)[0]


def test_train_command_needs_an_output(capsys):
    with pytest.raises(SystemExit):
        main(["some-dir"])


def test_training_leaves_kept_back_outlets_out_of_every_folder(shared_dir, capsys) -> None:
    """--exclude-outlets names outlets of any of the folders (war-dev has none of the kept-back
    ones); a name no folder holds is a one-line usage error."""
    from tasks.score.train import examples_from_gold, main

    kept = "CBS,Guardian,Mirror,Reuters"
    assert examples_from_gold(shared_dir / "eval" / "war-dev", kept)  # none excluded there
    with pytest.raises(SystemExit) as exc:
        main([str(shared_dir / "eval" / "war-dev"), "--exclude-outlets", "Nope", "--out", "x.json"])
    assert exc.value.code == 2
    assert "no article of Nope" in capsys.readouterr().err
