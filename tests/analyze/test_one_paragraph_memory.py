"""A 1 MB single paragraph is analysed in bounded memory (issue 17).

The same 187 KB of text used to take 943 MB as one paragraph and 437 MB as
2,600 paragraphs, and a 1.17 MB paragraph of quotes passed 4.8 GB: spaCy's
working memory follows the tokens of one ``Doc``.  analyze/parse/pieces.py now
cuts a long paragraph into pieces of at most 10,000 characters.  This test
analyses a 990,000-character paragraph (the article stays under
``max_article_chars``) in a process of its own (tests/analyze/paragraph_child.py)
and checks its peak resident memory.  It takes a minute or two of CPU: the
paragraph is about 200,000 tokens.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import factdesk

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(),
                                reason="peak memory is read from /proc (Linux)")

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 1536
CHARS = 990_000


def test_a_one_megabyte_paragraph_is_analysed_under_1_5_gb():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(factdesk.__file__).resolve().parents[1]), str(ROOT)])}
    done = subprocess.run([sys.executable, "-m", "tests.analyze.paragraph_child", str(CHARS)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(result)  # the peak, shown with -s
    assert result["outcome"] == "article", result
    assert result["longest_paragraph"] > CHARS - 1000  # it stayed one paragraph
    assert result["quotes"] > 1000 and result["entities"] >= 5  # it was analysed, not skipped
    assert result["peak_mb"] < PEAK_MB, result
