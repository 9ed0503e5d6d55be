"""`@hug.static`: serving directories, jailed (Q29, docs/quirks.md#static-jail).

Where hug 2.6.1's behaviour is the expectation it was checked by running hug 2.6.1 over the same
directory layout, and the test says so; where hug 2.6.1 leaked files the test says that too.
"""

import pytest

import hug

NOT_FOUND_MESSAGE = (
    "The API call you tried to make was not defined. "
    "Here's a definition of the API to help you get going :)"
)


@pytest.fixture
def tree(tmp_path):
    """public/ (the root), public_old/ and outside/ (siblings that must never be served)."""
    public = tmp_path / "public"
    (public / "sub").mkdir(parents=True)
    (public / "hello.txt").write_text("hi")
    (public / "index.html").write_text("<h1>index</h1>")
    (public / "sub" / "style.css").write_text("body{}")
    (public / "sub" / "index.html").write_text("<h1>sub</h1>")
    (public / "data.json").write_text('{"a": 1}')
    (public / "empty").mkdir()
    (tmp_path / "public_old").mkdir()
    (tmp_path / "public_old" / "leak.txt").write_text("leak")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("secret")
    (public / "link.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (public / "linkdir").symlink_to(tmp_path / "outside", target_is_directory=True)
    return tmp_path


@pytest.fixture
def served(api, tree):
    @hug.static("/static", api=api)
    def files():
        return (str(tree / "public"),)

    return api


# serving files


@pytest.mark.parametrize(
    ("path", "content", "content_type"),
    [
        ("/static/hello.txt", b"hi", "text/plain"),
        ("/static/sub/style.css", b"body{}", "text/css"),
        ("/static/data.json", b'{"a": 1}', "application/json"),
    ],
    ids=["txt", "css", "json"],
)
def test_static_file_is_served_with_its_content_type(served, http, path, content, content_type):
    # Matches hug 2.6.1 (content types guessed from the extension).
    response = http.get(served, path)
    assert response.status == "200 OK"
    assert response.content == content
    assert response.headers_dict["content-type"] == content_type


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("/static", b"<h1>index</h1>"),
        ("/static/", b"<h1>index</h1>"),
        ("/static/sub", b"<h1>sub</h1>"),
    ],
    ids=["root_no_slash", "root_slash", "subdirectory"],
)
def test_directory_is_served_by_its_index_html(served, http, path, content):
    # Matches hug 2.6.1.
    response = http.get(served, path)
    assert response.status == "200 OK"
    assert response.content == content
    assert response.headers_dict["content-type"] == "text/html"


def test_static_serves_from_the_first_directory_that_has_the_file(api, http, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one.txt").write_text("from a")
    (tmp_path / "b" / "one.txt").write_text("from b")
    (tmp_path / "b" / "two.txt").write_text("only b")

    @hug.static("/s", api=api)
    def files():
        return (str(tmp_path / "a"), tmp_path / "b")

    assert http.get(api, "/s/one.txt").content == b"from a"
    assert http.get(api, "/s/two.txt").content == b"only b"


def test_large_static_file_is_served_whole(api, http, tmp_path):
    payload = bytes(range(256)) * 1024  # 256 KiB, more than one read chunk
    (tmp_path / "big.bin").write_bytes(payload)

    @hug.static("/s", api=api)
    def files():
        return (str(tmp_path),)

    response = http.get(api, "/s/big.bin")
    assert response.status == "200 OK"
    assert response.content == payload


# misses


@pytest.mark.parametrize(
    "path",
    ["/static/missing.txt", "/static/empty", "/static/sub/missing.css"],
    ids=["file", "directory_without_index", "nested"],
)
def test_static_miss_answers_the_apis_documentation_404(served, http, path):
    # hug 2.6.1 answered the documentation 404 for a missing file (an empty 404 for some escapes).
    response = http.get(served, path)
    assert response.status == "404 Not Found"
    assert response.headers_dict["content-type"] == "application/json; charset=utf-8"
    assert response.data["404"] == NOT_FOUND_MESSAGE


def test_static_miss_is_not_cached_like_a_file(api, http, tree):
    @hug.static("/static", api=api, cache=True)
    def files():
        return (str(tree / "public"),)

    response = http.get(api, "/static/missing.txt")
    assert response.status == "404 Not Found"
    assert "max-age=31536000" not in response.headers_dict.get("cache-control", "")


# the jail


ESCAPES = [
    "/static/../public_old/leak.txt",
    "/static/%2e%2e/public_old/leak.txt",
    "/static/%2e%2e%2fpublic_old/leak.txt",
    "/static/..%2fpublic_old/leak.txt",
    "/static/sub/../../public_old/leak.txt",
    "/static/../outside/secret.txt",
    "/static/%2e%2e/outside/secret.txt",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/link.txt",
    "/static/linkdir/secret.txt",
    "/static/hello.txt%00.png",
]
ESCAPE_IDS = [
    "dotdot_sibling_prefix",
    "encoded_dotdot",
    "encoded_dotdot_slash",
    "dotdot_encoded_slash",
    "nested_dotdot",
    "dotdot_outside",
    "encoded_dotdot_outside",
    "absolute",
    "encoded_absolute",
    "symlink_file",
    "symlink_directory",
    "nul_byte",
]


@pytest.mark.parametrize("path", ESCAPES, ids=ESCAPE_IDS)
def test_paths_leading_out_of_the_static_root_are_refused(served, http, path):
    # hug 2.6.1 served public_old/leak.txt for the first three (string-prefix jail) and the
    # symlinked secret; every escape is a 404 now.
    response = http.get(served, path)
    assert response.status == "404 Not Found"
    assert b"leak" not in response.content
    assert b"secret" not in response.content
    assert b"root:" not in response.content


def test_symlink_inside_the_root_to_a_file_inside_the_root_is_served(api, http, tree):
    public = tree / "public"
    (public / "alias.txt").symlink_to(public / "hello.txt")

    @hug.static("/static", api=api)
    def files():
        return (str(public),)

    assert http.get(api, "/static/alias.txt").content == b"hi"


def test_static_root_given_through_a_symlink_still_serves_its_files(api, http, tree):
    (tree / "via").symlink_to(tree / "public", target_is_directory=True)

    @hug.static("/static", api=api)
    def files():
        return (str(tree / "via"),)

    assert http.get(api, "/static/hello.txt").content == b"hi"
    assert http.get(api, "/static/../public_old/leak.txt").status == "404 Not Found"


def test_static_function_returning_one_directory_string_serves_only_that_directory(api, http, tree):
    # hug 2.6.1 served /etc/passwd for `return "/srv/public"`; a single directory must be
    # taken as one directory (or refused when the decorator runs), never as characters.
    public = str(tree / "public")
    try:

        @hug.static("/static", api=api)
        def files():
            return public

    except (TypeError, ValueError):
        return
    secret = str(tree / "outside" / "secret.txt").lstrip("/")
    assert http.get(api, "/static/" + secret).status == "404 Not Found"
    assert http.get(api, "/static/hello.txt").content == b"hi"


def test_static_function_may_return_path_objects(api, http, tree):
    @hug.static("/static", api=api)
    def files():
        return [tree / "public"]

    assert http.get(api, "/static/hello.txt").content == b"hi"


# caching (Q29)


def test_static_cache_true_sends_a_cache_control_header(api, http, tree):
    # hug 2.6.1 ignored cache= (Q29).
    @hug.static("/static", api=api, cache=True)
    def files():
        return (str(tree / "public"),)

    response = http.get(api, "/static/hello.txt")
    assert response.status == "200 OK"
    assert response.headers_dict["cache-control"] == "public, max-age=31536000"


def test_static_cache_settings_are_used_for_the_cache_control_header(api, http, tree):
    @hug.static("/static", api=api, cache={"max_age": 60})
    def files():
        return (str(tree / "public"),)

    assert http.get(api, "/static/hello.txt").headers_dict["cache-control"] == (
        "public, max-age=60"
    )


def test_static_without_cache_sends_no_cache_control_header(served, http):
    assert "cache-control" not in http.get(served, "/static/hello.txt").headers_dict


def test_static_rejects_an_invalid_cache_setting(api, tree):
    with pytest.raises(ValueError, match="cache"):

        @hug.static("/static", api=api, cache="forever")
        def files():
            return (str(tree / "public"),)
