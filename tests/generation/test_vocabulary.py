"""A model folder's declared vocabulary: the shipped model's file matches its training data, and prompt
words outside it are named."""

from __future__ import annotations

import json

import pytest

from generation.catalog import SHIPPED_MODEL_FOLDER
from generation.shapes import data
from generation.shapes_vocabulary import MODEL_FOLDER, main, render, shapes_vocabulary
from generation.vocabulary import VOCABULARY_FILE, VocabularyError, model_vocabulary, read_vocabulary


def test_the_shipped_vocabulary_file_is_what_the_training_data_says():
    path = SHIPPED_MODEL_FOLDER / VOCABULARY_FILE
    assert MODEL_FOLDER == SHIPPED_MODEL_FOLDER
    assert path.read_text(encoding="utf-8") == render(shapes_vocabulary()), (
        "stale: run python -m generation.shapes_vocabulary"
    )
    assert main(["--check"]) == 0


def test_every_caption_the_model_was_trained_on_is_inside_its_vocabulary():
    vocabulary = read_vocabulary(SHIPPED_MODEL_FOLDER / VOCABULARY_FILE)
    for caption in data.all_captions():
        assert vocabulary.unknown(caption) == [], caption
    declared = json.loads((SHIPPED_MODEL_FOLDER / VOCABULARY_FILE).read_text())["categories"]
    assert declared["colours"] == sorted(data.COLOURS) and declared["shapes"] == sorted(data.SHAPES)


def test_words_outside_are_named_once_in_order():
    vocabulary = read_vocabulary(SHIPPED_MODEL_FOLDER / VOCABULARY_FILE)
    assert vocabulary.unknown("An orange heart on a gray background, a GRAY heart") == ["heart", "gray"]
    assert vocabulary.unknown("a photo of a cat") == ["photo", "cat"]
    assert vocabulary.unknown("A big red circle in the top left corner on a white background") == []
    assert vocabulary.unknown("3 red circles") == ["3", "circles"]


def test_a_folder_without_the_file_declares_nothing_and_a_broken_file_is_an_error(tmp_path):
    assert model_vocabulary(tmp_path) is None
    (tmp_path / VOCABULARY_FILE).write_text(json.dumps({"vocabulary_format": 1, "words": []}))
    with pytest.raises(VocabularyError):
        model_vocabulary(tmp_path)
    (tmp_path / VOCABULARY_FILE).write_text(json.dumps({"vocabulary_format": 1, "words": ["Red", "circle"]}))
    assert model_vocabulary(tmp_path).unknown("a red circle") == ["a"]  # re-read: the file changed
