"""User text for Plotly, which would render <b>, <a> and friends: escaped, shortened, wrapped."""

from __future__ import annotations

import html


def escape(text: str) -> str:
    """&, < and > as entities, so no tag can form. Plotly's text knows only a few named
    entities (not &quot;), so quotes become numeric ones, which it does show as typed."""
    return html.escape(text, quote=False).replace('"', "&#34;").replace("'", "&#39;")


def esc(text: str, limit: int = 300) -> str:
    """User text made safe for Plotly text and hover: shortened, then HTML-escaped."""
    text = str(text)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return escape(text)


def wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to at most `max_lines` lines (the last ends in … if cut). Raw text."""
    text = str(text)
    if len(text) <= width and "\n" not in text:
        return [text.strip()] if text.strip() else []
    words = text.split()
    lines: list[str] = []
    line = ""
    for word in words:
        if len(lines) > max_lines:  # the rest would be cut off anyway
            break
        while len(word) > width:  # a very long word is cut: after a hyphen if it has one
            if line:
                lines.append(line)
                line = ""
            cut = word.rfind("-", 0, width) + 1 or width
            lines.append(word[:cut])
            word = word[cut:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines]
        lines[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return lines


def esc_lines(text: str, width: int, max_lines: int) -> str:
    return "<br>".join(escape(line) for line in wrap(text, width, max_lines))
