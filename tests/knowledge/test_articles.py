import pytest

from bot.knowledge.articles import OVERVIEW, ArticleFormatError, parse_article

ARTICLE = """---
title: Looking after yourself
source: aftercare.txt
author: A. Physio
---

Some text before any heading.

## After the session

You may feel sore for a day or two.

Helpful things include:

- Water: drink plenty.
- Walking: keep gently moving.

## Sessions

A session lasts about **half an hour**, see [our page](https://example.org).
"""

QUESTIONS = """
[[passage]]
section = "After the session"
contains = "feel sore"
questions = ["why am i sore", "sore next day?"]

[[passage]]
section = "after the SESSION"
contains = "Walking:"
questions = ["can i go for a walk"]
"""


def test_front_matter_gives_title_source_and_author():
    article = parse_article("aftercare.md", ARTICLE)
    assert (article.slug, article.title, article.source, article.author) == (
        "aftercare",
        "Looking after yourself",
        "aftercare.txt",
        "A. Physio",
    )


def test_text_before_the_first_heading_belongs_to_an_overview_section():
    article = parse_article("aftercare.md", ARTICLE)
    assert article.passages[0].section == OVERVIEW
    assert article.passages[0].text == "Some text before any heading."


def test_each_paragraph_and_list_item_is_its_own_passage():
    article = parse_article("aftercare.md", ARTICLE)
    texts = [p.text for p in article.passages]
    assert texts[1:5] == [
        "You may feel sore for a day or two.",
        "Helpful things include:",
        "Water: drink plenty.",
        "Walking: keep gently moving.",
    ]
    assert all(p.section == "After the session" for p in article.passages[1:5])


def test_list_items_remember_the_sentence_that_introduces_them():
    article = parse_article("aftercare.md", ARTICLE)
    assert article.passages[3].lead == "Helpful things include:"
    assert article.passages[1].lead == ""


def test_inline_markdown_is_reduced_to_plain_text():
    article = parse_article("aftercare.md", ARTICLE)
    assert article.passages[-1].text == "A session lasts about half an hour, see our page."


def _texts(body: str) -> list[tuple[str, str]]:
    article = parse_article("a.md", "---\ntitle: T\n---\n\n" + body)
    return [(p.section, p.text) for p in article.passages]


def test_markdown_is_read_as_a_markdown_preview_shows_it():
    body = (
        "Aftercare\n---------\n\n"
        "<!-- note for the physio: check this with Sam -->\n\n"
        "Drink 2\\*3 glasses &amp; rest.\n\n"
        "> Ice *gently*, never on bare skin.\n"
    )
    assert _texts(body) == [
        ("Aftercare", "Drink 2*3 glasses & rest."),
        ("Aftercare", "Ice gently, never on bare skin."),
    ]


def test_bullets_pasted_from_a_word_processor_are_list_items():
    article = parse_article("a.md", "---\ntitle: T\n---\n\n## A\n\nTry:\n• Water\n• Walking\n")
    assert [(p.text, p.lead) for p in article.passages] == [
        ("Try:", ""),
        ("Water", "Try:"),
        ("Walking", "Try:"),
    ]


def test_a_line_right_after_a_list_item_continues_it_as_in_a_preview():
    # CommonMark's lazy continuation: a new paragraph needs a blank line before it.
    assert _texts("## A\n\n- Water\nplenty of it\n\nThen rest.\n") == [
        ("A", "Water plenty of it"),
        ("A", "Then rest."),
    ]


def test_an_article_without_any_heading_is_rejected():
    with pytest.raises(ArticleFormatError, match="headings"):
        parse_article("a.md", "---\ntitle: T\n---\n\nJust text.\n")


def test_example_questions_attach_to_the_passage_named_by_section_and_phrase():
    article = parse_article("aftercare.md", ARTICLE, QUESTIONS)
    by_text = {p.text: p.examples for p in article.passages}
    assert by_text["You may feel sore for a day or two."] == ("why am i sore", "sore next day?")
    assert by_text["Walking: keep gently moving."] == ("can i go for a walk",)
    assert by_text["Water: drink plenty."] == ()


def test_passage_ids_are_unique_and_carry_the_article():
    article = parse_article("aftercare.md", ARTICLE)
    ids = [p.id for p in article.passages]
    assert len(set(ids)) == len(ids)
    assert all(
        p.article_slug == "aftercare" and p.article_title == article.title
        for p in article.passages
    )


def test_a_file_without_front_matter_is_rejected_with_a_clear_message():
    with pytest.raises(ArticleFormatError, match="front matter"):
        parse_article("plain.md", "## Heading\n\nText.")


def test_front_matter_without_a_title_is_rejected():
    with pytest.raises(ArticleFormatError, match="title"):
        parse_article("x.md", "---\nauthor: me\n---\n\n## A\n\nText.")


def test_a_question_for_an_unknown_section_is_rejected_naming_the_sections():
    bad = '[[passage]]\nsection = "Nope"\ncontains = "x"\nquestions = ["q"]\n'
    with pytest.raises(ArticleFormatError, match="Sessions"):
        parse_article("aftercare.md", ARTICLE, bad)


def test_a_phrase_matching_two_passages_is_rejected():
    bad = '[[passage]]\nsection = "After the session"\ncontains = ":"\nquestions = ["q"]\n'
    with pytest.raises(ArticleFormatError, match="exactly one"):
        parse_article("aftercare.md", ARTICLE, bad)


def test_questions_that_are_not_toml_are_rejected():
    with pytest.raises(ArticleFormatError, match="TOML"):
        parse_article("aftercare.md", ARTICLE, "[[passage\n")
