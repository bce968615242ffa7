"""Celery tasks of the assistant: thin, they take ids and call the services."""

from nrtd.task_policies import job_task

# Both write their outcome to the database (the model's row, the links): no result is kept.


@job_task("recommendations.train_classifier", soft_time_limit=20 * 60, time_limit=25 * 60)
def train_classifier(run_id: int) -> None:
    from recommendations.assistant.training import classifier_train
    from recommendations.models import ClassifierModel

    classifier_train(ClassifierModel.objects.get(pk=run_id))


@job_task("recommendations.find_similar", soft_time_limit=20 * 60, time_limit=25 * 60)
def find_similar(review_id: int) -> dict:
    """Store repeats and similar ones for a review's recommendations (e.g. after an import)."""
    from recommendations.assistant.services import links_store
    from recommendations.models import Recommendation

    return links_store(recommendations=Recommendation.objects.filter(review_id=review_id))
