"""The renderer behind the manifest tests must render as kustomize does, and
refuse what it does not know rather than render it wrongly."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from kustomize_lite import KustomizeError, build, merge  # noqa: E402

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"


def deployment(name, image="pix/a:latest"):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [
                                      {"name": "web", "image": image, "args": ["a", "b"],
                                       "env": [{"name": "A", "value": "1"}]},
                                      {"name": "sidecar", "image": "s:1"}]}}}}


def write(directory, files):
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        text = content if isinstance(content, str) else yaml.safe_dump_all(
            content if isinstance(content, list) else [content])
        (directory / name).write_text(text)
    return directory


def test_merge_follows_strategic_merge_rules():
    patch = {"spec": {"template": {"spec": {"containers": [
        {"name": "web", "args": ["c"], "env": [{"name": "B", "value": "2"}], "image": None}]}}}}
    merged = merge(deployment("a"), patch)
    web, sidecar = merged["spec"]["template"]["spec"]["containers"]
    assert web["args"] == ["c"]
    assert web["env"] == [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]
    assert "image" not in web
    assert sidecar == {"name": "sidecar", "image": "s:1"}
    assert merge({"volumes": [{"id": 0, "size": 1}]}, {"volumes": [{"id": 0}]}) == {"volumes": [{"id": 0}]}
    # Without a schema (custom resources) kustomize replaces even lists of named maps.
    custom = merge({"items": [{"name": "a"}, {"name": "b"}]}, {"items": [{"name": "b", "v": 1}]}, by_name=False)
    assert custom == {"items": [{"name": "b", "v": 1}]}


@pytest.mark.parametrize("patch", [
    {"spec": {"ports": [{"name": "http", "port": 81}]}},
    {"spec": {"$patch": "replace"}},
])
def test_merge_refuses_what_it_would_get_wrong(patch):
    with pytest.raises(KustomizeError):
        merge({"spec": {"ports": [{"name": "http", "port": 80}]}}, patch)


def test_build_applies_namespace_labels_patches_replicas_and_images(tmp_path):
    base = write(tmp_path / "base", {
        "kustomization.yaml": {"namespace": "pix", "labels": [{"pairs": {"team": "pix"}}],
                               "resources": ["all.yaml"]},
        "all.yaml": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "pix"}},
                     deployment("pix-a"), deployment("pix-ab", "registry:5000/pix/b:1")],
    })
    overlay = write(tmp_path / "overlay", {
        "kustomization.yaml": {
            "resources": ["../base"],
            "patches": [{"path": "p.yaml", "target": {"kind": "Deployment", "name": "pix-a"}}],
            "replicas": [{"name": "pix-ab", "count": 4}],
            "images": [{"name": "registry:5000/pix/b", "newTag": "2"}]},
        "p.yaml": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "any"},
                   "spec": {"replicas": 2}},
    })
    namespace, a, ab = build(base.parent / overlay.name)
    assert "namespace" not in namespace["metadata"]
    assert a["metadata"] == {"name": "pix-a", "namespace": "pix", "labels": {"team": "pix"}}
    assert a["spec"]["selector"] == {"matchLabels": {"app": "pix-a"}}
    assert a["spec"]["replicas"] == 2 and ab["spec"]["replicas"] == 4
    assert ab["spec"]["template"]["spec"]["containers"][0]["image"] == "registry:5000/pix/b:2"
    assert a["spec"]["template"]["spec"]["containers"][0]["image"] == "pix/a:latest"


@pytest.mark.parametrize("kustomization, extra", [
    ({"resources": ["d.yaml"], "commonLabels": {"a": "b"}}, {}),
    ({"resources": ["d.yaml", "d.yaml"]}, {}),
    ({"resources": ["d.yaml"], "replicas": [{"name": "nope", "count": 1}]}, {}),
    ({"resources": ["d.yaml"], "patches": [{"path": "p.yaml"}]},
     {"p.yaml": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nope"}}}),
    ({"resources": ["d.yaml"], "labels": [{"pairs": {"a": "b"}, "includeSelectors": True}]}, {}),
])
def test_build_refuses_what_kustomize_would_reject_or_this_renderer_lacks(tmp_path, kustomization, extra):
    write(tmp_path, {"kustomization.yaml": kustomization, "d.yaml": deployment("pix-a"), **extra})
    with pytest.raises(KustomizeError):
        build(tmp_path)


@pytest.mark.skipif(shutil.which("kustomize") is None, reason="needs the kustomize binary")
@pytest.mark.parametrize("tree", ["base", "overlays/local", "overlays/production"])
def test_renders_what_kustomize_renders(tree):
    output = subprocess.run(["kustomize", "build", str(K8S / tree)],
                            capture_output=True, text=True, check=True).stdout
    expected = {(o["kind"], o["metadata"]["name"]): o for o in yaml.safe_load_all(output)}
    assert {(o["kind"], o["metadata"]["name"]): o for o in build(K8S / tree)} == expected
