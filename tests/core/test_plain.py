"""workbook.plain: user text inside Markdown is shown as the text itself. Each corpus string
renders (CommonMark, raw HTML allowed) as its literal text with no element, and none of the
patterns Streamlit's renderer looks for in the text after parsing can match it."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from tests.markup import CORPUS, RENDER, markup_in, shown_text
from workbook.plain import JOINER, md, md_lines, md_list

MORE = ("# heading", "- item", "1. one", "> quote", "`code`", "~~strike~~", "a_b_c *x*",
        "|a|b|", "&lt;b&gt; &amp;", "T\n===", "[^1] a=b", ":streamlit:", ":help[x]",
        "a -> b -- c <- d >= e", "\\*not bold\\*", "ends in \\", "<!-- hidden -->",
        "<https://evil.example>", "HTTPS://EVIL.EXAMPLE", "WWW.EVIL.EXAMPLE", "x:y 10:30")

# What Streamlit 1.67's Markdown (StreamlitMarkdown.js, remark plugins) finds in text nodes,
# where a backslash escape no longer counts: mdast-util-gfm-autolink-literal, remark-emoji,
# the material icons (after `:material/` became `:material_` in the source), the logo and
# the typographic arrows.
STREAMLIT_TEXT_PATTERNS = [
    re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I),
    re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)"),
    re.compile(r":[+\w-]+:"),
    re.compile(r":material_(\w+):"),
    re.compile(r":streamlit:"),
    re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
]


def text_nodes(body: str) -> str:
    """The text markdown-it leaves of a body, joiners kept, as Streamlit's text passes see it."""
    return re.sub(r"<[^>]+>", "", RENDER.render(body.replace(":material/", ":material_")))


@pytest.mark.parametrize("text", CORPUS + MORE)
def test_each_string_renders_as_its_literal_text(text):
    body = md(text)
    assert shown_text(body) == " ".join(text.split())
    assert re.findall(r"<(\w+)", RENDER.render(body)) == ["p"]  # one paragraph, nothing else
    assert markup_in(body) == []
    nodes = html.unescape(text_nodes(body))
    assert [p.pattern for p in STREAMLIT_TEXT_PATTERNS if p.search(nodes)] == []


@pytest.mark.parametrize("text", CORPUS)
def test_the_check_sees_each_string_when_it_is_not_escaped(text):
    assert markup_in(text) != [], text


@settings(max_examples=300, deadline=None)
@given(hs.text(alphabet=hs.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn")),
               max_size=80))
def test_any_text_renders_as_itself(text):
    body = md(text)
    assert shown_text(body) == " ".join(text.split())
    assert set(re.findall(r"<(\w+)", RENDER.render(body))) <= {"p"}


def test_the_joiner_is_invisible_and_only_where_a_pattern_could_start():
    assert JOINER == "\u2060"
    assert md("Het plein, 's avonds? Ja.") == "Het plein, 's avonds? Ja\\."
    assert md("tijd: 10:30") == "tijd\\: 10\\:\u206030"
    assert md("a\n\n  b\tc") == "a b c"


def test_a_list_and_lines_keep_their_shape():
    assert RENDER.render(md_list(["**a**", "", "[b](https://evil.example)"])) == (
        "<ul>\n<li>**a**</li>\n<li>[b](https:\u2060//evil.example)</li>\n</ul>\n")
    body = md_lines("# one\nline two\n\n\n* three")
    assert RENDER.render(body) == "<p># one<br />\nline two</p>\n<p>* three</p>\n"


def _markdown_everywhere(strings: list[str]) -> None:
    import streamlit as st
    from workbook.plain import md

    for s in strings:
        st.markdown(md(s))
        st.caption(md(s))
        st.warning(md(s))
        st.checkbox(md(s))


def test_streamlit_elements_carry_the_escaped_text():
    strings = list(CORPUS + MORE)
    at = AppTest.from_function(_markdown_everywhere, args=(strings,)).run()
    assert not at.exception
    bodies = [m.value for m in at.markdown] + [c.value for c in at.caption]
    bodies += [w.value for w in at.warning] + [c.label for c in at.checkbox]
    assert len(bodies) == 4 * len(strings)
    assert [b for b in bodies if markup_in(b)] == []
    assert sorted(shown_text(b) for b in bodies) == sorted(
        " ".join(s.split()) for s in strings for _ in range(4))
