"""Build a route's plan: every per-route decision, made once, as tuples the pipeline loops over."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from hug._core import converters
from hug._core.callables import accepted_keywords, call_with
from hug._core.describe import describe_return
from hug._core.descriptions import TypeInfo
from hug._core.signature import MISSING, Signature, read_signature
from hug.exceptions import RouteOptionError

TransformOption = Callable[..., Any] | Literal[False] | None
"""A route's `transform`/`on_invalid` option: a callable, False to switch it off, or None."""

INJECTED = frozenset({"request", "response", "api_version"})
"""Parameter names the interface fills in itself rather than taking from the caller."""


Conversion: TypeAlias = tuple[
    str, Callable[[Any, Any], Any], Callable[[Any], Any] | None, str | None, bool, bool
]
"""One input's conversion, as the pipeline unpacks it per request: (external name, converter
called as `convert(value, context)`, its direct cast (`Converter.cast`) or None where there is
none or errors must raise, the cast's error text (None: the error's own message), whether the
cast applies to `str` values only, whether the caller must supply the input). A plain tuple:
Python unpacks a NamedTuple several times slower."""


def conversion(
    name: str, converter: converters.Converter, *, raising: bool, required: bool
) -> Conversion:
    """Return the conversion of one input (no cast when errors must raise: the converter's own)."""
    cast = None if raising else converter.cast
    if cast is None:
        return (name, converter.call, None, None, False, required)
    return (name, converter.call, cast.function, cast.message, cast.text_only, required)


@dataclass(frozen=True, slots=True)
class DirectiveUse:
    """A parameter whose value a directive provides (`default`: the parameter's default)."""

    name: str
    provider: Callable[..., Any]
    default: Any
    keywords: frozenset[str] | None

    def provide(self, available: Mapping[str, Any]) -> Any:
        """Return the directive's value, passing only the keywords it accepts."""
        arguments = () if self.default is MISSING else (self.default,)
        return call_with(self.provider, self.keywords, available, *arguments)


@dataclass(frozen=True, slots=True)
class Requirement:
    """A `requires=` callable, with the keywords it accepts worked out once."""

    check: Callable[..., Any]
    keywords: frozenset[str] | None

    def conclude(self, available: Mapping[str, Any]) -> Any:
        """Return the requirement's verdict: True/None/False pass, anything else is the answer."""
        return call_with(self.check, self.keywords, available)


@dataclass(frozen=True, slots=True)
class Transform:
    """An output transform (`transform=`, `on_invalid=` or the return annotation)."""

    function: Callable[..., Any]
    keywords: frozenset[str] | None
    context_attribute: bool = False

    def apply(self, data: Any, available: Mapping[str, Any]) -> Any:
        """Return `data` transformed, giving the transform the request/response it asks for."""
        function = self.function
        if isinstance(function, type) and isinstance(data, function):
            return data  # already what a class transform would make (hug behaviour)
        if self.context_attribute:
            # hug's protocol: the transform reads `self.context`. A copy per call keeps
            # concurrent requests from seeing each other's context.
            function = copy.copy(function)
            function.context = available.get("context")  # type: ignore[attr-defined]
        return call_with(function, self.keywords, available, data)


def _transform(function: TransformOption) -> Transform | None:
    if function is None or function is False:
        return None
    keywords = accepted_keywords(function, ("request", "response", "context"))
    return Transform(function, keywords, _has_context_attribute(function, keywords))


def _has_context_attribute(function: object, keywords: frozenset[str] | None) -> bool:
    """Return whether the transform takes its context as a writable `.context` attribute."""
    if isinstance(function, type) or keywords is None or "context" in keywords:
        return False
    if not hasattr(function, "context"):
        return False
    descriptor = getattr(type(function), "context", None)
    return not (isinstance(descriptor, property) and descriptor.fset is None)


@dataclass(frozen=True, slots=True)
class Input:
    """One parameter the caller supplies: its names, default, documentation and description."""

    name: str
    """The function's parameter name."""
    external: str
    """The name callers use (differs when `map_params` renames it)."""
    description: TypeInfo | None
    """What the parameter accepts; None when it is not annotated or annotated with text."""
    doc: str | None
    """What hug's documentation shows: the description's doc, or the annotation text."""
    default: Any = MISSING

    @property
    def required(self) -> bool:
        """Return whether the caller must supply a value."""
        return self.default is MISSING


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything the pipeline needs to run one route, decided when the route is registered."""

    function: Callable[..., Any]
    signature: Signature
    parameters: tuple[str, ...]
    defaults: Mapping[str, Any]
    required: tuple[str, ...]
    accepted: frozenset[str]
    takes_kwargs: bool
    converters: tuple[Conversion, ...]
    required_unconverted: bool
    """Whether a required input has no converter (conversion notices the others missing)."""
    directives: tuple[DirectiveUse, ...]
    requires: tuple[Requirement, ...]
    validate: Callable[[dict[str, Any]], Any] | None
    map_params: tuple[tuple[str, str], ...]
    transform: Transform | None
    on_invalid: Transform | None
    raise_on_invalid: bool
    is_coroutine: bool
    wants_body: bool
    wants_request: bool
    wants_response: bool
    wants_api_version: bool
    needs_context: bool
    inputs: tuple[Input, ...] = ()
    """Every parameter that is not filled by a directive, in declaration order."""
    returns: TypeInfo | None = None
    """What the function returns, where its return annotation describes it."""
    transformed: TypeInfo | None = None
    """What an explicit `transform=` answers, where it describes it (a schema or model class)."""

    @property
    def name(self) -> str:
        """Return the function's name, as routes and documentation show it."""
        return self.signature.name


def is_directive(annotation: Any) -> bool:
    """Return whether an annotation marks its parameter as filled by a directive."""
    return callable(annotation) and getattr(annotation, "directive", False) is True


def build_plan(
    function: Callable[..., Any],
    *,
    directives: Mapping[str, Callable[..., Any]],
    args: Mapping[str, Any] | None = None,
    parameters: Iterable[str] | None = None,
    defaults: Mapping[str, Any] | None = None,
    map_params: Mapping[str, str] | None = None,
    requires: Iterable[Callable[..., Any]] = (),
    validate: Callable[[dict[str, Any]], Any] | None = None,
    transform: TransformOption = None,
    on_invalid: TransformOption = MISSING,
    raise_on_invalid: bool = False,
) -> Plan:
    """Build the plan for `function` with the route's options; raises RouteOptionError on misuse."""
    signature = read_signature(function, args)
    by_name = {parameter.name: parameter for parameter in signature.parameters}
    if parameters is None:
        names = signature.names
        route_defaults = {p.name: p.default for p in signature.parameters if not p.required}
    else:
        names = tuple(parameters)
        route_defaults = dict(defaults or {})
    required = tuple(name for name in names if name not in route_defaults)
    accepted = set(names)

    rename = dict(map_params or {})
    for external, internal in rename.items():
        if internal not in accepted and not signature.takes_kwargs:
            raise RouteOptionError(
                f"map_params maps {external!r} to {internal!r}, but {signature.name}() has no "
                f"parameter {internal!r}; use one of {sorted(accepted)}"
            )
    to_external = {internal: external for external, internal in rename.items()}

    converter_list: list[tuple[str, converters.Converter]] = []
    directive_list: list[DirectiveUse] = []
    inputs: list[Input] = []
    for name in names:
        parameter = by_name.get(name)
        annotation = parameter.annotation if parameter else MISSING
        default = route_defaults.get(name, MISSING)
        provider = None
        if is_directive(annotation):
            provider = annotation
        elif name.startswith("hug_") and name in directives:
            provider = directives[name]
        if provider is not None:
            keywords = accepted_keywords(provider, DIRECTIVE_KEYWORDS)
            directive_list.append(DirectiveUse(name, provider, default, keywords))
            continue
        external = to_external.get(name, name)
        converter = converters.converter_for(annotation, name=name)
        if converter is None:
            doc = annotation if isinstance(annotation, str) else None
            inputs.append(Input(name, external, None, doc, default))
            continue
        converter_list.append((external, converter))
        inputs.append(Input(name, external, converter.description, converter.doc, default))

    from_annotation = transform is None
    if from_annotation:
        transform = converters.return_transform_for(signature.return_annotation)
    transform_plan = _transform(transform)
    if on_invalid is not MISSING:
        on_invalid_plan = _transform(on_invalid)
    else:
        # A return annotation describes what the function returns, never hug's error dict: `-> int`
        # would turn every 400 into a crash (hug 2.6.1 did, quirk Q9b).
        on_invalid_plan = None if from_annotation else transform_plan
    requirements = tuple(
        Requirement(check, accepted_keywords(check, REQUIREMENT_KEYWORDS))
        for check in _as_tuple(requires)
    )
    external_required = tuple(to_external.get(name, name) for name in required)
    plan_required = tuple(
        name
        for name in external_required
        if name not in INJECTED | {"body"} and not _is_directive_name(name, directive_list)
    )
    conversions = tuple(
        conversion(name, converter, raising=raise_on_invalid, required=name in plan_required)
        for name, converter in converter_list
    )
    converted = {name for name, _ in converter_list}
    external_accepted = frozenset(to_external.get(name, name) for name in accepted)
    return Plan(
        function=function,
        signature=signature,
        parameters=names,
        defaults=route_defaults,
        required=plan_required,
        accepted=external_accepted,
        takes_kwargs=signature.takes_kwargs,
        converters=conversions,
        required_unconverted=any(name not in converted for name in plan_required),
        directives=tuple(directive_list),
        requires=requirements,
        validate=validate,
        map_params=tuple(rename.items()),
        transform=transform_plan,
        on_invalid=on_invalid_plan,
        raise_on_invalid=raise_on_invalid,
        is_coroutine=signature.is_coroutine,
        wants_body="body" in accepted,
        wants_request="request" in accepted,
        wants_response="response" in accepted,
        wants_api_version="api_version" in accepted,
        needs_context=bool(directive_list or requirements or converter_list)
        or _wants_context(transform_plan)
        or _wants_context(on_invalid_plan),
        inputs=tuple(inputs),
        returns=describe_return(signature.return_annotation),
        transformed=None if from_annotation or transform is False else describe_return(transform),
    )


DIRECTIVE_KEYWORDS = ("request", "response", "api", "api_version", "context", "interface")
REQUIREMENT_KEYWORDS = ("request", "response", "context", "module")


def _wants_context(transform: Transform | None) -> bool:
    if transform is None:
        return False
    keywords = transform.keywords
    return transform.context_attribute or keywords is None or "context" in keywords


def _is_directive_name(name: str, directive_list: list[DirectiveUse]) -> bool:
    return any(use.name == name for use in directive_list)


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    if callable(value):
        return (value,)
    return tuple(value)
