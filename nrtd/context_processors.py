from django.conf import settings

import nrtd


def site(request):
    return {"NRTD_VERSION": nrtd.__version__, "DEBUG": settings.DEBUG}
