"""README.md's examples are correct as written: every ```python block runs, and the answers the
README promises for them are the answers they give (on WSGI and ASGI).

A block that is only a fragment is preceded by `<!-- not-run: why -->`; such blocks are listed
as skips with their reason, and there may be only a few.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
MOST_NOT_RUN = 2
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
NOT_RUN = re.compile(r"<!--\s*not-run:\s*(.*?)\s*-->\s*\Z", re.DOTALL)


@dataclass(frozen=True)
class Block:
    """One ```python block of the README."""

    line: int
    code: str
    not_run: str | None  # the reason given by a `<!-- not-run: ... -->` marker, if any


def readme_blocks(text: str) -> list[Block]:
    """Return every ```python block of `text`, with its line number and not-run marker."""
    blocks = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip()
        marker = NOT_RUN.search(before[-300:])
        line = text.count("\n", 0, match.start()) + 1
        blocks.append(Block(line, match.group(1), marker.group(1) if marker else None))
    return blocks


TEXT = README.read_text(encoding="utf-8")
BLOCKS = readme_blocks(TEXT)


@contextmanager
def imported(block: Block, directory: Path) -> Iterator[ModuleType]:
    """Import a block as the module `app` would be (its own file, its own hug API)."""
    name = f"readme_block_line_{block.line}"
    path = directory / f"{name}.py"
    path.write_text(block.code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]


@pytest.fixture
def block_module(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ModuleType]:
    """Import the block the test is about (found by a name it defines)."""
    defines = request.param
    found = [
        b for b in BLOCKS if b.not_run is None and re.search(rf"^def {defines}\(", b.code, re.M)
    ]
    assert len(found) == 1, f"expected one README block defining {defines}(), found {len(found)}"
    with imported(found[0], tmp_path) as module:
        yield module


def promised(pattern: str) -> re.Match[str]:
    """Return the README's sentence matching `pattern` (the test reads the promise it checks)."""
    match = re.search(pattern, TEXT, re.DOTALL)
    assert match is not None, f"README no longer says {pattern!r}: update tests/test_readme.py"
    return match


# -- every block -----------------------------------------------------------------------------


def test_readme_has_python_blocks_and_only_a_few_are_marked_not_run():
    assert len(BLOCKS) >= 3
    not_run = [block for block in BLOCKS if block.not_run is not None]
    assert len(not_run) <= MOST_NOT_RUN, [f"line {b.line}: {b.not_run}" for b in not_run]
    assert all(block.not_run for block in not_run), "a not-run marker must say why"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"line{block.line}" for block in BLOCKS])
def test_readme_python_block_runs_as_written(block, tmp_path):
    if block.not_run is not None:
        pytest.skip(f"README.md line {block.line} is marked not-run: {block.not_run}")
    with imported(block, tmp_path) as module:
        assert module.__name__ == f"readme_block_line_{block.line}"


# -- the main example --------------------------------------------------------------------------


@pytest.mark.parametrize("block_module", ["happy_birthday"], indirect=True)
def test_readme_example_happy_birthday_answers_as_documented(http, block_module):
    found = promised(r"`GET /happy_birthday\?name=hug&age=1` answers `(\"[^`]*\")`")
    response = http.get(block_module, "/happy_birthday", query_string="name=hug&age=1")
    assert response.status == "200 OK"
    assert response.data == json.loads(found.group(1))


@pytest.mark.parametrize("block_module", ["happy_birthday"], indirect=True)
def test_readme_example_save_item_answers_201_as_documented(http, block_module):
    found = promised(
        r"`POST /items/7` with the JSON body `(\{[^`]*\})` answers `201 Created` and"
        r"\s+`(\{[^`]*\})`"
    )
    response = http.post(
        block_module,
        "/items/7",
        body=found.group(1),
        headers={"Content-Type": "application/json"},
    )
    assert response.status == "201 Created"
    assert response.data == json.loads(found.group(2))


@pytest.mark.parametrize("block_module", ["happy_birthday"], indirect=True)
def test_readme_example_versioned_add_answers_under_v2_only(http, block_module):
    found = promised(r"`GET /v2/add\?a=1&b=2` answers `(\d+)`")
    response = http.get(block_module, "/v2/add", query_string="a=1&b=2")
    assert response.status == "200 OK"
    assert response.data == int(found.group(1))
    promised(r"so `/add` is a 404")
    assert http.get(block_module, "/add", query_string="a=1&b=2").status == "404 Not Found"


@pytest.mark.parametrize("block_module", ["happy_birthday"], indirect=True)
def test_readme_example_bad_request_gets_the_documented_400_body(http, block_module):
    found = promised(r"`GET /happy_birthday\?age=x` answers\s+`(\{[^`]*\})`")
    response = http.get(block_module, "/happy_birthday", query_string="age=x")
    assert response.status == "400 Bad Request"
    assert response.data == json.loads(found.group(1))


# -- the CORS example --------------------------------------------------------------------------


@pytest.mark.parametrize("block_module", ["public"], indirect=True)
def test_readme_cors_example_routes_behave_as_their_comments_say(http, block_module):
    promised(r'cors="\*"\)\s+# this route: any origin, no credentials')
    promised(r"cors=False\)\s+# this route: no CORS at all")
    evil = {"Origin": "https://evil.example"}
    public = http.get(block_module, "/public", headers=evil)
    assert public.headers_dict["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in public.headers_dict
    internal = http.get(block_module, "/internal", headers={"Origin": "https://app.example.com"})
    assert not any(name.startswith("access-control-") for name in internal.headers_dict)


# -- the command-line example ------------------------------------------------------------------


@pytest.mark.parametrize("block_module", ["add"], indirect=True)
def test_readme_cli_example_runs_the_documented_command(block_module):
    import hug.test

    found = promised(r"# python app\.py (add [^\n]*?)\s+->\s+(\S+)")
    assert hug.test.cli(block_module.add, 2, by=3) == 5  # the README's hug.test.cli line
    result = subprocess.run(
        [sys.executable, block_module.__file__, *found.group(1).split()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == found.group(2)


# -- the OpenAPI example -----------------------------------------------------------------------


@pytest.mark.parametrize("block_module", ["greet"], indirect=True)
def test_readme_openapi_example_serves_the_documented_document(http, block_module):
    found = promised(r"`times` above is documented as\s+`(\{[^`]*\})`")
    response = http.get(block_module, "/openapi.json")
    assert response.status == "200 OK"
    document = response.data
    assert document["info"] == {"title": "Greetings", "version": "1.0"}
    times = next(
        p for p in document["paths"]["/greet"]["get"]["parameters"] if p["name"] == "times"
    )
    assert times["schema"] == json.loads(found.group(1))
    promised(r"open <http://127\.0\.0\.1:8000/docs>")
    page = http.get(block_module, "/docs")
    assert page.status == "200 OK"
    assert "/openapi.json" in page.data
    assert "201" in document["paths"]["/items"]["post"]["responses"]


def test_readme_performance_tables_are_those_of_the_last_full_make_bench_run():
    # `make bench` writes the same block into benchmarks/RESULTS.md and the README (run.py).
    start = "<!-- make bench: the README's table starts here -->"
    end = "<!-- make bench: the README's table ends here -->"
    readme = README.read_text()
    block = readme[readme.index(start) : readme.index(end) + len(end)]
    assert "| **hug (this project) WSGI**" in block
    results = (README.parent / "benchmarks" / "RESULTS.md").read_text()
    assert block in results
