import factory

from werkroute.audit import services
from werkroute.audit.models import AuditAction, AuditChainHead, AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    """An entry written as the application writes one, through ``audit.services.record``, so that the
    chain of hashes stays whole."""

    class Meta:
        model = AuditEvent

    action = AuditAction.VIEW
    object_type = "client"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        services.record(kwargs.pop("action"), **kwargs)
        return model_class.objects.order_by("-id").first()


class AuditChainHeadFactory(factory.django.DjangoModelFactory):
    """The head of the chain: there is one, made by the first entry."""

    class Meta:
        model = AuditChainHead

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not model_class.objects.exists():
            AuditEventFactory()
        return model_class.objects.get()
