# gunicorn -c gateway/gunicorn.conf.py 'pix_gateway.app:create_app()'
#
# Two listeners: PIX_BIND, the public port (the ingress's), and PIX_INTERNAL_BIND, the
# cluster's (metrics, readiness: docs/adr/0007-gateway-edge.md). The app tells them apart by
# the port a connection came in on.
import os

from pixkit.web.serving import gunicorn_settings

globals().update(gunicorn_settings("gateway"))
if os.environ.get("PIX_INTERNAL_BIND"):
    bind = [bind, os.environ["PIX_INTERNAL_BIND"]]  # noqa: F821 - set just above by gunicorn_settings
