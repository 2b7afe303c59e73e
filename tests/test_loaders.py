from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.chunking import chunk_document
from knowledge.documents import ResourceError
from knowledge.loaders import load_file, supported

MD = """---
id: housing-guide
title: Housing new arrivals
type: practice
topics: [housing, reception]
language: en
updated: 2026-01-15
url: https://example.org/housing
---
# Housing new arrivals

Cities house people first in emergency shelter.

## Private rentals

Rent guarantees help landlords say yes.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_markdown_front_matter_and_sections(tmp_path: Path) -> None:
    [doc] = load_file(write(tmp_path, "whatever.md", MD))
    assert doc.id == "housing-guide"
    assert doc.title == "Housing new arrivals"
    assert doc.type == "practice" and doc.topics == ("housing", "reception")
    assert doc.language == "en" and doc.updated == "2026-01-15"
    assert doc.url == "https://example.org/housing"
    assert [s.heading for s in doc.sections] == ["Housing new arrivals", "Private rentals"]


def test_id_falls_back_to_file_name_and_language_is_detected(tmp_path: Path) -> None:
    body = "---\ntitle: Vivienda\n---\nLas ciudades ofrecen alojamiento temporal a las personas refugiadas recién llegadas.\n"
    [doc] = load_file(write(tmp_path, "vivienda-es.md", body))
    assert doc.id == "vivienda-es"
    assert doc.language == "es"


def test_text_file(tmp_path: Path) -> None:
    [doc] = load_file(write(tmp_path, "note.txt", "Language access\n\nInterpreters by phone.\n\nTranslate key letters."))
    assert doc.title == "Language access"
    assert doc.sections[0].paragraphs == ("Interpreters by phone.", "Translate key letters.")


def test_html_drops_scripts_and_styles(tmp_path: Path) -> None:
    html = """<html lang="fr"><head><title>Accueil</title><style>p {color: red}</style></head>
    <body><script>alert('x')</script><h1>Accueil des familles</h1><p>La mairie ouvre un guichet unique.</p>
    <h2>Écoles</h2><ul><li>Inscription sans tous les papiers.</li></ul></body></html>"""
    [doc] = load_file(write(tmp_path, "accueil.html", html))
    assert doc.title == "Accueil" and doc.language == "fr"
    assert "alert" not in doc.text and "color" not in doc.text
    assert "guichet unique" in doc.text
    assert any(s.heading == "Écoles" for s in doc.sections)


def test_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Funding routes for cities\n\nCities can apply to pooled funds and philanthropy.")
    pdf.set_title("Funding routes")
    path = tmp_path / "funding.pdf"
    pdf.output(str(path))
    [doc] = load_file(path)
    assert doc.title == "Funding routes"
    assert "pooled funds" in doc.text


def test_faq_entries_become_resources(tmp_path: Path) -> None:
    faq = """language: en
entries:
  - id: staff-1
    question: Who pays for interpreters?
    answer: The city budget covers phone interpreting for all services.
    answered_by: Ana
  - question: Can we join the council?
    answer: Yes, any city can write to the council.
"""
    docs = load_file(write(tmp_path, "staff.faq.yaml", faq))
    assert [d.id for d in docs] == ["staff-1", "staff-2"]
    assert docs[0].title == "Who pays for interpreters?" and docs[0].type == "faq"
    assert docs[0].meta["answered_by"] == "Ana"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("bad-yaml.md", "---\ntitle: [unclosed\n---\nText\n", "front matter is not valid YAML"),
        ("no-body.md", "---\ntitle: Empty\n---\n", "no text after the front matter"),
        ("bad-id.md", "---\nid: 'guides/housing'\n---\nText\n", "id 'guides/housing'"),
        ("binary.txt", b"\xff\xfe\x00\x81garbage", "not valid UTF-8"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("x.faq.yaml", "- question: only a question\n", "needs both 'question' and 'answer'"),
        ("empty.txt", "   \n", "file is empty"),
    ],
)
def test_malformed_files_name_the_file_and_the_problem(tmp_path: Path, name: str, content: str | bytes, problem: str) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(ResourceError) as info:
        load_file(path)
    assert name in str(info.value)
    assert problem in str(info.value)


def test_labels_curators_write_in_their_own_words_keep_the_resource(tmp_path: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """A folder from elsewhere names languages and types its own way; none of that may cost a resource."""
    named = load_file(write(tmp_path, "Guía de acogida.md", "---\nlanguage: Español\ntype: Case Study\n---\nTexto.\n"))[0]
    assert (named.id, named.language, named.type) == ("Guía de acogida", "es", "practice")
    coded = load_file(write(tmp_path, "a.md", "---\nlanguage: fra\ntype: toolkit\n---\nTexte.\n"))[0]
    assert (coded.language, coded.type) == ("fr", "tool")
    in_english = load_file(write(tmp_path, "b.md", "---\nlanguage: Greek\n---\nΚείμενο.\n"))[0]
    assert in_english.language == "el"

    with caplog.at_level("WARNING", logger="knowledge.loaders"):
        odd = load_file(write(tmp_path, "c.md", "---\nlanguage: Klingon\ntype: poem\n---\n"
                                               "Las ciudades acogen a las familias refugiadas con ayuda de los vecinos.\n"))[0]
    assert odd.type == "poem" and odd.language == "es"  # kept as written; language detected from the text
    assert "'poem' is not one of" in caplog.text and "'Klingon' is neither" in caplog.text and "c.md" in caplog.text


def test_hidden_and_unknown_files_are_not_ingested(tmp_path: Path) -> None:
    assert not supported(write(tmp_path, ".draft.md", "x"))
    assert not supported(write(tmp_path, "photo.png", b"\x89PNG"))
    assert supported(write(tmp_path, "ok.md", "x"))


def test_chunks_respect_the_cap_and_keep_headings(tmp_path: Path) -> None:
    long_paragraph = " ".join(f"Sentence number {i} explains one more step of the reception process." for i in range(60))
    [doc] = load_file(write(tmp_path, "long.md", f"---\ntitle: Long\n---\n## Steps\n\n{long_paragraph}\n\n## Other\n\nShort."))
    chunks = chunk_document(doc, cap=500)
    assert len(chunks) > 5
    assert all(len(c.text) <= 500 for c in chunks)
    assert {c.heading for c in chunks} == {"Steps", "Other"}
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


def test_numbered_lists_are_not_cut_after_their_numbers(tmp_path: Path) -> None:
    from knowledge.chunking import split_sentences

    assert split_sentences("1. Ease pressure. In 2015. More.") == ["1. Ease pressure.", "In 2015.", "More."]
    items = "\n".join(f"{i}. Objective number {i} explained in a sentence of some length here." for i in range(1, 9))
    [doc] = load_file(write(tmp_path, "list.md", f"---\ntitle: Objectives\n---\n## The objectives\n\n{items}\n"))
    chunks = chunk_document(doc, cap=200)
    assert all(c.text.splitlines()[0][0].isdigit() for c in chunks)  # every chunk starts at a list item
    assert "\n".join(c.text for c in chunks) == items


def test_an_unquoted_colon_in_the_front_matter_costs_nothing(tmp_path: Path) -> None:
    """Curators write `title: Housing: a guide`; YAML refuses it, the loader reads it line by line."""
    path = tmp_path / "colon.md"
    path.write_text("---\nid: colon-title\ntitle: Housing: a guide for cities\ntopics: [housing, reception]\n"
                    "language: en\n---\n# Housing\n\nText about housing.\n", encoding="utf-8")
    [doc] = load_file(path)
    assert doc.id == "colon-title" and doc.title == "Housing: a guide for cities" and doc.language == "en"
    assert doc.topics == ("housing", "reception")
