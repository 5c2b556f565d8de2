"""JUnit XML, which most CI services show as a test report: the run is one test suite "etiket",
each reply one test case, failed when it would fail the run (a finding at or above --fail-on,
or a score under --fail-under). Built with the standard library's ElementTree."""

import re
import xml.etree.ElementTree as ET

from etiket.formatters.lines import line
from etiket.reply import RANK

# characters XML 1.0 cannot hold at all, not even escaped; a reply may still contain them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class JunitFormatter:
    """The counts sit on the suite element at the top, so the document is written when the run
    ends; only the small test case elements are kept meanwhile."""

    def __init__(self, console, options=None):
        options = options or {}
        self._console = console
        self._fail_on = options.get("fail_on") or "error"
        self._fail_under = options.get("fail_under")
        self._suite = ET.Element("testsuite", name="etiket")
        self._counts = {"tests": 0, "failures": 0, "errors": 0}

    def add(self, result):
        reply = result.reply
        case = ET.SubElement(self._suite, "testcase", classname=_xml(reply.source), name=_xml(reply.item or reply.source))
        failing = [f for f in result.findings if RANK[f.severity] >= RANK[self._fail_on]]
        others = [f for f in result.findings if RANK[f.severity] < RANK[self._fail_on]]
        low = self._fail_under is not None and result.score < self._fail_under
        self._counts["tests"] += 1
        if failing or low:
            self._counts["failures"] += 1
            failure = ET.SubElement(case, "failure", type="etiket", message=self._why(failing, result.score, low))
            failure.text = _lines(reply, failing) or None
        if result.overrun:
            self._counts["errors"] += 1
            ET.SubElement(case, "error", type="etiket", message=f"checked in part: {', '.join(result.overrun)} stopped at the time budget (--timeout)")
        if others:
            ET.SubElement(case, "system-out").text = _lines(reply, others)

    def _why(self, failing, score, low):
        """The failure's one-line message: how many findings failed it, and the score when it is too low."""
        parts = []
        if failing:
            parts.append(f"{len(failing)} {'finding' if len(failing) == 1 else 'findings'} at {self._fail_on} or above")
        if low:
            parts.append(f"score {score:g} under {self._fail_under:g}")
        return "; ".join(parts)

    def finish(self, summary=None):
        counts = {key: str(value) for key, value in self._counts.items()}
        self._suite.attrib.update(counts, skipped="0")
        root = ET.Element("testsuites", name="etiket", **counts)
        root.append(self._suite)
        ET.indent(root)
        self._console.file.write(ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")


def _lines(reply, findings):
    return _xml("\n".join(line(reply, f) for f in findings))


def _xml(text):
    return _NOT_XML.sub("\ufffd", text)
