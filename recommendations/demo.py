"""Demo data of the registry: reference data, then a real State's recommendations."""

from recommendations.services.reference import load_reference


def seed(*, stdout) -> None:
    report = load_reference()
    stdout.write(f"reference data: {report}")
