"""Generate hug's API documentation, the body of the documentation 404 (docs/hug-api.md)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hug import types
from hug._core.describe import DOC_TYPE_MAP, is_marshmallow_field

if TYPE_CHECKING:
    from hug._core.plan import Input
    from hug.api import HTTPInterfaceAPI
    from hug.interface import HTTPRoute

HIDDEN_INPUTS = frozenset({"request", "response", "self", "api_version", "body"})

_TEXT_DOC = types.text.__doc__
"""What hug documents an unannotated parameter as."""

NOT_FOUND_MESSAGE = (
    "The API call you tried to make was not defined. "
    "Here's a definition of the API to help you get going :)"
)


def describe(kind: object) -> str | None:
    """Return the documentation text for a type, format or transform (hug's `_doc`)."""
    try:
        if kind in DOC_TYPE_MAP:
            return DOC_TYPE_MAP[kind]
    except TypeError:  # unhashable
        pass
    return getattr(kind, "__doc__", None)


def route_documentation(
    route: HTTPRoute,
    output_format: Callable[..., Any],
    add_to: OrderedDict[str, Any] | None = None,
    version: int | None = None,
    prefix: str = "",
    base_url: str = "",
    url: str = "",
) -> OrderedDict[str, Any]:
    """Return (or add to) the documentation of one route at one URL and version."""
    doc: OrderedDict[str, Any] = OrderedDict() if add_to is None else add_to
    plan = route.plan
    usage = plan.signature.doc
    if usage:
        doc["usage"] = usage
    for example in route.examples:
        text = f"{prefix}{base_url}{f'/v{version}' if version else ''}{url}"
        if isinstance(example, str):
            text += f"?{example}"
        examples = doc.setdefault("examples", [])
        if text not in examples:
            examples.append(text)
    if plan.requires:
        doc["requires"] = [
            getattr(requirement.check, "__doc__", None) for requirement in plan.requires
        ]
    outputs = route.outputs or output_format
    doc["outputs"] = OrderedDict(
        (("format", describe(outputs)), ("content_type", getattr(outputs, "content_type", None)))
    )
    shown = [
        name
        for name in plan.parameters
        if name not in HIDDEN_INPUTS and not name.startswith("hug_")
    ]
    if shown:
        # hug lists an empty "inputs" when the only inputs are directive-annotated parameters.
        inputs = doc.setdefault("inputs", OrderedDict())
        for item in plan.inputs:
            if item.name not in shown:
                continue
            entry = inputs.setdefault(item.external, OrderedDict())
            entry["type"] = _input_doc(item)
            default = plan.defaults.get(item.name)
            if default is not None:
                entry["default"] = default
    output_doc = _output_type(route)
    if output_doc:
        doc["outputs"]["type"] = output_doc
    return doc


def _input_doc(item: Input) -> str | None:
    """Return what hug shows as an input's type: a marshmallow field's whole class docstring."""
    annotation = getattr(item.description, "annotation", None)
    if annotation is not None and is_marshmallow_field(annotation):
        doc: str | None = annotation.__doc__
        return doc
    return item.doc if item.doc is not None or item.description else _TEXT_DOC


def _output_type(route: HTTPRoute) -> str | None:
    transform = route.options.transform
    if transform is None and route.plan.transform is not None:
        transform = route.plan.signature.return_annotation
    if transform is None or transform is False:
        return None
    return transform if isinstance(transform, str) else describe(transform)


def api_documentation(
    http_api: HTTPInterfaceAPI,
    base_url: str | None = None,
    api_version: int | None = None,
    prefix: str = "",
) -> OrderedDict[str, Any]:
    """Return the documentation of an API's HTTP routes, for one version (the latest by default)."""
    documentation: OrderedDict[str, Any] = OrderedDict()
    base_url = http_api.base_url if base_url is None else base_url
    overview = http_api.api.doc
    if overview:
        documentation["overview"] = overview
    versions = [version for version in http_api.versions if version is not None]
    if api_version is None and versions:
        api_version = max(versions)
    if api_version is not None:
        documentation["version"] = api_version
    if versions:
        documentation["versions"] = sorted(versions)
    handlers: OrderedDict[str, Any] = OrderedDict()
    for router_base_url, routes in http_api.routes.items():
        if base_url and router_base_url != base_url:
            continue
        for url, methods in routes.items():
            for method, method_versions in methods.items():
                for version, route in method_versions.items():
                    if route.private:
                        continue
                    applies_to = http_api.versions if version is None else (version,)
                    for applied in applies_to:
                        if api_version and applied != api_version:
                            continue
                        doc = handlers.setdefault(url, OrderedDict())
                        doc[method] = route_documentation(
                            route,
                            http_api.output_format,
                            doc.get(method),
                            version=applied,
                            prefix=prefix,
                            base_url=router_base_url,
                            url=url,
                        )
    documentation["handlers"] = handlers
    return documentation
