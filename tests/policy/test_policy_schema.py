"""The policy document schema: what it accepts, and the rules no document can break."""

from __future__ import annotations

import pytest

from policy.schema import MINORS, PolicyDocumentError, json_schema, validate_document
from policy.templates import TEMPLATES, template


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_templates_validate_and_block_minors(name):
    document = validate_document(template(name))
    assert document.rule(MINORS).block_at == 0.0
    assert document.categories[MINORS].block_at == 0.0


def test_minors_are_added_blocked_when_absent():
    document = validate_document(
        {"name": "mine", "categories": {"violence": {"review_at": 0.4, "block_at": 0.9}}}
    )
    assert document.categories[MINORS].block_at == 0.0 and document.categories[MINORS].review_at == 0.0


@pytest.mark.parametrize(
    ("rule", "param"),
    [
        ({"review_at": 0.0, "block_at": 0.5}, "categories.sexual/minors.block_at"),
        ({"review_at": 0.2, "block_at": 0.0}, "categories.sexual/minors.review_at"),
        ({"review_at": 0.0, "block_at": 1.0}, "categories.sexual/minors.block_at"),
        ({}, "categories.sexual/minors.block_at"),
    ],
)
def test_relaxing_minors_is_rejected_naming_the_field(rule, param):
    with pytest.raises(PolicyDocumentError) as caught:
        validate_document({"name": "lax", "categories": {MINORS: rule}})
    assert caught.value.field == param
    assert "cannot be relaxed" in str(caught.value) or "left out" in str(caught.value)


def test_block_below_review_is_rejected_naming_the_field():
    with pytest.raises(PolicyDocumentError) as caught:
        validate_document({"name": "x", "categories": {"violence": {"review_at": 0.7, "block_at": 0.5}}})
    assert caught.value.field == "categories.violence.block_at"
    assert "block_at (0.5) must be >= review_at (0.7)" in str(caught.value)


@pytest.mark.parametrize(
    ("document", "param"),
    [
        (
            {"name": "x", "categories": {"violence": {"review_at": 1.5, "block_at": 1.5}}},
            "categories.violence.review_at",
        ),
        ({"name": "x", "categories": {"gambling": {"review_at": 0.5, "block_at": 0.9}}}, "categories"),
        ({"name": "x", "categories": {"custom/gambling": {"review_at": 0.5}}}, "categories"),
        ({"name": "x", "moderation": {"moderators": ["http"]}}, "moderation"),
        ({"name": "x", "moderation": {"on_error": "allow"}}, "moderation.on_error"),
        ({"name": "Bad Name"}, "name"),
        ({"name": "x", "surprise": True}, "surprise"),
        ({}, "name"),
    ],
)
def test_schema_errors_name_the_field(document, param):
    with pytest.raises(PolicyDocumentError) as caught:
        validate_document(document)
    assert caught.value.field == param, caught.value


def test_custom_category_with_terms_is_accepted():
    document = validate_document(
        {
            "name": "casino",
            "categories": {"custom/gambling": {"review_at": 0.5, "block_at": 0.9, "terms": ["roulette"]}},
        }
    )
    assert document.categories["custom/gambling"].terms == ["roulette"]


def test_json_schema_is_published():
    published = json_schema()
    assert published["title"] == "Assay policy document"
    assert "categories" in published["properties"] and "moderation" in published["properties"]
