"""The one validator of return-to targets: only a path of this site survives (issue 8)."""
import pytest
from pix_gateway.web.safe_paths import is_safe_local_path, safe_local_path

LOCAL = ["/", "/connexion", "/mes-tests?info=reset", "/evaluation/abc-123/bilan", "/administration?id=u-1&info=roles",
         "/recherche?q=caf%C3%A9", "/a%2Fb", "/javascript:alert(1)", "/profil#section", "/é"]

HOSTILE = [
    # another site, plainly or scheme-relative
    "https://evil.test", "http:/evil.test", "javascript:alert(1)", "data:text/html,x", "//evil.test", "///evil.test",
    "evil.test", "", "?next=/", "#x",
    # what browsers turn into "//": tab, line breaks, backslashes
    "/\t/evil.test", "/%09/evil.test", "/\r\n/x", "/%0d%0ax", "/%0a/evil.test", "/\\evil.test", "/%5cevil.test",
    "\\\\evil.test", "/\\/evil.test", "/x\\y", "/%5C", "/x%5cy",
    # "//" hidden behind percent-encoding, once or twice
    "/%2fevil.test", "/%2Fevil.test", "/%252fevil.test", "/%25252fevil.test", "%2f%2fevil.test",
    # whitespace or invisible characters anywhere
    " /x", "/x y", "/x%20y", "/x\u00a0y", "/x\u3000y", "/x\x00", "/x%00", "/x\u202e", "/x%E2%80%AE", "/x\u2028",
    "/x\x7f", "/%ED%A0%80", "/x\ud800",
    # not text at all
    None, 42, ["/"], "/" + "a" * 3000,
]


@pytest.mark.parametrize("target", LOCAL)
def test_a_path_of_this_site_is_kept(target):
    assert is_safe_local_path(target) and safe_local_path(target) == target


@pytest.mark.parametrize("target", HOSTILE)
def test_anything_else_falls_back(target):
    assert not is_safe_local_path(target)
    assert safe_local_path(target) == "/" and safe_local_path(target, fallback="/mon-compte") == "/mon-compte"
