"""`@hug.local()`: validated, directive-aware direct calls (docs/hug-api.md#local, Q38).

Where hug 2.6.1's behaviour is the expectation it was checked by calling hug 2.6.1's
`hug.local()` the same way, and the test says so. hug 2.6.1 reported an `int` annotation's error as
Python's raw text; these tests use `hug.types.number`, whose message is the same in both.
"""

import asyncio

import pytest

import hug
from hug.exceptions import RouteOptionError


def test_local_call_converts_arguments_with_the_annotations(api):
    # Matches hug 2.6.1.
    @hug.local(api=api)
    def add(a: hug.types.number, b: hug.types.number):
        return a + b

    assert add(1, "2") == 3
    assert add(a="3", b=4) == 7


def test_local_call_returns_errors_instead_of_raising(api):
    # Matches hug 2.6.1 (Q38).
    @hug.local(api=api)
    def add(a: hug.types.number, b: hug.types.number):
        return a + b

    assert add("x", 2) == {"errors": {"a": "Invalid whole number provided"}}
    assert add(1) == {"errors": {"b": "Required parameter 'b' not supplied"}}


def test_undecorated_function_is_plain_python(api):
    # Matches hug 2.6.1 (Q38): no validation without @hug.local().
    def plain(a: hug.types.number):
        return a

    hug.get("/plain", api=api)(plain)
    assert plain("not a number") == "not a number"


def test_local_wrapper_keeps_the_name_and_the_wrapped_function(api):
    def documented(a):
        """Documented."""
        return a

    wrapped = hug.local(api=api)(documented)
    assert wrapped.__name__ == "documented"
    assert wrapped.__doc__ == "Documented."
    assert wrapped.__wrapped__ is documented
    assert wrapped.interface.local is wrapped


def test_local_call_fills_directives(api):
    # Matches hug 2.6.1.
    @hug.local(api=api)
    def directed(hug_api=None, hug_timer=2, hug_module=None):
        return {
            "api": hug_api is api,
            "timer": type(hug_timer).__name__,
            "module": hug_module is api.module,
        }

    assert directed() == {"api": True, "timer": "Timer", "module": True}


def test_local_caller_can_pass_a_directive_value_itself(api):
    # Matches hug 2.6.1: for local calls a given value is kept.
    @hug.local(api=api)
    def directed(hug_timer=3):
        return type(hug_timer).__name__

    assert directed(hug_timer="given") == "str"


def test_local_custom_directive_gets_the_api_and_a_context(api):
    @hug.directive(api=api)
    def probe(default=None, api=None, context=None, request=None, **kwargs):
        return {"default": default, "api": api is not None, "context": context, "request": request}

    @hug.local(api=api)
    def probed(hug_probe="d"):
        return hug_probe

    assert probed() == {"default": "d", "api": True, "context": {}, "request": None}


def test_directives_false_turns_directives_off(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, directives=False)
    def undirected(hug_api=None):
        return hug_api

    assert undirected() is None


def test_validate_false_turns_conversion_and_validation_off(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, validate=False)
    def unvalidated(a: hug.types.number):
        return a

    assert unvalidated("x") == "x"


def test_local_validate_must_be_a_switch(api):
    with pytest.raises(RouteOptionError, match="True or False"):
        hug.local(api=api, validate=lambda fields: None)(lambda: None)


def test_version_pins_the_api_version_directive(api):
    # Matches hug 2.6.1: hug_api_version is 3 (api_version itself is not injected locally).
    @hug.local(api=api, version=3)
    def pinned(hug_api_version=None, api_version=None):
        return (hug_api_version, api_version)

    assert pinned() == (3, None)


def test_local_requirement_refusal_is_returned(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, requires=lambda **kwargs: {"refused": True})
    def guarded():
        return "through"

    assert guarded() == {"refused": True}


@pytest.mark.parametrize("verdict", [True, None, False])
def test_local_requirement_returning_true_none_or_false_passes(api, verdict):
    # Matches hug 2.6.1 (Q30).
    @hug.local(api=api, requires=lambda **kwargs: verdict)
    def guarded():
        return "through"

    assert guarded() == "through"


def test_local_requirement_gets_a_context_and_no_request(api):
    # Matches hug 2.6.1: request and response are None, context and module are given.
    seen = {}

    def check(request, response, context, module):
        seen.update(request=request, response=response, context=context, module=module)
        return True

    @hug.local(api=api, requires=check)
    def guarded():
        return "through"

    assert guarded() == "through"
    assert seen == {"request": None, "response": None, "context": {}, "module": api.module}


def test_local_on_invalid_transforms_the_errors(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, on_invalid=lambda data: "INVALID")
    def checked(a: hug.types.number):
        return a

    assert checked("x") == "INVALID"
    assert checked("1") == 1


def test_local_transform_applies_to_the_result(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, transform=lambda data: data * 2)
    def doubled(a: hug.types.number):
        return a

    assert doubled("3") == 6


def test_local_return_annotation_is_the_default_transform(api):
    # Matches hug 2.6.1.
    @hug.local(api=api)
    def annotated(a: hug.types.number) -> str:
        return a

    assert annotated("3") == "3"


def test_local_return_annotation_does_not_shape_errors(api):
    # Q9b: hug 2.6.1 turned the errors dict into its str() (and crashed on `-> int`).
    @hug.local(api=api)
    def annotated(a: hug.types.number) -> str:
        return a

    assert annotated("x") == {"errors": {"a": "Invalid whole number provided"}}
    assert annotated("3") == "3"


def test_local_transform_false_turns_off_the_return_annotation(api):
    @hug.local(api=api, transform=False)
    def annotated(a: hug.types.number) -> str:
        return a

    assert annotated("3") == 3


def test_local_output_formats_the_result(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, output=hug.output_format.json)
    def formatted(a: hug.types.number):
        return a

    assert formatted("3") == b"3"


def test_local_output_also_formats_errors_and_refusals(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, output=hug.output_format.json)
    def formatted(a: hug.types.number):
        return a

    @hug.local(api=api, requires=lambda **kwargs: "refused", output=hug.output_format.json)
    def refused():
        return 1

    assert formatted("x") == b'{"errors": {"a": "Invalid whole number provided"}}'
    assert refused() == b'"refused"'


def test_local_output_invalid_formats_only_errors(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, output_invalid=hug.output_format.json)
    def checked(a: hug.types.number):
        return a

    assert checked("x") == b'{"errors": {"a": "Invalid whole number provided"}}'
    assert checked("1") == 1


def test_local_raise_on_invalid_raises_the_type_error(api):
    # Matches hug 2.6.1.
    @hug.local(api=api, raise_on_invalid=True)
    def strict(a: hug.types.number):
        return a

    with pytest.raises(ValueError, match="Invalid whole number provided"):
        strict("x")


def test_local_map_params_and_args(api):
    @hug.local(api=api, map_params={"from": "start"}, args={"start": hug.types.number})
    def ranged(start):
        return start

    assert ranged(**{"from": "4"}) == 4


def test_local_unknown_keyword_raises_type_error(api):
    # Matches hug 2.6.1 (TypeError for an unexpected keyword).
    @hug.local(api=api)
    def f(a: hug.types.number):
        return a

    with pytest.raises(TypeError, match="zzz"):
        f(1, zzz=2)


def test_local_too_many_positional_arguments_raises_type_error(api):
    # hug 2.6.1 raised IndexError here.
    @hug.local(api=api)
    def f(a: hug.types.number):
        return a

    with pytest.raises(TypeError):
        f(1, 2)


def test_local_kwargs_receives_extra_keywords(api):
    # Matches hug 2.6.1.
    @hug.local(api=api)
    def kw(a: hug.types.number, **kwargs):
        return [a, kwargs]

    assert kw("1", z=3) == [1, {"z": 3}]


def test_local_on_a_method_binds_self(api):
    # Matches hug 2.6.1.
    class Thing:
        @hug.local(api=api)
        def method(self, a: hug.types.number):
            return [type(self).__name__, a]

    assert Thing().method("3") == ["Thing", 3]


def test_local_async_function_runs_to_completion_outside_a_loop(api):
    # Matches hug 2.6.1.
    @hug.local(api=api)
    async def doubled(a: hug.types.number):
        await asyncio.sleep(0)
        return a * 2

    assert doubled("2") == 4
    assert doubled("x") == {"errors": {"a": "Invalid whole number provided"}}


def test_local_async_function_returns_an_awaitable_inside_a_loop(api):
    # Matches hug 2.6.1.
    @hug.local(api=api)
    async def doubled(a: hug.types.number):
        await asyncio.sleep(0)
        return a * 2

    async def main():
        pending = doubled("3")
        assert asyncio.iscoroutine(pending)
        return await pending, await doubled("x")

    assert asyncio.run(main()) == (6, {"errors": {"a": "Invalid whole number provided"}})


def test_local_async_function_gets_directives_and_transform(api):
    @hug.local(api=api, transform=lambda data: {"t": data})
    async def directed(hug_api=None):
        return hug_api is api

    assert directed() == {"t": True}


def test_local_stacked_over_an_http_route(api, http):
    # Matches hug 2.6.1.
    @hug.local(api=api)
    @hug.get("/add", api=api)
    def add(a: hug.types.number, b: hug.types.number):
        return a + b

    assert add(1, "2") == 3
    assert http.get(api, "/add", a="1", b="2").data == 3
    assert add.interface.http is not None


def test_http_route_stacked_over_a_local_call(api, http):
    # Matches hug 2.6.1.
    @hug.get("/sub", api=api)
    @hug.local(api=api)
    def sub(a: hug.types.number, b: hug.types.number):
        return a - b

    assert sub(5, "2") == 3
    assert http.get(api, "/sub", a="5", b="2").data == 3
    invalid = http.get(api, "/sub", a="x", b="2")
    assert invalid.status == "400 Bad Request"
    assert invalid.data == {"errors": {"a": "Invalid whole number provided"}}


def test_local_delete_context_sees_the_outcome(api):
    outcomes = []

    @hug.delete_context(api=api)
    def delete(context, exception=None, errors=None, lacks_requirement=None):
        outcomes.append((exception, errors, lacks_requirement))

    @hug.local(api=api)
    def checked(a: hug.types.number):
        return a

    assert checked("1") == 1
    assert checked("x") == {"errors": {"a": "Invalid whole number provided"}}
    assert outcomes == [
        (None, None, None),
        (None, {"errors": {"a": "Invalid whole number provided"}}, None),
    ]


def bang(value):
    """Appends a bang (a type that is not idempotent)."""
    return str(value) + "!"


def test_http_route_over_a_local_call_converts_each_input_once(api, http):
    # Matches hug 2.6.1: "x!" over HTTP and locally.
    @hug.get("/s", api=api)
    @hug.local(api=api)
    def s(a: bang):
        return a

    assert s("x") == "x!"
    assert http.get(api, "/s", a="x").data == "x!"


def test_local_over_an_http_route_converts_each_input_once(api, http):
    # Matches hug 2.6.1.
    @hug.local(api=api)
    @hug.get("/t", api=api)
    def t(a: bang):
        return a

    assert t("x") == "x!"
    assert http.get(api, "/t", a="x").data == "x!"
