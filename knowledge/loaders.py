"""Turn files of the repository into :class:`LoadedDocument` objects.

One loader per format, chosen by file name. Every failure is a :class:`ResourceError` naming the
file and the problem, so ingest can report it in one line and go on with the other files.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import frontmatter
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from knowledge.documents import RESOURCE_TYPES, LoadedDocument, ResourceError, Section
from knowledge.language import detect_language, language_code

log = logging.getLogger(__name__)

# Any letters (file names such as "Guía de acogida.md" give ids with accents and spaces); no control
# characters or slashes, which would make ids ambiguous in paths and command lines.
ID_RE = re.compile(r"^[^\W_][^\x00-\x1f\x7f/\\]{0,199}$")
# What curators also call the kinds of resource (RESOURCE_TYPES); anything else is kept as written (with a warning),
# since losing a resource over its label would be worse than an unfamiliar filter value.
TYPE_SYNONYMS = {
    "report": "research", "study": "research", "paper": "research", "analysis": "research", "data": "research",
    "toolkit": "tool", "template": "tool", "checklist": "tool", "database": "tool",
    "brief": "policy", "policy-brief": "policy", "position": "policy", "statement": "policy", "law": "policy",
    "grant": "funding", "fund": "funding", "call": "funding",
    "case-study": "practice", "example": "practice", "good-practice": "practice", "promising-practice": "practice",
    "handbook": "guide", "manual": "guide", "how-to": "guide", "guidance": "guide",
}
HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
MAX_FILE_BYTES = 20 * 1024 * 1024


def supported(path: Path) -> bool:
    """Whether ingest should look at this file (hidden files and editor droppings are skipped)."""
    if path.name.startswith((".", "~")) or not path.is_file():
        return False
    return _loader_for(path) is not None


def load_file(path: Path) -> list[LoadedDocument]:
    loader = _loader_for(path)
    if loader is None:
        raise ResourceError(path, f"unsupported file type {path.suffix!r}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ResourceError(path, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    docs = loader(path)
    for doc in docs:
        if not doc.text.strip():
            raise ResourceError(path, f"resource {doc.id!r} has no text")
    return docs


def _loader_for(path: Path) -> Callable[[Path], list[LoadedDocument]] | None:
    name = path.name.lower()
    if name.endswith((".faq.yaml", ".faq.yml")):
        return load_faq
    return {".md": load_markdown, ".markdown": load_markdown, ".txt": load_text,
            ".html": load_html, ".htm": load_html, ".pdf": load_pdf}.get(path.suffix.lower())


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ResourceError(path, f"not valid UTF-8 text (byte {exc.start})") from None


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".faq.yaml", ".faq.yml"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _check_id(path: Path, value: object) -> str:
    rid = str(value).strip()
    if not ID_RE.match(rid):
        raise ResourceError(path, f"id {rid!r} must start with a letter or digit and have at most 200 characters, "
                                  "none of them '/', '\\' or control characters")
    return rid


def _type(path: Path, value: object) -> str:
    rtype = re.sub(r"[\s_]+", "-", str(value or "guide").strip().lower()) or "guide"
    rtype = TYPE_SYNONYMS.get(rtype, rtype)
    if rtype not in RESOURCE_TYPES:
        log.warning("%s: 'type' %r is not one of %s; kept as written", path, rtype, ", ".join(RESOURCE_TYPES))
    return rtype


def _as_date(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _topics(path: Path, value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if isinstance(value, list):
        return tuple(str(t).strip() for t in value if str(t).strip())
    raise ResourceError(path, "'topics' must be a list or a comma-separated string")


def _language(path: Path, value: object, text: str) -> str:
    """The declared language (a code such as ``es``/``es-MX`` or a name such as Spanish or Español), else
    the detected one: an unreadable label costs the resource its label, not its place in the library."""
    if value:
        code = language_code(str(value))
        if code:
            return code
        log.warning("%s: 'language' %r is neither an ISO 639 code nor a language name; detecting it from the text",
                    path, value)
    return detect_language(text[:2000], default="en") or "en"


def markdown_sections(body: str, default_heading: str) -> tuple[str | None, tuple[Section, ...]]:
    """Split Markdown into (first H1, sections by heading, paragraphs by blank lines)."""
    h1: str | None = None
    sections: list[Section] = []
    heading = default_heading
    paragraphs: list[str] = []
    current: list[str] = []

    def end_paragraph() -> None:
        if current:
            text = "\n".join(current).strip()
            if text:
                paragraphs.append(text)
            current.clear()

    def end_section() -> None:
        end_paragraph()
        if paragraphs:
            sections.append(Section(heading, tuple(paragraphs)))
        paragraphs.clear()

    in_fence = False
    for line in body.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
            current.append(line)
            continue
        match = None if in_fence else HEADING_RE.match(line)
        if match:
            level, text = len(match.group(1)), match.group(2).strip()
            if level == 1 and h1 is None and not sections and not paragraphs and not current:
                h1 = text
                heading = text
                continue
            end_section()
            heading = text
        elif not line.strip():
            end_paragraph()
        else:
            current.append(line.rstrip())
    end_section()
    return h1, tuple(sections)


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<head>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.DOTALL)
FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s?(?P<value>.*)$")


def _lenient_front_matter(raw: str) -> frontmatter.Post | None:
    """Front matter that YAML refuses, read as one ``key: value`` per line.

    Curators write ``title: Housing: a guide`` all the time; YAML reads the second colon as a nested
    mapping and gives up. Each line's value is still parsed as YAML when it can be (``[a, b]`` lists,
    dates), and kept as text when it cannot. Anything that is not such a line means the header is
    really broken, and the file is reported as before.
    """
    match = FRONT_MATTER.match(raw)
    if match is None:
        return None
    meta: dict[str, object] = {}
    for line in match.group("head").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        field = FIELD.match(line)
        if field is None:
            return None
        value = field.group("value").strip()
        try:
            parsed = yaml.safe_load(value) if value else None
        except yaml.YAMLError:
            if value[:1] in "[{\"'|>&*!":
                return None  # an unclosed list or quote: broken, not just an unquoted colon
            parsed = value
        meta[field.group("key")] = value if isinstance(parsed, dict) else parsed
    return frontmatter.Post(match.group("body"), **meta)


def load_markdown(path: Path) -> list[LoadedDocument]:
    raw = _read_text(path)
    try:
        post = frontmatter.loads(raw)
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0]
        post = _lenient_front_matter(raw)
        if post is None:
            raise ResourceError(path, f"front matter is not valid YAML ({problem})") from None
        log.warning("%s: front matter is not valid YAML (%s); read it line by line (quote values that hold "
                    "': ', e.g. title: \"A: B\")", path, problem)
    except Exception as exc:  # python-frontmatter raises bare exceptions for odd headers
        raise ResourceError(path, f"front matter cannot be read ({exc})") from None
    meta = dict(post.metadata)
    title_meta = meta.pop("title", None)
    h1, sections = markdown_sections(post.content, default_heading=str(title_meta or _stem(path)))
    title = str(title_meta or h1 or _stem(path)).strip()
    if not sections:
        raise ResourceError(path, "no text after the front matter")
    rtype = _type(path, meta.pop("type", None))
    doc = LoadedDocument(
        id=_check_id(path, meta.pop("id", None) or _stem(path)),
        title=title,
        sections=sections,
        url=str(meta.pop("url", None) or "").strip() or None,
        type=rtype,
        topics=_topics(path, meta.pop("topics", None)),
        language=_language(path, meta.pop("language", None), post.content),
        updated=_as_date(meta.pop("updated", None)),
        meta={k: _as_date(v) if isinstance(v, (date, datetime)) else v for k, v in meta.items()},
    )
    return [doc]


def load_text(path: Path) -> list[LoadedDocument]:
    raw = _read_text(path).strip()
    if not raw:
        raise ResourceError(path, "file is empty")
    first, _, rest = raw.partition("\n")
    title = first.strip()[:300]
    paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", rest) if p.strip()) or (title,)
    return [LoadedDocument(id=_check_id(path, _stem(path)), title=title,
                           sections=(Section(title, paragraphs),), language=_language(path, None, raw))]


def load_html(path: Path) -> list[LoadedDocument]:
    soup = BeautifulSoup(_read_text(path), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "nav", "footer"]):
        tag.decompose()
    title_tag = soup.find("title")
    h1 = soup.find("h1")
    title = (title_tag.get_text(" ", strip=True) if title_tag else "") or (h1.get_text(" ", strip=True) if h1 else "")
    title = title or _stem(path)
    lines: list[str] = []
    body = soup.body or soup
    for el in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "td"]):
        if el.find_parent(["p", "li", "blockquote", "td"]) is not None:
            continue
        text = re.sub(r"\s+", " ", el.get_text(" ", strip=True))
        if not text:
            continue
        if el.name.startswith("h"):
            lines.append(f"\n{'#' * int(el.name[1])} {text}\n")
        else:
            lines.append(f"{'- ' if el.name == 'li' else ''}{text}\n")
    _, sections = markdown_sections("\n".join(lines), default_heading=title)
    if not sections:
        raise ResourceError(path, "no text found in the HTML body")
    lang_attr = (soup.html.get("lang") if soup.html else None) or None
    text = "\n".join(lines)
    return [LoadedDocument(id=_check_id(path, _stem(path)), title=title, sections=sections,
                           language=_language(path, lang_attr, text))]


def load_pdf(path: Path) -> list[LoadedDocument]:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise ResourceError(path, "PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except ResourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ResourceError(path, f"PDF cannot be read ({exc.__class__.__name__}: {exc})") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ResourceError(path, "PDF has no extractable text (scanned images need OCR first)")
    title = meta_title.strip() or text.strip().splitlines()[0].strip()[:300]
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"-\n(?=\w)", "", block)  # re-join words hyphenated across lines
        block = re.sub(r"\s*\n\s*", " ", block).strip()
        if block:
            paragraphs.append(block)
    return [LoadedDocument(id=_check_id(path, _stem(path)), title=title,
                           sections=(Section(title, tuple(paragraphs)),), language=_language(path, None, text))]


def load_faq(path: Path) -> list[LoadedDocument]:
    """FAQ files: a list of question/answer pairs, or a mapping with defaults and ``entries``."""
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as exc:
        raise ResourceError(path, f"not valid YAML ({str(exc).splitlines()[0]})") from None
    defaults: dict = {}
    if isinstance(data, dict):
        entries = data.get("entries")
        defaults = {k: v for k, v in data.items() if k != "entries"}
    else:
        entries = data
    if not isinstance(entries, list) or not entries:
        raise ResourceError(path, "expected a non-empty list of {question, answer} entries")
    docs: list[LoadedDocument] = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ResourceError(path, f"entry {n} is not a mapping with 'question' and 'answer'")
        question = str(entry.get("question") or "").strip()
        answer = str(entry.get("answer") or "").strip()
        if not question or not answer:
            raise ResourceError(path, f"entry {n} needs both 'question' and 'answer'")
        merged = {**defaults, **entry}
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", answer) if p.strip())
        extra = {k: _as_date(v) if isinstance(v, (date, datetime)) else v for k, v in merged.items()
                 if k not in {"id", "question", "answer", "url", "topics", "language", "updated", "type", "title"}}
        docs.append(LoadedDocument(
            id=_check_id(path, entry.get("id") or f"{_stem(path)}-{n}"),
            title=question[:500],
            sections=(Section(question[:500], paragraphs),),
            url=merged.get("url") or None,
            type="faq",
            topics=_topics(path, merged.get("topics")),
            language=_language(path, merged.get("language"), question + "\n" + answer),
            updated=_as_date(merged.get("updated") or merged.get("answered_at")),
            meta=extra,
        ))
    return docs
