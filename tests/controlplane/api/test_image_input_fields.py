"""The images API's input serializers build their fields once per class and give each request shallow
copies: every request still has fields of its own, bound to its own serializer, and validation answers
exactly what DRF's deep copies answer."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from controlplane.api.images import EditInput, ImageRequestInput


class DeepCopiedInput(ImageRequestInput):
    """The same fields, built as DRF builds them for every instance."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return serializers.Serializer.get_fields(self)


class DeepCopiedEdit(EditInput):
    def get_fields(self) -> dict[str, serializers.Field]:
        return serializers.Serializer.get_fields(self)


BODIES = [
    {"prompt": "a red circle"},
    {"prompt": "a red circle", "n": 2, "size": "256x256", "seed": 7, "user": "alice", "async": True},
    {"prompt": "  padded  ", "metadata": {"team": "ads"}, "response_format": "url", "quality": "hd"},
    {},
    {"prompt": ""},
    {"prompt": "x", "n": 0, "size": "huge", "seed": -1, "quality": "ultra"},
    {"prompt": "x", "metadata": {"team": 3}},
    {"prompt": "x", "metadata": {f"k{i}": "v" for i in range(17)}},
    {"prompt": "x", "guidance_scale": "lots", "steps": 151, "best_of": 9, "scheduler": "nope"},
    {"prompt": "x", "webhook_url": "ftp://example.com/hook"},
    {"prompt": "x", "output_compression": 101, "background": "green", "negative_prompt": 3},
]


def outcome(serializer: serializers.Serializer) -> tuple[bool, object]:
    valid = serializer.is_valid()
    return valid, (dict(serializer.validated_data) if valid else serializer.errors)


@pytest.mark.parametrize("body", BODIES)
def test_validation_answers_what_drfs_deep_copies_answer(body):
    assert outcome(ImageRequestInput(data=body)) == outcome(DeepCopiedInput(data=body))


@pytest.mark.parametrize(
    "body",
    [
        {"prompt": "make it blue", "strength": "0.5", "expand": "0,0,128,0"},
        {"prompt": "make it blue", "strength": "0", "expand": "0,0,0,0"},
        {"prompt": "make it blue", "expand": "1,2,3"},
    ],
)
def test_edits_too(body):
    assert outcome(EditInput(data=body)) == outcome(DeepCopiedEdit(data=body))


def test_each_serializer_has_fields_of_its_own_bound_to_it():
    first, second = ImageRequestInput(data={}), ImageRequestInput(data={})
    for name in ("prompt", "metadata", "webhook_url", "async"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first and second.fields[name].parent is second
        assert first.fields[name].field_name == name
    edit = EditInput(data={})
    assert set(edit.fields) == set(first.fields) | {"strength", "expand"}
    assert edit.fields["prompt"].parent is edit


def test_a_refused_request_leaves_nothing_for_the_next():
    refused = ImageRequestInput(data={"prompt": "x", "n": 99, "metadata": {"a": 1}})
    assert not refused.is_valid()
    admitted = ImageRequestInput(data={"prompt": "x", "n": 2})
    assert admitted.is_valid(), admitted.errors
    assert admitted.validated_data["n"] == 2 and admitted.validated_data["metadata"] == {}
