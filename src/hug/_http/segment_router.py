"""A Falcon router whose cost does not grow with the number of routes.

Falcon's compiled router tests a request's first path segment against every literal first
segment in turn, so a request to the last of 1,000 routes costs several times one to a
one-route app. This router keeps one compiled router per literal first segment, found with
one dict lookup, and a base router for templates whose first segment has a field. Falcon's own
router tries a literal segment before fields and patterns and falls back to them when the
literal's subtree has no match; trying the segment's router, then the base router, keeps
exactly that precedence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from falcon.routing import CompiledRouter

if TYPE_CHECKING:
    from falcon.routing.compiled import CompiledRouterNode

# Below this many distinct literal first segments one compiled router is cheaper (measured:
# the dict lookup costs about what Falcon spends testing ten literal segments).
MIN_SEGMENTS = 10


def first_segment(uri_template: str) -> str:
    """Return a template's first path segment, as Falcon splits it."""
    return uri_template.lstrip("/").split("/", 1)[0]


def router_for(uri_templates: list[str]) -> CompiledRouter:
    """Return the router to build for these templates: by segment only for many of them."""
    segments = {first_segment(template) for template in uri_templates}
    literal = sum(1 for segment in segments if "{" not in segment)
    return SegmentRouter() if literal >= MIN_SEGMENTS else CompiledRouter()


class SegmentRouter(CompiledRouter):
    """A CompiledRouter with one compiled router per literal first segment."""

    __slots__ = ("_by_segment",)

    def __init__(self) -> None:
        super().__init__()
        self._by_segment: dict[str, CompiledRouter] = {}

    def add_route(self, uri_template: str, resource: object, **kwargs: Any) -> None:
        """Add the route to its first segment's router, or to the base router for a field."""
        segment = first_segment(uri_template)
        if "{" in segment:
            super().add_route(uri_template, resource, **kwargs)
            return
        router = self._by_segment.get(segment)
        if router is None:
            router = self._by_segment[segment] = CompiledRouter()
            router._options = self._options  # one set of converters for the whole app
            router._converter_map = self._converter_map
        router.add_route(uri_template, resource, **kwargs)

    def find(
        self, uri: str, req: object = None
    ) -> tuple[object, Any, dict[str, Any], str | None] | None:
        """Return Falcon's (resource, method map, params, template) for `uri`, or None."""
        path = uri.lstrip("/").split("/")
        router = self._by_segment.get(path[0])
        params: dict[str, Any] = {}
        node: CompiledRouterNode | None = None
        if router is not None:
            node = router._find(
                path, router._return_values, router._patterns, router._converters, params
            )
        if node is None:
            params = {}
            node = self._find(path, self._return_values, self._patterns, self._converters, params)
            if node is None:
                return None
        return node.resource, node.method_map or {}, params, node.uri_template
