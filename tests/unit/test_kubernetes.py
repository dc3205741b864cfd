"""The Kubernetes manifests (deploy/kubernetes) validate offline against Kubernetes' own schemas
(kubernetes-validate ships them), and they fit together: what the kustomization lists exists, the Service,
Ingress, autoscaler and disruption budget point at the Deployment, the probes ask Streamlit's health endpoint on
the port the Dockerfile exposes, the Ingress keeps a learner on one replica, and replicas share no state."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import latest_version

ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "deploy" / "kubernetes"
KUSTOMIZATION = yaml.safe_load((DIR / "kustomization.yaml").read_text())
MANIFESTS = {name: yaml.safe_load((DIR / name).read_text()) for name in KUSTOMIZATION["resources"]}


def by_kind(kind: str) -> dict:
    (found,) = [m for m in MANIFESTS.values() if m["kind"] == kind]
    return found


def test_the_kustomization_lists_every_manifest_and_nothing_else():
    assert KUSTOMIZATION["kind"] == "Kustomization"
    assert sorted(KUSTOMIZATION["resources"]) == sorted(p.name for p in DIR.glob("*.yaml")
                                                        if p.name != "kustomization.yaml")


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_each_manifest_validates_against_the_kubernetes_schemas(name):
    kubernetes_validate.validate(MANIFESTS[name], latest_version(), strict=True)


def test_a_broken_manifest_is_caught():
    """The check can fail: a misspelt field in the Deployment is refused."""
    broken = yaml.safe_load((DIR / "deployment.yaml").read_text())
    broken["spec"]["replica"] = broken["spec"].pop("replicas")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, latest_version(), strict=True)


def test_the_pieces_fit_together():
    deployment, service, ingress = by_kind("Deployment"), by_kind("Service"), by_kind("Ingress")
    hpa, pdb = by_kind("HorizontalPodAutoscaler"), by_kind("PodDisruptionBudget")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items() and pdb["spec"]["selector"]["matchLabels"] == labels
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert hpa["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"


def test_the_container_is_probed_on_streamlits_health_endpoint_at_the_dockerfiles_port():
    (container,) = by_kind("Deployment")["spec"]["template"]["spec"]["containers"]
    assert "EXPOSE 8501" in (ROOT / "Dockerfile").read_text()
    assert container["ports"][0]["containerPort"] == 8501
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    assert {"requests", "limits"} <= container["resources"].keys()


def test_a_learner_stays_on_one_replica_and_replicas_share_nothing():
    notes = by_kind("Ingress")["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # WebSockets stay open
    pod = by_kind("Deployment")["spec"]["template"]["spec"]
    assert "volumes" not in pod and not any(m["kind"] == "PersistentVolumeClaim" for m in MANIFESTS.values())
