"""HTML renderer: well-formed table, caption, classes, escaping, standalone document."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from econ_ai.report.render import render

VOID = {"br", "meta"}


class Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def parse(html):
    p = Balance()
    p.feed(html)
    assert not p.errors and not p.stack, (p.errors, p.stack)
    return p


def test_well_formed_with_classes(load_rs):
    html = render([load_rs("growth"), load_rs("levels")], "html", panels=True)
    p = parse(html)
    classes = {a.get("class") for _, a in p.tags}
    assert {"econ-ai", "stars", "se", "est", "panel", "fe", "stat"} <= classes
    assert "<caption>Annual growth of large versus other firms</caption>" in html
    assert '<td class="est">0.110<span class="stars">***</span></td>' in html
    assert "&minus;0.020" in html and "<style>" in html


def test_escaping_and_standalone(load_rs):
    rs = load_rs("logit")
    rs = dataclasses.replace(rs, report={**rs.report, "labels": {"gpa": "<script>x & y</script>"}},
                             data=dataclasses.replace(rs.data, synthetic=True))
    html = render([rs], "html", standalone=True)
    parse(html)
    assert "<script>" not in html and "&lt;script&gt;x &amp; y&lt;/script&gt;" in html
    assert html.startswith("<!DOCTYPE html>") and "Synthetic data" in html
