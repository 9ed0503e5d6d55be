"""The `hug` command: its help, `hug serve` as the default, `hug routes` and `hug openapi`."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import hug
import hug.test
from hug.__main__ import build_parser, main
from hug._command import routes, serve

REPOSITORY = Path(__file__).resolve().parent.parent
DEMO = REPOSITORY / "examples" / "demo.py"

ROUTES_APP = textwrap.dedent(
    """
    import hug
    from hug.middleware import CORSMiddleware

    api = hug.API(__name__)
    api.http.add_middleware(
        CORSMiddleware(api, allow_origins=["https://a.example", "https://b.example"])
    )
    api.http.base_url = "/api"


    @hug.get("/items")
    def list_items():
        return []


    @hug.post("/items", cors=False)
    def add_item(name: str):
        return name


    @hug.get("/open", cors="*")
    def open_route():
        return "open"


    @hug.get("/one", cors=["https://c.example"])
    def one_origin():
        return 1


    @hug.get("/thing", versions=1)
    def thing_one():
        return 1


    @hug.get("/thing", versions=2)
    def thing_two():
        return 2


    @hug.get("/secret", private=True)
    def secret():
        return "hidden"
    """
)

PLAIN_APP = textwrap.dedent(
    """
    import hug


    @hug.get("/b")
    def b():
        return "b"


    @hug.put("/a")
    @hug.get("/a")
    def a():
        return "a"
    """
)

_names = itertools.count()


@pytest.fixture
def write_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Path]]:
    """Write an app under a module name no other test uses, and forget it afterwards."""
    written: list[str] = []

    def write(source: str) -> Path:
        name = f"command_app_{next(_names)}"
        path = tmp_path / f"{name}.py"
        path.write_text(source)
        written.append(name)
        return path

    monkeypatch.chdir(tmp_path)
    yield write
    for name in written:
        sys.modules.pop(name, None)


def run_hug(
    *args: str, cwd: Path = REPOSITORY, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m hug ARGS` to completion (bounded) and return the result."""
    return subprocess.run(
        [sys.executable, "-m", "hug", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_error_line(stderr: str) -> str:
    """Return the only line of `stderr`, which must be a `hug: error:` line without traceback."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("hug: error: ")
    return lines[0]


# help and dispatch
def test_help_lists_every_subcommand_with_one_line_each() -> None:
    result = run_hug("--help", env={"COLUMNS": "80"})
    assert result.returncode == 0
    commands = result.stdout.split("\ncommands:\n", 1)[1].split("\n\n", 1)[0]
    lines = commands.splitlines()
    assert lines[0].strip() == "COMMAND"
    assert [line.split()[0] for line in lines[1:]] == ["serve", "routes", "cors", "openapi"]
    assert "default command" in lines[1]
    assert "list the API's routes" in lines[2]
    assert "hug cors check" in lines[3]
    assert "OpenAPI 3.1 document" in lines[4]
    # hug 2.6.1's serving flags stay on the top level: `hug -f app.py` serves.
    for flag in ("-f FILE", "-m MODULE", "-ho HOST", "-p PORT", "-n,", "-ma,", "-c ...", "-s,"):
        assert flag in result.stdout


def test_serve_is_the_default_command() -> None:
    bare = build_parser().parse_args(["-f", "app.py", "-p", "9000", "-ma", "-n"])
    explicit = build_parser().parse_args(["serve", "-f", "app.py", "-p", "9000", "-ma", "-n"])
    assert bare.run is explicit.run is serve.run
    for name in ("file", "module", "host", "port", "manual_reload", "no_404_documentation"):
        assert getattr(bare, name) == getattr(explicit, name)
    assert (explicit.file, explicit.port, explicit.manual_reload) == ("app.py", 9000, True)


def test_only_hug_261_s_long_spellings_so_abbreviations_mean_what_they_did() -> None:
    # A second spelling (--no-404-documentation) would make hug 2.6.1's `--n` ambiguous.
    args = build_parser().parse_args(["serve", "-f", "a.py", "--no_404_documentation"])
    assert args.no_404_documentation is True
    with pytest.raises(SystemExit):
        build_parser().parse_args(["-f", "a.py", "--no-404-documentation"])


def test_a_subcommand_name_after_c_is_the_apps_command_not_a_subcommand() -> None:
    args = build_parser().parse_args(["-f", "tool.py", "-c", "routes", "--json"])
    assert args.run is serve.run
    assert args.command == ["routes", "--json"]


def test_a_module_named_like_a_subcommand_is_a_module() -> None:
    args = build_parser().parse_args(["-m", "routes"])
    assert (args.run, args.module) == (serve.run, "routes")


def test_serve_subcommand_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"hug {hug.__version__}"
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = capsys.readouterr().out
    assert text.startswith("usage: hug serve ")
    assert "HUG_SERVER=granian|uvicorn|wsgiref" in " ".join(text.split())


def test_serve_without_a_source_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve"])
    assert exit_info.value.code == 2
    assert "hug serve: error: pass -f FILE or -m MODULE" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["cors"], ["routes"], ["openapi"], ["nope"]])
def test_incomplete_or_unknown_subcommands_are_usage_errors(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("usage: hug")


# hug routes
def test_routes_of_the_demo_as_a_table() -> None:
    result = run_hug("routes", "-f", str(DEMO))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["METHOD", "PATH", "VERSION", "FUNCTION", "CORS"]
    cells = [line.split(None, 4) for line in lines[1:]]
    assert [(method, path) for method, path, *_ in cells] == [
        ("GET", "/add"),
        ("POST", "/echo"),
        ("GET", "/happy_birthday"),
        ("PUT", "/notes/{note_id}"),
        ("GET", "/v1/version"),
        ("GET", "/v2/version"),
    ]
    assert cells[0] == ["GET", "/add", "-", "demo:add", "middleware: 2 origins, credentials"]
    assert cells[5][2:4] == ["2", "demo:version_two"]


def test_routes_json_has_the_same_fields_and_order(write_app) -> None:
    path = write_app(ROUTES_APP)
    result = run_hug("routes", "-f", str(path), "--json", cwd=path.parent)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    stem = path.stem
    assert rows == [
        {"method": "GET", "path": "/api/items", "version": None,
         "function": f"{stem}:list_items", "cors": "middleware: 2 origins, credentials",
         "private": False},
        {"method": "POST", "path": "/api/items", "version": None,
         "function": f"{stem}:add_item", "cors": "off", "private": False},
        {"method": "GET", "path": "/api/one", "version": None,
         "function": f"{stem}:one_origin", "cors": "1 origin, credentials", "private": False},
        {"method": "GET", "path": "/api/open", "version": None,
         "function": f"{stem}:open_route", "cors": "*", "private": False},
        {"method": "GET", "path": "/api/v1/thing", "version": 1,
         "function": f"{stem}:thing_one", "cors": "middleware: 2 origins, credentials",
         "private": False},
        {"method": "GET", "path": "/api/v2/thing", "version": 2,
         "function": f"{stem}:thing_two", "cors": "middleware: 2 origins, credentials",
         "private": False},
    ]  # fmt: skip


def test_routes_lists_private_routes_only_with_all(write_app, capsys) -> None:
    path = write_app(ROUTES_APP)
    assert main(["routes", "-f", str(path)]) == 0
    assert "secret" not in capsys.readouterr().out
    assert main(["routes", "-f", str(path), "--all"]) == 0
    table = capsys.readouterr().out
    (line,) = [line for line in table.splitlines() if "/api/secret" in line]
    assert line.split() == ["GET", "/api/secret", "-", f"{path.stem}:secret", "(private)",
                            "middleware:", "2", "origins,", "credentials"]  # fmt: skip
    assert main(["routes", "-f", str(path), "--all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["private"] for row in rows if row["path"] == "/api/secret"] == [True]


def test_every_listed_path_is_where_the_route_answers(write_app, capsys) -> None:
    path = write_app(ROUTES_APP)
    assert main(["routes", "-f", str(path), "--json", "--all"]) == 0
    rows = json.loads(capsys.readouterr().out)
    api = hug.API(path.stem)
    for row in rows:
        body = {"name": "x"} if row["method"] == "POST" else ""
        response = hug.test.call(row["method"], api, row["path"], body=body)
        assert response.status == "200 OK", (row, response.status)


def test_an_api_without_cors_says_off_and_rows_sort_by_path_then_method(write_app, capsys):
    path = write_app(PLAIN_APP)
    assert main(["routes", "-f", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split() for line in lines[1:]] == [
        ["GET", "/a", "-", f"{path.stem}:a", "off"],
        ["PUT", "/a", "-", f"{path.stem}:a", "off"],
        ["GET", "/b", "-", f"{path.stem}:b", "off"],
    ]


def test_routes_list_sinks_and_websockets_and_name_methods_by_qualname() -> None:
    api = hug.API("routes_sinks_and_websockets")

    @hug.sink("/static", api=api)
    def files(request, response):
        return None

    @hug.websocket("/live", api=api)
    async def live(ws):
        return None

    rows = routes.route_rows(api.http, include_private=False)
    assert [(row.method, row.path) for row in rows] == [("WEBSOCKET", "/live"), ("SINK", "/static")]
    suffix = "test_routes_list_sinks_and_websockets_and_name_methods_by_qualname.<locals>"
    assert rows[1].function == f"{__name__}:{suffix}.files"


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        (None, "no such file"),
        ("import hug\n\nvalue = 1 / 0\n", "ZeroDivisionError: division by zero"),
        ("import hug\n\nVALUE = 1\n", "defines no hug HTTP routes"),
    ],
)
@pytest.mark.parametrize("command", ["routes", "openapi"])
def test_bad_sources_are_one_line_errors_with_exit_code_two(
    write_app, capsys, command: str, source: str | None, fragment: str
) -> None:
    path = write_app(source) if source is not None else Path("missing.py")
    assert main([command, "-f", str(path)]) == 2
    captured = capsys.readouterr()
    assert fragment in one_error_line(captured.err)
    assert captured.out == ""


def test_an_import_error_names_the_failing_line(write_app, capsys) -> None:
    path = write_app("import hug\n\n\nraise RuntimeError('broken on purpose')\n")
    assert main(["routes", "-m", path.stem]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"{path.name}:4" in line
    assert "RuntimeError: broken on purpose" in line


def test_a_module_that_cannot_be_found_is_named(capsys) -> None:
    assert main(["openapi", "-m", "no_such_module_anywhere"]) == 2
    assert "no module named 'no_such_module_anywhere'" in one_error_line(capsys.readouterr().err)


# hug openapi
def test_openapi_prints_the_document_indented_by_two(write_app) -> None:
    path = write_app(ROUTES_APP)
    result = run_hug(
        "openapi", "-f", str(path), "--title", "Items", "--version", "1.2",
        "--server", "http://localhost:8000", "--server", "https://api.example.com",
        cwd=path.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('{\n  "openapi": "3.1.0",\n  "info": {\n    "title"')
    document = json.loads(result.stdout)
    assert document["info"] == {"title": "Items", "version": "1.2"}
    assert document["servers"] == [
        {"url": "http://localhost:8000"},
        {"url": "https://api.example.com"},
    ]
    assert set(document["paths"]) == {
        "/api/items",
        "/api/one",
        "/api/open",
        "/api/v1/thing",
        "/api/v2/thing",
    }  # private routes are left out
    assert set(document["paths"]["/api/items"]) == {"get", "post"}


def test_openapi_without_options_uses_the_generators_defaults(write_app, capsys) -> None:
    from hug._openapi.document import openapi_document

    path = write_app(PLAIN_APP)
    assert main(["openapi", "-f", str(path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == openapi_document(hug.API(path.stem).http)
    assert "servers" not in printed


def test_a_failing_generator_is_a_one_line_error(write_app, capsys, monkeypatch) -> None:
    import hug._openapi.document

    def broken(*args, **kwargs):
        raise TypeError("cannot describe\nthis type")

    monkeypatch.setattr(hug._openapi.document, "openapi_document", broken)
    path = write_app(PLAIN_APP)
    assert main(["openapi", "-f", str(path)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "generating the OpenAPI document failed: TypeError: cannot describe\\x0athis" in line
