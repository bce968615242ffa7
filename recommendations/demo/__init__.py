"""Demo data of the registry and the follow-up, loaded by ``manage.py seed_demo``."""


def seed(*, stdout) -> None:
    from recommendations.demo.registry import seed as seed_registry

    seed_registry(stdout=stdout)
