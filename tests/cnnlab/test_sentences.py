"""Messages as templates: a Sentence is its English text and the marked template and values it was
made from, through exceptions, the training process's pipe and results.json."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from cnnlab.engine.events import RunEnd
from cnnlab.engine.steps import check_finite, out_of_memory_sentence
from cnnlab.errors import Advice, Sentence, TrainingError, UserError, describe_failure, saved_message
from cnnlab.runs.store import load_run


def test_a_sentence_is_its_english_text_and_keeps_template_and_values() -> None:
    s = Sentence("The run folder {path} does not exist.", path=Path("/tmp/x y"))
    assert s == "The run folder /tmp/x y does not exist." and isinstance(s, str)
    assert s.template == "The run folder {path} does not exist." and s.args == {"path": Path("/tmp/x y")}
    assert Sentence("no fields {here}") == "no fields {here}"  # a plain text with braces is left alone


def test_a_user_error_says_its_sentence_and_str_keeps_the_template() -> None:
    e = UserError("{dataset} was not found (looked in {looked}); {advice}.", dataset="mnist", looked="/d",
                  advice=Advice("use --device cpu"))
    text = str(e)
    assert text == "mnist was not found (looked in /d); use --device cpu." and isinstance(text, Sentence)
    assert isinstance(text.args["advice"], Advice)
    assert f"cnnlab: {e}" == "cnnlab: " + text  # what the CLI prints: the English sentence
    plain = str(UserError("An old-style sentence."))
    assert plain == "An old-style sentence." and isinstance(plain, Sentence)
    assert plain.template == "An old-style sentence."


def test_a_sentence_crosses_a_pipe_with_its_template() -> None:
    s = Sentence("{failure} ({what}); {kept}.", failure=Sentence("The disk is full: cannot write {path}", path="/a"),
                 what="x", kept=Advice("use --device cpu"))
    back = pickle.loads(pickle.dumps(s))
    assert back == s and back.template == s.template and type(back) is Sentence
    assert type(back.args["failure"]) is Sentence and back.args["failure"].args == {"path": "/a"}
    assert type(back.args["kept"]) is Advice


def test_runtime_failures_are_templates() -> None:
    with pytest.raises(TrainingError) as diverged:
        check_finite(float("nan"), 3, 7, 0.5)
    d = str(diverged.value)
    assert d == "The loss became nan at epoch 3, batch 7; lower the learning rate (now 0.5) and train again."
    assert isinstance(d, Sentence) and d.args["epoch"] == 3 and "{lr:g}" in d.template
    oom = out_of_memory_sentence(64)
    assert isinstance(oom, Sentence) and oom.args == {"batch": 64, "smaller": 32} and "32" in oom
    crash = describe_failure(KeyError("boom"))
    assert isinstance(crash, Sentence) and crash == "Something went wrong (KeyError: 'boom')."
    assert isinstance(describe_failure(MemoryError()), Sentence)


def test_results_json_keeps_the_template_and_an_old_file_still_reads(tmp_path: Path) -> None:
    message = Sentence("The training process ended unexpectedly (exit code {code}).", code=-9)
    end = RunEnd.early(message)
    results = end.metrics()
    data = json.loads(json.dumps(results))  # strict JSON: the message is plain text, its template an object
    assert data["message"] == "The training process ended unexpectedly (exit code -9)."
    back = saved_message(data)
    assert back == message and isinstance(back, Sentence) and back.template == message.template
    assert back.args == {"code": -9}
    old = {"message": "A sentence written before templates were kept."}
    assert saved_message(old) == old["message"] and not isinstance(saved_message(old), Sentence)
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.json").write_text(json.dumps({"dataset": "shapes", "model": "dnn"}), encoding="utf-8")
    (run / "results.json").write_text(json.dumps({**data, "status": "failed"}), encoding="utf-8")
    again = saved_message(load_run(run).results or {})
    assert isinstance(again, Sentence) and again.args == {"code": -9}


def test_a_damaged_saved_template_falls_back_to_the_text() -> None:
    data = {"message": "Text.", "message_template": {"template": "Needs {x}.", "args": {}}}
    assert saved_message(data) == "Text."
    assert saved_message({"message": "Text.", "message_template": {"template": "Has {x}.", "args": {"y": 1}}}) \
        == "Text."
