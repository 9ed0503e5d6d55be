"""schemathesis, in-process, over the served OpenAPI documents of the apps, on WSGI and ASGI.

For every documented operation: no 5xx, no undocumented status code or content type, every answer
conforms to its documented schema, schema-valid data is accepted and schema-violating data is
refused with a documented 4xx (tests/openapi/fuzz_support.py says which two query-string cases are
judged as hug reads them). Bounded: FUZZ_EXAMPLES examples per operation and interface.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

if sys.version_info < (3, 11):
    pytest.skip(
        "schemathesis 4.31+ needs Python 3.11, and 4.30's WSGI transport crashes on the multipart"
        " bodies it generates; the fuzz runs on Python 3.11 to 3.13",
        allow_module_level=True,
    )

from tests.openapi.apps.loading import ROOT, http_api, load_app
from tests.openapi.fuzz_support import call_and_validate

FUZZ_EXAMPLES = int(os.environ.get("HUG_FUZZ_EXAMPLES", "40"))
"""Examples per operation and interface (raise it locally for a longer hunt)."""

FUZZED_APPS = (
    ROOT / "tests" / "openapi" / "apps" / "wide.py",
    ROOT / "examples" / "demo.py",
    ROOT / "tests" / "browser" / "apps" / "openapi_app.py",
)


def _schema(path: Path, interface: str) -> tuple[Any, dict[str, Any]]:
    module = load_app(path)
    api = http_api(module)
    if "/openapi.json" not in api.routes.get(api.base_url, {}):
        api.add_openapi(docs_url=None)
    if interface == "wsgi":
        schema = schemathesis.openapi.from_wsgi("/openapi.json", api.server())
    else:
        schema = schemathesis.openapi.from_asgi("/openapi.json", api.asgi_server())
    return schema, api.openapi()


def _fuzz(path: Path, interface: str) -> Any:
    schema, document = _schema(path, interface)
    assert document["paths"], f"{path.name} documents no operation"

    @schema.parametrize()
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        call_and_validate(case, document)

    return fuzz


for _path in FUZZED_APPS:
    for _interface in ("wsgi", "asgi"):
        globals()[f"test_fuzz_{_path.stem}_{_interface}"] = _fuzz(_path, _interface)


def test_every_fuzzed_app_is_collected() -> None:
    names = {name for name in globals() if name.startswith("test_fuzz_")}
    assert len(names) == 2 * len(FUZZED_APPS)


@pytest.mark.parametrize("interface", ["wsgi", "asgi"])
def test_the_fuzz_catches_an_undocumented_answer(interface: str) -> None:
    # A route that answers 500 on some valid input must fail the fuzz: the harness is not blind.
    import hug

    api = hug.API(f"_openapi_broken_{interface}")

    @hug.get("/broken", api=api)
    def broken(number: int):
        """Crashes on odd numbers"""
        if number % 2:
            raise RuntimeError("odd")
        return number

    api.http.add_openapi(docs_url=None)
    app = api.http.server() if interface == "wsgi" else api.http.asgi_server()
    openapi = schemathesis.openapi
    loader = openapi.from_wsgi if interface == "wsgi" else openapi.from_asgi
    schema = loader("/openapi.json", app)
    document = api.http.openapi()
    failures: list[BaseException] = []
    for result in _run_each(schema, document):
        failures.extend(result)
    assert failures, "schemathesis found nothing wrong with a route that crashes"


def _run_each(schema: Any, document: dict[str, Any]) -> list[list[BaseException]]:
    results = []
    for operation in schema.get_all_operations():
        strategy = operation.ok().as_strategy()
        found: list[BaseException] = []

        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            try:
                call_and_validate(case, document)
            except BaseException as error:  # noqa: BLE001 - collected, asserted on above
                found.append(error)

        from hypothesis import given

        given(strategy)(run)()
        results.append(found)
    return results
