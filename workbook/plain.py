"""User text inside Markdown, shown as the text itself: no link, image, emphasis, heading, list,
HTML, colour, icon, emoji or maths can form from it.

Streamlit renders Markdown in messages, dialogs, toasts, captions, headings and the labels of
tabs, expanders, buttons and most widgets (react-markdown with remark-gfm, remark-math,
remark-directive, remark-emoji and rules of its own). Two kinds of markup have to be stopped:

- syntax (`**`, `[..](..)`, `![..](..)`, `<tag>`, `$..$`, `:red[..]`, `# `, `- `, `&lt;`): a
  backslash before each punctuation character that can mean something, which CommonMark
  shows as the character itself;
- what Streamlit finds in the *text* after parsing, where a backslash no longer counts: bare
  addresses (`https://`, `www.`, `name@host.tld` become links), `:smile:` emoji,
  `:material/icon:` icons, the `:streamlit:` logo and typographic arrows (`->` becomes →).
  An invisible WORD JOINER (U+2060) after the `:`, inside `www.`, after the `@` and between
  the two characters of an arrow breaks each of these patterns; nothing visible changes.

The same escaping suits any CommonMark reader, so the Markdown downloads use it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

JOINER = "\u2060"  # WORD JOINER: zero width, invisible, allows no line break
# the ASCII punctuation that Markdown, GFM, maths or Streamlit's directives give a meaning
# (CommonMark shows a backslash-escaped one as itself); `?`, `,`, quotes and the like have none
_SIGNIFICANT = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^])")
# where a text pattern could start: a colon before a non-space (https://, :smile:,
# :material/x:, :red[...]), www. (any case), @ (e-mail address), and the arrows Streamlit
# turns into symbols (--, ->, <-, <->, >=, <=, ~=)
_BREAK = re.compile(r"(:(?=\S)|(?i:www)(?=\.)|@|[-<>~](?=[->=]))")


def md(text: object) -> str:
    """`text` for a Markdown string, on one line: shown exactly as typed, with every run of
    white space (new lines too) as one space."""
    return _escape(" ".join(str(text).split()))


def md_lines(text: object) -> str:
    """`text` for a Markdown block with its line breaks kept (a blank line between
    paragraphs); each line as `md`."""
    paragraphs = re.split(r"\n\s*\n", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    shown = ["  \n".join(md(line) for line in p.split("\n") if line.strip()) for p in paragraphs]
    return "\n\n".join(p for p in shown if p)


def md_list(lines: Iterable[object]) -> str:
    """Lines as a Markdown bullet list, each shown as typed (blank lines left out)."""
    return "\n".join(f"- {md(line)}" for line in lines if str(line).strip())


def _escape(text: str) -> str:
    return _SIGNIFICANT.sub(r"\\\1", _BREAK.sub(lambda m: m.group(0) + JOINER, text))
