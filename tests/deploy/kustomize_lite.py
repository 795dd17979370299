"""A small `kustomize build` for the features deploy/k8s uses, so that the
manifest tests need no kubectl or kustomize binary.

Supported kustomization fields: resources (files and directories), namespace,
labels (pairs only, as kustomize does without includeSelectors), patches
(strategic merge, from a file, optionally with a target kind/name regex; of
the patch's metadata, its labels and annotations),
replicas and images. Anything else raises, so that a new feature in the
manifests cannot be silently ignored.

Strategic merge follows kustomize: maps merge and null deletes a key. In
Kubernetes' own kinds a list of maps that all carry `name` merges by name (the
patch's items first, then the others, as kustomize orders them); every other
list is replaced, and so is every list of a custom resource, whose schema
kustomize does not know. Lists that Kubernetes merges by another key are
refused rather than mis-merged.
"""

import copy
import re
from pathlib import Path

import yaml

SUPPORTED_FIELDS = {"apiVersion", "kind", "resources", "namespace", "labels",
                    "patches", "replicas", "images"}
CLUSTER_SCOPED_KINDS = {"Namespace"}
SCALABLE_KINDS = {"Deployment", "StatefulSet", "ReplicaSet"}
# Kubernetes merges these by a key other than `name` (containerPort, mountPath...).
OTHER_KEYED_LISTS = {"ports", "volumeMounts", "volumeDevices", "hostAliases",
                     "topologySpreadConstraints"}


class KustomizeError(Exception):
    pass


def build(path):
    """Render the kustomization directory at `path` into a list of resources."""
    root = Path(path)
    kustomization = _load_kustomization(root)
    resources = []
    for entry in kustomization.get("resources", []):
        target = root / entry
        resources.extend(build(target) if target.is_dir() else _load_documents(target))
    _check_unique(resources)
    for patch in kustomization.get("patches", []):
        _apply_patch(resources, root, patch)
    for replica in kustomization.get("replicas", []):
        _set_replicas(resources, replica)
    for image in kustomization.get("images", []):
        _set_image(resources, image)
    if "namespace" in kustomization:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED_KINDS:
                resource["metadata"]["namespace"] = kustomization["namespace"]
    for label in kustomization.get("labels", []):
        if set(label) != {"pairs"}:
            raise KustomizeError(f"labels supports only pairs, got {sorted(label)}")
        for resource in resources:
            resource["metadata"].setdefault("labels", {}).update(label["pairs"])
    return resources


def _load_kustomization(root):
    data = yaml.safe_load((root / "kustomization.yaml").read_text())
    unknown = set(data) - SUPPORTED_FIELDS
    if unknown:
        raise KustomizeError(f"{root}: unsupported kustomization fields {sorted(unknown)}")
    return data


def _load_documents(path):
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]


def _key(resource):
    return resource["kind"], resource["metadata"]["name"]


def _check_unique(resources):
    seen = set()
    for resource in resources:
        if _key(resource) in seen:
            raise KustomizeError(f"duplicate resource {_key(resource)}")
        seen.add(_key(resource))


def _apply_patch(resources, root, patch):
    if set(patch) - {"path", "target"}:
        raise KustomizeError(f"patches support only path and target, got {sorted(patch)}")
    documents = _load_documents(root / patch["path"])
    if len(documents) != 1:
        raise KustomizeError(f"{patch['path']}: one patch per file")
    body = documents[0]
    target = patch.get("target", {"kind": body["kind"], "name": body["metadata"]["name"]})
    if set(target) - {"kind", "name"}:
        raise KustomizeError(f"target supports only kind and name, got {sorted(target)}")
    name = re.compile(f"^(?:{target.get('name', '.*')})$")
    matched = [r for r in resources
               if r["kind"] == target["kind"] and name.match(r["metadata"]["name"])]
    if not matched:
        raise KustomizeError(f"{patch['path']}: no resource matches {target}")
    for resource in matched:
        changes = {k: v for k, v in body.items() if k not in ("apiVersion", "kind", "metadata")}
        # A patch may add labels and annotations; it never renames or moves its target.
        extra = {k: v for k, v in body.get("metadata", {}).items() if k in ("labels", "annotations")}
        if extra:
            changes["metadata"] = extra
        merged = merge(resource, changes, by_name=_is_builtin(resource))
        resource.clear()
        resource.update(merged)


def _is_builtin(resource):
    group = resource["apiVersion"].rpartition("/")[0]
    return "." not in group or group.endswith(".k8s.io")


def merge(base, patch, by_name=True):
    """Strategic merge of `patch` into a copy of `base`."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(base)
    for key, value in patch.items():
        if key.startswith("$"):
            raise KustomizeError(f"patch directive {key} is not supported")
        if value is None:
            result.pop(key, None)
        elif isinstance(value, list):
            result[key] = _merge_list(key, result.get(key), value, by_name)
        else:
            result[key] = merge(result.get(key), value, by_name)
    return result


def _merge_list(field, base, patch, by_name):
    maps = [item for item in (base or []) + patch if isinstance(item, dict)]
    if not by_name or not maps:
        return copy.deepcopy(patch)
    if field in OTHER_KEYED_LISTS:
        raise KustomizeError(f"patching the list {field!r} is not supported")
    if not all("name" in item for item in maps):
        return copy.deepcopy(patch)
    old = {item["name"]: item for item in base or []}
    merged = [merge(old[item["name"]], item) if item["name"] in old else copy.deepcopy(item)
              for item in patch]
    patched = {item["name"] for item in patch}
    return merged + [copy.deepcopy(item) for item in base or [] if item["name"] not in patched]


def _set_replicas(resources, replica):
    matched = [r for r in resources
               if r["kind"] in SCALABLE_KINDS and r["metadata"]["name"] == replica["name"]]
    if not matched:
        raise KustomizeError(f"replicas: no workload named {replica['name']}")
    for resource in matched:
        resource["spec"]["replicas"] = replica["count"]


def _set_image(resources, image):
    if set(image) - {"name", "newName", "newTag"}:
        raise KustomizeError(f"images supports name, newName and newTag, got {sorted(image)}")
    for container in _containers(resources):
        name, tag = container.get("image", ""), None
        if ":" in name.rsplit("/", 1)[-1]:
            name, tag = name.rsplit(":", 1)
        if name == image["name"]:
            name, tag = image.get("newName", name), image.get("newTag", tag)
            container["image"] = f"{name}:{tag}" if tag else name


def _containers(resources):
    for resource in resources:
        spec = resource.get("spec", {})
        pod = spec.get("template", {}).get("spec", {})
        yield from pod.get("initContainers", [])
        yield from pod.get("containers", [])
