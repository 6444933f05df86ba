"""The visible text of an HTML page saved from a government site, without the site's chrome.

Chrome is what every page of a site repeats around the document: navigation bars, "设为首页/加入收藏"
links, breadcrumbs, "扫一扫在手机上查看当前页面" QR boxes, print/close/font-size tools, share buttons,
related-article lists and the footer. It goes by tag (nav, header menus, footer, aside, forms, scripts),
by the class or id names sites give it, and by the phrases it is made of. Block elements start a new
line; a table row of several cells is one line, its cells joined by " | " (as the row tables of the text reprints).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

#: Elements never visible or always chrome.
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "head", "nav", "footer", "aside", "form",
             "select", "button", "input", "object", "embed", "svg", "map")
#: class/id tokens sites use for chrome (matched as whole tokens, split on - and _).
CHROME_TOKENS = {"nav", "navbar", "navigation", "menu", "mainnav", "topnav", "subnav", "breadcrumb", "crumb",
                 "crumbs", "position", "location", "weizhi", "dqwz", "footer", "foot", "bottom", "copyright",
                 "share", "bdshare", "fenxiang", "related", "xgwz", "xgxx", "xglj", "relevant", "qrcode", "ewm",
                 "erweima", "code2d", "sidebar", "toolbar", "tools", "topbar", "top", "banner", "search",
                 "login", "friendlink", "links", "yqlj", "print", "dayin", "skip", "wza", "fontsize", "zihao"}
#: Phrases that make up chrome; the smallest block holding one, if it is short, is dropped.
CHROME_PHRASES = ("设为首页", "加入收藏", "扫一扫", "扫描二维码", "在手机上查看", "在手机打开", "手机上打开",
                  "打印本页", "【打印】", "[打印]", "关闭窗口", "【关闭】", "[关闭]", "字号:", "字号:", "【大 中 小】",
                  "【字体:", "分享到", "上一篇", "下一篇", "网站地图", "无障碍", "您当前的位置", "当前位置:",
                  "当前位置:", "您现在的位置", "版权所有", "主办单位", "网站标识码", "ICP备", "公网安备")
#: Headings that introduce a related-article list; they and the list after them are dropped.
RELATED = re.compile(r"^\s*[【\[]?.{0,30}?[】\]]?\s*(相关(?:文章|链接|推荐|阅读|新闻|信息|文件|稿件|资讯|政策|"
                     r"报道|内容)|推荐阅读|延伸阅读|热点推荐|热门文章|热门推荐|猜你喜欢|往期回顾|更多阅读)\s*[:：]?\s*$")
BLOCKS = {"p", "div", "br", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
          "section", "article", "header", "main", "blockquote", "pre", "dd", "dt", "dl", "center", "caption",
          "tbody", "thead", "tfoot", "hr", "title"}
SHORT = 120


def visible_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in list(soup.find_all(True)):
        if not tag.decomposed and _chrome_by_name(tag):
            tag.decompose()
    _drop_related_lists(soup)
    _drop_chrome_phrases(soup)
    root = soup.body or soup
    lines: list[str] = []
    _collect(root, lines)
    text = "\n".join(line.strip() for line in "".join(lines).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _tokens(tag: Tag) -> set[str]:
    names = [*(tag.get("class") or []), str(tag.get("id") or "")]
    return {t.lower() for name in names for t in re.split(r"[-_\s]+", str(name)) if t}


def _text_len(tag: Tag) -> int:
    return len(re.sub(r"\s+", "", tag.get_text()))


def _chrome_by_name(tag: Tag) -> bool:
    if tag.name in ("body", "html"):
        return False
    return bool(_tokens(tag) & CHROME_TOKENS) and _text_len(tag) < 600


def _drop_related_lists(soup: BeautifulSoup) -> None:
    for node in list(soup.find_all(string=RELATED)):
        if not isinstance(node, NavigableString) or node.parent is None:
            continue
        heading = node.parent
        while heading.parent is not None and heading.parent.name not in ("body", "html") \
                and _text_len(heading.parent) <= _text_len(heading):
            heading = heading.parent
        for sibling in list(heading.find_next_siblings()):
            if isinstance(sibling, Tag) and sibling.name in ("ul", "ol", "dl", "table", "div", "p") \
                    and sibling.find("a") is not None:
                sibling.decompose()
            else:
                break
        heading.decompose()


def _drop_chrome_phrases(soup: BeautifulSoup) -> None:
    for phrase in CHROME_PHRASES:
        for node in list(soup.find_all(string=lambda s, p=phrase: s is not None and p in s)):
            block = node.parent
            if block is None:
                continue
            while block.name not in BLOCKS and block.parent is not None:
                block = block.parent
            if block.name not in ("body", "html") and _text_len(block) <= SHORT:
                block.decompose()


def _cell_text(cell: Tag) -> str:
    """A table cell's text on one line (its paragraphs joined by a space, a "|" in it written as "/")."""
    parts: list[str] = []
    _collect(cell, parts)
    return re.sub(r"\s+", " ", "".join(parts)).strip().replace("|", "/")


def _span(cell: Tag, name: str) -> int:
    value = cell.get(name)
    text = value if isinstance(value, str) else ""
    return min(int(text), 100) if text.strip().isdigit() and int(text) > 0 else 1


def _row(tr: Tag, cells: list[Tag], carry: dict[int, dict[int, tuple[str, int]]]) -> str:
    """One table row as " | "-joined cells; a cell merged down over rows (rowspan) is repeated in each row it
    covers, so every row has its columns in place (a cell merged across columns stays one cell)."""
    table = tr.find_parent("table")
    pending = carry.setdefault(id(table), {})
    texts: list[str] = []
    col = 0

    def flush() -> None:
        nonlocal col
        while col in pending:
            text, left = pending[col]
            texts.append(text)
            if left > 1:
                pending[col] = (text, left - 1)
            else:
                del pending[col]
            col += 1

    for cell in cells:
        flush()
        text = _cell_text(cell)
        texts.append(text)
        if (rows := _span(cell, "rowspan")) > 1:
            pending[col] = (text, rows - 1)
        col += _span(cell, "colspan")
    flush()
    return " | ".join(texts)


def _collect(node: Tag, out: list[str], carry: dict[int, dict[int, tuple[str, int]]] | None = None) -> None:
    carry = {} if carry is None else carry
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, CDATA or doctype
                out.append(re.sub(r"[ \t\r\n]+", " ", str(child)) if "\n" in child else str(child))
            continue
        if not isinstance(child, Tag):
            continue
        block = child.name in BLOCKS
        if block:
            out.append("\n")
        if child.name == "br":
            continue
        if child.name == "tr" and len(cells := child.find_all(("td", "th"), recursive=False)) > 1:
            out.append(_row(child, cells, carry))
            out.append("\n")
            continue
        _collect(child, out, carry)
        if block:
            out.append("\n")
