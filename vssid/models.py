"""Every area's models, imported so the shared metadata is complete (Alembic, tests)."""
from vssid.accounts import models as accounts_models  # noqa: F401
from vssid.card import models as card_models  # noqa: F401
from vssid.core.db import Base
from vssid.gateway import models as gateway_models  # noqa: F401
from vssid.news import models as news_models  # noqa: F401
from vssid.notifications import models as notifications_models  # noqa: F401
from vssid.outbound import models as outbound_models  # noqa: F401
from vssid.payments import models as payments_models  # noqa: F401
from vssid.eservices import models as eservices_models  # noqa: F401
from vssid.registry import models as registry_models  # noqa: F401
from vssid.staff import models as staff_models  # noqa: F401
from vssid.support import models as support_models  # noqa: F401

metadata = Base.metadata
